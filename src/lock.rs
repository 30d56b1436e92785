//! One writer or many readers per project. The lock is an advisory `flock` on the project
//! directory itself: nothing is created for it, and the kernel drops it with the process, so a
//! crashed run never leaves a stale lock behind. Whoever takes it first completes or rolls back
//! a write that a crash interrupted (`apply::recover`), so every command sees whole states.

use crate::error::{Error, Result};
use std::os::fd::AsRawFd as _;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `diff`, `check`, `verify`, `checklist`: any number at once, never during a write.
    Read,
    /// `init`, `update`, `add`, `remove`: alone. `wait: false` fails at once when busy.
    Write { wait: bool },
}

/// Held for the whole command; released when dropped (or when the process ends).
pub struct Lock {
    _dir: std::fs::File,
}

fn flock(file: &std::fs::File, op: libc::c_int) -> std::io::Result<()> {
    // SAFETY: flock on a descriptor this process owns; no memory is passed.
    if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

/// Locks the project at `dir` (or, before it exists, the nearest folder above it, where it will
/// be created), then finishes any interrupted write.
pub fn acquire(dir: &Path, access: Access) -> Result<Lock> {
    let at = dir.ancestors().find(|a| a.as_os_str().is_empty() || a.is_dir()).unwrap_or(dir);
    let at = if at.as_os_str().is_empty() { Path::new(".") } else { at };
    let file = std::fs::File::open(at).map_err(|e| Error::io(at, e))?;
    let mode = if access == Access::Read { libc::LOCK_SH } else { libc::LOCK_EX };
    match flock(&file, mode | libc::LOCK_NB) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
            if access == (Access::Write { wait: false }) {
                return Err(Error::Found(format!(
                    "another scaffold command is using `{}`: nothing was written; run this again when it ends (without `--no-wait` to wait for it)",
                    dir.display()
                )));
            }
            eprintln!("waiting for another scaffold command on `{}` to finish…", dir.display());
            flock(&file, mode).map_err(|e| Error::io(at, e))?;
        }
        Err(e) => return Err(Error::io(at, e)),
    }
    if crate::apply::interrupted(dir) {
        if access == Access::Read {
            flock(&file, libc::LOCK_EX).map_err(|e| Error::io(at, e))?;
        }
        crate::apply::recover(dir)?;
        if access == Access::Read {
            flock(&file, libc::LOCK_SH).map_err(|e| Error::io(at, e))?;
        }
    }
    Ok(Lock { _dir: file })
}
