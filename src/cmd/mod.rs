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

/// The version of every `--json` document (README, "JSON output"): raised only when a field
/// changes its meaning or goes away; new fields may appear within a version.
pub const JSON_FORMAT: u64 = 1;

/// Prints a `--json` document: `{"format": JSON_FORMAT, <key>: <value>, ...}`.
pub fn print_json(fields: Vec<(&str, serde_json::Value)>) {
    let mut doc = serde_json::Map::new();
    doc.insert("format".to_owned(), JSON_FORMAT.into());
    for (key, value) in fields {
        doc.insert(key.to_owned(), value);
    }
    println!("{}", serde_json::to_string_pretty(&doc).expect("a JSON value serializes"));
}

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
