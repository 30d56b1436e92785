//! `scaffold init`: answers from flags, files and presets → the reviewed, written project.

use super::stdout_style;
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::flow::{self, prepare};
use crate::spec::presets;
use crate::spec::resolve::Layer;

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.project.dir;
    let mut layers = Vec::new();
    layers.extend(flow::project_layer(dir)?);
    if let Some(name) = &args.answers.preset {
        layers.push(Layer::parse(format!("preset `{name}`"), presets::get(name)?)?);
    }
    if let Some(file) = &args.answers.answers {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        layers.push(Layer::parse(file.display().to_string(), &text)?);
    }
    if !args.answers.sets.is_empty() {
        layers.push(Layer::from_sets(&args.answers.sets)?);
    }
    if layers.is_empty() {
        return Err(Error::input(
            "no answers: pass `--preset NAME` (see `scaffold list`), `--answers FILE` or `--set key=value`",
        ));
    }
    prepare(dir, layers, args.write.restore)?.review_and_apply(&args.write, stdout_style())
}
