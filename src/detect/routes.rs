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
            for q in ['\'', '"', '`'] {
                for lit in text.split(q).skip(1).step_by(2) {
                    let trimmed = lit.trim_start_matches('/');
                    let last = trimmed.rsplit('/').next().unwrap_or("");
                    if last != *word || lit.len() > 60 || lit.contains(' ') {
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
    fn a_commented_out_prefix_adds_nothing() {
        let main = "// app.setGlobalPrefix('/api'); use api as global prefix\napp.enableVersioning();";
        let ctl = "@Controller('health')\nexport class HealthController {}";
        assert_eq!(health_of(&[("src/main.ts", main), ("src/health.controller.ts", ctl)]).as_deref(), Some("/health"));
    }
}
