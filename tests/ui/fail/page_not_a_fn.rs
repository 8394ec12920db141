use inertia_runtime::inertia_page;

#[inertia_page("Dashboard")]
struct Dashboard {
    user: String,
}

fn main() {}
