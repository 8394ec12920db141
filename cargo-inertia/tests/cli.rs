//! The command line as users meet it: help, and the errors that come before any real work
//! (each a sentence that says what to do). The full runs (npm, builds, a browser) are in
//! scripts/starters.sh.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn cargo_inertia(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-inertia"));
    command
        .arg("inertia")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CARGO_TARGET_DIR");
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cargo-inertia-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_names_every_command_and_flag() {
    let dir = scratch("help");
    let help = cargo_inertia(&dir, &["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for command in ["new", "dev", "build"] {
        assert!(text.contains(command), "{text}");
    }
    let new = String::from_utf8_lossy(&cargo_inertia(&dir, &["new", "--help"]).stdout).into_owned();
    for flag in [
        "--react",
        "--vue",
        "--svelte",
        "--ssr",
        "--typescript",
        "--path",
        "--crates-io",
        "--no-install",
    ] {
        assert!(new.contains(flag), "`new --help` lacks {flag}:\n{new}");
    }
    let dev = String::from_utf8_lossy(&cargo_inertia(&dir, &["dev", "--help"]).stdout).into_owned();
    for flag in ["--port", "--vite-port", "CARGO_ARGS"] {
        assert!(dev.contains(flag), "`dev --help` lacks {flag}:\n{dev}");
    }
    // Run as a cargo subcommand or directly: the same.
    let direct = Command::new(env!("CARGO_BIN_EXE_cargo-inertia"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&direct.stdout).contains(env!("CARGO_PKG_VERSION")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn new_writes_an_app_and_refuses_to_overwrite_one() {
    let dir = scratch("new");
    let made = cargo_inertia(
        &dir,
        &[
            "new",
            "shop",
            "--svelte",
            "--ts",
            "--no-install",
            "--crates-io",
        ],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let manifest = std::fs::read_to_string(dir.join("shop/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"shop\""));
    assert!(
        manifest.contains("features = [\"typescript\"]") && !manifest.contains("path ="),
        "{manifest}"
    );
    assert!(
        dir.join("shop/frontend/src/Pages/Contacts/Index.svelte")
            .is_file()
    );
    assert!(
        dir.join("shop/frontend/vite-plugin-inertia-axum/index.js")
            .is_file()
    );
    assert!(dir.join("shop/.gitignore").is_file());
    let text = String::from_utf8_lossy(&made.stdout);
    assert!(
        text.contains("npm install") && text.contains("cargo inertia dev"),
        "next steps: {text}"
    );
    // The shared target directory is offered, and where the binary goes is said.
    assert!(
        text.contains("target/release/shop")
            && text.contains("export CARGO_TARGET_DIR=~/.cache/cargo-inertia/target"),
        "{text}"
    );
    let shared = command(
        &dir,
        &["new", "stall", "--react", "--no-install", "--crates-io"],
    )
    .env("CARGO_TARGET_DIR", "/srv/shared-target")
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&shared.stdout);
    assert!(
        text.contains("/srv/shared-target/release/stall")
            && !text.contains("export CARGO_TARGET_DIR"),
        "{text}"
    );

    let again = cargo_inertia(&dir, &["new", "shop"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists and is not empty; choose another name"),
        "{}",
        stderr(&again)
    );

    let bad = cargo_inertia(&dir, &["new", "9lives", "--no-install"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("cannot be a package name: start with a letter"),
        "{}",
        stderr(&bad)
    );
    assert!(
        !dir.join("9lives").exists(),
        "nothing written for a bad name"
    );

    let two = cargo_inertia(&dir, &["new", "x", "--vue", "--react"]);
    assert_eq!(two.status.code(), Some(2), "clap's usage error");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn build_and_dev_say_what_is_missing() {
    let dir = scratch("missing");
    let outside = cargo_inertia(&dir, &["dev"]);
    assert_eq!(outside.status.code(), Some(1));
    assert!(
        stderr(&outside).contains("no app here")
            && stderr(&outside).contains("cargo inertia new NAME"),
        "{}",
        stderr(&outside)
    );

    let made = cargo_inertia(&dir, &["new", "app", "--no-install", "--crates-io"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let app = dir.join("app");
    // From a subdirectory too: the app is found above.
    let build = cargo_inertia(&app.join("src"), &["build"]);
    assert_eq!(build.status.code(), Some(1));
    let message = stderr(&build);
    assert!(
        message.contains("the frontend's packages are not installed")
            && message.contains("run `npm install` in"),
        "{message}"
    );

    // No Node at all: an empty PATH (cargo is found through CARGO, as under `cargo`).
    let empty = dir.join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let no_node = Command::new(env!("CARGO_BIN_EXE_cargo-inertia"))
        .args(["inertia", "build"])
        .current_dir(&app)
        .env("PATH", &empty)
        .env("CARGO", cargo)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(no_node.status.code(), Some(1));
    assert!(
        stderr(&no_node).contains("Node.js is not installed")
            && stderr(&no_node).contains("then run this command again"),
        "{}",
        stderr(&no_node)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn new_without_node_writes_the_app_and_says_what_to_run_later() {
    let dir = scratch("no-node");
    let empty = dir.join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-inertia"))
        .args(["inertia", "new", "later", "--vue"])
        .current_dir(&dir)
        .env("PATH", &empty)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("Node.js is not installed")
            && message.contains(
                "The app is written: once Node.js is installed, run `npm install && npm run format && npm run build`"
            ),
        "{message}"
    );
    // One instruction: not also "run this command again" (it would refuse the directory).
    assert!(!message.contains("run this command again"), "{message}");
    assert!(dir.join("later/frontend/src/Pages/Dashboard.vue").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dev_on_a_busy_port_says_so_before_starting_anything() {
    let dir = scratch("busy-port");
    let made = cargo_inertia(&dir, &["new", "app", "--no-install", "--crates-io"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let busy = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-inertia"))
        .args(["inertia", "dev", "--port", &port])
        .current_dir(dir.join("app"))
        .env("NO_COLOR", "1")
        .env_remove("HOST")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("port {port} on 127.0.0.1 is in use"))
            && message.contains("cargo inertia dev --port"),
        "{message}"
    );
    // Nothing was started or installed first.
    assert!(!dir.join("app/frontend/node_modules").exists());
    assert!(!String::from_utf8_lossy(&output.stdout).contains("Server started"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn new_makes_a_git_repository_unless_inside_one() {
    let dir = scratch("git");
    let made = cargo_inertia(&dir, &["new", "alone", "--no-install"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(dir.join("alone/.git").is_dir(), "a repository of its own");
    assert!(dir.join("alone/.gitignore").is_file());
    // Inside a repository (a monorepo): no repository nested in it.
    let made = cargo_inertia(&dir.join("alone"), &["new", "nested", "--no-install"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(dir.join("alone/nested/Cargo.toml").is_file());
    assert!(!dir.join("alone/nested/.git").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
