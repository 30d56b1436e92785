//! `scaffold`: hardened production infrastructure rendered from a project's answers, reviewed as a
//! diff, and kept up to date with the user's edits merged. See DESIGN in the README for the flow.

pub mod apply;
pub mod catalog;
pub mod checklist;
pub mod cli;
pub mod cmd;
pub mod complete;
pub mod detect;
pub mod diff;
pub mod error;
pub mod fit;
pub mod flow;
pub mod lock;
pub mod merge;
pub mod next_steps;
pub mod output;
pub mod pager;
pub mod plan;
pub mod prompt;
pub mod read;
pub mod render;
pub mod secrets;
pub mod spec;
pub mod state;
pub mod verify;

use cli::{Cli, Command};
use error::Result;

/// Runs one parsed command line. Commands on a scaffolded project work from any folder inside
/// it, as git does: the project is the nearest folder up with a `scaffold.yaml`.
pub fn run(mut cli: Cli) -> Result<()> {
    output::set(&cli);
    let project = match &mut cli.command {
        Command::Add(a) | Command::Remove(a) => Some(&mut a.project),
        Command::Update(a) => Some(&mut a.project),
        Command::Diff(a) => Some(&mut a.project),
        Command::Check(a) => Some(&mut a.project),
        Command::Verify(a) => Some(&mut a.project),
        Command::Checklist(a) => Some(&mut a.project),
        _ => None,
    };
    if let Some(p) = project {
        p.dir = flow::project_root(&p.dir);
    }
    use lock::Access;
    let writer = |w: &cli::WriteArgs| Access::Write { wait: !w.no_wait };
    let access = match &cli.command {
        Command::Init(a) => Some((&a.project.dir, writer(&a.write))),
        Command::Add(a) | Command::Remove(a) => Some((&a.project.dir, writer(&a.write))),
        Command::Update(a) => Some((&a.project.dir, writer(&a.write))),
        Command::Diff(a) => Some((&a.project.dir, Access::Read)),
        Command::Check(a) => Some((&a.project.dir, Access::Read)),
        Command::Verify(a) => Some((&a.project.dir, Access::Read)),
        // `--markdown` writes its report into the project.
        Command::Checklist(a) => Some((
            &a.project.dir,
            if a.markdown.as_deref().is_some_and(|m| m != "-") { Access::Write { wait: true } } else { Access::Read },
        )),
        _ => None,
    };
    // Held until the command ends: its reads and its write see no other command's.
    let _lock = access.map(|(dir, access)| lock::acquire(dir, access)).transpose()?;
    match cli.command {
        Command::Init(a) => cmd::init::run(&a),
        Command::Add(a) => cmd::change::add(&a),
        Command::Remove(a) => cmd::change::remove(&a),
        Command::Update(a) => cmd::change::update(&a),
        Command::Diff(a) => cmd::diff::run(&a),
        Command::Check(a) => cmd::check::run(&a),
        Command::Verify(a) => cmd::verify::run(&a),
        Command::Detect(a) => cmd::detect::run(&a),
        Command::Checklist(a) => cmd::checklist::run(&a),
        Command::Schema => cmd::schema::run(),
        Command::List => cmd::list::run(),
        Command::Completions { shell } => cmd::list::completions(shell),
        Command::Man { command } => cmd::list::man(command.as_deref()),
    }
}
