//! `scaffold list`, `completions` and `man`: what is available, how the shell completes it, and
//! the manual page.

use crate::catalog::Catalog;
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::spec::presets;
use crate::spec::resolve::nearest;
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

/// A manual page, from the same definition as `--help`: scaffold's own, or `scaffold-<command>`.
pub fn man(command: Option<&str>) -> Result<()> {
    let cli = Cli::command();
    let page = match command {
        None => cli,
        Some(name) => {
            let names: Vec<&str> = cli.get_subcommands().map(clap::Command::get_name).collect();
            let Some(sub) = cli.find_subcommand(name) else {
                let hint = nearest(name, &names).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
                return Err(Error::input(format!(
                    "`command`: scaffold has no command `{name}`; {hint}its commands: {}",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                )));
            };
            sub.clone().name(format!("scaffold-{name}"))
        }
    };
    clap_mangen::Man::new(page).render(&mut std::io::stdout()).map_err(|e| Error::io("<stdout>", e))
}

/// The shell's registration of dynamic completion: it calls `COMPLETE=<shell> scaffold` back on
/// each Tab, so the candidates are this binary's own (`crate::complete`) and never go stale.
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let name = shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let completer =
        shells.completer(&name).ok_or_else(|| Error::input(format!("`shell`: `{name}` is not supported")))?;
    let name = Cli::command().get_name().to_owned();
    // As the shell finds this binary now (a path when run by one), as clap's own registration does.
    let bin = std::env::args_os().next().map_or_else(|| name.clone(), |a| a.to_string_lossy().into_owned());
    completer
        .write_registration("COMPLETE", &name, &bin, &bin, &mut std::io::stdout())
        .map_err(|e| Error::io("<stdout>", e))
}
