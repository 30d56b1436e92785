//! `.scaffold/`: what `scaffold` last wrote, so that a later run can tell the user's edits from
//! its own changes. Commit it with the project: it is the merge base for every teammate.
//!
//! `state.yaml` records the `scaffold` version and, per file, the hash and mode of the content
//! written; `base/<path>` holds that exact content.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const STATE_DIR: &str = ".scaffold";
const STATE_FILE: &str = ".scaffold/state.yaml";
const BASE_DIR: &str = ".scaffold/base";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub sha256: String,
    pub mode: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub scaffold_version: String,
    pub files: BTreeMap<String, Record>,
    /// Generated secrets: path → SHA-256 of the value written (never the value), so that a
    /// secret nobody changed can be removed with its component, and a changed one is kept.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, String>,
}

pub fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn base_path(path: &str) -> String {
    format!("{BASE_DIR}/{path}")
}

impl State {
    /// The state of the project in `dir`; empty when it was never scaffolded.
    pub fn load(dir: &Path) -> Result<State> {
        let file = dir.join(STATE_FILE);
        match crate::read::project_file(dir, STATE_FILE)? {
            Some(text) => yaml_serde::from_str(&text).map_err(|e| {
                Error::input(format!("`{}` is damaged ({e}); restore it from version control", file.display()))
            }),
            None => Ok(State::default()),
        }
    }

    /// The content `scaffold` last wrote to `path`, checked against its recorded hash.
    pub fn base(&self, dir: &Path, path: &str) -> Result<Option<String>> {
        let Some(record) = self.files.get(path) else { return Ok(None) };
        let file: PathBuf = dir.join(base_path(path));
        let text = crate::read::project_file(dir, &base_path(path))?.ok_or_else(|| {
            Error::input(format!("`{}` is missing; restore `{STATE_DIR}/` from version control", file.display()))
        })?;
        if sha256(&text) != record.sha256 {
            return Err(Error::input(format!(
                "`{}` does not match the hash in `{STATE_FILE}`; restore `{STATE_DIR}/` from version control",
                file.display()
            )));
        }
        Ok(Some(text))
    }

    pub fn to_yaml(&self) -> String {
        let body = yaml_serde::to_string(self).expect("state serializes");
        format!("# Written by scaffold: the merge base for later runs. Commit it; do not edit.\n{body}")
    }

    pub fn record(&mut self, path: &str, content: &str, mode: u32) {
        self.files.insert(path.to_owned(), Record { sha256: sha256(content), mode: format!("{mode:o}") });
    }
}

pub fn state_file() -> &'static str {
    STATE_FILE
}
