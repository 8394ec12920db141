//! `#[derive(Props)]`: a struct whose fields are props (plain values or `Prop<T>`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr, Type};

const FIELD_OPTIONS: &str =
    "`rename = \"…\"`, `skip`, `skip_if = \"path\"`, `flatten`, `ts_type = \"…\"`, `ts_required`";
const RENAME_RULES: [&str; 8] = [
    "lowercase",
    "UPPERCASE",
    "PascalCase",
    "camelCase",
    "snake_case",
    "SCREAMING_SNAKE_CASE",
    "kebab-case",
    "SCREAMING-KEBAB-CASE",
];

/// `#[derive(Props)]` on `input`.
pub(crate) fn try_expand(input: TokenStream) -> syn::Result<TokenStream> {
    syn::parse2::<DeriveInput>(input).and_then(|input| derive(&input))
}

/// One field of the struct, as the derive writes it.
struct FieldSpec {
    ident: syn::Ident,
    ty: Type,
    key: String,
    skip: bool,
    skip_if: Option<syn::ExprPath>,
    flatten: bool,
    /// `ts_type = "…"`: the field's TypeScript type, written out (for a type without one).
    ts_type: Option<LitStr>,
    /// `ts_required`: a `Prop<T>` the component always has (lazy, scroll, merge props are in
    /// the first load and kept by the client on partial reloads), not optional in TypeScript.
    ts_required: bool,
}

fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`#[derive(Props)]` needs a struct with named fields (each field is one prop)",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            input.ident.span(),
            "`#[derive(Props)]` needs a struct with named fields (each field is one prop)",
        ));
    };
    let rename_all = container_rename_all(input)?;
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    let mut fields = Vec::new();
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        match field_spec(field, ident, rename_all) {
            Ok(spec) => fields.push(spec),
            Err(e) => push(e),
        }
    }
    let mut seen: Vec<(&str, &syn::Ident)> = Vec::new();
    for f in fields.iter().filter(|f| !f.skip && !f.flatten) {
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == f.key) {
            push(syn::Error::new(
                f.ident.span(),
                format!(
                    "two props are named `{}` (this field and `{first}`); rename one with `#[prop(rename = \"…\")]`",
                    f.key
                ),
            ));
        } else {
            seen.push((&f.key, &f.ident));
        }
    }
    if let Some(e) = errors {
        return Err(e);
    }
    Ok(generate(input, &fields))
}

fn container_rename_all(input: &DeriveInput) -> syn::Result<Option<&'static str>> {
    let mut rule = None;
    // `#[prop(rename_all = "…")]`, like the field attribute. `#[props(…)]` (an earlier name)
    // stays a registered attribute so its use gets this message rather than rustc's "cannot
    // find attribute".
    if let Some(old) = input.attrs.iter().find(|a| a.path().is_ident("props")) {
        return Err(syn::Error::new_spanned(
            old.path(),
            "`#[props(…)]` is written `#[prop(…)]`, on the struct as on its fields: `#[prop(rename_all = \"camelCase\")]`",
        ));
    }
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("prop")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let value: LitStr = meta.value()?.parse()?;
                match RENAME_RULES.iter().find(|r| **r == value.value()) {
                    Some(r) => rule = Some(*r),
                    None => {
                        return Err(syn::Error::new(
                            value.span(),
                            format!(
                                "unknown `rename_all` rule {:?}; expected one of {}",
                                value.value(),
                                RENAME_RULES.map(|r| format!("\"{r}\"")).join(", ")
                            ),
                        ));
                    }
                }
                Ok(())
            } else {
                Err(meta.error(
                    "unknown option on the struct; `#[prop(rename_all = \"…\")]` is the one struct option (field options go on the fields)",
                ))
            }
        })?;
    }
    Ok(rule)
}

fn field_spec(
    field: &syn::Field,
    ident: syn::Ident,
    rename_all: Option<&str>,
) -> syn::Result<FieldSpec> {
    let name = ident.unraw().to_string();
    let mut spec = FieldSpec {
        key: rename_all.map_or_else(|| name.clone(), |rule| rename(&name, rule)),
        ident,
        ty: field.ty.clone(),
        skip: false,
        skip_if: None,
        flatten: false,
        ts_type: None,
        ts_required: false,
    };
    let mut renamed = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("prop")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: LitStr = meta.value()?.parse()?;
                if value.value().is_empty() {
                    return Err(syn::Error::new(value.span(), "a prop name cannot be empty"));
                }
                spec.key = value.value();
                renamed = true;
            } else if meta.path.is_ident("skip") {
                spec.skip = true;
            } else if meta.path.is_ident("flatten") {
                spec.flatten = true;
            } else if meta.path.is_ident("ts_required") {
                spec.ts_required = true;
            } else if meta.path.is_ident("ts_type") {
                let value: LitStr = meta.value()?.parse()?;
                if value.value().trim().is_empty() {
                    return Err(syn::Error::new(value.span(), "`ts_type` takes a TypeScript type, e.g. `ts_type = \"string | null\"`"));
                }
                spec.ts_type = Some(value);
            } else if meta.path.is_ident("skip_if") {
                let value: LitStr = meta.value()?.parse()?;
                spec.skip_if = Some(value.parse().map_err(|_| {
                    syn::Error::new(value.span(), "`skip_if` takes the path of a function `fn(&T) -> bool`, e.g. `skip_if = \"Option::is_none\"`")
                })?);
            } else {
                return Err(meta.error(format!("unknown `#[prop]` option; expected one of {FIELD_OPTIONS}")));
            }
            Ok(())
        })?;
    }
    if spec.flatten && spec.ts_type.is_some() {
        return Err(syn::Error::new(
            spec.ident.span(),
            "a `flatten`ed field has no type of its own in TypeScript: `ts_type` does not apply",
        ));
    }
    if spec.flatten && (spec.skip_if.is_some() || renamed) {
        return Err(syn::Error::new(
            spec.ident.span(),
            "a `flatten`ed field has no name of its own: `rename` and `skip_if` do not apply",
        ));
    }
    Ok(spec)
}

/// Applies a serde-style `rename_all` rule to a snake_case field name.
pub(crate) fn rename(name: &str, rule: &str) -> String {
    let words: Vec<&str> = name.split('_').filter(|w| !w.is_empty()).collect();
    let capitalize = |w: &str| {
        let mut chars = w.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    };
    match rule {
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "PascalCase" => words.iter().map(|w| capitalize(w)).collect(),
        "camelCase" => words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 {
                    (*w).to_owned()
                } else {
                    capitalize(w)
                }
            })
            .collect(),
        "SCREAMING_SNAKE_CASE" => name.to_uppercase(),
        "kebab-case" => name.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => name.replace('_', "-").to_uppercase(),
        _ => name.to_owned(),
    }
}

fn generate(input: &DeriveInput, fields: &[FieldSpec]) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let hygienic = Span::mixed_site();
    let writer = format_ident!("__inertia_writer", span = hygienic);
    let field_writer = format_ident!("__inertia_field", span = hygienic);

    // Generic structs need bounds on their field types; for others, a missing bound is
    // reported at the field's type by the call below.
    let mut where_clause = where_clause.cloned();
    if !input.generics.params.is_empty() {
        let clause = where_clause.get_or_insert_with(|| syn::parse_quote!(where));
        for f in fields.iter().filter(|f| !f.skip) {
            let ty = &f.ty;
            if f.flatten {
                clause
                    .predicates
                    .push(syn::parse_quote!(#ty: ::inertia_runtime::Props));
            } else {
                clause
                    .predicates
                    .push(syn::parse_quote!(#ty: ::inertia_runtime::PropValue));
            }
        }
        clause
            .predicates
            .push(syn::parse_quote!(Self: ::core::marker::Send));
    }

    let bindings = fields.iter().map(|f| {
        let ident = &f.ident;
        let binding = format_ident!("__inertia_{}", f.ident.unraw(), span = hygienic);
        if f.skip {
            quote!(#ident: _)
        } else {
            quote!(#ident: #binding)
        }
    });
    let writes = fields.iter().filter(|f| !f.skip).map(|f| {
        let at = hygienic.located_at(f.ty.span());
        let binding = format_ident!("__inertia_{}", f.ident.unraw(), span = at);
        let writer = format_ident!("__inertia_writer", span = at);
        let key = &f.key;
        let write = if f.flatten {
            quote_spanned!(at=> ::inertia_runtime::__private::flatten(#writer, #binding).await?;)
        } else {
            quote_spanned!(at=> ::inertia_runtime::__private::field(#writer, #key, #binding).await?;)
        };
        match &f.skip_if {
            Some(skip_if) => quote!(if !#skip_if(&#binding) { #write }),
            None => write,
        }
    });
    let typescript = typescript(input, fields);
    quote! {
        #typescript

        #[automatically_derived]
        impl #impl_generics ::inertia_runtime::Props for #name #ty_generics #where_clause {
            fn write_props(
                self,
                #writer: &mut ::inertia_runtime::__private::PropsWriter<'_>,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<(), ::inertia_runtime::PropsError>,
            > + ::core::marker::Send {
                async move {
                    let #name { #(#bindings,)* } = self;
                    #(#writes)*
                    ::core::result::Result::Ok(())
                }
            }
        }

        #[automatically_derived]
        impl #impl_generics ::inertia_runtime::PropValue for #name #ty_generics #where_clause {
            fn write_prop(
                self,
                #field_writer: ::inertia_runtime::__private::Field<'_, '_>,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<(), ::inertia_runtime::PropsError>,
            > + ::core::marker::Send {
                ::inertia_runtime::__private::write_object(#field_writer, self)
            }
        }
    }
}

/// With the `typescript` feature: `impl ts_rs::TS`, so pages and props structs nested in
/// others have a TypeScript type whose keys are the prop names (after `rename_all`) and
/// whose `Prop<T>` fields are optional. A field type without a TypeScript type is written
/// as `unknown` with a note (the exporter reports it) rather than breaking the build, so the
/// feature stays additive. Generic structs get none. Flattened fields must have one.
fn typescript(input: &DeriveInput, fields: &[FieldSpec]) -> TokenStream {
    if !cfg!(feature = "typescript") || !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    let name = &input.ident;
    let ts_name = name.unraw().to_string();
    let private = quote!(::inertia_runtime::__private);
    let ts = quote!(#private::ts_rs);
    let plain = fields.iter().filter(|f| !f.skip && !f.flatten).map(|f| {
        let key = &f.key;
        let skippable = f.skip_if.is_some();
        let field = match &f.ts_type {
            Some(literal) => quote! {
                #private::TsField { key: #key, optional: #skippable, ty: ::std::string::String::from(#literal) }
            },
            None => {
                let ty = &f.ty;
                quote!((&&&#private::Probe::<#ty>::new()).field(cfg, #key, #skippable))
            }
        };
        if f.ts_required {
            quote!(#private::TsField { optional: false, ..#field })
        } else {
            field
        }
    });
    let flattened = fields.iter().filter(|f| !f.skip && f.flatten).map(|f| {
        let ty = &f.ty;
        quote_spanned!(ty.span()=> <#ty as #ts::TS>::inline_flattened(cfg))
    });
    let dependencies = fields
        .iter()
        .filter(|f| !f.skip && f.ts_type.is_none())
        .map(|f| {
            let ty = &f.ty;
            if f.flatten {
                quote_spanned!(ty.span()=> <#ty as #ts::TS>::visit_dependencies(v);)
            } else {
                quote!((&&&#private::Probe::<#ty>::new()).visit_field(v);)
            }
        });
    quote! {
        #[automatically_derived]
        impl #ts::TS for #name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;

            fn ident(_: &#ts::Config) -> ::std::string::String {
                ::std::string::String::from(#ts_name)
            }

            fn name(_: &#ts::Config) -> ::std::string::String {
                ::std::string::String::from(#ts_name)
            }

            fn decl(cfg: &#ts::Config) -> ::std::string::String {
                ::std::format!("type {} = {};", #ts_name, <Self as #ts::TS>::inline(cfg))
            }

            fn decl_concrete(cfg: &#ts::Config) -> ::std::string::String {
                <Self as #ts::TS>::decl(cfg)
            }

            fn inline(cfg: &#ts::Config) -> ::std::string::String {
                #[allow(unused_imports)]
                use #private::{ProbeField as _, ProbeUntyped as _, ProbeUntypedProp as _};
                let _ = cfg;
                #private::ts_object(&[#(#plain),*], &[#(#flattened),*])
            }

            fn inline_flattened(cfg: &#ts::Config) -> ::std::string::String {
                <Self as #ts::TS>::inline(cfg)
            }

            fn visit_dependencies(v: &mut impl #ts::TypeVisitor)
            where
                Self: 'static,
            {
                #[allow(unused_imports)]
                use #private::{ProbeField as _, ProbeUntyped as _, ProbeUntypedProp as _};
                let _ = &v;
                #(#dependencies)*
            }

            fn output_path() -> ::core::option::Option<::std::path::PathBuf> {
                ::core::option::Option::Some(::std::path::PathBuf::from(::std::format!("{}.ts", #ts_name)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn err(input: TokenStream) -> String {
        match syn::parse2::<DeriveInput>(input).and_then(|i| derive(&i)) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn rename_rules() {
        assert_eq!(rename("user_name", "camelCase"), "userName");
        assert_eq!(rename("user_name", "PascalCase"), "UserName");
        assert_eq!(rename("user_name", "kebab-case"), "user-name");
        assert_eq!(rename("user_name", "SCREAMING_SNAKE_CASE"), "USER_NAME");
        assert_eq!(rename("user_name", "SCREAMING-KEBAB-CASE"), "USER-NAME");
        assert_eq!(rename("user_name", "lowercase"), "user_name");
        assert_eq!(rename("user_name", "UPPERCASE"), "USER_NAME");
        assert_eq!(rename("a", "camelCase"), "a");
    }

    #[test]
    fn errors() {
        assert!(
            err(quote!(
                enum E {
                    A,
                }
            ))
            .contains("named fields")
        );
        assert!(
            err(quote!(
                struct T(u8);
            ))
            .contains("named fields")
        );
        assert!(
            err(quote!(
                struct S {
                    #[prop(bogus)]
                    a: u8,
                }
            ))
            .contains("unknown `#[prop]` option")
        );
        assert!(
            err(quote!(
                #[prop(rename_all = "Camel")]
                struct S {
                    a: u8,
                }
            ))
            .contains("unknown `rename_all` rule")
        );
        assert!(
            err(quote!(
                struct S {
                    a: u8,
                    #[prop(rename = "a")]
                    b: u8,
                }
            ))
            .contains("two props are named `a`")
        );
        assert!(
            err(quote!(
                struct S {
                    #[prop(rename = "")]
                    a: u8,
                }
            ))
            .contains("cannot be empty")
        );
        assert!(
            err(quote!(
                struct S {
                    #[prop(skip_if = "1 +")]
                    a: u8,
                }
            ))
            .contains("skip_if")
        );
        assert!(
            err(quote!(
                struct S {
                    #[prop(flatten, rename = "x")]
                    a: u8,
                }
            ))
            .contains("flatten")
        );
        assert!(
            err(quote!(
                struct S {
                    #[prop(flatten, ts_type = "X")]
                    a: u8,
                }
            ))
            .contains("`ts_type` does not apply")
        );
        assert!(
            err(quote!(
                struct S {
                    #[prop(ts_type = " ")]
                    a: u8,
                }
            ))
            .contains("takes a TypeScript type")
        );
    }

    #[test]
    fn generates_both_impls() {
        let out = derive(
            &syn::parse2(quote!(
                struct S {
                    a: u8,
                    #[prop(skip)]
                    b: u8,
                }
            ))
            .unwrap(),
        )
        .unwrap()
        .to_string();
        assert!(out.contains("impl :: inertia_runtime :: Props for S"));
        assert!(out.contains("impl :: inertia_runtime :: PropValue for S"));
        assert!(out.contains("\"a\""));
        assert!(!out.contains("\"b\""));
    }
}
