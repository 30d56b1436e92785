//! Long output (the review's diffs) through the user's pager, as git does: `$PAGER`, else `less`
//! with `LESS=FRX` unless `LESS` is set, so that a short text prints and returns at once. Without
//! a terminal on standard output, or when no pager starts, the text is printed as it is.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// Shows `text`, returning once the reader has left the pager.
pub fn show(text: &str) {
    let mut out = std::io::stdout();
    let pager = std::env::var("PAGER").ok().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| "less".to_owned());
    if text.is_empty() || !out.is_terminal() || pager.trim() == "cat" {
        print!("{text}");
        return;
    }
    // What was printed before (the summary) comes before the pager's screen.
    let _ = out.flush();
    let mut command = Command::new("sh");
    command.arg("-c").arg(&pager).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        command.env("LESS", "FRX");
    }
    let Ok(mut child) = command.spawn() else {
        print!("{text}");
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A reader who quits early closes the pipe: the rest is not wanted, not an error.
        let _ = stdin.write_all(text.as_bytes());
    }
    // `sh` says 127 when the pager is not installed: the text is still owed.
    if child.wait().is_ok_and(|status| status.code() == Some(127)) {
        print!("{text}");
    }
}
