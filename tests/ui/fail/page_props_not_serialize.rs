use inertia_runtime::inertia_page;

struct Dashboard {
    user: String,
}

#[inertia_page("Dashboard")]
async fn dashboard() -> Dashboard {
    Dashboard { user: "Ada".into() }
}

#[inertia_page("Dashboard")]
async fn fallible() -> Result<Dashboard, std::convert::Infallible> {
    Ok(Dashboard { user: "Ada".into() })
}

fn main() {}
