//! The rendered files read back as properties: pipelines, Terraform, compose, Dockerfiles, proxies, alerting.

use super::*;

/// Starts Debian's Prometheus on 127.0.0.1 with the generated config and the compose service's
/// own flags (paths and address made local), then reads its flags and rules back.
#[test]
fn prometheus_runs_the_generated_config_with_the_answered_retention() {
    if !support::require_tool("prometheus") {
        return;
    }
    let p = Project::new();
    p.run(&[
        "init",
        "--preset",
        "express-typeorm",
        "--set",
        "monitoring.retention_time=21d",
        "--set",
        "monitoring.retention_size=7GB",
        "--yes",
    ])
    .ok();
    let port = support::free_port();
    let data = p.dir().with_file_name("tsdb");
    let config = p.path("monitoring/prometheus/prometheus.yml");
    let flags: Vec<String> = support::compose_command(&p, "prometheus")
        .into_iter()
        .map(|f| match f.split_once('=') {
            Some(("--config.file", _)) => format!("--config.file={}", config.display()),
            Some(("--storage.tsdb.path", _)) => format!("--storage.tsdb.path={}", data.display()),
            Some(("--web.listen-address", _)) => format!("--web.listen-address=127.0.0.1:{port}"),
            _ => f,
        })
        .collect();
    assert!(
        flags.iter().all(|f| !f.starts_with("--web.enable-admin-api") && !f.starts_with("--web.enable-lifecycle")),
        "{flags:?}"
    );
    let mut cmd = std::process::Command::new("prometheus");
    cmd.args(&flags);
    let mut server = support::Daemon::spawn(cmd, "prometheus");
    server.wait_for_port(port);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !support::http_get(port, "/-/ready").contains("Ready") {
        assert!(std::time::Instant::now() < deadline, "prometheus never became ready");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let status: serde_json::Value = serde_json::from_str(&support::http_get(port, "/api/v1/status/flags")).unwrap();
    // Prometheus prints durations in weeks and sizes in IEC units: compare what they mean.
    use scaffold::spec::types::{Duration, Size};
    let time = status["data"]["storage.tsdb.retention.time"].as_str().unwrap_or("");
    let size = status["data"]["storage.tsdb.retention.size"].as_str().unwrap_or("").replace("iB", "B");
    assert_eq!(Duration::parse(time).map(|d| d.seconds()), Ok(21 * 86_400), "{status}");
    assert_eq!(Size::parse(&size).map(|s| s.bytes()), Ok(7 << 30), "{status}");
    let rules: serde_json::Value = serde_json::from_str(&support::http_get(port, "/api/v1/rules")).unwrap();
    let groups = rules["data"]["groups"].as_array().expect("rule groups");
    let loaded: usize = groups.iter().map(|g| g["rules"].as_array().map_or(0, Vec::len)).sum();
    let on_disk: usize = std::fs::read_dir(p.path("monitoring/prometheus/rules"))
        .unwrap()
        .map(|e| p.read(&format!("monitoring/prometheus/rules/{}", e.unwrap().file_name().to_string_lossy())))
        .map(|t| t.matches("- alert:").count() + t.matches("- record:").count())
        .sum();
    assert!(loaded > 0 && loaded == on_disk, "loaded {loaded} rules, the files hold {on_disk}");
    for g in groups {
        for r in g["rules"].as_array().unwrap() {
            assert_ne!(r["health"], "err", "rule {} in {}: {}", r["name"], g["name"], r["lastError"]);
        }
    }
}

/// The HARDENING §12–14 properties, read from the parsed pipelines of every preset on both CIs.
#[test]
fn pipelines_are_pinned_least_privilege_and_migrate_in_order() {
    let orm_command = |preset: &str| match preset {
        "nextjs-prisma" => "prisma migrate deploy",
        "express-typeorm" => "migration:run",
        _ => "migrate",
    };
    for preset in PRESETS {
        for ci in ["github", "gitlab"] {
            let p = Project::new();
            p.run(&["init", "--preset", preset, "--set", &format!("ci={ci}"), "--yes"]).ok();
            let mut all_text = String::new();
            if ci == "github" {
                for wf in ["ci", "release", "deploy"] {
                    let rel = format!(".github/workflows/{wf}.yml");
                    let text = p.read(&rel);
                    all_text.push_str(&text);
                    let doc = yaml_file(&p, &rel);
                    assert_eq!(doc["permissions"], serde_json::json!({}), "{preset} {rel}: top-level permissions");
                    assert!(doc["on"].get("pull_request_target").is_none() && doc["on"].get("workflow_run").is_none());
                    for line in text.lines().filter(|l| l.trim_start().starts_with("uses:") && !l.contains("uses: $/"))
                    {
                        let target = line.split("uses:").nth(1).unwrap().trim();
                        let (_, rest) = target.split_once('@').unwrap_or_else(|| panic!("{rel}: unpinned `{line}`"));
                        let sha = rest.split_whitespace().next().unwrap();
                        assert!(sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()), "{rel}: `{line}`");
                        assert!(rest.contains("# v"), "{rel}: `{line}` has no version comment");
                    }
                    for (name, job) in doc["jobs"].as_object().unwrap() {
                        if job.get("uses").is_none() {
                            assert!(
                                job.get("timeout-minutes").is_some(),
                                "{preset} {rel}: job `{name}` has no timeout"
                            );
                        }
                    }
                    for step_line in text.lines().filter(|l| l.contains("persist-credentials")) {
                        assert!(step_line.contains("false"), "{rel}: {step_line}");
                    }
                }
                let deploy = yaml_file(&p, ".github/workflows/deploy.yml");
                let jobs = deploy["jobs"].as_object().unwrap();
                assert_eq!(jobs["deploy"]["needs"], "migrate", "{preset}: deploy must wait for the migration");
                assert!(jobs["migrate"]["environment"].is_string() || jobs["migrate"]["environment"].is_object());
                // One group for the whole run: no other run's job can come between this run's
                // migration and its deploy, and a running one is never cancelled.
                // The scanner runs on an archive before any login, with no socket; the image job
                // pushes with the push role and never holds the deploy role.
                let release = p.read(".github/workflows/release.yml");
                assert!(!release.contains("docker.sock"), "{preset}: a scanner with the Docker socket");
                let (scan, login) =
                    (release.find("--input /scan/image.tar").unwrap(), release.find("docker login").unwrap());
                assert!(scan < login, "{preset}: the scan runs after a registry login");
                let image = &yaml_file(&p, ".github/workflows/release.yml")["jobs"]["image"];
                assert!(image.get("environment").is_none(), "{preset}: the image job runs in the deploy environment");
                assert!(
                    !image.to_string().contains("vars.AWS_ROLE_ARN"),
                    "{preset}: the image job assumes the deploy role"
                );
                assert_eq!(deploy["concurrency"]["group"], "deploy-${{ inputs.environment }}", "{preset}");
                assert_eq!(deploy["concurrency"]["cancel-in-progress"], false, "{preset}");
                for job in ["migrate", "deploy"] {
                    assert!(jobs[job].get("concurrency").is_none(), "{preset}: {job} has a group of its own");
                }
            } else {
                let text = p.read(".gitlab-ci.yml");
                all_text.push_str(&text);
                let doc = yaml_file(&p, ".gitlab-ci.yml");
                assert!(doc["workflow"]["rules"].is_array(), "{preset}: workflow rules");
                let stages: Vec<&str> = doc["stages"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
                let at = |s: &str| stages.iter().position(|x| *x == s).unwrap_or_else(|| panic!("no stage {s}"));
                assert!(at("build") < at("deploy"), "{stages:?}");
                // The migration runs inside the approved deploy job (an `action: prepare` job is
                // not held by deployment approvals), which holds the resource group throughout.
                assert!(doc.get("migrate").is_none(), "{preset}: a migrate job outside the approval");
                let script = doc["deploy"]["script"].to_string();
                let at_first = |marks: [&str; 2]| marks.iter().find_map(|m| script.find(m));
                let migrates = at_first([r#"migrate \"$IMAGE_TAG"#, "migrate-taskdef.json"]);
                let starts = at_first([r#"deploy \"$IMAGE_TAG"#, "update-service"]);
                assert!(migrates.is_some() && migrates < starts, "{preset}: the deploy job migrates first");
                assert_eq!(doc["deploy"]["environment"]["name"], "production", "{preset}");
                assert!(doc["deploy"]["environment"].get("action").is_none(), "{preset}: deploy is a real deployment");
                assert_eq!(doc["deploy"]["resource_group"], "production", "{preset}");
                // Build, scan and push apart: the scanner has no Docker, no socket, no credential.
                assert!(!text.contains("docker.sock"), "{preset}: a scanner with the Docker socket");
                let scan = &doc["scan"];
                assert!(scan["image"]["name"].as_str().unwrap().starts_with("aquasec/trivy:"), "{scan}");
                assert!(
                    scan.get("services").is_none() && scan.get("extends") == Some(&serde_json::json!(".release-rules"))
                );
                assert!(!doc["build"]["script"].to_string().contains("login"), "{preset}: the build logs in");
                assert_eq!(doc["push"]["needs"], serde_json::json!(["build", "scan"]), "{preset}");
                // Long-lived push credentials only in the push job's protected environment.
                if text.contains("REGISTRY_PASSWORD") || text.contains("AWS_PUSH_ROLE_ARN") {
                    let env = &doc["push"]["environment"];
                    assert!(env["name"] == "registry" && env["action"] == "access", "{preset}: push environment {env}");
                }
                assert_eq!(doc["deploy"]["interruptible"], false, "{preset}");
                for (name, job) in doc.as_object().unwrap() {
                    if job.get("script").is_some() {
                        assert!(job.get("timeout").is_some(), "{preset}: job `{name}` has no timeout");
                    }
                }
            }
            for forbidden in ["migrate dev", "db push", "migrate reset", "synchronize: true", "AWS_SECRET_ACCESS_KEY"] {
                assert!(!all_text.contains(forbidden), "{preset} {ci}: `{forbidden}` in a pipeline");
            }
            assert!(all_text.contains(orm_command(preset)), "{preset} {ci}: no `{}`", orm_command(preset));
        }
    }
}

/// HARDENING §8 properties that text can show: typed, described variables; no literal secrets;
/// the S3 backend with native locking; pinned provider constraints.
#[test]
fn terraform_variables_are_typed_and_described_and_state_is_locked() {
    let p = Project::new();
    p.init("go-service");
    let tf: Vec<String> =
        p.tree().keys().filter(|k| k.starts_with("infra/terraform/") && k.ends_with(".tf")).cloned().collect();
    assert!(tf.len() > 20, "{tf:?}");
    for rel in &tf {
        let text = p.read(rel);
        let mut rest = text.as_str();
        while let Some(at) = rest.find("\nvariable \"") {
            let block = &rest[at + 1..];
            let end = block.find("\n}").unwrap_or(block.len());
            let body = &block[..end];
            let name = body.split('"').nth(1).unwrap_or("?");
            assert!(body.contains("\n  type "), "{rel}: variable `{name}` has no type");
            assert!(body.contains("\n  description "), "{rel}: variable `{name}` has no description");
            rest = &block[end..];
        }
        for literal in ["password = \"", "secret_key", "access_key = \"", "auth_token = \""] {
            assert!(!text.contains(literal), "{rel}: `{literal}`");
        }
    }
    for env in ["staging", "production"] {
        let versions = p.read(&format!("infra/terraform/envs/{env}/versions.tf"));
        assert!(
            versions.contains("use_lockfile = true") && versions.contains("encrypt      = true")
                || versions.contains("encrypt = true"),
            "{versions}"
        );
        assert!(!versions.contains("dynamodb_table"), "{env}: DynamoDB locking is deprecated");
        assert!(versions.contains(">= 1.11"), "{env}: required_version");
    }
    // The WAF follows the answers: the 8 KB managed body rule only counts (max_body is 4MB here),
    // and the answered login path gets its own rate rule.
    let edge = p.read("infra/terraform/modules/edge/main.tf");
    let body = edge.find("name = \"SizeRestrictions_BODY\"").expect("an override of the managed body-size rule");
    let counted = "name = \"SizeRestrictions_BODY\"\n\n          action_to_use {\n            count {}";
    assert!(edge[body..].starts_with(counted), "{}", &edge[body..body + 120]);
    let production = p.read("infra/terraform/envs/production/main.tf");
    assert!(production.contains("rate_limited_paths = [\"/v1/login\"]"), "{production}");
    // CI's deploy role rolls out ECS and cannot push images; the push role can do nothing else.
    let ci = p.read("infra/terraform/modules/ci-identity/main.tf");
    let (deploy, push) = ci.split_at(ci.find("resource \"aws_iam_role\" \"push\"").expect("a push role"));
    assert!(!deploy.contains("ecr:PutImage") && push.contains("ecr:PutImage") && !push.contains("ecs:"), "{ci}");
    assert!(deploy.contains("task-definition/${f}:*"), "RunTask allows the one-off families it is given");
    assert!(
        production.contains("task_definition_families = [module.compute.task_families[\"migrate\"]]"),
        "CI may run the migration task, and no other: {production}"
    );
    assert!(edge.contains("for_each = { for i, p in var.rate_limited_paths : p => i }"));
}

/// Reviewed exceptions to the per-service properties, each with its reason.
const COMPOSE_EXEMPT: &[(&str, &str, &str)] = &[
    ("migrate", "healthcheck", "one-shot: runs the migrations and exits; apps wait for its exit code"),
    ("cadvisor", "user", "reads /var/lib/docker and cgroups, which only root can"),
    ("cadvisor-docker-proxy", "user", "serves the Docker socket, which only root can open; read-only API subset"),
    ("docker-socket-proxy", "user", "serves the Docker socket, which only root can open; CONTAINERS=1 only"),
    ("traefik-acme-volume", "user", "one-shot: gives the root-owned ACME volume to the traefik user (CAP_CHOWN only)"),
    ("traefik-acme-volume", "healthcheck", "one-shot: traefik waits for its exit code"),
    ("caddy-volumes", "user", "one-shot: gives the root-owned data volumes to the caddy user (CAP_CHOWN only)"),
    ("caddy-volumes", "healthcheck", "one-shot: caddy waits for its exit code"),
    ("certbot", "user", "writes /etc/letsencrypt for nginx; no capabilities, edge network only"),
    ("loki-docker-proxy", "user", "serves the Docker socket, which only root can open; CONTAINERS=1 only"),
    ("loki", "healthcheck", "the image has no shell or HTTP client to probe /ready; Grafana shows ingestion stopping"),
    ("alloy", "healthcheck", "the image has no HTTP client to probe /-/ready; Grafana shows log shipping stopping"),
    ("otel-collector", "healthcheck", "distroless image without a shell or client; traces stopping shows in Grafana"),
    ("tempo", "healthcheck", "the image has no shell or HTTP client to probe /ready"),
    ("jaeger", "healthcheck", "the image has no shell or HTTP client to probe its health port"),
    (
        "nginx-exporter",
        "healthcheck",
        "an image from scratch, without a shell or client; PrometheusTargetMissing sees it",
    ),
    ("node-exporter", "no sensitive host paths", "host metrics: /proc, /sys and / read-only"),
    ("cadvisor", "no sensitive host paths", "container metrics: /, /sys and /var/lib/docker read-only"),
];

/// HARDENING §7, per service of every preset's parsed compose file.
#[test]
fn every_compose_service_is_hardened() {
    let exempt = |svc: &str, prop: &str| COMPOSE_EXEMPT.iter().any(|(s, p, _)| *s == svc && *p == prop);
    let proxies = ["nginx", "traefik", "caddy"];
    // Each preset as it comes, and with every optional component's services too.
    let all = format!("components=[{}]", optional_components().join(","));
    let required: Vec<String> = optional_components().iter().flat_map(|id| required_settings(id)).collect();
    for (preset, optional) in PRESETS.iter().flat_map(|p| [(*p, false), (*p, true)]) {
        let p = Project::new();
        let mut args = vec!["init", "--preset", preset, "--yes"];
        if optional {
            args.extend(["--set", all.as_str()]);
            args.extend(required.iter().map(String::as_str));
        }
        p.run(&args).ok();
        let doc = yaml_file(&p, "docker-compose.prod.yml");
        assert!(doc.get("version").is_none() && doc["name"].is_string(), "{preset}: top-level name, no version");
        assert_eq!(doc["networks"]["backend"]["internal"], true, "{preset}: backend network must be internal");
        let answers = yaml_file(&p, "scaffold.yaml");
        let traefik = answers["proxy"] == "traefik";
        for (name, s) in doc["services"].as_object().unwrap() {
            let has = |k: &str| s.get(k).is_some_and(|v| !v.is_null());
            let problems: Vec<&str> = [
                ("user", has("user") && s["user"] != "root" && !s["user"].as_str().unwrap_or("").starts_with("0")),
                ("read_only", s["read_only"] == true),
                ("cap_drop", s["cap_drop"].as_array().is_some_and(|a| a.iter().any(|c| c == "ALL"))),
                ("no-new-privileges", s["security_opt"].to_string().contains("no-new-privileges:true")),
                ("limits", has("pids_limit") && has("mem_limit") && has("cpus")),
                ("healthcheck", has("healthcheck") && s["healthcheck"].get("start_period").is_some()),
                ("restart", has("restart")),
                ("log rotation", s["logging"]["options"]["max-size"].is_string()),
                ("pinned image", s["image"].as_str().is_some_and(|i| i.contains(':') && !i.ends_with(":latest"))),
                ("no privileged", s.get("privileged").is_none_or(|v| v == false)),
                (
                    "no host namespaces",
                    ["network_mode", "pid", "ipc", "uts", "userns_mode"]
                        .iter()
                        .all(|k| s.get(*k) != Some(&serde_json::json!("host"))),
                ),
                ("ports only on the proxy", !has("ports") || proxies.contains(&name.as_str())),
                (
                    "socket read-only",
                    !s["volumes"].to_string().contains("docker.sock")
                        || s["volumes"].to_string().contains("docker.sock:ro"),
                ),
                ("stop_grace_period", has("stop_grace_period") || s["restart"] == "no"),
                ("seccomp and apparmor confined", !s["security_opt"].to_string().contains("unconfined")),
                (
                    "no sensitive host paths",
                    s["volumes"].as_array().into_iter().flatten().filter_map(|v| v.as_str()).all(|v| {
                        let host = v.split(':').next().unwrap_or("");
                        !["/", "/etc", "/proc", "/sys", "/var/run", "/var/lib/docker"].iter().any(|p| {
                            host == *p || (host.starts_with(&format!("{p}/")) && !host.ends_with("docker.sock"))
                        })
                    }),
                ),
            ]
            .into_iter()
            .filter(|(prop, ok)| !ok && !exempt(name, prop))
            .map(|(prop, _)| prop)
            .collect();
            assert!(problems.is_empty(), "{preset}: service `{name}` lacks {problems:?}");
            // Traefik routes come from labels: on each public app, and on nothing else.
            let routed = s["labels"]["traefik.enable"] == "true";
            let public_app = answers["services"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["name"] == name.as_str() && a["public"] != false);
            assert_eq!(routed, traefik && public_app, "{preset}: `{name}` traefik.enable label");
            if answers["services"].as_array().unwrap().iter().any(|a| a["name"] == name.as_str()) {
                let image = s["image"].as_str().unwrap();
                assert!(image.contains(":${IMAGE_TAG:?"), "{preset}: `{name}` image {image}: rollback is a tag change");
                let node = answers["stack"]["runtime"] == "node";
                assert!(s["init"] == true || !node, "{preset}: `{name}` init: true for Node");
                let needs = &s["depends_on"];
                if answers["postgres"]["enabled"] != false {
                    assert_eq!(needs["migrate"]["condition"], "service_completed_successfully", "{preset}: `{name}`");
                    assert_eq!(needs["postgres"]["condition"], "service_healthy", "{preset}: `{name}`");
                }
                if answers["redis"]["enabled"] != false {
                    assert_eq!(needs["redis"]["condition"], "service_healthy", "{preset}: `{name}`");
                }
            }
            for (key, value) in s["environment"].as_object().into_iter().flatten() {
                let secretish = ["PASSWORD", "SECRET", "TOKEN", "DSN", "KEY"].iter().any(|w| key.contains(w));
                assert!(
                    !secretish
                        || key.ends_with("_FILE")
                        || value.as_str().is_some_and(|v| v.starts_with("/run/secrets/")),
                    "{preset}: `{name}` has a literal `{key}`"
                );
            }
        }
    }
}

/// HARDENING §6, from each preset's Dockerfile and .dockerignore, stage by stage.
#[test]
fn dockerfiles_are_multi_stage_pinned_non_root_and_migrate_ready() {
    for preset in PRESETS {
        let p = Project::new();
        p.init(preset);
        let answers = yaml_file(&p, "scaffold.yaml");
        let text = p.read("Dockerfile");
        let mut stages: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            if let Some(from) = line.strip_prefix("FROM ") {
                let (image, alias) =
                    from.split_once(" AS ").unwrap_or_else(|| panic!("{preset}: unnamed stage `{line}`"));
                let tag = image.rsplit_once(':').map(|(_, t)| t).unwrap_or("");
                // `scratch` is no image but the empty start of one: nothing is pulled.
                assert!(
                    image == "scratch" || (!tag.is_empty() && tag != "latest"),
                    "{preset}: `{image}` is not pinned to a version tag"
                );
                assert!(stages.iter().all(|(a, _)| a != alias), "{preset}: stage `{alias}` twice");
                stages.push((alias.to_owned(), Vec::new()));
            } else if let Some((_, body)) = stages.last_mut() {
                body.push(line.to_owned());
            }
        }
        assert!(stages.len() >= 2, "{preset}: multi-stage build");
        let stage = |name: &str| -> String {
            stages
                .iter()
                .find(|(a, _)| a == name)
                .map(|(_, b)| b.join("\n"))
                .unwrap_or_else(|| panic!("{preset}: no `{name}` stage"))
        };
        let (last, _) = stages.last().unwrap();
        assert_eq!(last, "runtime", "{preset}: the default target is the runtime stage");
        for target in ["runtime", "migrate"] {
            let body = stage(target);
            let user = body
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("USER "))
                .unwrap_or_else(|| panic!("{preset}/{target}: no USER"));
            let uid: u32 = user
                .split(':')
                .next()
                .unwrap()
                .parse()
                .unwrap_or_else(|_| panic!("{preset}/{target}: USER `{user}` is not numeric"));
            assert!(uid > 0, "{preset}/{target}: runs as root");
            for form in ["CMD ", "ENTRYPOINT "] {
                for l in body.lines().filter(|l| l.starts_with(form)) {
                    assert!(l[form.len()..].starts_with('['), "{preset}/{target}: `{l}` is not exec form");
                }
            }
        }
        assert!(stage("runtime").contains("HEALTHCHECK "), "{preset}: HEALTHCHECK in the runtime stage");
        // ADD only fetches over HTTPS (the RDS CA bundle), which COPY cannot; files are COPYed.
        assert!(
            !text.lines().any(|l| l.starts_with("ADD ") && !l.starts_with("ADD https://")),
            "{preset}: ADD instead of COPY"
        );
        let migrate = stage("migrate");
        match answers["stack"]["orm"].as_str().unwrap() {
            "prisma" => {
                assert!(stage("builder").contains("prisma generate"), "{preset}: client generated at build");
                assert!(
                    migrate.contains("\"prisma\", \"migrate\", \"deploy\""),
                    "{preset}: migrate runs `prisma migrate deploy`"
                );
            }
            "typeorm" => {
                assert!(migrate.contains("\"migration:run\""), "{preset}: migrate runs TypeORM `migration:run`")
            }
            "golang-migrate" => {
                assert!(text.contains("FROM migrate/migrate:"), "{preset}: migrate stage on golang-migrate")
            }
            other => panic!("{preset}: unexpected orm {other}"),
        }
        if answers["stack"]["runtime"] == "node" {
            assert!(text.contains("npm ci"), "{preset}: lockfile install");
            assert!(stage("runtime").contains("NODE_ENV=production"), "{preset}: NODE_ENV=production at run time");
        } else {
            assert!(
                text.contains("FROM gcr.io/distroless/static-debian12:nonroot AS runtime"),
                "{preset}: distroless runtime"
            );
        }
        let ignore = p.read(".dockerignore");
        for must in [".git", ".env", ".env.*", "secrets"] {
            assert!(ignore.lines().any(|l| l == must), "{preset}: .dockerignore lacks `{must}`");
        }
    }
}

/// HARDENING §7's stateful services, from the parsed compose file of every preset.
#[test]
fn postgres_redis_and_migrations_are_wired_as_hardening_asks() {
    for preset in PRESETS {
        let p = Project::new();
        p.init(preset);
        let doc = yaml_file(&p, "docker-compose.prod.yml");
        let answers = yaml_file(&p, "scaffold.yaml");
        let services = &doc["services"];
        let pg = &services["postgres"];
        assert_eq!(pg["environment"]["POSTGRES_PASSWORD_FILE"], "/run/secrets/postgres_password", "{preset}");
        assert!(pg["healthcheck"]["test"].to_string().contains("pg_isready"), "{preset}: pg_isready healthcheck");
        assert!(pg["volumes"].to_string().contains("postgres-data:"), "{preset}: named volume for PostgreSQL");
        assert!(pg["image"].as_str().unwrap().starts_with("postgres:"), "{preset}: the official image");
        assert!(doc["volumes"].get("postgres-data").is_some(), "{preset}");
        let migrate = &services["migrate"];
        assert_eq!(migrate["restart"], "no", "{preset}: migrate is one-shot");
        assert_eq!(migrate["depends_on"]["postgres"]["condition"], "service_healthy", "{preset}");
        if answers["redis"]["enabled"] != false {
            let redis = &services["redis"];
            assert!(redis["healthcheck"]["test"].to_string().contains("redis-cli"), "{preset}: redis healthcheck");
            assert!(redis["secrets"].to_string().contains("redis_password"), "{preset}: redis password from a secret");
            let conf = p.read("redis/redis.conf");
            for must in ["protected-mode yes", "maxmemory ", "maxmemory-policy "] {
                assert!(conf.contains(must), "{preset}: redis.conf lacks `{must}`");
            }
            if answers["redis"]["persistence"] == true {
                assert!(conf.contains("appendonly yes"), "{preset}: AOF for queues and sessions");
                assert!(doc["volumes"].get("redis-data").is_some(), "{preset}: named volume for Redis");
            }
        }
    }
}

/// HARDENING §3–5 as text properties of every proxy's rendered config, on every preset.
#[test]
fn proxy_configs_never_weaken_tls_or_headers() {
    for preset in PRESETS {
        for proxy in ["nginx", "traefik", "caddy"] {
            let p = Project::new();
            p.run(&["init", "--preset", preset, "--set", &format!("proxy={proxy}"), "--yes"]).ok();
            let text: String = p
                .tree()
                .into_iter()
                .filter(|(k, _)| k.starts_with(&format!("{proxy}/")) && !k.ends_with(".md") && !k.ends_with(".sh"))
                .map(|(_, (b, _))| String::from_utf8(b).unwrap())
                .collect();
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
            let config = lines.join("\n");
            for weak in [
                "TLSv1.1",
                "TLSv1 ",
                "VersionTLS10",
                "VersionTLS11",
                "tls1.0",
                "tls1.1",
                "_CBC_",
                "ssl_dhparam",
                "X-XSS-Protection \"1",
                "browserXssFilter: true",
                "ssl_stapling on",
            ] {
                assert!(!config.contains(weak), "{preset}/{proxy}: `{weak}` in the config");
            }
            // Finite-field DHE, not the ECDHE suites that contain its name.
            let dhe = config.match_indices("DHE").filter(|(i, _)| !config[..*i].ends_with("EC")).count();
            assert_eq!(dhe, 0, "{preset}/{proxy}: a DHE suite in the config");
            let hsts = config
                .find("max-age=")
                .map(|i| &config[i + 8..])
                .or_else(|| config.find("stsSeconds:").map(|i| &config[i + 11..]));
            let seconds: u64 = hsts
                .map(|t| t.trim_start().chars().take_while(char::is_ascii_digit).collect::<String>())
                .and_then(|d| d.parse().ok())
                .unwrap_or_else(|| panic!("{preset}/{proxy}: no HSTS"));
            assert!(seconds >= 63_072_000, "{preset}/{proxy}: HSTS max-age {seconds}");
            // Each header in the proxy's own words: nginx/Caddy header values, Traefik middleware keys.
            for header in [
                ["nosniff", "contentTypeNosniff: true"],
                ["strict-origin-when-cross-origin"; 2],
                ["frame-ancestors"; 2],
            ] {
                assert!(header.iter().any(|h| config.contains(h)), "{preset}/{proxy}: no `{}`", header[0]);
            }
        }
    }
}

/// Innermost `{ … }` blocks of an nginx file that set a header of their own: each must repeat the
/// security headers, as nginx drops inherited `add_header`s in a block that has any.
fn nginx_blocks_with_own_headers(conf: &str) -> Vec<String> {
    let mut open: Vec<String> = Vec::new();
    let mut offenders = Vec::new();
    for line in conf.lines().map(str::trim).filter(|l| !l.starts_with('#')) {
        if line.ends_with('{') {
            open.push(format!("{line}\n"));
        } else if line == "}" {
            let block = open.pop().unwrap_or_default();
            if block.contains("add_header") && !block.contains("include snippets/security-headers.conf;") {
                offenders.push(block);
            }
        } else if let Some(current) = open.last_mut() {
            current.push_str(line);
            current.push('\n');
        }
    }
    offenders
}

/// HARDENING §3–5, the properties particular to each proxy, read from its rendered files; nginx
/// for both ends of the versions it targets.
#[test]
fn each_proxy_config_holds_its_own_hardening_properties() {
    let read_all = |p: &Project, dir: &str| -> String {
        p.tree()
            .into_iter()
            .filter(|(k, _)| k.starts_with(dir) && !k.ends_with(".md") && !k.ends_with(".sh"))
            .flat_map(|(_, (b, _))| {
                let text = String::from_utf8(b).unwrap();
                text.lines().filter(|l| !l.trim_start().starts_with('#')).map(|l| format!("{l}\n")).collect::<Vec<_>>()
            })
            .collect()
    };
    for (nginx, openssl, modern) in [("1.22.1", "3.0.17", false), ("1.26.3", "3.5.1", true)] {
        let p = Project::new();
        p.run(&[
            "init",
            "--preset",
            "nextjs-prisma",
            "--set",
            &format!("tls.nginx_version={nginx}"),
            "--set",
            &format!("tls.openssl_version={openssl}"),
            "--yes",
        ])
        .ok();
        let conf = read_all(&p, "nginx/");
        let has = |s: &str| conf.contains(s);
        assert_eq!(has("http2 on;"), modern, "nginx {nginx}: `http2 on` only from 1.25.1");
        assert_eq!(has("ssl http2"), !modern, "nginx {nginx}: `listen … http2` below 1.25.1");
        assert_eq!(has("X25519MLKEM768"), modern, "OpenSSL {openssl}: X25519MLKEM768 only from 3.5");
        assert_eq!(has("ssl_session_tickets off;"), !modern, "nginx {nginx}: tickets off only before 1.23.2");
        for must in [
            "ssl_prefer_server_ciphers off;",
            "ssl_reject_handshake on;",
            "return 444;",
            "return 308 https://",
            "server_tokens off;",
            "location ~ /\\.(?!well-known/)",
            "limit_req zone=",
            "client_max_body_size ",
            "proxy_read_timeout 1h;",
            "always;",
        ] {
            assert!(has(must), "nginx {nginx}: `{must}` missing");
        }
        assert!(!has("ssl_stapling"), "nginx {nginx}: OCSP stapling with Let's Encrypt certificates");
        let offenders = nginx_blocks_with_own_headers(&p.read("nginx/sites/app.conf"));
        assert!(offenders.is_empty(), "blocks that drop the security headers: {offenders:#?}");
    }

    let p = Project::new();
    p.init("express-typeorm");
    let traefik = read_all(&p, "traefik/");
    for must in [
        "exposedByDefault: false",
        "endpoint: \"tcp://docker-socket-proxy:2375\"",
        "sniStrict: true",
        "keyType: EC256",
        "readTimeout:",
        "ping:",
        "format: json",
        "forceSTSHeader: true",
        "sendAnonymousUsage: false",
    ] {
        assert!(traefik.contains(must), "traefik: `{must}` missing");
    }
    for never in ["insecure: true", "browserXssFilter", "defaultRuleSyntax", "maxVersion", "/var/run/docker.sock"] {
        assert!(!traefik.contains(never), "traefik: `{never}` present");
    }

    // One policy for all three: answered hosts and the ones components add (Sentry) in connect-src.
    for proxy in ["nginx", "traefik", "caddy"] {
        let p = Project::new();
        let proxy_set = format!("proxy={proxy}");
        let args = ["init", "--preset", "go-service", "--set", &proxy_set, "--set", "components=[sentry]"];
        p.run(&[&args[..], &["--set", "csp.connect_src=[plausible.io]", "--yes"]].concat()).ok();
        let config = read_all(&p, &format!("{proxy}/"));
        // The enforced policy's last directive: quoted in nginx and Caddy, the last line of
        // Traefik's folded value (indented 10; the report-only policy's lines are indented 12).
        let hosts = "connect-src 'self' https://o0.ingest.sentry.io https://plausible.io";
        let enforced = if proxy == "traefik" { format!("\n          {hosts}\n") } else { format!("; {hosts}\"") };
        assert!(config.contains(&enforced), "{proxy}: connect-src lacks the answered or the Sentry host");
    }

    let p = Project::new();
    p.init("go-service");
    let caddy = p.read("caddy/Caddyfile");
    for must in ["\temail ", "-Server", "strict_sni_host on", "http:// {\n\tabort\n}", "max_size ", "handle_errors {"] {
        assert!(caddy.contains(must), "caddy: `{must}` missing");
    }
    let p = Project::new();
    p.run(&["init", "--preset", "go-service", "--set", "tls.profile=modern", "--yes"]).ok();
    assert!(p.read("caddy/Caddyfile").contains("protocols tls1.3\n"), "caddy modern: TLS 1.3 only");
}

/// The presets behind Traefik and Caddy have no WebSocket paths (nextjs-prisma's nginx run covers
/// nginx), so the live check holds one open past 60 s behind each of them on a project that has one.
/// Both run at once: the check mostly sleeps on the open socket.
#[test]
fn traefik_and_caddy_hold_a_websocket_open_past_the_default_read_timeout() {
    std::thread::scope(|scope| {
        for proxy in ["traefik", "caddy"] {
            scope.spawn(move || {
                let p = Project::new();
                p.run(&["init", "--preset", "nextjs-prisma", "--set", &format!("proxy={proxy}"), "--yes"]).ok();
                assert!(p.read("scaffold.yaml").contains("/ws"), "the preset lost its WebSocket path");
                let Some(row) = verify_only_row(&p, "curl", proxy) else { return };
                assert_eq!(row["outcome"], "pass", "{proxy}: {row}");
                // The check sleeps 65 s on the open WebSocket; a shorter run means it never got there.
                assert!(
                    row["seconds"].as_f64().unwrap_or(0.0) >= 65.0,
                    "{proxy}: the WebSocket part did not run: {row}"
                );
            });
        }
    });
}

/// Each component's `services:` list, read from its manifest.
fn declared_services() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("templates")).unwrap() {
        let manifest = entry.unwrap().path().join("component.yaml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let m: serde_json::Value = yaml_serde::from_str(&text).unwrap();
        for s in m["services"].as_array().into_iter().flatten() {
            out.push((s.as_str().unwrap().to_owned(), m["id"].as_str().unwrap().to_owned()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_compose_service_a_component_renders_is_declared_and_refused_as_an_app_name() {
    let declared = declared_services();
    let optional = optional_components();
    for preset in ["go-service", "nextjs-prisma", "express-typeorm"] {
        for proxy in ["nginx", "traefik", "caddy"] {
            let p = Project::new();
            let mut args = vec!["init", "--preset", preset, "--yes", "--set"];
            let proxy_set = format!("proxy={proxy}");
            let all = format!("components=[{}]", optional.join(","));
            args.extend([proxy_set.as_str(), "--set", all.as_str()]);
            let settings: Vec<String> = optional.iter().flat_map(|c| required_settings(c)).collect();
            args.extend(settings.iter().map(String::as_str));
            p.run(&args).ok();
            let compose = yaml_file(&p, "docker-compose.prod.yml");
            let answers = yaml_file(&p, "scaffold.yaml");
            let apps: Vec<&str> =
                answers["services"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
            for name in compose["services"].as_object().unwrap().keys() {
                assert!(
                    apps.contains(&name.as_str()) || declared.iter().any(|(s, _)| s == name),
                    "{preset}/{proxy}: `{name}` is rendered but no component declares it in `services:`"
                );
            }
        }
    }
    for (name, owner) in &declared {
        let p = Project::new();
        let set = format!("services.0.name={name}");
        p.run(&["init", "--preset", "go-service", "--dry-run", "--set", &set])
            .code(2)
            .one_error_line()
            .stderr_has(&format!("`services[0].name`: `{name}` is a compose service of the `{owner}` component"));
        assert!(!p.exists("scaffold.yaml"));
    }
}

#[test]
fn alert_receivers_are_answers_never_invented_and_alertmanager_fails_closed_without_them() {
    let p = Project::new();
    p.run(&[
        "init",
        "--preset",
        "go-service",
        "--yes",
        "--set",
        "monitoring.receivers.paging=pagerduty",
        "--set",
        "monitoring.receivers.chat=slack",
        "--set",
        "monitoring.receivers.heartbeat=webhook",
    ])
    .ok()
    .stdout_has("in `secrets/alertmanager_paging`: nothing that needs it starts until it is there");
    for route in ["paging", "chat", "heartbeat"] {
        assert!(!p.exists(&format!("secrets/alertmanager_{route}")), "scaffold invented `{route}`'s secret");
    }
    let am = p.read("monitoring/alertmanager/alertmanager.yml");
    assert!(am.contains("routing_key_file: /run/secrets/alertmanager_paging"), "{am}");
    assert!(am.contains("api_url_file: /run/secrets/alertmanager_chat"), "{am}");
    let script = p.path("monitoring/alertmanager/check-receivers.sh");
    let check =
        |dir: &str| std::process::Command::new("sh").arg(&script).arg(p.path(dir)).output().expect("sh runs the check");
    let refused = check("secrets");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("secrets/alertmanager_paging: missing or empty"), "{said}");
    p.run(&["checklist"]).ok().stdout_has("`secrets/alertmanager_paging` is not filled in");
    p.write("secrets/alertmanager_paging", "0123456789abcdef0123456789ABCDEF\n");
    p.write("secrets/alertmanager_chat", "https://hooks.example.com/not-slack\n");
    p.write("secrets/alertmanager_heartbeat", "https://hc-ping.com/uuid\n");
    let wrong_kind = check("secrets");
    let said = String::from_utf8_lossy(&wrong_kind.stderr);
    assert!(!wrong_kind.status.success() && said.contains("not a Slack incoming-webhook URL"), "{said}");
    assert!(!said.contains("not-slack"), "a secret value was printed: {said}");
    p.write("secrets/alertmanager_chat", "https://hooks.slack.com/services/T0/B0/x\n");
    assert!(check("secrets").status.success());
    let rows = json_list(&p.run(&["checklist", "--json"]).ok().stdout, "items");
    let delivery = rows.iter().find(|r| r["id"] == "alert-delivery").expect("the alert-delivery item");
    assert_eq!(delivery["status"], "covered", "{delivery}");
}

/// An app on a port below 1024 runs as its non-root user all the same (the compose service opens
/// low ports to it), and a second Go service with its own start replaces the image's ENTRYPOINT,
/// which is how the Go image starts (a `command:` would only be appended to it).
#[test]
fn a_low_port_and_a_second_go_start_are_wired_as_the_image_runs_them() {
    let p = Project::new();
    p.run(&[
        "init",
        "--preset",
        "go-service",
        "--yes",
        "--set",
        "services.0.port=80",
        "--set",
        "services.1.start=/app worker",
    ])
    .ok();
    let compose = yaml_file(&p, "docker-compose.prod.yml");
    let api = &compose["services"]["api"];
    assert_eq!(api["user"], "65532:65532", "{api:#}");
    assert_eq!(api["sysctls"]["net.ipv4.ip_unprivileged_port_start"], 0, "{api:#}");
    let worker = &compose["services"]["worker"];
    assert_eq!(worker["entrypoint"], serde_json::json!(["/app", "worker"]), "{worker:#}");
    assert!(worker.get("command").is_none() && worker.get("sysctls").is_none(), "{worker:#}");
    let dockerfile = p.read("Dockerfile");
    assert!(dockerfile.contains("ENTRYPOINT [\"/app\"]"), "the image starts the first service: {dockerfile}");
    p.run(&verify_args(&["--only", "docker"])).ok();
}
