//! `scaffold init`: answers from flags, files, presets, detection or the wizard → the reviewed,
//! written project.

use super::shell_word;
use crate::catalog::Catalog;
use crate::cli::InitArgs;
use crate::detect;
use crate::error::{Error, Result};
use crate::flow::{self, prepare};
use crate::output::stdout_style;
use crate::prompt::{self, OptionalComponent, Proposal, Terminal};
use crate::render::Renderer;
use crate::spec::Spec;
use crate::spec::presets;
use crate::spec::resolve::{Layer, resolve};

fn preset_layer(name: &str) -> Result<Layer> {
    Layer::parse(format!("preset `{name}`"), presets::get(name)?)
}

/// How many services detection found: the `services.N.…` keys of its answers.
fn services_found(answers: &[&yaml_serde::Mapping]) -> usize {
    let index = |k: &yaml_serde::Value| k.as_str()?.strip_prefix("services.")?.split('.').next()?.parse::<usize>().ok();
    answers.iter().flat_map(|m| m.keys()).filter_map(index).map(|i| i + 1).max().unwrap_or(0)
}

/// The preset, with its `services` cut to the ones detection found in the repository: detection
/// answers for the repository's services by index, and a preset's further service (a worker)
/// would otherwise be added to a repository that has none.
fn preset_for(name: &str, found: usize) -> Result<Layer> {
    let mut layer = preset_layer(name)?;
    if let (true, yaml_serde::Value::Mapping(map)) = (found > 0, &mut layer.value) {
        if let Some(yaml_serde::Value::Sequence(services)) = map.get_mut("services") {
            services.truncate(found);
        }
    }
    Ok(layer)
}

/// Answers resolve in one order, later wins: built-in defaults, detection's fallbacks (a service
/// name and port for the stack it found), `--preset`, what detection found in the repository, the
/// project's `scaffold.yaml`, `--answers`, `--set`. The wizard proposes the same.
pub fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.project.dir;
    let existing = flow::project_layer(dir)?;
    let interactive = existing.is_none()
        && args.answers.preset.is_none()
        && args.answers.answers.is_none()
        && !args.no_input
        && !args.write.yes
        && !args.write.dry_run
        && Terminal::open().is_ok();
    let mut layers = Vec::new();
    if interactive {
        layers = wizard(args)?;
    } else {
        let found = if existing.is_none() { detected(dir)? } else { Detected::default() };
        layers.extend(found.fallback);
        if let Some(name) = &args.answers.preset {
            layers.push(preset_for(name, found.services)?);
        }
        layers.extend(found.facts);
    }
    layers.extend(existing);
    if let Some(file) = &args.answers.answers {
        let text = crate::read::user_file(file)?;
        layers.push(Layer::parse(file.display().to_string(), &text)?);
    }
    if !args.answers.sets.is_empty() {
        layers.push(Layer::from_sets(&args.answers.sets)?);
    }
    prepare(dir, layers, args.write.restore, args.write.existing)?.review_and_apply(&args.write, stdout_style())
}

/// What detection proposes, split by precedence: fallbacks go below a preset, facts above it.
#[derive(Default)]
struct Detected {
    fallback: Option<Layer>,
    facts: Option<Layer>,
    /// How many services it found in the repository.
    services: usize,
}

/// Without a terminal: what detection finds, and nothing invented; missing answers are one error.
fn detected(dir: &std::path::Path) -> Result<Detected> {
    let findings = detect::detect(dir)?;
    detect::supported(&findings)?;
    detect::at_root(&findings)?;
    let (fallback, facts) = detect::split_fallback(&findings);
    Ok(Detected {
        services: services_found(&[&fallback, &facts]),
        fallback: Some(Layer::from_dotted("detection's fallbacks", &fallback)),
        facts: Some(Layer::from_dotted("detected", &facts)),
    })
}

/// The answers under the wizard's, so that each answer is checked as rendering would check it.
struct WizardRules<'a> {
    layers: Vec<Layer>,
    catalog: &'a Catalog,
    renderer: Renderer,
    proposal: &'a Proposal,
}

impl WizardRules<'_> {
    fn answers(&self, sets: &[String]) -> Result<crate::spec::answers::Answers> {
        let mut layers = self.layers.clone();
        layers.push(Layer::from_sets(sets)?);
        Ok(resolve(layers)?.0)
    }
}

impl prompt::Rules for WizardRules<'_> {
    fn problem(&self, sets: &[String]) -> Option<String> {
        let mut sets = sets.to_vec();
        // Until they are chosen, the components are those proposed that the answers allow.
        if !sets.iter().any(|s| s.starts_with("components=")) {
            let offered = self.offered(&sets);
            let on: Vec<&str> = self
                .proposal
                .optional
                .iter()
                .filter(|c| c.on && offered.contains(&c.id))
                .map(|c| c.id.as_str())
                .collect();
            sets.push(format!("components=[{}]", on.join(",")));
        }
        let checked = self.answers(&sets).and_then(|a| Spec::new(a, self.catalog, &self.renderer).map(drop));
        checked.err().map(|e| e.to_string())
    }

    fn offered(&self, sets: &[String]) -> Vec<String> {
        let mut sets = sets.to_vec();
        sets.push("components=[]".into());
        let Ok(answers) = self.answers(&sets) else { return Vec::new() };
        let on = |id: &str| {
            self.catalog
                .get(id)
                .is_some_and(|c| !c.is_automatic() || self.renderer.condition(id, &answers).unwrap_or(false))
        };
        self.catalog
            .components
            .iter()
            .filter(|c| !c.is_automatic() && c.manifest.requires.iter().all(|r| on(r)))
            .map(|c| c.id().to_owned())
            .collect()
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
    let (fallback, facts) = detect::split_fallback(&findings);
    let preset = match detect::base_preset(&proposed) {
        Some(p) => p.to_owned(),
        None => {
            let names: Vec<&str> = presets::all().iter().map(|(n, _, _)| *n).collect();
            prompt::ask_choice("Closest stack to start from", &names, names[0])?
        }
    };
    let mut layers = vec![
        Layer::from_dotted("detection's fallbacks", &fallback),
        preset_for(&preset, services_found(&[&fallback, &facts]))?,
        Layer::from_dotted("detected", &facts),
    ];
    let (start, _) = resolve(layers.clone())?;
    let catalog = Catalog::load()?;
    // An example value is never proposed: the team types its own domain and email.
    let examples = crate::next_steps::placeholders(&start);
    let placeholder = |field: &str, value: String| {
        let example = examples.iter().any(|(f, _)| f == field);
        if example { String::new() } else { value }
    };
    let proposal = Proposal {
        project: start.project.to_string(),
        domain: placeholder("domain", start.domain.to_string()),
        email: placeholder("email", start.email.to_string()),
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
    let rules = WizardRules {
        layers: layers.clone(),
        catalog: &catalog,
        renderer: Renderer::new(&catalog)?,
        proposal: &proposal,
    };
    let answers = prompt::wizard(&proposal, &rules)?;
    // Detection runs again under the same flags, so the command repeats only what was asked;
    // a key answered twice keeps its last answer.
    let mut sets: Vec<&String> = Vec::new();
    for a in &answers {
        let key = a.split_once('=').map_or(a.as_str(), |(k, _)| k);
        sets.retain(|s| s.split_once('=').map_or(s.as_str(), |(k, _)| k) != key);
        sets.push(a);
    }
    let all: Vec<String> = sets.iter().map(|s| format!("--set {}", shell_word(s))).collect();
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
