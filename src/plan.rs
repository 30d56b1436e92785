//! A `Plan` is every file the answers render to, in memory. Comparing it with the disk and with
//! the last-written base gives one `Change` per file: what would happen, and the exact content.

use crate::error::Result;
use crate::merge::merge3;
use crate::state::State;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    pub content: String,
    pub mode: u32,
    /// The component that rendered it, for the summary.
    pub component: String,
    /// The path its template usually renders to, when `moved` put it elsewhere.
    pub usual: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct Plan {
    pub files: BTreeMap<String, PlannedFile>,
    /// `secrets/<name>` → a freshly generated value, used only if the file does not exist yet.
    pub secrets: BTreeMap<String, String>,
    /// `secrets/<name>` the team provides → what it holds.
    pub provided: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// New file.
    Create,
    /// The file is as `scaffold` last wrote it; the new render replaces it.
    Update,
    /// Both the user and the new render changed it, in different places: both kept.
    Merged,
    /// Both changed the same lines: written with conflict markers only if accepted.
    Conflict,
    /// No longer rendered and untouched by the user: removed.
    Delete,
    /// Same content on disk already (or only the user changed it and the render did not).
    Unchanged,
    /// No longer rendered but edited by the user: kept, and forgotten by `scaffold`.
    KeptEdited,
    /// Rendered before, removed by the user: stays removed unless `--restore`.
    UserDeleted,
    /// The repository's own file, which scaffold never wrote: kept as it is, and excluded or
    /// scaffold's version written under another name.
    KeptYours,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Merged => "merged",
            Action::Conflict => "conflict",
            Action::Delete => "delete",
            Action::Unchanged => "unchanged",
            Action::KeptEdited => "kept (user-edited, no longer rendered)",
            Action::UserDeleted => "user-deleted (kept removed)",
            Action::KeptYours => "kept yours",
        }
    }

    /// Whether accepting this change writes to the project.
    pub fn writes(self) -> bool {
        matches!(self, Action::Create | Action::Update | Action::Merged | Action::Conflict | Action::Delete)
    }
}

#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub action: Action,
    /// What is on disk now.
    pub disk: Option<String>,
    /// What the file will hold after this change (`None`: removed or left absent).
    pub after: Option<String>,
    /// The fresh render: the next merge base once this change is accepted.
    pub render: Option<String>,
    pub mode: u32,
    /// 1-based lines of conflict markers in `after`.
    pub conflicts: Vec<usize>,
    /// True when the user changed the file since `scaffold` last wrote it.
    pub user_edited: bool,
    /// A generated secret: in the private (0700) `secrets/`, never shown, never overwritten, never
    /// kept as a base.
    pub secret: bool,
    /// The file was on disk before scaffold ever wrote it, and differs from the render.
    pub foreign: bool,
}

/// 1-based lines of unresolved conflict markers (`<<<<<<< ` with a `>>>>>>> ` after it) in `text`.
pub fn conflict_markers(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| l.starts_with("<<<<<<< ") && lines[i + 1..].iter().any(|x| x.starts_with(">>>>>>> ")))
        .map(|(i, _)| i + 1)
        .collect()
}

pub fn read_disk(dir: &Path, path: &str) -> Result<Option<String>> {
    crate::read::project_file(dir, path)
}

impl Plan {
    /// Compares the plan with the project in `dir`; `restore` brings back files the user deleted.
    pub fn compare(&self, dir: &Path, state: &State, restore: bool, theirs_label: &str) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        for (path, file) in &self.files {
            let disk = read_disk(dir, path)?;
            let base = state.base(dir, path)?;
            let new = &file.content;
            let mut change = Change {
                path: path.clone(),
                action: Action::Unchanged,
                disk: disk.clone(),
                after: Some(new.clone()),
                render: Some(new.clone()),
                mode: file.mode,
                conflicts: Vec::new(),
                user_edited: false,
                secret: false,
                foreign: false,
            };
            match (&disk, &base) {
                (None, Some(_)) if !restore => {
                    change.action = Action::UserDeleted;
                    change.after = None;
                }
                (None, _) => change.action = Action::Create,
                (Some(d), _) if d == new => {}
                (Some(d), Some(b)) if d == b => change.action = Action::Update,
                (Some(d), Some(b)) if b == new => {
                    change.user_edited = true;
                    change.after = Some(d.clone());
                }
                (Some(d), base) => {
                    // A file `scaffold` never wrote merges against an empty base: every line of
                    // it is the user's, so nothing of it can be replaced without a conflict.
                    let merged = merge3(base.as_deref().unwrap_or(""), d, new, theirs_label);
                    change.user_edited = true;
                    change.foreign = base.is_none();
                    change.action = if merged.conflicts.is_empty() { Action::Merged } else { Action::Conflict };
                    change.conflicts = merged.conflicts;
                    change.after = Some(merged.text);
                }
            }
            changes.push(change);
        }
        for path in state.files.keys().filter(|p| !self.files.contains_key(*p)) {
            let disk = read_disk(dir, path)?;
            let base = state.base(dir, path)?;
            let Some(d) = disk else { continue };
            let edited = base.as_deref() != Some(d.as_str());
            changes.push(Change {
                path: path.clone(),
                action: if edited { Action::KeptEdited } else { Action::Delete },
                after: if edited { Some(d.clone()) } else { None },
                disk: Some(d),
                render: None,
                mode: 0o644,
                conflicts: Vec::new(),
                user_edited: edited,
                secret: false,
                foreign: false,
            });
        }
        for (path, generated) in state.secrets.iter().filter(|(p, _)| !self.secrets.contains_key(*p)) {
            let Some(d) = read_disk(dir, path)? else { continue };
            let edited = crate::state::sha256(&d) != *generated;
            changes.push(Change {
                path: path.clone(),
                action: if edited { Action::KeptEdited } else { Action::Delete },
                after: None,
                disk: Some(d),
                render: None,
                mode: crate::secrets::FILE_MODE,
                conflicts: Vec::new(),
                user_edited: edited,
                secret: true,
                foreign: false,
            });
        }
        for (path, value) in &self.secrets {
            let exists = std::fs::symlink_metadata(dir.join(path)).is_ok();
            changes.push(Change {
                path: path.clone(),
                action: if exists { Action::Unchanged } else { Action::Create },
                disk: None,
                after: (!exists).then(|| value.clone()),
                render: None,
                mode: crate::secrets::FILE_MODE,
                conflicts: Vec::new(),
                user_edited: false,
                secret: true,
                foreign: false,
            });
        }
        Ok(changes)
    }
}
