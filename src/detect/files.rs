//! Bounded reads of the repository being detected: regular files only (never a link, a FIFO or
//! a device), at most `MAX_FILE` bytes each, and a walk that stops at `MAX_FILES` entries and
//! skips dependency, build and VCS directories. Detection reads someone else's tree; a hostile or
//! huge one must not hang it or make it read outside.

use std::path::{Path, PathBuf};

const MAX_FILE: u64 = 512 * 1024;
const MAX_FILES: usize = 20_000;
const SKIP: &[&str] = &[
    "node_modules",
    ".git",
    ".next",
    "dist",
    "build",
    "out",
    "coverage",
    "vendor",
    ".turbo",
    ".yarn",
    "target",
    "tmp",
    ".scaffold",
];

/// The text of `rel` under `root` when it is a regular file inside the repository and the size
/// cap; detection passes over anything else.
pub fn read(root: &Path, rel: &str) -> Option<String> {
    crate::read::project_file(root, rel).ok().flatten().filter(|t| t.len() as u64 <= MAX_FILE)
}

/// Whether `rel` is a directory (not a link to one).
pub fn is_dir(root: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| m.is_dir())
}

pub fn exists(root: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok()
}

/// Relative paths of the regular files under `dir` (relative to `root`), sorted, at most
/// `depth` levels down, skipping dependency and build directories.
pub fn walk(root: &Path, dir: &str, depth: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(if dir == "." { PathBuf::new() } else { PathBuf::from(dir) }, 0)];
    while let Some((rel, level)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&rel)) else { continue };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            if out.len() >= MAX_FILES {
                return out;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(kind) = e.file_type() else { continue };
            let child = rel.join(&name);
            if kind.is_dir() && level < depth && !SKIP.contains(&name.as_str()) {
                stack.push((child, level + 1));
            } else if kind.is_file() {
                out.push(child.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// `dir/name` without a `./` for the root.
pub fn join(dir: &str, name: &str) -> String {
    if dir == "." || dir.is_empty() { name.to_owned() } else { format!("{}/{name}", dir.trim_end_matches('/')) }
}

/// The directory part of a relative path (`.` at the root).
pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(".", |(d, _)| d)
}
