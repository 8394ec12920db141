//! The component check: a name with no file in the pages directory, a name in the wrong
//! case, a pages directory that does not exist.
use inertia_runtime::inertia_page;

#[inertia_page("Users/Indx", pages = "$INERTIA_UI_FIXTURES/pages")]
async fn typo() {}

#[inertia_page("users/index", pages = "$INERTIA_UI_FIXTURES/pages")]
async fn wrong_case() {}

#[inertia_page("Billing/Invoices", pages = "$INERTIA_UI_FIXTURES/pages")]
async fn not_written_yet() {}

#[inertia_page("Dashboard", pages = "$INERTIA_UI_FIXTURES/no-such-dir")]
async fn wrong_directory() {}

#[inertia_page("../Cargo", pages = "$INERTIA_UI_FIXTURES/pages")]
async fn outside() {}

fn main() {}
