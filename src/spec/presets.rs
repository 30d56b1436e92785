//! Presets: complete answers for the stacks our users run, embedded from `presets/*.yaml`.

use super::resolve::nearest;
use crate::error::{Error, Result};
use include_dir::{Dir, include_dir};

static PRESETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/presets");

/// (name, first comment line as a summary, YAML text), sorted by name.
pub fn all() -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out: Vec<_> = PRESETS
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?.strip_suffix(".yaml")?;
            let text = f.contents_utf8()?;
            let summary = text.lines().next().and_then(|l| l.strip_prefix("# ")).unwrap_or("");
            Some((name, summary, text))
        })
        .collect();
    out.sort();
    out
}

pub fn get(name: &str) -> Result<&'static str> {
    let presets = all();
    if let Some((_, _, text)) = presets.iter().find(|(n, _, _)| *n == name) {
        return Ok(text);
    }
    let names: Vec<&str> = presets.iter().map(|(n, _, _)| *n).collect();
    let hint = match nearest(name, &names) {
        Some(n) => format!("did you mean `{n}`? "),
        None => String::new(),
    };
    Err(Error::input(format!(
        "`--preset`: unknown preset `{}`; {hint}available: {}",
        super::types::shown(name),
        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    )))
}
