//! Every read of a file goes through here: inside a project, a plain relative path that no link
//! leads out of; everywhere, regular files only and a size cap. A hostile tree (a link to
//! `/proc/self/environ`, a FIFO, `/dev/zero`, a huge file) gives one clear error naming the file,
//! never a hang, a leak of what lies outside, or an exhausted memory.

use crate::error::{Error, Result};
use std::io::Read as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Component, Path, PathBuf};

/// Far above any file scaffold renders or reads back (the largest template is under 100 KiB).
pub const MAX_BYTES: u64 = 4 << 20;

/// `rel` under `root`, refused unless it is a plain relative path that no symbolic link leads out
/// of the project (`final_link`: whether the last component may itself be a link inside it).
pub fn confine(root: &Path, rel: &str, final_link: bool) -> Result<PathBuf> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::input(format!("`{rel}`: refusing a path that is not plain and relative to the project")));
    }
    let full = root.join(p);
    let Ok(croot) = std::fs::canonicalize(root) else { return Ok(full) };
    let mut at = root.to_path_buf();
    for comp in p.components() {
        at.push(comp);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                if at == full && !final_link {
                    return Err(Error::input(format!(
                        "`{rel}` is a symbolic link; scaffold does not write through links"
                    )));
                }
                let inside = std::fs::canonicalize(&at).is_ok_and(|t| t.starts_with(&croot));
                if !inside {
                    let to = std::fs::read_link(&at).map(|t| t.display().to_string()).unwrap_or_default();
                    return Err(Error::input(format!(
                        "`{rel}` goes through `{}`, a link that leads out of the project (to `{to}`); move it aside",
                        relative(root, &at)
                    )));
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(full)
}

fn relative(root: &Path, at: &Path) -> String {
    at.strip_prefix(root).unwrap_or(at).display().to_string()
}

/// The text of a project file; `None` when it does not exist. `./` segments are harmless here.
pub fn project_file(root: &Path, rel: &str) -> Result<Option<String>> {
    let plain: Vec<&str> = rel.split('/').filter(|s| *s != ".").collect();
    let path = confine(root, &plain.join("/"), true)?;
    capped(&path, rel)
}

/// The text of a file the user named on the command line (links allowed: the user chose it).
pub fn user_file(path: &Path) -> Result<String> {
    let shown = path.display().to_string();
    capped(path, &shown)?.ok_or_else(|| Error::input(format!("`{shown}`: no such file")))
}

fn capped(path: &Path, shown: &str) -> Result<Option<String>> {
    // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
    let file = match std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path) {
        Ok(f) => f,
        Err(e) if matches!(e.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => {
            return Ok(None);
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.file_type().is_file() {
        return Err(Error::input(format!("`{shown}` is not a regular file; scaffold reads only regular files")));
    }
    let too_big =
        || Error::input(format!("`{shown}` is larger than {} MiB; scaffold reads no file that large", MAX_BYTES >> 20));
    if meta.len() > MAX_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // `/proc` files report a size of 0: the cap holds whatever the size says.
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| Error::input(format!("`{shown}` is not UTF-8 text; move it aside or remove it")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_files_are_one_clear_error() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "TOKEN=1").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("leak")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero")).unwrap();
        let fifo = std::ffi::CString::new(root.join("fifo").to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        std::fs::File::create(root.join("huge")).unwrap().set_len(MAX_BYTES + 1).unwrap();
        for (rel, says) in [
            ("leak", "leads out of the project"),
            ("out/secret", "leads out of the project"),
            ("zero", "leads out of the project"),
            ("fifo", "not a regular file"),
            ("huge", "larger than 4 MiB"),
        ] {
            let err = project_file(root, rel).unwrap_err().to_string();
            assert!(err.contains(says) && err.contains(&format!("`{rel}`")), "{rel}: {err}");
        }
        assert!(user_file(Path::new("/dev/zero")).unwrap_err().to_string().contains("not a regular file"));
        assert_eq!(project_file(root, "absent").unwrap(), None);
        std::fs::write(root.join("main.go"), "package main").unwrap();
        assert_eq!(project_file(root, "./main.go").unwrap().as_deref(), Some("package main"));
    }
}
