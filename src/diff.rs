//! How a set of changes is shown to a person: a summary table, then unified diffs of the hunks.
//!
//! Colour is a parameter, decided once by the caller (a terminal, and `NO_COLOR` unset), so the
//! same text without escapes is what tests and pipes see.

use crate::plan::{Action, Change};
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// The summary lists the files a change leaves as they are, too (`--verbose`).
    pub unchanged: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }
}

/// `file` or `files` for a count.
pub fn files(n: usize) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

pub fn summary(changes: &[Change], style: Style) -> String {
    let mut out = String::new();
    let mut counts: BTreeMap<Action, usize> = BTreeMap::new();
    let shown: Vec<&Change> =
        changes.iter().filter(|c| style.unchanged || c.action != Action::Unchanged || c.user_edited).collect();
    for c in changes {
        *counts.entry(c.action).or_default() += 1;
    }
    let plain = |c: &Change| match c.action {
        Action::Unchanged if c.user_edited => "unchanged (your edits kept)",
        _ => c.action.label(),
    };
    // Padded before painting: escape codes take no columns on screen.
    let width = shown.iter().map(|c| plain(c).len()).max().unwrap_or(0).max(12);
    for c in shown {
        let padded = format!("{:<width$}", plain(c));
        let label = match c.action {
            Action::Create => style.paint("32", &padded),
            Action::Delete | Action::Conflict => style.paint("31", &padded),
            Action::Unchanged => padded,
            _ => style.paint("33", &padded),
        };
        let mut note = String::new();
        if !c.conflicts.is_empty() {
            let lines: Vec<String> = c.conflicts.iter().map(usize::to_string).collect();
            note = format!("  conflict markers at line {}", lines.join(", "));
        }
        let _ = writeln!(out, "  {label} {}{note}", c.path);
    }
    let total: Vec<String> = counts.iter().map(|(a, n)| format!("{n} {}", a.label())).collect();
    let _ = writeln!(out, "{}", total.join(", "));
    out
}

pub fn unified(change: &Change, style: Style) -> String {
    let before = change.disk.as_deref().unwrap_or("");
    let after = change.after.as_deref().unwrap_or("");
    if before == after {
        return String::new();
    }
    let (old, new) = (format!("a/{}", change.path), format!("b/{}", change.path));
    if change.secret {
        return format!(
            "{}\n(generated secret in the private secrets/ directory: content not shown)\n",
            style.paint("1", &format!("--- {old}\n+++ {new}"))
        );
    }
    let diff = TextDiff::from_lines(before, after);
    let mut out = style.paint("1", &format!("--- {old}\n+++ {new}"));
    out.push('\n');
    for group in diff.grouped_ops(3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let (o, n) = (first.old_range().start..last.old_range().end, first.new_range().start..last.new_range().end);
        let header = format!("@@ -{},{} +{},{} @@", o.start + 1, o.len(), n.start + 1, n.len());
        out.push_str(&style.paint("36", &header));
        out.push('\n');
        for op in &group {
            for ch in diff.iter_changes(op) {
                let (sign, code) = match ch.tag() {
                    ChangeTag::Delete => ('-', "31"),
                    ChangeTag::Insert => ('+', "32"),
                    ChangeTag::Equal => (' ', ""),
                };
                let line = format!("{sign}{}", ch.value().trim_end_matches('\n'));
                out.push_str(&if code.is_empty() { line } else { style.paint(code, &line) });
                out.push('\n');
                if ch.missing_newline() {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, action: Action) -> Change {
        Change {
            path: path.into(),
            action,
            disk: None,
            after: None,
            render: None,
            mode: 0o644,
            conflicts: Vec::new(),
            user_edited: action == Action::Unchanged,
            secret: false,
            foreign: false,
        }
    }

    #[test]
    fn the_summary_columns_align_with_and_without_colour() {
        let changes =
            [change("a.yml", Action::Create), change("b.yml", Action::Unchanged), change("c", Action::KeptYours)];
        for color in [false, true] {
            let text = summary(&changes, Style { color, unchanged: true });
            let (mut plain, mut rest) = (String::new(), text.as_str());
            while let Some(at) = rest.find("\x1b[") {
                plain.push_str(&rest[..at]);
                rest = &rest[at + rest[at..].find('m').unwrap() + 1..];
            }
            plain.push_str(rest);
            let column: Vec<usize> =
                plain.lines().filter(|l| l.starts_with("  ")).map(|l| l.rfind(' ').unwrap()).collect();
            assert!(column.windows(2).all(|w| w[0] == w[1]), "colour {color}: {plain}");
        }
    }
}
