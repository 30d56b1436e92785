//! The `verify` checks are files a contributor edits like code (`templates/<component>/checks/`
//! and the library `templates/verify/`), so they are linted like code: every script through
//! shellcheck as it runs (after the library), every Python helper through pyflakes. And each check
//! declares what it runs beyond its tool, so that a missing interpreter or module is reported as a
//! missing dependency instead of a traceback.

#[allow(dead_code)]
mod support;

use scaffold::catalog::{Catalog, Check, Component};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn library(catalog: &Catalog, name: &str) -> String {
    let (_, text) = catalog.library.files.iter().find(|(p, _)| p == name).unwrap_or_else(|| panic!("no {name}"));
    text.clone()
}

fn script<'a>(component: &'a Component, name: &str) -> &'a str {
    let (_, text) = component.checks.iter().find(|(p, _)| p == name).unwrap_or_else(|| panic!("no {name}"));
    text
}

/// shellcheck's findings for `text` (a file named `shown`), `-S style` as the project's own
/// scripts; with `prefix`, the script is checked after it, as it runs, and only its own lines count.
fn shellcheck(prefix: &str, text: &str, shown: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check.sh");
    std::fs::write(&file, format!("{prefix}{text}")).unwrap();
    let out = Command::new("shellcheck").args(["-s", "bash", "-S", "style", "-f", "gcc"]).arg(&file).output().unwrap();
    let offset = prefix.lines().count();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix(&format!("{}:", file.display()))?;
            let (n, finding) = rest.split_once(':')?;
            let n: usize = n.parse().ok()?;
            (n > offset).then(|| format!("{shown}:{}:{finding}", n - offset))
        })
        .collect()
}

#[test]
fn every_check_script_passes_shellcheck_as_it_runs() {
    if !support::require_tool("shellcheck") {
        return;
    }
    let catalog = Catalog::load().unwrap();
    let lib = library(&catalog, "lib.sh");
    let mut findings = shellcheck("", &lib, "templates/verify/lib.sh");
    let mut scripts = 0;
    for c in &catalog.components {
        for (name, text) in c.checks.iter().filter(|(p, _)| p.ends_with(".sh")) {
            findings.extend(shellcheck(&lib, text, &format!("templates/{}/checks/{name}", c.id())));
            scripts += 1;
        }
    }
    assert!(scripts > 40, "only {scripts} check scripts found");
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

#[test]
fn every_python_helper_passes_pyflakes() {
    if !support::require_tool("pyflakes") {
        return;
    }
    let root = support::repo_root().join("templates");
    let catalog = Catalog::load().unwrap();
    let mut files: Vec<std::path::PathBuf> = catalog
        .library
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".py"))
        .map(|(p, _)| root.join("verify").join(p))
        .collect();
    for c in &catalog.components {
        files.extend(
            c.checks.iter().filter(|(p, _)| p.ends_with(".py")).map(|(p, _)| root.join(c.id()).join("checks").join(p)),
        );
    }
    assert!(files.len() > 20, "only {} Python helpers found", files.len());
    let out = Command::new("pyflakes").args(&files).output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

/// The shell functions of `lib.sh`, each with its body.
fn functions(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in lib.lines() {
        let start = line
            .split_once("() {")
            .map(|(name, _)| name)
            .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if let Some(name) = start.filter(|n| !n.is_empty()) {
            out.extend(current.take());
            current = Some((name.to_owned(), String::new()));
        }
        if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out.extend(current);
    out
}

fn without_comments(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n")
}

/// Whether `word` occurs in `text` as a whole word (a command or function name).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        !part(before) && !part(after)
    })
}

/// The Python helpers `text` runs: `$CHECKS/<name>.py` and `$LIB/<name>.py`.
fn helpers(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (var, dir) in [("$CHECKS/", "checks"), ("$LIB/", "lib")] {
        for (at, _) in text.match_indices(var) {
            let name: String = text[at + var.len()..].chars().take_while(|c| !matches!(c, '"' | ' ' | '\n')).collect();
            if name.ends_with(".py") {
                out.push((dir, name));
            }
        }
    }
    out
}

/// The top-level modules a Python file imports.
fn imports(py: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in py.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("import ") {
            out.extend(
                rest.split(',')
                    .filter_map(|m| m.split_whitespace().next())
                    .map(|m| m.split('.').next().unwrap().to_owned()),
            );
        } else if let Some(rest) = line.strip_prefix("from ") {
            out.extend(rest.split_whitespace().next().map(|m| m.split('.').next().unwrap().to_owned()));
        }
    }
    out
}

/// What `check` runs beyond its tool, read out of its script, the library functions it calls
/// (transitively) and the Python helpers they run: `python3`, `moto_server`, and each module
/// outside Python's standard library as `python3:<module>`.
fn runs(catalog: &Catalog, component: &Component, check: &Check, stdlib: &BTreeSet<String>) -> BTreeSet<String> {
    let lib = library(catalog, "lib.sh");
    let functions = functions(&lib);
    let mut text = without_comments(script(component, &check.script()));
    let mut seen = BTreeSet::new();
    loop {
        let called: Vec<&String> = functions.keys().filter(|f| !seen.contains(*f) && has_word(&text, f)).collect();
        if called.is_empty() {
            break;
        }
        for f in called {
            seen.insert(f.clone());
            text.push('\n');
            text.push_str(&without_comments(&functions[f]));
        }
    }
    let mut out = BTreeSet::new();
    for command in ["python3", "moto_server"] {
        if has_word(&text, command) {
            out.insert(command.to_owned());
        }
    }
    for (dir, name) in helpers(&text) {
        let py = if dir == "lib" { library(catalog, &name) } else { script(component, &name).to_owned() };
        out.extend(imports(&py).into_iter().filter(|m| !stdlib.contains(m)).map(|m| format!("python3:{m}")));
    }
    out.remove(&check.tool);
    out
}

#[test]
fn every_check_declares_what_it_runs_beyond_its_tool() {
    if !support::require_tool("python3") {
        return;
    }
    let out = Command::new("python3")
        .args(["-c", "import sys; print('\\n'.join(sys.stdlib_module_names))"])
        .output()
        .unwrap();
    let stdlib: BTreeSet<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect();
    assert!(stdlib.contains("json") && stdlib.contains("socket"), "{stdlib:?}");
    let catalog = Catalog::load().unwrap();
    let mut wrong = Vec::new();
    let mut with_modules = 0;
    for c in &catalog.components {
        for check in &c.manifest.verify {
            let runs = runs(&catalog, c, check, &stdlib);
            with_modules += usize::from(runs.iter().any(|n| n.contains(':')));
            let declared: BTreeSet<String> = check.needs.iter().cloned().collect();
            if runs != declared {
                wrong.push(format!("`{}`: runs {runs:?}, declares `needs: {declared:?}`", check.id(c.id())));
            }
        }
    }
    assert!(with_modules > 10, "only {with_modules} checks import a module outside the standard library");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn imports_and_calls_are_read_out_of_the_helpers() {
    let py = "\"\"\"doc\"\"\"\nimport glob, os.path, yaml\nfrom xml.etree import ElementTree\n    import boto3 as b\n";
    assert_eq!(imports(py).into_iter().collect::<Vec<_>>(), ["boto3", "glob", "os", "xml", "yaml"]);
    assert!(has_word("x=$(free_port 1)", "free_port") && !has_word("free_ports", "free_port"));
    assert_eq!(
        helpers("python3 \"$LIB/a.py\" x\npython3 \"$CHECKS/b-c.py\""),
        [("checks", "b-c.py".into()), ("lib", "a.py".into())]
    );
    let f = functions("# c\nab() { x; }\ncd_2() {\n  y\n}\n");
    assert_eq!(f.keys().collect::<Vec<_>>(), ["ab", "cd_2"]);
    assert_eq!(f["cd_2"], "cd_2() {\n  y\n}\n");
}
