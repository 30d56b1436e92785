//! Every write to a project happens here, all or nothing.
//!
//! Each new content goes to a temporary file beside its target first; only when every one of them
//! exists are they renamed into place. If anything fails, the files already replaced get their
//! old content back, new files and directories are removed, and the error names the path: the
//! project is left as it was. Paths are checked before anything is touched: relative, no `..`,
//! and never through a symbolic link that leads out of the project.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};

/// One file operation: write `content` with `mode`, or remove the file when `content` is `None`.
/// `dir_mode` is the mode its directory must have (the secrets directory is private).
#[derive(Debug, Clone)]
pub struct Op {
    pub path: String,
    pub content: Option<String>,
    pub mode: u32,
    pub dir_mode: Option<u32>,
}

/// Reject anything but a plain relative path, and links that lead out of `root`.
fn check_path(root: &Path, canonical_root: Option<&Path>, rel: &str) -> Result<PathBuf> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::input(format!("`{rel}`: refusing a path that is not plain and relative to the project")));
    }
    let full = root.join(p);
    if let Some(croot) = canonical_root {
        let mut at = root.to_path_buf();
        for comp in p.components() {
            at.push(comp);
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    if at == full {
                        return Err(Error::input(format!(
                            "`{rel}` is a symbolic link; scaffold does not write through links"
                        )));
                    }
                    let target = fs::canonicalize(&at).map_err(|e| Error::io(&at, e))?;
                    if !target.starts_with(croot) {
                        return Err(Error::input(format!(
                            "`{rel}` goes through `{}`, a link that leads out of the project",
                            at.display()
                        )));
                    }
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    Ok(full)
}

fn temp_beside(target: &Path, tag: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.scaffold-{tag}-{}", std::process::id()))
}

fn write_new(path: &Path, content: &[u8], mode: u32) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(path)?;
    f.write_all(content)?;
    // The umask may have narrowed the mode; the plan's mode is what was reviewed.
    f.set_permissions(fs::Permissions::from_mode(mode))?;
    f.sync_all()
}

struct Staged {
    target: PathBuf,
    temp: Option<PathBuf>,
    /// What the target held before, to put back on failure.
    original: Option<(Vec<u8>, u32)>,
    done: bool,
}

#[derive(Default)]
struct Txn {
    created_dirs: Vec<PathBuf>,
    /// Directories whose mode was narrowed, with the mode to give back on failure.
    narrowed_dirs: Vec<(PathBuf, u32)>,
    staged: Vec<Staged>,
}

impl Txn {
    fn make_dirs(&mut self, dir: &Path) -> std::io::Result<()> {
        let mut missing = Vec::new();
        let mut at = dir;
        while !at.exists() {
            missing.push(at.to_path_buf());
            match at.parent() {
                Some(p) if !p.as_os_str().is_empty() => at = p,
                _ => break,
            }
        }
        for d in missing.into_iter().rev() {
            fs::create_dir(&d)?;
            self.created_dirs.push(d);
        }
        Ok(())
    }

    /// Undo everything: put originals back, remove what was new. Best effort by necessity; the
    /// first error is what the caller reports.
    fn rollback(&mut self) {
        for s in self.staged.iter().rev() {
            if s.done {
                match &s.original {
                    Some((bytes, mode)) => {
                        let back = temp_beside(&s.target, "restore");
                        if write_new(&back, bytes, *mode).is_ok() {
                            let _ = fs::rename(&back, &s.target);
                        }
                    }
                    None => {
                        let _ = fs::remove_file(&s.target);
                    }
                }
            }
            if let Some(t) = &s.temp {
                let _ = fs::remove_file(t);
            }
        }
        for (d, mode) in &self.narrowed_dirs {
            let _ = fs::set_permissions(d, fs::Permissions::from_mode(*mode));
        }
        for d in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }

    /// Gives `dir` exactly `mode`, remembering the old one.
    fn set_dir_mode(&mut self, dir: &Path, mode: u32) -> std::io::Result<()> {
        let old = fs::metadata(dir)?.permissions().mode() & 0o7777;
        if old != mode {
            fs::set_permissions(dir, fs::Permissions::from_mode(mode))?;
            self.narrowed_dirs.push((dir.to_path_buf(), old));
        }
        Ok(())
    }
}

/// Applies `ops` under `root` (created if missing), all or nothing.
pub fn apply(root: &Path, ops: &[Op]) -> Result<()> {
    let canonical_root = fs::canonicalize(root).ok();
    let mut targets = Vec::with_capacity(ops.len());
    for op in ops {
        targets.push(check_path(root, canonical_root.as_deref(), &op.path)?);
    }
    let mut txn = Txn::default();
    let result = run(&mut txn, root, ops, &targets);
    if result.is_err() {
        txn.rollback();
        return result;
    }
    // Directories that deletions emptied go too, so removing a component leaves no trace.
    for (op, target) in ops.iter().zip(&targets) {
        if op.content.is_none() {
            let mut dir = target.parent();
            while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    Ok(())
}

fn run(txn: &mut Txn, root: &Path, ops: &[Op], targets: &[PathBuf]) -> Result<()> {
    txn.make_dirs(root).map_err(|e| Error::io(root, e))?;
    for (op, target) in ops.iter().zip(targets) {
        let original = match fs::read(target) {
            Ok(bytes) => {
                let mode = fs::metadata(target).map_err(|e| Error::io(target, e))?.permissions().mode() & 0o7777;
                Some((bytes, mode))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(target, e)),
        };
        match &op.content {
            Some(content) => {
                let parent = target.parent().unwrap_or(root);
                txn.make_dirs(parent).map_err(|e| Error::io(parent, e))?;
                if let Some(mode) = op.dir_mode {
                    txn.set_dir_mode(parent, mode).map_err(|e| Error::io(parent, e))?;
                }
                let temp = temp_beside(target, "new");
                txn.staged.push(Staged { target: target.clone(), temp: Some(temp.clone()), original, done: false });
                write_new(&temp, content.as_bytes(), op.mode).map_err(|e| Error::io(target, e))?;
            }
            None => txn.staged.push(Staged { target: target.clone(), temp: None, original, done: false }),
        }
    }
    for s in txn.staged.iter_mut() {
        match &s.temp {
            Some(temp) => fs::rename(temp, &s.target).map_err(|e| Error::io(&s.target, e))?,
            None if s.original.is_some() => fs::remove_file(&s.target).map_err(|e| Error::io(&s.target, e))?,
            None => {}
        }
        s.temp = None;
        s.done = true;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["../x", "/etc/passwd", "a/../../x", "", "./a"] {
            let err =
                apply(dir.path(), &[Op { path: bad.into(), content: Some("x".into()), mode: 0o644, dir_mode: None }]);
            assert!(err.is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn refuses_a_link_out_of_the_project() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("nginx")).unwrap();
        let err = apply(
            dir.path(),
            &[Op { path: "nginx/nginx.conf".into(), content: Some("x".into()), mode: 0o644, dir_mode: None }],
        )
        .unwrap_err();
        assert!(err.to_string().contains("leads out of the project"), "{err}");
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_failure_restores_everything() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "old a").unwrap();
        // `blocker` is a file, so a directory cannot be made there: the second op fails.
        fs::write(dir.path().join("blocker"), "i am a file").unwrap();
        let ops = [
            Op { path: "a.txt".into(), content: Some("new a".into()), mode: 0o644, dir_mode: None },
            Op { path: "new/b.txt".into(), content: Some("b".into()), mode: 0o644, dir_mode: None },
            Op { path: "blocker/c.txt".into(), content: Some("c".into()), mode: 0o644, dir_mode: None },
        ];
        let err = apply(dir.path(), &ops).unwrap_err();
        assert!(err.to_string().contains("blocker"), "{err}");
        assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "old a");
        assert!(!dir.path().join("new").exists());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "left behind: {names:?}");
    }
}
