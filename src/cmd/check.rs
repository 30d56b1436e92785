//! `scaffold check`: each generated file's state, for CI. Exit 1 when anything is stale or missing.

use crate::cli::CheckArgs;
use crate::cli::Existing;
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};
use crate::plan::{Action, conflict_markers};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileState {
    /// As `scaffold` wrote it, and still what it renders.
    Pristine,
    /// Changed by the user; the render has not moved since.
    UserEdited,
    /// The render differs from what was last written: `scaffold update` has work to do.
    Stale,
    /// Rendered but not on disk.
    Missing,
    /// Written by scaffold, then deleted by the user: left deleted (as `update` does).
    UserDeleted,
    /// Holds unresolved conflict markers.
    Conflicted,
    /// Left to the team by `exclude` in scaffold.yaml (a path or glob, not a file).
    Excluded,
    /// The team's own file at the usual path; scaffold's version is written elsewhere (`moved`).
    Moved,
}

#[derive(Serialize)]
struct Row {
    path: String,
    state: FileState,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

pub fn run(args: &CheckArgs) -> Result<()> {
    let session = prepare(&args.project.dir, vec![require_project_layer(&args.project.dir)?], false, Existing::Keep)?;
    let mut rows = Vec::new();
    // Secrets are git-ignored, so a CI checkout never has them: not a check failure.
    for c in session.changes.iter().filter(|c| !c.secret) {
        let markers = c.disk.as_deref().is_some_and(|d| !conflict_markers(d).is_empty());
        let state = match c.action {
            _ if markers && !c.foreign => FileState::Conflicted,
            Action::Create => FileState::Missing,
            Action::UserDeleted => FileState::UserDeleted,
            Action::Unchanged if c.user_edited => FileState::UserEdited,
            Action::Unchanged => FileState::Pristine,
            Action::KeptEdited | Action::KeptYours => continue,
            Action::Update | Action::Merged | Action::Conflict | Action::Delete => FileState::Stale,
        };
        rows.push(Row { path: c.path.clone(), state, reason: None });
    }
    for e in &session.spec.answers.exclude {
        let reason = e.reason.as_ref().map(ToString::to_string);
        rows.push(Row { path: e.path.to_string(), state: FileState::Excluded, reason });
    }
    for m in &session.spec.answers.moved {
        let reason = Some(format!("scaffold's version: `{}`", m.to));
        rows.push(Row { path: m.path.to_string(), state: FileState::Moved, reason });
    }
    for warning in session.secret_warnings() {
        eprintln!("warning: {warning}");
    }
    let conflicted = rows.iter().filter(|r| r.state == FileState::Conflicted).count();
    let bad = rows.iter().filter(|r| matches!(r.state, FileState::Stale | FileState::Missing)).count();
    if args.json {
        super::print_json(vec![("files", serde_json::to_value(&rows).expect("rows serialize"))]);
    } else {
        // `--quiet`: only the files that are not as scaffold wrote them.
        for r in rows.iter().filter(|r| !(crate::output::quiet() && r.state == FileState::Pristine)) {
            let state = serde_json::to_value(r.state).expect("state serializes");
            let reason = r.reason.as_ref().map(|x| format!("  ({x})")).unwrap_or_default();
            println!("{:<12} {}{reason}", state.as_str().unwrap_or(""), r.path);
        }
    }
    if conflicted > 0 {
        return Err(Error::Found(format!(
            "{conflicted} {} unresolved conflict markers: resolve them (keep the lines you want, delete the `<<<<<<<`, `=======` and `>>>>>>>` lines), then run `scaffold check` again",
            if conflicted == 1 { "file holds" } else { "files hold" }
        )));
    }
    let deleted = rows.iter().filter(|r| r.state == FileState::UserDeleted).count();
    if deleted > 0 && !args.json {
        println!(
            "{deleted} deleted by you and left deleted: `scaffold update --restore` brings them back, or add them to `exclude`"
        );
    }
    if bad > 0 {
        let what = if bad == 1 { "file is" } else { "files are" };
        return Err(Error::Found(format!("{bad} {what} stale or missing: run `scaffold update`")));
    }
    Ok(())
}
