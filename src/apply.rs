//! Every write to a project happens here, all or nothing — even across a crash.
//!
//! Each new content goes to a temporary file beside its target first; only when every one of them
//! is durable are they renamed into place. A journal (`.scaffold/journal.yaml`) records the
//! temporary files and the renames before anything is touched, and is marked committed once the
//! temporary files are synced: a run killed at any point is rolled back (before the commit) or
//! completed (after it) by the next command (`recover`), and no temporary file is left behind.
//! If a step fails in process, the files already replaced get their old content back, new files
//! and directories are removed, and the error names the path. Paths are checked before anything
//! is touched: relative, no `..`, and never through a symbolic link that leads out of the project.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// One file operation: write `content` with `mode`, or remove the file when `content` is `None`.
/// `dir_mode` is the mode its directory must have (the secrets directory is private).
#[derive(Debug, Clone)]
pub struct Op {
    pub path: String,
    pub content: Option<String>,
    pub mode: u32,
    pub dir_mode: Option<u32>,
}

/// Reject anything but a plain relative path, a link in its place, and links that lead out of
/// `root`.
fn check_path(root: &Path, rel: &str) -> Result<PathBuf> {
    crate::read::confine(root, rel, false)
}

fn temp_beside(target: &Path, tag: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.scaffold-{tag}-{}", std::process::id()))
}

/// Test hook: `SCAFFOLD_FAILPOINT=N` kills the process with SIGKILL at the Nth step that touches
/// the disk (a write, a sync, a rename, a removal), as a crash or `kill -9` would.
fn step() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static TAKEN: AtomicUsize = AtomicUsize::new(0);
    static AT: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    let at = AT.get_or_init(|| std::env::var("SCAFFOLD_FAILPOINT").ok().and_then(|v| v.parse().ok()));
    if Some(TAKEN.fetch_add(1, Ordering::SeqCst) + 1) == *at {
        // SAFETY: sends SIGKILL to this process; nothing runs after it.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
    }
}

fn write_new(path: &Path, content: &[u8], mode: u32) -> std::io::Result<()> {
    step();
    let mut f = fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(path)?;
    f.write_all(content)?;
    // The umask may have narrowed the mode; the plan's mode is what was reviewed.
    f.set_permissions(fs::Permissions::from_mode(mode))?;
    step();
    f.sync_all()
}

fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    step();
    fs::rename(from, to)
}

fn remove(path: &Path) -> std::io::Result<()> {
    step();
    fs::remove_file(path)
}

/// Makes the entries of `dir` (created, renamed, removed files) durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    step();
    fs::File::open(dir)?.sync_all()
}

const JOURNAL: &str = ".scaffold/journal.yaml";

/// What one `apply` is doing, recorded before it touches anything. Paths are relative to the
/// project.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Journal {
    /// Every temporary file is complete and synced: finish the renames rather than undo them.
    committed: bool,
    /// Directories this write creates, outermost first.
    dirs: Vec<String>,
    /// (temporary file, target).
    writes: Vec<(String, String)>,
    deletes: Vec<String>,
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().into_owned()
}

/// Replaces the journal atomically and durably.
fn save_journal(root: &Path, journal: &Journal) -> std::io::Result<()> {
    let path = root.join(JOURNAL);
    let temp = temp_beside(&path, "new");
    let _ = fs::remove_file(&temp);
    write_new(&temp, yaml_serde::to_string(journal).expect("journal serializes").as_bytes(), 0o644)?;
    rename(&temp, &path)?;
    sync_dir(path.parent().unwrap_or(root))
}

fn drop_journal(root: &Path) -> std::io::Result<()> {
    let path = root.join(JOURNAL);
    remove(&path)?;
    sync_dir(path.parent().unwrap_or(root))
}

/// A journal's own temporary files: a crash while it was being saved.
fn journal_temps(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(root.join(".scaffold")) else { return Vec::new() };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".journal.yaml.scaffold-new-")))
        .collect()
}

/// Whether a write to the project at `root` was interrupted and not yet recovered.
pub fn interrupted(root: &Path) -> bool {
    fs::symlink_metadata(root.join(JOURNAL)).is_ok() || !journal_temps(root).is_empty()
}

/// Finishes an interrupted write: completes it when the journal was committed, otherwise removes
/// what it had started, so the project is entirely as before or entirely as after.
pub fn recover(root: &Path) -> Result<()> {
    let path = root.join(JOURNAL);
    for temp in journal_temps(root) {
        remove(&temp).map_err(|e| Error::io(&temp, e))?;
    }
    // A crash while the first journal was saved: nothing else had been touched.
    let Some(text) = crate::read::project_file(root, JOURNAL)? else { return Ok(()) };
    let journal: Journal = yaml_serde::from_str(&text).map_err(|e| {
        Error::input(format!("`{JOURNAL}` is damaged ({e}); restore `.scaffold/` from version control"))
    })?;
    let check = |rel: &str| check_path(root, rel);
    let mut writes = Vec::new();
    for (temp, target) in &journal.writes {
        let (temp_path, target_path) = (check(temp)?, check(target)?);
        // Only scaffold's own temporary files, beside their targets, are ever renamed or removed.
        let name = target_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ours = temp_path.parent() == target_path.parent()
            && temp_path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&format!(".{name}.scaffold-new-")));
        if !ours {
            return Err(Error::input(format!(
                "`{JOURNAL}` names `{temp}`, which is not a temporary file of scaffold's"
            )));
        }
        writes.push((temp_path, target_path));
    }
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Error::io(p, e)
    };
    let mut touched: Vec<PathBuf> = Vec::new();
    if journal.committed {
        for (temp, target) in &writes {
            if temp.exists() {
                rename(temp, target).map_err(io(target))?;
                touched.push(target.parent().unwrap_or(root).to_path_buf());
            }
        }
        for rel in &journal.deletes {
            let target = check(rel)?;
            if fs::symlink_metadata(&target).is_ok() {
                remove(&target).map_err(io(&target))?;
                touched.push(target.parent().unwrap_or(root).to_path_buf());
            }
        }
        eprintln!("completed a write to `{}` that was interrupted", root.display());
    } else {
        for (temp, _) in &writes {
            if fs::symlink_metadata(temp).is_ok() {
                remove(temp).map_err(io(temp))?;
            }
        }
        drop_journal(root).map_err(io(&path))?;
        // The project folder itself (`""`) stays: an empty folder is the state before `init`.
        for rel in journal.dirs.iter().rev().filter(|d| !d.is_empty()) {
            let _ = fs::remove_dir(check(rel)?);
        }
        eprintln!(
            "rolled back a write to `{}` that was interrupted: the project is as it was before it",
            root.display()
        );
        return Ok(());
    }
    touched.sort();
    touched.dedup();
    for dir in &touched {
        sync_dir(dir).map_err(io(dir))?;
    }
    drop_journal(root).map_err(io(&path))
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
    let mut targets = Vec::with_capacity(ops.len());
    for op in ops {
        targets.push(check_path(root, &op.path)?);
    }
    let mut txn = Txn::default();
    let result = run(&mut txn, root, ops, &targets);
    if result.is_err() {
        txn.rollback();
        if interrupted(root) {
            let _ = drop_journal(root);
        }
        for d in txn.created_dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
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

/// The directories missing on the way to `dir`, outermost first.
fn missing_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> =
        dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).map(Path::to_path_buf).collect();
    missing.reverse();
    missing
}

fn run(txn: &mut Txn, root: &Path, ops: &[Op], targets: &[PathBuf]) -> Result<()> {
    let mut journal = Journal::default();
    let mut dirs: Vec<PathBuf> = missing_dirs(&root.join(".scaffold"));
    for (op, target) in ops.iter().zip(targets) {
        if op.content.is_some() {
            for d in missing_dirs(target.parent().unwrap_or(root)) {
                if !dirs.contains(&d) {
                    dirs.push(d);
                }
            }
            journal.writes.push((relative(root, &temp_beside(target, "new")), op.path.clone()));
        } else if fs::symlink_metadata(target).is_ok() {
            journal.deletes.push(op.path.clone());
        }
    }
    journal.dirs = dirs.iter().map(|d| relative(root, d)).collect();
    txn.make_dirs(&root.join(".scaffold")).map_err(|e| Error::io(root, e))?;
    save_journal(root, &journal).map_err(|e| Error::io(root.join(JOURNAL), e))?;
    let mut parents: Vec<PathBuf> = Vec::new();
    for (op, target) in ops.iter().zip(targets) {
        let original = match fs::read(target) {
            Ok(bytes) => {
                let mode = fs::metadata(target).map_err(|e| Error::io(target, e))?.permissions().mode() & 0o7777;
                Some((bytes, mode))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(target, e)),
        };
        let parent = target.parent().unwrap_or(root).to_path_buf();
        match &op.content {
            Some(content) => {
                txn.make_dirs(&parent).map_err(|e| Error::io(&parent, e))?;
                if let Some(mode) = op.dir_mode {
                    txn.set_dir_mode(&parent, mode).map_err(|e| Error::io(&parent, e))?;
                }
                let temp = temp_beside(target, "new");
                txn.staged.push(Staged { target: target.clone(), temp: Some(temp.clone()), original, done: false });
                write_new(&temp, content.as_bytes(), op.mode).map_err(|e| Error::io(target, e))?;
            }
            None => txn.staged.push(Staged { target: target.clone(), temp: None, original, done: false }),
        }
        if !parents.contains(&parent) {
            parents.push(parent);
        }
    }
    // The temporary files and their directory entries are durable: from here on, the write is
    // completed rather than undone.
    for dir in &parents {
        sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    }
    journal.committed = true;
    save_journal(root, &journal).map_err(|e| Error::io(root.join(JOURNAL), e))?;
    for s in txn.staged.iter_mut() {
        match &s.temp {
            Some(temp) => rename(temp, &s.target).map_err(|e| Error::io(&s.target, e))?,
            None if s.original.is_some() => remove(&s.target).map_err(|e| Error::io(&s.target, e))?,
            None => {}
        }
        s.temp = None;
        s.done = true;
    }
    for dir in &parents {
        sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    }
    drop_journal(root).map_err(|e| Error::io(root.join(JOURNAL), e))
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
