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

/// `text` as one shell word: as it is when it holds only characters no shell reads specially,
/// else single-quoted (a `[a,b]` list is a glob, a command has spaces).
pub fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_./:=@,+-".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
