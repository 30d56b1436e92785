//! Detection and fit on fixture repositories, and a real Node API built and run with the generated commands.

use super::*;

const FIXTURES: &[&str] = &["empty", "express-typeorm-bullmq", "go-service", "nextjs-prisma-ws"];

#[test]
fn detect_json_matches_its_snapshot_per_fixture() {
    for fixture in FIXTURES {
        let json =
            serde_json::to_string_pretty(&detect_json(&repo_root().join("tests/fixtures").join(fixture))).unwrap();
        assert_snapshot(&format!("detect/{fixture}.json"), &format!("{json}\n"));
    }
}

/// Hand-written layouts of real public repositories (`tests/fixtures/repos/<name>/`), each with
/// `<name>.yaml`: the repository and commit it reproduces and what that repository declares.
fn repo_fixtures() -> Vec<(String, yaml_serde::Value)> {
    let dir = repo_root().join("tests/fixtures/repos");
    let mut out: Vec<(String, yaml_serde::Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().strip_suffix(".yaml")?.to_owned();
            let facts = yaml_serde::from_str(&std::fs::read_to_string(e.path()).unwrap()).unwrap();
            Some((name, facts))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 12, "at least twelve real-repository fixtures");
    out
}

/// `detect --json` of a copy of `fixture` outside this repository (inside it, detection would
/// also report the checkout as the enclosing repository).
fn detect_json(fixture: &std::path::Path) -> serde_json::Value {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(fixture, copy.path());
    let mut cmd = std::process::Command::new(support::bin());
    cmd.args(["detect", "--json", "--dir"]).arg(copy.path());
    let doc: serde_json::Value = serde_json::from_str(&support::run_command(cmd, "detect --json").ok().stdout).unwrap();
    assert_eq!(doc["format"], 1, "every JSON document carries its format");
    doc
}

#[test]
fn detect_json_matches_its_snapshot_per_real_repository_fixture() {
    for (name, _) in repo_fixtures() {
        let dir = repo_root().join("tests/fixtures/repos").join(&name);
        let json = serde_json::to_string_pretty(&detect_json(&dir)).unwrap();
        assert_snapshot(&format!("detect/repos/{name}.json"), &format!("{json}\n"));
    }
}

/// `yarn test` and `yarn run test` run the same script.
fn same_command(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_lowercase().replace(" run ", " ");
    norm(a) == norm(b)
}

#[test]
fn detection_proposes_what_each_real_repository_declares() {
    const KEYS: &[&str] = &[
        "stack.runtime",
        "stack.framework",
        "stack.orm",
        "stack.orm_version",
        "stack.package_manager",
        "stack.node_version",
        "stack.go_version",
        "postgres.enabled",
        "redis.enabled",
        "migrations.dir",
        "migrations.schema",
        "migrations.data_source",
        "migrations.data_source_js",
        "migrations.command",
        "services.0.dir",
        "services.0.port",
        "services.0.health",
        "services.0.main",
        "services.0.test",
        "services.0.lint",
    ];
    let mut wrong = Vec::new();
    for (name, facts) in repo_fixtures() {
        if facts["supported"].as_bool() == Some(false) {
            continue;
        }
        let got = detect_json(&repo_root().join("tests/fixtures/repos").join(&name))["answers"].clone();
        for key in KEYS {
            let Some(expected) = facts["expect"].get(*key) else { continue };
            if facts.get("differs").and_then(|d| d.get(*key)).is_some() {
                continue;
            }
            let expected = match expected {
                yaml_serde::Value::String(s) => s.clone(),
                other => yaml_serde::to_string(other).unwrap().trim().to_owned(),
            };
            let found = match &got[*key] {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null if *key == "services.0.dir" => ".".to_owned(),
                other => other.to_string(),
            };
            if !same_command(&found, &expected) {
                wrong.push(format!("{name}: `{key}` is `{found}`, the repository declares `{expected}`"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn init_fits_each_real_repository_and_names_what_it_does_not_render() {
    for (name, facts) in repo_fixtures() {
        let p = Project::new();
        copy_dir(&repo_root().join("tests/fixtures/repos").join(&name), &p.dir());
        if facts["supported"].as_bool() == Some(false) {
            let before = p.tree();
            let found = facts["found"].as_str().unwrap().split(' ').take(3).collect::<Vec<_>>().join(" ");
            p.run(&[
                "init",
                "--no-input",
                "--yes",
                "--set",
                "domain=app.example.com",
                "--set",
                "email=ops@example.com",
            ])
            .code(2)
            .one_error_line()
            .stderr_has(&found)
            .stderr_has("scaffold renders Node.js");
            assert_eq!(before, p.tree(), "{name}: nothing written");
            continue;
        }
        // The team takes scaffold's version of the files the repository already has.
        let init = ["init", "--no-input", "--yes", "--existing", "replace"];
        p.run(&[&init[..], &["--set", "domain=app.example.com", "--set", "email=ops@example.com"]].concat())
            .ok()
            .stdout_lacks("does not fit");
        let run = p.run(&["verify", "--only", "scaffold"]);
        assert_eq!(run.code, 0, "{name}: the cross-check fails:\n{}", run.stdout);
    }
}

#[test]
fn the_cross_check_names_a_missing_migrations_directory_and_script() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/repos/nestjs-typeorm-datasource"), &p.dir());
    let init = ["init", "--no-input", "--yes", "--existing", "replace", "--set", "domain=app.example.com"];
    p.run(&[&init[..], &["--set", "email=ops@example.com"]].concat()).ok();
    p.run(&["verify", "--only", "scaffold"]).ok();
    std::fs::remove_dir_all(p.path("src/database/migrations")).unwrap();
    p.edit("package.json", |t| t.replace("\"lint\":", "\"lint-old\":"));
    p.edit("Dockerfile", |t| t.replace(" AS migrate", " AS migrations"));
    p.run(&["verify", "--only", "scaffold"])
        .code(1)
        .stdout_has("the migrations directory `src/database/migrations` is not in the repository")
        .stdout_has("the script `lint`")
        .stdout_has("builds the target `migrate`, which `Dockerfile` has no stage for");
}

/// An app that sends Server-Sent Events is told which answer keeps the edge from buffering them,
/// and the warning goes once the paths are answered.
#[test]
fn the_cross_check_names_server_sent_events_without_streaming_paths() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/repos/nestjs-typeorm-datasource"), &p.dir());
    p.write(
        "src/events/events.controller.ts",
        "@Controller('events')\nexport class EventsController {\n  @Sse()\n  @Header('Content-Type', 'text/event-stream')\n  stream() {}\n}\n",
    );
    let init = ["init", "--no-input", "--yes", "--existing", "replace", "--set", "domain=app.example.com"];
    p.run(&[&init[..], &["--set", "email=ops@example.com"]].concat()).ok();
    p.run(&["verify", "--verbose", "--only", "scaffold"])
        .ok()
        .stdout_has("warning: `src/events/events.controller.ts` sends Server-Sent Events")
        .stdout_has("`services.0.streaming_paths` is empty");
    p.run(&["update", "--yes", "--set", "services.0.streaming_paths=[/events]"]).ok();
    p.run(&["verify", "--verbose", "--only", "scaffold"]).ok().stdout_lacks("Server-Sent Events");
}

#[test]
fn init_in_a_workspace_package_names_the_root_and_writes_nothing() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/repos/pnpm-turbo-monorepo"), &p.dir());
    let before = p.tree();
    let mut cmd = std::process::Command::new(support::bin());
    cmd.args(["init", "--no-input", "--yes", "--set", "domain=app.example.com", "--set", "email=ops@example.com"])
        .arg("--dir")
        .arg(p.path("apps/web"));
    support::run_command(cmd, "init in apps/web")
        .code(2)
        .one_error_line()
        .stderr_has("this is `apps/web` of the repository at")
        .stderr_has("--set services.0.dir=apps/web");
    assert_eq!(before, p.tree(), "nothing written");
}

/// The `RUN` commands of one Dockerfile stage (continuations joined, BuildKit flags dropped),
/// and its `CMD` in exec form.
fn stage_commands(dockerfile: &str, stage: &str) -> (Vec<String>, Vec<String>) {
    let joined = dockerfile.replace("\\\n", " ");
    let mut runs = Vec::new();
    let mut cmd = Vec::new();
    let mut inside = false;
    for line in joined.lines().map(str::trim) {
        if line.starts_with("FROM ") {
            inside = line.ends_with(&format!(" AS {stage}"));
        } else if inside && line.starts_with("RUN ") {
            let words: Vec<&str> = line[4..].split_whitespace().skip_while(|w| w.starts_with("--")).collect();
            runs.push(words.join(" "));
        } else if inside && line.starts_with("CMD ") {
            cmd = serde_json::from_str(&line[4..]).expect("CMD in exec form");
        }
    }
    (runs, cmd)
}

/// A real Express + TypeORM API (`tests/fixtures/real-build`, its own lockfile) built and run with
/// exactly the commands of the Dockerfile scaffold generates for it: the install of `deps`, the
/// build and prune of `builder`, the `migrate` image's command against a throwaway PostgreSQL,
/// and the runtime's command, probed on the health path detection found. Needs the npm registry.
#[test]
fn a_real_node_api_builds_migrates_and_answers_with_the_generated_commands() {
    if !support::require_tool("npm") || !support::require_tool("initdb") {
        return;
    }
    let reachable = std::process::Command::new("npm").args(["ping", "--fetch-timeout=10000"]).output();
    if !reachable.is_ok_and(|o| o.status.success()) {
        assert!(!support::in_ci(), "the npm registry is unreachable in CI");
        eprintln!("skipped: the npm registry is unreachable");
        return;
    }
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/real-build"), &p.dir());
    p.run(&["init", "--no-input", "--yes", "--set", "domain=app.example.com", "--set", "email=ops@example.com"]).ok();
    let answers: serde_json::Value = yaml_serde::from_str(&p.read("scaffold.yaml")).unwrap();
    let health = answers["services"][0]["health"].as_str().unwrap().to_owned();
    assert_eq!(health, "/healthz", "detection reads the route the app defines");
    let dockerfile = p.read("Dockerfile");
    let (install, _) = stage_commands(&dockerfile, "deps");
    let (build, _) = stage_commands(&dockerfile, "builder");
    let (_, migrate) = stage_commands(&dockerfile, "migrate");
    let (_, start) = stage_commands(&dockerfile, "runtime");
    assert!(!install.is_empty() && !build.is_empty() && !migrate.is_empty() && !start.is_empty(), "{dockerfile}");
    for step in install.iter().chain(&build) {
        shell("sh", &p.dir(), step, &[]).ok();
    }
    // The migrate image's command, through the image's entrypoint, against a real PostgreSQL.
    let scratch = tempfile::tempdir().unwrap();
    let port = support::free_port().to_string();
    let quoted = |words: &[String]| words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" ");
    let script = format!(
        "set -eu\n. '{lib}'\npg_throwaway \"$SCRATCH/pg\" {port}\ntrap pg_stop EXIT\n\
         DATABASE_URL=\"postgresql://postgres@localhost/postgres?host=$SCRATCH/pg/sock&port={port}\" sh docker/app-entrypoint.sh {migrate}\n\
         echo \"orders=$($as psql -h \"$SCRATCH/pg/sock\" -p {port} -U postgres -Atc 'SELECT count(*) FROM orders')\"\n",
        lib = repo_root().join("templates/verify/lib.sh").display(),
        migrate = quoted(&migrate),
    );
    let lib = repo_root().join("templates/verify");
    let env = [("SCRATCH", scratch.path().to_str().unwrap()), ("LIB", lib.to_str().unwrap())];
    shell("bash", &p.dir(), &script, &env).ok().stdout_has("orders=0");
    // The runtime's command, through the same entrypoint, answers on the health path.
    let app_port = support::free_port();
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("docker/app-entrypoint.sh").args(&start).current_dir(p.dir()).env("PORT", app_port.to_string());
    let mut app = support::Daemon::spawn(cmd, "the app");
    app.wait_for_port(app_port);
    assert!(support::http_get(app_port, &health).contains("\"ok\":true"));
}

#[test]
fn the_cross_check_names_a_build_that_needs_a_database_and_a_database_scaffold_does_not_run() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/repos/trpc-next-prisma"), &p.dir());
    let init = ["init", "--no-input", "--yes", "--set", "domain=app.example.com", "--set", "email=ops@example.com"];
    p.run(&init).ok();
    p.run(&["verify", "--only", "scaffold"]).ok();
    p.edit("scaffold.yaml", |t| {
        t.replace("build: pnpm exec prisma generate && pnpm exec next build", "build: pnpm run build")
    });
    p.edit("prisma/schema.prisma", |t| t.replace("\"postgres\"", "\"mysql\""));
    p.run(&["update", "--yes"]).ok();
    p.run(&["verify", "--only", "scaffold"])
        .code(1)
        .stdout_has("runs `migrate deploy` and needs a database while the image builds")
        .stdout_has("is `mysql`: scaffold runs PostgreSQL only");
}

#[test]
fn detection_outranks_a_preset_and_answers_outrank_detection() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    p.run(&["init", "--preset", "nextjs-prisma", "--yes"])
        .ok()
        .stdout_has("next steps:")
        .stdout_has("replace the example answer `domain: ");
    let answers: serde_json::Value = yaml_serde::from_str(&p.read("scaffold.yaml")).unwrap();
    assert_eq!(answers["project"], "storefront", "detected, not the preset's");
    assert_eq!(answers["services"][0]["port"], 3100, "detected, not the preset's");
    let q = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &q.dir());
    q.run(&["init", "--preset", "nextjs-prisma", "--yes", "--set", "project=shop-two"]).ok();
    let answers: serde_json::Value = yaml_serde::from_str(&q.read("scaffold.yaml")).unwrap();
    assert_eq!(answers["project"], "shop-two", "--set outranks detection");
}

#[test]
fn a_preset_over_a_real_repository_adds_no_service_it_lacks_and_ci_runs_only_what_exists() {
    // An Nx Express + Prisma app with its own Dockerfile, adopted with a preset whose layout has a
    // second (worker) service and a lint step the repository does not have.
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/repos/nx-express-prisma"), &p.dir());
    let own = p.read("Dockerfile");
    p.run(&[
        "init",
        "--preset",
        "express-typeorm",
        "--yes",
        "--set",
        "domain=app.example.com",
        "--set",
        "email=ops@example.com",
    ])
    .ok()
    .stdout_lacks("does not fit")
    .stdout_has("scaffold's version is `scaffold.Dockerfile`");
    assert_eq!(p.read("Dockerfile"), own, "the team's Dockerfile is kept");
    let answers = yaml_file(&p, "scaffold.yaml");
    let services = answers["services"].as_array().unwrap();
    assert_eq!(services.len(), 1, "the preset's worker was added: {services:?}");
    assert_eq!(services[0]["start"], "node dist/api/main.js", "what the Nx build writes");
    let gitlab = yaml_file(&p, ".gitlab-ci.yml");
    assert!(gitlab.get("lint").is_none(), "a lint job with nothing to run");
    let run = p.run(&verify_args(&["--only", "check-jsonschema", "--only", "shellcheck", "--only", "yamllint"]));
    let rows = json_list(&run.stdout, "checks");
    assert!(rows.iter().any(|r| r["artifact"] == ".gitlab-ci.yml (schema)"), "{rows:#?}");
    let failed: Vec<&serde_json::Value> = rows.iter().filter(|r| r["outcome"] == "fail").collect();
    assert!(failed.is_empty(), "{failed:#?}");
}
