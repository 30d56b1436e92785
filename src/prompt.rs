//! The only code that reads from a terminal. Commands ask through `Reviewer`, so the flow can be
//! driven without a terminal (flags) and tested with a scripted reviewer.

use crate::cli::Existing;
use crate::error::{Error, Result};
use crate::plan::{Action, Change};
use std::io::IsTerminal;

/// What the user decided about a reviewed set of changes.
#[derive(Debug, PartialEq)]
pub enum Decision {
    /// Indexes (into the reviewed changes) to write, and of the new files left out, those to
    /// exclude in `scaffold.yaml` (so that `check` does not report them missing).
    Write {
        files: Vec<usize>,
        exclude: Vec<usize>,
    },
    Abort,
}

/// What to do with a file the repository already has and scaffold never wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adoption {
    Decide(Existing),
    /// Show how scaffold's version differs from it, then ask again.
    ShowDiff,
}

pub trait Reviewer {
    /// `diffs[i]` shows `changes[i]`, for a reviewer who steps through the files.
    fn review(&mut self, changes: &[Change], diffs: &[String]) -> Result<Decision>;
    /// `path` is the repository's own file; `moved_to` is where scaffold writes its version when
    /// the file is kept (`None`: excluded).
    fn adopt(&mut self, path: &str, current: Existing, moved_to: Option<&str>) -> Result<Adoption>;
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
    fn review(&mut self, changes: &[Change], diffs: &[String]) -> Result<Decision> {
        discard_type_ahead();
        let choice = dialoguer::Select::new()
            .with_prompt("Write these changes?")
            .items(&["write all", "step through the files", "choose files", "abort"])
            .default(0)
            .interact_opt()
            .map_err(interrupted)?;
        match choice {
            Some(0) => Ok(Decision::Write { files: (0..changes.len()).collect(), exclude: Vec::new() }),
            Some(1) => step(changes, diffs),
            Some(2) => {
                let labels: Vec<String> =
                    changes.iter().map(|c| format!("{:<9} {}", c.action.label(), c.path)).collect();
                let defaults = vec![true; labels.len()];
                let Some(files) = dialoguer::MultiSelect::new()
                    .with_prompt("Space toggles a file, Enter writes the selected ones")
                    .items(&labels)
                    .defaults(&defaults)
                    .interact_opt()
                    .map_err(interrupted)?
                else {
                    return Ok(Decision::Abort);
                };
                let declined: Vec<usize> =
                    (0..changes.len()).filter(|i| !files.contains(i) && excludable(&changes[*i])).collect();
                let exclude = if !declined.is_empty()
                    && ask_yes(
                        &format!(
                            "Exclude the {} new {} you left out in scaffold.yaml, so that `scaffold check` does not report {} missing?",
                            declined.len(),
                            crate::diff::files(declined.len()),
                            if declined.len() == 1 { "it" } else { "them" }
                        ),
                        true,
                    )? {
                    declined
                } else {
                    Vec::new()
                };
                Ok(Decision::Write { files, exclude })
            }
            _ => Ok(Decision::Abort),
        }
    }

    fn adopt(&mut self, path: &str, current: Existing, moved_to: Option<&str>) -> Result<Adoption> {
        discard_type_ahead();
        let keep = match moved_to {
            Some(to) => format!("keep yours (scaffold writes its version as `{to}`, which its files use)"),
            None => "keep yours (excluded in scaffold.yaml from now on)".to_owned(),
        };
        let items = [keep.as_str(), "take scaffold's", "merge, with conflict markers to resolve", "show the diff"];
        let choices = [Existing::Keep, Existing::Replace, Existing::Merge];
        let picked = dialoguer::Select::new()
            .with_prompt(format!("`{path}` is your repository's own file"))
            .items(&items)
            .default(choices.iter().position(|c| *c == current).unwrap_or(0))
            .interact_opt()
            .map_err(interrupted)?
            .ok_or(Error::Aborted)?;
        Ok(choices.get(picked).map_or(Adoption::ShowDiff, |c| Adoption::Decide(*c)))
    }
}

/// A new file that may be left out for good (a secret is never excluded: it is only not written).
pub fn excludable(change: &Change) -> bool {
    change.action == Action::Create && !change.secret
}

/// What the reader said of one file while stepping through them.
#[derive(Clone, Copy, PartialEq)]
enum Verdict {
    Accept,
    Skip,
    Exclude,
}

/// A choice offered for one file while stepping.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Say(Verdict),
    AcceptTheRest,
    Back,
    Quit,
}

/// One file at a time: its diff, then accept, skip, exclude (new files), accept the rest, go back
/// or quit. Quitting writes nothing.
fn step(changes: &[Change], diffs: &[String]) -> Result<Decision> {
    let mut verdicts: Vec<Option<Verdict>> = vec![None; changes.len()];
    let mut i = 0;
    while i < changes.len() {
        let c = &changes[i];
        println!("[{}/{}] {} {}", i + 1, changes.len(), c.action.label(), c.path);
        crate::pager::show(diffs.get(i).map_or("", String::as_str));
        let mut items = vec![("accept", Step::Say(Verdict::Accept)), ("skip", Step::Say(Verdict::Skip))];
        if excludable(c) {
            items.push(("exclude (left out, and in `exclude` of scaffold.yaml)", Step::Say(Verdict::Exclude)));
        }
        items.push(("accept this and the rest", Step::AcceptTheRest));
        if i > 0 {
            items.push(("back to the previous file", Step::Back));
        }
        items.push(("quit, writing nothing", Step::Quit));
        let labels: Vec<&str> = items.iter().map(|(label, _)| *label).collect();
        let default = verdicts[i].and_then(|v| items.iter().position(|(_, s)| *s == Step::Say(v))).unwrap_or(0);
        discard_type_ahead();
        let picked = dialoguer::Select::new()
            .with_prompt(format!("`{}`", c.path))
            .items(&labels)
            .default(default)
            .interact_opt()
            .map_err(interrupted)?;
        match picked.map_or(Step::Quit, |k| items[k].1) {
            Step::Say(v) => {
                verdicts[i] = Some(v);
                i += 1;
            }
            Step::AcceptTheRest => {
                verdicts[i] = Some(Verdict::Accept);
                for v in verdicts.iter_mut().skip(i) {
                    v.get_or_insert(Verdict::Accept);
                }
                break;
            }
            Step::Back => i -= 1,
            Step::Quit => return Ok(Decision::Abort),
        }
    }
    let with = |want: Verdict| (0..changes.len()).filter(|i| verdicts[*i] == Some(want)).collect::<Vec<_>>();
    Ok(Decision::Write { files: with(Verdict::Accept), exclude: with(Verdict::Exclude) })
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

/// One line of text, edited on the terminal; `None` when Esc is pressed (go back). dialoguer's
/// `Input` ignores Esc, which the wizard needs on every question.
fn read_text(prompt: &str, default: &str, initial: &str) -> Result<Option<String>> {
    use console::Key;
    let term = console::Term::stderr();
    let io = |e| Error::io("<terminal>", e);
    let shown = if default.is_empty() { format!("{prompt}: ") } else { format!("{prompt} [{default}]: ") };
    let mut buf = initial.to_owned();
    loop {
        term.clear_line().map_err(io)?;
        term.write_str(&format!("{shown}{buf}")).map_err(io)?;
        match term.read_key().map_err(io)? {
            Key::Enter => {
                let value = if buf.is_empty() { default.to_owned() } else { buf };
                term.clear_line().map_err(io)?;
                term.write_line(&format!("{prompt}: {value}")).map_err(io)?;
                return Ok(Some(value));
            }
            Key::Escape => {
                term.clear_line().map_err(io)?;
                return Ok(None);
            }
            Key::Backspace => {
                buf.pop();
            }
            Key::Char(c) if !c.is_control() => buf.push(c),
            _ => {}
        }
    }
}

/// A typed answer: asked again, with what was typed, until `check` accepts it; `None` on Esc.
fn ask_text(prompt: &str, default: &str, check: &dyn Fn(&str) -> Result<(), String>) -> Result<Option<String>> {
    let mut typed = String::new();
    loop {
        let Some(value) = read_text(prompt, default, &typed)? else { return Ok(None) };
        match check(&value) {
            Ok(()) if !value.is_empty() => return Ok(Some(value)),
            Ok(()) => eprintln!("error: an answer is needed"),
            Err(e) => {
                eprintln!("error: {e}");
                typed = value;
            }
        }
    }
}

/// One choice from `items`, `current` preselected; `None` on Esc.
fn choose(prompt: &str, items: &[&str], current: &str) -> Result<Option<String>> {
    let default = items.iter().position(|i| *i == current).unwrap_or(0);
    let picked = dialoguer::Select::new()
        .with_prompt(prompt)
        .items(items)
        .default(default)
        .interact_opt()
        .map_err(interrupted)?;
    Ok(picked.map(|i| items[i].to_owned()))
}

/// One choice from `items`, `current` preselected (outside the wizard: Esc aborts).
pub fn ask_choice(prompt: &str, items: &[&str], current: &str) -> Result<String> {
    choose(prompt, items, current)?.ok_or(Error::Aborted)
}

/// A yes/no question that takes effect on Enter, not on the first key: `yes⏎` typed ahead must
/// not leave a `⏎` to answer the next question. `None` on Esc.
fn yes_no(prompt: &str, default: bool) -> Result<Option<bool>> {
    dialoguer::Confirm::new()
        .with_prompt(prompt)
        .default(default)
        .wait_for_newline(true)
        .interact_opt()
        .map_err(interrupted)
}

fn ask_yes(prompt: &str, default: bool) -> Result<bool> {
    yes_no(prompt, default)?.ok_or(Error::Aborted)
}

/// The rules across answers, checked by the wizard as each answer is given.
pub trait Rules {
    /// What is wrong with these answers (as rendering them would say), if anything.
    fn problem(&self, sets: &[SetPair]) -> Option<String>;
    /// The optional components whose requirements these answers meet.
    fn offered(&self, sets: &[SetPair]) -> Vec<String>;
}

/// Accepts a typed answer, or says what is wrong with it.
type Check<'a> = Box<dyn Fn(&str) -> Result<(), String> + 'a>;

/// A wizard question.
enum Question<'a> {
    Text {
        key: String,
        prompt: String,
        default: String,
        check: Check<'a>,
    },
    Choice {
        key: &'static str,
        prompt: &'static str,
        items: &'static [&'static str],
        current: String,
    },
    YesNo {
        key: &'static str,
        prompt: &'static str,
        default: bool,
    },
    /// The optional components the answers so far allow.
    Components(Vec<&'a OptionalComponent>),
}

/// An answered question: the `--set` pairs it gave, and the components when it chose them.
struct Given {
    pairs: Vec<SetPair>,
    chosen: Option<Vec<String>>,
    /// Answered without asking (no component to offer): skipped when going back.
    auto: bool,
}

fn text<'a>(key: &str, prompt: &str, default: &str, check: impl Fn(&str) -> Result<(), String> + 'a) -> Question<'a> {
    let field = key.to_owned();
    Question::Text {
        key: key.to_owned(),
        prompt: prompt.to_owned(),
        default: default.to_owned(),
        check: Box::new(move |v| check(v).map_err(|e| format!("`{field}`: {e}"))),
    }
}

/// The `i`th question, given the answers before it; `None` after the last one.
fn question<'a>(i: usize, p: &'a Proposal, given: &[Given], rules: &dyn Rules) -> Option<Question<'a>> {
    use crate::spec::types::{Domain, Email, Ident};
    let q = match i {
        0 => {
            text("project", "Project name (names containers and resources)", &p.project, |v| Ident::parse(v).map(drop))
        }
        1 => text("domain", "Public domain (where the app is served over HTTPS)", &p.domain, |v| {
            Domain::parse(v).map(drop)
        }),
        2 => text("email", "Operations email (for certificates and alerts)", &p.email, |v| Email::parse(v).map(drop)),
        3 => Question::Choice {
            key: "proxy",
            prompt: "Reverse proxy with TLS",
            items: &["nginx", "traefik", "caddy"],
            current: p.proxy.clone(),
        },
        4 => Question::Choice {
            key: "tls.profile",
            prompt: "TLS profile (Mozilla guideline 6.0; modern is TLS 1.3 only)",
            items: &["intermediate", "modern"],
            current: p.tls_profile.clone(),
        },
        5 => Question::YesNo { key: "postgres.enabled", prompt: "PostgreSQL in the stack?", default: p.postgres },
        6 => Question::YesNo { key: "redis.enabled", prompt: "Redis in the stack?", default: p.redis },
        7 => Question::YesNo {
            key: "monitoring.enabled",
            prompt: "Prometheus, Alertmanager and Grafana?",
            default: p.monitoring,
        },
        8 => Question::Choice {
            key: "ci",
            prompt: "CI/CD provider",
            items: &["github", "gitlab", "none"],
            current: p.ci.clone(),
        },
        9 => Question::Choice {
            key: "cloud",
            prompt: "Cloud (Terraform skeleton)",
            items: &["none", "aws"],
            current: p.cloud.clone(),
        },
        10 => {
            let offered = rules.offered(&pairs(given));
            Question::Components(p.optional.iter().filter(|c| offered.contains(&c.id)).collect())
        }
        _ => {
            let chosen = given.get(10)?.chosen.as_deref().unwrap_or_default();
            let (c, a) = p
                .optional
                .iter()
                .filter(|c| chosen.contains(&c.id))
                .flat_map(|c| c.answers.iter().map(move |a| (c, a)))
                .nth(i - 11)?;
            let key = format!("settings.{}.{}", c.id, a.key);
            let default = a.default.as_ref().map(|d| d.as_str().map_or_else(|| d.to_string(), str::to_owned));
            text(&key, &format!("{key} ({})", a.help), &default.unwrap_or_default(), move |v| {
                crate::spec::setting_value(a, &serde_json::Value::String(v.to_owned())).map(drop)
            })
        }
    };
    Some(q)
}

fn pairs(given: &[Given]) -> Vec<SetPair> {
    given.iter().flat_map(|g| g.pairs.iter().cloned()).collect()
}

/// Asks one question; `None` on Esc. `earlier` is this question's answer before going back.
fn ask<'a>(q: &'a Question, earlier: Option<&'a Given>) -> Result<Option<Given>> {
    let value = |g: Option<&'a Given>| g.and_then(|g| g.pairs.first()).and_then(|p| p.split_once('=')).map(|(_, v)| v);
    let one = |key: &str, v: String| Given { pairs: vec![format!("{key}={v}")], chosen: None, auto: false };
    Ok(match q {
        Question::Text { key, prompt, default, check } => {
            let default = value(earlier).unwrap_or(default);
            ask_text(prompt, default, check.as_ref())?.map(|v| one(key, v))
        }
        Question::Choice { key, prompt, items, current } => {
            choose(prompt, items, value(earlier).unwrap_or(current))?.map(|v| one(key, v))
        }
        Question::YesNo { key, prompt, default } => {
            let default = value(earlier).map_or(*default, |v| v == "true");
            yes_no(prompt, default)?.map(|v| one(key, v.to_string()))
        }
        Question::Components(offered) => {
            let list = |ids: &[String]| Given {
                pairs: vec![format!("components=[{}]", ids.join(","))],
                chosen: Some(ids.to_vec()),
                auto: offered.is_empty(),
            };
            if offered.is_empty() {
                return Ok(Some(list(&[])));
            }
            let labels: Vec<String> = offered.iter().map(|c| format!("{}: {}", c.id, c.summary)).collect();
            let was = earlier.and_then(|g| g.chosen.as_ref());
            let defaults: Vec<bool> = offered.iter().map(|c| was.map_or(c.on, |w| w.contains(&c.id))).collect();
            let picked = dialoguer::MultiSelect::new()
                .with_prompt("Optional components (space toggles)")
                .items(&labels)
                .defaults(&defaults)
                .interact_opt()
                .map_err(interrupted)?;
            picked.map(|idx| list(&idx.iter().map(|i| offered[*i].id.clone()).collect::<Vec<_>>()))
        }
    })
}

/// Asks every question the answers need, with the proposal as defaults; returns `--set` pairs.
/// Esc goes back one question; an answer that breaks a rule across answers is asked again,
/// with the reason, when it is given rather than at the end.
pub fn wizard(p: &Proposal, rules: &dyn Rules) -> Result<Vec<SetPair>> {
    exit_cleanly_on_interrupt();
    eprintln!("(Enter accepts, Esc goes back one question, Ctrl-C quits without writing)");
    let mut given: Vec<Given> = Vec::new();
    let mut earlier: Vec<Option<Given>> = Vec::new();
    loop {
        let i = given.len();
        let Some(q) = question(i, p, &given, rules) else { break };
        match ask(&q, earlier.get(i).and_then(Option::as_ref))? {
            None => {
                while let Some(g) = given.pop() {
                    let auto = g.auto;
                    if earlier.len() <= given.len() {
                        earlier.resize_with(given.len() + 1, || None);
                    }
                    earlier[given.len()] = Some(g);
                    if !auto {
                        break;
                    }
                }
            }
            Some(answer) => {
                let before = pairs(&given);
                let mut after = before.clone();
                after.extend(answer.pairs.iter().cloned());
                match rules.problem(&after) {
                    Some(problem) if rules.problem(&before).is_none() => eprintln!("error: {problem}"),
                    _ => {
                        // A later answer given before going back no longer follows from this one.
                        if earlier.get(i).and_then(Option::as_ref).is_some_and(|e| e.pairs != answer.pairs) {
                            earlier.truncate(i + 1);
                        }
                        given.push(answer);
                    }
                }
            }
        }
    }
    Ok(pairs(&given))
}

/// The last question before rendering.
pub fn confirm(prompt: &str) -> Result<bool> {
    ask_yes(prompt, true)
}
