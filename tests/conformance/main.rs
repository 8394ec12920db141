//! The Laravel adapter's test suite as a conformance checklist (`inertia-protocol.md` §12).
//!
//! Each module is named after a Laravel test class and each test after the Laravel test it
//! mirrors (`response_test::server_response_with_deferred_prop` ↔
//! `ResponseTest::testServerResponseWithDeferredProp`), with the same expectation. Cases that
//! do not apply to this design are listed, with the reason, in `docs/conformance.md`.

mod harness;
mod headers_test;
mod history_test;
mod middleware_test;
mod props_resolver_test;
mod response_test;
