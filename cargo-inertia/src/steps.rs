//! How the commands talk to the user and run other programs: steps with their duration,
//! errors as sentences that say what to do.

use std::fmt;
use std::io::IsTerminal;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// A failure the user can act on; printed as `error: …` and exit status 1.
#[derive(Debug)]
pub(crate) struct Error(String);

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// Whether to color what we print (a terminal, and `NO_COLOR` unset).
pub(crate) fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn paint(code: &str, text: &str) -> String {
    if color() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// The start of a step.
pub(crate) fn start(what: &str) {
    eprintln!("{} {what}", paint("1;36", "==>"));
}

/// Something finished.
pub(crate) fn done(what: &str) {
    eprintln!("{} {what}", paint("1;32", "✔"));
}

/// Something worth knowing.
pub(crate) fn note(what: &str) {
    eprintln!("{} {what}", paint("1;33", "•"));
}

/// Runs `command` as a step: its output goes straight to the terminal (npm, Vite and cargo
/// show their own progress), then how long it took.
pub(crate) fn run(what: &str, mut command: Command) -> Result<(), Error> {
    start(what);
    let began = Instant::now();
    let status = command
        .status()
        .map_err(|e| Error::new(format!("{what}: cannot start {} ({e})", program(&command))))?;
    if !status.success() {
        return Err(Error::new(format!(
            "{what} failed ({}); its output is above",
            describe_status(status)
        )));
    }
    done(&format!("{what}: {:.1} s", began.elapsed().as_secs_f64()));
    Ok(())
}

fn program(command: &Command) -> String {
    command.get_program().to_string_lossy().into_owned()
}

/// `exit status 1`, or the signal that ended it.
pub(crate) fn describe_status(status: std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("ended by signal {signal}");
        }
    }
    status.to_string()
}

/// `npm` with `args`, in `dir` (`npm.cmd` on Windows).
pub(crate) fn npm(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" });
    command.args(args).current_dir(dir);
    command
}

/// Node and npm must be on `PATH`.
///
/// The message says what to install; the caller adds what to run then.
pub(crate) fn require_node() -> Result<(), Error> {
    for (program, what) in [
        ("node", "Node.js"),
        (if cfg!(windows) { "npm.cmd" } else { "npm" }, "npm"),
    ] {
        let found = Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Err(Error::new(format!(
                "{what} is not installed (`{program}` is not on PATH); the frontend is built with it. Install Node.js 20 or newer (it comes with npm)"
            )));
        }
    }
    Ok(())
}

/// The frontend's packages must be installed.
pub(crate) fn require_node_modules(frontend: &Path) -> Result<(), Error> {
    if frontend.join("node_modules").is_dir() {
        return Ok(());
    }
    Err(Error::new(format!(
        "the frontend's packages are not installed ({} is missing); run `npm install` in {} first",
        frontend.join("node_modules").display(),
        frontend.display()
    )))
}
