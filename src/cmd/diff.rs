//! `scaffold diff`: what `scaffold update` would change now, as diffs; exit 1 when anything would.

use super::stdout_style;
use crate::cli::DiffArgs;
use crate::diff::files;
use crate::diff::{summary, unified};
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};

pub fn run(args: &DiffArgs) -> Result<()> {
    let dir = &args.project.dir;
    let session = prepare(dir, vec![require_project_layer(dir)?], false, args.existing)?;
    let pending = session.pending();
    if pending.is_empty() {
        println!("no changes: {} files up to date", session.changes.len());
        return Ok(());
    }
    let style = stdout_style();
    print!("{}", summary(&session.changes, style));
    for c in &pending {
        print!("{}", unified(c, style));
    }
    let n = pending.len();
    Err(Error::Answer(format!(
        "{n} {} would change: `scaffold update` writes {}",
        files(n),
        if n == 1 { "it" } else { "them" }
    )))
}
