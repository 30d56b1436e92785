//! The typed, validated description of a project that every template renders from.
//!
//! Answers arrive from several layers (`resolve`), are read into types that reject anything a
//! config file could not hold safely (`types`), and are checked across fields here. Nothing renders
//! from an unchecked value.

pub mod answers;
pub mod layout;
pub mod presets;
pub mod resolve;
pub mod types;

use crate::catalog::Catalog;
use crate::catalog::{AnswerKind, AnswerSpec};
use crate::error::{Error, Result};
use crate::render::Renderer;
use answers::{Answers, Framework, Orm, Runtime};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
pub struct Spec {
    pub answers: Answers,
    /// Ids of every enabled component, sorted.
    pub components: Vec<String>,
    /// Every enabled component's answers, validated, defaults filled in.
    pub settings: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Each movable file's usual path → where it is written (itself unless `moved`).
    pub paths: BTreeMap<String, String>,
}

impl Spec {
    pub fn new(answers: Answers, catalog: &Catalog, renderer: &Renderer) -> Result<Spec> {
        check(&answers, catalog)?;
        let components = enabled_components(&answers, catalog, renderer)?;
        let settings = settings(&answers, &components, catalog)?;
        let paths = paths(&answers, catalog)?;
        Ok(Spec { answers, components, settings, paths })
    }

    pub fn context(&self) -> tera::Context {
        let mut ctx = tera::Context::from_serialize(&self.answers).expect("answers serialize to a map");
        ctx.insert("components", &self.components);
        ctx.insert("settings", &self.settings);
        ctx.insert("scaffold_version", env!("CARGO_PKG_VERSION"));
        ctx.insert("postgres_image", &postgres_image(self.answers.postgres.version.as_str()));
        ctx.insert("postgres_tuning", &postgres_tuning(&self.answers.postgres));
        ctx.insert("db_roles", &db_roles(&self.answers.postgres));
        // Whether any app serves its own metrics: the request alerts exist only then.
        ctx.insert("app_metrics", &self.answers.services.iter().any(|s| s.metrics));
        ctx.insert("layout", &layout::layout(&self.answers));
        ctx.insert("paths", &self.paths);
        ctx
    }

    /// Where the file usually at `path` is written.
    pub fn path<'a>(&'a self, path: &'a str) -> &'a str {
        self.paths.get(path).map_or(path, String::as_str)
    }
}

fn paths(a: &Answers, catalog: &Catalog) -> Result<BTreeMap<String, String>> {
    let movable = catalog.movable();
    let mut paths: BTreeMap<String, String> = movable.keys().map(|p| ((*p).to_owned(), (*p).to_owned())).collect();
    for (i, m) in a.moved.iter().enumerate() {
        let (from, to) = (m.path.as_str(), m.to.as_str());
        if !movable.contains_key(from) {
            let known: Vec<String> = movable.keys().map(|p| format!("`{p}`")).collect();
            return fail(
                &format!("moved[{i}].path"),
                format!("`{from}` is not a file other files refer to; these can move: {}", known.join(", ")),
            );
        }
        if movable.contains_key(to) || paths.values().any(|p| p == to) {
            return fail(&format!("moved[{i}].to"), format!("`{to}` is already the path of a file scaffold writes"));
        }
        paths.insert(from.to_owned(), to.to_owned());
    }
    Ok(paths)
}

/// Server sizes for a web workload from the container's memory and connection count, as pgtune's
/// "web application" profile derives them: a quarter of memory for shared_buffers, three quarters
/// assumed as OS cache, and work_mem so that three sorts per connection fit in what remains.
fn postgres_tuning(pg: &answers::Postgres) -> Value {
    let mb = pg.memory.bytes() / (1024 * 1024);
    let shared_buffers = mb / 4;
    let connections = u64::from(pg.max_connections.max(1));
    let work_mem_kb = ((mb - shared_buffers) * 1024 / (connections * 3)).max(4096);
    serde_json::json!({
        "memory_mb": mb,
        "shared_buffers_mb": shared_buffers,
        "effective_cache_size_mb": mb * 3 / 4,
        "maintenance_work_mem_mb": (mb / 16).clamp(64, 2048),
        "work_mem_kb": work_mem_kb,
    })
}

/// What the official postgres image's tag implies, for every template that runs the image
/// (server, backups, off-site copies, runbooks): one place instead of one guess per template.
fn postgres_image(tag: &str) -> Value {
    let major: u32 = tag.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0);
    // The postgres user is 70 in the Alpine variant and 999 in the Debian one; 18 moved the
    // declared data volume from /var/lib/postgresql/data up to /var/lib/postgresql, and PGDATA
    // into a folder per major version under it.
    let alpine = tag.contains("alpine");
    let uid = if alpine { 70 } else { 999 };
    let (data_dir, pgdata) = if major >= 18 {
        ("/var/lib/postgresql", format!("/var/lib/postgresql/{major}/docker"))
    } else {
        ("/var/lib/postgresql/data", "/var/lib/postgresql/data".to_owned())
    };
    serde_json::json!({ "major": major, "uid": uid, "alpine": alpine, "data_dir": data_dir, "pgdata": pgdata })
}

/// The database roles, least privilege: the apps change rows only; the migrator owns the schema;
/// backups read everything and write nothing; the exporter sees statistics, not data.
fn db_roles(pg: &answers::Postgres) -> Value {
    let app = pg.user.as_str();
    serde_json::json!({
        "app": app,
        "migrator": format!("{app}_migrator"),
        "backup": format!("{app}_backup"),
        "exporter": format!("{app}_exporter"),
    })
}

/// PostgreSQL cuts identifiers at 63 bytes, so a longer derived role name (the longest suffix is
/// `_migrator`) would silently be another name than the one every file uses.
const MAX_APP_ROLE: usize = 63 - "_migrator".len();

fn fail<T>(field: &str, msg: impl std::fmt::Display) -> Result<T> {
    Err(Error::input(format!("`{field}`: {msg}")))
}

/// AWS names the load balancer and its target groups `<project>-production[-…]` within 32
/// characters; the edge module keeps that prefix to 26.
const MAX_AWS_PROJECT: usize = 26 - "-production".len();

fn check(a: &Answers, catalog: &Catalog) -> Result<()> {
    acknowledged(a)?;
    if a.cloud == answers::Cloud::Aws && a.project.as_str().len() > MAX_AWS_PROJECT {
        return fail(
            "project",
            format!(
                "`{}` is {} characters; with `cloud: aws` at most {MAX_AWS_PROJECT}, so that `<project>-production` fits AWS's load balancer names; choose a shorter one (`--set project=…`)",
                a.project.as_str(),
                a.project.as_str().len()
            ),
        );
    }
    let pg = &a.postgres;
    if !(256 << 20..=1 << 40).contains(&pg.memory.bytes()) {
        return fail("postgres.memory", format!("`{}` is outside 256MB to 1TB", pg.memory.as_str()));
    }
    if !(20..=5000).contains(&pg.max_connections) {
        return fail("postgres.max_connections", format!("`{}` is outside 20 to 5000", pg.max_connections));
    }
    if pg.enabled && pg.user.as_str().len() > MAX_APP_ROLE {
        return fail(
            "postgres.user",
            format!(
                "`{}` is longer than {MAX_APP_ROLE} characters; the roles `<user>_migrator`, `<user>_backup` and `<user>_exporter` must fit PostgreSQL's 63",
                pg.user.as_str()
            ),
        );
    }
    if pg.enabled && postgres_image(pg.version.as_str())["major"].as_u64().unwrap_or(0) < 14 {
        return fail(
            "postgres.version",
            format!(
                "`{}` is older than 14; the backup role needs `pg_read_all_data` (14 and later)",
                pg.version.as_str()
            ),
        );
    }
    let s = &a.stack;
    let framework_runtime = match s.framework {
        Framework::Nextjs | Framework::Express | Framework::Nestjs => Some(Runtime::Node),
        Framework::Go => Some(Runtime::Go),
        Framework::Other => None,
    };
    if let Some(runtime) = framework_runtime.filter(|r| *r != s.runtime) {
        return fail("stack.framework", format!("`{}` needs `stack.runtime: {runtime}`", s.framework));
    }
    if s.orm == Orm::Other && a.migrations.command.is_none() {
        return fail(
            "migrations.command",
            "missing; `stack.orm: other` runs the command you give in the migrate image (such as `npx sequelize-cli db:migrate`)",
        );
    }
    match (s.orm, s.runtime) {
        (Orm::Prisma | Orm::Typeorm, Runtime::Go) | (Orm::GolangMigrate | Orm::Goose, Runtime::Node) => {
            return fail("stack.orm", format!("`{}` does not run on `stack.runtime: {}`", s.orm, s.runtime));
        }
        (Orm::None, _) if a.postgres.enabled => {
            return fail(
                "stack.orm",
                "`none` with `postgres.enabled: true` leaves no way to run migrations; choose a migration tool",
            );
        }
        (o, _) if o != Orm::None && !a.postgres.enabled => {
            return fail("postgres.enabled", "`false`, but `stack.orm` needs a database to migrate");
        }
        _ => {}
    }
    if a.services.is_empty() {
        return fail("services", "at least one service is needed");
    }
    if !a.services.iter().any(|svc| svc.public) {
        return fail("services", "at least one service must be `public: true` for the proxy to route to");
    }
    let mut names = BTreeSet::new();
    let mut public_paths = BTreeSet::new();
    for (i, svc) in a.services.iter().enumerate() {
        let name = svc.name.as_str();
        if let Some(owner) = catalog.service_owner(name) {
            return fail(
                &format!("services[{i}].name"),
                format!("`{name}` is a compose service of the `{owner}` component; choose another name"),
            );
        }
        if name == a.project.as_str() {
            return fail(
                &format!("services[{i}].name"),
                format!("`{name}` equals the project name; compose would confuse the two"),
            );
        }
        if !names.insert(name) {
            return fail(&format!("services[{i}].name"), format!("`{name}` is used by two services"));
        }
        if svc.public && !public_paths.insert(svc.path.as_str()) {
            return fail(
                &format!("services[{i}].path"),
                format!("`{}` is already routed to another public service", svc.path),
            );
        }
        let lists = [
            ("websocket_paths", &svc.websocket_paths),
            ("streaming_paths", &svc.streaming_paths),
            ("rate_limited_paths", &svc.rate_limited_paths),
        ];
        for (list, paths) in lists {
            if let Some((j, p)) = paths.iter().enumerate().find(|(_, p)| !p.as_str().starts_with(svc.path.as_str())) {
                return fail(
                    &format!("services[{i}].{list}[{j}]"),
                    format!("`{p}` is outside the service's prefix `{}`", svc.path),
                );
            }
        }
        let whole = |p: &types::UrlPath| p.as_str().trim_end_matches('/') == svc.path.as_str().trim_end_matches('/');
        if a.proxy == answers::Proxy::Traefik
            && svc.public
            && let Some(j) = svc.streaming_paths.iter().position(whole)
        {
            return fail(
                &format!("services[{i}].streaming_paths[{j}]"),
                format!(
                    "`{}` is the service's whole prefix: Traefik limits request bodies (`max_body`) only by buffering whole responses, so it cannot stream every path and still limit bodies; name the paths that stream, or use `proxy: nginx` or `caddy`",
                    svc.streaming_paths[j]
                ),
            );
        }
    }
    let mut domains = BTreeSet::from([a.domain.as_str()]);
    for (i, d) in a.extra_domains.iter().enumerate() {
        if !domains.insert(d.as_str()) {
            return fail(&format!("extra_domains[{i}]"), format!("`{d}` is listed twice"));
        }
    }
    if !matches!(a.monitoring.receivers.heartbeat, answers::ReceiverKind::Webhook | answers::ReceiverKind::None) {
        return fail(
            "monitoring.receivers.heartbeat",
            format!(
                "`{}` cannot be a dead man's switch, which is pinged at a URL; use `webhook` or `none`",
                a.monitoring.receivers.heartbeat
            ),
        );
    }
    let scrape = a.monitoring.scrape_interval.seconds();
    if a.monitoring.enabled && !(5..=300).contains(&scrape) {
        return fail("monitoring.scrape_interval", format!("`{}` is outside 5s to 5m", a.monitoring.scrape_interval));
    }
    Ok(())
}

fn enabled_components(a: &Answers, catalog: &Catalog, renderer: &Renderer) -> Result<Vec<String>> {
    let mut enabled = BTreeSet::new();
    for c in &catalog.components {
        if c.is_automatic() && renderer.condition(c.id(), a)? {
            enabled.insert(c.id().to_owned());
        }
    }
    for (i, id) in a.components.iter().enumerate() {
        let field = format!("components[{i}]");
        let Some(c) = catalog.get(id.as_str()) else {
            return fail(&field, catalog.unknown(id.as_str()));
        };
        if c.is_automatic() {
            return fail(
                &field,
                format!(
                    "`{id}` follows from the other answers (`{}`); it cannot be listed",
                    c.manifest.when.as_deref().unwrap_or("")
                ),
            );
        }
        if !enabled.insert(id.to_string()) {
            return fail(&field, format!("`{id}` is listed twice"));
        }
    }
    for id in &enabled {
        let c = catalog.get(id).expect("enabled ids come from the catalog");
        for req in &c.manifest.requires {
            if !enabled.contains(req) {
                return fail("components", format!("`{id}` requires `{req}`, which is not enabled"));
            }
        }
        for other in &c.manifest.conflicts {
            if enabled.contains(other) {
                return fail("components", format!("`{id}` conflicts with `{other}`; enable only one of them"));
            }
        }
    }
    Ok(enabled.into_iter().collect())
}

/// Validates one component answer; returns it normalised (numbers and booleans as such).
pub fn setting_value(spec: &AnswerSpec, raw: &Value) -> std::result::Result<Value, String> {
    use types::{Domain, Duration, Email, Ident, Size, UrlPath, Version};
    let text = match raw {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => return Err(format!("`{other}` is not a single value")),
    };
    let as_text = |r: std::result::Result<(), String>| r.map(|()| Value::String(text.clone()));
    match spec.kind {
        AnswerKind::Name => as_text(Ident::parse(&text).map(drop)),
        AnswerKind::Domain => as_text(Domain::parse(&text).map(drop)),
        AnswerKind::Email => as_text(Email::parse(&text).map(drop)),
        AnswerKind::Duration => as_text(Duration::parse(&text).map(drop)),
        AnswerKind::Size => as_text(Size::parse(&text).map(drop)),
        AnswerKind::Path => as_text(UrlPath::parse(&text).map(drop)),
        AnswerKind::Version => as_text(Version::parse(&text).map(drop)),
        AnswerKind::Port => match text.parse::<u16>() {
            Ok(p) if p > 0 => Ok(Value::from(p)),
            _ => Err(format!("`{}` is not a valid port (a whole number from 1 to 65535)", types::shown(&text))),
        },
        AnswerKind::Count => match text.parse::<u32>() {
            Ok(n) if (spec.min..=1_000_000).contains(&n) => Ok(Value::from(n)),
            _ => Err(format!(
                "`{}` is not a valid count (a whole number from {} to 1000000)",
                types::shown(&text),
                spec.min
            )),
        },
        AnswerKind::Bool => match text.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{}` is not `true` or `false`", types::shown(&text))),
        },
        AnswerKind::Choice if spec.choices.contains(&text) => Ok(Value::String(text)),
        AnswerKind::Choice => Err(format!(
            "`{}` is not allowed; expected one of {}",
            types::shown(&text),
            spec.choices.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Each acknowledgment names a checklist item once, says who and where the proof is, and is not
/// dated in the future.
fn acknowledged(a: &Answers) -> Result<()> {
    if a.acknowledged.is_empty() {
        return Ok(());
    }
    let items: Vec<serde_json::Value> = crate::catalog::checklist()?;
    let known: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    for (i, ack) in a.acknowledged.iter().enumerate() {
        let field = |f: &str| format!("acknowledged[{i}].{f}");
        let id = ack.id.as_str();
        if !known.contains(&id) {
            let hint = resolve::nearest(id, &known).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
            return fail(
                &field("id"),
                format!("`{id}` is not a checklist item{hint} (`scaffold checklist --json` lists them)"),
            );
        }
        if a.acknowledged[..i].iter().any(|earlier| earlier.id == ack.id) {
            return fail(&field("id"), format!("`{id}` is acknowledged twice; keep the newest"));
        }
        for (name, value) in [("by", &ack.by), ("evidence", &ack.evidence)] {
            if value.as_str().trim().is_empty() {
                return fail(&field(name), "missing; say who did it and where the record is");
            }
        }
        if ack.date.days() > types::today() {
            return fail(&field("date"), format!("`{}` is in the future", ack.date.as_str()));
        }
    }
    Ok(())
}

fn settings(a: &Answers, enabled: &[String], catalog: &Catalog) -> Result<BTreeMap<String, BTreeMap<String, Value>>> {
    for (id, given) in &a.settings {
        let Some(c) = catalog.get(id) else {
            let hint = resolve::nearest(id, &catalog.ids()).map(|n| format!("did you mean `{n}`?")).unwrap_or_default();
            return fail(&format!("settings.{id}"), format!("no component `{id}` takes settings {hint}").trim_end());
        };
        let keys: Vec<&str> = c.manifest.answers.iter().map(|s| s.key.as_str()).collect();
        if let Some(key) = given.keys().find(|k| !keys.contains(&k.as_str())) {
            let hint = match resolve::nearest(key, &keys) {
                Some(k) => format!("did you mean `{k}`?"),
                None => {
                    format!("`{id}` takes: {}", keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
                }
            };
            return fail(&format!("settings.{id}.{key}"), format!("unknown key; {hint}"));
        }
        // Checked even while the component is off, so that turning it on later cannot fail.
        for (key, raw) in given {
            let spec = c.manifest.answers.iter().find(|s| &s.key == key).expect("keys checked above");
            setting_value(spec, raw).or_else(|e| fail(&format!("settings.{id}.{key}"), e))?;
        }
    }
    let mut out = BTreeMap::new();
    for id in enabled {
        let c = catalog.get(id).expect("enabled ids come from the catalog");
        let given = a.settings.get(id);
        let mut values = BTreeMap::new();
        for spec in &c.manifest.answers {
            let field = format!("settings.{id}.{}", spec.key);
            let raw = match (given.and_then(|g| g.get(&spec.key)), &spec.default) {
                (Some(v), _) | (None, Some(v)) => v,
                (None, None) => {
                    return fail(&field, format!("missing; {} (pass `--set {field}=…`)", spec.help));
                }
            };
            let value = setting_value(spec, raw).or_else(|e| fail(&field, e))?;
            values.insert(spec.key.clone(), value);
        }
        out.insert(id.clone(), values);
    }
    Ok(out)
}
