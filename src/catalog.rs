//! The components: each is a folder under `templates/` with a `component.yaml` manifest and the
//! files it renders, embedded in the binary. Adding a component is adding a folder; no Rust changes.

use crate::error::{Error, Result};
use include_dir::{Dir, include_dir};
use serde::Deserialize;

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
    #[serde(default)]
    pub conflicts: Vec<String>,
}

#[derive(Debug)]
pub struct Component {
    pub manifest: Manifest,
    /// (path relative to the component folder, file contents)
    pub files: Vec<(&'static str, &'static str)>,
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
}

fn collect(dir: &'static Dir<'static>, root: &std::path::Path, out: &mut Vec<(&'static str, &'static str)>) -> Result<()> {
    for file in dir.files() {
        let rel = file.path().strip_prefix(root).unwrap_or(file.path());
        let rel = rel.to_str().ok_or_else(|| Error::Template(format!("`{}`: file name is not UTF-8", file.path().display())))?;
        if rel == "component.yaml" {
            continue;
        }
        let text = file
            .contents_utf8()
            .ok_or_else(|| Error::Template(format!("`templates/{}`: not UTF-8 text", file.path().display())))?;
        out.push((rel, text));
    }
    for sub in dir.dirs() {
        collect(sub, root, out)?;
    }
    Ok(())
}

impl Catalog {
    pub fn embedded() -> Result<Catalog> {
        let mut components = Vec::new();
        for dir in TEMPLATES.dirs() {
            let folder = dir.path().to_string_lossy().into_owned();
            let manifest_file = dir
                .get_file(dir.path().join("component.yaml"))
                .ok_or_else(|| Error::Template(format!("`templates/{folder}`: no component.yaml")))?;
            let manifest: Manifest = yaml_serde::from_str(manifest_file.contents_utf8().unwrap_or(""))
                .map_err(|e| Error::Template(format!("`templates/{folder}/component.yaml`: {e}")))?;
            if manifest.id != folder {
                return Err(Error::Template(format!(
                    "`templates/{folder}/component.yaml`: id `{}` must equal the folder name",
                    manifest.id
                )));
            }
            let mut files = Vec::new();
            collect(dir, dir.path(), &mut files)?;
            files.sort();
            components.push(Component { manifest, files });
        }
        components.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
        let catalog = Catalog { components };
        for c in &catalog.components {
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
}
