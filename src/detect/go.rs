//! Go: the module (at the root, or the one `go.work` lists that holds a main package), the main
//! packages, the test and lint entry points of a Makefile, and the health route.

use super::{Finding, Repo, files, finding, note, text as s};
use crate::spec::types::Version;
use std::path::Path;

/// With `go.work` and no `go.mod` at the root: the first listed module directory.
pub fn module_dir(root: &Path) -> Option<String> {
    if files::exists(root, "go.mod") {
        return None;
    }
    let work = files::read(root, "go.work")?;
    work.lines()
        .map(|l| l.trim().trim_start_matches("use").trim().trim_matches(|c| c == '(' || c == ')').trim())
        .filter(|l| l.starts_with("./") || (!l.is_empty() && !l.starts_with("go ") && !l.starts_with("//")))
        .map(|l| l.trim_start_matches("./").to_owned())
        .find(|d| files::exists(root, &files::join(d, "go.mod")))
}

/// Directories (relative to the module) whose Go files declare `package main` with `func main`.
fn main_packages(repo: &Repo) -> Vec<String> {
    let mut dirs: Vec<String> = Vec::new();
    for path in files::walk(repo.root, &repo.app, 5) {
        if !path.ends_with(".go") || path.ends_with("_test.go") {
            continue;
        }
        let Some(text) = files::read(repo.root, &path) else { continue };
        let is_main = text.lines().any(|l| l.trim() == "package main") && text.contains("func main()");
        // A file that builds only on request (`//go:build ignore`) is a tool, not a service.
        if is_main && !text.contains("//go:build ignore") {
            let rel = path.strip_prefix(&format!("{}/", repo.app)).unwrap_or(&path);
            let dir = files::parent(rel).to_owned();
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    dirs
}

fn makefile_target<'a>(make: &str, names: &[&'a str]) -> Option<&'a str> {
    names.iter().copied().find(|n| make.lines().any(|l| l.starts_with(&format!("{n}:"))))
}

pub fn values(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    let go_mod = repo.text("go.mod").unwrap_or_default();
    if let Some(go) = go_mod.lines().find_map(|l| l.strip_prefix("go ")).map(str::trim) {
        let version = go.split('.').take(2).collect::<Vec<_>>().join(".");
        if Version::parse(&version).is_ok() {
            out.push(finding(
                "go-version",
                format!("Go {version}"),
                "go.mod: go".into(),
                "stack.go_version",
                s(&version),
            ));
        }
    }
    let mains = main_packages(repo);
    // A main package that only migrates is the migration tool, not a service.
    let service_mains: Vec<&String> = mains.iter().filter(|d| !d.contains("migrat")).collect();
    let preferred = service_mains
        .iter()
        .find(|d| *d == &".")
        .or_else(|| service_mains.iter().find(|d| ["server", "api", "app", "web"].iter().any(|n| d.ends_with(n))))
        .or_else(|| service_mains.first());
    if let Some(main) = preferred {
        let shown = if main.as_str() == "." { ".".to_owned() } else { format!("./{main}") };
        let others: Vec<String> = service_mains.iter().filter(|d| *d != main).map(|d| format!("./{d}")).collect();
        let also = if others.is_empty() { String::new() } else { format!("; also main: {}", others.join(", ")) };
        out.push(finding(
            "go-main",
            format!("main package `{shown}`{also}"),
            format!("{}: package main", files::join(main, "*.go")),
            "services.0.main",
            s(&shown),
        ));
    } else {
        out.push(note(
            "go-main-missing",
            "no `package main` with `func main()` found: answer `services.0.main`".into(),
            "*.go".into(),
        ));
    }
    if let Some(make) = repo.text("Makefile") {
        if let Some(t) = makefile_target(&make, &["test", "tests", "unit-test"]) {
            out.push(finding(
                "test",
                format!("test: `make {t}`"),
                format!("Makefile: {t}"),
                "services.0.test",
                s(&format!("make {t}")),
            ));
        }
        if let Some(t) = makefile_target(&make, &["lint", "check"]) {
            out.push(finding(
                "lint",
                format!("lint: `make {t}`"),
                format!("Makefile: {t}"),
                "services.0.lint",
                s(&format!("make {t}")),
            ));
        }
    }
    let sources: Vec<(String, String)> = files::walk(repo.root, &repo.app, 6)
        .into_iter()
        .filter(|p| p.ends_with(".go") && !p.ends_with("_test.go"))
        .take(2_000)
        .filter_map(|p| files::read(repo.root, &p).map(|t| (p, t)))
        .collect();
    out.extend(super::routes::health(repo, &sources));
    out
}
