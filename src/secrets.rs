//! Where generated secrets live and with which modes — the one place that decides it.
//!
//! Compose bind-mounts a file secret with its host mode, and the containers read it as their own
//! non-root users (postgres 70 or 999, grafana 472, …), so a secret file must be readable by
//! others: 0644. What keeps it private is its directory: `secrets/` is 0700, owned by the deploy
//! user, and git-ignored. The directory must be a real directory, never a link, or the files
//! would land wherever the link points.

use crate::error::{Error, Result};
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

pub const DIR: &str = "secrets";
pub const DIR_MODE: u32 = 0o700;
pub const FILE_MODE: u32 = 0o644;

/// Refuses a `secrets` that is a symbolic link.
pub fn check_dir(project: &Path) -> Result<()> {
    match std::fs::symlink_metadata(project.join(DIR)) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::input(format!(
            "`{DIR}` is a symbolic link; secrets are written only into a real private directory: replace the link with a directory"
        ))),
        _ => Ok(()),
    }
}

/// What is wider than scaffold made it: the directory beyond 0700, a file beyond 0644.
pub fn warnings(project: &Path, files: &[&str]) -> Vec<String> {
    let mode = |p: &Path| std::fs::symlink_metadata(p).ok().map(|m| m.permissions().mode() & 0o7777);
    let mut out = Vec::new();
    if let Some(m) = mode(&project.join(DIR)).filter(|m| m & !DIR_MODE != 0) {
        out.push(format!(
            "`{DIR}/` is {m:o}, wider than the {DIR_MODE:o} scaffold made it: other users of the host can read every secret (`chmod {DIR_MODE:o} {DIR}`)"
        ));
    }
    for f in files {
        if let Some(m) = mode(&project.join(f)).filter(|m| m & !FILE_MODE != 0) {
            out.push(format!(
                "`{f}` is {m:o}, wider than the {FILE_MODE:o} scaffold made it (`chmod {FILE_MODE:o} {f}`)"
            ));
        }
    }
    out
}

/// Whether the team has put something in the secret at `path`.
pub fn filled(project: &Path, path: &str) -> bool {
    crate::read::project_file(project, path).ok().flatten().is_some_and(|t| !t.trim().is_empty())
}
