use inertia_runtime::inertia_page;

struct Pages;

impl Pages {
    #[inertia_page("Dashboard")]
    async fn dashboard(&self) -> serde_json::Value {
        serde_json::json!({})
    }
}

fn main() {}
