//! The one Tera instance over the embedded templates, with every filter and test registered here,
//! and the rendering of all enabled components into a `Plan` in memory.

use crate::catalog::{Catalog, TEMPLATE_SUFFIX};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlannedFile};
use crate::spec::Spec;
use crate::spec::answers::Answers;
use crate::spec::types::Version;
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

/// `{% if tls.nginx_version is version_at_least(v="1.25.1") %}`: numeric comparison of dotted versions.
fn version_at_least(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<bool> {
    let want: &str = kwargs.must_get("v")?;
    let have = Version::parse(value).map_err(tera::Error::message)?;
    let want = Version::parse(want).map_err(tera::Error::message)?;
    Ok(have.parts() >= want.parts())
}

impl Renderer {
    pub fn new(catalog: &Catalog) -> Result<Renderer> {
        let mut tera = Tera::new();
        // Output is config, not HTML: escaping is the validated types' job, per target format.
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_test("version_at_least", version_at_least);
        for c in &catalog.components {
            for (path, text) in &c.files {
                if path.ends_with(TEMPLATE_SUFFIX) {
                    let name = format!("{}/{path}", c.id());
                    tera.add_raw_template(&name, text).map_err(|e| Error::Template(describe(&name, &e)))?;
                }
            }
            if let Some(expr) = &c.manifest.when {
                let name = condition_name(c.id());
                tera.add_raw_template(&name, &format!("{{% if {expr} %}}yes{{% endif %}}"))
                    .map_err(|e| Error::Template(describe(&name, &e)))?;
            }
        }
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
        let ctx = spec.context();
        let mut plan = Plan::default();
        for id in &spec.components {
            let component = catalog.get(id).expect("spec components come from the catalog");
            for (path, text) in &component.files {
                let (out_path, content) = match path.strip_suffix(TEMPLATE_SUFFIX) {
                    Some(out) => {
                        let name = format!("{id}/{path}");
                        let rendered = self.tera.render(&name, &ctx).map_err(|e| Error::Template(describe(&name, &e)))?;
                        (out.to_owned(), rendered)
                    }
                    None => ((*path).to_owned(), (*text).to_owned()),
                };
                if content.trim().is_empty() {
                    continue;
                }
                let file = PlannedFile { mode: mode_for(&out_path), content, component: id.clone() };
                if let Some(prev) = plan.files.insert(out_path.clone(), file) {
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
