use inertia_runtime::inertia_page;

#[inertia_page("Dashboard", "Settings")]
async fn dashboard() {}

#[inertia_page("Dashboard", unknown = true)]
async fn settings() {}

#[inertia_page("Dashboard", ssr = "off")]
async fn editor() {}

fn main() {}
