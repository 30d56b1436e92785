//! The one flow every writing command shares: answers → spec → plan → changes → review → apply.
//! Commands differ only in the answer layers they pass in.

use crate::apply::{Op, apply};
use crate::catalog::Catalog;
use crate::cli::{Existing, WriteArgs};
use crate::diff::{self, Style};
use crate::error::{Error, Result};
use crate::plan::{Action, Change, Plan, PlannedFile, conflict_markers};
use crate::prompt::{Adoption, Decision, Reviewer, Terminal};
use crate::render::Renderer;
use crate::spec::Spec;
use crate::spec::answers::{Answers, Exclude, Moved};
use crate::spec::resolve::{Layer, resolve};
use crate::spec::types::{Note, PathGlob, RelPath};
use crate::state::{self, State};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn note(text: &str) -> Note {
    Note::parse(text).expect("a valid note")
}

fn parse_glob(path: &str) -> Result<PathGlob> {
    PathGlob::parse(path).map_err(|e| Error::input(format!("`{path}`: {e}")))
}

fn parse_path(path: &str) -> Result<RelPath> {
    RelPath::parse(path).map_err(|e| Error::input(format!("`{path}`: {e}")))
}

pub const ANSWERS_FILE: &str = "scaffold.yaml";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A project with its answers resolved, rendered and compared with the disk.
pub struct Session {
    pub dir: PathBuf,
    pub state: State,
    pub spec: Spec,
    pub plan: Plan,
    pub changes: Vec<Change>,
    /// The repository's own files (on disk before scaffold wrote them, differing from its render),
    /// as the render without any adoption decision compares them.
    pub foreign: Vec<Change>,
    /// What happens to each of them: kept (excluded, or scaffold's written under another name),
    /// replaced, or merged with markers.
    pub choices: BTreeMap<String, Existing>,
    /// Files left out of the review by the user, to exclude with the answers written.
    declined: Vec<String>,
    /// Paths the state names that no component renders: never deleted.
    ignored: Vec<String>,
    answers: Answers,
    catalog: Catalog,
    renderer: Renderer,
    restore: bool,
}

/// The project's own `scaffold.yaml`, if it has one.
pub fn project_layer(dir: &Path) -> Result<Option<Layer>> {
    crate::read::project_file(dir, ANSWERS_FILE)?.map(|text| Layer::parse(ANSWERS_FILE, &text)).transpose()
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
        usual: None,
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
/// repository already has and scaffold never wrote: kept (excluded in the answers from now on, or
/// scaffold's version written under another name when other files refer to it), replaced, or
/// merged with markers.
pub fn prepare(dir: &Path, layers: Vec<Layer>, restore: bool, existing: Existing) -> Result<Session> {
    let (answers, _) = resolve(layers)?;
    let catalog = Catalog::load()?;
    let renderer = Renderer::new(&catalog)?;
    let mut session = Session {
        dir: dir.to_path_buf(),
        state: State::load(dir)?,
        spec: Spec::new(answers.clone(), &catalog, &renderer)?,
        plan: Plan::default(),
        changes: Vec::new(),
        foreign: Vec::new(),
        choices: BTreeMap::new(),
        declined: Vec::new(),
        ignored: Vec::new(),
        answers,
        catalog,
        renderer,
        restore,
    };
    // A file scaffold moves aside may itself be the repository's: a second round decides it.
    for _ in 0..3 {
        session.render()?;
        let new: Vec<Change> =
            session.changes.iter().filter(|c| c.foreign && !session.choices.contains_key(&c.path)).cloned().collect();
        if new.is_empty() {
            break;
        }
        for c in new {
            session.choices.insert(c.path.clone(), existing);
            session.foreign.push(c);
        }
    }
    for path in &session.ignored {
        eprintln!("warning: `.scaffold/state.yaml` names `{path}`, which no component renders: left alone");
    }
    Ok(session)
}

/// Whether dotted version `a` is later than `b` (`0.10.0` after `0.9.2`).
fn newer(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split(['.', '-']).map_while(|p| p.parse().ok()).collect() };
    parts(a) > parts(b)
}

const KEPT_REASON: &str = "the repository's own file, kept when scaffold was adopted";

impl Session {
    /// Renders the answers with the adoption choices and the declined files, and compares.
    fn render(&mut self) -> Result<()> {
        let mut answers = self.answers.clone();
        let movable = self.catalog.movable();
        let kept = self.choices.iter().filter(|(_, c)| **c == Existing::Keep).map(|(p, _)| p.as_str());
        let (moves, excludes): (Vec<&str>, Vec<&str>) = kept.partition(|p| movable.contains_key(p));
        let mut moves: Vec<(&str, &str)> = moves.into_iter().map(|p| (p, movable[p])).collect();
        // Targets naming another movable file (`{Dockerfile}.dockerignore`) are placed last.
        moves.sort_by_key(|(_, to)| to.contains('{'));
        for (path, _) in moves {
            let now = |other: &str| {
                answers.moved.iter().find(|m| m.path.as_str() == other).map_or(other, |m| m.to.as_str()).to_owned()
            };
            let to = self.catalog.moved_target(path, now).expect("a movable path");
            answers.moved.push(Moved {
                path: parse_path(path)?,
                to: RelPath::parse(&to).map_err(|e| Error::Template(format!("`movable` of `{path}`: {e}")))?,
                reason: Some(note(KEPT_REASON)),
            });
        }
        for path in excludes {
            answers.exclude.push(Exclude { path: parse_glob(path)?, reason: Some(note(KEPT_REASON)) });
        }
        for warning in self.secret_warnings() {
            println!("warning: {warning}");
        }
        for path in &self.declined {
            answers.exclude.push(Exclude { path: parse_glob(path)?, reason: Some(note("declined in the review")) });
        }
        self.spec = Spec::new(answers, &self.catalog, &self.renderer)?;
        let mut plan = self.renderer.plan(&self.spec, &self.catalog)?;
        exclude(&mut plan, &self.spec)?;
        plan.files.insert(ANSWERS_FILE.to_owned(), answers_file(&self.spec));
        let label = format!("scaffold {VERSION} (new render)");
        self.changes = plan.compare(&self.dir, &self.state, self.restore, &label)?;
        let moved_to: Vec<&str> = self.spec.answers.moved.iter().map(|m| m.to.as_str()).collect();
        let (kept, ignored): (Vec<Change>, Vec<Change>) =
            std::mem::take(&mut self.changes).into_iter().partition(|c| {
                !matches!(c.action, Action::Delete | Action::KeptEdited) || self.catalog.renders(&c.path, &moved_to)
            });
        self.changes = kept;
        self.ignored = ignored.into_iter().map(|c| c.path).collect();
        self.plan = plan;
        self.follow_renames(&label)?;
        for c in self.changes.iter_mut().filter(|c| c.foreign) {
            if self.choices.get(&c.path) == Some(&Existing::Replace) {
                c.action = Action::Update;
                c.after = c.render.clone();
                c.conflicts.clear();
            }
        }
        for c in self.foreign.iter().filter(|c| self.choices.get(&c.path) == Some(&Existing::Keep)) {
            self.changes.push(Change {
                action: Action::KeptYours,
                after: c.disk.clone(),
                conflicts: Vec::new(),
                ..c.clone()
            });
        }
        Ok(())
    }

    /// A file a component now renders under a new path takes the user's edits of the old one with
    /// it: the old base and the old file on disk are merged with the new render at the new path,
    /// and the old path is removed.
    fn follow_renames(&mut self, label: &str) -> Result<()> {
        for (old, new) in self.catalog.renamed() {
            let gone = self
                .changes
                .iter()
                .position(|c| c.path == old && !c.secret && matches!(c.action, Action::KeptEdited | Action::Delete));
            let fresh = self.changes.iter().position(|c| c.path == new && c.action == Action::Create);
            let (Some(o), Some(n)) = (gone, fresh) else { continue };
            let base = self.state.base(&self.dir, old)?.unwrap_or_default();
            let mine = self.changes[o].disk.clone().unwrap_or_default();
            let render = self.changes[n].render.clone().unwrap_or_default();
            let merged = crate::merge::merge3(&base, &mine, &render, label);
            let moved = &mut self.changes[n];
            moved.user_edited = mine != base;
            moved.action = match (merged.conflicts.is_empty(), moved.user_edited) {
                (false, _) => Action::Conflict,
                (true, true) => Action::Merged,
                (true, false) => Action::Create,
            };
            moved.conflicts = merged.conflicts;
            moved.after = Some(merged.text);
            let left = &mut self.changes[o];
            left.action = Action::Delete;
            left.after = None;
        }
        Ok(())
    }

    /// Changes what happens to the repository's own files, and renders again.
    pub fn choose(&mut self, choices: BTreeMap<String, Existing>) -> Result<()> {
        self.choices = choices;
        self.render()
    }

    /// The repository's own files kept, each with where scaffold writes its version instead
    /// (`None`: excluded, not written at all).
    pub fn kept(&self) -> Vec<(&str, Option<&str>)> {
        let moved = |p: &str| self.spec.answers.moved.iter().find(|m| m.path.as_str() == p).map(|m| m.to.as_str());
        self.choices.iter().filter(|(_, c)| **c == Existing::Keep).map(|(p, _)| (p.as_str(), moved(p))).collect()
    }

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
                // Why these modes: `secrets.rs`.
                let dir_mode = c.secret.then_some(crate::secrets::DIR_MODE);
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

    /// Secrets wider than scaffold made them.
    pub fn secret_warnings(&self) -> Vec<String> {
        let files: Vec<&str> = self.changes.iter().filter(|c| c.secret).map(|c| c.path.as_str()).collect();
        crate::secrets::warnings(&self.dir, &files)
    }

    /// Where scaffold writes its version of the repository's own `path` when the file is kept
    /// (`None`: nowhere, it is excluded).
    fn moved_to(&self, path: &str) -> Option<String> {
        self.catalog.moved_target(path, |other| self.spec.path(other).to_owned())
    }

    /// Asks, per file the repository already has, whether to keep it, take scaffold's or merge.
    fn adopt(&mut self, reviewer: &mut dyn Reviewer, style: Style) -> Result<()> {
        let mut choices = self.choices.clone();
        for c in self.foreign.clone() {
            loop {
                let current = choices.get(&c.path).copied().unwrap_or(Existing::Keep);
                match reviewer.adopt(&c.path, current, self.moved_to(&c.path).as_deref())? {
                    Adoption::ShowDiff => {
                        print!("{}", diff::unified(&Change { after: c.render.clone(), ..c.clone() }, style));
                    }
                    Adoption::Decide(choice) => {
                        choices.insert(c.path.clone(), choice);
                        break;
                    }
                }
            }
        }
        if choices != self.choices {
            let before = self.choices.clone();
            self.choose(choices)?;
            for c in self.changes.iter().filter(|c| c.foreign && before.get(&c.path) != self.choices.get(&c.path)) {
                print!("{}", diff::unified(c, style));
            }
            print!("{}", diff::summary(&self.changes, style));
        }
        Ok(())
    }

    /// Shows the changes, asks (unless `--yes`), and writes what was accepted.
    pub fn review_and_apply(mut self, write: &WriteArgs, style: Style) -> Result<()> {
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
        if !write.allow_downgrade && newer(&self.state.scaffold_version, VERSION) {
            return Err(Error::input(format!(
                "`.scaffold/` was written by scaffold {}, newer than this one ({VERSION}): its templates would go back a version; install the newer scaffold, or pass `--allow-downgrade`",
                self.state.scaffold_version
            )));
        }
        if self.changes.iter().any(|c| c.secret && c.action.writes()) {
            crate::secrets::check_dir(&self.dir)?;
        }
        let bookkeeping = self.ops(&[]);
        if self.pending().is_empty() {
            if !bookkeeping.is_empty() && !write.dry_run {
                apply(&self.dir, &bookkeeping)?;
            }
            if !crate::output::quiet() {
                println!("nothing to change: {} files up to date in `{}`", self.changes.len(), self.dir.display());
            }
            return Ok(());
        }
        // Without a terminal to ask on, say so before printing a review nobody can answer.
        let mut terminal = if write.yes || write.dry_run { None } else { Some(Terminal::open()?) };
        // Asked or shown, the summary stays; written without a question, `--quiet` drops it.
        if !(write.yes && crate::output::quiet()) {
            print!("{}", diff::summary(&self.changes, style));
        }
        if !write.yes && !write.summary {
            crate::pager::show(&self.pending().iter().map(|c| diff::unified(c, style)).collect::<String>());
        }
        if write.dry_run {
            return Ok(());
        }
        let accepted: Vec<String> = match terminal.as_mut() {
            None => {
                // A file of the repository's own holds markers only when merging it was asked for.
                let conflicted: Vec<&str> = self
                    .pending()
                    .into_iter()
                    .filter(|c| c.action == Action::Conflict && !c.foreign)
                    .map(|c| c.path.as_str())
                    .collect();
                if !conflicted.is_empty() && !write.allow_conflicts {
                    return Err(Error::Found(format!(
                        "your edits and the new render overlap in {}: nothing was written; review interactively, or pass `--allow-conflicts` to write conflict markers",
                        conflicted.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                    )));
                }
                self.pending().iter().map(|c| c.path.clone()).collect()
            }
            Some(terminal) => {
                self.adopt(terminal, style)?;
                let pending: Vec<Change> = self.pending().into_iter().cloned().collect();
                let diffs: Vec<String> = pending.iter().map(|c| diff::unified(c, style)).collect();
                match terminal.review(&pending, &diffs)? {
                    Decision::Write { files, exclude } => {
                        let mut chosen: Vec<String> = files.iter().map(|i| pending[*i].path.clone()).collect();
                        self.declined = exclude
                            .iter()
                            .map(|i| &pending[*i])
                            .filter(|c| crate::prompt::excludable(c) && !chosen.contains(&c.path))
                            .map(|c| c.path.clone())
                            .filter(|p| p != ANSWERS_FILE)
                            .collect();
                        if !self.declined.is_empty() {
                            self.render()?;
                            chosen.push(ANSWERS_FILE.to_owned());
                        }
                        chosen
                    }
                    Decision::Abort => return Err(Error::Aborted),
                }
            }
        };
        let accepted: Vec<&Change> =
            self.changes.iter().filter(|c| c.action.writes() && accepted.contains(&c.path)).collect();
        let ops = self.ops(&accepted);
        apply(&self.dir, &ops)?;
        let quiet = crate::output::quiet();
        if !quiet {
            println!("wrote {} {} in `{}`", accepted.len(), diff::files(accepted.len()), self.dir.display());
        }
        for p in crate::fit::check(&self.dir, &self.spec).into_iter().filter(|p| p.error || !quiet) {
            println!("{}: {}", if p.error { "does not fit" } else { "check" }, p.message);
        }
        for (path, to) in self.kept().into_iter().filter(|_| !quiet) {
            match to {
                Some(to) => println!(
                    "kept yours: `{path}`; scaffold's version is `{to}`, and what scaffold writes uses that one (to take scaffold's at `{path}`, remove its `moved` entry in {ANSWERS_FILE} and run `scaffold update --existing replace`)"
                ),
                None => println!(
                    "kept yours: `{path}` (now in `exclude` of {ANSWERS_FILE}; to see or take scaffold's version, remove that entry and run `scaffold diff --existing replace` or `scaffold update --existing replace`)"
                ),
            }
        }
        for warning in self.secret_warnings() {
            println!("warning: {warning}");
        }
        for path in self.declined.iter().filter(|_| !quiet) {
            println!("left out: `{path}` (now in `exclude` of {ANSWERS_FILE})");
        }
        if !quiet {
            println!("next steps:");
            for (i, step) in crate::next_steps::lines(&self.spec, &self.plan, &self.dir).iter().enumerate() {
                println!("  {}. {step}", i + 1);
            }
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
