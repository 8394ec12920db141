//! `cargo inertia new`: writes an app from the templates under `templates/` (embedded in
//! this binary), then installs and builds its frontend so that it compiles right away.

use std::path::{Path, PathBuf};

use crate::steps::{self, Error};
use crate::template::{self, Context};

/// The frontend framework of a new app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framework {
    React,
    Vue,
    Svelte,
}

impl Framework {
    pub(crate) const ALL: [Framework; 3] = [Framework::React, Framework::Vue, Framework::Svelte];

    /// The flag and the template directory.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Framework::React => "react",
            Framework::Vue => "vue",
            Framework::Svelte => "svelte",
        }
    }

    fn display_name(self) -> &'static str {
        match self {
            Framework::React => "React",
            Framework::Vue => "Vue 3",
            Framework::Svelte => "Svelte 5",
        }
    }

    /// The extension of page components.
    fn page_ext(self, ts: bool) -> &'static str {
        match (self, ts) {
            (Framework::React, true) => "tsx",
            (Framework::React, false) => "jsx",
            (Framework::Vue, _) => "vue",
            (Framework::Svelte, _) => "svelte",
        }
    }

    /// The extension of the entry modules (`src/main.*`, `src/ssr.*`).
    fn entry_ext(self, ts: bool) -> &'static str {
        match (self, ts) {
            (Framework::React, _) => self.page_ext(ts),
            (_, true) => "ts",
            (_, false) => "js",
        }
    }

    /// The type checker `npm run build` runs first (TypeScript apps).
    fn typecheck(self) -> &'static str {
        match self {
            Framework::React => "tsc --noEmit",
            Framework::Vue => "vue-tsc --noEmit",
            Framework::Svelte => "svelte-check --tsconfig ./tsconfig.json --fail-on-warnings",
        }
    }
}

/// Where the generated app gets this project's crates from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Crates {
    /// crates.io, by version.
    Registry,
    /// A checkout of this project (the directory holding `inertia-runtime/`), with the
    /// version too (so the app can still be published).
    Path(PathBuf),
}

/// What `cargo inertia new` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) dir: PathBuf,
    pub(crate) framework: Framework,
    pub(crate) ssr: bool,
    pub(crate) typescript: bool,
    pub(crate) crates: Crates,
    /// Run `npm install` and `npm run build` after writing the files.
    pub(crate) install: bool,
}

/// One file of a starter, as embedded in this binary.
struct TemplateFile {
    /// Below `templates/`.
    source: &'static str,
    contents: &'static str,
}

macro_rules! templates {
    ($($path:literal),* $(,)?) => {
        &[$(TemplateFile {
            source: $path,
            contents: include_str!(concat!("../templates/", $path)),
        }),*]
    };
}

/// The screenshot the app's README shows, as is (not a template): where it goes, its bytes.
const SCREENSHOT: (&str, &[u8]) = (
    "docs/screenshot.png",
    include_bytes!("../templates/app/docs/screenshot.png"),
);

/// Every template. [`plan`] decides which are written where.
const TEMPLATES: &[TemplateFile] = templates![
    // Not `Cargo.toml`: cargo leaves directories with a manifest out of the package.
    "app/Cargo.toml.in",
    "app/README.md",
    "app/gitignore",
    "app/env.example",
    "app/build.rs",
    "app/Dockerfile",
    "app/dockerignore",
    "app/deploy/service",
    "app/github/workflows/ci.yml",
    "app/cargo/config.toml",
    "app/migrations/0001_create_users.sql",
    "app/migrations/0002_create_contacts.sql",
    "app/migrations/0003_add_appearance.sql",
    // The queries' compile-time data (`.sqlx/`, from `cargo sqlx prepare`; scripts/starters.sh
    // makes it again from the migrations and fails while it differs).
    "app/sqlx/query-06cc780f1876253554647fef3b852efe7faed0cbd129af7dd34d3f6679a0498d.json",
    "app/sqlx/query-0a8ea274a9c504fe8b7b89391ceddc992deb9b6541afaee58461eade5b1686ac.json",
    "app/sqlx/query-18b186eb2a7799200326634e77f72b8c07565474d94550ff4ec1727fb0ff225e.json",
    "app/sqlx/query-1c098bcd1b8394f15d99abf4630635e7e2eb1fdaf95d89912e2f25168bcf211d.json",
    "app/sqlx/query-1fdff1f59cf5a06a4d8d19c83758f405df39c531db0bb7f7af45e34b5253c45e.json",
    "app/sqlx/query-220f2976d23ecf774045ce91afd5d30f34a40653e558a4991ffe0b7a3faf4429.json",
    "app/sqlx/query-3efd36ac63dfb1a6188e8b51f603218bb2ce584c116dcbedcf9de863d49bf20c.json",
    "app/sqlx/query-5445053c3a82707b8da95a916cb5bec05adac8f4be9e7d6405add6b391bd0dc3.json",
    "app/sqlx/query-545f936ba8cae0b5159f82a4f02e82a1053d7bdfbf4ac58df94ae18f07569fd9.json",
    "app/sqlx/query-56c0b8a789c5148b7b450ecb4ed8f0bc40e6c785188bbe0f5a49d6dd2a8dbe0b.json",
    "app/sqlx/query-588ab76416026ca9203e92a6a530b722b6d9a30e808deb68136298f3b6e9eaf2.json",
    "app/sqlx/query-59ff440bb854303b79fb1372fdcb48c8853bed2593a9bfc25a0d311205c35a48.json",
    "app/sqlx/query-6d874ae1f6a529841631164a86c582a1b2f1f54d6182aef9914bf6187398deba.json",
    "app/sqlx/query-6f5319f917ab6a3a66ed8ace892bbff1b5c08a6ad85d3ecdb272d40df80ccb94.json",
    "app/sqlx/query-914c0b023147590fd220341bf88630a5f79860960d1219151fc77564b853b137.json",
    "app/sqlx/query-a2f1376babecdb9be68bad90947e834907c6f83ee25d4ed999aa7eec77b3944b.json",
    "app/sqlx/query-b062a97d57aa17d7be4f71aecc456ba3b873a69528e5d8a1917a09d919f36a87.json",
    "app/sqlx/query-bf6af64c3f868c9436ed2bf66a18551424c874e09f00dcda7e50e3b19ce21dbd.json",
    "app/sqlx/query-e8f966db5cdb2cee4707fd1161b596897710242738616aa5956eb3ca9efc758a.json",
    "app/sqlx/query-f8feb210e47041031b850a49031c40b66456e4c4a7399a08fd805e39903e1ea6.json",
    "app/sqlx/query-fad6642bff5eba2637371b7607e4460f51b3f24f8361fc5fac0dfe227037825c.json",
    "app/sqlx/query-fd97dc88c68535cd152f70fa3732645d35d671afdfc60de74d4c20c7250930b4.json",
    "app/src/main.rs",
    "app/src/appearance.rs",
    "app/src/auth/mod.rs",
    "app/src/auth/mail.rs",
    "app/src/auth/pages.rs",
    "app/src/auth/throttle.rs",
    "app/src/clock.rs",
    "app/src/contacts.rs",
    "app/src/db.rs",
    "app/src/error.rs",
    "app/src/pages.rs",
    "app/src/routes.rs",
    "app/src/rules.rs",
    "app/src/settings.rs",
    "frontend/package.json",
    "frontend/npmrc",
    "frontend/tsconfig.json",
    "frontend/biome.json",
    "frontend/vite.config.ts",
    "frontend/vite.ssr.config.ts",
    "frontend/app.css",
    "frontend/appearance.ts",
    "frontend/ui.ts",
    "frontend/pages.d.ts",
    "frontend/routes.ts",
    "frontend/routes.js",
    "frontend/public/favicon.svg",
    "react/src/main.tsx",
    "react/src/ssr.tsx",
    "react/src/pages.ts",
    "react/src/components/Layout.tsx",
    "react/src/components/Field.tsx",
    "react/src/components/SettingsNav.tsx",
    "react/src/components/AppearanceSwitch.tsx",
    "react/src/components/Button.tsx",
    "react/src/components/ConfirmDialog.tsx",
    "react/src/components/Toasts.tsx",
    "react/src/Pages/Auth/Login.tsx",
    "react/src/Pages/Auth/Register.tsx",
    "react/src/Pages/Auth/ForgotPassword.tsx",
    "react/src/Pages/Auth/ResetPassword.tsx",
    "react/src/Pages/Settings/Profile.tsx",
    "react/src/Pages/Settings/Password.tsx",
    "react/src/Pages/Settings/Appearance.tsx",
    "react/src/Pages/Dashboard.tsx",
    "react/src/Pages/ErrorPage.tsx",
    "react/src/Pages/Contacts/Index.tsx",
    "react/src/Pages/Contacts/Create.tsx",
    "react/src/Pages/Contacts/Edit.tsx",
    "vue/src/main.ts",
    "vue/src/ssr.ts",
    "vue/src/pages.ts",
    "vue/src/components/Layout.vue",
    "vue/src/components/Field.vue",
    "vue/src/components/SettingsNav.vue",
    "vue/src/components/AppearanceSwitch.vue",
    "vue/src/components/Button.vue",
    "vue/src/components/ConfirmDialog.vue",
    "vue/src/components/Toasts.vue",
    "vue/src/Pages/Auth/Login.vue",
    "vue/src/Pages/Auth/Register.vue",
    "vue/src/Pages/Auth/ForgotPassword.vue",
    "vue/src/Pages/Auth/ResetPassword.vue",
    "vue/src/Pages/Settings/Profile.vue",
    "vue/src/Pages/Settings/Password.vue",
    "vue/src/Pages/Settings/Appearance.vue",
    "vue/src/Pages/Dashboard.vue",
    "vue/src/Pages/ErrorPage.vue",
    "vue/src/Pages/Contacts/Index.vue",
    "vue/src/Pages/Contacts/Create.vue",
    "vue/src/Pages/Contacts/Edit.vue",
    "svelte/svelte.config.js",
    "svelte/src/main.ts",
    "svelte/src/ssr.ts",
    "svelte/src/pages.ts",
    "svelte/src/components/Layout.svelte",
    "svelte/src/components/Field.svelte",
    "svelte/src/components/SettingsNav.svelte",
    "svelte/src/components/AppearanceSwitch.svelte",
    "svelte/src/components/Button.svelte",
    "svelte/src/components/ConfirmDialog.svelte",
    "svelte/src/components/Toasts.svelte",
    "svelte/src/Pages/Auth/Login.svelte",
    "svelte/src/Pages/Auth/Register.svelte",
    "svelte/src/Pages/Auth/ForgotPassword.svelte",
    "svelte/src/Pages/Auth/ResetPassword.svelte",
    "svelte/src/Pages/Settings/Profile.svelte",
    "svelte/src/Pages/Settings/Password.svelte",
    "svelte/src/Pages/Settings/Appearance.svelte",
    "svelte/src/Pages/Dashboard.svelte",
    "svelte/src/Pages/ErrorPage.svelte",
    "svelte/src/Pages/Contacts/Index.svelte",
    "svelte/src/Pages/Contacts/Create.svelte",
    "svelte/src/Pages/Contacts/Edit.svelte",
];

/// The Vite plugin, copied as it is into every app (`frontend/vite-plugin-inertia-axum/`);
/// `npm/vite-plugin-inertia-axum` in this repository, where its tests are.
const VITE_PLUGIN: &[TemplateFile] = templates![
    "vite-plugin-inertia-axum/package.json",
    "vite-plugin-inertia-axum/index.js",
    "vite-plugin-inertia-axum/history.js",
    "vite-plugin-inertia-axum/index.d.ts",
    "vite-plugin-inertia-axum/ssr-embedded-server.js",
    "vite-plugin-inertia-axum/ssr-embedded-server.d.ts",
    "vite-plugin-inertia-axum/README.md",
];

/// A file to write: where (relative to the app), and what.
#[derive(Debug)]
pub(crate) struct Planned {
    pub(crate) path: PathBuf,
    /// Text, but for the README's screenshot.
    pub(crate) contents: Vec<u8>,
}

/// The package name of an app in `dir`: its last component, checked as cargo would.
pub(crate) fn package_name(dir: &Path) -> Result<String, Error> {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::new(format!("{} has no usable last component to name the app after; give a directory such as `my-app`", dir.display())))?;
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(Error::new(format!(
            "`{name}` cannot be a package name: start with a letter and use only letters, digits, `-` and `_` (e.g. `my-app`)"
        )));
    }
    const RESERVED: [&str; 8] = [
        "test",
        "core",
        "std",
        "alloc",
        "proc_macro",
        "proc-macro",
        "self",
        "crate",
    ];
    if RESERVED.contains(&name) {
        return Err(Error::new(format!(
            "`{name}` is reserved by Rust and cannot name a package; choose another name"
        )));
    }
    Ok(name.to_owned())
}

/// `my-shop_app` → `My Shop App`.
fn title(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The TOML of a dependency on one of this project's crates: by version, as it will be once
/// published ([`patch_section`] points it at a checkout until then).
fn dependency(krate: &str, features: &[&str]) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let features = if features.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        format!(", features = [{}]", list.join(", "))
    };
    format!("{krate} = {{ version = \"{version}\"{features} }}")
}

/// With a checkout: a `[patch.crates-io]` section that takes `inertia-runtime` from it, by a
/// path relative to the app, so the app builds wherever the two are moved or cloned side by
/// side, and no path of this machine is written. Without one: nothing.
fn patch_section(crates: &Crates, app_dir: &Path) -> String {
    let Crates::Path(root) = crates else {
        return String::new();
    };
    let path = relative_path(app_dir, &root.join("inertia-runtime"));
    // TOML basic strings: `\` and `"` escaped (Windows paths).
    let path = path
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    format!(
        "\n# inertia-runtime is not on crates.io yet: this takes it from a checkout, by a path\n\
         # relative to this file. Once it is published, delete these two lines and the version\n\
         # above comes from crates.io.\n\
         [patch.crates-io]\n\
         inertia-runtime = {{ path = \"{path}\" }}\n"
    )
}

/// `to` relative to the directory `from` (both made absolute first); `to` itself when they
/// share no root (another drive on Windows).
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (from, to) = (absolute(from), absolute(to));
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return to;
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to_parts[common..] {
        path.push(part.as_os_str());
    }
    path
}

/// The files of the app `options` describe, rendered.
pub(crate) fn plan(options: &Options) -> Result<Vec<Planned>, Error> {
    let name = package_name(&options.dir)?;
    let framework = options.framework;
    let ts = options.typescript;
    let mut features = Vec::new();
    if ts {
        features.push("typescript");
    }
    if options.ssr {
        features.push("embedded-ssr");
    }
    // The checkout the app takes inertia-runtime from, relative to the app (the Dockerfile's
    // build context for it).
    let checkout = match &options.crates {
        Crates::Path(root) => relative_path(&options.dir, root).display().to_string(),
        Crates::Registry => String::new(),
    };
    let mut context = Context::default();
    context
        .value("name", name.as_str())
        .value("title", title(&name))
        .value("framework_name", framework.display_name())
        .value("page_ext", framework.page_ext(ts))
        .value("entry_ext", framework.entry_ext(ts))
        .value("typecheck", framework.typecheck())
        .value("dev_command", "cargo inertia dev")
        .value(
            "runtime_dependency",
            dependency("inertia-runtime", &features),
        )
        .value(
            "test_dependency",
            dependency("inertia-runtime", &["testing"]),
        )
        .value("patch", patch_section(&options.crates, &options.dir))
        .value("checkout_context", checkout)
        .flag("checkout", matches!(options.crates, Crates::Path(_)))
        .flag("ts", ts)
        .flag("ssr", options.ssr);
    for f in Framework::ALL {
        context.flag(f.id(), f == framework);
    }

    let mut planned = Vec::new();
    for file in TEMPLATES {
        let Some(path) = destination(file.source, framework, options.ssr, ts) else {
            continue;
        };
        let contents = template::render(file.contents, &context).map_err(|e| {
            Error::new(format!(
                "template {} is broken at {e} (a bug in cargo-inertia; please report it)",
                file.source
            ))
        })?;
        planned.push(Planned {
            path,
            contents: contents.into_bytes(),
        });
    }
    // The README's picture of the app (the dashboard, taken by the starters' browser test).
    planned.push(Planned {
        path: PathBuf::from(SCREENSHOT.0),
        contents: SCREENSHOT.1.to_vec(),
    });
    for file in VITE_PLUGIN {
        let rest = file
            .source
            .strip_prefix("vite-plugin-inertia-axum/")
            .unwrap_or(file.source);
        // The embedded-SSR build's stand-in for the adapters' server module: SSR apps only
        // (nothing else imports it).
        if rest.starts_with("ssr-embedded-server.") && !options.ssr {
            continue;
        }
        planned.push(Planned {
            path: Path::new("frontend/vite-plugin-inertia-axum").join(rest),
            contents: file.contents.as_bytes().to_vec(),
        });
    }
    Ok(planned)
}

/// Where a template goes in an app, or `None` if the app does not have it.
fn destination(source: &str, framework: Framework, ssr: bool, ts: bool) -> Option<PathBuf> {
    let (group, rest) = source.split_once('/')?;
    let is_ssr_file = rest == "vite.ssr.config.ts" || rest.starts_with("src/ssr.");
    if is_ssr_file && !ssr {
        return None;
    }
    let path = match group {
        "app" => match rest {
            "gitignore" => ".gitignore".to_owned(),
            "env.example" => ".env.example".to_owned(),
            "Cargo.toml.in" => "Cargo.toml".to_owned(),
            // Dot directories: cargo leaves them out of its package.
            "cargo/config.toml" => ".cargo/config.toml".to_owned(),
            "dockerignore" => ".dockerignore".to_owned(),
            "github/workflows/ci.yml" => ".github/workflows/ci.yml".to_owned(),
            "deploy/service" => "deploy/systemd.service".to_owned(),
            _ if rest.starts_with("sqlx/") => format!(".{rest}"),
            _ => rest.to_owned(),
        },
        "frontend" => match rest {
            "tsconfig.json" if !ts => return None,
            "pages.d.ts" if !ts => return None,
            "pages.d.ts" => "frontend/src/types/pages.d.ts".to_owned(),
            // Generated from `src/routes.rs` (the app's test keeps them current).
            "routes.ts" if !ts => return None,
            "routes.js" if ts => return None,
            "routes.ts" | "routes.js" => format!("frontend/src/{rest}"),
            "npmrc" => "frontend/.npmrc".to_owned(),
            "app.css" | "appearance.ts" | "ui.ts" => format!("frontend/src/{rest}"),
            _ => format!("frontend/{rest}"),
        },
        _ if group == framework.id() => {
            format!("frontend/{rest}")
        }
        _ => return None,
    };
    // JavaScript apps: the same modules as .js/.jsx (the templates leave types out then).
    let path = if ts {
        path
    } else if let Some(stem) = path.strip_suffix(".tsx") {
        format!("{stem}.jsx")
    } else if let Some(stem) = path.strip_suffix(".ts") {
        format!("{stem}.js")
    } else {
        path
    };
    Some(PathBuf::from(path))
}

/// Writes the app and, unless told not to, installs and builds its frontend.
pub(crate) fn generate(options: &Options) -> Result<(), Error> {
    let planned = plan(options)?;
    let dir = &options.dir;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::new(format!("cannot read {}: {e}", dir.display())))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::new(format!(
                "{} already exists and is not empty; choose another name, or remove it first",
                dir.display()
            )));
        }
    }
    for file in &planned {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::new(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))?;
    }
    format_rust(dir, &planned);
    let repository = init_git(dir);
    steps::done(&format!(
        "Created {} ({}{}{}) in {}",
        package_name(dir)?,
        options.framework.display_name(),
        if options.typescript {
            ", TypeScript"
        } else {
            ""
        },
        if options.ssr {
            ", server-side rendering"
        } else {
            ""
        },
        dir.display()
    ));
    if let Crates::Path(root) = &options.crates {
        steps::note(&format!(
            "Using this project's crates from {}",
            root.display()
        ));
    }
    if repository {
        steps::note("A git repository, with .gitignore (nothing committed yet)");
    }
    if options.install {
        let frontend = dir.join("frontend");
        steps::require_node().map_err(|e| {
            Error::new(format!(
                "{e}. The app is written: once Node.js is installed, run `npm install && npm run format && npm run build` in {} (not `cargo inertia new` again, which refuses a directory that exists)",
                frontend.display()
            ))
        })?;
        steps::run(
            "Installing the frontend's packages (npm install)",
            steps::npm(&frontend, &["install", "--no-audit", "--no-fund"]),
        )?;
        // Biome writes the frontend in its own style (as rustfmt does the Rust above), so
        // `npm run lint` passes on a new app.
        steps::run(
            "Formatting the frontend (npm run format)",
            steps::npm(&frontend, &["run", "format"]),
        )?;
        steps::run(
            "Building the frontend (npm run build)",
            steps::npm(&frontend, &["run", "build"]),
        )?;
    }
    let cd = dir.display();
    println!();
    println!("Next:");
    println!("    cd {cd}");
    if !options.install {
        println!("    (cd frontend && npm install && npm run format && npm run build)");
    }
    println!("    cargo inertia dev      # the app on http://127.0.0.1:3000, with hot reload");
    println!("    cargo test             # its tests");
    let name = package_name(dir)?;
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(target) => println!(
            "    cargo inertia build    # one release binary: {}",
            Path::new(&target).join("release").join(&name).display()
        ),
        None => {
            println!("    cargo inertia build    # one release binary: target/release/{name}");
            // Measured (scripts/first-hour.sh): a first app's first page takes about two
            // minutes of compiling, a second app's about ten seconds with the same target.
            println!();
            println!(
                "Several apps? Give them one target directory and they compile their dependencies once:"
            );
            println!("    export CARGO_TARGET_DIR=~/.cache/cargo-inertia/target");
        }
    }
    Ok(())
}

/// Makes the app a git repository, as `cargo new` does: unless it is inside one already (a
/// monorepo) or git is not installed. Whether it did.
fn init_git(dir: &Path) -> bool {
    let inside = std::process::Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match inside {
        Err(_) => false,               // no git
        Ok(s) if s.success() => false, // inside a repository already
        Ok(_) => std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(dir)
            .status()
            .is_ok_and(|s| s.success()),
    }
}

/// Lays out the Rust files as `cargo fmt` would (the templates' lines depend on the app's
/// name and options). Without rustfmt (a minimal toolchain) they stay as rendered.
fn format_rust(dir: &Path, planned: &[Planned]) {
    let files: Vec<PathBuf> = planned
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| dir.join(&f.path))
        .collect();
    let formatted = std::process::Command::new("rustfmt")
        .args(["--edition", "2024"])
        .args(&files)
        .status()
        .is_ok_and(|s| s.success());
    if !formatted {
        steps::note(
            "rustfmt is not available; the Rust files are not formatted (`rustup component add rustfmt`, then `cargo fmt`)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(framework: Framework, ssr: bool, typescript: bool) -> Options {
        Options {
            dir: PathBuf::from("/tmp/my-app"),
            framework,
            ssr,
            typescript,
            crates: Crates::Path(PathBuf::from("/src/inertia")),
            install: false,
        }
    }

    fn every_option() -> Vec<Options> {
        let mut all = Vec::new();
        for framework in Framework::ALL {
            for ssr in [false, true] {
                for ts in [false, true] {
                    all.push(options(framework, ssr, ts));
                }
            }
        }
        all
    }

    #[test]
    fn every_combination_renders_without_leftover_directives() {
        for options in every_option() {
            let planned = plan(&options).unwrap();
            // (The screenshot is bytes, not a template.)
            for file in planned.iter().filter(|f| f.path != Path::new(SCREENSHOT.0)) {
                assert!(
                    !String::from_utf8_lossy(&file.contents).contains("@@"),
                    "{:?}: {} has an unrendered directive",
                    options,
                    file.path.display()
                );
            }
        }
    }

    #[test]
    fn every_template_is_used_by_some_app() {
        let mut used = std::collections::BTreeSet::new();
        for options in every_option() {
            for file in TEMPLATES {
                if destination(
                    file.source,
                    options.framework,
                    options.ssr,
                    options.typescript,
                )
                .is_some()
                {
                    used.insert(file.source);
                }
            }
        }
        let unused: Vec<_> = TEMPLATES
            .iter()
            .map(|f| f.source)
            .filter(|s| !used.contains(s))
            .collect();
        assert!(unused.is_empty(), "never written: {unused:?}");
    }

    /// A file added to `templates/` (a migration, the query data in `app/sqlx/`) but not to
    /// [`TEMPLATES`] would silently be left out of every app.
    #[test]
    fn every_file_in_the_templates_directory_is_a_template() {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, root, out);
                } else {
                    let rest = path.strip_prefix(root).unwrap().to_str().unwrap();
                    out.push(rest.replace('\\', "/"));
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        let listed: Vec<&str> = TEMPLATES
            .iter()
            .chain(VITE_PLUGIN)
            .map(|f| f.source)
            .collect();
        let screenshot = format!("app/{}", SCREENSHOT.0);
        let missing: Vec<&String> = files
            .iter()
            .filter(|f| !listed.contains(&f.as_str()) && **f != screenshot)
            .collect();
        assert!(files.len() > 40, "{files:?}");
        assert!(missing.is_empty(), "not in TEMPLATES: {missing:?}");
    }

    #[test]
    fn the_readme_explains_every_file_the_app_has() {
        // Each file written is in the table of files: named, or under a folder named there.
        for options in every_option() {
            let planned = plan(&options).unwrap();
            let readme = contents(&planned, "README.md");
            let named: Vec<&str> = readme
                .lines()
                .filter(|l| l.starts_with("| `"))
                .flat_map(|l| l.split('`').skip(1).step_by(2))
                .collect();
            let unexplained: Vec<String> = planned
                .iter()
                .map(|f| f.path.display().to_string())
                .filter(|path| {
                    !named
                        .iter()
                        .any(|n| path == n || (n.ends_with('/') && path.starts_with(n)))
                })
                .collect();
            assert!(
                unexplained.is_empty(),
                "README.md of {options:?} does not explain {unexplained:?}"
            );
        }
    }

    #[test]
    fn the_readme_names_only_files_the_app_has() {
        // Its table of files, `| `path` | … |`: each path (or folder) is one the app has.
        for options in every_option() {
            let planned = plan(&options).unwrap();
            let readme = contents(&planned, "README.md");
            let rows: Vec<&str> = readme
                .lines()
                .filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(p, _)| p))
                .collect();
            assert!(rows.len() >= 5, "{rows:?}");
            for path in rows {
                assert!(
                    planned
                        .iter()
                        .any(|f| f.path.display().to_string().starts_with(path)),
                    "README.md of {options:?} names `{path}`, which the app does not have"
                );
            }
        }
    }

    /// The text of the planned file at `path`.
    fn contents<'a>(planned: &'a [Planned], path: &str) -> &'a str {
        let file = planned
            .iter()
            .find(|f| f.path == Path::new(path))
            .unwrap_or_else(|| panic!("{path} is not planned"));
        std::str::from_utf8(&file.contents).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_readme_shows_the_screenshot_every_app_has() {
        // A PNG (its signature), shown by the README at the path it is written to.
        assert!(SCREENSHOT.1.starts_with(b"\x89PNG\r\n\x1a\n"));
        for options in every_option() {
            let planned = plan(&options).unwrap();
            let readme = contents(&planned, "README.md");
            assert!(
                readme.contains(&format!("]({})", SCREENSHOT.0)),
                "README.md of {options:?} does not show the screenshot"
            );
        }
    }

    fn paths(options: &Options) -> Vec<String> {
        plan(options)
            .unwrap()
            .iter()
            .map(|f| f.path.display().to_string())
            .collect()
    }

    #[test]
    fn apps_get_their_framework_language_and_ssr_files_only() {
        let vue = paths(&options(Framework::Vue, true, true));
        for expected in [
            "Cargo.toml",
            ".gitignore",
            "README.md",
            "src/main.rs",
            "frontend/.npmrc",
            "frontend/vite.config.ts",
            "frontend/vite.ssr.config.ts",
            "frontend/tsconfig.json",
            "frontend/src/types/pages.d.ts",
            "src/routes.rs",
            "frontend/src/routes.ts",
            "frontend/src/main.ts",
            "frontend/src/ssr.ts",
            "frontend/src/Pages/Contacts/Index.vue",
            "frontend/vite-plugin-inertia-axum/index.js",
        ] {
            assert!(
                vue.contains(&expected.to_owned()),
                "{expected} missing: {vue:?}"
            );
        }
        assert!(
            !vue.iter()
                .any(|p| p.ends_with(".tsx") || p.ends_with(".svelte"))
        );

        assert!(
            vue.contains(&"frontend/vite-plugin-inertia-axum/ssr-embedded-server.js".to_owned())
        );
        let react_js = paths(&options(Framework::React, false, false));
        assert!(
            !react_js.iter().any(|p| p.contains("ssr-embedded-server")),
            "no SSR files in an app without SSR"
        );
        assert!(react_js.contains(&"frontend/src/Pages/Dashboard.jsx".to_owned()));
        assert!(react_js.contains(&"frontend/src/pages.js".to_owned()));
        assert!(react_js.contains(&"frontend/vite.config.js".to_owned()));
        // The untyped route helpers, not the typed ones.
        assert!(react_js.contains(&"frontend/src/routes.js".to_owned()));
        assert!(!vue.contains(&"frontend/src/routes.js".to_owned()));
        let own: Vec<&String> = react_js
            .iter()
            .filter(|p| !p.starts_with("frontend/vite-plugin-inertia-axum/"))
            .collect();
        assert!(
            !own.iter().any(|p| p.contains("ssr")
                || p.ends_with("tsconfig.json")
                || p.ends_with(".d.ts")
                || p.ends_with(".ts")
                || p.ends_with(".tsx")),
            "{own:?}"
        );

        let svelte = paths(&options(Framework::Svelte, false, true));
        assert!(svelte.contains(&"frontend/svelte.config.js".to_owned()));
        assert!(svelte.contains(&"frontend/src/Pages/ErrorPage.svelte".to_owned()));
    }

    #[test]
    fn the_cargo_manifest_names_the_app_and_the_features_it_needs() {
        let planned = plan(&options(Framework::Svelte, true, true)).unwrap();
        let manifest = contents(&planned, "Cargo.toml");
        assert!(manifest.contains("name = \"my-app\""), "{manifest}");
        assert!(manifest.contains(
            "inertia-runtime = { version = \"0.1.0\", features = [\"typescript\", \"embedded-ssr\"] }"
        ), "{manifest}");
        // The checkout, by a path relative to the app (`/tmp/my-app` → `/src/inertia`).
        assert!(
            manifest.contains("[patch.crates-io]\ninertia-runtime = { path = \"../../src/inertia/inertia-runtime\" }"),
            "{manifest}"
        );
        assert!(manifest.contains("ts-rs"));
        let mut registry = options(Framework::React, false, false);
        registry.crates = Crates::Registry;
        let planned = plan(&registry).unwrap();
        let manifest = contents(&planned, "Cargo.toml");
        assert!(
            manifest.contains("inertia-runtime = { version = \"0.1.0\" }"),
            "{manifest}"
        );
        assert!(
            !manifest.contains("ts-rs")
                && !manifest.contains("path =")
                && !manifest.contains("[patch"),
            "{manifest}"
        );
    }

    #[test]
    fn the_env_example_names_every_setting_the_app_reads() {
        let planned = plan(&options(Framework::React, true, true)).unwrap();
        let example = contents(&planned, ".env.example");
        // The server's own (`Server::from_env`), read from its source so a new one must be
        // added here too.
        let server = include_str!("../../inertia-runtime/src/server/env.rs");
        let mut names: Vec<&str> = server
            .split('"')
            .filter(|s| {
                s.starts_with("INERTIA_") && s.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        assert!(names.len() >= 10, "{names:?}");
        // The app's (its main.rs).
        names.extend([
            "HOST",
            "PORT",
            "DATABASE_URL",
            "APP_URL",
            "APP_KEY",
            "RUST_LOG",
        ]);
        for name in names {
            assert!(
                example
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{name}="))),
                "{name} is not in .env.example"
            );
        }
        let gitignore = contents(&planned, ".gitignore");
        assert!(gitignore.lines().any(|l| l == "/.env"), "{gitignore}");
    }

    #[test]
    fn relative_paths() {
        let rel = |a: &str, b: &str| {
            relative_path(Path::new(a), Path::new(b))
                .display()
                .to_string()
        };
        assert_eq!(
            rel("/work/apps/shop", "/work/inertia/inertia-runtime"),
            "../../inertia/inertia-runtime"
        );
        assert_eq!(
            rel("/work/inertia/shop", "/work/inertia/inertia-runtime"),
            "../inertia-runtime"
        );
        assert_eq!(rel("/a", "/a/b"), "b");
    }

    #[test]
    fn names_are_checked_as_cargo_would() {
        assert_eq!(package_name(Path::new("apps/my-shop")).unwrap(), "my-shop");
        for bad in ["1app", "my app", "café", "test", "-x", ""] {
            assert!(package_name(Path::new(bad)).is_err(), "{bad:?} accepted");
        }
        assert_eq!(title("my-shop_app"), "My Shop App");
    }
}
