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

/// Repositories whose version is an answer (`postgres.version`, `stack.node_version`, …), not a
/// line of `templates/images.yaml`.
const ANSWERED_IMAGES: &[&str] = &[
    "postgres",
    "redis",
    "node",
    "golang",
    "rclone/rclone",
    "grafana/k6",
    "ghcr.io/zaproxy/zaproxy",
    "public.ecr.aws/docker/library/postgres",
];

/// The images a rendered file runs, by the kind of file: compose services without a `build`,
/// Dockerfile `FROM`, GitLab jobs' `image`, GitHub jobs' `container` and `services`, Terraform
/// `image = "…"`. A value with `$` or `{` is the project's own image.
fn image_references(path: &str, text: &str) -> Vec<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut out: Vec<String> = Vec::new();
    let as_image = |v: &serde_json::Value| {
        v.as_str().or_else(|| v["name"].as_str()).or_else(|| v["image"].as_str()).map(str::to_owned)
    };
    if name.starts_with("Dockerfile") || name.ends_with(".Dockerfile") {
        out.extend(text.lines().filter_map(|l| l.strip_prefix("FROM ")?.split_whitespace().next().map(str::to_owned)));
    } else if name.ends_with(".tf") {
        out.extend(text.lines().filter_map(|l| {
            let v = l.trim_start().strip_prefix("image")?.trim_start().strip_prefix('=')?.trim();
            v.strip_prefix('"')?.strip_suffix('"').map(str::to_owned)
        }));
    } else if name.ends_with(".yml") || name.ends_with(".yaml") {
        let doc: serde_json::Value = yaml_serde::from_str(text).unwrap_or(serde_json::Value::Null);
        if name.starts_with("docker-compose") {
            for svc in doc["services"].as_object().into_iter().flat_map(|s| s.values()) {
                if svc.get("build").is_none() {
                    out.extend(as_image(&svc["image"]));
                }
            }
        } else if name == ".gitlab-ci.yml" {
            for job in doc.as_object().into_iter().flat_map(|jobs| jobs.values()) {
                out.extend(as_image(&job["image"]));
                out.extend(job["services"].as_array().into_iter().flatten().filter_map(as_image));
            }
        } else if path.starts_with(".github/workflows/") {
            for job in doc["jobs"].as_object().into_iter().flat_map(|j| j.values()) {
                out.extend(as_image(&job["container"]));
                out.extend(job["services"].as_object().into_iter().flat_map(|s| s.values()).filter_map(as_image));
            }
        }
    }
    out.retain(|v| !v.contains('$') && !v.contains('{') && v != "scratch");
    out
}

/// An image a render runs that is neither a line of `templates/images.yaml` nor versioned by an
/// answer: two components could then run two versions of one image.
fn image_outside_the_table(plan: &Plan, images: &std::collections::BTreeMap<String, String>) -> Option<String> {
    plan.files.iter().find_map(|(path, file)| {
        image_references(path, &file.content).into_iter().find_map(|image| {
            let repository = image.rsplit_once(':').map_or(image.as_str(), |(r, _)| r);
            // `docker:27.5.1-dind` is a variant of the table's `docker:27.5.1`, the same version.
            let known = images
                .values()
                .any(|v| image == *v || image.strip_prefix(v.as_str()).is_some_and(|r| r.starts_with('-')))
                || ANSWERED_IMAGES.contains(&repository);
            (!known).then(|| format!("`{path}` runs `{image}`, which is not in templates/images.yaml"))
        })
    })
}

#[test]
fn image_references_are_read_from_each_file_kind() {
    let compose = "services:\n  a:\n    image: prom/prometheus:v3.5.0\n  b:\n    image: x-pg:17\n    build: {context: .}\n  c:\n    image: \"${REGISTRY}/app:${TAG}\"\n";
    assert_eq!(image_references("docker-compose.prod.yml", compose), ["prom/prometheus:v3.5.0"]);
    let docker = "FROM alpine:3.22 AS migrate\nFROM scratch AS rds-ca\nRUN psql -c 'SELECT 1 FROM pg_namespace'\n";
    assert_eq!(image_references("Dockerfile", docker), ["alpine:3.22"]);
    assert!(image_references("postgres/initdb/10-roles.sh", docker).is_empty());
    let tf = "      image       = \"public.ecr.aws/docker/library/postgres:17-alpine\"\n  image = each.value.image\n";
    assert_eq!(image_references("infra/main.tf", tf), ["public.ecr.aws/docker/library/postgres:17-alpine"]);
    let gitlab = "push:\n  image: docker:27.5.1\n  services: [{name: docker:27.5.1-dind}]\nscan:\n  image: {name: alpine:3.22, entrypoint: ['']}\n";
    assert_eq!(image_references(".gitlab-ci.yml", gitlab), ["docker:27.5.1", "docker:27.5.1-dind", "alpine:3.22"]);
    let github = "jobs:\n  t:\n    services:\n      db:\n        image: postgres:17\n    strategy: {matrix: {include: [{image: api}]}}\n";
    assert_eq!(image_references(".github/workflows/ci.yml", github), ["postgres:17"]);
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
                let broken = contract_broken(&plan)
                    .or_else(|| credentials_broken(&plan))
                    .or_else(|| image_outside_the_table(&plan, &catalog.images));
                if let Some(broken) = broken {
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
