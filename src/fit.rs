//! The cross-check of the generated files against the repository they run in: every path the
//! Dockerfile copies, every script the image and the pipelines run, the Go main packages, the
//! migration files and configuration, the health route and the Next.js output the image relies
//! on. A generated file that validates can still fail on the team's first push; this says where
//! before it does. `scaffold verify` reports it; `init` and `update` print its findings last.

use crate::detect::files::{exists, read};
use crate::spec::Spec;
use crate::spec::answers::{Framework, Runtime};
use crate::spec::layout;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Errors make `verify` fail; warnings are said and do not.
    pub error: bool,
    pub message: String,
}

/// The sources of every `COPY` that reads the build context (not `--from=` a stage), without
/// the optional ones (`[x]` globs, which match nothing without failing the build).
fn copy_sources(dockerfile: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in dockerfile.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("COPY ") else { continue };
        let words: Vec<&str> = rest.split_whitespace().filter(|w| !w.starts_with("--")).collect();
        if rest.contains("--from=") || words.len() < 2 {
            continue;
        }
        for src in &words[..words.len() - 1] {
            if !src.contains('[') && *src != "." {
                out.push(src.trim_start_matches("./").to_owned());
            }
        }
    }
    out
}

/// The stage names of a Dockerfile (`FROM image AS name`).
fn stages(dockerfile: &str) -> Vec<String> {
    dockerfile
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let from = words.first()?.eq_ignore_ascii_case("FROM");
            let at = words.iter().position(|w| w.eq_ignore_ascii_case("AS"))?;
            from.then(|| words.get(at + 1).map(|n| n.to_lowercase())).flatten()
        })
        .collect()
}

/// The build targets a pipeline or compose file names: `target: migrate`, `--target runtime`
/// (not a variable, which a matrix or `target:` line of the same file sets).
fn targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().map(|w| w.trim_matches(['"', '\''])).collect();
        for (i, w) in words.iter().enumerate() {
            let named = match *w {
                "target:" | "--target" => words.get(i + 1),
                _ => None,
            };
            if let Some(t) = named.filter(|t| t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
                out.push(t.to_lowercase());
            }
        }
    }
    out
}

/// `npm run x`, `pnpm run x`, `yarn run x` (and `--filter`/`--dir`/`workspace` forms) in `text`,
/// as (directory or package selector, script).
fn script_runs(text: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    for segment in text.split(['\n', '&', ';', '|']) {
        let words: Vec<&str> = segment.split_whitespace().collect();
        let Some(i) = words.iter().position(|w| *w == "run") else { continue };
        if i == 0 || !["npm", "pnpm", "yarn"].iter().any(|pm| words[..i].contains(pm)) {
            continue;
        }
        let Some(script) = words.get(i + 1).filter(|s| !s.starts_with('-') && !s.starts_with('"')) else { continue };
        let dir = words.windows(2).find_map(|w| match w[0] {
            "--dir" | "--prefix" | "--cwd" => Some(w[1].to_owned()),
            _ => None,
        });
        let dir = dir.or_else(|| words.iter().find_map(|w| w.strip_prefix("--workspace=").map(str::to_owned)));
        let filtered = words.windows(2).any(|w| w[0] == "--filter" || w[0] == "workspace");
        if filtered {
            continue; // a package selector: checked by the package manager itself
        }
        out.push((dir, (*script).to_owned()));
    }
    out
}

fn has_script(root: &Path, dir: &str, script: &str) -> bool {
    let manifest = if dir == "." { "package.json".to_owned() } else { format!("{dir}/package.json") };
    read(root, &manifest)
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|p| p.get("scripts").and_then(|s| s.get(script)).is_some())
}

fn is_main_package(root: &Path, dir: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return false };
    entries.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.ends_with(".go")
            && !name.ends_with("_test.go")
            && read(root, &format!("{dir}/{name}"))
                .is_some_and(|t| t.lines().any(|l| l.trim() == "package main") && t.contains("func main()"))
    })
}

/// Whether the project holds the app the files were generated for (its `package.json` or
/// `go.mod`): a preset rendered into an empty folder has nothing to be checked against.
pub fn has_app(root: &Path, spec: &Spec) -> bool {
    let dir = spec.answers.services.first().map_or(".", |s| s.dir.clean());
    let manifest = if spec.answers.stack.runtime == Runtime::Go { "go.mod" } else { "package.json" };
    exists(root, &crate::detect::files::join(dir, manifest)) || exists(root, manifest)
}

/// Every problem found, errors first; none where the project holds no app (`has_app`).
pub fn check(root: &Path, spec: &Spec) -> Vec<Problem> {
    if !has_app(root, spec) {
        return Vec::new();
    }
    let a = &spec.answers;
    let lay = layout::layout(a);
    let mut out = Vec::new();
    let mut say = |error: bool, message: String| out.push(Problem { error, message });
    let docker_path = spec.path("Dockerfile");
    let dockerfile = read(root, docker_path).unwrap_or_default();
    for src in copy_sources(&dockerfile) {
        let found = if src.contains('*') {
            // `COPY package*.json ./` needs one match at least.
            let glob = crate::spec::types::PathGlob::parse(&src);
            let dir = crate::detect::files::parent(&src);
            glob.is_err()
                || crate::detect::files::walk(root, dir, 0).iter().any(|p| glob.as_ref().is_ok_and(|g| g.matches(p)))
        } else {
            exists(root, &src)
        };
        if !found && src != "docker/app-entrypoint.sh" && src != "docker/healthcheck.go" {
            say(true, format!("`{docker_path}` copies `{src}`, which is not in the repository"));
        }
    }
    let built = stages(&dockerfile);
    for file in
        ["docker-compose.prod.yml", ".gitlab-ci.yml", ".github/workflows/release.yml", ".github/workflows/deploy.yml"]
    {
        for t in targets(&read(root, file).unwrap_or_default()) {
            if !dockerfile.is_empty() && !built.contains(&t) {
                say(
                    true,
                    format!(
                        "`{file}` builds the target `{t}`, which `{docker_path}` has no stage for ({})",
                        if built.is_empty() {
                            "it names no stage".to_owned()
                        } else {
                            format!("its stages: {}", built.join(", "))
                        }
                    ),
                );
            }
        }
    }
    let first = lay.services.first();
    let app_dir = first.map_or(".", |s| s.dir.as_str()).to_owned();
    let mut runs = script_runs(&dockerfile);
    for wf in [
        "docker-compose.prod.yml",
        ".gitlab-ci.yml",
        spec.path(".github/workflows/ci.yml"),
        ".github/workflows/release.yml",
    ] {
        runs.extend(script_runs(&read(root, wf).unwrap_or_default()));
    }
    runs.sort();
    runs.dedup();
    if a.stack.runtime == Runtime::Node {
        for (dir, script) in runs {
            let dir = dir.unwrap_or_else(|| app_dir.clone());
            if !has_script(root, &dir, &script) && !has_script(root, ".", &script) {
                say(
                    true,
                    format!(
                        "the generated files run the script `{script}`, which `{}` does not define; answer the command (`services.0.build`, `.test`, `.lint`) or add the script",
                        if dir == "." { "package.json".to_owned() } else { format!("{dir}/package.json") }
                    ),
                );
            }
        }
        // A folder app with its own install (`stack.install`) has its lockfile in its folder.
        if let Some(n) = lay.node.as_ref().filter(|_| a.stack.install.is_none()) {
            if !exists(root, n.lockfile) {
                say(
                    true,
                    format!(
                        "`{}` is missing: `{}` installs exactly what it locks (`stack.package_manager` is `{}`)",
                        n.lockfile, n.install, a.stack.package_manager
                    ),
                );
            }
        }
        if a.stack.framework == Framework::Nextjs && first.is_some_and(|s| s.start == ["node", "server.js"]) {
            let config = ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.cjs"]
                .iter()
                .find_map(|f| read(root, &crate::detect::files::join(&app_dir, f)))
                .unwrap_or_default();
            if !crate::detect::node::standalone_output(&config) {
                say(true, "the image runs Next.js standalone output (`node server.js`) but next.config does not set `output: \"standalone\"`; set it, or answer `services.0.start` (such as `npx next start`)".into());
            } else if app_dir != "." && !config.contains("outputFileTracingRoot") {
                say(
                    false,
                    format!(
                        "in a monorepo the image runs `{app_dir}/server.js` of the standalone output, which Next.js writes there when `outputFileTracingRoot` is the repository root; set it in `{app_dir}/next.config` as the Turborepo examples do"
                    ),
                );
            }
        }
    } else {
        for s in &lay.services {
            let pkg = s.main.trim_start_matches("./");
            let dir = match (s.dir.as_str(), pkg) {
                (".", "" | ".") => ".".to_owned(),
                (".", p) => p.to_owned(),
                (d, "" | ".") => d.to_owned(),
                (d, p) => format!("{d}/{p}"),
            };
            if !is_main_package(root, &dir) {
                say(
                    true,
                    format!(
                        "`services` `{}` builds `{}`, which holds no `package main` with `func main()`; answer `services.N.main`",
                        s.name, s.main
                    ),
                );
            }
        }
    }
    let repo = crate::detect::Repo::read(root, &app_dir).ok();
    if a.stack.runtime == Runtime::Node {
        // A build that applies migrations or pushes a schema needs a database while the image builds.
        for cmd in lay.services.iter().filter_map(|s| s.build.as_deref()) {
            for (_, script) in script_runs(cmd) {
                if let Some(hit) = repo.as_ref().and_then(|r| crate::detect::node::needs_database(r, &script)) {
                    say(
                        true,
                        format!(
                            "the image build runs the script `{script}`, which runs `{hit}` and needs a database while the image builds; answer `services.0.build` with the build alone (migrations run in the `migrate` service)"
                        ),
                    );
                }
            }
        }
    }
    let make = read(root, "Makefile").unwrap_or_default();
    for cmd in lay.services.iter().flat_map(|s| [&s.test, &s.lint]).flatten() {
        for target in cmd.split("&&").filter_map(|c| c.trim().strip_prefix("make ")).map(str::trim) {
            if !make.lines().any(|l| l.starts_with(&format!("{target}:"))) {
                say(true, format!("CI runs `make {target}`, which the Makefile does not define"));
            }
        }
    }
    if let Some(m) = &lay.migrate {
        if !m.custom && !m.dir.is_empty() && !exists(root, &m.dir) {
            say(
                true,
                format!("the migrations directory `{}` is not in the repository; answer `migrations.dir`", m.dir),
            );
        } else if !m.custom && !m.dir.is_empty() {
            let tool = m.tool.as_str();
            let of_format = crate::detect::files::walk(root, &m.dir, 3)
                .iter()
                .any(|p| read(root, p).is_some_and(|t| crate::detect::migrations::format_of(p, &t) == Some(tool)));
            if !of_format {
                say(false, format!("`{}` holds no {tool} migration files yet: the first deploy applies none", m.dir));
            }
        }
        if let Some(schema) = m.schema.as_ref().filter(|_| !m.custom) {
            if !exists(root, schema) {
                say(true, format!("the Prisma schema `{schema}` is not in the repository; answer `migrations.schema`"));
            }
            let provider = repo.as_ref().and_then(|r| crate::detect::migrations::prisma_provider(r, schema));
            if let Some(p) = provider.filter(|p| p != "postgresql" && p != "postgres") {
                say(true, format!("the Prisma datasource of `{schema}` is `{p}`: scaffold runs PostgreSQL only"));
            }
        }
        if let Some(src) = a.migrations.data_source.as_ref().filter(|s| !exists(root, s.clean())) {
            say(
                true,
                format!(
                    "the TypeORM data source `{}` is not in the repository; answer `migrations.data_source`",
                    src.clean()
                ),
            );
        }
    }
    let health = a.services.first().map(|s| s.health.to_string()).unwrap_or_default();
    if !health.is_empty() && !route_mentioned(root, &app_dir, &health) {
        say(
            false,
            format!(
                "the health path `{health}` was not found in the app's routes: `up --wait`, the smoke test and the load balancer probe it (answer `services.0.health`)"
            ),
        );
    }
    if let Some(first) = a.services.first().filter(|s| s.public && s.streaming_paths.is_empty())
        && let Some(file) = app_files(root, &app_dir)
            .into_iter()
            .find(|p| is_source(p) && read(root, p).is_some_and(|t| t.contains("text/event-stream")))
    {
        say(
            false,
            format!(
                "`{file}` sends Server-Sent Events (`text/event-stream`) but `services.0.streaming_paths` is empty: the edge passes `{}`'s responses on at once only on those paths and buffers the others",
                first.name
            ),
        );
    }
    out.sort_by_key(|p| !p.error);
    out.dedup();
    out
}

/// The app's own files under `dir`, not what scaffold generated (probes, load tests and
/// dashboards name the app's paths too).
fn app_files(root: &Path, dir: &str) -> Vec<String> {
    let generated = ["load-tests/", "monitoring/", "infra/", "docs/", "docker/healthcheck.go"];
    crate::detect::files::walk(root, dir, 6)
        .into_iter()
        .filter(|p| !generated.iter().any(|g| p.starts_with(g)))
        .collect()
}

fn is_source(path: &str) -> bool {
    [".ts", ".tsx", ".js", ".mjs", ".go"].iter().any(|x| path.ends_with(x))
}

/// Whether the last segment of `path` appears as a route in the app's sources (a string literal
/// or a Next.js route folder).
fn route_mentioned(root: &Path, dir: &str, path: &str) -> bool {
    let last = path.rsplit('/').find(|s| !s.is_empty()).unwrap_or("");
    if last.is_empty() {
        return true;
    }
    let in_folder = |p: &String| p.split('/').rev().skip(1).any(|seg| seg == last);
    let quoted = |t: &str| {
        ["'", "\"", "`"].iter().any(|q| t.contains(&format!("{q}{last}{q}")) || t.contains(&format!("/{last}{q}")))
    };
    let paths = app_files(root, dir);
    paths.iter().any(in_folder)
        || paths.iter().filter(|p| is_source(p)).any(|p| read(root, p).is_some_and(|t| quoted(&t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_sources_skip_stages_and_optional_globs() {
        let d = "COPY package.json package-lock.json .npmr[c] ./\nCOPY --from=deps /app ./\nCOPY --chmod=0555 docker/x.sh /x\n";
        assert_eq!(copy_sources(d), ["package.json", "package-lock.json", "docker/x.sh"]);
    }

    #[test]
    fn targets_are_checked_against_the_stages() {
        assert_eq!(stages("FROM node:22 AS deps\nFROM deps as Builder\nFROM scratch\n"), ["deps", "builder"]);
        let ci = "            target: runtime\n      docker build --target \"$TARGET\" .\n  --target migrate\n";
        assert_eq!(targets(ci), ["runtime", "migrate"]);
    }

    #[test]
    fn script_runs_read_each_package_manager_form() {
        let runs = script_runs("npm run build && pnpm --dir apps/api run test\nyarn workspace web run lint");
        assert_eq!(runs, [(None, "build".to_owned()), (Some("apps/api".to_owned()), "test".to_owned())]);
    }
}
