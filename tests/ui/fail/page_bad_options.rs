use inertia_runtime::inertia_page;

#[inertia_page("Dashboard", ssr = false, ssr = true)]
async fn twice() {}

#[inertia_page("Dashboard", ssr)]
async fn no_value() {}

#[inertia_page("Dashboard", pages = 3)]
async fn pages_not_a_string() {}

fn main() {}
