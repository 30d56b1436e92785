//! `scaffold init`: answers from flags, files, presets, detection or the wizard → the reviewed,
//! written project.

use super::stdout_style;
use crate::catalog::Catalog;
use crate::cli::InitArgs;
use crate::detect;
use crate::error::{Error, Result};
use crate::flow::{self, prepare};
use crate::prompt::{self, OptionalComponent, Proposal, Terminal};
use crate::spec::presets;
use crate::spec::resolve::{Layer, resolve};

fn preset_layer(name: &str) -> Result<Layer> {
    Layer::parse(format!("preset `{name}`"), presets::get(name)?)
}

pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.project.dir;
    let mut layers = Vec::new();
    let existing = flow::project_layer(dir)?;
    let explicit = args.answers.preset.is_some() || args.answers.answers.is_some();
    if existing.is_none() && !explicit {
        let interactive = !args.no_input && !args.write.yes && !args.write.dry_run && Terminal::open().is_ok();
        layers = if interactive { wizard(args)? } else { detected(dir)? };
    }
    layers.extend(existing);
    if let Some(name) = &args.answers.preset {
        layers.push(preset_layer(name)?);
    }
    if let Some(file) = &args.answers.answers {
        let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
        layers.push(Layer::parse(file.display().to_string(), &text)?);
    }
    if !args.answers.sets.is_empty() {
        layers.push(Layer::from_sets(&args.answers.sets)?);
    }
    prepare(dir, layers, args.write.restore, args.write.existing)?.review_and_apply(&args.write, stdout_style())
}

/// Without a terminal: what detection finds, and nothing invented; missing answers are one error.
fn detected(dir: &std::path::Path) -> Result<Vec<Layer>> {
    let findings = detect::detect(dir)?;
    detect::supported(&findings)?;
    detect::at_root(&findings)?;
    Ok(vec![Layer::from_dotted("detected", &detect::proposed(&findings))])
}

/// `text` as one shell word: as it is when it holds only characters no shell reads specially,
/// else single-quoted (a `[a,b]` list is a glob, a command has spaces).
fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_./:=@,+-".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn wizard(args: &InitArgs) -> Result<Vec<Layer>> {
    let dir = &args.project.dir;
    let findings = detect::detect(dir)?;
    for f in &findings {
        println!("detected {:<16} {} ({})", f.id, f.summary, f.based_on);
    }
    detect::supported(&findings)?;
    detect::at_root(&findings)?;
    let proposed = detect::proposed(&findings);
    let preset = match detect::base_preset(&proposed) {
        Some(p) => p.to_owned(),
        None => {
            let names: Vec<&str> = presets::all().iter().map(|(n, _, _)| *n).collect();
            prompt::ask_choice("Closest stack to start from", &names, names[0])?
        }
    };
    let detected_sets = detect::as_sets(&proposed);
    let mut layers = vec![preset_layer(&preset)?, Layer::from_dotted("detected", &proposed)];
    let (start, _) = resolve(layers.clone())?;
    let catalog = Catalog::load()?;
    let proposal = Proposal {
        project: start.project.to_string(),
        domain: start.domain.to_string(),
        email: start.email.to_string(),
        proxy: start.proxy.to_string(),
        tls_profile: start.tls.profile.to_string(),
        postgres: start.postgres.enabled,
        redis: start.redis.enabled,
        monitoring: start.monitoring.enabled,
        ci: start.ci.to_string(),
        cloud: start.cloud.to_string(),
        optional: catalog
            .components
            .iter()
            .filter(|c| !c.is_automatic())
            .map(|c| OptionalComponent {
                id: c.id().to_owned(),
                summary: c.manifest.summary.clone(),
                on: start.components.iter().any(|x| x.as_str() == c.id()),
                answers: c.manifest.answers.clone(),
            })
            .collect(),
    };
    let answers = prompt::wizard(&proposal)?;
    let all: Vec<String> = detected_sets.iter().chain(&answers).map(|s| format!("--set {}", shell_word(s))).collect();
    println!(
        "\nthe same without questions:\n  scaffold init --preset {preset} {} --dir {}\n",
        all.join(" "),
        dir.display()
    );
    layers.push(Layer::from_sets(&answers)?);
    let (resolved, _) = resolve(layers.clone())?;
    println!("scaffold.yaml:\n{}", yaml_serde::to_string(&resolved).expect("answers serialize"));
    if !prompt::confirm("Render with these answers?")? {
        return Err(Error::Aborted);
    }
    Ok(layers)
}
