//! One module per subcommand, each a `run` taking its parsed arguments.

pub mod change;
pub mod check;
pub mod checklist;
pub mod detect;
pub mod diff;
pub mod init;
pub mod list;
pub mod schema;
pub mod verify;

use crate::cli::Color;
use crate::diff::Style;
use std::io::IsTerminal;

/// `--color`, set once by `run` before any command prints.
static COLOR: std::sync::OnceLock<Color> = std::sync::OnceLock::new();

pub fn set_color(choice: Color) {
    let _ = COLOR.set(choice);
}

/// `--color always|never` decides; otherwise colour on a terminal, never when `NO_COLOR` is set
/// (https://no-color.org), and always when `CLICOLOR_FORCE` is (https://bixense.com/clicolors/).
pub fn stdout_style() -> Style {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let color = match COLOR.get().copied().unwrap_or(Color::Auto) {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if set("NO_COLOR") => false,
        Color::Auto => set("CLICOLOR_FORCE") || std::io::stdout().is_terminal(),
    };
    Style { color }
}

/// `text` as one shell word: as it is when it holds only characters no shell reads specially,
/// else single-quoted (a `[a,b]` list is a glob, a command has spaces).
pub fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_./:=@,+-".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
