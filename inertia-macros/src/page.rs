//! `#[inertia_page("Component")]`: parse → check → rewrite the handler.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{
    AttrStyle, FnArg, GenericArgument, Item, ItemFn, LitStr, PathArguments, ReturnType, Token, Type,
};

use crate::component;
use crate::paths;

/// `#[inertia_page(..)]` on `item`; on an error, the caller adds the item as written.
pub(crate) fn try_expand(
    args: TokenStream,
    item: TokenStream,
    env: &dyn Fn(&str) -> Option<String>,
) -> syn::Result<TokenStream> {
    let args = parse_args(args);
    let handler = parse_handler(item);
    match (args, handler) {
        (Ok(args), Ok(handler)) => {
            // A component without a file is reported, and the handler still rewritten, so
            // that the router using it compiles and this is the only error.
            match component::check(&args.component, args.pages.as_ref(), env) {
                Ok(checked) => Ok(rewrite(&args, &checked, handler)),
                Err(error) => {
                    let mut tokens = error.into_compile_error();
                    tokens.extend(rewrite(&args, &component::Checked::default(), handler));
                    Ok(tokens)
                }
            }
        }
        (Err(mut a), Err(b)) => {
            a.combine(b);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// The attribute's arguments.
pub(crate) struct PageArgs {
    pub(crate) component: LitStr,
    /// `ssr = false`: never server-side rendered.
    pub(crate) ssr: bool,
    /// `pages = "frontend/src/Pages"`: check the component exists there (instead of the
    /// `[package.metadata.inertia]` setting).
    pub(crate) pages: Option<LitStr>,
}

const OPTIONS: &str = "`ssr = false`, `pages = \"frontend/src/Pages\"`";

const USAGE: &str = "`#[inertia_page(\"Dashboard\")]`";

pub(crate) fn parse_args(args: TokenStream) -> syn::Result<PageArgs> {
    if args.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            format!(
                "`#[inertia_page]` needs the name of the page component to render, e.g. {USAGE}"
            ),
        ));
    }
    let parser = |input: ParseStream<'_>| -> syn::Result<PageArgs> {
        let component = match input.parse::<LitStr>() {
            Ok(lit) => lit,
            Err(_) => {
                let bad: TokenStream = input.parse()?;
                return Err(syn::Error::new_spanned(
                    bad,
                    format!("the page component name must be a string literal, e.g. {USAGE}"),
                ));
            }
        };
        component::check_component_name(&component)?;
        let mut args = PageArgs {
            component,
            ssr: true,
            pages: None,
        };
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let _: Token![,] = input.parse()?;
            if input.is_empty() {
                break;
            }
            let Ok(name) = input.fork().parse::<syn::Ident>() else {
                let extra: TokenStream = input.parse()?;
                return Err(syn::Error::new_spanned(
                    extra,
                    format!(
                        "unexpected argument: after the page component name, `#[inertia_page]` takes options ({OPTIONS}), e.g. {USAGE}"
                    ),
                ));
            };
            let _: syn::Ident = input.parse()?;
            let option = name.to_string();
            if option != "ssr" && option != "pages" {
                return Err(syn::Error::new_spanned(
                    &name,
                    format!("unknown `#[inertia_page]` option `{name}`; the options are {OPTIONS}"),
                ));
            }
            if seen.contains(&option) {
                return Err(syn::Error::new_spanned(
                    &name,
                    format!("`{name}` is given more than once"),
                ));
            }
            seen.push(option.clone());
            let example = if option == "ssr" {
                "`ssr = false`"
            } else {
                "`pages = \"frontend/src/Pages\"`"
            };
            let _: Token![=] = input.parse().map_err(|_| {
                syn::Error::new_spanned(&name, format!("`{name}` takes a value: {example}"))
            })?;
            if option == "ssr" {
                let value: syn::LitBool = input.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`ssr` takes `true` or `false`, e.g. `ssr = false`",
                    )
                })?;
                args.ssr = value.value;
            } else {
                let value: LitStr = input.parse().map_err(|e| {
                    syn::Error::new(
                        e.span(),
                        "`pages` takes the directory of the page components as a string literal, e.g. `pages = \"frontend/src/Pages\"`",
                    )
                })?;
                args.pages = Some(value);
            }
        }
        Ok(args)
    };
    parser.parse2(args)
}

fn parse_handler(item: TokenStream) -> syn::Result<ItemFn> {
    let item: Item = syn::parse2(item)?;
    let Item::Fn(handler) = item else {
        return Err(syn::Error::new(
            item_name_span(&item),
            "`#[inertia_page]` can only be applied to an `async fn` axum handler",
        ));
    };
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    if handler.sig.asyncness.is_none() {
        push(syn::Error::new_spanned(
            handler.sig.fn_token,
            "`#[inertia_page]` handlers must be `async fn`s: write `async fn`",
        ));
    }
    if let Some(receiver) = handler.sig.receiver() {
        push(syn::Error::new_spanned(
            receiver,
            "`#[inertia_page]` handlers cannot take `self`: axum handlers are free functions (or associated functions without a receiver)",
        ));
    }
    if let Some(variadic) = &handler.sig.variadic {
        push(syn::Error::new_spanned(
            variadic,
            "`#[inertia_page]` handlers cannot be variadic",
        ));
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(handler),
    }
}

/// The span of an item's name (or of the whole item when it has none).
fn item_name_span(item: &Item) -> Span {
    match item {
        Item::Struct(i) => i.ident.span(),
        Item::Enum(i) => i.ident.span(),
        Item::Union(i) => i.ident.span(),
        Item::Trait(i) => i.ident.span(),
        Item::Type(i) => i.ident.span(),
        Item::Const(i) => i.ident.span(),
        Item::Static(i) => i.ident.span(),
        Item::Mod(i) => i.ident.span(),
        Item::Impl(i) => i.self_ty.span(),
        other => other.span(),
    }
}

/// How the handler's return type is treated.
enum Output<'a> {
    /// Props or a `Page` (or nothing: `()`).
    Props(&'a Type),
    /// `…Result<Props, E>`: `Err` becomes the response.
    Result(&'a Type),
    /// `impl Trait`: cannot be named, so it is not pinned.
    Opaque(&'a Type),
    /// No `->`.
    Unit,
}

fn classify(output: &ReturnType) -> Output<'_> {
    let ty = match output {
        ReturnType::Default => return Output::Unit,
        ReturnType::Type(_, ty) => &**ty,
    };
    match ty {
        Type::ImplTrait(_) => Output::Opaque(ty),
        Type::Path(path) if path.qself.is_none() => {
            let Some(last) = path.path.segments.last() else {
                return Output::Props(ty);
            };
            // `Result<T, E>`, `std::result::Result<T, E>`, `anyhow::Result<T>`,
            // `axum::response::Result<T>`, and aliases spelled `…Result<T>`.
            let has_type_args = matches!(&last.arguments, PathArguments::AngleBracketed(args)
                if args.args.iter().any(|a| matches!(a, GenericArgument::Type(_))));
            if last.ident.to_string().ends_with("Result") && has_type_args {
                Output::Result(ty)
            } else {
                Output::Props(ty)
            }
        }
        _ => Output::Props(ty),
    }
}

/// Where to report a bad `T` and a bad `E` of `…Result<T, E>`: at those type arguments when
/// they are written out, else at the whole return type.
fn result_arg_spans(ty: &Type) -> (Span, Span) {
    let whole = ty.span();
    let Type::Path(path) = ty else {
        return (whole, whole);
    };
    let Some(PathArguments::AngleBracketed(args)) = path.path.segments.last().map(|s| &s.arguments)
    else {
        return (whole, whole);
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t.span()),
        _ => None,
    });
    let ok = types.next().unwrap_or(whole);
    let err = types.next().unwrap_or(whole);
    (ok, err)
}

fn rewrite(args: &PageArgs, checked: &component::Checked, handler: ItemFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
        ..
    } = handler;
    let (outer, inner): (Vec<_>, Vec<_>) = attrs
        .into_iter()
        .partition(|a| matches!(a.style, AttrStyle::Outer));

    // Generated locals are hygienic: the handler body cannot see or shadow them.
    let hygienic = Span::mixed_site();
    let request = format_ident!("__inertia_request", span = hygienic);
    let output_var = format_ident!("__inertia_output", span = hygienic);
    let hint = format_ident!("__INERTIA_SIZE_HINT", span = hygienic);

    let private = paths::private(Span::call_site());
    let component = &args.component;
    let output = classify(&sig.output);

    let body_future = match &output {
        Output::Props(ty) | Output::Result(ty) => {
            quote_spanned!(ty.span()=> #private::pin_output::<#ty, _>(async move #block))
        }
        Output::Unit => quote!(#private::pin_output::<(), _>(async move #block)),
        Output::Opaque(_) => quote!(async move #block),
    };
    // The render call is written with our hygienic locals *located* at the handler's return
    // type (or its `T`): rustc reports an unsatisfied bound of a call at its argument and at
    // the call itself, so every error about the props type lands on that type.
    let render_fn = if args.ssr {
        format_ident!("render")
    } else {
        format_ident!("render_without_ssr")
    };
    let render = |span: Span| {
        let at = hygienic.located_at(span);
        let private = paths::private(at);
        let request = format_ident!("__inertia_request", span = at);
        let hint = format_ident!("__INERTIA_SIZE_HINT", span = at);
        let output = format_ident!("__inertia_output", span = at);
        let render_fn = format_ident!("{}", render_fn, span = at);
        // The page is made through the public trait, so an error about the props type names
        // `IntoPage` and not the private function after it.
        quote_spanned!(at=> #private::#render_fn(#request, #component, &#hint, ::inertia_runtime::IntoPage::into_page(#output)).await)
    };
    let respond = match &output {
        Output::Result(ty) => {
            let (ok_span, err_span) = result_arg_spans(ty);
            let ok = format_ident!("__inertia_output", span = hygienic.located_at(ok_span));
            let err = format_ident!("__inertia_error", span = hygienic.located_at(err_span));
            let into_outcome = quote_spanned!(hygienic.located_at(err_span)=> ::inertia_runtime::PageError::into_outcome);
            let rendered = render(ok_span);
            quote! {
                match #output_var {
                    ::core::result::Result::Ok(#ok) => #rendered,
                    ::core::result::Result::Err(#err) => {
                        #private::error_response(#request, #into_outcome(#err)).await
                    }
                }
            }
        }
        Output::Props(ty) | Output::Opaque(ty) => render(ty.span()),
        Output::Unit => render(Span::call_site()),
    };

    let syn::Signature {
        constness,
        asyncness,
        safety,
        abi,
        fn_token,
        ident,
        generics,
        inputs,
        ..
    } = sig;
    let (_, _, where_clause) = generics.split_for_impl();
    let params = &generics.params;
    let params = if params.is_empty() {
        quote!()
    } else {
        quote!(<#params>)
    };
    let inputs = inputs.iter().map(|arg| match arg {
        FnArg::Typed(t) => t.to_token_stream(),
        FnArg::Receiver(r) => r.to_token_stream(),
    });

    let tracking = checked.tracking_tokens();
    let registration = typescript_registration(component, &output, &generics);
    quote! {
        #(#outer)*
        #vis #constness #asyncness #safety #abi #fn_token #ident #params (
            #request: #private::InertiaRequest,
            #(#inputs),*
        ) -> #private::Response #where_clause {
            #(#inner)*
            #tracking
            #registration
            let #output_var = #body_future.await;
            // Items ignore `mixed_site` hygiene, so the static lives in a block that does not
            // enclose the handler body, where the body cannot see or clash with it.
            {
                static #hint: #private::SizeHint = #private::SizeHint::new();
                #respond
            }
        }
    }
}

/// With the `typescript` feature: registers the page's component and props type for
/// `inertia_runtime::typescript`. Not for generic handlers or props types naming `Self`,
/// which a registration (an item) cannot name.
fn typescript_registration(
    component: &LitStr,
    output: &Output<'_>,
    generics: &syn::Generics,
) -> TokenStream {
    if !cfg!(feature = "typescript")
        || generics
            .params
            .iter()
            .any(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
    {
        return TokenStream::new();
    }
    let private = paths::private(Span::call_site());
    let props = match output {
        Output::Unit => quote!(#private::no_props),
        Output::Opaque(_) => quote!(#private::unknown_props),
        Output::Props(ty) => props_fn(ty),
        Output::Result(ty) => match result_ok_type(ty) {
            Some(ok) => props_fn(ok),
            None => quote!(#private::unknown_props),
        },
    };
    if props.is_empty() {
        return props;
    }
    quote! {
        #private::inventory::submit! {
            #private::PageType::new(#component, #props)
        }
    }
}

/// A `fn() -> Visit` naming `T`'s TypeScript type, or `no_props` for `()`; nothing for a
/// type that mentions `Self`.
fn props_fn(ty: &Type) -> TokenStream {
    if matches!(ty, Type::Tuple(t) if t.elems.is_empty()) {
        let private = paths::private(Span::call_site());
        return quote!(#private::no_props);
    }
    let mentions_self = ty
        .to_token_stream()
        .into_iter()
        .any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "Self"));
    if mentions_self {
        return TokenStream::new();
    }
    let private = paths::private(Span::call_site());
    // Resolved at this concrete type: a TypeScript name if it has one, else `unknown`.
    quote! {
        || {
            #[allow(unused_imports)]
            use #private::{ProbePage as _, ProbeUntyped as _};
            (&&&#private::Probe::<#ty>::new()).page()
        }
    }
}

/// The `T` of `…Result<T, E>`.
fn result_ok_type(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn expand_ok(args: TokenStream, item: TokenStream) -> ItemFn {
        let out = try_expand(args, item, &no_env).unwrap();
        syn::parse2(out).unwrap()
    }

    fn err(args: TokenStream, item: TokenStream) -> String {
        match try_expand(args, item, &no_env) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    /// Rust only writes variadic functions in `extern` blocks, so no test project can hold
    /// one; the check still speaks for itself.
    #[test]
    fn variadic_handlers_are_refused() {
        let e = err(
            quote!("Home"),
            quote!(
                async fn home(a: u8, ...) {}
            ),
        );
        assert!(
            e.contains("`#[inertia_page]` handlers cannot be variadic"),
            "{e}"
        );
    }

    #[test]
    fn keeps_attributes_visibility_generics_and_extractor_order() {
        let f = expand_ok(
            quote!("Users/Show"),
            quote! {
                /// Docs.
                #[allow(clippy::foo)]
                pub(crate) async fn show<S: Clone>(State(s): State<S>, Path(id): Path<u32>, body: String) -> Props
                where S: Send {
                    todo!()
                }
            },
        );
        let docs: Vec<_> = f
            .attrs
            .iter()
            .map(|a| a.path().to_token_stream().to_string())
            .collect();
        assert_eq!(docs, ["doc", "allow"]);
        assert_eq!(f.vis.to_token_stream().to_string(), "pub (crate)");
        assert!(f.sig.asyncness.is_some());
        assert_eq!(f.sig.generics.params.len(), 1);
        assert!(f.sig.generics.where_clause.is_some());
        let args: Vec<_> = f
            .sig
            .inputs
            .iter()
            .map(|a| a.to_token_stream().to_string())
            .collect();
        assert_eq!(args.len(), 4);
        assert!(args[0].starts_with("__inertia_request"), "{}", args[0]);
        assert!(args[0].contains("InertiaRequest"));
        assert_eq!(args[1], "State (s) : State < S >");
        assert_eq!(args[2], "Path (id) : Path < u32 >");
        assert_eq!(args[3], "body : String");
        let ret = f.sig.output.to_token_stream().to_string();
        assert!(
            ret.contains(":: inertia_runtime :: __private :: Response"),
            "{ret}"
        );
    }

    #[test]
    fn result_return_types_are_detected() {
        let r = |ty: TokenStream| {
            let rt: ReturnType = syn::parse2(quote!(-> #ty)).unwrap();
            match classify(&rt) {
                Output::Result(_) => "result",
                Output::Props(_) => "props",
                Output::Opaque(_) => "opaque",
                Output::Unit => "unit",
            }
        };
        assert_eq!(r(quote!(Result<P, E>)), "result");
        assert_eq!(r(quote!(std::result::Result<P, E>)), "result");
        assert_eq!(r(quote!(anyhow::Result<P>)), "result");
        assert_eq!(r(quote!(AppResult<P>)), "result");
        assert_eq!(r(quote!(Props)), "props");
        assert_eq!(r(quote!(Page<Props>)), "props");
        assert_eq!(r(quote!(ResultsPage)), "props");
        assert_eq!(r(quote!(impl serde::Serialize)), "opaque");
        assert!(matches!(classify(&ReturnType::Default), Output::Unit));
    }

    #[test]
    fn argument_errors() {
        let f = quote!(
            async fn f() {}
        );
        assert!(err(quote!(), f.clone()).contains("needs the name of the page component"));
        assert!(err(quote!(Dashboard), f.clone()).contains("must be a string literal"));
        assert!(err(quote!(42), f.clone()).contains("must be a string literal"));
        assert!(err(quote!(""), f.clone()).contains("is empty"));
        assert!(err(quote!(" "), f.clone()).contains("is empty"));
        assert!(err(quote!(" Home"), f.clone()).contains("whitespace"));
        assert!(err(quote!("A", "B"), f.clone()).contains("unexpected argument"));
        assert!(
            err(quote!("A", bogus = true), f.clone())
                .contains("unknown `#[inertia_page]` option `bogus`")
        );
        assert!(err(quote!("A", ssr), f.clone()).contains("`ssr` takes a value"));
        assert!(err(quote!("A", ssr = "no"), f.clone()).contains("`true` or `false`"));
        assert!(err(quote!("A", ssr = false, ssr = true), f.clone()).contains("more than once"));
        assert!(try_expand(quote!("A",), f.clone(), &no_env).is_ok());
        assert!(err(quote!("A", pages), f.clone()).contains("`pages` takes a value"));
        assert!(err(quote!("A", pages = 1), f.clone()).contains("string literal"));
        assert!(err(quote!("A", pages = "a", pages = "b"), f.clone()).contains("more than once"));
        let out = try_expand(quote!("A", ssr = false), f, &no_env)
            .unwrap()
            .to_string();
        assert!(out.contains("render_without_ssr"), "{out}");
    }

    #[test]
    fn item_errors() {
        assert!(
            err(
                quote!("A"),
                quote!(
                    fn f() {}
                )
            )
            .contains("must be `async fn`s")
        );
        assert!(
            err(
                quote!("A"),
                quote!(
                    struct S;
                )
            )
            .contains("can only be applied to an `async fn`")
        );
        assert!(
            err(
                quote!("A"),
                quote!(
                    async fn f(&self) {}
                )
            )
            .contains("cannot take `self`")
        );
    }

    #[test]
    fn the_component_is_checked_against_the_crate_setting() {
        let dir = std::env::temp_dir().join(format!("inertia-macros-page-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("Pages")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[package.metadata.inertia]\npages = \"Pages\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("Pages/Home.tsx"), "").unwrap();
        let dir_text = dir.to_str().unwrap().to_owned();
        let env = move |name: &str| (name == "CARGO_MANIFEST_DIR").then(|| dir_text.clone());
        let f = quote!(
            async fn f() {}
        );
        let out = try_expand(quote!("Home"), f.clone(), &env)
            .unwrap()
            .to_string();
        assert!(
            out.contains("Home.tsx"),
            "the component file is tracked: {out}"
        );
        assert!(out.contains("Cargo.toml"), "the setting is tracked: {out}");
        let out = try_expand(quote!("Hone"), f, &env).unwrap().to_string();
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("did you mean `Home`?"), "{out}");
        assert!(out.contains("InertiaRequest"), "still rewritten: {out}");
    }

    #[cfg(feature = "typescript")]
    #[test]
    fn pages_register_their_props_type_unless_generic() {
        let out = |item: TokenStream| try_expand(quote!("A"), item, &no_env).unwrap().to_string();
        let plain = out(quote!(
            async fn f() -> Result<Props, E> {}
        ));
        assert!(plain.contains("inventory :: submit"), "{plain}");
        assert!(plain.contains("Probe :: < Props >"), "the Ok type: {plain}");
        let unit = out(quote!(
            async fn f() {}
        ));
        assert!(unit.contains("no_props"), "{unit}");
        let generic = out(quote!(
            async fn f<S>(s: State<S>) -> Props {}
        ));
        assert!(!generic.contains("inventory"), "{generic}");
        let with_self = out(quote!(
            async fn f() -> Page<Self> {}
        ));
        assert!(!with_self.contains("inventory"), "{with_self}");
    }

    #[test]
    fn argument_and_item_errors_are_reported_together() {
        let e = match try_expand(
            quote!(""),
            quote!(
                fn f() {}
            ),
            &no_env,
        ) {
            Err(e) => e,
            Ok(_) => panic!(),
        };
        assert_eq!(e.into_iter().count(), 2);
    }
}
