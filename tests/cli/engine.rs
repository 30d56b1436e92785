//! Answers, presets, bad input, dry runs, exit codes and the command-line conventions.

use super::*;

/// What a snapshot holds: every rendered file but the merge base and the secret values.
fn snapshot_view(t: &BTreeMap<String, (Vec<u8>, u32)>) -> BTreeMap<String, Vec<u8>> {
    t.iter()
        .filter(|(p, _)| !p.starts_with(".scaffold/") && !p.starts_with("secrets/"))
        .map(|(p, (b, _))| (p.clone(), b.clone()))
        .collect()
}

fn file_list(t: &BTreeMap<String, (Vec<u8>, u32)>) -> String {
    t.iter().filter(|(p, _)| !p.starts_with(".scaffold/")).map(|(p, (_, mode))| format!("{mode:o} {p}\n")).collect()
}

fn overwrite_snapshot(dir: &Path, list_file: &Path, files: &BTreeMap<String, Vec<u8>>, list: &str) {
    let _ = std::fs::remove_dir_all(dir);
    for (p, bytes) in files {
        let to = dir.join(p);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    std::fs::write(list_file, list).unwrap();
}

#[test]
fn snapshots_match_the_rendered_presets() {
    let overwrite = overwriting_snapshots();
    let mut problems = Vec::new();
    for preset in PRESETS {
        let p = Project::new();
        p.init(preset);
        let rendered = p.tree();
        let files = snapshot_view(&rendered);
        let list = file_list(&rendered);
        let dir = repo_root().join("snapshots").join(preset);
        let list_file = repo_root().join("snapshots").join(format!("{preset}.files"));
        if overwrite {
            overwrite_snapshot(&dir, &list_file, &files, &list);
            continue;
        }
        let stored = snapshot_view(&tree(&dir));
        for (path, bytes) in &files {
            match stored.get(path) {
                None => problems.push(format!("{preset}: `{path}` is rendered but not in the snapshot")),
                Some(old) if old != bytes => {
                    let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(bytes));
                    let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref())
                        .unified_diff()
                        .header(&format!("snapshots/{preset}/{path}"), "rendered")
                        .to_string();
                    problems.push(format!("{preset}: `{path}` differs:\n{diff}"));
                }
                Some(_) => {}
            }
        }
        for path in stored.keys().filter(|p| !files.contains_key(*p)) {
            problems.push(format!("{preset}: `{path}` is in the snapshot but no longer rendered"));
        }
        if std::fs::read_to_string(&list_file).unwrap_or_default() != list {
            problems.push(format!("{preset}: the file list (paths and modes) differs from `snapshots/{preset}.files`"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nIf the change is intended: {SNAPSHOT_ENV}=overwrite cargo test --test cli snapshots, then review `git diff snapshots/`.",
        problems.join("\n")
    );
}

#[test]
fn init_twice_changes_nothing_the_second_time() {
    let p = Project::new();
    p.init("nextjs-prisma").stdout_has("create").stdout_has("wrote");
    let before = p.tree();
    p.init("nextjs-prisma").stdout_has("nothing to change");
    assert_eq!(before, p.tree());
}

#[test]
fn dry_run_shows_diffs_and_writes_nothing() {
    let p = Project::new();
    p.run(&["init", "--preset", "go-service", "--dry-run"])
        .ok()
        .stdout_has("+++ b/docker-compose.prod.yml")
        .stdout_has("@@ -1,0 +1,")
        .stdout_lacks("\x1b[");
    assert!(!p.dir().exists());
}

#[test]
fn answers_layer_set_over_file_over_preset() {
    let p = Project::new();
    let answers = p.dir().with_file_name("answers.yaml");
    std::fs::write(&answers, "domain: from-file.example.com\nproject: fromfile\n").unwrap();
    p.run(&[
        "init",
        "--preset",
        "nextjs-prisma",
        "--answers",
        answers.to_str().unwrap(),
        "--set",
        "domain=from-set.example.com",
        "--set",
        "services.0.port=3001",
        "--yes",
    ])
    .ok();
    let written = p.read("scaffold.yaml");
    assert!(written.contains("domain: from-set.example.com"), "{written}");
    assert!(written.contains("project: fromfile"), "{written}");
    assert!(written.contains("port: 3001"), "{written}");
    assert!(written.contains("framework: nextjs"), "{written}");
    // Later commands need no flags: the answers are in the project.
    p.run(&["check"]).ok();
}

/// (flag arguments, text the single error line must contain)
/// 55 characters: valid as a name, one too long for `<user>_migrator` in PostgreSQL's 63.
const LONG_ROLE: &str = "postgres.user=a234567890123456789012345678901234567890123456789012345";

const BAD_INPUT: &[(&[&str], &[&str])] = &[
    (
        &["--preset", "go-service", "--set", "moved.0.path=README.md", "--set", "moved.0.to=x.md"],
        &["`moved[0].path`", "`README.md` is not a file other files refer to", "`Dockerfile`"],
    ),
    (
        &["--preset", "go-service", "--set", "moved.0.path=Dockerfile", "--set", "moved.0.to=docker-compose.prod.yml"],
        &["`moved[0].to`", "`docker-compose.prod.yml` is a file `compose` renders"],
    ),
    (
        &["--preset", "express-typeorm", "--set", "services.0.streaming_paths=[/]"],
        &["`services[0].streaming_paths[0]`", "Traefik limits request bodies", "`proxy: nginx` or `caddy`"],
    ),
    (
        &["--preset", "go-service", "--set", "monitoring.grafana.allow=[10.1.2.3/8]"],
        &["`monitoring.grafana.allow[0]`", "`10.1.2.3/8`", "host bits zero"],
    ),
    (
        &["--preset", "go-service", "--set", "monitoring.grafana.sso.auth_url=http://id.example.com/authorize"],
        &["`monitoring.grafana.sso.auth_url`", "not a valid https URL", "`https://`"],
    ),
    (
        &["--preset", "go-service", "--set", "settings.sentry.org=Not A Name"],
        &["`settings.sentry.org`", "not a valid name"],
    ),
    (&["--no-input", "--set", "domian=a.example.com"], &["`domian`: unknown key", "did you mean `domain`?"]),
    (&["--preset", "go-service", "--set", "services.5.port=8080"], &["`services.5`", "the next one is `services.2`"]),
    (
        &["--preset", "go-service", "--set", "components=sentry"],
        &["`components`", "a list is expected here, such as `[sentry]`"],
    ),
    (
        &["--preset", "express-typeorm", "--set", "services.0.dir=../other"],
        &["`services[0].dir`", "`../other`", "no `..`"],
    ),
    (
        &["--preset", "express-typeorm", "--set", "services.0.build=npm run build `id`"],
        &["`services[0].build`", "without backticks"],
    ),
    (
        &["--preset", "express-typeorm", "--set", "services.0.test=echo ${{ secrets.TOKEN }}"],
        &["`services[0].test`", "without backticks or `{{`"],
    ),
    (&["--preset", "express-typeorm", "--set", "stack.orm=other"], &["`migrations.command`", "missing"]),
    (&["--preset", "go-service", "--set", "stack.orm=prisma"], &["`stack.orm`", "does not run on `stack.runtime: go`"]),
    (&["--preset", "express-typeorm", "--set", "stack.orm=goose"], &["`stack.orm`", "`goose` does not run"]),
    (
        &["--preset", "nextjs-prisma", "--set", "csp.connect_src=[\"x.example.com; script-src *\"]"],
        &["`csp.connect_src[0]`", "not a valid domain name"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "postgres.memory=100MB"],
        &["`postgres.memory`", "`100MB`", "256MB to 1TB"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "postgres.version=13.22-alpine"],
        &["`postgres.version`", "`13.22-alpine`", "older than 14", "pg_read_all_data"],
    ),
    (
        &["--preset", "go-service", "--set", "project=go-clean-template"],
        &["`project`", "`go-clean-template` is 17 characters", "`cloud: aws` at most 15"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", LONG_ROLE],
        &["`postgres.user`", "longer than 54 characters", "`<user>_migrator`"],
    ),
    (
        &["--preset", "go-service", "--set", "postgres.max_connections=5"],
        &["`postgres.max_connections`", "`5`", "20 to 5000"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "settings.backups.keep=0"],
        &["`settings.backups.keep`", "`0`", "from 1 to 1000000"],
    ),
    (
        &["--preset", "go-service", "--set", "components=[offsite]", "--set", "settings.offsite.bucket=../x"],
        &["`settings.offsite.bucket`", "`../x`", "not a valid name"],
    ),
    (&["--preset", "nextjs"], &["unknown preset `nextjs`", "did you mean `nextjs-prisma`?"]),
    (
        &["--preset", "nextjs-prisma", "--set", "domian=a.example.com"],
        &["`domian`: unknown key; did you mean `domain`?"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "tls.profil=modern"], &["`tls.profil`", "did you mean `profile`?"]),
    (
        &["--preset", "nextjs-prisma", "--set", "proxy=apache"],
        &["`proxy`", "`apache`", "`nginx`", "`traefik`", "`caddy`"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "services.0.name=web;rm"],
        &["`services[0].name`", "`web;rm`", "lower-case letters"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "services.0.name=Web"], &["`services[0].name`", "`Web`"]),
    (
        &["--preset", "nextjs-prisma", "--set", "services.0.port=70000"],
        &["`services[0].port`", "`70000`", "1 to 65535"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "services.0.path=/api/../admin"], &["`services[0].path`", "no `..`"]),
    (
        &["--preset", "nextjs-prisma", "--set", "services.0.rate_limited_paths=[/login;]"],
        &["`services[0].rate_limited_paths[0]`", "`/login;`"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "services.0.websocket_paths=[\"/ws\\nreturn 200\"]"],
        &["`services[0].websocket_paths[0]`", "\\n"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "services.0.max_body=16 MB"],
        &["`services[0].max_body`", "not a valid size"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "domain=app.example.com;"],
        &["`domain`", "`app.example.com;`", "not a valid domain"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "domain=app.example.com\nevil"], &["`domain`", "app.example.com\\nevil"]),
    (&["--preset", "nextjs-prisma", "--set", "email=ops@example.com\""], &["`email`", "not a valid email"]),
    (&["--preset", "nextjs-prisma", "--set", "project=../etc"], &["`project`", "`../etc`"]),
    (&["--preset", "nextjs-prisma", "--set", "registry=ghcr.io/a b"], &["`registry`", "not a valid image repository"]),
    (
        &["--preset", "nextjs-prisma", "--set", "postgres.database=app'; DROP"],
        &["`postgres.database`", "not a valid name"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "postgres.version=latest"], &["`postgres.version`", "a version number"]),
    (
        &["--preset", "nextjs-prisma", "--set", "redis.version=alpine"],
        &["`redis.version`", "`alpine` is not a valid version tag"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "monitoring.retention_time=30s1m"],
        &["`monitoring.retention_time`", "`30s1m` is not a valid duration"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "redis.maxmemory=lots"], &["`redis.maxmemory`", "`lots`"]),
    (
        &["--preset", "nextjs-prisma", "--set", "monitoring.retention_time=15x"],
        &["`monitoring.retention_time`", "`15x`", "not a valid duration"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "monitoring.scrape_interval=1s"],
        &["`monitoring.scrape_interval`", "outside 5s to 5m"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "tls.nginx_version=1.x"], &["`tls.nginx_version`", "not a valid version"]),
    (&["--preset", "nextjs-prisma", "--set", "tls.nginx_version=1.26\n"], &["`tls.nginx_version`"]),
    (
        &[
            "--preset",
            "nextjs-prisma",
            "--set",
            "stack.orm=typeorm",
            "--set",
            "stack.runtime=go",
            "--set",
            "stack.framework=go",
        ],
        &["`stack.orm`", "does not run on"],
    ),
    (
        &["--preset", "nextjs-prisma", "--set", "services.0.name=postgres"],
        &["`services[0].name`", "`postgres` is a compose service of the `compose` component"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "components=[nope]"], &["`components[0]`", "unknown component `nope`"]),
    (
        &["--preset", "nextjs-prisma", "--set", "components=[nginx]"],
        &["`components[0]`", "follows from the other answers"],
    ),
    (&["--preset", "nextjs-prisma", "--set", "no-equals-sign"], &["`--set no-equals-sign`", "expected `key=value`"]),
    (&["--set", "project=x"], &["missing answers: `domain`, `email`, `stack.runtime`", "--set domain=app.example.com"]),
    (&["--preset", "go-service", "--set", "services.0.port="], &["`services[0].port`", "not a valid port"]),
];

#[test]
fn bad_input_is_one_clear_error_and_nothing_is_written() {
    for (flags, wants) in BAD_INPUT {
        let p = Project::new();
        let mut args = vec!["init"];
        args.extend_from_slice(flags);
        args.push("--yes");
        let mut run = p.run(&args).code(2).one_error_line();
        for want in *wants {
            run = run.stderr_has(want);
        }
        assert!(!p.dir().exists(), "{flags:?} wrote something");
    }
}

#[test]
fn bad_answers_file_is_rejected_with_its_name() {
    let p = Project::new();
    let answers = p.dir().with_file_name("bad.yaml");
    std::fs::write(&answers, "project: [unclosed\n").unwrap();
    p.run(&["init", "--answers", answers.to_str().unwrap(), "--yes"])
        .code(2)
        .one_error_line()
        .stderr_has("is not valid YAML");
    assert!(!p.dir().exists());
}

#[test]
fn check_exit_codes() {
    let p = Project::new();
    p.init("express-typeorm");
    p.run(&["check"]).ok().stdout_has("pristine     docker-compose.prod.yml");
    p.run(&["diff"]).ok().stdout_has("no changes");
    // A new answer makes the rendered files stale.
    p.edit("scaffold.yaml", |t| t.replace("project: tasks", "project: jobs"));
    p.run(&["check"]).code(1).stdout_has("stale").stderr_has("run `scaffold update`");
    p.run(&["check", "--json"]).code(1).stdout_has("\"state\": \"stale\"");
    p.run(&["diff"]).code(1).stdout_has("+++ b/");
    p.run(&["check", "--no-such-flag"]).code(2);
    std::fs::remove_file(p.path("docker-compose.prod.yml")).unwrap();
    p.run(&["check"]).code(1).stdout_has("user-deleted docker-compose.prod.yml");
}

#[test]
fn commands_work_from_a_subfolder_of_the_project() {
    let p = Project::new();
    p.init("go-service");
    let sub = p.path("docs/runbooks");
    let mut cmd = std::process::Command::new(support::bin());
    cmd.args(["check", "--dir"]).arg(&sub);
    support::run_command(cmd, "check in docs/runbooks").ok().stdout_has("pristine").stderr_has("using the project at");
}

#[test]
fn commands_outside_a_project_say_so() {
    let p = Project::new();
    std::fs::create_dir_all(p.dir()).unwrap();
    for cmd in ["check", "diff", "update", "verify"] {
        p.run(&[cmd]).code(2).one_error_line().stderr_has("no `scaffold.yaml`").stderr_has("scaffold init");
    }
}

#[test]
fn list_names_every_preset() {
    let p = Project::new();
    let out = p.run(&["list"]).ok();
    for preset in PRESETS {
        assert!(out.stdout.contains(preset), "{}", out.stdout);
    }
}

#[test]
fn a_write_that_fails_halfway_leaves_the_project_as_it_was() {
    // Run as an unprivileged user so that a read-only directory really refuses writes.
    let p = Project::new();
    p.init("nextjs-prisma");
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    let dir = p.dir();
    let last_dir = p
        .tree()
        .keys()
        .filter(|k| k.contains('/') && !k.starts_with("secrets/"))
        .max()
        .map(|k| k.split('/').next().unwrap().to_owned())
        .expect("a rendered directory");
    let mut wrap = vec![];
    if root {
        let tmp = dir.parent().unwrap();
        std::process::Command::new("chmod").arg("755").arg(tmp).status().unwrap();
        std::process::Command::new("chown").args(["-R", "65534:65534"]).arg(&dir).status().unwrap();
        wrap = vec!["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
    }
    std::process::Command::new("chmod").arg("555").arg(dir.join(&last_dir)).status().unwrap();
    let before = p.tree();
    let mut cmd = std::process::Command::new(if root { wrap[0] } else { support::bin() });
    if root {
        cmd.args(&wrap[1..]).arg(support::bin());
    }
    cmd.args(["update", "--yes", "--set", "project=renamed", "--dir"]).arg(&dir);
    let run = support::run_command(cmd, "update --yes --set project=renamed (unprivileged)");
    std::process::Command::new("chmod").arg("755").arg(dir.join(&last_dir)).status().unwrap();
    let run = run.code(3).one_error_line();
    assert!(run.stderr.contains(&last_dir), "{}", run.stderr);
    assert_eq!(before, p.tree(), "the project changed although the write failed");
}

#[test]
fn schema_describes_scaffold_yaml_and_accepts_every_preset() {
    let p = Project::new();
    let out = p.run(&["schema"]).ok().stdout;
    let schema: serde_json::Value = serde_json::from_str(&out).expect("schema is JSON");
    for key in ["project", "domain", "services", "tls", "components"] {
        assert!(schema["properties"][key].is_object(), "no `{key}` in the schema");
    }
    assert_eq!(schema["additionalProperties"], false, "unknown keys are refused, as by scaffold itself");
    let tool = "check-jsonschema";
    if !support::require_tool(tool) {
        return;
    }
    let file = p.dir().with_file_name("schema.json");
    std::fs::write(&file, &out).unwrap();
    for preset in PRESETS {
        let out = std::process::Command::new(tool)
            .arg("--schemafile")
            .arg(&file)
            .arg(repo_root().join("presets").join(format!("{preset}.yaml")))
            .output()
            .unwrap();
        assert!(out.status.success(), "{preset} does not validate against `scaffold schema`: {out:?}");
    }
    std::fs::write(p.dir().with_file_name("bad.yaml"), "project: shop\ndomian: x.example.com\n").unwrap();
    let bad = std::process::Command::new(tool)
        .arg("--schemafile")
        .arg(&file)
        .arg(p.dir().with_file_name("bad.yaml"))
        .output();
    assert!(!bad.unwrap().status.success(), "the schema must refuse an unknown key");
}

#[test]
fn component_answers_are_typed_validated_and_rendered() {
    let templates = tempfile::tempdir().unwrap();
    let comp = templates.path().join("demo");
    std::fs::create_dir_all(&comp).unwrap();
    std::fs::write(
        comp.join("component.yaml"),
        "id: demo\nsummary: demo\nanswers:\n  - {key: org, type: name, help: the organization slug}\n  \
         - {key: port, type: port, help: where it listens, default: 9000}\n  \
         - {key: mode, type: choice, choices: [fast, safe], help: how, default: safe}\n",
    )
    .unwrap();
    std::fs::write(
        comp.join("demo.conf.tera"),
        "org={{ settings.demo.org }} port={{ settings.demo.port }} mode={{ settings.demo.mode }}\n",
    )
    .unwrap();
    let p = Project::new();
    let scaffold = with_templates(&p, templates.path());
    scaffold(&MINIMAL_INIT).ok();
    let before = p.tree();
    scaffold(&["add", "demo", "--yes"])
        .code(2)
        .one_error_line()
        .stderr_has("`settings.demo.org`: missing; the organization slug");
    scaffold(&["add", "demo", "--set", "settings.demo.org=Acme;", "--yes"])
        .code(2)
        .stderr_has("`settings.demo.org`: `Acme;` is not a valid name");
    scaffold(&["add", "demo", "--set", "settings.demo.org=acme", "--set", "settings.demo.mod=fast", "--yes"])
        .code(2)
        .stderr_has("`settings.demo.mod`: unknown key; did you mean `mode`?");
    scaffold(&["add", "demo", "--set", "settings.demo.org=acme", "--set", "settings.demo.mode=slow", "--yes"])
        .code(2)
        .stderr_has("`slow` is not allowed; expected one of `fast`, `safe`");
    assert_eq!(before, p.tree(), "refused answers wrote something");
    scaffold(&["add", "demo", "--set", "settings.demo.org=acme", "--yes"]).ok();
    assert_eq!(p.read("demo.conf"), "org=acme port=9000 mode=safe\n");
    scaffold(&["remove", "demo", "--yes"]).ok();
    assert_eq!(before, p.tree(), "remove did not undo add, settings included");
}

#[test]
fn version_names_the_template_set_and_color_follows_the_flag() {
    let p = Project::new();
    let version = p.run(&["--version"]).ok().stdout;
    let hash = version.trim().strip_prefix(&format!("scaffold {} (templates ", env!("CARGO_PKG_VERSION")));
    assert!(
        hash.is_some_and(|h| h.len() == 13 && h.ends_with(')') && h[..12].chars().all(|c| c.is_ascii_hexdigit())),
        "{version}"
    );
    p.init("go-service");
    p.run(&["update", "--yes", "--set", "postgres.max_connections=120"]).ok();
    p.edit("scaffold.yaml", |t| t.replace("max_connections: 120", "max_connections: 130"));
    // The harness sets NO_COLOR, which `auto` obeys and `always` overrides.
    p.run(&["diff"]).code(1).stdout_lacks("\u{1b}[");
    p.run(&["diff", "--color", "always"]).code(1).stdout_has("\u{1b}[");
    p.run(&["diff", "--color", "never"]).code(1).stdout_lacks("\u{1b}[");
}

#[test]
fn diff_has_json_and_summary_forms_and_the_checklist_prints_markdown_for_a_pull_request() {
    let p = Project::new();
    p.init("go-service");
    p.edit("scaffold.yaml", |t| t.replace("max_connections: 100", "max_connections: 130"));
    let json = p.run(&["diff", "--json"]).code(1).stdout;
    let rows = json_list(&json, "files");
    let compose = rows.iter().find(|r| r["path"] == "docker-compose.prod.yml").expect("the compose row");
    assert_eq!(compose["writes"], true, "{compose}");
    p.run(&["diff", "--summary"]).code(1).stdout_has("docker-compose.prod.yml").stdout_lacks("@@ ");
    let before = p.tree();
    p.run(&["checklist", "--markdown", "-"])
        .ok()
        .stdout_has("# Production readiness: ledger")
        .stdout_has("- [x] **")
        .stdout_lacks("wrote");
    assert_eq!(before, p.tree(), "`--markdown -` writes no file");
}

#[test]
fn quiet_prints_only_what_is_wrong_and_verbose_also_what_is_fine() {
    let p = Project::new();
    let init = p.run(&["init", "--preset", "go-service", "--yes", "--quiet"]).ok();
    assert!(init.stdout.is_empty() && p.exists("docker-compose.prod.yml"), "{}", init.stdout);
    assert!(p.run(&["check", "--quiet"]).ok().stdout.is_empty(), "pristine files are listed");
    p.edit("docker-compose.prod.yml", |t| format!("{t}# mine\n"));
    p.run(&["check", "--quiet"]).ok().stdout_has("docker-compose.prod.yml").stdout_lacks("pristine");
    // A change's summary lists the files it leaves as they are only with --verbose.
    let change = ["update", "--set", "email=ops@ledger.example.org", "--dry-run"];
    let left_alone =
        |out: &str| out.lines().any(|l| l.trim_start().starts_with("unchanged ") && l.ends_with(" Dockerfile"));
    assert!(!left_alone(&p.run(&change).ok().stdout));
    assert!(left_alone(&p.run(&[&change[..], &["--verbose"]].concat()).ok().stdout));
    p.run(&["verify", "--quiet", "--only", "promtool"]).ok().stdout_lacks("promtool (").stdout_has("1 passed");
    let verbose = p.run(&["verify", "--verbose", "--only", "promtool"]).ok();
    if verbose.stdout.contains("pass ") {
        assert!(verbose.stdout.contains("SUCCESS"), "a passing check's output: {}", verbose.stdout);
    } else {
        assert!(!support::in_ci(), "promtool did not run: {}", verbose.stdout);
    }
    p.run(&["verify", "-q", "-v"]).code(2).stderr_has("cannot be used with");
}

#[test]
fn manual_pages_come_from_the_same_definition_as_help() {
    let p = Project::new();
    let main = p.run(&["man"]).ok().stdout;
    assert!(main.contains(".TH scaffold 1") && main.contains("scaffold\\-verify(1)"), "{main}");
    p.run(&["man", "verify"]).ok().stdout_has(".TH scaffold-verify 1").stdout_has("\\-\\-quick");
    p.run(&["man", "verfy"]).code(2).one_error_line().stderr_has("did you mean `verify`?");
}

#[test]
fn the_shell_completes_presets_components_and_answer_keys_from_the_binary() {
    let complete = |words: &[&str]| -> String {
        let mut cmd = std::process::Command::new(support::bin());
        cmd.env("COMPLETE", "fish").arg("--").arg("scaffold").args(words);
        support::run_command(cmd, "COMPLETE=fish scaffold").ok().stdout
    };
    let first =
        |out: &str| -> Vec<String> { out.lines().map(|l| l.split('\t').next().unwrap_or("").to_owned()).collect() };
    assert!(first(&complete(&["init", "--preset", ""])).contains(&"nextjs-prisma".to_owned()));
    let components = first(&complete(&["add", ""]));
    assert!(components.contains(&"pitr".to_owned()) && !components.contains(&"nginx".to_owned()), "{components:?}");
    assert_eq!(first(&complete(&["update", "--set", "proxy=tr"])), ["proxy=traefik"]);
    // The registration calls the binary back on each Tab.
    let mut cmd = std::process::Command::new(support::bin());
    cmd.args(["completions", "bash"]);
    support::run_command(cmd, "scaffold completions bash").ok().stdout_has("COMPLETE").stdout_has("complete -");
}
