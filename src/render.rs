//! The one Tera instance over the embedded templates, with every filter and test registered here,
//! and the rendering of all enabled components into a `Plan` in memory.

use crate::catalog::{Catalog, TEMPLATE_SUFFIX};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlannedFile};
use crate::spec::Spec;
use crate::spec::answers::Answers;
use crate::spec::types::Version;
use std::collections::BTreeMap;
use tera::{Context, Kwargs, State, Tera};

pub struct Renderer {
    tera: Tera,
}

/// Mode for a rendered file: scripts are executable, everything else is plain.
fn mode_for(path: &str) -> u32 {
    if path.ends_with(".sh") { 0o755 } else { 0o644 }
}

fn condition_name(component: &str) -> String {
    format!("{component}/component.yaml#when")
}

fn secret_condition_name(component: &str, secret: &str) -> String {
    format!("{component}/component.yaml#secret-{secret}")
}

/// A partial (`_name.tera`) is only included by other templates; it produces no file of its own.
fn is_partial(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.starts_with('_'))
}

fn condition_template(expr: &str) -> String {
    format!("{{% if {expr} %}}yes{{% endif %}}")
}

/// 32 random bytes from the kernel, as 43 URL-safe characters: safe in a URL, an env file or YAML.
fn new_secret() -> Result<String> {
    use std::io::Read as _;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bytes = [0u8; 43];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| Error::io("/dev/urandom", e))?;
    Ok(bytes.iter().map(|b| ALPHABET[usize::from(b % 64)] as char).collect())
}

/// `{% if tls.nginx_version is version_at_least(v="1.25.1") %}`: numeric comparison of dotted versions.
fn version_at_least(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<bool> {
    let want: &str = kwargs.must_get("v")?;
    let have = Version::parse(value).map_err(tera::Error::message)?;
    let want = Version::parse(want).map_err(tera::Error::message)?;
    Ok(have.parts() >= want.parts())
}

/// `{{ svc.name | env_name }}`: `web-api` → `WEB_API`, for environment variable names.
fn env_name(value: &str, _: Kwargs, _: &State) -> String {
    use heck::ToShoutySnakeCase as _;
    value.to_shouty_snake_case()
}

/// `{{ svc.start | json }}`: a value as JSON (a list spaced as people write it), which is a
/// Dockerfile exec form and a YAML flow sequence.
fn json(value: tera::Value, _: Kwargs, _: &State) -> String {
    let text = |v: &tera::Value| serde_json::to_string(v).expect("template values serialize");
    match value.as_array() {
        Some(items) => format!("[{}]", items.iter().map(text).collect::<Vec<_>>().join(", ")),
        None => text(&value),
    }
}

/// `{{ cmd | yaml }}`: text as a YAML scalar, plain where YAML reads it back as the same text,
/// double-quoted otherwise (a `: ` or ` #` inside, a leading indicator, a word YAML would type).
fn yaml(value: &str, _: Kwargs, _: &State) -> String {
    let indicator = value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c));
    let typed =
        matches!(value, "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off") || value.parse::<f64>().is_ok();
    if value.is_empty() || indicator || typed || value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        serde_json::to_string(value).expect("text serializes")
    } else {
        value.to_owned()
    }
}

impl Renderer {
    pub fn new(catalog: &Catalog) -> Result<Renderer> {
        let mut tera = Tera::new();
        // Output is config, not HTML: escaping is the validated types' job, per target format.
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_test("version_at_least", version_at_least);
        tera.register_filter("env_name", env_name);
        tera.register_filter("json", json);
        tera.register_filter("yaml", yaml);
        // All at once: a template may include a partial of a component that sorts after it.
        let mut sources: Vec<(String, String)> = Vec::new();
        for c in &catalog.components {
            for (path, text) in &c.files {
                if path.ends_with(TEMPLATE_SUFFIX) {
                    sources.push((format!("{}/{path}", c.id()), text.clone()));
                }
            }
            if let Some(expr) = &c.manifest.when {
                sources.push((condition_name(c.id()), condition_template(expr)));
            }
            for secret in &c.manifest.secrets {
                let expr = secret.when.as_deref().unwrap_or("true");
                sources.push((secret_condition_name(c.id(), &secret.name), condition_template(expr)));
            }
        }
        tera.add_raw_templates(sources).map_err(|e| Error::Template(describe("templates", &e)))?;
        Ok(Renderer { tera })
    }

    /// Evaluates a component's `when` expression against raw answers.
    pub fn condition(&self, component: &str, answers: &Answers) -> Result<bool> {
        let ctx = Context::from_serialize(answers).expect("answers serialize to a map");
        let name = condition_name(component);
        let out = self.tera.render(&name, &ctx).map_err(|e| Error::Template(describe(&name, &e)))?;
        Ok(out == "yes")
    }

    /// Renders every enabled component. A template whose output is only white space produces no
    /// file: that is how a template opts out for some answers without a manifest rule.
    pub fn plan(&self, spec: &Spec, catalog: &Catalog) -> Result<Plan> {
        let mut ctx = spec.context();
        ctx.insert("images", &catalog.images);
        let mut plan = Plan::default();
        let mut secret_names = Vec::new();
        for id in &spec.components {
            let component = catalog.get(id).expect("spec components come from the catalog");
            for secret in &component.manifest.secrets {
                let name = secret_condition_name(id, &secret.name);
                if self.tera.render(&name, &ctx).map_err(|e| Error::Template(describe(&name, &e)))? == "yes" {
                    let path = format!("secrets/{}", secret.name);
                    match &secret.provided {
                        Some(what) => plan.provided.insert(path, what.clone()),
                        None => plan.secrets.insert(path, new_secret()?),
                    };
                    secret_names.push(secret.name.clone());
                }
            }
        }
        // Templates see every generated secret's name, so compose can declare them all in one place.
        secret_names.sort();
        ctx.insert("secrets", &secret_names);
        let (fragments, per_service) = self.fragments(spec, catalog, &ctx)?;
        ctx.insert("fragments", &fragments);
        ctx.insert("service_fragments", &per_service);
        for id in &spec.components {
            let component = catalog.get(id).expect("spec components come from the catalog");
            for (path, text) in &component.files {
                if is_partial(path) {
                    continue;
                }
                let (out_path, content) = match path.strip_suffix(TEMPLATE_SUFFIX) {
                    Some(out) => {
                        let name = format!("{id}/{out}{TEMPLATE_SUFFIX}");
                        let rendered =
                            self.tera.render(&name, &ctx).map_err(|e| Error::Template(describe(&name, &e)))?;
                        (out.to_owned(), rendered)
                    }
                    None => (path.clone(), text.clone()),
                };
                if content.trim().is_empty() {
                    continue;
                }
                let usual = (spec.path(&out_path) != out_path).then(|| out_path.clone());
                let out_path = spec.path(&out_path).to_owned();
                let file = PlannedFile { mode: mode_for(&out_path), content, component: id.clone(), usual };
                if let Some(prev) = plan.files.insert(out_path.clone(), file) {
                    if let Some(i) = spec.answers.moved.iter().position(|m| m.to.as_str() == out_path) {
                        return Err(Error::input(format!(
                            "`moved[{i}].to`: `{out_path}` is a file `{}` renders; choose another path",
                            prev.component
                        )));
                    }
                    return Err(Error::Template(format!(
                        "`{out_path}` is rendered by both `{}` and `{id}`; one file, one component",
                        prev.component
                    )));
                }
            }
        }
        Ok(plan)
    }
}

impl Renderer {
    /// Extension points: a partial `_<point>.tera` of each enabled component is rendered and
    /// appended (in component order) to `fragments["<point>"]`, which any template can place.
    /// Every point that a template places or a component offers exists, empty when no enabled
    /// component adds to it, so a new component extends compose, the proxy or CI without editing
    /// their templates. A point named `service.…` is rendered once per entry of `services`, with
    /// that entry as `svc`, into `service_fragments["service.…"][<service name>]`: for what differs
    /// per app, such as a proxy's routing labels.
    fn fragments(&self, spec: &Spec, catalog: &Catalog, ctx: &Context) -> Result<(Fragments, PerService)> {
        let mut out = Fragments::new();
        let mut per_service = PerService::new();
        let names: Vec<&str> = spec.answers.services.iter().map(|s| s.name.as_str()).collect();
        for c in &catalog.components {
            let enabled = spec.components.iter().any(|id| id == c.id());
            for (path, text) in &c.files {
                // A point that a template places but no component offers yet is simply empty.
                // (`service_fragments["…"]` contains `fragments["…"]`: the prefix tells them apart.)
                for placed in text.split("fragments[\"").skip(1) {
                    let Some((point, _)) = placed.split_once("\"]") else { continue };
                    if point.starts_with(PER_SERVICE) {
                        let slots = per_service.entry(point.to_owned()).or_default();
                        for n in &names {
                            slots.entry((*n).to_owned()).or_default();
                        }
                    } else {
                        out.entry(point.to_owned()).or_default();
                    }
                }
                let Some(point) = fragment_point(path) else { continue };
                let name = format!("{}/{path}", c.id());
                let render =
                    |ctx: &Context| self.tera.render(&name, ctx).map_err(|e| Error::Template(describe(&name, &e)));
                if !point.starts_with(PER_SERVICE) {
                    let slot: &mut String = out.entry(point.to_owned()).or_default();
                    if enabled {
                        slot.push_str(&render(ctx)?);
                    }
                    continue;
                }
                let slots = per_service.entry(point.to_owned()).or_default();
                for (svc, name) in spec.answers.services.iter().zip(&names) {
                    let slot: &mut String = slots.entry((*name).to_owned()).or_default();
                    if enabled {
                        let mut with_svc = ctx.clone();
                        with_svc.insert("svc", svc);
                        slot.push_str(&render(&with_svc)?);
                    }
                }
            }
        }
        Ok((out, per_service))
    }
}

/// Extension point name -> the enabled components' text for it.
type Fragments = BTreeMap<String, String>;
/// Per-service extension point name -> service name -> text.
type PerService = BTreeMap<String, BTreeMap<String, String>>;
const PER_SERVICE: &str = "service.";

fn fragment_point(path: &str) -> Option<&str> {
    path.strip_prefix('_')?.strip_suffix(TEMPLATE_SUFFIX).filter(|p| !p.contains('/'))
}

/// Tera errors nest their cause; show the whole chain on one line.
fn describe(name: &str, e: &tera::Error) -> String {
    let mut msg = format!("`{name}`: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}
