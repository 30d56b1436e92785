//! The commands and paths the templates run, derived once from the answers: the package manager's
//! install, each service's build, start, test and lint, and the migration tool's command and files.
//! Templates read `layout` instead of repeating an if-chain per package manager or tool, and an
//! answer (`services.0.build=…`, `migrations.command=…`) replaces the default in every file at once.

use super::answers::{Answers, Framework, Orm, PackageManager, Runtime, Service};
use super::types::Command;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Layout {
    /// Node only: the package manager's commands.
    pub node: Option<Node>,
    /// One per answered service, in order.
    pub services: Vec<ServiceLayout>,
    /// Whether every service runs the same build (one `RUN`), else a `case` on `SERVICE`.
    pub one_build: bool,
    /// Node, one build: what the builder stage runs in order (client generation, build, prune).
    pub build_steps: Vec<String>,
    /// The one-shot migration image, when the database has a migration tool.
    pub migrate: Option<Migrate>,
    /// What CI runs, each distinct command once, in service order.
    pub ci: Ci,
}

#[derive(Debug, Default, Serialize)]
pub struct Ci {
    pub build: Vec<String>,
    pub lint: Vec<String>,
    pub typecheck: Vec<String>,
    pub test: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Node {
    pub lockfile: &'static str,
    /// Read by the install besides package.json and the lockfile; copied when present.
    pub install_config: &'static str,
    /// Enables the package manager through corepack (Node ships npm only).
    pub setup: String,
    pub install: String,
    /// Leaves only production dependencies in `node_modules`.
    pub prune: String,
    pub run: &'static str,
    pub exec: &'static str,
    pub cache: &'static str,
    /// The install needs more than the root manifest and lockfile (workspaces, Yarn 2+'s
    /// `.yarn/`): the dependency stage copies the whole context.
    pub whole_tree: bool,
    /// Yarn 2+ (Berry).
    pub berry: bool,
}

#[derive(Debug, Serialize)]
pub struct ServiceLayout {
    pub name: String,
    pub dir: String,
    /// `None`: nothing to build.
    pub build: Option<String>,
    /// The start command, exec form (`["node", "dist/main.js"]`).
    pub start: Vec<String>,
    pub test: Option<String>,
    pub lint: Option<String>,
    /// Node: the type-check CI runs when lint was not answered (`tsc --noEmit`).
    pub typecheck: Option<String>,
    /// Go: the main package, `./`-prefixed.
    pub main: String,
}

#[derive(Debug, Serialize)]
pub struct Migrate {
    pub tool: String,
    /// The directory of migration files.
    pub dir: String,
    /// Prisma: the schema file or folder, and the directory that holds it (copied whole).
    pub schema: Option<String>,
    pub schema_root: Option<String>,
    /// ` --schema <path>` where the schema is not at Prisma's default path.
    pub schema_arg: String,
    /// Prisma: the migrations directory is outside `schema_root` and is copied on its own.
    pub copy_dir: bool,
    /// TypeORM: the compiled DataSource (0.3) and the `-d <file>` argument (empty for 0.2).
    pub data_source_js: Option<String>,
    pub data_source_arg: String,
    /// The command that applies pending migrations, exec form, inside the migrate image.
    pub command: Vec<String>,
    /// The same as one shell line, for runbooks and CI.
    pub line: String,
    /// The answered `migrations.command` replaces the tool's own.
    pub custom: bool,
    /// Go images: the `sh -c` line the one-off ECS task runs with `DATABASE_URL` in its
    /// environment. Node images run their CMD.
    pub task: Option<String>,
}

/// Splits a command into exec form; one with shell syntax runs through `sh -c`.
fn exec_form(line: &str) -> Vec<String> {
    if line.chars().any(|c| "&|;<>$()*?\"'\\~#{}[]!".contains(c)) {
        vec!["/bin/sh".into(), "-c".into(), line.into()]
    } else {
        line.split_whitespace().map(str::to_owned).collect()
    }
}

fn answered(c: &Option<Command>) -> Option<Option<String>> {
    c.as_ref().map(|c| (!c.is_none()).then(|| c.as_str().to_owned()))
}

fn node(a: &Answers) -> Node {
    let s = &a.stack;
    let berry = s.package_manager == PackageManager::Yarn
        && s.package_manager_version.as_ref().is_some_and(|v| v.parts()[0] >= 2);
    // corepack runs the exact version that `packageManager` in package.json pins.
    let corepack = |tool: &str| format!("corepack enable {tool} && ");
    let mut node = match s.package_manager {
        PackageManager::Npm => Node {
            lockfile: "package-lock.json",
            install_config: ".npmr[c]",
            setup: String::new(),
            install: "npm ci".into(),
            prune: "npm prune --omit=dev".into(),
            run: "npm run",
            exec: "npx",
            cache: "/root/.npm",
            whole_tree: false,
            berry,
        },
        PackageManager::Pnpm => Node {
            lockfile: "pnpm-lock.yaml",
            install_config: ".npmr[c] pnpm-workspace.yam[l] .pnpmfile.cj[s]",
            setup: corepack("pnpm"),
            install: "pnpm install --frozen-lockfile".into(),
            prune: "pnpm prune --prod".into(),
            run: "pnpm run",
            exec: "pnpm exec",
            cache: "/root/.local/share/pnpm/store",
            whole_tree: false,
            berry,
        },
        PackageManager::Yarn if berry => Node {
            lockfile: "yarn.lock",
            install_config: ".yarnrc.ym[l]",
            setup: corepack("yarn"),
            install: "yarn install --immutable".into(),
            prune: "yarn workspaces focus --all --production".into(),
            run: "yarn run",
            exec: "yarn",
            cache: "/root/.yarn/berry/cache",
            whole_tree: true,
            berry,
        },
        PackageManager::Yarn => Node {
            lockfile: "yarn.lock",
            install_config: ".yarnr[c]",
            setup: corepack("yarn"),
            install: "yarn install --frozen-lockfile".into(),
            prune: "yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline".into(),
            run: "yarn run",
            exec: "yarn",
            cache: "/usr/local/share/.cache/yarn",
            whole_tree: false,
            berry,
        },
    };
    if let Some(install) = &s.install {
        node.install = install.as_str().to_owned();
    }
    // Workspaces read manifests across the tree.
    node.whole_tree |= a.services.iter().any(|svc| !svc.dir.is_root());
    node
}

fn service(a: &Answers, i: usize, svc: &Service, node: Option<&Node>) -> ServiceLayout {
    let run = node.map_or("npm run", |n| n.run);
    let default_start = match (a.stack.runtime, a.stack.framework) {
        (Runtime::Go, _) => "/app".to_owned(),
        (_, Framework::Nextjs) => "node server.js".to_owned(),
        _ if i == 0 => "node dist/main.js".to_owned(),
        _ => format!("node dist/{}.js", svc.name),
    };
    let start = svc.start.as_ref().filter(|c| !c.is_none()).map_or(default_start, |c| c.as_str().to_owned());
    let (test, lint) = match a.stack.runtime {
        Runtime::Node => (Some(format!("{run} test")), Some(format!("{run} lint"))),
        // Go's default lint is the gofmt / vet / staticcheck steps of the pipeline itself.
        Runtime::Go => (Some("go test -race -count=1 ./...".to_owned()), None),
    };
    let typecheck = (a.stack.runtime == Runtime::Node && svc.lint.is_none())
        .then(|| format!("{} tsc --noEmit", node.map_or("npx", |n| n.exec)));
    let build = match a.stack.runtime {
        Runtime::Node => answered(&svc.build).unwrap_or_else(|| Some(format!("{run} build"))),
        Runtime::Go => None,
    };
    let main = match &svc.main {
        None => format!("./cmd/{}", svc.name),
        Some(m) if m.is_root() => ".".to_owned(),
        Some(m) => format!("./{}", m.clean()),
    };
    ServiceLayout {
        name: svc.name.to_string(),
        dir: svc.dir.clean().to_owned(),
        build,
        start: exec_form(&start),
        test: answered(&svc.test).unwrap_or(test),
        lint: answered(&svc.lint).unwrap_or(lint),
        typecheck,
        main,
    }
}

fn migrate(a: &Answers) -> Option<Migrate> {
    if !a.postgres.enabled || a.stack.orm == Orm::None {
        return None;
    }
    let m = &a.migrations;
    // The migrate image has node_modules/.bin whatever the package manager, and no corepack.
    let exec = "npx";
    let path = |p: &Option<super::types::RelPath>, default: &str| {
        p.as_ref().map_or(default.to_owned(), |p| p.clean().to_owned())
    };
    let mut out = Migrate {
        tool: a.stack.orm.to_string(),
        dir: String::new(),
        schema: None,
        schema_root: None,
        schema_arg: String::new(),
        copy_dir: false,
        data_source_js: None,
        data_source_arg: String::new(),
        command: Vec::new(),
        line: String::new(),
        custom: m.command.is_some(),
        task: None,
    };
    let line = match a.stack.orm {
        Orm::Prisma => {
            let schema = path(&m.schema, "prisma/schema.prisma");
            let root = if schema.ends_with(".prisma") {
                schema.rsplit_once('/').map_or(".".to_owned(), |(d, _)| d.to_owned())
            } else {
                schema.clone()
            };
            out.dir = path(&m.dir, &format!("{root}/migrations"));
            if schema != "prisma/schema.prisma" {
                out.schema_arg = format!(" --schema {schema}");
            }
            out.copy_dir = root != "." && !out.dir.starts_with(&format!("{root}/"));
            out.schema = Some(schema);
            out.schema_root = Some(root);
            format!("{exec} prisma migrate deploy{}", out.schema_arg)
        }
        Orm::Typeorm => {
            let legacy = a.stack.orm_version.as_ref().is_some_and(|v| v.parts() < [0, 3, 0]);
            out.dir = path(&m.dir, "src/migrations");
            if legacy {
                format!("{exec} typeorm migration:run")
            } else {
                let js = path(&m.data_source_js, "dist/data-source.js");
                out.data_source_arg = format!(" -d {js}");
                out.data_source_js = Some(js);
                format!("{exec} typeorm migration:run{}", out.data_source_arg)
            }
        }
        // Go tools run through the compose or task shell wrapper; `other` runs `migrations.command`.
        Orm::GolangMigrate | Orm::Goose | Orm::Other | Orm::None => {
            out.dir = path(&m.dir, "migrations");
            String::new()
        }
    };
    let line = m.command.as_ref().map_or(line, |c| c.as_str().to_owned());
    if a.stack.runtime == Runtime::Go {
        let task = match a.stack.orm {
            _ if out.custom => format!("exec {line}"),
            Orm::Goose => "exec goose -dir /migrations postgres \"$DATABASE_URL\" up".to_owned(),
            _ => "exec migrate -path /migrations -database \"$DATABASE_URL\" up".to_owned(),
        };
        out.task = Some(task);
    }
    out.command = if line.is_empty() { Vec::new() } else { exec_form(&line) };
    out.line = line;
    Some(out)
}

pub fn layout(a: &Answers) -> Layout {
    let node = (a.stack.runtime == Runtime::Node).then(|| node(a));
    let services: Vec<ServiceLayout> =
        a.services.iter().enumerate().map(|(i, svc)| service(a, i, svc, node.as_ref())).collect();
    let one_build = services.windows(2).all(|w| w[0].build == w[1].build && w[0].dir == w[1].dir);
    let migrate = migrate(a);
    let mut build_steps = Vec::new();
    if let Some(n) = &node {
        if let Some(m) = migrate.as_ref().filter(|m| m.tool == "prisma") {
            build_steps.push(format!("npx prisma generate{}", m.schema_arg));
        }
        build_steps.extend(services.first().and_then(|s| s.build.clone()));
        if a.stack.framework != Framework::Nextjs {
            build_steps.push(n.prune.clone());
        }
    }
    let mut ci = Ci::default();
    for svc in &services {
        for (list, cmd) in [
            (&mut ci.build, &svc.build),
            (&mut ci.lint, &svc.lint),
            (&mut ci.typecheck, &svc.typecheck),
            (&mut ci.test, &svc.test),
        ] {
            if let Some(c) = cmd.as_ref().filter(|c| !list.contains(*c)) {
                list.push(c.clone());
            }
        }
    }
    Layout { node, services, one_build, build_steps, migrate, ci }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_main_package_at_the_root_or_under_a_dot_folder_keeps_its_path() {
        let mut a: Answers = yaml_serde::from_str(
            "{project: x, domain: a.example.com, email: o@example.com, stack: {runtime: go, framework: go},\
             services: [{name: api, port: 8080, main: .}, {name: tool, port: 8081, main: ./.tools/run}, {name: worker, port: 8082}]}",
        )
        .unwrap();
        a.postgres.enabled = false;
        let mains: Vec<String> = layout(&a).services.into_iter().map(|s| s.main).collect();
        assert_eq!(mains, [".", "./.tools/run", "./cmd/worker"]);
    }

    #[test]
    fn commands_with_shell_syntax_run_through_sh() {
        assert_eq!(exec_form("node dist/main.js"), ["node", "dist/main.js"]);
        assert_eq!(exec_form("node a.js && node b.js"), ["/bin/sh", "-c", "node a.js && node b.js"]);
    }
}
