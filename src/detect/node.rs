//! Node.js: workspaces and the app among them, the package manager and its major version, the
//! runtime version from every file that pins one, and the scripts CI and the image run.

use super::{Finding, Repo, files, finding, note, number_after, routes, text as s};
use crate::error::Result;
use std::path::Path;
use yaml_serde::Value;

/// Node.js majors with upstream support on the date this scaffold was released, newest last
/// (22 until 2027-04, 24 until 2028-04, 26 until 2029-04).
const SUPPORTED_LTS: &[u32] = &[22, 24, 26];

/// The workspace packages of a monorepo root (`workspaces` in package.json, or
/// pnpm-workspace.yaml), with one-level `*` globs expanded.
fn workspace_dirs(root: &Path) -> Result<Vec<String>> {
    let mut patterns: Vec<String> = Vec::new();
    if let Some(pkg) = super::package_json(root, "package.json")? {
        let ws = pkg.get("workspaces");
        let list = ws.and_then(|w| w.as_array().or_else(|| w.get("packages")?.as_array()));
        patterns.extend(list.into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)));
    }
    if let Some(text) = files::read(root, "pnpm-workspace.yaml") {
        let doc: Value = yaml_serde::from_str(&text).unwrap_or(Value::Null);
        if let Some(list) = doc.get("packages").and_then(Value::as_sequence) {
            patterns.extend(list.iter().filter_map(|v| v.as_str().map(str::to_owned)));
        }
    }
    let mut dirs = Vec::new();
    for p in patterns.iter().filter(|p| !p.starts_with('!')) {
        let p = p.trim_end_matches("/**").trim_end_matches('/');
        if let Some(parent) = p.strip_suffix("/*") {
            let Ok(entries) = std::fs::read_dir(root.join(parent)) else { continue };
            let mut names: Vec<String> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| files::join(parent, &e.file_name().to_string_lossy()))
                .collect();
            names.sort();
            dirs.extend(names);
        } else if !p.contains('*') {
            dirs.push(p.to_owned());
        }
    }
    dirs.retain(|d| files::read(root, &files::join(d, "package.json")).is_some());
    Ok(dirs)
}

/// The dependencies and devDependencies a package.json declares, with their ranges.
pub fn declared(pkg: &serde_json::Value) -> impl Iterator<Item = (&str, &str)> {
    ["dependencies", "devDependencies"]
        .into_iter()
        .filter_map(|k| pkg.get(k)?.as_object())
        .flat_map(|deps| deps.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap_or(""))))
}

/// The workspace packages `pkg` depends on (`workspace:` ranges), and theirs, by directory.
pub fn local_packages(root: &Path, pkg: &serde_json::Value) -> Result<Vec<(String, serde_json::Value)>> {
    let mut by_name = Vec::new();
    for dir in workspace_dirs(root)? {
        if let Some(p) = super::package_json(root, &files::join(&dir, "package.json"))? {
            if let Some(name) = p.get("name").and_then(|n| n.as_str()).map(str::to_owned) {
                by_name.push((name, dir, p));
            }
        }
    }
    let mut out: Vec<(String, serde_json::Value)> = Vec::new();
    let mut queue: Vec<String> =
        declared(pkg).filter(|(_, v)| v.starts_with("workspace:")).map(|(d, _)| d.to_owned()).collect();
    while let Some(name) = queue.pop() {
        let Some((_, dir, p)) = by_name.iter().find(|(n, _, _)| *n == name) else { continue };
        if out.iter().any(|(d, _)| d == dir) {
            continue;
        }
        queue.extend(declared(p).filter(|(_, v)| v.starts_with("workspace:")).map(|(d, _)| d.to_owned()));
        out.push((dir.clone(), p.clone()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

const SERVER_DEPS: &[&str] = &[
    "next",
    "express",
    "@nestjs/core",
    "fastify",
    "koa",
    "hono",
    "@hapi/hapi",
    "@remix-run/serve",
    "nuxt",
    "@sveltejs/kit",
    "@adonisjs/core",
];

/// Whether a package is a deployable app rather than a library or tooling: a server framework
/// or a start script.
fn looks_like_app(pkg: &serde_json::Value) -> bool {
    let has_dep = ["dependencies", "devDependencies"]
        .iter()
        .filter_map(|k| pkg.get(k)?.as_object())
        .any(|deps| SERVER_DEPS.iter().any(|d| deps.contains_key(*d)));
    has_dep || pkg.get("scripts").and_then(|s| s.get("start")).is_some()
}

pub fn is_app(repo: &Repo) -> bool {
    repo.package.as_ref().is_some_and(looks_like_app)
}

/// In a monorepo root: the app scaffold targets (the first app under `apps/`, else the first
/// app), and a finding that lists them all.
pub fn workspace_app(root: &Path) -> Result<(Option<String>, Vec<Finding>)> {
    let mut dirs = workspace_dirs(root)?;
    if dirs.is_empty() && !files::exists(root, "package.json") && !files::exists(root, "go.mod") {
        // No manifest at the root: apps side by side (`apps/api`, `web/`) without workspaces.
        dirs = files::walk(root, ".", 2)
            .into_iter()
            .filter(|p| p.ends_with("/package.json"))
            .map(|p| files::parent(&p).to_owned())
            .collect();
    }
    if dirs.is_empty() {
        return Ok((None, Vec::new()));
    }
    let mut apps = Vec::new();
    for d in &dirs {
        if let Some(pkg) = super::package_json(root, &files::join(d, "package.json"))? {
            let web = ["dependencies", "devDependencies"]
                .iter()
                .filter_map(|k| pkg.get(k)?.as_object())
                .any(|deps| SERVER_DEPS.iter().any(|x| deps.contains_key(*x)));
            if looks_like_app(&pkg) {
                apps.push((d.clone(), web));
            }
        }
    }
    let tool = if files::exists(root, "turbo.json") {
        "Turborepo"
    } else if files::exists(root, "nx.json") {
        "Nx"
    } else if files::exists(root, "pnpm-workspace.yaml") {
        "pnpm workspaces"
    } else {
        "workspaces"
    };
    let chosen = apps
        .iter()
        .find(|(d, web)| *web && d.starts_with("apps/"))
        .or_else(|| apps.iter().find(|(_, web)| *web))
        .or_else(|| apps.first())
        .map(|(d, _)| d.clone());
    let Some(app) = chosen else {
        return Ok((None, vec![note("monorepo", format!("{tool} monorepo with no app package"), "workspaces".into())]));
    };
    let others: Vec<String> = apps.iter().map(|(d, _)| d.clone()).filter(|d| *d != app).collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("; other apps: {} (add one as `--set services.1.dir=<dir>`)", others.join(", "))
    };
    let f = finding(
        "monorepo",
        format!("{tool} monorepo: the app is `{app}`{also}"),
        format!("{} packages", dirs.len()),
        "services.0.dir",
        s(&app),
    );
    Ok((Some(app), vec![f]))
}

/// Whether the npm semver `range` admits Node.js `major`.
fn admits(range: &str, major: u32) -> bool {
    range.split("||").any(|alt| {
        alt.split_whitespace().all(|c| {
            let (op, v) = c.split_at(c.find(|ch: char| ch.is_ascii_digit()).unwrap_or(c.len()));
            let Some(n) = number_after(v, "").and_then(|n| n.parse::<u32>().ok()) else { return true };
            match op.trim_start_matches('v') {
                ">=" => major >= n,
                ">" => major > n || (major == n && v.contains('.')),
                "<" => major < n || (major == n && v.split('.').skip(1).any(|p| !p.trim_matches('0').is_empty())),
                "<=" => major <= n,
                _ => major == n,
            }
        })
    })
}

/// The newest supported LTS major that `range` (an npm semver range) admits.
fn newest_lts_in(range: &str) -> Option<u32> {
    SUPPORTED_LTS.iter().rev().copied().find(|m| admits(range, *m))
}

/// The Node.js version: an exact pin (.nvmrc, .node-version, .tool-versions, Volta) wins over
/// the engines range; an end-of-life pin is moved to the oldest supported LTS, and said.
fn node_version(repo: &Repo) -> Vec<Finding> {
    let pinned = [".nvmrc", ".node-version"]
        .into_iter()
        .find_map(|f| {
            let t = repo.text(f)?;
            let t = t.trim();
            if t.starts_with("lts") || t == "node" {
                return Some((SUPPORTED_LTS.last()?.to_string(), format!("{f}: {t}")));
            }
            number_after(t, "").map(|v| (v, f.to_owned()))
        })
        .or_else(|| {
            let t = repo.text(".tool-versions")?;
            let line = t.lines().find(|l| l.starts_with("nodejs ") || l.starts_with("node "))?;
            number_after(line, " ").map(|v| (v, ".tool-versions".to_owned()))
        })
        .or_else(|| {
            [&repo.package, &repo.root_package].into_iter().flatten().find_map(|p| {
                let v = p.get("volta")?.get("node")?.as_str()?;
                number_after(v, "").map(|n| (n, "package.json: volta.node".to_owned()))
            })
        });
    // The CI's own choice, `node-version: 22` in a GitHub workflow or `image: node:22` in GitLab:
    // weaker than a pin or the engines range, which the team wrote for the app itself.
    let ci = || {
        let workflows = files::walk(repo.root, ".github/workflows", 0);
        workflows.iter().chain(std::iter::once(&".gitlab-ci.yml".to_owned())).find_map(|wf| {
            let text = files::read(repo.root, wf)?;
            let line = text.lines().find(|l| l.contains("node-version:") || l.contains("image: node:"))?;
            let after = if line.contains("node-version:") { "node-version:" } else { "node:" };
            number_after(line, after).map(|n| (n, format!("{wf}: {}", after.trim_end_matches(':'))))
        })
    };
    let engines = [&repo.package, &repo.root_package]
        .into_iter()
        .flatten()
        .find_map(|p| p.get("engines")?.get("node")?.as_str().map(str::to_owned));
    let propose = |major: u32, why: String| {
        finding("node-version", format!("Node.js {major}"), why, "stack.node_version", s(&major.to_string()))
    };
    // A pinned major past its end of life (or an odd, short-lived one) moves to the first LTS
    // after it that the engines range admits.
    let supported = |major: u32, src: String| {
        if SUPPORTED_LTS.contains(&major) || major > *SUPPORTED_LTS.last().unwrap_or(&0) {
            return propose(major, src);
        }
        let later = SUPPORTED_LTS.iter().copied().filter(|m| *m > major);
        let lts = later
            .clone()
            .find(|m| engines.as_deref().is_none_or(|r| admits(r, *m)))
            .or_else(|| later.clone().next())
            .unwrap_or(SUPPORTED_LTS[0]);
        propose(lts, format!("{src} pins {major}, which has no upstream support; the next supported LTS"))
    };
    let mut out = Vec::new();
    match (pinned, &engines) {
        (Some((v, src)), engines) => {
            let major: u32 = v.parse().unwrap_or(0);
            if let Some(range) = engines.as_ref().filter(|r| !admits(r, major)) {
                out.push(note(
                    "node-version-conflict",
                    format!("engines.node `{range}` does not admit Node.js {major} of {src}"),
                    "package.json: engines.node".into(),
                ));
            }
            out.push(supported(major, src));
        }
        (None, Some(range)) => match newest_lts_in(range) {
            Some(major) => {
                out.push(propose(major, format!("package.json: engines.node `{range}` (newest supported LTS in it)")))
            }
            None => out.push(note(
                "node-version-eol",
                format!(
                    "engines.node `{range}` admits only end-of-life Node.js; answer `stack.node_version` (supported: {})",
                    lts_list()
                ),
                "package.json: engines.node".into(),
            )),
        },
        (None, None) => out.extend(ci().map(|(v, src)| supported(v.parse().unwrap_or(0), src))),
    }
    out
}

fn lts_list() -> String {
    SUPPORTED_LTS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// The package manager: `packageManager` (with its version) over the lockfile.
fn package_manager(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    let field = [&repo.package, &repo.root_package]
        .into_iter()
        .flatten()
        .find_map(|p| p.get("packageManager")?.as_str().map(str::to_owned));
    if let Some(pm) = field {
        let (name, version) = pm.split_once('@').unwrap_or((&pm, ""));
        let version: String = version.split('+').next().unwrap_or("").to_owned();
        if ["npm", "pnpm", "yarn"].contains(&name) {
            let mut f = finding(
                "package-manager",
                format!("{name} {version}"),
                "package.json: packageManager".into(),
                "stack.package_manager",
                s(name),
            );
            if crate::spec::types::Version::parse(&version).is_ok() {
                f.answers.insert(s("stack.package_manager_version"), s(&version));
            }
            out.push(f);
        }
    } else if let Some(lock) = files::read(repo.root, "yarn.lock") {
        // Yarn 2+ lockfiles are YAML with a `__metadata` block; Yarn 1 ones are not.
        let major = if lock.contains("__metadata:") { "4" } else { "1" };
        out.push(finding(
            "yarn-version",
            format!("Yarn {}", if major == "1" { "1 (classic)" } else { "2+ (Berry)" }),
            "yarn.lock format".into(),
            "stack.package_manager_version",
            s(major),
        ));
    }
    out
}

/// The first script of `names` that exists (npm's placeholder test script fails on purpose).
fn first_script<'r>(repo: &'r Repo, names: &[&'r str]) -> Option<&'r str> {
    names.iter().copied().find(|n| repo.script(n).is_some_and(|body| !body.contains("no test specified")))
}

/// What in a build needs a live database at image build time.
const BUILD_NEEDS_DB: &[&str] = &["db push", "migrate deploy", "migrate dev", "db:push", "db:migrate", "db seed"];

/// How a script of the app runs from the repository root.
enum Invoke {
    /// The app is the root package.
    Root,
    /// A workspace package, by name; through Turborepo when the root has `turbo.json`.
    Workspace { name: String, turbo: bool },
    /// A folder with its own manifest and lockfile, outside any workspace.
    Folder,
}

struct Runner<'r> {
    repo: &'r Repo<'r>,
    pm: &'r str,
    how: Invoke,
}

impl Runner<'_> {
    fn new<'r>(repo: &'r Repo<'r>, pm: &'r str) -> Runner<'r> {
        let member = workspace_dirs(repo.root).is_ok_and(|d| d.contains(&repo.app));
        let how = if repo.app == "." {
            Invoke::Root
        } else if member {
            let name = repo.package.as_ref().and_then(|p| p.get("name")?.as_str()).unwrap_or(&repo.app).to_owned();
            Invoke::Workspace { name, turbo: files::exists(repo.root, "turbo.json") }
        } else {
            Invoke::Folder
        };
        Runner { repo, pm, how }
    }

    /// `script` of the app, from the repository root.
    fn run(&self, script: &str, with_dependencies: bool) -> String {
        let (pm, app) = (self.pm, &self.repo.app);
        match &self.how {
            Invoke::Root => format!("{pm} run {script}"),
            Invoke::Workspace { name, turbo: true } if with_dependencies => {
                format!("{} turbo run {script} --filter={name}...", self.exec())
            }
            Invoke::Workspace { name, .. } => match pm {
                "pnpm" => format!("pnpm --filter {name}... run {script}"),
                "yarn" => format!("yarn workspace {name} run {script}"),
                _ => format!("npm run {script} --workspace={app}"),
            },
            Invoke::Folder => match pm {
                "pnpm" => format!("pnpm --dir {app} run {script}"),
                "yarn" => format!("yarn --cwd {app} run {script}"),
                _ => format!("npm --prefix {app} run {script}"),
            },
        }
    }

    /// An install other than the root's full one: a folder app installs in its folder; a
    /// workspace app installs only itself, the packages it uses and the root's tooling (pnpm's
    /// `--filter`, npm's `--workspace`; Yarn installs the whole workspace).
    fn install(&self) -> Option<String> {
        let app = &self.repo.app;
        match (&self.how, self.pm) {
            (Invoke::Folder, "pnpm") => Some(format!("pnpm --dir {app} install --frozen-lockfile")),
            (Invoke::Folder, "yarn") => Some(format!("yarn --cwd {app} install --frozen-lockfile")),
            (Invoke::Folder, _) => Some(format!("npm --prefix {app} ci")),
            (Invoke::Workspace { name, .. }, "pnpm") => {
                Some(format!("pnpm install --frozen-lockfile --filter {name}... --filter ."))
            }
            (Invoke::Workspace { .. }, "npm") => Some(format!("npm ci --workspace={app} --include-workspace-root")),
            _ => None,
        }
    }

    fn exec(&self) -> &'static str {
        match self.pm {
            "pnpm" => "pnpm exec",
            "yarn" => "yarn",
            _ => "npx",
        }
    }
}

/// The steps `script` runs, its pre-script first, with the scripts it calls through the package
/// manager or npm-run-all (`run-s generate migrate`) expanded in place; `None` when a step is
/// not a plain command (`|`, `;`, substitutions) or a parallel run.
fn steps(repo: &Repo, script: &str, depth: usize) -> Option<Vec<String>> {
    let pre = format!("pre{script}");
    let mut out = Vec::new();
    for body in [repo.script(&pre), repo.script(script)].into_iter().flatten() {
        for step in body.split("&&").map(str::trim) {
            if step.contains(['|', ';', '`', '$']) || depth > 4 {
                return None;
            }
            let words: Vec<&str> = step.split_whitespace().collect();
            let called: Vec<&str> = match words.as_slice() {
                ["run-s" | "npm-run-all", rest @ ..] if !rest.iter().any(|w| w.starts_with('-')) => rest.to_vec(),
                ["npm" | "pnpm" | "yarn", "run", name] | ["pnpm" | "yarn", name] if repo.script(name).is_some() => {
                    vec![*name]
                }
                _ => Vec::new(),
            };
            if called.is_empty() {
                out.push(step.to_owned());
            }
            for name in called {
                out.extend(steps(repo, name, depth + 1)?);
            }
        }
    }
    Some(out)
}

/// What in `script` needs a database at image build time.
pub(crate) fn needs_database(repo: &Repo, script: &str) -> Option<&'static str> {
    let pre = format!("pre{script}");
    let text = match steps(repo, script, 0) {
        Some(all) => all.join(" && "),
        None => [repo.script(script), repo.script(&pre)].into_iter().flatten().collect::<Vec<_>>().join(" "),
    };
    BUILD_NEEDS_DB.iter().copied().find(|n| text.contains(n))
}

/// The steps of `script` without those that need a database, each package binary run through
/// the package manager: `prisma generate && next build` stays and `prisma migrate deploy` is left
/// to the migrate service. `None` unless the app is the root package and the steps are plain.
fn build_without_database(runner: &Runner, script: &str) -> Option<String> {
    if !matches!(runner.how, Invoke::Root) {
        return None;
    }
    let kept: Vec<String> = steps(runner.repo, script, 0)?
        .into_iter()
        .filter(|step| !BUILD_NEEDS_DB.iter().any(|n| step.contains(n)))
        .map(|step| {
            let bin = step.split_whitespace().next().unwrap_or("");
            if ["npm", "pnpm", "yarn", "npx", "node", "cd"].contains(&bin) || bin.contains('=') {
                step
            } else {
                format!("{} {step}", runner.exec())
            }
        })
        .collect();
    (!kept.is_empty()).then(|| kept.join(" && "))
}

fn scripts(repo: &Repo, pm: &str) -> Vec<Finding> {
    let runner = Runner::new(repo, pm);
    let mut out = Vec::new();
    let step = |id: &str, key: &str, cmd: Option<(String, String)>, none_why: &str| match cmd {
        Some((cmd, src)) => finding(id, format!("{id}: `{cmd}`"), src, key, s(&cmd)),
        None => finding(id, format!("{id}: none ({none_why})"), "package.json: scripts".into(), key, s("none")),
    };
    let source = |name: &str| format!("{}: scripts.{name}", files::join(&repo.app, "package.json"));
    if let Some(install) = runner.install() {
        let src = files::join(&repo.app, "package.json");
        out.push(finding("install", format!("install: `{install}`"), src, "stack.install", s(&install)));
    }
    let build = first_script(repo, &["build", "build:production", "build:prod"]).map(|name| {
        let Some(hit) = needs_database(repo, name) else { return (runner.run(name, true), source(name)) };
        match build_without_database(&runner, name) {
            Some(cmd) => {
                out.push(note(
                    "build-needs-database",
                    format!("the `{name}` script runs `{hit}`, which needs a database at image build time: the image builds without it and the `migrate` service applies migrations"),
                    source(name),
                ));
                (cmd, source(name))
            }
            None => {
                out.push(note(
                    "build-needs-database",
                    format!("the `{name}` script runs `{hit}`, which needs a database at image build time: answer `services.0.build` with a command without it"),
                    source(name),
                ));
                (runner.run(name, true), source(name))
            }
        }
    });
    out.push(step("build", "services.0.build", build, "no build script"));
    let test = first_script(repo, &["test", "test:unit", "test-unit", "test:ci", "tests"]);
    out.push(step("test", "services.0.test", test.map(|n| (runner.run(n, false), source(n))), "no test script"));
    let lint = first_script(repo, &["lint", "lint:check", "check-lint", "lint:ci", "eslint"]);
    let types = first_script(repo, &["typecheck", "type-check", "types", "tsc", "check-types"]);
    let lint = match (lint, types) {
        (Some(l), Some(t)) => Some((format!("{} && {}", runner.run(l, false), runner.run(t, false)), source(l))),
        (l, t) => l.or(t).map(|n| (runner.run(n, false), source(n))),
    };
    out.push(step("lint", "services.0.lint", lint, "no lint script"));
    out
}

/// Whether a next.config sets `output: "standalone"` (outside comments).
pub(crate) fn standalone_output(config: &str) -> bool {
    config.lines().any(|l| !l.trim_start().starts_with("//") && l.contains("output") && l.contains("standalone"))
}

/// Next.js: standalone output or `next start`.
fn next_output(repo: &Repo) -> Option<Finding> {
    let config = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"]
        .into_iter()
        .find_map(|f| repo.text(f).map(|t| (f, t)));
    let standalone = config.as_ref().is_some_and(|(_, t)| standalone_output(t));
    if standalone {
        return Some(note(
            "next-standalone",
            "Next.js standalone output (`node server.js`)".into(),
            format!("{}: output", config?.0),
        ));
    }
    // The runtime image has npm but not corepack's pnpm or Yarn: `next start` runs through npx,
    // with the flags of the repository's own start script (`next start -p 8000`).
    let src = config.map_or("no next.config".to_owned(), |(f, _)| format!("{f}: no standalone output"));
    let own =
        repo.script("start").filter(|b| b.trim_start().starts_with("next start") && !b.contains(['&', ';', '|', '$']));
    let start = format!("npx {}", own.map_or("next start", str::trim));
    Some(finding(
        "next-start",
        format!("Next.js without standalone output: the image runs `{start}`"),
        src,
        "services.0.start",
        s(&start),
    ))
}

/// Where an Nx app's build puts its entry: `targets.build.options` of its `project.json`
/// (`outputPath` `dist/api`, `main` `src/main.ts` → `node dist/api/main.js`).
fn nx_start(repo: &Repo) -> Option<Finding> {
    let path = repo.at("project.json");
    let project: serde_json::Value = serde_json::from_str(&files::read(repo.root, &path)?).ok()?;
    let options = project.get("targets")?.get("build")?.get("options")?;
    let out = options.get("outputPath")?.as_str()?.trim_end_matches('/');
    let main = options.get("main")?.as_str()?;
    let stem = main.rsplit('/').next()?.rsplit_once('.').map_or(main, |(stem, _)| stem);
    // `start` runs in the app's folder; Nx's paths are from the workspace root.
    let up = if repo.app == "." { String::new() } else { "../".repeat(repo.app.split('/').count()) };
    let cmd = format!("node {up}{out}/{stem}.js");
    crate::spec::types::Command::parse(&cmd).ok()?;
    Some(finding(
        "start",
        format!("start: `{cmd}` (what the Nx build writes)"),
        format!("{path}: targets.build.options.outputPath, main"),
        "services.0.start",
        s(&cmd),
    ))
}

/// A Node start command from the scripts (`start:prod`, `start`) when it runs `node`, else where
/// an Nx build puts the entry.
fn start(repo: &Repo) -> Option<Finding> {
    for name in ["start:prod", "start:production", "serve", "start"] {
        let Some(body) = repo.script(name) else { continue };
        // The last `node …` of the script, without env prefixes (`NODE_ENV=production node x`).
        let Some(i) = body.rfind("node ") else { continue };
        let cmd: String = body[i..].split(['&', ';', '|']).next().unwrap_or("").trim().to_owned();
        if crate::spec::types::Command::parse(&cmd).is_ok() && !cmd.contains("--watch") {
            return Some(finding(
                "start",
                format!("start: `{cmd}`"),
                format!("package.json: scripts.{name}"),
                "services.0.start",
                s(&cmd),
            ));
        }
    }
    nx_start(repo)
}

/// The port: a `-p`/`--port`/`PORT=` in the scripts, else the literal in a `listen(` of the entry.
fn port(repo: &Repo, sources: &[(String, String)]) -> Option<Finding> {
    // Only the scripts that run the app: others (`email --port 3001`) serve something else.
    let scripts: String = ["start", "start:prod", "start:production", "serve", "dev"]
        .iter()
        .filter_map(|n| repo.script(n))
        .collect::<Vec<_>>()
        .join(" ");
    let from_scripts =
        [(" -p ", "-p"), ("--port", "--port"), ("PORT=", "PORT=")].into_iter().find_map(|(needle, label)| {
            number_after(&scripts, needle).map(|p| (p, format!("package.json: scripts {label}")))
        });
    let from_code = || {
        sources.iter().find_map(|(path, text)| {
            let at = text.find(".listen(")?;
            let line = text[at..].lines().next()?;
            let digits = line.split(|c: char| !c.is_ascii_digit()).find(|d| d.len() >= 4 && d.len() <= 5)?;
            Some((digits.to_owned(), format!("{path}: listen")))
        })
    };
    let (p, src) = from_scripts.or_else(from_code)?;
    let n: u16 = p.parse().ok().filter(|n| *n >= 80)?;
    Some(finding("port", format!("app port {n}"), src, "services.0.port", Value::Number(n.into())))
}

/// The app's source files (TypeScript and JavaScript), read once, bounded.
fn sources(repo: &Repo) -> Vec<(String, String)> {
    files::walk(repo.root, &repo.app, 6)
        .into_iter()
        .filter(|p| [".ts", ".tsx", ".js", ".mjs", ".cjs"].iter().any(|e| p.ends_with(e)))
        .filter(|p| {
            !p.contains(".test.") && !p.contains(".spec.") && !p.contains("/test/") && !p.contains("/migrations/")
        })
        .take(2_000)
        .filter_map(|p| files::read(repo.root, &p).map(|t| (p, t)))
        .collect()
}

pub fn values(repo: &Repo) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(node_version(repo));
    let managers = package_manager(repo);
    let pm = managers
        .iter()
        .find_map(|f| f.answers.get("stack.package_manager")?.as_str().map(str::to_owned))
        .or_else(|| {
            [("pnpm-lock.yaml", "pnpm"), ("yarn.lock", "yarn"), ("package-lock.json", "npm")]
                .into_iter()
                .find(|(f, _)| files::exists(repo.root, f) || files::exists(repo.root, &repo.at(f)))
                .map(|(_, pm)| pm.to_owned())
        })
        .unwrap_or_else(|| "npm".to_owned());
    out.extend(managers);
    if repo.app != "." && files::exists(repo.root, &repo.at("package-lock.json")) {
        out.push(note(
            "nested-lockfile",
            format!("`{}` has its own package-lock.json; the workspace installs from the root lockfile", repo.app),
            repo.at("package-lock.json"),
        ));
    }
    out.extend(scripts(repo, &pm));
    let sources = sources(repo);
    let nextjs = repo.dependencies().any(|(d, _)| d == "next");
    if nextjs {
        out.extend(next_output(repo));
    } else {
        out.extend(start(repo));
    }
    out.extend(port(repo, &sources));
    out.extend(routes::health(repo, &sources));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_with(scripts: serde_json::Value) -> (tempfile::TempDir, serde_json::Value) {
        (tempfile::tempdir().unwrap(), serde_json::json!({ "name": "x", "scripts": scripts }))
    }

    #[test]
    fn a_build_that_migrates_is_built_without_the_migration() {
        let (dir, pkg) = repo_with(serde_json::json!({
            "prebuild": "run-s generate migrate",
            "generate": "prisma generate",
            "migrate": "prisma migrate deploy",
            "build": "next build",
        }));
        std::fs::write(dir.path().join("package.json"), pkg.to_string()).unwrap();
        let repo = Repo::read(dir.path(), ".").unwrap();
        let runner = Runner::new(&repo, "pnpm");
        assert_eq!(needs_database(&repo, "build"), Some("migrate deploy"));
        assert_eq!(
            build_without_database(&runner, "build").as_deref(),
            Some("pnpm exec prisma generate && pnpm exec next build")
        );
    }

    #[test]
    fn a_build_with_shell_syntax_is_left_to_the_user() {
        let (dir, pkg) = repo_with(serde_json::json!({ "build": "prisma db push; next build" }));
        std::fs::write(dir.path().join("package.json"), pkg.to_string()).unwrap();
        let repo = Repo::read(dir.path(), ".").unwrap();
        assert_eq!(needs_database(&repo, "build"), Some("db push"));
        assert_eq!(build_without_database(&Runner::new(&repo, "npm"), "build"), None);
    }

    #[test]
    fn ranges_resolve_to_the_newest_supported_lts_inside_them() {
        assert_eq!(newest_lts_in(">=8.0.0"), Some(26));
        assert_eq!(newest_lts_in("^20.19.0 || ^22.12.0 || >=24"), Some(26));
        assert_eq!(newest_lts_in("20.x || 22.x"), Some(22));
        assert_eq!(newest_lts_in(">=18 <23"), Some(22));
        assert_eq!(newest_lts_in("^16"), None);
    }
}
