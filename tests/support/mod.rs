//! A small fluent harness: run the real `scaffold` binary in a temp project and assert on what it
//! printed, its exit code, and the files it left.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PRESETS: &[&str] = &["express-typeorm", "go-service", "nextjs-prisma"];

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_scaffold")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// True in CI, where a missing validator must fail rather than skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

pub struct Project {
    tmp: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    cmdline: String,
}

impl Project {
    pub fn new() -> Project {
        Project { tmp: tempfile::Builder::new().prefix("scaffold-test-").tempdir().unwrap() }
    }

    /// A project in memory (`/dev/shm` when the machine has it), where syncs cost nothing: for
    /// tests that write the same project hundreds of times.
    pub fn in_memory() -> Project {
        let shm = Path::new("/dev/shm");
        let builder = tempfile::Builder::new().prefix("scaffold-test-").tempdir_in(shm);
        match builder {
            Ok(tmp) if shm.is_dir() => Project { tmp },
            _ => Project::new(),
        }
    }

    /// The project directory (`<tmp>/app`, not created until scaffold writes it).
    pub fn dir(&self) -> PathBuf {
        self.tmp.path().join("app")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir().join(rel)
    }

    /// Runs `scaffold ARGS --dir <project>` (the `--dir` is appended for commands that take it).
    pub fn run(&self, args: &[&str]) -> Run {
        let takes_dir = !matches!(
            args.first(),
            Some(&"list") | Some(&"man") | Some(&"completions") | Some(&"schema") | Some(&"--version")
        );
        let mut cmd = Command::new(bin());
        cmd.args(args);
        if takes_dir {
            cmd.arg("--dir").arg(self.dir());
        }
        run_command(cmd, &args.join(" "))
    }

    /// `run`, with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(bin());
        cmd.args(args).arg("--dir").arg(self.dir()).envs(env.iter().copied());
        run_command(cmd, &args.join(" "))
    }

    pub fn init(&self, preset: &str) -> Run {
        self.run(&["init", "--preset", preset, "--yes"]).ok()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let text = self.read(rel);
        self.write(rel, &f(text));
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// Every file under the project with its bytes and mode: the "nothing changed" witness.
    pub fn tree(&self) -> BTreeMap<String, (Vec<u8>, u32)> {
        tree(&self.dir())
    }
}

pub fn tree(root: &Path) -> BTreeMap<String, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                out.insert(rel, (std::fs::read(&p).unwrap(), mode));
            }
        }
    }
    out
}

/// Runs with the embedded templates, whatever the caller's environment says.
pub fn run_command(mut cmd: Command, cmdline: &str) -> Run {
    cmd.env_remove("SCAFFOLD_TEMPLATES");
    run_command_keeping_env(cmd, cmdline)
}

pub fn run_command_keeping_env(mut cmd: Command, cmdline: &str) -> Run {
    cmd.env("NO_COLOR", "1");
    let Output { status, stdout, stderr } = cmd.output().expect("scaffold runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        cmdline: cmdline.to_owned(),
    }
}

impl Run {
    fn context(&self) -> String {
        format!(
            "`scaffold {}` exited {}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmdline, self.code, self.stdout, self.stderr
        )
    }

    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "{}", self.context());
        self
    }

    pub fn code(self, want: i32) -> Run {
        assert_eq!(self.code, want, "{}", self.context());
        self
    }

    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}\n{}", self.context());
        self
    }

    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}\n{}", self.context());
        self
    }

    pub fn stdout_lacks(self, needle: &str) -> Run {
        assert!(!self.stdout.contains(needle), "stdout has {needle:?}\n{}", self.context());
        self
    }

    /// Exactly one line of error, as the error contract promises.
    pub fn one_error_line(self) -> Run {
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "expected one error line\n{}", self.context());
        assert!(lines[0].starts_with("error: "), "{}", self.context());
        self
    }
}

/// The path of `tool` on `PATH`, if it is installed.
pub fn which(tool: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|d| d.join(tool)).find(|p| p.is_file())
}

/// The environment variable that rewrites snapshots instead of comparing with them.
pub const SNAPSHOT_ENV: &str = "SCAFFOLD_SNAPSHOTS";

pub fn overwriting_snapshots() -> bool {
    std::env::var(SNAPSHOT_ENV).is_ok_and(|v| v == "overwrite")
}

/// Compares `actual` with `snapshots/<rel>`, or rewrites it when overwriting.
pub fn assert_snapshot(rel: &str, actual: &str) {
    let path = repo_root().join("snapshots").join(rel);
    if overwriting_snapshots() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    if stored != actual {
        let diff = similar::TextDiff::from_lines(stored.as_str(), actual)
            .unified_diff()
            .header(&format!("snapshots/{rel}"), "actual")
            .to_string();
        panic!("`snapshots/{rel}` differs ({SNAPSHOT_ENV}=overwrite to accept):\n{diff}");
    }
}

/// A server a test started: bound to 127.0.0.1, stopped by pid when dropped.
pub struct Daemon {
    child: std::process::Child,
    pub name: String,
}

impl Daemon {
    pub fn spawn(mut cmd: Command, name: &str) -> Daemon {
        cmd.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        let child = cmd.spawn().unwrap_or_else(|e| panic!("start {name}: {e}"));
        Daemon { child, name: name.to_owned() }
    }

    /// Waits until `port` on 127.0.0.1 accepts connections, or fails with the server's status.
    pub fn wait_for_port(&mut self, port: u16) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{} exited early: {status}", self.name);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("{} did not listen on 127.0.0.1:{port}", self.name);
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Skips (on a laptop) or fails (in CI) when `tool` is missing; true when the test may go on.
pub fn require_tool(tool: &str) -> bool {
    if which(tool).is_some() {
        return true;
    }
    assert!(!in_ci(), "`{tool}` is missing in CI: scripts/install-validators.sh installs it");
    eprintln!("skipped: `{tool}` is not installed (sudo bash scripts/install-validators.sh)");
    false
}

/// GET `path` from 127.0.0.1:`port` (HTTP/1.0, no dependencies); the body as text.
pub fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default()
}

/// The `command:` list of a compose service in the project's compose file.
pub fn compose_command(p: &Project, service: &str) -> Vec<String> {
    let doc: serde_json::Value = yaml_serde::from_str(&p.read("docker-compose.prod.yml")).unwrap();
    let cmd = &doc["services"][service]["command"];
    cmd.as_array()
        .unwrap_or_else(|| panic!("`{service}` has no command list"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}
