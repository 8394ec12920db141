//! `cargo inertia`: start, run and build Inertia.js apps served by axum with
//! [`inertia-runtime`](https://docs.rs/inertia-runtime).
//!
//! ```text
//! cargo install --path cargo-inertia
//! cargo inertia new shop --vue --ssr --typescript
//! cd shop && cargo inertia dev
//! ```
//!
//! - `new`: an app with a few pages (a dashboard, a list with a deferred prop and a partial
//!   reload, a form with validation errors and a flash message, an error page) in React,
//!   Vue 3 or Svelte 5; one binary with the frontend inside; optional server-side rendering
//!   inside the binary and TypeScript types generated from the Rust props.
//! - `dev`: Vite (hot module replacement) and the server, rebuilt and restarted when Rust
//!   sources change; Ctrl-C stops both.
//! - `build`: the frontend, then the release binary.

mod dev;
mod project;
mod release;
mod starter;
mod steps;
mod template;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command};

use crate::starter::{Crates, Framework};
use crate::steps::Error;

fn cli() -> Command {
    let new = Command::new("new")
        .about("Create an app: an axum server with Inertia pages, built by Vite")
        .long_about(
            "Create an app in a new directory NAME: an axum server (src/) with Inertia pages in \
             React, Vue 3 or Svelte 5 (frontend/), the frontend embedded in the binary, the page \
             component check on. Its frontend packages are installed and built, so `cargo \
             inertia dev` runs it right away.",
        )
        .arg(Arg::new("name").value_name("NAME").required(true).value_parser(clap::value_parser!(PathBuf))
            .help("The directory to create; its last part names the package (e.g. `shop`)"))
        .arg(Arg::new("react").long("react").action(ArgAction::SetTrue).help("React pages (the default)"))
        .arg(Arg::new("vue").long("vue").action(ArgAction::SetTrue).help("Vue 3 pages"))
        .arg(Arg::new("svelte").long("svelte").action(ArgAction::SetTrue).help("Svelte 5 pages"))
        .group(ArgGroup::new("framework").args(["react", "vue", "svelte"]).multiple(false))
        .arg(Arg::new("ssr").long("ssr").action(ArgAction::SetTrue)
            .help("Server-side rendering inside the binary (QuickJS; no Node in production)"))
        .arg(Arg::new("typescript").long("typescript").visible_alias("ts").action(ArgAction::SetTrue)
            .help("TypeScript, with the pages' prop types generated from the Rust handlers"))
        .arg(Arg::new("path").long("path").value_name("DIR").value_parser(clap::value_parser!(PathBuf))
            .conflicts_with("crates-io")
            .help("Use the inertia crates of a checkout at DIR (the directory with inertia-runtime/)"))
        .arg(Arg::new("crates-io").long("crates-io").action(ArgAction::SetTrue)
            .help("Use the inertia crates from crates.io only, even when this tool runs from a checkout"))
        .arg(Arg::new("no-install").long("no-install").action(ArgAction::SetTrue)
            .help("Write the files only: no `npm install` and `npm run build`"));
    let dev = Command::new("dev")
        .about("Run the app: Vite with hot module replacement, and the server, restarted when Rust sources change")
        .long_about(
            "Run the app for development: Vite's dev server (the frontend updates in place as you \
             edit it) and the server, which is rebuilt and restarted when a file under src/, \
             Cargo.toml or the set of page components changes (a change that does not compile \
             leaves the previous build serving). Output of both is prefixed. Ctrl-C stops both, \
             and the hot file is removed. Installs the frontend's packages and builds it once \
             if needed.",
        )
        .arg(Arg::new("port").long("port").value_name("PORT").value_parser(clap::value_parser!(u16))
            .help("The server's port (sets PORT; the app's default is 3000)"))
        .arg(Arg::new("vite-port").long("vite-port").value_name("PORT").value_parser(clap::value_parser!(u16))
            .help("Vite's port (default 5173)"))
        .arg(Arg::new("cargo-args").value_name("CARGO_ARGS").num_args(0..).last(true)
            .help("Passed to `cargo build` after `--`, e.g. `-- --features x`"));
    let build = Command::new("build")
        .about("Build for production: the frontend, then one release binary with it inside")
        .long_about(
            "Build for production: `npm run build` in frontend/ (the client build and, with SSR, \
             the bundle the server renders with), then `cargo build --release`. The binary in \
             target/release/ is the whole deployment.",
        )
        .arg(
            Arg::new("cargo-args")
                .value_name("CARGO_ARGS")
                .num_args(0..)
                .last(true)
                .help("Passed to `cargo build --release` after `--`, e.g. `-- --features x`"),
        );
    Command::new("cargo-inertia")
        .bin_name("cargo inertia")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Start, run and build Inertia.js apps on axum")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands([new, dev, build])
}

fn main() -> ExitCode {
    // As a cargo subcommand we are run as `cargo-inertia inertia …`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "inertia") {
        args.remove(1);
    }
    let matches = cli().get_matches_from(args);
    match run(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let label = if steps::color() {
                "\x1b[1;31merror:\x1b[0m"
            } else {
                "error:"
            };
            eprintln!("{label} {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(matches: &ArgMatches) -> Result<(), Error> {
    let cwd = std::env::current_dir()
        .map_err(|e| Error::new(format!("cannot read the current directory ({e})")))?;
    match matches.subcommand() {
        Some(("new", m)) => starter::generate(&new_options(m, &cwd)?),
        Some(("dev", m)) => {
            let app = project::App::find(&cwd)?;
            dev::run(
                &app,
                &dev::Options {
                    port: m.get_one::<u16>("port").copied(),
                    vite_port: m.get_one::<u16>("vite-port").copied(),
                    cargo_args: cargo_args(m),
                },
            )
        }
        Some(("build", m)) => {
            let app = project::App::find(&cwd)?;
            release::run(&app, &cargo_args(m))
        }
        _ => unreachable!("clap requires a subcommand"),
    }
}

fn cargo_args(matches: &ArgMatches) -> Vec<String> {
    matches
        .get_many::<String>("cargo-args")
        .into_iter()
        .flatten()
        .cloned()
        .collect()
}

fn new_options(m: &ArgMatches, cwd: &std::path::Path) -> Result<starter::Options, Error> {
    let framework = if m.get_flag("vue") {
        Framework::Vue
    } else if m.get_flag("svelte") {
        Framework::Svelte
    } else {
        Framework::React
    };
    let crates = if m.get_flag("crates-io") {
        Crates::Registry
    } else if let Some(path) = m.get_one::<PathBuf>("path") {
        let root = std::path::absolute(cwd.join(path))
            .map_err(|e| Error::new(format!("cannot resolve {} ({e})", path.display())))?;
        if !root.join("inertia-runtime/Cargo.toml").is_file() {
            return Err(Error::new(format!(
                "--path {}: there is no inertia-runtime/Cargo.toml there; give the directory of a checkout of this project (the one with inertia-runtime/ in it)",
                path.display()
            )));
        }
        Crates::Path(root)
    } else {
        match checkout() {
            Some(root) => Crates::Path(root),
            None => Crates::Registry,
        }
    };
    Ok(starter::Options {
        dir: cwd.join(m.get_one::<PathBuf>("name").expect("required")),
        framework,
        ssr: m.get_flag("ssr"),
        typescript: m.get_flag("typescript"),
        crates,
        install: !m.get_flag("no-install"),
    })
}

/// The checkout this tool was built from, if it still exists: apps made by a tool installed
/// with `cargo install --path cargo-inertia` use the crates next to it (they are the same
/// version, and may not be on crates.io yet).
fn checkout() -> Option<PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    root.join("inertia-runtime/Cargo.toml")
        .is_file()
        .then(|| root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        cli().debug_assert();
    }

    #[test]
    fn one_framework_at_a_time() {
        let err = cli()
            .try_get_matches_from(["cargo-inertia", "new", "app", "--vue", "--svelte"])
            .unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    }

    #[test]
    fn options_follow_the_flags() {
        let cwd = std::path::Path::new("/work");
        let m = cli()
            .try_get_matches_from([
                "cargo-inertia",
                "new",
                "shop",
                "--svelte",
                "--ssr",
                "--ts",
                "--crates-io",
            ])
            .unwrap();
        let options = new_options(m.subcommand_matches("new").unwrap(), cwd).unwrap();
        assert_eq!(options.framework, Framework::Svelte);
        assert!(options.ssr && options.typescript && options.install);
        assert_eq!(options.crates, Crates::Registry);
        assert_eq!(options.dir, cwd.join("shop"));
        // Built from this checkout: its crates, unless told otherwise.
        let m = cli()
            .try_get_matches_from(["cargo-inertia", "new", "shop"])
            .unwrap();
        let options = new_options(m.subcommand_matches("new").unwrap(), cwd).unwrap();
        assert_eq!(options.framework, Framework::React);
        assert!(
            matches!(options.crates, Crates::Path(ref p) if p.join("inertia-runtime").is_dir())
        );
        let m = cli()
            .try_get_matches_from(["cargo-inertia", "new", "shop", "--path", "/nowhere"])
            .unwrap();
        let err = new_options(m.subcommand_matches("new").unwrap(), cwd).unwrap_err();
        assert!(
            err.to_string().contains("no inertia-runtime/Cargo.toml"),
            "{err}"
        );
    }
}
