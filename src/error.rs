//! The one error type every command returns, and the exit code each kind maps to.
//!
//! Values carry plain text only: `main` decides how to print them, so no colour or
//! terminal state leaks into an error that a test or a `--json` caller reads.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit codes, in one place so that scripts can rely on them.
pub mod exit {
    pub const OK: i32 = 0;
    /// `check`/`diff`/`verify` found something (differences, failures).
    pub const FOUND: i32 = 1;
    /// Bad invocation or bad answers: nothing was written.
    pub const USAGE: i32 = 2;
    /// Reading or writing the project failed.
    pub const IO: i32 = 3;
    /// The user aborted at a prompt (SIGINT convention).
    pub const INTERRUPTED: i32 = 130;
}

#[derive(Debug)]
pub enum Error {
    /// The invocation or the answers are wrong; the message names the field and what is allowed.
    Input(String),
    /// A filesystem operation failed on `path`.
    Io { path: PathBuf, source: std::io::Error },
    /// A template failed to render: a defect in `scaffold` or in a contributed template.
    Template(String),
    /// A comparison or validation found something; the details were already printed.
    Found(String),
    /// Not a failure but an answer, as `diff` answers "something would change" with exit 1: the
    /// message goes to stdout, without `error:`.
    Answer(String),
    /// The user chose to stop.
    Aborted,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn input(msg: impl Into<String>) -> Self {
        Error::Input(msg.into())
    }

    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Template(_) => exit::USAGE,
            Error::Io { .. } => exit::IO,
            Error::Found(_) | Error::Answer(_) => exit::FOUND,
            Error::Aborted => exit::INTERRUPTED,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) | Error::Found(m) | Error::Answer(m) => f.write_str(m),
            Error::Template(m) => write!(f, "template error: {m}"),
            Error::Io { path, source } => write!(f, "`{}`: {source}", path.display()),
            Error::Aborted => f.write_str("aborted: nothing was written"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
