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

impl Reviewer for Terminal {
    fn review(&mut self, changes: &[Change]) -> Result<Decision> {
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
