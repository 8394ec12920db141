//! `cargo inertia build`: the frontend (and the SSR bundle, if the app has one), then the
//! release binary that embeds them.

use std::process::Command;
use std::time::Instant;

use crate::project::{self, App};
use crate::steps::{self, Error};

pub(crate) fn run(app: &App, cargo_args: &[String]) -> Result<(), Error> {
    let began = Instant::now();
    steps::require_node().map_err(|e| Error::new(format!("{e}, then run this command again")))?;
    steps::require_node_modules(&app.frontend)?;
    steps::run(
        if app.has_ssr_bundle() {
            "Building the frontend and the SSR bundle (npm run build)"
        } else {
            "Building the frontend (npm run build)"
        },
        steps::npm(&app.frontend, &["run", "build"]),
    )?;
    let mut cargo = Command::new(project::cargo());
    cargo
        .args(["build", "--release", "--bin", &app.bin])
        .args(cargo_args)
        .current_dir(&app.root);
    steps::run("Building the release binary (cargo build --release)", cargo)?;
    let binary =
        app.target_dir
            .join("release")
            .join(format!("{}{}", app.bin, std::env::consts::EXE_SUFFIX));
    let size = std::fs::metadata(&binary).map(|m| m.len()).unwrap_or(0);
    steps::done(&format!(
        "Built {} ({:.1} MB, frontend inside) in {:.0} s. Run it anywhere: `{}`",
        binary.display(),
        size as f64 / 1e6,
        began.elapsed().as_secs_f64(),
        binary.display()
    ));
    Ok(())
}
