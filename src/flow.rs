//! The one flow every writing command shares: answers → spec → plan → changes → review → apply.
//! Commands differ only in the answer layers they pass in.

use crate::apply::{Op, apply};
use crate::catalog::Catalog;
use crate::cli::WriteArgs;
use crate::diff::{self, Style};
use crate::error::{Error, Result};
use crate::plan::{Action, Change, Plan, PlannedFile};
use crate::prompt::{Decision, Reviewer, Terminal};
use crate::render::Renderer;
use crate::spec::Spec;
use crate::spec::resolve::{Layer, resolve};
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

pub fn prepare(dir: &Path, layers: Vec<Layer>, restore: bool) -> Result<Session> {
    let (answers, _) = resolve(layers)?;
    let catalog = Catalog::load()?;
    let renderer = Renderer::new(&catalog)?;
    let spec = Spec::new(answers, &catalog, &renderer)?;
    let mut plan = renderer.plan(&spec, &catalog)?;
    plan.files.insert(ANSWERS_FILE.to_owned(), answers_file(&spec));
    let state = State::load(dir)?;
    let changes = plan.compare(dir, &state, restore, &format!("scaffold {VERSION} (new render)"))?;
    Ok(Session { dir: dir.to_path_buf(), state, spec, plan, changes })
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
        let conflicted: Vec<&str> =
            pending.iter().filter(|c| c.action == Action::Conflict).map(|c| c.path.as_str()).collect();
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
        Ok(())
    }
}
