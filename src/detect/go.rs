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

/// The project a `go.mod` names: [`module_name`] of its `module` path.
pub fn project(go_mod: &str) -> Option<&str> {
    let module = go_mod.lines().find_map(|l| l.strip_prefix("module "))?;
    Some(module_name(module.trim().trim_matches('"')))
}

/// The name a Go module path gives its project: its last element, or the one before a major
/// version suffix (`heckel.io/ntfy/v2` is `ntfy`, as Go's own tools name its binary).
pub fn module_name(module: &str) -> &str {
    let mut parts = module.rsplit('/');
    let last = parts.next().unwrap_or(module);
    let is_major = last.strip_prefix('v').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    match parts.next() {
        Some(before) if is_major => before,
        _ => last,
    }
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
    out.extend(start_args(repo));
    out
}

/// The arguments the repository's own deployment starts the binary with (a CLI's `serve`
/// subcommand): the `command` of its compose service for the app (one that builds, or runs an
/// image named after the module), else the `CMD` beside an `ENTRYPOINT` in its Dockerfile.
fn start_args(repo: &Repo) -> Option<Finding> {
    let name = project(repo.go_mod.as_deref()?)?;
    let words = |v: &yaml_serde::Value| -> Option<Vec<String>> {
        match v {
            yaml_serde::Value::String(s) => Some(s.split_whitespace().map(str::to_owned).collect()),
            yaml_serde::Value::Sequence(items) => items.iter().map(|i| i.as_str().map(str::to_owned)).collect(),
            _ => None,
        }
    };
    let from_compose =
        ["docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml"].iter().find_map(|f| {
            let doc: yaml_serde::Value = yaml_serde::from_str(&repo.text(f)?).ok()?;
            let services = doc.get("services")?.as_mapping()?;
            let app = services.values().find(|svc| {
                let image = svc.get("image").and_then(|i| i.as_str()).unwrap_or("");
                let image_name = image.rsplit('/').next().unwrap_or("").split(':').next().unwrap_or("");
                svc.get("build").is_some() || image_name == name
            })?;
            // With its own entrypoint (a wait-for wrapper) the command is that wrapper's arguments.
            if app.get("entrypoint").is_some() {
                return None;
            }
            Some((words(app.get("command")?)?, format!("{f}: command")))
        });
    let from_dockerfile = || {
        let dockerfile = repo.text("Dockerfile")?;
        let last = dockerfile.rsplit("\nFROM ").next()?;
        let exec = |key: &str| -> Option<Vec<String>> {
            let line = last.lines().rev().find_map(|l| l.trim().strip_prefix(key))?;
            serde_json::from_str(line.trim()).ok()
        };
        // The binary itself, not a start script that takes the binary as its argument.
        exec("ENTRYPOINT ")?.first().filter(|e| !e.ends_with(".sh"))?;
        Some((exec("CMD ")?, "Dockerfile: CMD".to_owned()))
    };
    let (mut args, based_on) = from_compose.or_else(from_dockerfile)?;
    // A command that names the binary (`ntfy serve`, `/app/main`) runs it: the rest are its arguments.
    if args.first().is_some_and(|w| w.contains('/') || *w == name) {
        args.remove(0);
    }
    let plain = |w: &String| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "-_=./:,".contains(c));
    if args.is_empty() || !args.iter().all(plain) {
        return None;
    }
    let start = format!("/app {}", args.join(" "));
    Some(finding(
        "go-start",
        format!("starts as `{start}` (the binary with the arguments its own deployment passes)"),
        based_on,
        "services.0.start",
        s(&start),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_go_module_is_named_by_its_last_element_before_a_major_version() {
        assert_eq!(module_name("heckel.io/ntfy/v2"), "ntfy");
        assert_eq!(module_name("github.com/techschool/simplebank"), "simplebank");
        assert_eq!(module_name("example.com/api/v10"), "api");
        assert_eq!(module_name("example.com/tools/vault"), "vault");
        assert_eq!(module_name("example.com/v2x"), "v2x");
        assert_eq!(module_name("app"), "app");
    }
}
