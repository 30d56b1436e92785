//! The health route of an app, read from its sources: a Next.js route file, else a string
//! literal that names health in a router or controller, joined with a NestJS global prefix.

use super::{Finding, Repo, finding, text as s};
use crate::spec::types::UrlPath;

const HEALTH_WORDS: &[&str] = &["healthz", "health", "livez", "readyz", "heartbeat", "_health", "ping", "status"];

/// The health route: a Next.js route file, else a string literal route in the sources that names
/// health (`/healthz`, `/api/health`, `/livez`), joined with a NestJS global prefix.
pub fn health(repo: &Repo, sources: &[(String, String)]) -> Option<Finding> {
    let prefix_of = |rel: &str| rel.strip_prefix(&format!("{}/", repo.app)).unwrap_or(rel).to_owned();
    let mut routes: Vec<(String, String)> = Vec::new();
    for (path, _) in sources {
        let rel = prefix_of(path);
        let rel = rel.strip_prefix("src/").unwrap_or(&rel);
        for (dir, suffix) in [("app/", "/route."), ("pages/", ".")] {
            let Some(rest) = rel.strip_prefix(dir) else { continue };
            let Some(route) = rest.rsplit_once(suffix).map(|(r, _)| r) else { continue };
            let route = route.trim_end_matches("/index");
            let last = route.rsplit('/').next().unwrap_or(route);
            if HEALTH_WORDS.contains(&last) && !route.contains('[') && (dir == "app/" || route.starts_with("api/")) {
                let p = format!(
                    "/{}",
                    route
                        .split('/')
                        .filter(|s| !(s.starts_with('(') && s.ends_with(')')))
                        .collect::<Vec<_>>()
                        .join("/")
                );
                if UrlPath::parse(&p).is_ok() {
                    routes.push((p, path.clone()));
                }
            }
        }
    }
    // The shortest route is the liveness one (`/health` over `/api/v2/health`).
    if let Some((p, path)) = routes.into_iter().min_by_key(|(p, _)| (p.len(), p.clone())) {
        return Some(finding("health-path", format!("health path {p}"), path, "services.0.health", s(&p)));
    }
    // Commented-out code (`// app.setGlobalPrefix('/api')`) declares nothing.
    let sources: Vec<(&String, String)> = sources.iter().map(|(p, t)| (p, code(t))).collect();
    let prefix =
        sources.iter().find_map(|(_, t)| quoted_after(t, "setGlobalPrefix(")).map(|p| p.trim_matches('/').to_owned());
    // URI versioning adds `/v<N>` to a controller's routes: its own `version`, else the default.
    let default_version = sources
        .iter()
        .find(|(_, t)| t.contains("enableVersioning"))
        .and_then(|(_, t)| quoted_after(t, "defaultVersion:"));
    for word in HEALTH_WORDS {
        for (path, text) in &sources {
            {
                for (before, lit) in literals(text) {
                    let trimmed = lit.trim_start_matches('/');
                    let last = trimmed.rsplit('/').next().unwrap_or("");
                    if last != *word || lit.len() > 60 || lit.contains(' ') {
                        continue;
                    }
                    // A bare word is a route only as a route's argument (`@Controller('health')`,
                    // `r.Get("healthz", …)`); elsewhere it is a table or a field (`name: 'status'`).
                    if !lit.starts_with('/') && !ROUTE_CALLS.iter().any(|c| before.ends_with(c)) {
                        continue;
                    }
                    // A decorator names a segment (`@Controller('health')`); a router names the path.
                    let mut p = format!("/{trimmed}");
                    if let Some(pre) = prefix.as_ref().filter(|p| !p.is_empty() && !trimmed.starts_with(p.as_str())) {
                        let version = quoted_after(text, "version:").or(default_version.clone());
                        let version = version.map(|v| format!("/v{v}")).unwrap_or_default();
                        p = format!("/{pre}{version}/{trimmed}");
                    }
                    if UrlPath::parse(&p).is_ok() {
                        return Some(finding(
                            "health-path",
                            format!("health path {p}"),
                            (*path).clone(),
                            "services.0.health",
                            s(&p),
                        ));
                    }
                }
            }
        }
    }
    None
}

/// What a route's path is passed to, in the routers and controllers of Node and Go.
const ROUTE_CALLS: &[&str] =
    &["Controller(", "Get(", "get(", "GET(", "All(", "all(", "route(", "Route(", "HandleFunc(", "Handle(", "use("];

/// The string literals of `text` with the text just before each on its line: (`@Get(`, `health`).
fn literals(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        let mut consumed = 0;
        while let Some(open) = rest.find(['\'', '"', '`']) {
            let q = rest[open..].chars().next().unwrap_or('"');
            let after = &rest[open + 1..];
            let Some(close) = after.find(q) else { break };
            let before = line[..consumed + open].trim_end();
            let start = before.len().saturating_sub(24);
            let start = (start..=before.len()).find(|i| before.is_char_boundary(*i)).unwrap_or(before.len());
            out.push((before[start..].to_owned(), after[..close].to_owned()));
            consumed += open + 1 + close + 1;
            rest = &after[close + 1..];
        }
    }
    out
}

/// `text` without its comment lines.
fn code(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with("//") || t.starts_with("/*") || t.starts_with('*'))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The quoted text right after `needle` (`setGlobalPrefix('api')` → `api`).
fn quoted_after(text: &str, needle: &str) -> Option<String> {
    let rest = text[text.find(needle)? + needle.len()..].trim_start();
    let q = rest.chars().next().filter(|c| ['\'', '"', '`'].contains(c))?;
    rest[1..].split(q).next().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn health_of(files: &[(&str, &str)]) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::read(dir.path(), ".").unwrap();
        let sources: Vec<(String, String)> = files.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect();
        health(&repo, &sources).and_then(|f| f.answers.get("services.0.health")?.as_str().map(str::to_owned))
    }

    #[test]
    fn a_nest_controller_joins_the_global_prefix_and_the_default_version() {
        let main =
            "app.setGlobalPrefix('api');\napp.enableVersioning({ defaultVersion: '1', type: VersioningType.URI });";
        let ctl = "@Controller('health')\nexport class HealthController {}";
        assert_eq!(
            health_of(&[("src/main.ts", main), ("src/health.controller.ts", ctl)]).as_deref(),
            Some("/api/v1/health")
        );
    }

    #[test]
    fn a_word_outside_a_route_call_is_not_a_route() {
        let entity = "@Entity({ name: 'status' })\nexport class StatusEntity {}";
        assert_eq!(health_of(&[("src/status.entity.ts", entity)]), None);
        let go = "r.Get(\"/livez\", live)\nmux.HandleFunc(\"healthz\", h)";
        assert_eq!(health_of(&[("router.go", go)]).as_deref(), Some("/healthz"));
    }

    #[test]
    fn a_commented_out_prefix_adds_nothing() {
        let main = "// app.setGlobalPrefix('/api'); use api as global prefix\napp.enableVersioning();";
        let ctl = "@Controller('health')\nexport class HealthController {}";
        assert_eq!(health_of(&[("src/main.ts", main), ("src/health.controller.ts", ctl)]).as_deref(), Some("/health"));
    }
}
