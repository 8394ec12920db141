//! The page object, written straight into the response buffer: component, props (the page's
//! own, the shared ones, `errors`), url, version, the metadata keys and `flash`, in the order
//! Laravel writes them (its `PropsResolver` and `Response::toArray`).

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::ValidationErrors;
use crate::json::JsonOut;
use crate::page::Page;
use crate::prop::meta::Metadata;
use crate::prop::partial::{Partial, PropsHeaders};
use crate::prop::shared::{Pending, PerRequest, RawJson, SharedDef};
use crate::prop::{Overridden, Props, PropsError, PropsWriter};
use crate::request::InertiaRequest;
use crate::settings::Settings;
use crate::visit::{DEFAULT_BAG, VisitState};
use crate::wire::url::RequestUrl;

impl InertiaRequest {
    /// What writing the page reads from this request.
    pub(super) fn context(&self) -> PageContext<'_> {
        PageContext {
            settings: &self.settings,
            partial: self.visit.partial.as_deref().unwrap_or(&PropsHeaders::NONE),
            incoming: self.incoming.as_deref(),
            url: self.visit.page_url(&self.uri),
            is_inertia: self.visit.inertia,
        }
    }
}

/// Writes the page object: `{"component":…,"props":{…},"url":…,"version":…}` and the
/// metadata keys that apply, in the order Laravel writes them.
pub(super) async fn write_page<P: Props>(
    out: &mut JsonOut,
    req: &PageContext<'_>,
    mut pending: PendingShared,
    component: &str,
    version: &str,
    page: Page<P>,
) -> Result<(), PropsError> {
    let settings = req.settings;
    let partial = Partial::new(req.partial, component, req.is_inertia);
    let mut meta = Metadata::default();
    let mut path = String::new();
    let mut overridden = Overridden::default();
    let incoming = req.incoming;

    // Constant keys as bytes (the page is escaped as a whole for HTML afterwards).
    out.raw(b"{\"component\":");
    out.string(component);
    out.raw(b",\"props\":{");
    {
        let keys: &[Box<str>] = &settings.shared_keys;
        let mut w = PropsWriter::new(
            out,
            &partial,
            &mut meta,
            &mut path,
            Some((keys, &mut overridden)),
        );
        page.props.write_props(&mut w).await?;
        // Shared props after the page's, unless the page has a prop of the same name.
        for (i, def) in settings.shared_props.iter().enumerate() {
            if w.defines_shared(i) {
                continue;
            }
            match def {
                SharedDef::Static { key, json } => w.shared_field(key, RawJson(json)).await?,
                SharedDef::PerRequest { key, .. } => {
                    if let Some(future) = pending.take(i) {
                        w.shared_field(key, PerRequest(future)).await?;
                    }
                }
            }
        }
        let errors_index = settings.shared_keys.len() - 1;
        if !settings.errors_shared_explicitly && !w.defines_shared(errors_index) {
            let errors = Errors {
                state: incoming,
                bag: partial.error_bag,
                all: settings.all_errors,
            };
            w.shared_field("errors", crate::prop::value(errors).always())
                .await?;
        }
    }
    out.raw(b"},\"url\":");
    // Written straight from the request's parts; never fails for a Display of &strs.
    let _ = (&mut out.serializer()).collect_str(&req.url);
    out.raw(b",\"version\":");
    out.string(version);

    out.raw(&settings.shared_props_json);
    meta.write(out);
    if page.clear_history || incoming.is_some_and(|s| s.clear_history) {
        out.raw(b",\"clearHistory\":true");
    }
    if page.encrypt_history.unwrap_or(settings.encrypt_history) {
        out.raw(b",\"encryptHistory\":true");
    }
    let incoming_flash = incoming.map(|s| &s.flash).filter(|f| !f.is_empty());
    if incoming_flash.is_some() || !page.flash.is_empty() {
        out.raw(b",");
        out.key("flash");
        let flash = Flash {
            incoming: incoming_flash,
            page: &page.flash,
        };
        out.value(&flash).map_err(PropsError::serialize)?;
    }
    if page.preserve_fragment || incoming.is_some_and(|s| s.preserve_fragment) {
        out.raw(b",\"preserveFragment\":true");
    }
    out.raw(b"}");
    Ok(())
}

/// What writing a page reads from the request. Only shared references to `Sync` data, so the
/// rendering future stays `Send` (the request also holds the boxed per-request shared
/// futures, which are only `Send`).
pub(super) struct PageContext<'a> {
    settings: &'a Settings,
    partial: &'a PropsHeaders,
    incoming: Option<&'a VisitState>,
    url: RequestUrl<'a>,
    is_inertia: bool,
}

/// The per-request shared futures, taken by index as their props are written.
pub(super) struct PendingShared(pub(super) Vec<(usize, Pending)>);

impl PendingShared {
    fn take(&mut self, index: usize) -> Option<Pending> {
        let at = self.0.iter().position(|(i, _)| *i == index)?;
        Some(self.0.swap_remove(at).1)
    }
}

/// The `errors` prop: `{}` without errors; the default bag's fields (nested under the
/// `X-Inertia-Error-Bag` name when the request sends one); otherwise every bag by name.
struct Errors<'a> {
    state: Option<&'a VisitState>,
    bag: Option<&'a str>,
    all: bool,
}

impl Serialize for Errors<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(bags) = self.state.map(|s| &s.errors).filter(|b| !b.is_empty()) else {
            return serializer.serialize_map(Some(0))?.end();
        };
        let fields = |errors| Fields {
            errors,
            all: self.all,
        };
        match (bags.get(DEFAULT_BAG), self.bag) {
            (Some(default), Some(name)) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(name, &fields(default))?;
                map.end()
            }
            (Some(default), None) => fields(default).serialize(serializer),
            (None, _) => {
                let mut map = serializer.serialize_map(Some(bags.len()))?;
                for (name, errors) in bags {
                    map.serialize_entry(name, &fields(errors))?;
                }
                map.end()
            }
        }
    }
}

struct Fields<'a> {
    errors: &'a ValidationErrors,
    all: bool,
}

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = self.errors.fields();
        let mut map = serializer.serialize_map(Some(fields.len()))?;
        for (field, messages) in fields {
            if self.all {
                map.serialize_entry(field, messages)?;
            } else {
                map.serialize_entry(field, messages.first().map_or("", String::as_str))?;
            }
        }
        map.end()
    }
}

/// The page's `flash`: what the previous visit flashed, then this page's own.
struct Flash<'a> {
    incoming: Option<&'a serde_json::Map<String, serde_json::Value>>,
    page: &'a [(String, Box<serde_json::value::RawValue>)],
}

impl Serialize for Flash<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(incoming) = self.incoming {
            let own = |key: &str| self.page.iter().any(|(k, _)| k == key);
            for (key, value) in incoming.iter().filter(|(k, _)| !own(k)) {
                map.serialize_entry(key, value)?;
            }
        }
        for (key, value) in self.page {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
