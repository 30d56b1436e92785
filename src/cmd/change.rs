//! `scaffold add`, `remove` and `update`: the project's own answers, changed (or not), re-rendered
//! and merged with the user's edits.

use crate::catalog::Catalog;
use crate::cli::{ChangeArgs, ComponentArgs};
use crate::error::{Error, Result};
use crate::flow::{self, prepare};
use crate::output::stdout_style;
use crate::spec::resolve::{Layer, resolve};
use yaml_serde::Value;

pub fn update(args: &ChangeArgs) -> Result<()> {
    let dir = &args.project.dir;
    let mut layers = vec![flow::require_project_layer(dir)?];
    if !args.sets.is_empty() {
        layers.push(Layer::from_sets(&args.sets)?);
    }
    prepare(dir, layers, args.write.restore, args.write.existing)?.review_and_apply(&args.write, stdout_style())
}

/// The project's answers with `components` replaced: one layer, so `--set` still applies on top.
fn with_components(base: Layer, components: Vec<String>) -> Layer {
    let mut value = base.value;
    if let Value::Mapping(map) = &mut value {
        let list = components.into_iter().map(Value::String).collect();
        map.insert(Value::String("components".into()), Value::Sequence(list));
    }
    Layer { origin: base.origin, value }
}

fn current_components(dir: &std::path::Path) -> Result<(Layer, Vec<String>)> {
    let layer = flow::require_project_layer(dir)?;
    let (answers, _) = resolve(vec![layer.clone()])?;
    Ok((layer, answers.components.iter().map(|c| c.to_string()).collect()))
}

fn run_with(args: &ComponentArgs, components: Vec<String>, base: Layer) -> Result<()> {
    let mut layers = vec![with_components(base, components)];
    if !args.sets.is_empty() {
        layers.push(Layer::from_sets(&args.sets)?);
    }
    prepare(&args.project.dir, layers, args.write.restore, args.write.existing)?
        .review_and_apply(&args.write, stdout_style())
}

pub fn add(args: &ComponentArgs) -> Result<()> {
    let catalog = Catalog::load()?;
    let (base, mut components) = current_components(&args.project.dir)?;
    // Optional components the new one needs come along, named, rather than failing the add.
    let mut queue = vec![args.component.clone()];
    while let Some(id) = queue.pop() {
        if components.contains(&id) {
            continue;
        }
        let Some(c) = catalog.get(&id) else {
            return Err(Error::input(catalog.unknown(&id)));
        };
        if c.is_automatic() {
            if id == args.component {
                return Err(Error::input(format!(
                    "`{id}` follows from the answers (`{}`): change those with `scaffold update --set …`",
                    c.manifest.when.as_deref().unwrap_or("")
                )));
            }
            continue;
        }
        if id != args.component {
            println!("adding `{id}`, which `{}` requires", args.component);
        }
        components.push(id);
        queue.extend(c.manifest.requires.iter().cloned());
    }
    run_with(args, components, base)
}

/// The layer without the component's own settings, so `remove` undoes `add … --set settings.…`.
fn without_settings(mut layer: Layer, id: &str) -> Layer {
    if let Value::Mapping(map) = &mut layer.value {
        let key = Value::String("settings".into());
        if let Some(Value::Mapping(settings)) = map.get_mut(&key) {
            settings.remove(Value::String(id.into()));
            if settings.is_empty() {
                map.remove(&key);
            }
        }
    }
    layer
}

pub fn remove(args: &ComponentArgs) -> Result<()> {
    let catalog = Catalog::load()?;
    let (base, mut components) = current_components(&args.project.dir)?;
    let base = without_settings(base, &args.component);
    let id = &args.component;
    if !components.contains(id) {
        return Err(Error::input(format!("`{id}` is not among this project's `components`")));
    }
    components.retain(|c| c != id);
    for other in &components {
        if catalog.get(other).is_some_and(|c| c.manifest.requires.contains(id)) {
            return Err(Error::input(format!("`{other}` requires `{id}`: remove `{other}` first")));
        }
    }
    run_with(args, components, base)
}
