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

use crate::diff::Style;
use std::io::IsTerminal;

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn stdout_style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style { color: !no_color && std::io::stdout().is_terminal() }
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
