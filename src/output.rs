//! How the commands print, set once by `run` before anything prints: in colour or not (`--color`,
//! `NO_COLOR`, `CLICOLOR_FORCE`), and how much (`--quiet`, `--verbose`). Errors and warnings are
//! printed whatever it is.

use crate::cli::{Cli, Color};
use crate::diff::Style;
use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// What failed, warnings and errors: for CI logs.
    Quiet,
    Normal,
    /// Also what passed or stayed the same.
    Verbose,
}

static CHOSEN: OnceLock<(Color, Verbosity)> = OnceLock::new();

pub fn set(cli: &Cli) {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let _ = CHOSEN.set((cli.color, verbosity));
}

fn chosen() -> (Color, Verbosity) {
    CHOSEN.get().copied().unwrap_or((Color::Auto, Verbosity::Normal))
}

pub fn quiet() -> bool {
    chosen().1 == Verbosity::Quiet
}

pub fn verbose() -> bool {
    chosen().1 == Verbosity::Verbose
}

/// `--color always|never` decides; otherwise colour on a terminal, never when `NO_COLOR` is set
/// (https://no-color.org), and always when `CLICOLOR_FORCE` is (https://bixense.com/clicolors/).
pub fn stdout_style() -> Style {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let color = match chosen().0 {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if set("NO_COLOR") => false,
        Color::Auto => set("CLICOLOR_FORCE") || std::io::stdout().is_terminal(),
    };
    Style { color, unchanged: verbose() }
}
