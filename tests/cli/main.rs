//! End-to-end tests of the real `scaffold` binary, one module per topic; the helpers more than
//! one of them uses are here. See tests/README.md for how to add a case and refresh the snapshots.

#[allow(dead_code)]
#[path = "../support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use support::{PRESETS, Project, SNAPSHOT_ENV, assert_snapshot, overwriting_snapshots, repo_root, tree};

mod artifacts;
mod detect;
mod engine;
mod lifecycle;
mod verify;
mod wizard;

/// The `key` list of a `--json` document, after checking its format version.
fn json_list(stdout: &str, key: &str) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(stdout).expect("--json prints one JSON document");
    assert_eq!(doc["format"], 1, "every JSON document carries its format: {stdout}");
    doc[key].as_array().unwrap_or_else(|| panic!("no `{key}` list: {stdout}")).clone()
}

/// `scaffold verify --json` with `more` arguments; strict in CI, where nothing may be skipped.
fn verify_args<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["verify", "--json"];
    args.extend_from_slice(more);
    if support::in_ci() {
        args.push("--strict");
    }
    args
}

/// Runs `scaffold verify --json` and returns the rows.
fn verify(p: &Project, expect_code: i32) -> Vec<serde_json::Value> {
    let run = p.run(&verify_args(&[])).code(expect_code);
    let rows = json_list(&run.stdout, "checks");
    for r in rows.iter().filter(|r| r["outcome"] == "skipped") {
        eprintln!("skipped {}: {}", r["tool"], r["message"]);
    }
    rows
}

/// The one row of `scaffold verify --json --only TOOL`; `None`, after saying so, when the tool is
/// missing on a laptop (in CI that is a failure).
fn verify_only_row(p: &Project, tool: &str, what: &str) -> Option<serde_json::Value> {
    let rows = json_list(&p.run(&verify_args(&["--only", tool])).stdout, "checks");
    let [row] = rows.as_slice() else { panic!("{what}: one `{tool}` check expected: {rows:#?}") };
    if row["outcome"] == "skipped" && !support::in_ci() {
        eprintln!("skipped {what}: {}", row["message"]);
        return None;
    }
    Some(row.clone())
}

fn first(t: String, from: &str, to: &str) -> String {
    assert!(t.contains(from), "the breakage expects `{from}` in the file");
    t.replacen(from, to, 1)
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, (bytes, _)) in tree(from) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

/// Ids of the components a user adds with `scaffold add` (no `when:` in their manifest).
fn optional_components() -> Vec<String> {
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("templates")).unwrap() {
        let manifest = entry.unwrap().path().join("component.yaml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let doc: serde_json::Value = yaml_serde::from_str(&text).unwrap();
        if doc.get("when").is_none() {
            ids.push(doc["id"].as_str().unwrap().to_owned());
        }
    }
    ids.sort();
    ids
}

/// `--set` arguments for the answers of component `id` that have no default (the bucket of
/// `offsite`, say): a valid value of the answer's type.
fn manifest(id: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo_root().join("templates").join(id).join("component.yaml")).unwrap();
    yaml_serde::from_str(&text).unwrap()
}

/// The optional components that `add id` brings along (its `requires`, and theirs).
fn optional_requirements(id: &str) -> Vec<String> {
    let optional = optional_components();
    let mut out = Vec::new();
    for r in manifest(id)["requires"].as_array().into_iter().flatten().filter_map(|r| r.as_str()) {
        if optional.iter().any(|o| o == r) {
            out.extend(optional_requirements(r));
            out.push(r.to_owned());
        }
    }
    out
}

/// The `--set` flags `add id` needs: its required answers and those of what it brings along.
fn required_settings(id: &str) -> Vec<String> {
    let doc = manifest(id);
    let mut sets: Vec<String> = optional_requirements(id).iter().flat_map(|r| required_settings(r)).collect();
    for answer in doc["answers"].as_array().into_iter().flatten().filter(|a| a.get("default").is_none()) {
        let value = match answer["type"].as_str().unwrap() {
            "name" => "scaffold-test",
            "domain" => "example.com",
            other => panic!("`{id}`: give tests a sample value for required answers of type `{other}`"),
        };
        sets.extend(["--set".to_owned(), format!("settings.{id}.{}={value}", answer["key"].as_str().unwrap())]);
    }
    sets
}

/// The smallest valid answers, for tests that bring their own templates.
const MINIMAL_INIT: [&str; 20] = [
    "init",
    "--set",
    "project=x",
    "--set",
    "domain=x.example.com",
    "--set",
    "email=a@example.com",
    "--set",
    "stack.runtime=go",
    "--set",
    "stack.framework=go",
    "--set",
    "stack.orm=none",
    "--set",
    "postgres.enabled=false",
    "--set",
    "services.0.name=api",
    "--set",
    "services.0.port=80",
    "--yes",
];

/// Runs `scaffold ARGS --dir <project>` with the templates in `templates` instead of the embedded ones.
fn with_templates<'a>(p: &'a Project, templates: &'a Path) -> impl Fn(&[&str]) -> support::Run + 'a {
    move |args: &[&str]| {
        let mut cmd = std::process::Command::new(support::bin());
        cmd.args(args).arg("--dir").arg(p.dir()).env("SCAFFOLD_TEMPLATES", templates);
        support::run_command_keeping_env(cmd, &args.join(" "))
    }
}

fn yaml_file(p: &Project, rel: &str) -> serde_json::Value {
    yaml_serde::from_str(&p.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `script` through `shell` in `dir` (`sh` as Docker runs `RUN`; `bash` for `templates/verify/lib.sh`).
fn shell(shell: &str, dir: &std::path::Path, script: &str, env: &[(&str, &str)]) -> support::Run {
    let mut cmd = std::process::Command::new(shell);
    cmd.arg("-c").arg(script).current_dir(dir).envs(env.iter().copied());
    support::run_command_keeping_env(cmd, script)
}
