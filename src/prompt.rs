//! The only code that reads from a terminal. Commands ask through `Reviewer`, so the flow can be
//! driven without a terminal (flags) and tested with a scripted reviewer.

use crate::error::{Error, Result};
use crate::plan::Change;
use std::io::IsTerminal;

/// What the user decided about a reviewed set of changes.
#[derive(Debug, PartialEq)]
pub enum Decision {
    /// Indexes (into the reviewed changes) to write.
    Write(Vec<usize>),
    Abort,
}

pub trait Reviewer {
    fn review(&mut self, changes: &[Change]) -> Result<Decision>;
}

/// Asks on the terminal with dialoguer.
pub struct Terminal;

impl Terminal {
    /// A terminal reviewer, or the one-line reason why none can be used.
    pub fn open() -> Result<Terminal> {
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            exit_cleanly_on_interrupt();
            Ok(Terminal)
        } else {
            Err(Error::input(
                "no terminal to ask on: pass `--yes` to write the changes, or `--dry-run` to only show them",
            ))
        }
    }
}

fn interrupted(e: dialoguer::Error) -> Error {
    match e {
        dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => Error::Aborted,
        dialoguer::Error::IO(io) => Error::io("<terminal>", io),
    }
}

/// Drops what was typed ahead, so that nothing answers the write question but a key pressed
/// after it is shown (an Enter meant for the previous question would otherwise write all).
fn discard_type_ahead() {
    // SAFETY: tcflush on standard input, which `Terminal::open` checked is a terminal; it only
    // discards the kernel's unread input buffer.
    unsafe {
        libc::tcflush(libc::STDIN_FILENO, libc::TCIFLUSH);
    }
}

impl Reviewer for Terminal {
    fn review(&mut self, changes: &[Change]) -> Result<Decision> {
        discard_type_ahead();
        let choice = dialoguer::Select::new()
            .with_prompt("Write these changes?")
            .items(&["write all", "choose files", "abort"])
            .default(0)
            .interact_opt()
            .map_err(interrupted)?;
        match choice {
            Some(0) => Ok(Decision::Write((0..changes.len()).collect())),
            Some(1) => {
                let labels: Vec<String> =
                    changes.iter().map(|c| format!("{:<9} {}", c.action.label(), c.path)).collect();
                let defaults = vec![true; labels.len()];
                let picked = dialoguer::MultiSelect::new()
                    .with_prompt("Space toggles a file, Enter writes the selected ones")
                    .items(&labels)
                    .defaults(&defaults)
                    .interact_opt()
                    .map_err(interrupted)?;
                Ok(picked.map_or(Decision::Abort, Decision::Write))
            }
            _ => Ok(Decision::Abort),
        }
    }
}

/// One wizard question's answer, as the `--set` pair that would give the same result.
pub type SetPair = String;

/// What the wizard starts from: the detected and preset answers for each question.
pub struct Proposal {
    pub project: String,
    pub domain: String,
    pub email: String,
    pub proxy: String,
    pub tls_profile: String,
    pub postgres: bool,
    pub redis: bool,
    pub monitoring: bool,
    pub ci: String,
    pub cloud: String,
    /// The optional components, and which are on.
    pub optional: Vec<OptionalComponent>,
}

pub struct OptionalComponent {
    pub id: String,
    pub summary: String,
    pub on: bool,
    /// Its own answers, asked when it is chosen.
    pub answers: Vec<crate::catalog::AnswerSpec>,
}

/// Restores the cursor and exits 130 on Ctrl-C: the signal arrives while a prompt blocks on
/// the terminal, where no error can travel back to `main`. Nothing has been written by then.
fn exit_cleanly_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        let _ = console::Term::stderr().show_cursor();
        eprintln!();
        eprintln!("error: {}", Error::Aborted);
        std::process::exit(crate::error::exit::INTERRUPTED);
    });
}

fn ask_text(
    prompt: &str,
    help: &str,
    field: &'static str,
    default: &str,
    check: fn(&str) -> Result<(), String>,
) -> Result<String> {
    let mut input = dialoguer::Input::<String>::new().with_prompt(format!("{prompt} ({help})"));
    // No default means the answer must be typed (an example value is never proposed).
    if !default.is_empty() {
        input = input.default(default.to_owned());
    }
    input
        .validate_with(move |v: &String| check(v).map_err(|e| format!("`{field}`: {e}")))
        .interact_text()
        .map_err(interrupted)
}

/// One choice from `items`, `current` preselected.
pub fn ask_choice(prompt: &str, items: &[&str], current: &str) -> Result<String> {
    let default = items.iter().position(|i| *i == current).unwrap_or(0);
    let picked = dialoguer::Select::new()
        .with_prompt(prompt)
        .items(items)
        .default(default)
        .interact_opt()
        .map_err(interrupted)?
        .ok_or(Error::Aborted)?;
    Ok(items[picked].to_owned())
}

/// A yes/no question that takes effect on Enter, not on the first key: `yes⏎` typed ahead must
/// not leave a `⏎` to answer the next question.
fn ask_yes(prompt: &str, default: bool) -> Result<bool> {
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(default)
        .wait_for_newline(true)
        .interact_opt()
        .map_err(interrupted)?
        .ok_or(Error::Aborted)
}

/// Asks every question the answers need, with the proposal as defaults; returns `--set` pairs.
pub fn wizard(p: &Proposal) -> Result<Vec<SetPair>> {
    use crate::spec::types::{Domain, Email, Ident};
    exit_cleanly_on_interrupt();
    let mut sets = Vec::new();
    let project = ask_text("Project name", "names containers and resources", "project", &p.project, |v| {
        Ident::parse(v).map(drop)
    })?;
    sets.push(format!("project={project}"));
    let domain = ask_text("Public domain", "where the app is served over HTTPS", "domain", &p.domain, |v| {
        Domain::parse(v).map(drop)
    })?;
    sets.push(format!("domain={domain}"));
    let email =
        ask_text("Operations email", "for certificates and alerts", "email", &p.email, |v| Email::parse(v).map(drop))?;
    sets.push(format!("email={email}"));
    let proxy = ask_choice("Reverse proxy with TLS", &["nginx", "traefik", "caddy"], &p.proxy)?;
    sets.push(format!("proxy={proxy}"));
    let profile = ask_choice(
        "TLS profile (Mozilla guideline 6.0; modern is TLS 1.3 only)",
        &["intermediate", "modern"],
        &p.tls_profile,
    )?;
    sets.push(format!("tls.profile={profile}"));
    sets.push(format!("postgres.enabled={}", ask_yes("PostgreSQL in the stack?", p.postgres)?));
    sets.push(format!("redis.enabled={}", ask_yes("Redis in the stack?", p.redis)?));
    sets.push(format!("monitoring.enabled={}", ask_yes("Prometheus, Alertmanager and Grafana?", p.monitoring)?));
    let ci = ask_choice("CI/CD provider", &["github", "gitlab", "none"], &p.ci)?;
    sets.push(format!("ci={ci}"));
    let cloud = ask_choice("Cloud (Terraform skeleton)", &["none", "aws"], &p.cloud)?;
    sets.push(format!("cloud={cloud}"));
    if !p.optional.is_empty() {
        let labels: Vec<String> = p.optional.iter().map(|c| format!("{}: {}", c.id, c.summary)).collect();
        let defaults: Vec<bool> = p.optional.iter().map(|c| c.on).collect();
        let picked = dialoguer::MultiSelect::new()
            .with_prompt("Optional components (space toggles)")
            .items(&labels)
            .defaults(&defaults)
            .interact_opt()
            .map_err(interrupted)?
            .ok_or(Error::Aborted)?;
        let chosen: Vec<&OptionalComponent> = picked.iter().map(|i| &p.optional[*i]).collect();
        sets.push(format!("components=[{}]", chosen.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(",")));
        for c in chosen {
            for a in &c.answers {
                let field = format!("settings.{}.{}", c.id, a.key);
                let default = a.default.as_ref().map(|d| d.as_str().map_or_else(|| d.to_string(), str::to_owned));
                let mut input = dialoguer::Input::<String>::new().with_prompt(format!("{field} ({})", a.help));
                if let Some(d) = default {
                    input = input.default(d);
                }
                let checked = field.clone();
                let answer = input
                    .validate_with(move |v: &String| {
                        crate::spec::setting_value(a, &serde_json::Value::String(v.clone()))
                            .map(drop)
                            .map_err(|e| format!("`{checked}`: {e}"))
                    })
                    .interact_text()
                    .map_err(interrupted)?;
                sets.push(format!("{field}={answer}"));
            }
        }
    }
    Ok(sets)
}

/// The last question before rendering.
pub fn confirm(prompt: &str) -> Result<bool> {
    ask_yes(prompt, true)
}
