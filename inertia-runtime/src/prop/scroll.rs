//! Infinite-scroll props: pagination state for the client's `<InfiniteScroll>`.

use std::borrow::Cow;

use serde::Serialize;

use crate::json::JsonOut;

/// A page identifier: a number, a cursor string, or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PageRef {
    /// No such page (`null`).
    None,
    /// A page number.
    Number(u64),
    /// An opaque cursor.
    Cursor(String),
}

impl From<u64> for PageRef {
    fn from(n: u64) -> Self {
        PageRef::Number(n)
    }
}

impl From<Option<u64>> for PageRef {
    fn from(n: Option<u64>) -> Self {
        n.map_or(PageRef::None, PageRef::Number)
    }
}

impl From<String> for PageRef {
    fn from(cursor: String) -> Self {
        PageRef::Cursor(cursor)
    }
}

impl From<&str> for PageRef {
    fn from(cursor: &str) -> Self {
        PageRef::Cursor(cursor.to_owned())
    }
}

/// The pagination state of a scroll prop (the page object's `scrollProps` entry).
///
/// ```
/// use inertia_runtime::prop::ScrollMeta;
///
/// let meta = ScrollMeta::new("page", 3).previous(2).next(None);
/// assert_eq!(meta.page_name(), "page");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrollMeta {
    page_name: Cow<'static, str>,
    previous_page: PageRef,
    next_page: PageRef,
    current_page: PageRef,
}

impl ScrollMeta {
    /// The state of page `current`, whose number travels in the query parameter `page_name`.
    pub fn new(page_name: impl Into<Cow<'static, str>>, current: impl Into<PageRef>) -> Self {
        ScrollMeta {
            page_name: page_name.into(),
            previous_page: PageRef::None,
            next_page: PageRef::None,
            current_page: current.into(),
        }
    }

    /// The page before this one (`None` on the first).
    pub fn previous(mut self, page: impl Into<PageRef>) -> Self {
        self.previous_page = page.into();
        self
    }

    /// The page after this one (`None` on the last).
    pub fn next(mut self, page: impl Into<PageRef>) -> Self {
        self.next_page = page.into();
        self
    }

    /// The query parameter name.
    pub fn page_name(&self) -> &str {
        &self.page_name
    }

    pub(crate) fn write(&self, out: &mut JsonOut, reset: bool) {
        out.raw(b"{");
        out.key("pageName");
        out.string(&self.page_name);
        for (name, page) in [
            ("previousPage", &self.previous_page),
            ("nextPage", &self.next_page),
            ("currentPage", &self.current_page),
        ] {
            out.raw(b",");
            out.key(name);
            let _ = out.value(page);
        }
        out.raw(b",");
        out.key("reset");
        out.raw(if reset { b"true" } else { b"false" });
        out.raw(b"}");
    }
}

/// A value that knows its pagination state: what [`Prop::scroll`](crate::prop::Prop::scroll)
/// needs. Implement it for your own paginated types; [`Paginated`] is ready-made.
pub trait ScrollData {
    /// The key of the items array inside the serialized value (`"data"` by default).
    const WRAPPER: &'static str = "data";

    /// The pagination state.
    fn scroll_meta(&self) -> ScrollMeta;
}

/// One page of a numbered list: serializes as
/// `{"data":[…],"currentPage":2,"perPage":20,"total":95,"lastPage":5}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Paginated<T> {
    data: Vec<T>,
    current_page: u64,
    per_page: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    total: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    last_page: Option<u64>,
    #[serde(skip)]
    page_name: Cow<'static, str>,
    #[serde(skip)]
    has_more: Option<bool>,
}

impl<T> Paginated<T> {
    /// Page `page` (1-based) of `per_page` items. Without a [`total`](Self::total), a full
    /// page is taken to mean there may be more.
    ///
    /// ```
    /// use inertia_runtime::prop::{Paginated, ScrollData};
    ///
    /// let page = Paginated::new(vec!["a", "b"], 2, 2).total(5);
    /// let meta = page.scroll_meta();
    /// assert_eq!(serde_json::to_value(&page).unwrap()["lastPage"], 3);
    /// # let _ = meta;
    /// ```
    pub fn new(data: Vec<T>, page: u64, per_page: u64) -> Self {
        Paginated {
            data,
            current_page: page.max(1),
            per_page,
            total: None,
            last_page: None,
            page_name: Cow::Borrowed("page"),
            has_more: None,
        }
    }

    /// The number of items in all pages.
    pub fn total(mut self, total: u64) -> Self {
        self.total = Some(total);
        self.last_page = Some(total.div_ceil(self.per_page.max(1)).max(1));
        self
    }

    /// Whether a next page exists, when you know it without a total (e.g. by fetching one
    /// item more than a page).
    pub fn has_more(mut self, more: bool) -> Self {
        self.has_more = Some(more);
        self
    }

    /// The query parameter that carries the page number (`page` by default).
    pub fn page_name(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.page_name = name.into();
        self
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.data
    }
}

impl<T> ScrollData for Paginated<T> {
    fn scroll_meta(&self) -> ScrollMeta {
        let current = self.current_page;
        let more = match (self.has_more, self.last_page) {
            (Some(more), _) => more,
            (None, Some(last)) => current < last,
            (None, None) => self.data.len() as u64 >= self.per_page && self.per_page > 0,
        };
        ScrollMeta {
            page_name: self.page_name.clone(),
            previous_page: if current > 1 {
                PageRef::Number(current - 1)
            } else {
                PageRef::None
            },
            // The page number comes from the request: `?page=18446744073709551615` has no
            // next page rather than overflowing.
            next_page: match current.checked_add(1) {
                Some(next) if more => PageRef::Number(next),
                _ => PageRef::None,
            },
            current_page: PageRef::Number(current),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paginated_meta() {
        let first = Paginated::new(vec![1, 2], 1, 2).total(5).scroll_meta();
        assert_eq!(first.previous_page, PageRef::None);
        assert_eq!(first.next_page, PageRef::Number(2));
        let last = Paginated::new(vec![5], 3, 2).total(5).scroll_meta();
        assert_eq!(last.next_page, PageRef::None);
        assert_eq!(last.previous_page, PageRef::Number(2));
        let open_ended = Paginated::new(vec![1, 2], 1, 2).scroll_meta();
        assert_eq!(open_ended.next_page, PageRef::Number(2));
        let short = Paginated::new(vec![1], 4, 2).scroll_meta();
        assert_eq!(short.next_page, PageRef::None);
        let explicit = Paginated::new(vec![1, 2], 1, 2)
            .has_more(false)
            .scroll_meta();
        assert_eq!(explicit.next_page, PageRef::None);
    }

    #[test]
    fn page_numbers_from_requests_never_overflow() {
        let last = Paginated::new(vec![1, 2], u64::MAX, 2)
            .has_more(true)
            .scroll_meta();
        assert_eq!(last.next_page, PageRef::None);
        assert_eq!(last.previous_page, PageRef::Number(u64::MAX - 1));
        let huge = Paginated::new(vec![1], u64::MAX, u64::MAX)
            .total(u64::MAX)
            .scroll_meta();
        assert_eq!(huge.next_page, PageRef::None);
        let zero = Paginated::new(Vec::<u8>::new(), 0, 0)
            .total(0)
            .scroll_meta();
        assert_eq!(zero.current_page, PageRef::Number(1));
    }

    #[test]
    fn meta_json() {
        let mut out = JsonOut::new(Vec::new());
        ScrollMeta::new("cursor", "c2")
            .previous("c1")
            .write(&mut out, true);
        assert_eq!(
            String::from_utf8(out.buf).unwrap(),
            r#"{"pageName":"cursor","previousPage":"c1","nextPage":null,"currentPage":"c2","reset":true}"#
        );
    }
}
