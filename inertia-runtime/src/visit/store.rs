//! [`VisitStore`]: where what one visit leaves for the next is kept. The layer loads it
//! before the handler and saves it after; two stores come with the crate, the encrypted
//! cookie ([`CookieStore`](super::CookieStore), the default) and a tower-sessions session
//! ([`SessionStore`](super::SessionStore), feature `tower-sessions`).

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use http::{Extensions, HeaderMap, HeaderValue};

use super::{VisitOutcome, VisitState};

/// Where the state one visit leaves for the next (flash data, validation errors, old input,
/// history flags) is kept. Give one to
/// [`InertiaConfig::visit_store`](crate::InertiaConfig::visit_store).
///
/// A store that answers at once (a cookie) returns [`Load::ready`] and [`Saved::done`], and
/// costs the request nothing more; one that must wait (a session in Redis) returns futures,
/// which the layer awaits before the handler runs and before the response leaves.
///
/// ```
/// use inertia_runtime::visit::{Handle, Load, Saved, Saving, VisitOutcome, VisitState, VisitStore};
/// use std::sync::Mutex;
///
/// /// Every visitor shares one slot: only good for a test.
/// #[derive(Debug, Default)]
/// struct OneSlot(Mutex<Option<VisitState>>);
///
/// impl VisitStore for OneSlot {
///     fn load(&self, _: &http::HeaderMap, _: &http::Extensions) -> Load {
///         Load::ready(self.0.lock().unwrap().clone(), Handle::none())
///     }
///
///     fn save(&self, saving: Saving<'_>) -> Saved {
///         match saving.outcome {
///             VisitOutcome::Keep(state) => *self.0.lock().unwrap() = Some(state),
///             VisitOutcome::Clear => *self.0.lock().unwrap() = None,
///             _ => {}
///         }
///         Saved::done()
///     }
/// }
///
/// let inertia = inertia_runtime::InertiaConfig::new()
///     .visit_store(OneSlot::default())
///     .into_layer()
///     .unwrap();
/// # let _ = inertia;
/// ```
pub trait VisitStore: Send + Sync + fmt::Debug + 'static {
    /// The state the request carries (before the handler), and a [`Handle`] for
    /// [`save`](Self::save) (a session, say; [`Handle::none`] when nothing is needed).
    fn load(&self, headers: &HeaderMap, extensions: &Extensions) -> Load;

    /// Applies [`Saving::outcome`] (after the handler): sets a cookie in the response's
    /// headers, or writes a store.
    fn save(&self, saving: Saving<'_>) -> Saved;
}

type Loading = Pin<Box<dyn Future<Output = (Option<VisitState>, Handle)> + Send>>;

/// What [`VisitStore::load`] gives: the state now, or a future of it.
#[must_use]
pub struct Load(pub(crate) LoadState);

pub(crate) enum LoadState {
    Ready(Option<VisitState>, Handle),
    Pending(Loading),
}

impl Load {
    /// The state, known now.
    pub fn ready(state: Option<VisitState>, handle: Handle) -> Self {
        Load(LoadState::Ready(state, handle))
    }

    /// The state, once `future` completes (the handler waits for it).
    pub fn pending(
        future: impl Future<Output = (Option<VisitState>, Handle)> + Send + 'static,
    ) -> Self {
        Load(LoadState::Pending(Box::pin(future)))
    }
}

impl fmt::Debug for Load {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            LoadState::Ready(state, _) => f.debug_tuple("Load::ready").field(state).finish(),
            LoadState::Pending(_) => f.write_str("Load::pending(..)"),
        }
    }
}

/// What a store's [`load`](VisitStore::load) hands to its [`save`](VisitStore::save) for the
/// same request (a session handle, say). Allocates only when it holds something.
///
/// ```
/// use inertia_runtime::visit::Handle;
///
/// let handle = Handle::new(42_u32);
/// assert_eq!(handle.take::<u32>(), Some(42));
/// assert_eq!(Handle::none().take::<u32>(), None);
/// ```
#[derive(Default)]
pub struct Handle(Option<Box<dyn Any + Send + Sync>>);

impl Handle {
    /// Nothing to hand over.
    pub fn none() -> Self {
        Handle(None)
    }

    /// `value`, for `save`.
    pub fn new<T: Any + Send + Sync>(value: T) -> Self {
        Handle(Some(Box::new(value)))
    }

    /// The value, if it is a `T`.
    pub fn take<T: Any>(self) -> Option<T> {
        self.0?.downcast::<T>().ok().map(|value| *value)
    }
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Handle(..)"
        } else {
            "Handle(none)"
        })
    }
}

/// What [`VisitStore::save`] gets.
#[derive(Debug)]
#[non_exhaustive]
pub struct Saving<'a> {
    /// Store this state, delete the stored one, or leave it.
    pub outcome: VisitOutcome,
    /// What [`load`](VisitStore::load) handed over for this request.
    pub handle: Handle,
    /// The response's headers (where a cookie store sets its cookie).
    pub headers: &'a mut HeaderMap,
    /// The request's `Origin` header: whether the browser will keep a `Secure` cookie.
    pub origin: Option<&'a HeaderValue>,
    /// The request's `Referer` header, for the same (browsers send no `Origin` on `GET`).
    pub referer: Option<&'a HeaderValue>,
}

type SavingFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// What [`VisitStore::save`] gives: done, or a future the response waits for.
#[must_use]
pub struct Saved(pub(crate) Option<SavingFuture>);

impl Saved {
    /// Saved already.
    pub fn done() -> Self {
        Saved(None)
    }

    /// Saved once `future` completes (the response leaves after it).
    pub fn pending(future: impl Future<Output = ()> + Send + 'static) -> Self {
        Saved(Some(Box::pin(future)))
    }
}

impl fmt::Debug for Saved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Saved::pending(..)"
        } else {
            "Saved::done()"
        })
    }
}
