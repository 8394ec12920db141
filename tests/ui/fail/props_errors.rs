//! Every compile error of `#[derive(Props)]`, each at the span it names.

use inertia_runtime::Props;

#[derive(Props)]
enum NotAStruct {
    A,
}

#[derive(Props)]
struct Tuple(u8);

#[derive(Props)]
struct UnknownOption {
    #[prop(bogus)]
    a: u8,
}

#[derive(Props)]
#[prop(rename_all = "Camel")]
struct UnknownRenameRule {
    a: u8,
}

#[derive(Props)]
#[props(rename_all = "camelCase")]
struct OldAttributeName {
    a: u8,
}

#[derive(Props)]
#[prop(skip)]
struct OptionOnTheStruct {
    a: u8,
}

#[derive(Props)]
struct TwoNamesAlike {
    a: u8,
    #[prop(rename = "a")]
    b: u8,
}

#[derive(Props)]
struct EmptyName {
    #[prop(rename = "")]
    a: u8,
}

#[derive(Props)]
struct SkipIfNotAPath {
    #[prop(skip_if = "1 +")]
    a: u8,
}

#[derive(Props)]
struct FlattenRenamed {
    #[prop(flatten, rename = "x")]
    a: Inner,
}

#[derive(Props)]
struct FlattenTyped {
    #[prop(flatten, ts_type = "X")]
    a: Inner,
}

#[derive(Props)]
struct BlankTsType {
    #[prop(ts_type = " ")]
    a: u8,
}

#[derive(serde::Serialize)]
struct Inner {
    x: u8,
}

fn main() {}
