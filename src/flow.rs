//! The one flow every writing command shares: answers → spec → plan → changes → review → apply.
//! Commands differ only in the answer layers they pass in.

use crate::apply::{Op, apply};
use crate::catalog::Catalog;
use crate::cli::{Existing, WriteArgs};
use crate::diff::{self, Style};
use crate::error::{Error, Result};
use crate::plan::{Action, Change, Plan, PlannedFile, conflict_markers};
use crate::prompt::{Decision, Reviewer, Terminal};
use crate::render::Renderer;
use crate::spec::Spec;
use crate::spec::answers::Exclude;
use crate::spec::resolve::{Layer, resolve};
use crate::spec::types::{Note, PathGlob};
use crate::state::{self, State};
use std::path::{Path, PathBuf};

pub const ANSWERS_FILE: &str = "scaffold.yaml";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A project with its answers resolved, rendered and compared with the disk.
pub struct Session {
    pub dir: PathBuf,
    pub state: State,
    pub spec: Spec,
    pub plan: Plan,
    pub changes: Vec<Change>,
    /// The repository's own files kept on adoption (now in `exclude`).
    pub kept: Vec<String>,
}

/// The project's own `scaffold.yaml`, if it has one.
pub fn project_layer(dir: &Path) -> Result<Option<Layer>> {
    let path = dir.join(ANSWERS_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => Layer::parse(ANSWERS_FILE, &text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// `dir`, or the nearest folder above it that holds a `scaffold.yaml` (said on stderr).
pub fn project_root(dir: &Path) -> PathBuf {
    if dir.join(ANSWERS_FILE).exists() {
        return dir.to_path_buf();
    }
    let Ok(full) = dir.canonicalize() else { return dir.to_path_buf() };
    match full.ancestors().skip(1).take(32).find(|a| a.join(ANSWERS_FILE).is_file()) {
        Some(root) => {
            eprintln!("using the project at `{}`", root.display());
            root.to_path_buf()
        }
        None => dir.to_path_buf(),
    }
}

/// Same, for commands that only make sense in a scaffolded project.
pub fn require_project_layer(dir: &Path) -> Result<Layer> {
    project_layer(dir)?.ok_or_else(|| {
        Error::input(format!("no `{ANSWERS_FILE}` in `{}`: run `scaffold init` there first", dir.display()))
    })
}

fn answers_file(spec: &Spec) -> PlannedFile {
    let body = yaml_serde::to_string(&spec.answers).expect("answers serialize");
    PlannedFile {
        content: format!(
            "# scaffold answers: edit, then run `scaffold update` (or `scaffold diff` to preview).\n{body}"
        ),
        mode: 0o644,
        component: "answers".into(),
    }
}

/// Drops the excluded files from the plan; the answers file itself cannot be excluded.
fn exclude(plan: &mut Plan, spec: &Spec) -> Result<()> {
    let rules = &spec.answers.exclude;
    if let Some((i, e)) = rules.iter().enumerate().find(|(_, e)| e.path.matches(ANSWERS_FILE)) {
        return Err(Error::input(format!(
            "`exclude[{i}].path`: `{}` matches `{ANSWERS_FILE}`, which holds the answers and cannot be excluded",
            e.path
        )));
    }
    plan.files.retain(|path, _| !rules.iter().any(|e| e.path.matches(path)));
    Ok(())
}

/// Resolves the answers, renders, and compares with the disk. `existing` decides the files the
/// repository already has and scaffold never wrote: kept (and excluded in the answers from now
/// on), replaced, or merged with markers.
pub fn prepare(dir: &Path, layers: Vec<Layer>, restore: bool, existing: Existing) -> Result<Session> {
    let (answers, _) = resolve(layers)?;
    let catalog = Catalog::load()?;
    let renderer = Renderer::new(&catalog)?;
    let mut spec = Spec::new(answers, &catalog, &renderer)?;
    let mut plan = renderer.plan(&spec, &catalog)?;
    exclude(&mut plan, &spec)?;
    plan.files.insert(ANSWERS_FILE.to_owned(), answers_file(&spec));
    let state = State::load(dir)?;
    let label = format!("scaffold {VERSION} (new render)");
    let mut changes = plan.compare(dir, &state, restore, &label)?;
    let foreign: Vec<String> = changes.iter().filter(|c| c.foreign).map(|c| c.path.clone()).collect();
    let mut kept = Vec::new();
    match existing {
        Existing::Keep if !foreign.is_empty() => {
            for path in &foreign {
                spec.answers.exclude.push(Exclude {
                    path: PathGlob::parse(path).map_err(|e| Error::input(format!("`{path}`: {e}")))?,
                    reason: Some(
                        Note::parse("the repository's own file, kept when scaffold was adopted").expect("valid note"),
                    ),
                });
            }
            plan.files.retain(|path, _| !foreign.contains(path));
            plan.files.insert(ANSWERS_FILE.to_owned(), answers_file(&spec));
            changes = plan.compare(dir, &state, restore, &label)?;
            changes.extend(foreign.iter().map(|path| Change {
                path: path.clone(),
                action: Action::KeptYours,
                disk: None,
                after: None,
                render: None,
                mode: 0o644,
                conflicts: Vec::new(),
                user_edited: true,
                secret: false,
                foreign: true,
            }));
            kept = foreign;
        }
        Existing::Replace => {
            for c in changes.iter_mut().filter(|c| c.foreign) {
                c.action = Action::Update;
                c.after = c.render.clone();
                c.conflicts.clear();
            }
        }
        Existing::Keep | Existing::Merge => {}
    }
    Ok(Session { dir: dir.to_path_buf(), state, spec, plan, changes, kept })
}

impl Session {
    pub fn pending(&self) -> Vec<&Change> {
        self.changes.iter().filter(|c| c.action.writes()).collect()
    }

    /// The file operations that write the accepted changes and the new merge base.
    fn ops(&self, accepted: &[&Change]) -> Vec<Op> {
        let mut next = self.state.clone();
        let mut ops = Vec::new();
        let is_accepted = |c: &Change| accepted.iter().any(|a| a.path == c.path);
        for c in &self.changes {
            if c.action.writes() && is_accepted(c) {
                // Compose bind-mounts file secrets with their host mode, and the containers read them
                // as their own non-root users: the files are readable, their directory is private.
                let dir_mode = c.secret.then_some(0o700);
                ops.push(Op { path: c.path.clone(), content: c.after.clone(), mode: c.mode, dir_mode });
            }
            let record_render = match c.action {
                Action::Unchanged => true,
                a if a.writes() => is_accepted(c),
                _ => false,
            };
            if c.secret {
                match c.action {
                    Action::Create if is_accepted(c) => {
                        let value = c.after.as_deref().unwrap_or("");
                        next.secrets.insert(c.path.clone(), state::sha256(value));
                    }
                    Action::Delete if is_accepted(c) => {
                        next.secrets.remove(&c.path);
                    }
                    Action::KeptEdited => {
                        next.secrets.remove(&c.path);
                    }
                    _ => {}
                }
                continue;
            }
            match (&c.render, record_render) {
                (Some(render), true) => {
                    let before = next.files.get(&c.path).cloned();
                    next.record(&c.path, render, c.mode);
                    if next.files.get(&c.path) != before.as_ref() {
                        ops.push(Op {
                            path: state::base_path(&c.path),
                            content: Some(render.clone()),
                            mode: 0o644,
                            dir_mode: None,
                        });
                    }
                }
                (None, _) if c.action == Action::KeptEdited || (c.action == Action::Delete && is_accepted(c)) => {
                    next.files.remove(&c.path);
                    ops.push(Op { path: state::base_path(&c.path), content: None, mode: 0o644, dir_mode: None });
                }
                _ => {}
            }
        }
        if !ops.is_empty() {
            next.scaffold_version = VERSION.to_owned();
            ops.push(Op {
                path: state::state_file().to_owned(),
                content: Some(next.to_yaml()),
                mode: 0o644,
                dir_mode: None,
            });
        }
        ops
    }

    /// Shows the changes, asks (unless `--yes`), and writes what was accepted.
    pub fn review_and_apply(&self, write: &WriteArgs, style: Style) -> Result<()> {
        // Merging over markers would bury them in a second conflict.
        for c in self.changes.iter().filter(|c| matches!(c.action, Action::Merged | Action::Conflict | Action::Update))
        {
            let lines = c.disk.as_deref().map(conflict_markers).unwrap_or_default();
            if !c.foreign && !lines.is_empty() {
                return Err(Error::Found(format!(
                    "`{}` still holds conflict markers (line {}): resolve them, then run this again; nothing was written",
                    c.path,
                    lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let pending = self.pending();
        let bookkeeping = self.ops(&[]);
        if pending.is_empty() {
            if !bookkeeping.is_empty() && !write.dry_run {
                apply(&self.dir, &bookkeeping)?;
            }
            println!("nothing to change: {} files up to date in `{}`", self.changes.len(), self.dir.display());
            return Ok(());
        }
        print!("{}", diff::summary(&self.changes, style));
        if !write.yes {
            for c in &pending {
                print!("{}", diff::unified(c, style));
            }
        }
        if write.dry_run {
            return Ok(());
        }
        // `--existing merge` asks for markers in the repository's own files.
        let explicit = |c: &Change| c.foreign && write.existing == Existing::Merge;
        let conflicted: Vec<&str> =
            pending.iter().filter(|c| c.action == Action::Conflict && !explicit(c)).map(|c| c.path.as_str()).collect();
        let accepted: Vec<&Change> = if write.yes {
            if !conflicted.is_empty() && !write.allow_conflicts {
                return Err(Error::Found(format!(
                    "your edits and the new render overlap in {}: nothing was written; review interactively, or pass `--allow-conflicts` to write conflict markers",
                    conflicted.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                )));
            }
            pending
        } else {
            let owned: Vec<Change> = pending.iter().map(|c| (*c).clone()).collect();
            match Terminal::open()?.review(&owned)? {
                Decision::Write(idx) => idx.into_iter().filter_map(|i| pending.get(i).copied()).collect(),
                Decision::Abort => return Err(Error::Aborted),
            }
        };
        let ops = self.ops(&accepted);
        apply(&self.dir, &ops)?;
        println!("wrote {} files in `{}`", accepted.len(), self.dir.display());
        for p in crate::fit::check(&self.dir, &self.spec) {
            println!("{}: {}", if p.error { "does not fit" } else { "check" }, p.message);
        }
        for path in &self.kept {
            println!(
                "kept yours: `{path}` (now in `exclude` of {ANSWERS_FILE}; to see or take scaffold's version, remove that entry and run `scaffold diff --existing replace` or `scaffold update --existing replace`)"
            );
        }
        println!("next steps:");
        for (i, step) in crate::next_steps::lines(&self.spec).iter().enumerate() {
            println!("  {}. {step}", i + 1);
        }
        // Markers are listed last, where they cannot scroll away.
        for c in accepted.iter().filter(|c| !c.conflicts.is_empty()) {
            let lines: Vec<String> = c.conflicts.iter().map(usize::to_string).collect();
            println!(
                "conflict markers: `{}` line {} (`scaffold check` fails until they are resolved)",
                c.path,
                lines.join(", ")
            );
        }
        Ok(())
    }
}
