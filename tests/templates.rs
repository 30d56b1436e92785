//! A template error is a bug: every answer that passes validation must render. This renders every
//! preset with every proxy, CI, cloud and optional component, and at the boundary values of the
//! answers, in process, and expects either a field error or a clean render — never a template
//! error.

use scaffold::catalog::Catalog;
use scaffold::error::Error;
use scaffold::render::Renderer;
use scaffold::spec::Spec;
use scaffold::spec::presets;
use scaffold::spec::resolve::{Layer, resolve};

/// Answers at the edges of what each type allows (each set on its own over a preset).
const BOUNDARIES: &[&[&str]] = &[
    &["project=a"],
    &["project=a-project-name-that-is-quite-long-indeed"],
    &["services.0.port=1"],
    &["services.0.port=65535"],
    &["services.0.max_body=1B"],
    &["services.0.max_body=1TB"],
    &["postgres.memory=256MB", "postgres.max_connections=20"],
    &["postgres.memory=1TB", "postgres.max_connections=5000"],
    &["postgres.version=9", "redis.version=6"],
    &["postgres.version=18.1-bookworm", "redis.version=8.2.1-alpine3.22"],
    &["redis.maxmemory=1MB"],
    &["monitoring.retention_time=1s", "monitoring.retention_size=1B", "monitoring.scrape_interval=5s"],
    &["monitoring.retention_time=10y", "monitoring.retention_size=1TB", "monitoring.scrape_interval=5m"],
    &["www_redirect=true", "extra_domains=[a.example.com,b.example.com,c.example.com]"],
    &["tls.profile=modern", "tls.hsts_preload=true"],
    &["registry=123456789012.dkr.ecr.eu-west-1.amazonaws.com"],
    &["registry=registry.gitlab.com/group/sub/project"],
    &["services.0.websocket_paths=[]", "services.0.rate_limited_paths=[]"],
    &["postgres.enabled=false", "redis.enabled=false", "stack.orm=none"],
];

/// `Ok(true)` rendered, `Ok(false)` refused with a field error.
fn render(catalog: &Catalog, renderer: &Renderer, preset: &str, sets: &[String]) -> Result<bool, String> {
    let mut layers = vec![Layer::parse("preset", presets::get(preset).unwrap()).unwrap()];
    layers.push(Layer::from_sets(sets).map_err(|e| e.to_string())?);
    let spec = match resolve(layers).and_then(|(a, _)| Spec::new(a, catalog, renderer)) {
        Ok(spec) => spec,
        // Refused with a field error: as good as rendering.
        Err(Error::Input(_)) => return Ok(false),
        Err(e) => return Err(format!("{preset} {sets:?}: {e}")),
    };
    match renderer.plan(&spec, catalog) {
        Ok(plan) if !plan.files.is_empty() => Ok(true),
        Ok(_) => Err(format!("{preset} {sets:?}: rendered nothing")),
        Err(e) => Err(format!("{preset} {sets:?}: {e}")),
    }
}

#[test]
fn every_valid_answer_renders_without_a_template_error() {
    let catalog = Catalog::load().unwrap();
    let renderer = Renderer::new(&catalog).unwrap();
    let optional: Vec<&str> = catalog.components.iter().filter(|c| !c.is_automatic()).map(|c| c.id()).collect();
    // Required settings of optional components, with a valid sample of their type.
    let mut settings = Vec::new();
    for c in catalog.components.iter().filter(|c| !c.is_automatic()) {
        for a in c.manifest.answers.iter().filter(|a| a.default.is_none()) {
            settings.push(format!("settings.{}.{}=scaffold-test", c.id(), a.key));
        }
    }
    // Every proxy × CI × cloud, then every boundary set, each without and with every component.
    let mut cases: Vec<(&str, Vec<String>)> = Vec::new();
    for (preset, _, _) in presets::all() {
        let mut bases: Vec<Vec<String>> = Vec::new();
        for proxy in ["nginx", "traefik", "caddy"] {
            for ci in ["github", "gitlab", "none"] {
                for cloud in ["none", "aws"] {
                    bases.push(vec![format!("proxy={proxy}"), format!("ci={ci}"), format!("cloud={cloud}")]);
                }
            }
        }
        bases.extend(BOUNDARIES.iter().map(|edge| edge.iter().map(|s| (*s).to_owned()).collect()));
        for base in bases {
            for components in [String::new(), optional.join(",")] {
                let mut sets = base.clone();
                sets.push(format!("components=[{components}]"));
                sets.extend(settings.iter().cloned());
                cases.push((preset, sets));
            }
        }
    }
    let (mut failures, mut rendered) = (Vec::new(), 0);
    for (preset, sets) in &cases {
        match render(&catalog, &renderer, preset, sets) {
            Ok(ok) => rendered += usize::from(ok),
            Err(e) => failures.push(e),
        }
    }
    let renders = cases.len();
    assert!(failures.is_empty(), "{} of {renders} renders failed:\n{}", failures.len(), failures.join("\n"));
    // Most combinations are valid: a sweep that only met field errors would prove nothing.
    assert!(rendered * 10 >= renders * 9, "only {rendered} of {renders} combinations rendered");
    eprintln!("{rendered} of {renders} combinations rendered, the rest refused with a field error");
}
