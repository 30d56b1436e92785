//! `scaffold check`: each generated file's state, for CI. Exit 1 when anything is stale or missing.

use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};
use crate::plan::Action;
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
}

#[derive(Serialize)]
struct Row<'a> {
    path: &'a str,
    state: FileState,
}

pub fn run(args: &CheckArgs) -> Result<()> {
    let session = prepare(&args.project.dir, vec![require_project_layer(&args.project.dir)?], false)?;
    let mut rows = Vec::new();
    // Secrets are git-ignored, so a CI checkout never has them: not a check failure.
    for c in session.changes.iter().filter(|c| !c.secret) {
        let state = match c.action {
            Action::Create | Action::UserDeleted => FileState::Missing,
            Action::Unchanged if c.user_edited => FileState::UserEdited,
            Action::Unchanged => FileState::Pristine,
            Action::KeptEdited => continue,
            Action::Update | Action::Merged | Action::Conflict | Action::Delete => FileState::Stale,
        };
        rows.push(Row { path: &c.path, state });
    }
    let bad = rows.iter().filter(|r| matches!(r.state, FileState::Stale | FileState::Missing)).count();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows).expect("rows serialize"));
    } else {
        for r in &rows {
            let state = serde_json::to_value(r.state).expect("state serializes");
            println!("{:<12} {}", state.as_str().unwrap_or(""), r.path);
        }
    }
    if bad > 0 {
        return Err(Error::Found(format!("{bad} files are stale or missing: run `scaffold update`")));
    }
    Ok(())
}
