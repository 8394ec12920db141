//! Web APIs the shim ([`super::engine::SHIM`]) implements in Rust rather than in JavaScript,
//! because renders call them often and QuickJS interprets.
//!
//! - **`URL`.** Inertia's `<Link>` parses its `href` against a base on every render
//!   (`mergeDataIntoQueryString`), so a page with twenty links parses twenty URLs. In
//!   JavaScript that took a fifth of the demo's `/tasks` render, 31 µs per `new URL`; with
//!   the [`url`] crate (Servo's parser of the WHATWG URL standard) it takes 3 µs, most of it
//!   passing strings between the engine and Rust (`scripts/ssr-profile.sh`,
//!   docs/performance.md). It is also exact where the old JavaScript parser approximated
//!   (IDNA hosts, IPv4 and IPv6 addresses, every setter).
//!
//! They are global functions the shim's `URL` class calls (`__inertiaUrl`,
//! `__inertiaUrlSet`), so the class's shape (getters, `searchParams`, `instanceof`) stays in
//! JavaScript. The rest of the shim measured too little per render to be worth moving
//! (`TextEncoder`, called about once per render, costs 15 µs of a 3 ms render).

use rquickjs::{Ctx, Function};
use url::Url;

/// The parts of a URL as the shim's `URL` reads them, in this order: `href`, `protocol`,
/// `username`, `password`, `host`, `hostname`, `port`, `pathname`, `search`, `hash`,
/// `origin`.
type Parts = [String; 11];

/// Defines the native functions on `ctx`'s global object; run before the shim.
pub(super) fn define(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    globals.set(
        "__inertiaUrl",
        Function::new(
            ctx.clone(),
            |input: String, base: rquickjs::function::Opt<String>| {
                parse(&input, base.0.as_deref()).map(Vec::from)
            },
        )?,
    )?;
    globals.set(
        "__inertiaUrlSet",
        Function::new(ctx.clone(), |href: String, part: String, value: String| {
            set(&href, &part, &value).map(Vec::from)
        })?,
    )?;
    Ok(())
}

/// `new URL(input, base)`: the parts, or `None` (the shim throws a `TypeError`).
pub(super) fn parse(input: &str, base: Option<&str>) -> Option<Parts> {
    let url = match base {
        Some(base) => Url::parse(base).ok()?.join(input).ok()?,
        None => Url::parse(input).ok()?,
    };
    Some(parts(&url))
}

/// A setter of `URL` (`href`, `protocol`, `username`, `password`, `host`, `hostname`,
/// `port`, `pathname`, `search`, `hash`) on the URL `href`: the parts after it. As the
/// standard says, a value a setter cannot use leaves the URL as it was; only `href` fails
/// (`None`: the shim throws a `TypeError`).
pub(super) fn set(href: &str, part: &str, value: &str) -> Option<Parts> {
    use url::quirks;
    let mut url = Url::parse(href).ok()?;
    // The setters' `Err(())` means "ignored", which is the standard's behaviour.
    let _ = match part {
        "href" => {
            url = Url::parse(value).ok()?;
            Ok(())
        }
        "protocol" => quirks::set_protocol(&mut url, value),
        "username" => quirks::set_username(&mut url, value),
        "password" => quirks::set_password(&mut url, value),
        "host" => quirks::set_host(&mut url, value),
        "hostname" => quirks::set_hostname(&mut url, value),
        "port" => quirks::set_port(&mut url, value),
        "pathname" => {
            quirks::set_pathname(&mut url, value);
            Ok(())
        }
        "search" => {
            quirks::set_search(&mut url, value);
            Ok(())
        }
        "hash" => {
            quirks::set_hash(&mut url, value);
            Ok(())
        }
        _ => Err(()),
    };
    Some(parts(&url))
}

fn parts(url: &Url) -> Parts {
    use url::quirks;
    [
        quirks::href(url).to_owned(),
        quirks::protocol(url).to_owned(),
        quirks::username(url).to_owned(),
        quirks::password(url).to_owned(),
        quirks::host(url).to_owned(),
        quirks::hostname(url).to_owned(),
        quirks::port(url).to_owned(),
        quirks::pathname(url).to_owned(),
        quirks::search(url).to_owned(),
        quirks::hash(url).to_owned(),
        quirks::origin(url),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_relative_to_a_base_as_inertia_links_do() {
        let p = parse("/tasks?status=done", Some("http://localhost")).unwrap();
        assert_eq!(p[0], "http://localhost/tasks?status=done");
        assert_eq!(p[7], "/tasks");
        assert_eq!(p[8], "?status=done");
        assert_eq!(p[10], "http://localhost");
        assert!(parse("/relative", None).is_none());
        assert!(parse("x", Some("not a base")).is_none());
    }

    #[test]
    fn setters_follow_the_standard() {
        let href = "http://h:8080/a?b#c";
        assert_eq!(
            set(href, "search", "q=a b").unwrap()[0],
            "http://h:8080/a?q=a%20b#c"
        );
        assert_eq!(set(href, "hash", "").unwrap()[0], "http://h:8080/a?b");
        assert_eq!(set(href, "pathname", "x y").unwrap()[7], "/x%20y");
        // A port out of range is ignored, not an error.
        assert_eq!(set(href, "port", "99999").unwrap()[6], "8080");
        assert!(set(href, "href", "nope").is_none());
    }
}
