//! A page whose props have no TypeScript type still compiles with the `typescript` feature
//! (it is additive: turning it on never breaks a crate), and the exporter names what is
//! missing. In its own test binary: every page of a binary is exported.

mod untyped {
    use inertia_runtime::prop::Prop;
    use inertia_runtime::{Props, inertia_page};

    #[derive(serde::Serialize)]
    pub(super) struct NoTs {
        pub(super) a: u8,
    }

    #[derive(Props)]
    pub(super) struct Partly {
        pub(super) typed: u8,
        pub(super) untyped: Prop<NoTs>,
        pub(super) plain: NoTs,
    }

    #[inertia_page("Partly")]
    pub(super) async fn partly() -> Partly {
        unimplemented!()
    }
}

use inertia_runtime::typescript::TypeScript;

#[test]
fn types_without_a_typescript_type_compile_and_are_named_by_the_exporter() {
    let _ = untyped::partly;
    // The untyped page is registered in this binary, so the strict render refuses …
    let error = TypeScript::new().render().unwrap_err().to_string();
    assert!(error.contains("`Partly`"), "{error}");
    assert!(error.contains("untyped::NoTs"), "{error}");
    assert!(error.contains("derive `ts_rs::TS`"), "{error}");
    // … and the lenient one writes `unknown` with a note, keeping `Prop` fields optional.
    let ts = TypeScript::new().allow_untyped().render().unwrap();
    let line = ts
        .lines()
        .find(|l| l.starts_with("export type Partly"))
        .unwrap();
    assert!(
        line.contains("typed: number, untyped?: unknown /* `"),
        "{line}"
    );
    assert!(line.contains("plain: unknown /* `"), "{line}");
}
