//! Stack detection: reads an existing repository and proposes answers, each finding saying what
//! it is based on. The dependency and file rules are data (`rules.yaml`); the few values that need
//! parsing (versions, ports, names) are read by the functions below.

use crate::error::{Error, Result};
use crate::spec::types::{Ident, UrlPath, Version};
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

/// What is in the repository, read once.
struct Repo<'a> {
    dir: &'a Path,
    package: Option<serde_json::Value>,
    go_mod: Option<String>,
    python: String,
}

impl<'a> Repo<'a> {
    fn read(dir: &'a Path) -> Result<Repo<'a>> {
        let text = |rel: &str| std::fs::read_to_string(dir.join(rel)).ok();
        let package = match text("package.json") {
            Some(t) => Some(serde_json::from_str(&t).map_err(|e| {
                Error::input(format!("`{}` is not valid JSON: {e}", dir.join("package.json").display()))
            })?),
            None => None,
        };
        let python =
            [text("pyproject.toml"), text("requirements.txt")].into_iter().flatten().collect::<Vec<_>>().join("\n");
        Ok(Repo { dir, package, go_mod: text("go.mod"), python })
    }

    fn dependencies(&self) -> impl Iterator<Item = &str> {
        ["dependencies", "devDependencies"]
            .into_iter()
            .filter_map(|k| self.package.as_ref()?.get(k)?.as_object())
            .flat_map(|deps| deps.keys().map(String::as_str))
    }

    fn holds(&self, c: &Condition) -> Option<String> {
        if let Some(d) = &c.dependency {
            return self.dependencies().any(|x| x == d).then(|| format!("package.json: {d}"));
        }
        if let Some(p) = &c.dependency_prefix {
            return self.dependencies().find(|x| x.starts_with(p.as_str())).map(|x| format!("package.json: {x}"));
        }
        if let Some(f) = &c.file {
            return self.dir.join(f).exists().then(|| f.clone());
        }
        if let Some((f, needle)) = &c.file_contains {
            let text = std::fs::read_to_string(self.dir.join(f)).ok()?;
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

fn finding(id: &str, summary: String, based_on: String, key: &str, value: Value) -> Finding {
    let mut answers = Mapping::new();
    answers.insert(Value::String(key.to_owned()), value);
    Finding { id: id.to_owned(), summary, based_on, answers }
}

/// The first whole number in `text` after `after` (for `EXPOSE 3000`, `-p 3000`, `"node": ">=20"`).
fn number_after(text: &str, after: &str) -> Option<String> {
    let rest = &text[text.find(after)? + after.len()..];
    let rest = rest.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '\n');
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// Values that need reading rather than matching.
fn values(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    let read = |rel: &str| std::fs::read_to_string(repo.dir.join(rel)).ok();
    let name = repo
        .package
        .as_ref()
        .and_then(|p| {
            p.get("name")?.as_str().map(|n| (n.rsplit('/').next().unwrap_or(n).to_owned(), "package.json: name"))
        })
        .or_else(|| {
            let module = repo.go_mod.as_deref()?.lines().find_map(|l| l.strip_prefix("module "))?;
            Some((module.trim().rsplit('/').next()?.to_owned(), "go.mod: module"))
        });
    if let Some((raw, source)) = name {
        let cleaned: String =
            raw.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        if let Ok(id) = Ident::parse(cleaned.trim_matches('-')) {
            out.push(finding(
                "project-name",
                format!("project name `{id}`"),
                source.into(),
                "project",
                Value::String(id.to_string()),
            ));
        }
    }
    let node = read(".nvmrc").and_then(|t| number_after(&t, "").map(|v| (v, ".nvmrc"))).or_else(|| {
        let engines = repo.package.as_ref()?.get("engines")?.get("node")?.as_str()?.to_owned();
        number_after(&engines, "").map(|v| (v, "package.json: engines.node"))
    });
    if let Some((major, source)) = node.filter(|(v, _)| Version::parse(v).is_ok()) {
        out.push(finding(
            "node-version",
            format!("Node.js {major}"),
            source.into(),
            "stack.node_version",
            Value::String(major),
        ));
    }
    if let Some(go) = repo.go_mod.as_deref().and_then(|t| t.lines().find_map(|l| l.strip_prefix("go ")).map(str::trim))
    {
        let two: Vec<&str> = go.split('.').take(2).collect();
        let version = two.join(".");
        if Version::parse(&version).is_ok() {
            out.push(finding(
                "go-version",
                format!("Go {version}"),
                "go.mod: go".into(),
                "stack.go_version",
                Value::String(version),
            ));
        }
    }
    let dockerfile = read("Dockerfile").unwrap_or_default();
    let scripts = repo.package.as_ref().and_then(|p| p.get("scripts")).map(|s| s.to_string()).unwrap_or_default();
    let port = number_after(&dockerfile, "EXPOSE ")
        .map(|p| (p, "Dockerfile: EXPOSE"))
        .or_else(|| number_after(&scripts, " -p ").map(|p| (p, "package.json: scripts -p")))
        .or_else(|| number_after(&scripts, "--port").map(|p| (p, "package.json: scripts --port")))
        .or_else(|| number_after(&scripts, "PORT=").map(|p| (p, "package.json: scripts PORT=")));
    if let Some((port, source)) = port.filter(|(p, _)| p.parse::<u16>().is_ok_and(|n| n > 0)) {
        let n: u16 = port.parse().unwrap_or(0);
        out.push(finding("port", format!("app port {n}"), source.into(), "services.0.port", Value::Number(n.into())));
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

/// Every finding in `dir`, rules first, then read values.
pub fn detect(dir: &Path) -> Result<Vec<Finding>> {
    let rules = rules();
    let repo = Repo::read(dir)?;
    let mut out = Vec::new();
    for rule in rules {
        if let Some(based_on) = rule.conditions.iter().find_map(|c| repo.holds(c)) {
            out.push(Finding { id: rule.id, summary: rule.summary, based_on, answers: rule.answers });
        }
    }
    out.extend(values(&repo));
    Ok(out)
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
