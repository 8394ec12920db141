use inertia_runtime::inertia_page;

#[inertia_page]
async fn dashboard() {}

#[inertia_page()]
async fn settings() {}

fn main() {}
