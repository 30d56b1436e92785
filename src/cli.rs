//! The command line, as data only: nothing here runs, so the same definition serves parsing,
//! shell completions and help.

use crate::complete;
use clap::{Args, Parser, Subcommand};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "scaffold",
    version = concat!(env!("CARGO_PKG_VERSION"), " (templates ", env!("SCAFFOLD_TEMPLATES_HASH"), ")"),
    about = "Hardened production infrastructure for your project, reviewed as a diff and kept up to date",
    propagate_version = true,
    after_help = "Examples:
  scaffold init                                  detect, ask, review the diff, write what you accept
  scaffold init --preset go-service --dry-run    show everything a preset renders; write nothing
  scaffold add sentry --set settings.sentry.org=acme --set settings.sentry.project=api
  scaffold update                                re-render with this scaffold, merging your edits
  scaffold check                                 in CI: exit 1 when a generated file is stale or missing
  scaffold verify --quick                        the real validators, without the slow live holds"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output: `auto` on a terminal unless `NO_COLOR` is set (or when
    /// `CLICOLOR_FORCE` is), `always`, or `never`.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print only what failed, warnings and errors (for CI logs); a review still shows its summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: the files a change leaves as they are, and the output of passing checks.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the infrastructure for a project and write what you accept.
    Init(InitArgs),
    /// Add an optional component to a scaffolded project.
    Add(ComponentArgs),
    /// Remove an optional component from a scaffolded project.
    Remove(ComponentArgs),
    /// Re-render everything with this version of scaffold, merging your edits.
    Update(ChangeArgs),
    /// Show what would change now; exit 1 when anything would.
    Diff(DiffArgs),
    /// For CI: list each file's state; exit 1 when anything is stale or missing.
    Check(CheckArgs),
    /// Run the real validators over the generated files.
    Verify(VerifyArgs),
    /// Show what the repository uses and the answers that implies.
    Detect(DetectArgs),
    /// The production-readiness checklist: covered, partly covered, manual.
    Checklist(ChecklistArgs),
    /// Print the JSON Schema of `scaffold.yaml`.
    Schema,
    /// List presets and components.
    List,
    /// Print a manual page (roff): `scaffold man > ~/.local/share/man/man1/scaffold.1`, and
    /// `scaffold man init > …/scaffold-init.1` for each command it lists.
    Man {
        /// The command whose page to print (default: scaffold's own).
        command: Option<String>,
    },
    /// Print the shell code that completes scaffold's commands, presets, components and answer
    /// keys; load it at shell start: `source <(scaffold completions bash)`.
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Files the repository already has and scaffold never wrote: keep yours, or show scaffold's
    /// version replacing or merged into them.
    #[arg(long, value_enum, default_value_t = Existing::Keep)]
    pub existing: Existing,
    /// Machine-readable output: each file's path, action and conflict lines.
    #[arg(long)]
    pub json: bool,
    /// Only the summary table, no diffs.
    #[arg(long)]
    pub summary: bool,
}

#[derive(Debug, Args)]
pub struct ProjectArgs {
    /// The project directory.
    #[arg(long, short = 'C', default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct WriteArgs {
    /// Write without asking (conflicts still need --allow-conflicts).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Show the changes; write nothing.
    #[arg(long, conflicts_with = "yes")]
    pub dry_run: bool,
    /// Write files with conflict markers where your edits and the new render overlap.
    #[arg(long)]
    pub allow_conflicts: bool,
    /// Bring back generated files that you deleted.
    #[arg(long)]
    pub restore: bool,
    /// Files the repository already has and scaffold never wrote: keep yours (and exclude them in
    /// scaffold.yaml), replace them with scaffold's, or merge the two with conflict markers.
    #[arg(long, value_enum, default_value_t = Existing::Keep)]
    pub existing: Existing,
    /// Show only the summary table before the question, not the diffs.
    #[arg(long)]
    pub summary: bool,
    /// Fail at once, instead of waiting, while another scaffold command uses the project.
    #[arg(long)]
    pub no_wait: bool,
    /// Render with this scaffold's templates although a newer scaffold wrote the project.
    #[arg(long)]
    pub allow_downgrade: bool,
}

/// What happens to a file the repository already has and scaffold never wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Existing {
    Keep,
    Replace,
    Merge,
}

#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// Start from a preset (see `scaffold list`).
    #[arg(long, add = ArgValueCandidates::new(complete::presets))]
    pub preset: Option<String>,
    /// Read answers from a YAML file.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// Set one answer: `domain=app.example.com`, `services.0.port=8080`, `components=[sentry]`.
    #[arg(long = "set", value_name = "KEY=VALUE", add = ArgValueCompleter::new(complete::set_pairs))]
    pub sets: Vec<String>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(flatten)]
    pub answers: AnswerArgs,
    #[command(flatten)]
    pub write: WriteArgs,
    /// Never ask: fail with the list of missing answers instead.
    #[arg(long)]
    pub no_input: bool,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ComponentArgs {
    /// Component id (see `scaffold list`).
    #[arg(add = ArgValueCandidates::new(complete::components))]
    pub component: String,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Set one answer while at it, such as the component's own settings.
    #[arg(long = "set", value_name = "KEY=VALUE", add = ArgValueCompleter::new(complete::set_pairs))]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct ChangeArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[arg(long = "set", value_name = "KEY=VALUE", add = ArgValueCompleter::new(complete::set_pairs))]
    pub sets: Vec<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Fail when a validator is not installed.
    #[arg(long)]
    pub strict: bool,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Seconds before a validator is killed and reported as hung.
    #[arg(long, default_value_t = 120)]
    pub timeout: u64,
    /// Run only the checks of this tool, or the one check of this id (repeatable): `--only nginx`,
    /// `--only offsite/drill` (`--list` shows the ids).
    #[arg(long, value_name = "TOOL")]
    pub only: Vec<String>,
    /// Leave out the slow checks (live WebSocket holds): for the edit loop; CI runs them all.
    #[arg(long)]
    pub quick: bool,
    /// List the checks this project has (tool, component, what is checked); run none.
    #[arg(long)]
    pub list: bool,
    /// Checks that run at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Also write the checklist as Markdown: into PRODUCTION_READINESS.md in the project, or to
    /// standard output with `--markdown -` (for a pull-request comment).
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "PRODUCTION_READINESS.md")]
    pub markdown: Option<String>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 unless every item at this level or above is covered.
    #[arg(long, value_name = "LEVEL")]
    pub require: Option<crate::checklist::Level>,
}
