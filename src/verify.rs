//! Runs the real validators that the enabled components declare over a scratch copy of the
//! project's generated files, so a validator's own temp files, stand-in certificates or rewritten
//! host names never touch the user's tree. A validator that runs past its bound is killed with its
//! whole process group and reported as hung.

use crate::catalog::{Check, Component, Library};
use crate::error::{Error, Result};
use serde::Serialize;
use std::io::Read as _;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Pass,
    Fail,
    /// The tool, or a dependency the check declares, is not installed.
    Skipped,
    /// A file it needs is not in the project (removed by the user).
    NotApplicable,
}

#[cfg(test)]
mod tests {
    use super::short_version;

    #[test]
    fn versions_are_read_from_banners() {
        assert_eq!(short_version("promtool, version 2.42.0+ds (branch: debian/sid)").as_deref(), Some("2.42.0"));
        assert_eq!(short_version("nginx version: nginx/1.22.1").as_deref(), Some("1.22.1"));
        assert_eq!(short_version("3.3.30").as_deref(), Some("3.3.30"));
        assert_eq!(short_version("There are some problems with the CLI configuration:"), None);
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// `<component>/<check>`, stable across versions (`Check::id`); `fit` for the fit check.
    pub id: String,
    pub component: String,
    pub artifact: String,
    pub tool: String,
    pub version: Option<String>,
    pub outcome: Outcome,
    /// The tool's own words for a failure (trimmed), or how to install a missing tool.
    pub message: String,
    pub seconds: f64,
}

/// One check to run, with the component whose `checks/` folder holds its script.
pub struct Job<'a> {
    pub component: &'a Component,
    pub check: &'a Check,
}

const MESSAGE_LINES: usize = 12;

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

fn bash(script: &str, cwd: &Path, scratch: &Path) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        // A check that stops on a silent command (`test`, `grep -q`) still says which one.
        .arg(format!("set -Eeuo pipefail\ntrap 'echo \"stopped at: $BASH_COMMAND\" >&2' ERR\n{script}"))
        .current_dir(cwd)
        .env("SCRATCH", scratch)
        .env("OUT", cwd)
        .stdin(Stdio::null());
    cmd
}

/// The checks' files written out once per run: the library in `lib/` (`$LIB`) and each
/// component's `checks/` folder in `<component>/` (`$CHECKS`).
struct Installed {
    dir: tempfile::TempDir,
}

impl Installed {
    fn new(library: &Library, jobs: &[Job]) -> Result<Installed> {
        let dir =
            tempfile::Builder::new().prefix("scaffold-checks-").tempdir().map_err(|e| Error::io("<temp dir>", e))?;
        let components: std::collections::BTreeMap<&str, _> =
            jobs.iter().map(|j| (j.component.id(), &j.component.checks)).collect();
        for (folder, files) in std::iter::once(("lib", &library.files)).chain(components) {
            for (path, text) in files {
                let to = dir.path().join(folder).join(path);
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                std::fs::write(&to, text).map_err(|e| Error::io(&to, e))?;
            }
        }
        Ok(Installed { dir })
    }

    fn lib(&self) -> PathBuf {
        self.dir.path().join("lib")
    }

    fn checks(&self, component: &str) -> PathBuf {
        self.dir.path().join(component)
    }
}

/// Why `need` (a command, or `python3:<module>`) cannot be met here, if it cannot. Asking
/// `python3` itself: another one first on `PATH` (an activated virtualenv) may lack the module.
fn unmet(need: &str) -> Option<String> {
    match need.split_once(':') {
        Some((python, module)) => {
            if !on_path(python) {
                return Some(format!("`{python}` is not installed"));
            }
            let imports = Command::new(python)
                .args(["-c", &format!("import {module}")])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            (!imports).then(|| format!("the `{python}` on `PATH` cannot import `{module}`"))
        }
        None => (!on_path(need)).then(|| format!("`{need}` is not installed")),
    }
}

/// Runs `cmd` in its own process group; returns (exit success, combined output, timed out).
/// SIGKILL to the process group `pgid`. The `--` matters: without it procps `kill` does not read
/// `-PGID` as a group.
fn kill_group(pgid: u32) {
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{pgid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn run_bounded(mut cmd: Command, limit: Duration) -> std::io::Result<(bool, String, bool)> {
    let out_file = tempfile::tempfile()?;
    cmd.stdout(out_file.try_clone()?).stderr(out_file.try_clone()?).process_group(0);
    let mut child = cmd.spawn()?;
    let start = Instant::now();
    let (ok, hung) = loop {
        if let Some(status) = child.try_wait()? {
            break (status.success(), false);
        }
        if start.elapsed() > limit {
            // The whole group: a validator may have started a server of its own.
            kill_group(child.id());
            let _ = child.wait();
            break (false, true);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Anything the script left running in its group goes too, even on success.
    kill_group(child.id());
    let mut text = String::new();
    let mut f = out_file;
    use std::io::Seek as _;
    f.rewind()?;
    f.read_to_string(&mut text).ok();
    Ok((ok, text, hung))
}

fn trimmed(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let mut out: Vec<String> = lines.iter().take(MESSAGE_LINES).map(|l| l.chars().take(240).collect()).collect();
    if lines.len() > MESSAGE_LINES {
        out.push(format!("… ({} more lines)", lines.len() - MESSAGE_LINES));
    }
    out.join("\n")
}

/// The first dotted number in a tool's version banner (`promtool, version 2.42.0+ds …` → `2.42.0`).
fn short_version(banner: &str) -> Option<String> {
    banner
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .find(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() >= 2 && parts.iter().all(|p| !p.is_empty())
        })
        .map(str::to_owned)
}

fn version_of(check: &Check, scratch: &Path) -> Option<String> {
    let script = check.version.as_deref()?;
    let (ok, text, _) = run_bounded(bash(script, scratch, scratch), Duration::from_secs(20)).ok()?;
    if !ok {
        return None;
    }
    text.lines().find_map(short_version)
}

/// A generated file: where it is in the project, and its usual path, where checks find it.
pub struct Generated {
    pub path: String,
    pub usual: String,
}

/// Copies `files` that exist under `project` into a fresh directory, each at its usual path.
fn scratch_copy(project: &Path, files: &[Generated]) -> Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("scaffold-verify-").tempdir().map_err(|e| Error::io("<temp dir>", e))?;
    for file in files {
        let from = project.join(&file.path);
        if !from.is_file() {
            continue;
        }
        let to = dir.path().join(&file.usual);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::copy(&from, &to).map_err(|e| Error::io(&from, e))?;
    }
    Ok(dir)
}

/// The cross-check of the generated files against the repository (`fit`), as a report.
pub fn fit_report(project: &Path, spec: &crate::spec::Spec) -> Report {
    let start = Instant::now();
    let problems = crate::fit::check(project, spec);
    let failed = problems.iter().any(|p| p.error);
    let outcome = if !crate::fit::has_app(project, spec) {
        Outcome::NotApplicable
    } else if failed {
        Outcome::Fail
    } else {
        Outcome::Pass
    };
    Report {
        id: "fit".into(),
        component: "fit".into(),
        artifact: "the generated files fit the repository (paths, scripts, packages, migrations, health route)".into(),
        tool: "scaffold".into(),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        outcome,
        message: if outcome == Outcome::NotApplicable {
            "no `package.json` or `go.mod` of the app in the project to check against".into()
        } else {
            problems
                .iter()
                .map(|p| format!("{}: {}", if p.error { "error" } else { "warning" }, p.message))
                .collect::<Vec<_>>()
                .join("\n")
        },
        seconds: (start.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    }
}

/// Runs every job against its own copy of `files` from `project`, `workers` at a time (the checks
/// are independent: each has its own scratch copy, and the live ones their own network
/// namespace). `done` sees each report as it finishes; the result is in the order of `jobs`.
pub fn run(
    project: &Path,
    files: &[Generated],
    jobs: &[Job],
    library: &Library,
    limit: Duration,
    workers: usize,
    done: &(dyn Fn(&Report) + Sync),
) -> Result<Vec<Report>> {
    let installed = Installed::new(library, jobs)?;
    // One answer per dependency for the whole run: several checks need the same module.
    let needs: std::collections::BTreeMap<&str, Option<String>> =
        jobs.iter().flat_map(|j| &j.check.needs).map(|n| (n.as_str(), unmet(n))).collect();
    let context = Context { project, files, library, installed: &installed, needs: &needs, limit };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<Result<Report>>>> =
        std::sync::Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let report = run_one(&context, job);
                    if let Ok(r) = &report {
                        done(r);
                    }
                    results.lock().expect("no check panics while holding the lock")[i] = Some(report);
                }
            });
        }
    });
    results.into_inner().expect("all checks finished").into_iter().map(|r| r.expect("every job ran")).collect()
}

/// What every check of one run shares.
struct Context<'a> {
    project: &'a Path,
    files: &'a [Generated],
    library: &'a Library,
    installed: &'a Installed,
    needs: &'a std::collections::BTreeMap<&'a str, Option<String>>,
    limit: Duration,
}

fn run_one(cx: &Context, job: &Job) -> Result<Report> {
    let (project, files, limit) = (cx.project, cx.files, cx.limit);
    let c = job.check;
    let component = job.component.id();
    let mut report = Report {
        id: c.id(component),
        component: component.to_owned(),
        artifact: c.artifact.clone(),
        tool: c.tool.clone(),
        version: None,
        outcome: Outcome::Pass,
        message: String::new(),
        seconds: 0.0,
    };
    let in_project = |usual: &String| {
        let path = files.iter().find(|f| &f.usual == usual).map_or(usual, |f| &f.path);
        project.join(path).is_file()
    };
    if let Some(missing) = c.files.iter().find(|f| !in_project(f)) {
        report.outcome = Outcome::NotApplicable;
        report.message = format!("`{missing}` is not in the project");
        return Ok(report);
    }
    if !on_path(&c.tool) {
        report.outcome = Outcome::Skipped;
        report.message = format!(
            "`{}` is not installed; {}",
            c.tool,
            c.install.as_deref().unwrap_or("run `scripts/install-validators.sh` as root")
        );
        return Ok(report);
    }
    if let Some((need, why)) = c.needs.iter().find_map(|n| Some((n, cx.needs.get(n.as_str())?.as_ref()?))) {
        report.outcome = Outcome::Skipped;
        report.message = format!("missing dependency `{need}`: {why}; {}", cx.library.needs[need.as_str()]);
        return Ok(report);
    }
    let copy = scratch_copy(project, files)?;
    let scratch =
        tempfile::Builder::new().prefix("scaffold-scratch-").tempdir().map_err(|e| Error::io("<temp dir>", e))?;
    report.version = version_of(c, scratch.path());
    let start = Instant::now();
    let (lib, checks) = (cx.installed.lib(), cx.installed.checks(component));
    let mut cmd = bash(&format!(". \"$LIB/lib.sh\"\n. \"$CHECKS/{}\"", c.script()), copy.path(), scratch.path());
    cmd.env("LIB", &lib).env("CHECKS", &checks);
    let (ok, text, hung) = run_bounded(cmd, limit).map_err(|e| Error::io("bash", e))?;
    report.seconds = (start.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    // The copy mirrors the project, so its paths are shown as the project's.
    let scrub = |t: &str| {
        t.replace(&format!("{}/", copy.path().display()), "")
            .replace(&copy.path().display().to_string(), ".")
            .replace(&scratch.path().display().to_string(), "$SCRATCH")
            .replace(&checks.display().to_string(), &format!("templates/{component}/checks"))
            .replace(&lib.display().to_string(), "templates/verify")
    };
    if hung {
        report.outcome = Outcome::Fail;
        report.message = format!("killed after {}s without finishing\n{}", limit.as_secs(), trimmed(&scrub(&text)));
    } else if !ok {
        report.outcome = Outcome::Fail;
        report.message = trimmed(&scrub(&text));
    } else if crate::output::verbose() {
        report.message = trimmed(&scrub(&text));
    }
    Ok(report)
}
