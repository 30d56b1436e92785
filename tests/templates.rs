//! A template error is a bug: every answer that passes validation must render. This renders every
//! preset with every proxy, CI, cloud and optional component, and at the boundary values of the
//! answers, in process, and expects either a field error or a clean render — never a template
//! error. Each render with monitoring must also keep the metrics contract: every metric an alert
//! rule uses comes from a job Prometheus scrapes; and each render on AWS with PostgreSQL must hand
//! each database credential to its one reader only.

use std::collections::BTreeSet;

use scaffold::catalog::Catalog;
use scaffold::error::Error;
use scaffold::plan::Plan;
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
    &["services.0.streaming_paths=[/a,/b/c]", "monitoring.grafana.allow=[192.0.2.1,198.51.100.0/24,2001:db8::/32]"],
    &[
        "monitoring.grafana.sso.client_id=a",
        "monitoring.grafana.sso.auth_url=https://id.example.com:8443/a",
        "monitoring.grafana.sso.token_url=https://id.example.com/t",
        "monitoring.grafana.sso.api_url=https://id.example.com/u",
        "monitoring.grafana.sso.allowed_domains=[example.com,example.org]",
    ],
    &["postgres.enabled=false", "redis.enabled=false", "stack.orm=none"],
];

/// `Ok(Some(plan))` rendered, `Ok(None)` refused with a field error.
fn render(catalog: &Catalog, renderer: &Renderer, preset: &str, sets: &[String]) -> Result<Option<Plan>, String> {
    let mut layers = vec![Layer::parse("preset", presets::get(preset).unwrap()).unwrap()];
    layers.push(Layer::from_sets(sets).map_err(|e| e.to_string())?);
    let spec = match resolve(layers).and_then(|(a, _)| Spec::new(a, catalog, renderer)) {
        Ok(spec) => spec,
        // Refused with a field error: as good as rendering.
        Err(Error::Input(_)) => return Ok(None),
        Err(e) => return Err(format!("{preset} {sets:?}: {e}")),
    };
    match renderer.plan(&spec, catalog) {
        Ok(plan) if !plan.files.is_empty() => Ok(Some(plan)),
        Ok(_) => Err(format!("{preset} {sets:?}: rendered nothing")),
        Err(e) => Err(format!("{preset} {sets:?}: {e}")),
    }
}

fn yaml(plan: &Plan, path: &str) -> serde_json::Value {
    yaml_serde::from_str(&plan.files[path].content).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The metric names a PromQL expression reads: what is left once strings, label matchers, ranges,
/// grouping clauses, functions, aggregations, keywords and numbers are taken out.
fn metrics_of(expr: &str) -> BTreeSet<String> {
    let mut bare = String::new();
    let (mut depth, mut in_string, mut escaped) = (0, false, false);
    for c in expr.chars() {
        match (in_string, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (true, '"') => in_string = false,
            (true, _) => {}
            (false, '"') => in_string = true,
            (false, '{' | '[') => depth += 1,
            (false, '}' | ']') => depth -= 1,
            (false, c) if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    const CLAUSES: [&str; 6] = ["by", "without", "on", "ignoring", "group_left", "group_right"];
    // Aggregations may be followed by their clause rather than a parenthesis: `sum by (job) (…)`.
    const KEYWORDS: [&str; 19] = [
        "bool",
        "and",
        "or",
        "unless",
        "offset",
        "inf",
        "nan",
        "sum",
        "min",
        "max",
        "avg",
        "group",
        "stddev",
        "stdvar",
        "count",
        "count_values",
        "bottomk",
        "topk",
        "quantile",
    ];
    let chars: Vec<char> = bare.chars().collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if !(chars[i].is_ascii_alphabetic() || chars[i] == '_' || chars[i] == ':') {
            // A number's digits and exponent never start a name.
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            i += usize::from(i < chars.len() && !chars[i].is_ascii_alphanumeric());
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == ':') {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let mut next = i;
        while next < chars.len() && chars[next].is_whitespace() {
            next += 1;
        }
        let called = next < chars.len() && chars[next] == '(';
        if CLAUSES.contains(&word.as_str()) && called {
            // Skip the clause's label list.
            i = chars[next..].iter().position(|c| *c == ')').map_or(chars.len(), |p| next + p + 1);
        } else if !called && !KEYWORDS.contains(&word.as_str()) {
            found.insert(word);
        }
    }
    found
}

/// Every scrape job is in the contract and the other way round, and every metric a rule uses is
/// listed under a scraped job (`up` comes with every job).
fn contract_broken(plan: &Plan) -> Option<String> {
    if !plan.files.contains_key("monitoring/prometheus/metrics.yml") {
        return None;
    }
    let scraped: BTreeSet<String> = yaml(plan, "monitoring/prometheus/prometheus.yml")["scrape_configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["job_name"].as_str().unwrap().to_owned())
        .collect();
    let contract = yaml(plan, "monitoring/prometheus/metrics.yml");
    let mut listed = BTreeSet::new();
    let mut produced: BTreeSet<String> = BTreeSet::from(["up".to_owned()]);
    for entry in contract["contract"].as_array().unwrap() {
        listed.insert(entry["job"].as_str().unwrap().to_owned());
        for m in entry["metrics"].as_array().map(Vec::as_slice).unwrap_or_default() {
            produced.insert(m.as_str().unwrap().to_owned());
        }
    }
    if scraped != listed {
        return Some(format!("scraped jobs {scraped:?} but the contract lists {listed:?}"));
    }
    for (path, file) in plan.files.iter().filter(|(p, _)| p.starts_with("monitoring/prometheus/rules/")) {
        let rules: serde_json::Value = yaml_serde::from_str(&file.content).unwrap();
        for group in rules["groups"].as_array().unwrap() {
            for rule in group["rules"].as_array().unwrap() {
                let expr = rule["expr"].as_str().unwrap();
                if let Some(m) = metrics_of(expr).into_iter().find(|m| !produced.contains(m)) {
                    return Some(format!("{path}: `{m}` in `{expr}` comes from no job in the contract"));
                }
            }
        }
    }
    None
}

/// The text of `file` from the line that is `start` up to the next line indented as far or less.
fn block<'a>(file: &'a str, start: &str) -> Option<&'a str> {
    let at = file.find(&format!("\n{start}\n"))? + 1;
    let indent = start.len() - start.trim_start().len();
    let body = &file[at + start.len() + 1..];
    let end = body
        .lines()
        .scan(0, |offset, line| {
            let here = *offset;
            *offset += line.len() + 1;
            Some((here, line))
        })
        .find(|(_, line)| !line.trim().is_empty() && line.len() - line.trim_start().len() <= indent)
        .map_or(body.len(), |(here, _)| here);
    Some(&body[..end])
}

/// On AWS with PostgreSQL: the services get the app role's DATABASE_URL and nothing stronger, the
/// migration task the migrator's, and every image that connects carries the RDS CA bundle.
fn credentials_broken(plan: &Plan) -> Option<String> {
    const BUNDLE: &str = "COPY --from=rds-ca --chmod=0444 /rds-global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem";
    let main = plan.files.get("infra/terraform/envs/production/main.tf").map(|f| f.content.as_str());
    let dockerfile = &plan.files["Dockerfile"].content;
    let Some(main) = main.filter(|m| m.contains("\nmodule \"database\" {\n")) else {
        return dockerfile
            .contains("rds-ca")
            .then(|| "the Dockerfile fetches the RDS CA bundle without RDS".to_owned());
    };
    let Some(compute) = block(main, "module \"compute\" {") else {
        return Some("infra/terraform/envs/production/main.tf has no module \"compute\"".to_owned());
    };
    let services = block(compute, "  services = {").unwrap_or_default();
    if !services.contains("role_secret_arns[\"app\"]}:DATABASE_URL::") {
        return Some("the services do not read the app role's DATABASE_URL".to_owned());
    }
    for stronger in ["role_secret_arns[\"migrator\"]", "master_user_secret_arn"] {
        if services.contains(stronger) {
            return Some(format!("the services read `{stronger}`"));
        }
    }
    if let Some(migrate) = block(compute, "    migrate = {") {
        if !migrate.contains("role_secret_arns[\"migrator\"]}:DATABASE_URL::")
            || migrate.contains("role_secret_arns[\"app\"]")
        {
            return Some("the migration task does not connect as the migrator alone".to_owned());
        }
    }
    for stage in dockerfile.split("\nFROM ").skip(1) {
        let name = stage.lines().next().unwrap_or_default();
        if (name.ends_with(" AS runtime") || name.ends_with(" AS migrate")) && !stage.contains(BUNDLE) {
            return Some(format!("the Dockerfile stage `{name}` has no RDS CA bundle"));
        }
    }
    None
}

#[test]
fn metric_names_are_read_out_of_promql() {
    let expr = r#"(sum by (job) (rate(http_request_duration_seconds_count{tier="app", code=~"5.."}[5m]))
        or sum without (le) (rate(x_total{a="b}"}[1m] offset 5m))) / on (job) group_left (instance) up > 0.05
        and absent(pg_up{job="p"}) unless 1e3 < bool node_load1"#;
    let found: Vec<String> = metrics_of(expr).into_iter().collect();
    assert_eq!(found, ["http_request_duration_seconds_count", "node_load1", "pg_up", "up", "x_total"]);
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
    let (mut failures, mut rendered, mut contracts, mut aws) = (Vec::new(), 0, 0, 0);
    for (preset, sets) in &cases {
        match render(&catalog, &renderer, preset, sets) {
            Ok(Some(plan)) => {
                rendered += 1;
                contracts += usize::from(plan.files.contains_key("monitoring/prometheus/metrics.yml"));
                aws += usize::from(plan.files.contains_key("infra/terraform/envs/production/main.tf"));
                if let Some(broken) = contract_broken(&plan).or_else(|| credentials_broken(&plan)) {
                    failures.push(format!("{preset} {sets:?}: {broken}"));
                }
            }
            Ok(None) => {}
            Err(e) => failures.push(e),
        }
    }
    assert!(contracts * 2 > rendered, "only {contracts} of {rendered} renders had a metrics contract");
    assert!(aws * 5 > rendered, "only {aws} of {rendered} renders were on AWS");
    let renders = cases.len();
    assert!(failures.is_empty(), "{} of {renders} renders failed:\n{}", failures.len(), failures.join("\n"));
    // Most combinations are valid: a sweep that only met field errors would prove nothing.
    assert!(rendered * 10 >= renders * 9, "only {rendered} of {renders} combinations rendered");
    eprintln!("{rendered} of {renders} combinations rendered, the rest refused with a field error");
}
