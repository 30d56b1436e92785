//! Stack detection: reads an existing repository and proposes answers, each finding saying what
//! it is based on. The dependency and file rules are data (`rules.yaml`); the few values that need
//! parsing (versions, ports, names) are read by the functions below.

use crate::error::{Error, Result};
use crate::spec::types::{Ident, UrlPath};

pub(crate) mod files;
mod go;
pub(crate) mod migrations;
pub(crate) mod node;
mod routes;
mod unsupported;
use serde::{Deserialize, Serialize};
use std::path::Path;
use yaml_serde::{Mapping, Value};

const RULES: &str = include_str!("rules.yaml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    id: String,
    summary: String,
    #[serde(rename = "if")]
    conditions: Vec<Condition>,
    answers: Mapping,
}

/// Exactly one field is set per condition (checked by the `rules_are_well_formed` test).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Condition {
    dependency: Option<String>,
    dependency_prefix: Option<String>,
    file: Option<String>,
    file_contains: Option<(String, String)>,
    go_require: Option<String>,
    python_dependency: Option<String>,
}

fn rules() -> Vec<Rule> {
    yaml_serde::from_str(RULES).expect("built-in detection rules parse")
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub id: String,
    pub summary: String,
    pub based_on: String,
    /// Proposed answers, as dotted keys.
    pub answers: Mapping,
}

/// What is in the repository, read once: the app's directory (`app`, the repository root or a
/// workspace package) and the root, where lockfiles, CI and version files live.
pub(crate) struct Repo<'a> {
    pub root: &'a Path,
    pub app: String,
    pub package: Option<serde_json::Value>,
    pub root_package: Option<serde_json::Value>,
    /// Workspace packages the app depends on (`workspace:*`), by directory: a database package
    /// (`packages/db`) holds the ORM the app uses.
    pub locals: Vec<(String, serde_json::Value)>,
    go_mod: Option<String>,
    python: String,
}

fn package_json(root: &Path, rel: &str) -> Result<Option<serde_json::Value>> {
    match files::read(root, rel) {
        Some(t) => serde_json::from_str(&t)
            .map(Some)
            .map_err(|e| Error::input(format!("`{}` is not valid JSON: {e}", root.join(rel).display()))),
        None => Ok(None),
    }
}

impl<'a> Repo<'a> {
    pub(crate) fn read(root: &'a Path, app: &str) -> Result<Repo<'a>> {
        let root_package = package_json(root, "package.json")?;
        let package =
            if app == "." { root_package.clone() } else { package_json(root, &files::join(app, "package.json"))? };
        let python = ["pyproject.toml", "requirements.txt"]
            .into_iter()
            .filter_map(|f| files::read(root, f))
            .collect::<Vec<_>>()
            .join("\n");
        let go_mod = files::read(root, &files::join(app, "go.mod"));
        let locals = match &package {
            Some(p) => node::local_packages(root, p)?,
            None => Vec::new(),
        };
        Ok(Repo { root, app: app.to_owned(), package, root_package, locals, go_mod, python })
    }

    /// A path under the app's directory, relative to the root.
    pub fn at(&self, rel: &str) -> String {
        files::join(&self.app, rel)
    }

    pub fn text(&self, rel: &str) -> Option<String> {
        files::read(self.root, &self.at(rel))
            .or_else(|| (self.app != ".").then(|| files::read(self.root, rel)).flatten())
    }

    /// The app's dependencies, then those of the workspace packages it depends on.
    pub fn dependencies(&self) -> impl Iterator<Item = (&str, &str)> {
        self.package.iter().chain(self.locals.iter().map(|(_, p)| p)).flat_map(node::declared)
    }

    /// The directory of the workspace package that declares `dependency`, if not the app.
    pub fn owner_of(&self, dependency: &str) -> Option<&str> {
        if self.package.as_ref().is_some_and(|p| node::declared(p).any(|(d, _)| d == dependency)) {
            return None;
        }
        self.locals.iter().find(|(_, p)| node::declared(p).any(|(d, _)| d == dependency)).map(|(dir, _)| dir.as_str())
    }

    pub fn script(&self, name: &str) -> Option<&str> {
        self.package.as_ref()?.get("scripts")?.get(name)?.as_str()
    }

    fn holds(&self, c: &Condition) -> Option<String> {
        if let Some(d) = &c.dependency {
            return self.dependencies().any(|(x, _)| x == d).then(|| format!("package.json: {d}"));
        }
        if let Some(p) = &c.dependency_prefix {
            return self
                .dependencies()
                .find(|(x, _)| x.starts_with(p.as_str()))
                .map(|(x, _)| format!("package.json: {x}"));
        }
        if let Some(f) = &c.file {
            let found = files::exists(self.root, &self.at(f)) || files::exists(self.root, f);
            return found.then(|| f.clone());
        }
        if let Some((f, needle)) = &c.file_contains {
            let text = self.text(f)?;
            return text.contains(needle.as_str()).then(|| format!("{f}: {needle}"));
        }
        if let Some(m) = &c.go_require {
            let go_mod = self.go_mod.as_deref()?;
            let found =
                go_mod.lines().any(|l| l.trim_start().starts_with(m.as_str()) || l.contains(&format!("require {m}")));
            return found.then(|| format!("go.mod: {m}"));
        }
        let d = c.python_dependency.as_ref()?;
        self.python.to_lowercase().contains(d.as_str()).then(|| format!("pyproject.toml/requirements.txt: {d}"))
    }
}

pub(crate) fn finding(id: &str, summary: String, based_on: String, key: &str, value: Value) -> Finding {
    let mut answers = Mapping::new();
    answers.insert(Value::String(key.to_owned()), value);
    Finding { id: id.to_owned(), summary, based_on, answers }
}

/// A text answer.
pub(crate) fn text(v: &str) -> Value {
    Value::String(v.to_owned())
}

/// A finding that proposes nothing: something found that the user should know.
pub(crate) fn note(id: &str, summary: String, based_on: String) -> Finding {
    Finding { id: id.to_owned(), summary, based_on, answers: Mapping::new() }
}

/// The first whole number in `text` after `after` (for `EXPOSE 3000`, `-p 3000`, `"node": ">=20"`).
pub(crate) fn number_after(text: &str, after: &str) -> Option<String> {
    let rest = &text[text.find(after)? + after.len()..];
    let rest = rest.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '\n');
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

fn project_name(repo: &Repo) -> Option<Finding> {
    let (raw, source) = [&repo.root_package, &repo.package]
        .into_iter()
        .flatten()
        .find_map(|p| {
            p.get("name")?.as_str().map(|n| (n.rsplit('/').next().unwrap_or(n).to_owned(), "package.json: name"))
        })
        .or_else(|| Some((go::project(repo.go_mod.as_deref()?)?.to_owned(), "go.mod: module")))?;
    let cleaned: String = raw.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let id = Ident::parse(cleaned.trim_matches('-')).ok()?;
    Some(finding(
        "project-name",
        format!("project name `{id}`"),
        source.into(),
        "project",
        Value::String(id.to_string()),
    ))
}

/// An existing Dockerfile's EXPOSE and HEALTHCHECK.
fn dockerfile_values(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    let dockerfile = repo.text("Dockerfile").unwrap_or_default();
    if let Some(p) = number_after(&dockerfile, "EXPOSE ").filter(|p| p.parse::<u16>().is_ok_and(|n| n > 0)) {
        let n: u16 = p.parse().unwrap_or(0);
        out.push(finding(
            "port",
            format!("app port {n}"),
            "Dockerfile: EXPOSE".into(),
            "services.0.port",
            Value::Number(n.into()),
        ));
    }
    if let Some(line) = dockerfile.lines().find(|l| l.trim_start().starts_with("HEALTHCHECK")) {
        let path = line.split("://").nth(1).and_then(|rest| rest.find('/').map(|i| &rest[i..])).map(|p| {
            p.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '|' || c == ']').next().unwrap_or(p)
        });
        if let Some(p) = path.filter(|p| UrlPath::parse(p).is_ok()) {
            out.push(finding(
                "health-path",
                format!("health path {p}"),
                "Dockerfile: HEALTHCHECK".into(),
                "services.0.health",
                Value::String(p.into()),
            ));
        }
    }
    out
}

/// The repository `dir` is a subfolder of: the nearest ancestor with `.git` or a workspace
/// manifest (`pnpm-workspace.yaml`, `workspaces` in package.json, `go.work`), and `dir` relative
/// to it. CI files run only at a repository's root, and a workspace installs from the root's
/// lockfile, so scaffold belongs there.
fn enclosing_root(dir: &Path) -> Option<(std::path::PathBuf, String)> {
    if files::exists(dir, ".git") {
        return None;
    }
    let full = dir.canonicalize().ok()?;
    for ancestor in full.ancestors().skip(1).take(32) {
        let workspace = files::exists(ancestor, "pnpm-workspace.yaml")
            || files::exists(ancestor, "go.work")
            || files::read(ancestor, "package.json").is_some_and(|t| t.contains("\"workspaces\""));
        if workspace || files::exists(ancestor, ".git") {
            let rel = full.strip_prefix(ancestor).ok()?.to_string_lossy().into_owned();
            return Some((ancestor.to_path_buf(), rel));
        }
    }
    None
}

/// A finding with id `subfolder` when `dir` is inside a repository or workspace root.
fn subfolder(dir: &Path) -> Option<Finding> {
    let (root, rel) = enclosing_root(dir)?;
    Some(note(
        "subfolder",
        format!(
            "this is `{rel}` of the repository at `{}`: run `scaffold init --dir {}` there, which renders CI at the root and builds this app as `--set services.0.dir={rel}`",
            root.display(),
            root.display()
        ),
        "parent folders".into(),
    ))
}

/// An error when detection found an app in a subfolder of a repository (see `subfolder`); an
/// empty folder inside a repository (`init --preset … --dir ./myapp`) is a new project.
pub fn at_root(findings: &[Finding]) -> Result<()> {
    let app = findings.iter().any(|f| f.answers.contains_key("stack.runtime"));
    match findings.iter().find(|f| f.id == "subfolder").filter(|_| app) {
        Some(f) => Err(Error::input(format!("{}; nothing was written", f.summary))),
        None => Ok(()),
    }
}

/// Every finding in `dir`, rules first, then read values.
pub fn detect(dir: &Path) -> Result<Vec<Finding>> {
    let mut out: Vec<Finding> = subfolder(dir).into_iter().collect();
    let (app, mut workspace) = node::workspace_app(dir)?;
    let app = app.or_else(|| go::module_dir(dir)).unwrap_or_else(|| ".".to_owned());
    let repo = Repo::read(dir, &app)?;
    out.append(&mut workspace);
    for rule in rules() {
        if let Some(based_on) = rule.conditions.iter().find_map(|c| repo.holds(c)) {
            out.push(Finding { id: rule.id, summary: rule.summary, based_on, answers: rule.answers });
        }
    }
    out.extend(project_name(&repo));
    out.extend(dockerfile_values(&repo));
    if repo.go_mod.is_some() {
        out.extend(go::values(&repo));
    } else if node::is_app(&repo) {
        out.extend(node::values(&repo));
    } else {
        // A package.json that runs no app (tooling for another stack) proposes nothing of Node.
        out.retain(|f| !f.answers.contains_key("stack.runtime") || f.id == "go");
    }
    out.extend(migrations::values(&repo, &out));
    out.extend(unsupported::values(&repo, &out));
    if let Some(defaults) = service_defaults(&out) {
        out.insert(0, defaults);
    }
    Ok(out)
}

/// An error naming what was found when the repository is of a stack scaffold does not render.
pub fn supported(findings: &[Finding]) -> Result<()> {
    match findings.iter().find(|f| f.id == "unsupported") {
        Some(f) => Err(Error::input(format!("found {} in `{}`", f.summary, f.based_on))),
        None => Ok(()),
    }
}

/// The id of the finding whose answers are fallbacks, not facts.
const FALLBACK: &str = "service";

/// The first service's name and port where nothing proposed them: `web` on 3000 for Next.js,
/// `api` on 3000 for other Node apps, `api` on 8080 for Go.
fn service_defaults(found: &[Finding]) -> Option<Finding> {
    let runtime = found.iter().rev().find_map(|f| f.answers.get("stack.runtime")?.as_str())?;
    let framework = found.iter().rev().find_map(|f| f.answers.get("stack.framework")?.as_str()).unwrap_or("");
    let mut answers = Mapping::new();
    let name = if framework == "nextjs" { "web" } else { "api" };
    answers.insert(Value::String("services.0.name".into()), Value::String(name.into()));
    if !found.iter().any(|f| f.answers.contains_key("stack.orm")) {
        answers.insert(Value::String("stack.orm".into()), Value::String("none".into()));
        if !found.iter().any(|f| f.answers.contains_key("postgres.enabled")) {
            answers.insert(Value::String("postgres.enabled".into()), Value::Bool(false));
        }
    }
    if !found.iter().any(|f| f.answers.contains_key("redis.enabled")) {
        answers.insert(Value::String("redis.enabled".into()), Value::Bool(false));
    }
    if !found.iter().any(|f| f.answers.contains_key("services.0.port")) {
        let port: u16 = if runtime == "go" { 8080 } else { 3000 };
        answers.insert(Value::String("services.0.port".into()), Value::Number(port.into()));
    }
    Some(Finding {
        id: FALLBACK.into(),
        summary: format!("service `{name}`"),
        based_on: format!("{runtime} app"),
        answers,
    })
}

/// The proposed answers split by precedence: (fallbacks that only fill what nothing else
/// answers, such as a service name and port for the stack; the facts found in the repository).
pub fn split_fallback(findings: &[Finding]) -> (Mapping, Mapping) {
    let (fallback, facts): (Vec<Finding>, Vec<Finding>) = findings.iter().cloned().partition(|f| f.id == FALLBACK);
    (proposed(&fallback), proposed(&facts))
}

/// The proposed answers of all findings, later ones winning, as dotted keys.
pub fn proposed(findings: &[Finding]) -> Mapping {
    let mut all = Mapping::new();
    for f in findings {
        for (k, v) in &f.answers {
            all.insert(k.clone(), v.clone());
        }
    }
    all
}

/// The preset whose stack matches the detected framework, to start the answers from.
pub fn base_preset(proposed: &Mapping) -> Option<&'static str> {
    match proposed.get("stack.framework")?.as_str()? {
        "nextjs" => Some("nextjs-prisma"),
        "express" | "nestjs" => Some("express-typeorm"),
        "go" => Some("go-service"),
        "other" if proposed.get("stack.runtime")?.as_str()? == "go" => Some("go-service"),
        "other" => Some("express-typeorm"),
        _ => None,
    }
}

/// `key=value` pairs in `--set` syntax for a dotted mapping.
pub fn as_sets(proposed: &Mapping) -> Vec<String> {
    proposed
        .iter()
        .filter_map(|(k, v)| {
            let value = match v {
                Value::Sequence(items) => {
                    format!("[{}]", items.iter().filter_map(yaml_scalar).collect::<Vec<_>>().join(","))
                }
                other => yaml_scalar(other)?,
            };
            Some(format!("{}={value}", k.as_str()?))
        })
        .collect()
}

fn yaml_scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_well_formed() {
        for rule in rules() {
            assert!(!rule.conditions.is_empty(), "{}", rule.id);
            for c in &rule.conditions {
                let set = [
                    c.dependency.is_some(),
                    c.dependency_prefix.is_some(),
                    c.file.is_some(),
                    c.file_contains.is_some(),
                    c.go_require.is_some(),
                    c.python_dependency.is_some(),
                ];
                assert_eq!(set.iter().filter(|x| **x).count(), 1, "{}: one condition kind each", rule.id);
            }
        }
    }

    #[test]
    fn number_after_reads_the_first_number() {
        assert_eq!(number_after("EXPOSE 3000/tcp", "EXPOSE "), Some("3000".into()));
        assert_eq!(number_after(">=20.1", ""), Some("20".into()));
        assert_eq!(number_after("no digits", ""), None);
    }
}
