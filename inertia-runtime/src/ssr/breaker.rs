//! What a failed render switches off, and for how long; and how often it is logged.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// The page components whose renders ran past their limits recently, each with the time
/// (milliseconds on the state's clock) until which SSR skips it.
#[derive(Debug, Default)]
pub(super) struct PageBreaker {
    open: Mutex<HashMap<Box<str>, u64>>,
    /// How many entries `open` has, so the common case (none) takes no lock.
    count: AtomicUsize,
}

impl PageBreaker {
    /// Whether SSR skips `component` at `now`. An expired entry is removed.
    pub(super) fn is_open(&self, component: &str, now: u64) -> bool {
        if self.count.load(Ordering::Relaxed) == 0 {
            return false;
        }
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let is_open = match open.get(component) {
            Some(&until) if now < until => true,
            Some(_) => {
                open.remove(component);
                false
            }
            None => false,
        };
        self.count.store(open.len(), Ordering::Relaxed);
        is_open
    }

    /// Skips `component` until `until`.
    pub(super) fn open(&self, component: &str, until: u64) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.insert(component.into(), until);
        self.count.store(open.len(), Ordering::Relaxed);
    }
}

/// Admits one log line per window; counts the ones it holds back.
#[derive(Debug, Default)]
pub(super) struct LogLimiter {
    /// When the current window began (milliseconds), plus one; 0 = no line logged yet.
    window: AtomicU64,
    suppressed: AtomicU64,
}

/// One warning per this many milliseconds at most.
const WINDOW_MS: u64 = 10_000;

impl LogLimiter {
    /// `Some(n)` if a line may be logged at `now`, `n` being how many were held back since
    /// the last one; `None` if this one is held back.
    pub(super) fn admit(&self, now: u64) -> Option<u64> {
        let window = self.window.load(Ordering::Relaxed);
        let due = window == 0 || now.saturating_sub(window - 1) >= WINDOW_MS;
        if due
            && self
                .window
                .compare_exchange(window, now + 1, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            return Some(self.suppressed.swap(0, Ordering::Relaxed));
        }
        self.suppressed.fetch_add(1, Ordering::Relaxed);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_skipped_until_its_time_then_forgotten() {
        let breaker = PageBreaker::default();
        assert!(!breaker.is_open("Slow", 0));
        breaker.open("Slow", 100);
        assert!(breaker.is_open("Slow", 99));
        assert!(!breaker.is_open("Other", 99), "other pages render");
        assert!(!breaker.is_open("Slow", 100));
        assert_eq!(
            breaker.count.load(Ordering::Relaxed),
            0,
            "the entry is gone"
        );
    }

    #[test]
    fn one_line_per_window_with_the_count_held_back() {
        let log = LogLimiter::default();
        assert_eq!(log.admit(0), Some(0));
        for at in 1..1500 {
            assert_eq!(log.admit(at), None);
        }
        assert_eq!(log.admit(WINDOW_MS - 1), None);
        assert_eq!(log.admit(WINDOW_MS), Some(1500));
        assert_eq!(log.admit(WINDOW_MS + 1), None);
        assert_eq!(log.admit(3 * WINDOW_MS), Some(1));
    }
}
