//! The production-readiness checklist: items are data (`templates/checklist.yaml`); each is
//! marked covered, partly covered or manual from the project's enabled components, naming the
//! generated files that cover it.

use crate::catalog::{self, Catalog};
use crate::error::{Error, Result};
use crate::plan::Plan;
use crate::spec::Spec;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Critical,
    High,
    Medium,
    Low,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub area: String,
    pub level: Level,
    pub item: String,
    #[serde(default)]
    pub covered_by: Vec<String>,
    #[serde(default)]
    pub partly_by: Vec<String>,
    /// What is missing when only a `partly_by` component is enabled.
    #[serde(default)]
    pub partly: Option<String>,
    pub manual: String,
    /// The files to name as evidence (path prefixes); without it, every file of the components.
    #[serde(default)]
    pub files: Vec<String>,
    /// Secrets the team provides (`secrets/<name>`) that the item depends on, per covering
    /// component: while one of an enabled component's is not rendered (its answer turned it off)
    /// or not filled in, the item is only partly covered.
    #[serde(default)]
    pub provided: std::collections::BTreeMap<String, Vec<String>>,
    /// How long an acknowledgment in `scaffold.yaml` holds, for work that recurs (a quarterly drill).
    #[serde(default)]
    pub renew_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Covered,
    Partly,
    Manual,
    /// Done by hand, as `acknowledged:` in `scaffold.yaml` records.
    Acknowledged,
}

impl Status {
    /// Whether the item needs nothing more now: `--require` passes on it.
    pub fn done(self) -> bool {
        matches!(self, Status::Covered | Status::Acknowledged)
    }
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: String,
    pub area: String,
    pub level: Level,
    pub item: String,
    pub status: Status,
    /// The enabled components behind the status.
    pub by: Vec<String>,
    /// The generated files of those components.
    pub files: Vec<String>,
    /// What is missing (partly) or what to do (manual).
    pub note: String,
}

pub fn items(catalog: &Catalog) -> Result<Vec<Item>> {
    let items: Vec<Item> = catalog::checklist()?;
    for item in &items {
        for id in item.covered_by.iter().chain(&item.partly_by) {
            if catalog.get(id).is_none() {
                return Err(Error::Template(format!(
                    "`templates/checklist.yaml`: item `{}` names unknown component `{id}`",
                    item.id
                )));
            }
        }
    }
    Ok(items)
}

/// Why the secrets an item depends on keep it from being covered in the project at `dir`.
fn unfilled(item: &Item, covering: &[String], plan: &Plan, dir: &std::path::Path) -> Option<String> {
    let mut missing = Vec::new();
    let needed = item.provided.iter().filter(|(id, _)| covering.contains(id)).flat_map(|(_, names)| names);
    for name in needed {
        let path = format!("secrets/{name}");
        if !plan.provided.contains_key(&path) {
            missing.push(format!("`{name}` is turned off in the answers"));
        } else if !crate::secrets::filled(dir, &path) {
            missing.push(format!("`{path}` is not filled in"));
        }
    }
    (!missing.is_empty()).then(|| missing.join("; "))
}

/// `today` is in days since 1970-01-01, so that an acknowledgment can run out.
pub fn evaluate(items: &[Item], spec: &Spec, plan: &Plan, dir: &std::path::Path, today: i64) -> Vec<Row> {
    let enabled =
        |ids: &[String]| -> Vec<String> { ids.iter().filter(|id| spec.components.contains(id)).cloned().collect() };
    items
        .iter()
        .map(|item| {
            let covering = enabled(&item.covered_by);
            let partly = enabled(&item.partly_by);
            let (status, by, note) = if !covering.is_empty() {
                match unfilled(item, &covering, plan, dir) {
                    Some(why) => (Status::Partly, covering, why),
                    None => (Status::Covered, covering, String::new()),
                }
            } else if !partly.is_empty() {
                (Status::Partly, partly, item.partly.clone().unwrap_or_else(|| item.manual.clone()))
            } else {
                (Status::Manual, Vec::new(), item.manual.clone())
            };
            let ack = spec.answers.acknowledged.iter().find(|a| a.id.as_str() == item.id);
            let (status, note) = match ack {
                Some(a) if status != Status::Covered => {
                    let age = today - a.date.days();
                    let said = format!("acknowledged by {} on {}: {}", a.by, a.date, a.evidence);
                    match item.renew_days {
                        Some(days) if age > i64::from(days) => (
                            status,
                            format!("{said}, more than {days} days ago: do it again and update `acknowledged`"),
                        ),
                        _ => (Status::Acknowledged, said),
                    }
                }
                _ => (status, note),
            };
            let evidence = |p: &str| item.files.is_empty() || item.files.iter().any(|f| p.starts_with(f.as_str()));
            let files = plan
                .files
                .iter()
                .filter(|(p, f)| by.contains(&f.component) && evidence(f.usual.as_deref().unwrap_or(p)))
                .map(|(p, _)| p.clone())
                .collect();
            Row {
                id: item.id.clone(),
                area: item.area.clone(),
                level: item.level,
                item: item.item.clone(),
                status,
                by,
                files,
                note,
            }
        })
        .collect()
}

fn mark(status: Status) -> &'static str {
    match status {
        Status::Covered => "[x]",
        Status::Acknowledged => "[a]",
        Status::Partly => "[~]",
        Status::Manual => "[ ]",
    }
}

const LEVELS: [Level; 4] = [Level::Critical, Level::High, Level::Medium, Level::Low];

fn level_name(level: Level) -> String {
    format!("{level:?}").to_lowercase()
}

/// Files shown per item: enough to find them, not the whole tree.
const FILES_SHOWN: usize = 3;

fn files_note(files: &[String]) -> String {
    let mut shown: Vec<String> = files.iter().take(FILES_SHOWN).map(|f| format!("`{f}`")).collect();
    if files.len() > FILES_SHOWN {
        shown.push(format!("and {} more", files.len() - FILES_SHOWN));
    }
    shown.join(", ")
}

/// The terminal view: grouped by severity, most severe first, each item with what covers it or
/// what is left.
pub fn text(rows: &[Row]) -> String {
    let mut out = String::new();
    for level in LEVELS {
        let group: Vec<&Row> = rows.iter().filter(|r| r.level == level).collect();
        if group.is_empty() {
            continue;
        }
        let open = group.iter().filter(|r| !r.status.done()).count();
        let _ = writeln!(out, "{} ({} items, {open} open)", level_name(level), group.len());
        for r in group {
            let _ = writeln!(out, "  {} {:<13} {}", mark(r.status), r.area, r.item);
            match r.status {
                Status::Covered => {
                    let _ = writeln!(out, "        by {}: {}", r.by.join(", "), files_note(&r.files));
                }
                _ => {
                    let _ = writeln!(out, "        {}", r.note);
                }
            }
        }
    }
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    let _ = writeln!(
        out,
        "{} covered, {} acknowledged, {} partly, {} manual",
        count(Status::Covered),
        count(Status::Acknowledged),
        count(Status::Partly),
        count(Status::Manual)
    );
    out
}

pub fn markdown(project: &str, rows: &[Row]) -> String {
    let mut out = format!(
        "# Production readiness: {project}\n\nGenerated by `scaffold checklist --markdown`. `[x]` covered by generated files, \
         `[a]` done by hand (acknowledged in `scaffold.yaml`), `[~]` partly covered, `[ ]` to do by hand.\n"
    );
    let mut areas: Vec<&str> = rows.iter().map(|r| r.area.as_str()).collect();
    areas.dedup();
    let mut seen = Vec::new();
    for area in areas {
        if seen.contains(&area) {
            continue;
        }
        seen.push(area);
        let _ = write!(out, "\n## {area}\n\n");
        for r in rows.iter().filter(|r| r.area == area) {
            let level = format!("{:?}", r.level).to_lowercase();
            let detail = match r.status {
                Status::Covered => format!("by {}: {}", r.by.join(", "), files_note(&r.files)),
                _ => r.note.clone(),
            };
            let _ = writeln!(out, "- {} **{}** ({level}): {detail}", mark(r.status), r.item);
        }
    }
    out
}
