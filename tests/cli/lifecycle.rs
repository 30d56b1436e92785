//! A project over time: user edits through update, add and remove, deleted and existing files, secrets, upgrades.

use super::*;

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
