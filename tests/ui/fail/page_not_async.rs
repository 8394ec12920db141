use inertia_runtime::inertia_page;

#[inertia_page("Dashboard")]
fn dashboard() -> serde_json::Value {
    serde_json::json!({})
}

fn main() {}
