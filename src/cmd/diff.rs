//! `scaffold diff`: what `scaffold update` would change now, as diffs; exit 1 when anything would.

use crate::cli::DiffArgs;
use crate::diff::files;
use crate::diff::{summary, unified};
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};
use crate::output::stdout_style;

pub fn run(args: &DiffArgs) -> Result<()> {
    let dir = &args.project.dir;
    let session = prepare(dir, vec![require_project_layer(dir)?], false, args.existing)?;
    let pending = session.pending();
    if args.json {
        let rows: Vec<serde_json::Value> = session
            .changes
            .iter()
            .map(|c| serde_json::json!({"path": c.path, "action": c.action.label(), "writes": c.action.writes(), "conflicts": c.conflicts}))
            .collect();
        super::print_json(vec![("files", rows.into())]);
    } else if pending.is_empty() {
        println!("no changes: {} files up to date", session.changes.len());
    } else {
        let style = stdout_style();
        print!("{}", summary(&session.changes, style));
        for c in pending.iter().filter(|_| !args.summary) {
            print!("{}", unified(c, style));
        }
    }
    if pending.is_empty() {
        return Ok(());
    }
    let n = pending.len();
    let answer =
        format!("{n} {} would change: `scaffold update` writes {}", files(n), if n == 1 { "it" } else { "them" });
    // With `--json`, standard output holds the JSON only; the exit code still says it.
    Err(if args.json { Error::Found(answer) } else { Error::Answer(answer) })
}
