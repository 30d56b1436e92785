//! Stacks scaffold does not render, named exactly: what was found and what is supported, so that
//! nobody follows a suggestion into another framework's infrastructure.

use super::{Finding, Repo, files, note};

/// A dependency that names a framework, and the framework's name.
type Frameworks = &'static [(&'static str, &'static str)];

/// (marker file, the language it means, its frameworks).
const STACKS: &[(&str, &str, Frameworks)] = &[
    ("Gemfile", "Ruby", &[("rails", "Ruby on Rails"), ("sinatra", "Sinatra"), ("hanami", "Hanami")]),
    ("pyproject.toml", "Python", &[("django", "Django"), ("fastapi", "FastAPI"), ("flask", "Flask")]),
    ("requirements.txt", "Python", &[("django", "Django"), ("fastapi", "FastAPI"), ("flask", "Flask")]),
    ("Pipfile.lock", "Python", &[("django", "Django"), ("fastapi", "FastAPI"), ("flask", "Flask")]),
    ("composer.json", "PHP", &[("laravel/framework", "Laravel"), ("symfony/", "Symfony")]),
    ("pom.xml", "Java", &[("spring-boot", "Spring Boot"), ("quarkus", "Quarkus")]),
    ("build.gradle", "Java/Kotlin", &[("spring-boot", "Spring Boot")]),
    ("build.gradle.kts", "Kotlin", &[("spring-boot", "Spring Boot"), ("ktor", "Ktor")]),
    ("mix.exs", "Elixir", &[("phoenix", "Phoenix")]),
    ("Cargo.toml", "Rust", &[("axum", "axum"), ("actix-web", "Actix Web")]),
];

pub const SUPPORTED: &str = "Node.js (Next.js, Express, NestJS, or any Node app as `stack.framework: other`) and Go";

/// A finding with id `unsupported` when the repository's app is of a stack scaffold does not
/// render and no Node or Go app was found beside it.
pub fn values(repo: &Repo, found: &[Finding]) -> Vec<Finding> {
    if found.iter().any(|f| f.answers.contains_key("stack.runtime")) {
        return Vec::new();
    }
    for (marker, language, frameworks) in STACKS {
        let Some(text) = files::read(repo.root, marker) else { continue };
        let lower = text.to_lowercase();
        let framework = frameworks.iter().find(|(dep, _)| {
            lower.contains(&format!("\"{dep}"))
                || lower.contains(&format!("'{dep}"))
                || lower.lines().any(|l| l.trim_start().starts_with(dep))
        });
        let what = match framework {
            Some((_, name)) => format!("{name} ({language})"),
            None => language.to_string(),
        };
        let db = if files::read(repo.root, "config/database.yml").is_some_and(|t| t.contains("postgresql")) {
            " with PostgreSQL"
        } else {
            ""
        };
        return vec![note(
            "unsupported",
            format!("{what}{db}: scaffold renders {SUPPORTED}, not {language}"),
            (*marker).to_owned(),
        )];
    }
    Vec::new()
}
