//! What is left to do once the files are written: answers that are still examples, DNS, the
//! secrets only the team can provide, the first deploy, and the checks. Printed after every write
//! so that an adopted project never looks finished while it points at `app.example.com`.

use crate::plan::Plan;
use crate::spec::Spec;
use crate::spec::answers::{Answers, Ci, Cloud};
use std::path::Path;

/// Domains reserved for examples and tests (RFC 2606, RFC 6761): never a real deployment.
fn example_domain(domain: &str) -> bool {
    ["example.com", "example.org", "example.net"].iter().any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
        || [".example", ".test", ".invalid", ".localhost"].iter().any(|t| domain.ends_with(t))
}

/// The answers that still hold example values, as (field, value).
pub fn placeholders(a: &Answers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if example_domain(a.domain.as_str()) {
        out.push(("domain".to_owned(), a.domain.to_string()));
    }
    for (i, d) in a.extra_domains.iter().enumerate().filter(|(_, d)| example_domain(d.as_str())) {
        out.push((format!("extra_domains[{i}]"), d.to_string()));
    }
    if a.email.as_str().rsplit_once('@').is_some_and(|(_, host)| example_domain(host)) {
        out.push(("email".to_owned(), a.email.to_string()));
    }
    if a.registry.as_str().split('/').nth(1) == Some("example") {
        out.push(("registry".to_owned(), a.registry.to_string()));
    }
    out
}

/// The numbered list printed after a write in `dir`.
pub fn lines(spec: &Spec, plan: &Plan, dir: &Path) -> Vec<String> {
    let a = &spec.answers;
    let mut out = Vec::new();
    for (field, value) in placeholders(a) {
        out.push(format!("replace the example answer `{field}: {value}`: `scaffold update --set {field}=…`"));
    }
    let mut names = vec![a.domain.to_string()];
    names.extend(a.extra_domains.iter().map(ToString::to_string));
    if a.www_redirect {
        names.push(format!("www.{}", a.domain));
    }
    let target = if a.cloud == Cloud::Aws { "the load balancer Terraform creates" } else { "the server" };
    out.push(format!("point DNS for {} at {target}", names.join(", ")));
    let ci = match a.ci {
        Ci::Github => {
            "set the repository's Actions variables and secrets the workflows name (docs/runbooks/deploy.md lists them)"
        }
        Ci::Gitlab => "set the project's CI/CD variables .gitlab-ci.yml names (docs/runbooks/deploy.md lists them)",
        Ci::None => "deploy by hand as docs/runbooks/deploy.md describes",
    };
    out.push(ci.to_owned());
    if spec.components.iter().any(|c| c == "sentry") {
        out.push(
            "put the Sentry DSN of the project in the secret the sentry component names (its runbook says where)"
                .to_owned(),
        );
    }
    for (path, what) in &plan.provided {
        if !crate::secrets::filled(dir, path) {
            out.push(format!("put {what} in `{path}`: nothing that needs it starts until it is there"));
        }
    }
    out.push("copy `secrets/` to the server (0700 directory, 0644 files), never into git".to_owned());
    out.push("run `scaffold verify`, then `scaffold checklist` for what is still manual".to_owned());
    out
}

#[cfg(test)]
mod tests {
    use super::example_domain;

    #[test]
    fn reserved_example_domains_are_placeholders() {
        assert!(example_domain("app.example.com") && example_domain("example.org") && example_domain("api.test"));
        assert!(!example_domain("example-shop.com") && !example_domain("shop.io"));
    }
}
