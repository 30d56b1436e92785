//! Migrations: the directory recognised by its files' format (not its name), the Prisma schema
//! (file or folder, from package.json, `prisma.config.*` or the default places) and its database,
//! the TypeORM DataSource with the compiled path tsconfig gives it, and the tool's version.

use super::{Finding, Repo, files, finding, note, text as s};
use crate::spec::types::RelPath;
use yaml_serde::Value;

fn proposed<'a>(found: &'a [Finding], key: &str) -> Option<&'a str> {
    found.iter().rev().find_map(|f| f.answers.get(key)?.as_str())
}

/// The format a migration file is in, by its name and content.
pub(crate) fn format_of(path: &str, text: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".up.sql") || name.ends_with(".down.sql") {
        return Some("golang-migrate");
    }
    if text.contains("+goose Up") || text.contains("goose.AddMigration") {
        return Some("goose");
    }
    if name == "migration_lock.toml" || (name == "migration.sql" && path.contains("_")) {
        return Some("prisma");
    }
    if text.contains("MigrationInterface") {
        return Some("typeorm");
    }
    if text.contains("queryInterface") {
        return Some("sequelize");
    }
    if text.contains("knex.schema") || text.contains("exports.up = function (knex") {
        return Some("knex");
    }
    if path.ends_with("meta/_journal.json") {
        return Some("drizzle");
    }
    None
}

/// The directory holding files of `tool`'s format, nearest the root first.
fn migrations_dir(repo: &Repo, tool: &str) -> Option<(String, String)> {
    let mut best: Option<(String, String)> = None;
    for path in files::walk(repo.root, ".", 6) {
        if !(path.ends_with(".sql")
            || path.ends_with("_journal.json")
            || path.ends_with(".ts")
            || path.ends_with(".js")
            || path.ends_with(".go")
            || path.ends_with(".toml"))
        {
            continue;
        }
        if !path.to_lowercase().contains("migrat") && !path.ends_with("meta/_journal.json") {
            continue;
        }
        let Some(text) = files::read(repo.root, &path) else { continue };
        if format_of(&path, &text) != Some(tool) {
            continue;
        }
        let mut dir = files::parent(&path).to_owned();
        if (tool == "prisma" && !path.ends_with("migration_lock.toml")) || tool == "drizzle" {
            dir = files::parent(&dir).to_owned();
        }
        let depth = dir.matches('/').count();
        if best.as_ref().is_none_or(|(d, _)| depth < d.matches('/').count()) {
            best = Some((dir, path));
        }
    }
    best
}

fn dependency_version(repo: &Repo, names: &[&str]) -> Option<String> {
    let catalog = files::read(repo.root, "pnpm-workspace.yaml")
        .and_then(|t| yaml_serde::from_str::<Value>(&t).ok())
        .and_then(|d| d.get("catalog").cloned());
    // Workspace packages (a Prisma schema in packages/db) count too.
    let mut ranges: Vec<String> =
        repo.dependencies().filter(|(d, _)| names.contains(d)).map(|(_, v)| v.to_owned()).collect();
    for p in files::walk(repo.root, ".", 3).into_iter().filter(|p| p.ends_with("package.json")) {
        let Some(pkg) = files::read(repo.root, &p).and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        else {
            continue;
        };
        for k in ["dependencies", "devDependencies"] {
            for n in names {
                if let Some(v) = pkg.get(k).and_then(|d| d.get(*n)).and_then(|v| v.as_str()) {
                    ranges.push(v.to_owned());
                }
            }
        }
    }
    ranges.into_iter().find_map(|range| {
        let range = if range.starts_with("catalog:") {
            let name = names.iter().find(|n| catalog.as_ref().and_then(|c| c.get(**n)).is_some())?;
            catalog.as_ref()?.get(*name)?.as_str()?.to_owned()
        } else {
            range
        };
        let digits: String = range
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let parts: Vec<&str> = digits.split('.').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            ["0", minor, ..] => Some(format!("0.{minor}")),
            [major, ..] => Some((*major).to_owned()),
            [] => None,
        }
    })
}

/// The Prisma schema: `prisma.schema` in package.json, `schema:` in a prisma.config, else the
/// default file or folder, here or in a workspace package.
fn prisma_schema(repo: &Repo) -> Option<(String, String)> {
    if let Some(p) = repo.package.as_ref().and_then(|p| p.get("prisma")?.get("schema")?.as_str()) {
        return Some((files::join(&repo.app, p.trim_start_matches("./")), "package.json: prisma.schema".into()));
    }
    for config in files::walk(repo.root, ".", 3).into_iter().filter(|p| {
        let name = p.rsplit('/').next().unwrap_or(p);
        name.starts_with("prisma.config.") || p.ends_with(".config/prisma.ts")
    }) {
        let value = files::read(repo.root, &config).and_then(|text| {
            let at = text.find("schema:")?;
            let rest = text[at + 7..].trim_start();
            let q = rest.chars().next().filter(|c| ['"', '\''].contains(c))?;
            rest[1..].split(q).next().map(str::to_owned)
        });
        let Some(value) = value else { continue };
        let mut base = files::parent(&config).to_owned();
        if base.ends_with(".config") {
            base = files::parent(&base).to_owned();
        }
        let joined = files::join(&base, value.trim_start_matches("./"));
        if files::exists(repo.root, &joined) {
            return Some((joined, format!("{config}: schema")));
        }
    }
    let mut candidates = vec![
        repo.at("prisma/schema.prisma"),
        repo.at("prisma/schema"),
        "prisma/schema.prisma".into(),
        "prisma/schema".into(),
    ];
    for p in files::walk(repo.root, ".", 4) {
        if p.ends_with("schema.prisma") {
            candidates.push(p);
        }
    }
    candidates.into_iter().find(|c| files::exists(repo.root, c)).map(|c| (c.clone(), format!("{c} exists")))
}

pub(crate) fn prisma_provider(repo: &Repo, schema: &str) -> Option<String> {
    let texts: Vec<String> = if files::is_dir(repo.root, schema) {
        files::walk(repo.root, schema, 2)
            .into_iter()
            .filter(|p| p.ends_with(".prisma"))
            .filter_map(|p| files::read(repo.root, &p))
            .collect()
    } else {
        files::read(repo.root, schema).into_iter().collect()
    };
    texts.iter().find_map(|t| {
        let at = t.find("datasource ")?;
        let block = &t[at..];
        let line = block.lines().find(|l| l.trim_start().starts_with("provider"))?;
        line.split('"').nth(1).map(str::to_owned)
    })
}

/// The compiled path of a TypeScript file: under tsconfig's `outDir`, relative to its `rootDir`
/// (given, or `src` when the build compiles only `src`, as Nest's and most builds do). `None`
/// when tsconfig's `include` leaves the file out of the build (a root `ormconfig.ts` run by ts-node).
fn compiled(repo: &Repo, source: &str) -> Option<String> {
    let tsconfig: Vec<serde_json::Value> = ["tsconfig.build.json", "tsconfig.json"]
        .into_iter()
        .filter_map(|f| repo.text(f))
        .filter_map(|t| lenient_json(&t))
        .collect();
    let option = |k: &str| {
        tsconfig.iter().find_map(|c| {
            c.get("compilerOptions")?
                .get(k)?
                .as_str()
                .map(|v| v.trim_start_matches("./").trim_end_matches('/').to_owned())
        })
    };
    let include: Option<Vec<String>> = tsconfig.iter().find_map(|c| {
        let list = c.get("include")?.as_array()?;
        Some(list.iter().filter_map(|x| x.as_str()).map(|x| x.trim_start_matches("./").to_owned()).collect())
    });
    let rel = source.strip_prefix(&format!("{}/", repo.app)).unwrap_or(source);
    if let Some(include) = &include {
        let covered = include.iter().any(|glob| {
            let prefix = glob.split('*').next().unwrap_or("").trim_end_matches('/');
            prefix.is_empty() || rel == glob || rel.starts_with(&format!("{prefix}/"))
        });
        if !covered {
            return None;
        }
    }
    let out_dir = option("outDir").unwrap_or_else(|| "dist".into());
    let only_src = include.as_ref().is_some_and(|i| i.iter().all(|x| x.starts_with("src")));
    let root_dir = option("rootDir").or_else(|| {
        (only_src
            || files::exists(repo.root, &repo.at("nest-cli.json"))
            || files::exists(repo.root, &repo.at("tsconfig.build.json")))
        .then(|| "src".to_owned())
    });
    let inner = match &root_dir {
        Some(r) if r != "." => rel.strip_prefix(&format!("{r}/")).unwrap_or(rel),
        _ => rel,
    };
    Some(files::join(&out_dir, &(inner.trim_end_matches(".ts").to_owned() + ".js")))
}

/// tsconfig is JSON with comments and trailing commas: both removed (outside strings), then read.
fn lenient_json(text: &str) -> Option<serde_json::Value> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            (',', _) => {
                let rest: String = chars.clone().take_while(|n| n.is_whitespace()).collect();
                let next = chars.clone().nth(rest.chars().count());
                if !matches!(next, Some('}' | ']')) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    serde_json::from_str(&out).ok()
}

fn typeorm_source(repo: &Repo) -> Option<String> {
    let mut hits: Vec<String> = files::walk(repo.root, &repo.app, 5)
        .into_iter()
        .filter(|p| (p.ends_with(".ts") || p.ends_with(".js")) && !p.contains("/migrations/"))
        .filter(|p| files::read(repo.root, p).is_some_and(|t| t.contains("new DataSource(")))
        .collect();
    hits.sort_by_key(|p| {
        (!(p.contains("data-source") || p.contains("datasource") || p.contains("ormconfig")), p.len())
    });
    hits.into_iter().next()
}

fn rel_ok(p: &str) -> bool {
    RelPath::parse(p).is_ok()
}

pub fn values(repo: &Repo, found: &[Finding]) -> Vec<Finding> {
    let mut out = Vec::new();
    let orm = proposed(found, "stack.orm").unwrap_or("none");
    let run = format!("{} run", proposed(found, "stack.package_manager").unwrap_or("npm"));
    match orm {
        "prisma" => {
            if let Some(v) = dependency_version(repo, &["prisma", "@prisma/client"]) {
                out.push(finding(
                    "prisma-version",
                    format!("Prisma {v}"),
                    "package.json: prisma".into(),
                    "stack.orm_version",
                    s(&v),
                ));
            }
            if let Some((schema, src)) = prisma_schema(repo).filter(|(p, _)| rel_ok(p)) {
                out.push(finding(
                    "prisma-schema",
                    format!("Prisma schema `{schema}`"),
                    src,
                    "migrations.schema",
                    s(&schema),
                ));
                match prisma_provider(repo, &schema).as_deref() {
                    Some("postgresql" | "postgres") | None => {}
                    Some(other) => {
                        let mut f = note(
                            "unsupported-database",
                            format!(
                                "the Prisma datasource is `{other}`: scaffold runs PostgreSQL only; migrations and the database are left out (answer `postgres.enabled: true` after moving to PostgreSQL)"
                            ),
                            format!("{schema}: provider"),
                        );
                        f.answers.insert(s("postgres.enabled"), Value::Bool(false));
                        f.answers.insert(s("stack.orm"), s("none"));
                        // Nothing of the migrations applies without the database.
                        return vec![f];
                    }
                }
            }
        }
        "typeorm" => {
            if let Some(v) = dependency_version(repo, &["typeorm"]) {
                out.push(finding(
                    "typeorm-version",
                    format!("TypeORM {v}"),
                    "package.json: typeorm".into(),
                    "stack.orm_version",
                    s(&v),
                ));
            }
            if let Some(source) = typeorm_source(repo).filter(|p| rel_ok(p)) {
                let found = format!("{source}: new DataSource");
                match compiled(repo, &source).filter(|js| rel_ok(js)) {
                    Some(js) => {
                        let mut f = finding(
                            "typeorm-data-source",
                            format!("TypeORM DataSource `{source}`, compiled to `{js}`"),
                            found,
                            "migrations.data_source",
                            s(&source),
                        );
                        f.answers.insert(s("migrations.data_source_js"), s(&js));
                        out.push(f);
                    }
                    None => {
                        // Not part of the build: the repository runs it with ts-node, and so does the
                        // migrate image (every dependency and the source).
                        let bin = repo
                            .script("typeorm")
                            .and_then(|b| b.split_whitespace().next())
                            .filter(|b| b.starts_with("typeorm-ts-node"))
                            .unwrap_or("typeorm-ts-node-commonjs");
                        let cmd = format!("npx {bin} migration:run -d {source}");
                        let mut f = finding(
                            "typeorm-data-source",
                            format!(
                                "TypeORM DataSource `{source}`, outside the compiled build: migrations run `{cmd}`"
                            ),
                            found,
                            "migrations.data_source",
                            s(&source),
                        );
                        f.answers.insert(s("migrations.command"), s(&cmd));
                        out.push(f);
                    }
                }
            }
        }
        "other" => {
            const TOOLS: &[(&str, &str)] = &[
                ("sequelize", "npx sequelize-cli db:migrate"),
                ("knex", "npx knex migrate:latest"),
                ("drizzle-kit", "npx drizzle-kit migrate"),
                ("@mikro-orm/core", "npx mikro-orm migration:up"),
            ];
            const SCRIPTS: &[&str] = &["db:migrate", "migrate", "migration:run", "db:migrate:deploy", "migrate:deploy"];
            let tool = TOOLS.iter().find(|(dep, _)| repo.dependencies().any(|(d, _)| d == *dep));
            // The tool may live in a workspace package (`packages/db`): its scripts, run there.
            let owner = tool.and_then(|(dep, _)| repo.owner_of(dep));
            let package = match owner {
                Some(dir) => repo.locals.iter().find(|(d, _)| d == dir).map(|(_, p)| p),
                None => repo.package.as_ref(),
            };
            let script = SCRIPTS.iter().find(|n| package.and_then(|p| p.get("scripts")?.get(**n)).is_some());
            let manifest = files::join(owner.unwrap_or(&repo.app), "package.json");
            let command = match (script, tool) {
                (Some(n), _) => Some((format!("{run} {n}"), format!("{manifest}: scripts.{n}"))),
                (None, Some((dep, cmd))) => Some(((*cmd).to_owned(), format!("{manifest}: {dep}"))),
                _ => None,
            };
            let command = command.map(|(cmd, src)| match owner {
                Some(dir) => (format!("cd {dir} && {cmd}"), src),
                None => (cmd, src),
            });
            match command {
                Some((cmd, src)) => out.push(finding(
                    "migrations-command",
                    format!("migrations run as `{cmd}`"),
                    src,
                    "migrations.command",
                    s(&cmd),
                )),
                None => out.push(note(
                    "migrations-command-missing",
                    "a migration tool scaffold does not know: answer `migrations.command`".into(),
                    "package.json".into(),
                )),
            }
        }
        _ => {}
    }
    let format = match orm {
        "other" => repo.dependencies().map(|(d, _)| d).find_map(|d| match d {
            "sequelize" => Some("sequelize"),
            "knex" => Some("knex"),
            "drizzle-kit" => Some("drizzle"),
            _ => None,
        }),
        "none" => None,
        tool => Some(tool),
    };
    match format.map(|f| (f, migrations_dir(repo, f).filter(|(d, _)| rel_ok(d)))) {
        Some((_, Some((dir, path)))) => {
            out.push(finding("migrations-dir", format!("migrations in `{dir}`"), path, "migrations.dir", s(&dir)))
        }
        Some((tool, None)) => out.push(note(
            "no-migration-files",
            format!("no {tool} migration files in the repository: the migrate service applies committed migrations, so create the first one (a schema push or sync is neither reviewed nor reversible)"),
            "migration files by format".into(),
        )),
        None => {}
    }
    let database = proposed(found, "postgres.enabled") == Some("true")
        || found.iter().any(|f| f.answers.get("postgres.enabled") == Some(&Value::Bool(true)));
    if orm == "none" && database {
        let mut f = note(
            "database-without-migrations",
            "a PostgreSQL client but no migration tool scaffold knows: the database is left out; to keep it, answer `stack.orm: other` with `migrations.command`".into(),
            "package.json / go.mod".into(),
        );
        f.answers.insert(s("postgres.enabled"), Value::Bool(false));
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lenient_json;

    #[test]
    fn tsconfig_with_comments_and_trailing_commas_is_read() {
        let v = lenient_json("{\n  // out\n  \"a\": \"x//y\", /* b */\n  \"c\": [1, 2,],\n}").unwrap();
        assert_eq!(v, serde_json::json!({"a": "x//y", "c": [1, 2]}));
    }
}
