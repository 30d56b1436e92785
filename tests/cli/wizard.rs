//! The wizard and the review in a pseudo-terminal, and what happens without a terminal.

use super::*;

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
