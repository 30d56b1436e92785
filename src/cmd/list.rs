//! `scaffold list` and `scaffold completions`: what is available, and how the shell completes it.

use crate::catalog::Catalog;
use crate::cli::Cli;
use crate::error::Result;
use crate::spec::presets;
use clap::CommandFactory;

pub fn run() -> Result<()> {
    println!("presets:");
    for (name, summary, _) in presets::all() {
        println!("  {name:<18} {summary}");
    }
    let catalog = Catalog::load()?;
    println!("components (optional ones are added with `scaffold add ID`):");
    for c in &catalog.components {
        let how = match &c.manifest.when {
            Some(expr) => format!("when {expr}"),
            None => "optional".to_owned(),
        };
        println!("  {:<18} {} [{how}]", c.id(), c.manifest.summary);
        for a in &c.manifest.answers {
            let default = a.default.as_ref().map_or_else(|| ", required".to_owned(), |d| format!(", default {d}"));
            println!("  {:<18}   --set settings.{}.{}=…  {} ({:?}{default})", "", c.id(), a.key, a.help, a.kind);
        }
    }
    Ok(())
}

pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    clap_complete::generate(shell, &mut Cli::command(), "scaffold", &mut std::io::stdout());
    Ok(())
}
