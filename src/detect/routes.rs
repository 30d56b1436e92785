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
    let prefix = sources.iter().find_map(|(_, t)| {
        let at = t.find("setGlobalPrefix(")?;
        let arg = &t[at + 16..];
        let q = arg.chars().next().filter(|c| ['\'', '"', '`'].contains(c))?;
        arg[1..].split(q).next().map(|p| p.trim_matches('/').to_owned())
    });
    for word in HEALTH_WORDS {
        for (path, text) in sources {
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
                        let versioned =
                            text.contains("version:") || sources.iter().any(|(_, t)| t.contains("enableVersioning"));
                        let version = if versioned { "/v1" } else { "" };
                        p = format!("/{pre}{version}/{trimmed}");
                    }
                    if UrlPath::parse(&p).is_ok() {
                        return Some(finding(
                            "health-path",
                            format!("health path {p}"),
                            path.clone(),
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
