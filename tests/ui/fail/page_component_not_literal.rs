use inertia_runtime::inertia_page;

const NAME: &str = "Dashboard";

#[inertia_page(NAME)]
async fn dashboard() {}

#[inertia_page(concat!("Dash", "board"))]
async fn settings() {}

fn main() {}
