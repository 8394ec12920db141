//! The asset-recovery script: one full reload, never a loop, when a built file fails to load.
//!
//! A tab that loaded build A can ask for a file no server has any more (a page chunk after a
//! deploy without the build history, an entry script sent to a server of another build
//! without a load balancer that retries): the module import rejects and the page would stay
//! blank or the visit fail. The script, written before the Vite tags of every built page,
//! turns that into a full page load, the way laravel-vite-plugin users are told to handle
//! Vite's `vite:preloadError`:
//!
//! - a page chunk that fails during an Inertia `GET` visit loads the visit's URL in full (the
//!   server has answered it; reloading the old page would lose the visit), otherwise the
//!   current page is reloaded;
//! - a `<script>` or `<link>` under the build's base that fails (the entry, a stylesheet, a
//!   module preload of a page chunk) does the same: the visit's URL during a visit, else the
//!   current page;
//! - at most once per 10 seconds per tab (`sessionStorage`): if the reload does not help, the
//!   error stays visible instead of reloading for ever.
//!
//! In development (the Vite dev server) the script is not written: HMR handles changes.

/// The script's code; `"__BASE__"` is replaced with the JSON string of the build's base.
/// Plain ES5 so that it runs before anything else, in any browser that runs the app.
const SCRIPT: &str = concat!(
    "(function(){",
    "var key=\"inertia-axum:asset-reload\",base=new URL(\"__BASE__\",location.href).href,pending=null;",
    // One reload per 10 s per tab; without sessionStorage (disabled storage), none.
    "function reload(to){try{var last=Number(sessionStorage.getItem(key))||0;",
    "if(Date.now()-last<10000)return;sessionStorage.setItem(key,String(Date.now()))}catch(e){return}",
    "if(to)location.assign(to);else location.reload()}",
    // The URL of the Inertia GET visit under way (not a prefetch), where a failed page chunk
    // should take the tab.
    "document.addEventListener(\"inertia:start\",function(e){var v=e.detail&&e.detail.visit;",
    "pending=v&&String(v.method).toLowerCase()===\"get\"&&!v.prefetch?String(v.url):null});",
    "document.addEventListener(\"inertia:finish\",function(){pending=null});",
    "addEventListener(\"vite:preloadError\",function(){reload(pending)});",
    // Load errors of elements do not bubble: listen in the capture phase.
    "addEventListener(\"error\",function(e){var t=e.target,u=t&&(t.src||t.href);",
    "if(u&&(t.tagName===\"SCRIPT\"||t.tagName===\"LINK\")&&String(u).indexOf(base)===0)reload(pending)},true)",
    "})();",
);

/// The `<script>` element, with `nonce` when the page has one (a Content-Security-Policy with
/// `'nonce-…'` sources), for the build served under `base`.
pub(crate) fn script_tag(base: &str, nonce: Option<&str>) -> String {
    // The base as a JS string literal that cannot end the script element: JSON, with `<`
    // escaped (`</script>` cannot appear), and U+2028/U+2029 escaped by serde_json already
    // being valid in JS strings since ES2019 (escaped anyway for older engines).
    let literal = serde_json::to_string(base)
        .unwrap_or_else(|_| "\"/\"".to_owned())
        .replace('<', "\\u003c")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    let code = SCRIPT.replace("\"__BASE__\"", &literal);
    let mut tag = String::with_capacity(code.len() + 64);
    tag.push_str("<script");
    if let Some(nonce) = nonce {
        tag.push_str(" nonce=\"");
        tag.push_str(&inertia_vite::html::escape(nonce));
        tag.push('"');
    }
    tag.push('>');
    tag.push_str(&code);
    tag.push_str("</script>\n");
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_cannot_end_the_script() {
        let tag = script_tag("/b</script><script>alert(1)//\u{2028}/", Some("n\"x"));
        assert!(
            tag.starts_with("<script nonce=\"n&quot;x\">(function(){"),
            "{tag}"
        );
        assert_eq!(tag.matches("</script>").count(), 1, "{tag}");
        assert!(
            tag.contains(
                "new URL(\"/b\\u003c/script>\\u003cscript>alert(1)//\\u2028/\",location.href)"
            ),
            "{tag}"
        );
        assert!(tag.ends_with("})();</script>\n"));
    }

    #[test]
    fn without_a_nonce() {
        let tag = script_tag("https://cdn.example/app/", None);
        assert!(tag.starts_with("<script>(function(){"));
        assert!(tag.contains("new URL(\"https://cdn.example/app/\",location.href)"));
    }
}
