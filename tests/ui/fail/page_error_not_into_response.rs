use inertia_runtime::inertia_page;

struct DbError;

#[inertia_page("Dashboard")]
async fn dashboard() -> Result<serde_json::Value, DbError> {
    Err(DbError)
}

fn main() {}
