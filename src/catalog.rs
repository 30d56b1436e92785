//! The components: each is a folder under `templates/` with a `component.yaml` manifest and the
//! files it renders, embedded in the binary. Adding a component is adding a folder; no Rust changes.

use crate::error::{Error, Result};
use crate::spec::types::{ImageRepo, ImageTag};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::path::{Path, PathBuf};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The suffix that marks a file to render with Tera; it is stripped from the output path.
pub const TEMPLATE_SUFFIX: &str = ".tera";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub summary: String,
    /// A Tera expression over the answers; when present the component is enabled by the answers
    /// (for example `proxy == "nginx"`), otherwise only by listing it in `components:`.
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default)]
    pub requires: Vec<String>,
    /// The compose services it renders, whose names no app service may take.
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub conflicts: Vec<String>,
    #[serde(default)]
    pub secrets: Vec<SecretSpec>,
    /// The real validators for what this component renders (`scaffold verify`).
    #[serde(default)]
    pub verify: Vec<Check>,
    /// The component's own answers, under `settings.<id>.<key>` in `scaffold.yaml`.
    #[serde(default)]
    pub answers: Vec<AnswerSpec>,
    /// Files that other files refer to (a Dockerfile the pipelines build, a reusable workflow),
    /// each with the path scaffold writes its version at when the repository keeps its own.
    /// Templates refer to them as `paths["<path>"]`, so every reference follows a move.
    #[serde(default)]
    pub movable: std::collections::BTreeMap<String, String>,
    /// Files an earlier version rendered under another path: old path → new path. A user's edits
    /// of the old file are merged into the new one, and the old one goes.
    #[serde(default)]
    pub renamed: std::collections::BTreeMap<String, String>,
}

/// One answer a component asks for, typed with the same validated types as the core answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerSpec {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: AnswerKind,
    /// Without a default the answer is required while the component is enabled.
    #[serde(default)]
    pub default: Option<serde_json::Value>,
    /// One line shown by `scaffold list` and the wizard.
    pub help: String,
    /// For `type: choice`.
    #[serde(default)]
    pub choices: Vec<String>,
    /// For `type: count`: the smallest allowed value (default 0).
    #[serde(default)]
    pub min: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerKind {
    Name,
    Domain,
    Email,
    Port,
    Duration,
    Size,
    Path,
    Version,
    Bool,
    Count,
    Choice,
}

/// One validator run: a bash script, run in a scratch copy of the project's generated files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The check's name within its component, when the component has several checks of one tool;
    /// otherwise the tool names it. `<component>/<name>` is its id in `verify --json` and `--only`.
    #[serde(default)]
    pub id: Option<String>,
    /// What is checked, for the table: a path or a short description.
    pub artifact: String,
    /// The command that must be on `PATH`; the check is skipped (or fails with `--strict`) without it.
    pub tool: String,
    /// A command whose first output line is the tool's version.
    #[serde(default)]
    pub version: Option<String>,
    /// Project files the check needs; it does not apply when one is absent.
    #[serde(default)]
    pub files: Vec<String>,
    /// How to install the tool, shown when it is missing.
    #[serde(default)]
    pub install: Option<String>,
    /// What else it runs, beyond `tool`: a command, or `python3:<module>` for a module the
    /// `python3` on `PATH` must import. Each has its install hint in `templates/verify/needs.yaml`.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Takes long (over 30 s): started first, and left out by `verify --quick`.
    #[serde(default)]
    pub slow: bool,
}

impl Check {
    /// The check's name within its component: its `id`, or else its tool.
    pub fn name(&self) -> &str {
        self.id.as_deref().unwrap_or(&self.tool)
    }

    /// The check's stable id: `<component>/<id or tool>`.
    pub fn id(&self, component: &str) -> String {
        format!("{component}/{}", self.name())
    }

    /// The script that runs it: `checks/<name>.sh` in its component's folder.
    pub fn script(&self) -> String {
        format!("{}.sh", self.name())
    }
}

/// A secret the component needs: generated once as `secrets/<name>` (private directory), never shown,
/// never overwritten, never stored in `.scaffold/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretSpec {
    pub name: String,
    /// A Tera expression; the secret is generated only when it holds (default: always).
    #[serde(default)]
    pub when: Option<String>,
    /// What the team must put in it: such a secret is never generated (a random value would
    /// look like a working credential); the next steps ask for it until the file holds something.
    #[serde(default)]
    pub provided: Option<String>,
}

#[derive(Debug)]
pub struct Component {
    pub manifest: Manifest,
    /// (path relative to the component folder, file contents), sorted by path.
    pub files: Vec<(String, String)>,
    /// The files of its `checks/` folder (path relative to that folder, contents): each check's
    /// script and what they run. Never rendered into a project.
    pub checks: Vec<(String, String)>,
}

impl Component {
    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    /// Chosen by the answers rather than listed by the user.
    pub fn is_automatic(&self) -> bool {
        self.manifest.when.is_some()
    }
}

#[derive(Debug)]
pub struct Catalog {
    pub components: Vec<Component>,
    pub library: Library,
    /// `templates/images.yaml`: every image the templates run at a fixed version, by key.
    pub images: std::collections::BTreeMap<String, String>,
}

/// The folder of `templates/` that is no component: what every check may use.
const LIBRARY: &str = "verify";

/// `templates/verify/`: the shell functions every check's script is run with (`lib.sh`), the
/// helpers they run, and how to install each dependency a check may declare (`needs.yaml`).
#[derive(Debug)]
pub struct Library {
    /// (path relative to the folder, contents).
    pub files: Vec<(String, String)>,
    pub needs: std::collections::BTreeMap<String, String>,
}

/// Where a component's checks live, relative to its folder.
const CHECKS_DIR: &str = "checks/";

/// Where template overrides are read from instead of the embedded set: for template contributors
/// trying a change without rebuilding, and for teams that keep their own templates.
pub const OVERRIDE_ENV: &str = "SCAFFOLD_TEMPLATES";

fn collect_embedded(dir: &'static Dir<'static>, root: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    for file in dir.files() {
        let rel = file.path().strip_prefix(root).unwrap_or(file.path());
        let text = file
            .contents_utf8()
            .ok_or_else(|| Error::Template(format!("`templates/{}`: not UTF-8 text", file.path().display())))?;
        out.push((rel.to_string_lossy().into_owned(), text.to_owned()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, root, out)?;
    }
    Ok(())
}

fn collect_disk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.is_dir() {
            collect_disk(&path, root, out)?;
        } else {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push((rel.to_string_lossy().into_owned(), text));
        }
    }
    Ok(())
}

/// The checklist's items (`templates/checklist.yaml`), read as `T`: whole items for `scaffold
/// checklist`, or only their ids for the answers that acknowledge them.
pub fn checklist<T: serde::de::DeserializeOwned>() -> Result<Vec<T>> {
    let text = root_file("checklist.yaml")?;
    yaml_serde::from_str(&text).map_err(|e| Error::Template(format!("`templates/checklist.yaml`: {e}")))
}

/// `templates/images.yaml`, each value a `repository:tag` whose repository no other key names (one
/// version of an image for every component).
fn images() -> Result<std::collections::BTreeMap<String, String>> {
    let bad = |what: String| Error::Template(format!("`templates/images.yaml`: {what}"));
    let images: std::collections::BTreeMap<String, String> =
        yaml_serde::from_str(&root_file("images.yaml")?).map_err(|e| bad(e.to_string()))?;
    let mut repositories = std::collections::BTreeMap::new();
    for (key, image) in &images {
        let (repository, tag) = image.rsplit_once(':').unwrap_or((image, ""));
        if let Some(e) = ImageRepo::parse(repository).err().or_else(|| ImageTag::parse(tag).err()) {
            return Err(bad(format!("`{key}`: `{image}` is not `repository:tag`: {e}")));
        }
        if let Some(other) = repositories.insert(repository, key) {
            return Err(bad(format!("`{other}` and `{key}` are both `{repository}`: one version per image")));
        }
    }
    Ok(images)
}

/// A data file at the root of the templates (not a component): from `SCAFFOLD_TEMPLATES` when
/// that directory has it, otherwise the embedded one.
pub fn root_file(name: &str) -> Result<String> {
    if let Some(root) = std::env::var_os(OVERRIDE_ENV) {
        let path = PathBuf::from(root).join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => return Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    TEMPLATES
        .get_file(name)
        .and_then(|f| f.contents_utf8())
        .map(str::to_owned)
        .ok_or_else(|| Error::Template(format!("`templates/{name}` is missing")))
}

impl Catalog {
    /// The embedded templates, or the directory named by `SCAFFOLD_TEMPLATES`.
    pub fn load() -> Result<Catalog> {
        let mut folders: Vec<(String, Vec<(String, String)>)> = Vec::new();
        match std::env::var_os(OVERRIDE_ENV) {
            Some(root) => {
                let root = PathBuf::from(root);
                for entry in std::fs::read_dir(&root).map_err(|e| Error::io(&root, e))? {
                    let dir = entry.map_err(|e| Error::io(&root, e))?.path();
                    if dir.is_dir() {
                        let mut files = Vec::new();
                        collect_disk(&dir, &dir, &mut files)?;
                        folders.push((dir.file_name().unwrap_or_default().to_string_lossy().into_owned(), files));
                    }
                }
            }
            None => {
                for dir in TEMPLATES.dirs() {
                    let mut files = Vec::new();
                    collect_embedded(dir, dir.path(), &mut files)?;
                    folders.push((dir.path().to_string_lossy().into_owned(), files));
                }
            }
        }
        // The library is no component; a template override without one uses the embedded one.
        let library = match folders.iter().position(|(f, _)| f == LIBRARY) {
            Some(at) => Some(folders.swap_remove(at).1),
            None => TEMPLATES
                .get_dir(LIBRARY)
                .map(|dir| {
                    let mut files = Vec::new();
                    collect_embedded(dir, dir.path(), &mut files).map(|()| files)
                })
                .transpose()?,
        };
        let mut components = Vec::new();
        for (folder, files) in folders {
            let (checks, mut files): (Vec<_>, Vec<_>) = files.into_iter().partition(|(p, _)| p.starts_with(CHECKS_DIR));
            let at = files.iter().position(|(p, _)| p == "component.yaml");
            let (_, manifest_text) = files
                .swap_remove(at.ok_or_else(|| Error::Template(format!("`templates/{folder}`: no component.yaml")))?);
            let manifest: Manifest = yaml_serde::from_str(&manifest_text)
                .map_err(|e| Error::Template(format!("`templates/{folder}/component.yaml`: {e}")))?;
            let checks = checks.into_iter().map(|(p, text)| (p[CHECKS_DIR.len()..].to_owned(), text)).collect();
            if manifest.id != folder {
                return Err(Error::Template(format!(
                    "`templates/{folder}/component.yaml`: id `{}` must equal the folder name",
                    manifest.id
                )));
            }
            files.sort();
            components.push(Component { manifest, files, checks });
        }
        components.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        let library = library.ok_or_else(|| Error::Template(format!("`templates/{LIBRARY}` is missing")))?;
        let needs_text = library
            .iter()
            .find(|(p, _)| p == "needs.yaml")
            .map(|(_, t)| t.as_str())
            .ok_or_else(|| Error::Template(format!("`templates/{LIBRARY}/needs.yaml` is missing")))?;
        let needs = yaml_serde::from_str(needs_text)
            .map_err(|e| Error::Template(format!("`templates/{LIBRARY}/needs.yaml`: {e}")))?;
        let catalog = Catalog { components, library: Library { files: library, needs }, images: images()? };
        for c in &catalog.components {
            let mut ids = std::collections::BTreeSet::new();
            let bad = |what: String| Error::Template(format!("`templates/{}/component.yaml`: {what}", c.id()));
            for check in &c.manifest.verify {
                if !c.checks.iter().any(|(p, _)| *p == check.script()) {
                    return Err(bad(format!(
                        "check `{}` has no script `{CHECKS_DIR}{}`",
                        check.id(c.id()),
                        check.script()
                    )));
                }
                if let Some(need) = check.needs.iter().find(|n| !catalog.library.needs.contains_key(*n)) {
                    return Err(bad(format!(
                        "check `{}` needs `{need}`, which `templates/{LIBRARY}/needs.yaml` does not know; known: {}",
                        check.id(c.id()),
                        catalog.library.needs.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    )));
                }
                if !ids.insert(check.id(c.id())) {
                    return Err(bad(format!("two checks are `{}`: give each of them an `id:`", check.id(c.id()))));
                }
            }
            if let Some((orphan, _)) =
                c.checks.iter().find(|(p, _)| p.ends_with(".sh") && !c.manifest.verify.iter().any(|v| v.script() == *p))
            {
                return Err(bad(format!("`{CHECKS_DIR}{orphan}` is the script of no check in `verify:`")));
            }
            for other in c.manifest.requires.iter().chain(&c.manifest.conflicts) {
                if catalog.get(other).is_none() {
                    return Err(Error::Template(format!("component `{}` names unknown component `{other}`", c.id())));
                }
            }
        }
        Ok(catalog)
    }

    pub fn get(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id() == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.components.iter().map(Component::id).collect()
    }

    /// The component that renders a compose service called `name`, if any does.
    pub fn service_owner(&self, name: &str) -> Option<&str> {
        self.components.iter().find(|c| c.manifest.services.iter().any(|s| s == name)).map(Component::id)
    }

    /// Whether some component of this scaffold can write `path` (a template's output, a secret,
    /// where a movable file is moved to, or a path it rendered before a rename): the only files `update` and `remove` may delete, so
    /// that a tampered `.scaffold/state.yaml` cannot name `.git/config` or the app's own files.
    pub fn renders(&self, path: &str, moved_to: &[&str]) -> bool {
        if path.starts_with(".git/") || path == ".git" {
            return false;
        }
        moved_to.contains(&path)
            || self.components.iter().any(|c| {
                c.files.iter().any(|(f, _)| f.strip_suffix(TEMPLATE_SUFFIX).unwrap_or(f) == path)
                    || c.manifest.renamed.contains_key(path)
                    || c.manifest.secrets.iter().any(|s| path.strip_prefix("secrets/") == Some(s.name.as_str()))
            })
    }

    /// Every renamed file of every component, old path → new path.
    pub fn renamed(&self) -> Vec<(&str, &str)> {
        self.components.iter().flat_map(|c| c.manifest.renamed.iter().map(|(o, n)| (o.as_str(), n.as_str()))).collect()
    }

    /// Where the movable file `path` is written when the repository keeps its own, with each
    /// `{<other movable file>}` in it replaced by where that file is (`now`).
    pub fn moved_target(&self, path: &str, now: impl Fn(&str) -> String) -> Option<String> {
        let movable = self.movable();
        let mut to = (*movable.get(path)?).to_owned();
        for other in movable.keys() {
            to = to.replace(&format!("{{{other}}}"), &now(other));
        }
        Some(to)
    }

    /// Every movable file of every component → where scaffold writes it when moved.
    pub fn movable(&self) -> std::collections::BTreeMap<&str, &str> {
        self.components.iter().flat_map(|c| c.manifest.movable.iter().map(|(k, v)| (k.as_str(), v.as_str()))).collect()
    }

    /// The error for a component id that is not in the catalog, with the nearest one and the list.
    pub fn unknown(&self, id: &str) -> String {
        let optional: Vec<String> =
            self.components.iter().filter(|c| !c.is_automatic()).map(|c| format!("`{}`", c.id())).collect();
        let hint =
            crate::spec::resolve::nearest(id, &self.ids()).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
        format!("unknown component `{id}`; {hint}optional components: {}", optional.join(", "))
    }
}
