//! How much the commands print (`--quiet`, `--verbose`), set once by `run` before anything prints;
//! errors and warnings are printed whatever it is.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// What failed, warnings and errors: for CI logs.
    Quiet,
    Normal,
    /// Also what passed or stayed the same.
    Verbose,
}

static LEVEL: OnceLock<Verbosity> = OnceLock::new();

pub fn set(level: Verbosity) {
    let _ = LEVEL.set(level);
}

pub fn level() -> Verbosity {
    LEVEL.get().copied().unwrap_or(Verbosity::Normal)
}

pub fn quiet() -> bool {
    level() == Verbosity::Quiet
}

pub fn verbose() -> bool {
    level() == Verbosity::Verbose
}
