//! The engine under concurrency, crashes and hostile trees: the project lock, the apply journal,
//! confined and bounded reads, and a state file that is not trusted further than it should be.

#[allow(dead_code)]
mod support;

use std::collections::BTreeMap;
use support::Project;

/// A project small enough for a crash at every step of every command to stay fast.
const SMALL: &[&str] = &[
    "--preset",
    "go-service",
    "--set",
    "monitoring.enabled=false",
    "--set",
    "ci=none",
    "--set",
    "proxy=caddy",
    "--yes",
];

fn small_project() -> Project {
    let p = Project::new();
    let mut args = vec!["init"];
    args.extend_from_slice(SMALL);
    p.run(&args).ok();
    p
}

fn copy_tree(from: &Project, to: &Project) {
    for (rel, (bytes, mode)) in from.tree() {
        let dest = to.path(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(&dest, bytes).unwrap();
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

fn strays(p: &Project) -> Vec<String> {
    p.tree().into_keys().filter(|k| k.contains(".scaffold-new-") || k.ends_with("journal.yaml")).collect()
}

/// Which crash points run: every one with `SCAFFOLD_CRASH_STRIDE=1`; by default every step of a
/// small write and, past the first 40 steps of a large one, every 5th (the steps in between are
/// more of the same: temporary files written, or renames done).
fn runs_point(n: usize) -> bool {
    let stride: usize = std::env::var("SCAFFOLD_CRASH_STRIDE").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    n <= 40 || n % stride.max(1) == 0
}

/// Kills `args` with SIGKILL at its disk steps in turn (`SCAFFOLD_FAILPOINT`), on a fresh copy of
/// `base` (or an empty folder), then lets the next command recover. Afterwards the project must
/// be entirely as before or entirely as after, with no temporary file left. Two points run at a
/// time. Returns (steps of the command, points crashed at).
fn crash_at_every_step(
    base: Option<&Project>,
    args: &[&str],
    after: &(dyn Fn(&Project) -> bool + Sync),
) -> (usize, usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(1);
    let done_at = AtomicUsize::new(usize::MAX);
    let crashed = AtomicUsize::new(0);
    let point = |n: usize| {
        let p = Project::in_memory();
        if let Some(b) = base {
            copy_tree(b, &p);
        }
        let before = p.tree();
        let run = p.run_env(args, &[("SCAFFOLD_FAILPOINT", &n.to_string())]);
        if run.code == 0 {
            done_at.fetch_min(n, Ordering::SeqCst);
            return;
        }
        assert_eq!(run.code, -1, "step {n} of {args:?}: not killed: {}", run.stderr);
        crashed.fetch_add(1, Ordering::SeqCst);
        let check = p.run(&["check"]);
        assert!(strays(&p).is_empty(), "step {n} of {args:?} left {:?}", strays(&p));
        let same = p.tree() == before;
        let whole = check.code == 0 && !check.stdout.contains("user-edited") && after(&p);
        assert!(same || whole, "step {n} of {args:?}: neither before nor after\n{}\n{}", check.stdout, check.stderr);
    };
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n > done_at.load(Ordering::SeqCst) {
                        break;
                    }
                    if runs_point(n) {
                        point(n);
                    }
                }
            });
        }
    });
    let steps = done_at.load(Ordering::SeqCst) - 1;
    assert!(steps > 0, "{args:?} never reached a disk step");
    (steps, crashed.load(Ordering::SeqCst))
}

#[test]
fn a_crash_at_any_disk_step_leaves_the_project_before_or_after_and_no_temp_file() {
    let mut init = vec!["init"];
    init.extend_from_slice(SMALL);
    let init = crash_at_every_step(None, &init, &|p| p.exists("scaffold.yaml"));
    let base = small_project();
    let update = ["update", "--yes", "--set", "postgres.max_connections=120"];
    let update =
        crash_at_every_step(Some(&base), &update, &|p| p.read("scaffold.yaml").contains("max_connections: 120"));
    let add = ["add", "sentry", "--yes", "--set", "settings.sentry.org=acme", "--set", "settings.sentry.project=app"];
    let added = crash_at_every_step(Some(&base), &add, &|p| p.read("scaffold.yaml").contains("sentry"));
    let with_sentry = Project::new();
    copy_tree(&base, &with_sentry);
    with_sentry.run(&add).ok();
    let remove = crash_at_every_step(Some(&with_sentry), &["remove", "sentry", "--yes"], &|p| {
        !p.read("scaffold.yaml").contains("sentry")
    });
    eprintln!("(steps, crash points): init {init:?}, update {update:?}, add {added:?}, remove {remove:?}");
}

#[test]
fn concurrent_writers_wait_for_each_other_and_lose_nothing() {
    let base = small_project();
    for round in 0..50 {
        let p = Project::new();
        copy_tree(&base, &p);
        let spawn = |set: &str| {
            std::process::Command::new(support::bin())
                .args(["update", "--yes", "--set", set, "--dir"])
                .arg(p.dir())
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn("postgres.max_connections=120");
        let b = spawn("redis.maxmemory=300MB");
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let answers = p.read("scaffold.yaml");
        assert!(
            answers.contains("max_connections: 120") && answers.contains("maxmemory: 300MB"),
            "round {round}: a change was lost:\n{answers}"
        );
        p.run(&["check"]).ok().stdout_lacks("user-edited");
    }
}

#[test]
fn a_busy_project_fails_at_once_with_no_wait() {
    use std::os::fd::AsRawFd as _;
    let p = small_project();
    let dir = std::fs::File::open(p.dir()).unwrap();
    // SAFETY: flock on a descriptor this test owns, as another scaffold run holds it.
    assert_eq!(unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) }, 0);
    let before = p.tree();
    p.run(&["update", "--yes", "--no-wait", "--set", "postgres.max_connections=120"])
        .code(1)
        .one_error_line()
        .stderr_has("another scaffold command is using");
    assert_eq!(before, p.tree());
    drop(dir);
    p.run(&["update", "--yes", "--no-wait", "--set", "postgres.max_connections=120"]).ok();
}

#[test]
fn hostile_reads_are_one_clear_error_and_print_nothing_from_outside() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("environ"), "AWS_SECRET_ACCESS_KEY=leaked\n").unwrap();
    let p = small_project();
    let generated = "caddy/Caddyfile";
    std::fs::remove_file(p.path(generated)).unwrap();
    std::os::unix::fs::symlink(outside.path().join("environ"), p.path(generated)).unwrap();
    for cmd in [&["diff"][..], &["update", "--dry-run"], &["check"]] {
        let run = p.run(cmd).code(2).one_error_line().stderr_has("leads out of the project");
        assert!(!run.stdout.contains("leaked") && !run.stderr.contains("leaked"), "{cmd:?} printed what is outside");
    }
    std::fs::remove_file(p.path(generated)).unwrap();
    let fifo = std::ffi::CString::new(p.path(generated).to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    p.run(&["check"]).code(2).one_error_line().stderr_has("is not a regular file");
    std::fs::remove_file(p.path(generated)).unwrap();
    std::fs::File::create(p.path(generated)).unwrap().set_len(100 << 20).unwrap();
    p.run(&["check"]).code(2).one_error_line().stderr_has("is larger than 4 MiB");
    // The same at every other kind of read path: the answers, the state, a merge base.
    std::fs::remove_file(p.path(generated)).unwrap();
    let base = ".scaffold/base/caddy/Caddyfile";
    for (path, hostile) in [("scaffold.yaml", "link"), (".scaffold/state.yaml", "zero"), (base, "fifo")] {
        let q = small_project();
        std::fs::remove_file(q.path(path)).unwrap();
        let says = match hostile {
            "link" => {
                std::os::unix::fs::symlink(outside.path().join("environ"), q.path(path)).unwrap();
                "leads out of the project"
            }
            "zero" => {
                std::os::unix::fs::symlink("/dev/zero", q.path(path)).unwrap();
                "leads out of the project"
            }
            _ => {
                let fifo = std::ffi::CString::new(q.path(path).to_str().unwrap()).unwrap();
                // SAFETY: mkfifo with a valid NUL-terminated path.
                assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
                "is not a regular file"
            }
        };
        let run = q.run(&["diff"]).code(2).one_error_line().stderr_has(says).stderr_has(&format!("`{path}`"));
        assert!(!run.stdout.contains("leaked") && !run.stderr.contains("leaked"), "{path}: printed what is outside");
    }
    for answers in ["/dev/zero", "/proc/self/environ"] {
        let q = Project::new();
        q.run(&["init", "--preset", "go-service", "--dry-run", "--answers", answers]).code(2).one_error_line();
    }
    let deep = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(deep.path(), format!("project: {}", "[".repeat(200_000))).unwrap();
    let q = Project::new();
    q.run(&["init", "--preset", "go-service", "--dry-run", "--answers", deep.path().to_str().unwrap()])
        .code(2)
        .one_error_line()
        .stderr_has("nests deeper than answers do");
    let key = vec!["a"; 10_000].join(".");
    q.run(&["init", "--preset", "go-service", "--dry-run", "--set", &format!("{key}=1")])
        .code(2)
        .one_error_line()
        .stderr_has("a key path has at most 16 segments");
}

#[test]
fn a_tampered_state_deletes_nothing_scaffold_does_not_render() {
    let p = small_project();
    p.write(".git/config", "[core]\n");
    p.write("package.json", "{}\n");
    let mut state = p.read(".scaffold/state.yaml");
    for (path, text) in [(".git/config", "[core]\n"), ("package.json", "{}\n")] {
        let sha: String = {
            use sha2::Digest as _;
            sha2::Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
        };
        state = state.replacen("files:\n", &format!("files:\n  {path}:\n    sha256: {sha}\n    mode: '644'\n"), 1);
        p.write(&format!(".scaffold/base/{path}"), text);
    }
    p.write(".scaffold/state.yaml", &state);
    p.run(&["update", "--yes"]).ok().stderr_has("names `.git/config`, which no component renders: left alone");
    assert_eq!(p.read(".git/config"), "[core]\n");
    assert_eq!(p.read("package.json"), "{}\n");
}

#[test]
fn crlf_and_a_missing_final_newline_survive_add_and_remove_byte_for_byte() {
    let p = small_project();
    let crlf = p.read(".env.example").replace('\n', "\r\n");
    p.write(".env.example", &crlf);
    // Sentry's secret is added at the very end of the compose file, right after the last line.
    let unterminated = p.read("docker-compose.prod.yml").trim_end().to_owned();
    p.write("docker-compose.prod.yml", &unterminated);
    let add = ["add", "sentry", "--yes", "--set", "settings.sentry.org=acme", "--set", "settings.sentry.project=app"];
    p.run(&add).ok().stdout_lacks("conflict markers");
    let merged = p.read("docker-compose.prod.yml");
    assert!(!merged.ends_with('\n') && merged.contains("sentry_dsn:"), "{}", &merged[merged.len() - 300..]);
    let doc: serde_json::Value = yaml_serde::from_str(&merged).expect("the merged compose file parses");
    assert!(doc["secrets"]["sentry_dsn"]["file"].is_string(), "no line was glued to another");
    let env = p.read(".env.example");
    assert!(!env.replace("\r\n", "").contains('\n'), "every line keeps its CRLF");
    p.run(&["remove", "sentry", "--yes"]).ok();
    assert_eq!(p.read("docker-compose.prod.yml"), unterminated, "byte for byte after the round trip");
    assert_eq!(p.read(".env.example"), crlf);
}

#[test]
fn secrets_stay_in_a_private_directory() {
    let p = small_project();
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(p.path("secrets"), std::fs::Permissions::from_mode(0o755)).unwrap();
    p.run(&["check"]).ok().stderr_has("`secrets/` is 755, wider than the 700 scaffold made it");
    let q = Project::new();
    q.write("docs/readme.md", "ours\n");
    std::os::unix::fs::symlink("docs", q.path("secrets")).unwrap();
    let mut args = vec!["init"];
    args.extend_from_slice(SMALL);
    q.run(&args).code(2).one_error_line().stderr_has("`secrets` is a symbolic link");
    let docs = std::fs::metadata(q.path("docs")).unwrap().permissions().mode() & 0o777;
    assert_ne!(docs, 0o700, "the linked folder was not made private");
    assert!(!q.exists("docs/.gitignore"));
}

#[test]
fn a_project_written_by_a_newer_scaffold_is_not_downgraded() {
    let p = small_project();
    let state = p.read(".scaffold/state.yaml");
    let version = env!("CARGO_PKG_VERSION");
    p.write(
        ".scaffold/state.yaml",
        &state.replace(&format!("scaffold_version: {version}"), "scaffold_version: 99.0.0"),
    );
    let before: BTreeMap<String, (Vec<u8>, u32)> = p.tree();
    p.run(&["update", "--yes", "--set", "postgres.max_connections=120"])
        .code(2)
        .one_error_line()
        .stderr_has("written by scaffold 99.0.0, newer than this one");
    assert_eq!(before, p.tree());
    p.run(&["update", "--yes", "--allow-downgrade", "--set", "postgres.max_connections=120"]).ok();
}
