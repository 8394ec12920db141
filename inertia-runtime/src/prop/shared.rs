//! Shared props: registered once on the layer, added to every page (under the page's own).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use http::request::Parts;
use serde::Serialize;

use super::{Field, PropValue, PropsError};

/// A boxed [`PropValue`], so values of different types can share a list.
pub(crate) trait DynPropValue: Send {
    fn write_dyn<'f>(
        self: Box<Self>,
        field: Field<'f, '_>,
    ) -> Pin<Box<dyn Future<Output = Result<(), PropsError>> + Send + 'f>>;
}

impl<T: PropValue + 'static> DynPropValue for T {
    fn write_dyn<'f>(
        self: Box<Self>,
        field: Field<'f, '_>,
    ) -> Pin<Box<dyn Future<Output = Result<(), PropsError>> + Send + 'f>> {
        Box::pin((*self).write_prop(field))
    }
}

/// The future of one per-request shared prop.
pub(crate) type Pending = Pin<Box<dyn Future<Output = Box<dyn DynPropValue>> + Send>>;

type Make = dyn Fn(&Parts) -> Pending + Send + Sync;

/// One registered shared prop.
#[derive(Clone)]
pub(crate) enum SharedDef {
    /// A value serialized once, at startup.
    Static {
        key: Cow<'static, str>,
        json: Arc<[u8]>,
    },
    /// A closure run for each request that renders a page.
    PerRequest {
        key: Cow<'static, str>,
        make: Arc<Make>,
    },
}

impl std::fmt::Debug for SharedDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SharedDef::Static { key, json } => f
                .debug_struct("Static")
                .field("key", key)
                .field("json", &String::from_utf8_lossy(json))
                .finish(),
            SharedDef::PerRequest { key, .. } => {
                f.debug_struct("PerRequest").field("key", key).finish()
            }
        }
    }
}

impl SharedDef {
    pub(crate) fn key(&self) -> &str {
        match self {
            SharedDef::Static { key, .. } | SharedDef::PerRequest { key, .. } => key,
        }
    }

    pub(crate) fn value<T: Serialize>(
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        Ok(SharedDef::Static {
            key,
            json: serde_json::to_vec(value)?.into(),
        })
    }

    pub(crate) fn per_request<F, Fut, V>(key: Cow<'static, str>, make: F) -> Self
    where
        F: Fn(&Parts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = V> + Send + 'static,
        V: PropValue + 'static,
    {
        SharedDef::PerRequest {
            key,
            make: Arc::new(move |parts: &Parts| -> Pending {
                let future = make(parts);
                Box::pin(async move { Box::new(future.await) as Box<dyn DynPropValue> })
            }),
        }
    }
}

/// A shared value serialized at startup: written as is (escaped for where the page goes).
pub(crate) struct RawJson<'a>(pub(crate) &'a [u8]);

impl PropValue for RawJson<'_> {
    fn write_prop(
        self,
        field: Field<'_, '_>,
    ) -> impl Future<Output = Result<(), PropsError>> + Send {
        if field.passes_filter(false) {
            field.write_raw_json(self.0);
        }
        std::future::ready(Ok(()))
    }
}

/// A per-request shared value (`share_with`): its future only runs if the prop is sent. (Not
/// a deferred prop: it is sent with the page, or not at all.)
pub(crate) struct PerRequest(pub(crate) Pending);

impl PropValue for PerRequest {
    async fn write_prop(self, field: Field<'_, '_>) -> Result<(), PropsError> {
        if !field.passes_filter(false) {
            return Ok(());
        }
        // The value may be a `Prop` with a kind of its own (optional, deferred, once…): it
        // decides again at the same path, as a closure returning a prop type does in Laravel.
        let value = self.0.await;
        value.write_dyn(field).await
    }
}
