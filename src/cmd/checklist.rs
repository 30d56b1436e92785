//! `scaffold checklist`: which production-readiness items the project covers, and what is left.

use crate::apply::{Op, apply};
use crate::catalog::Catalog;
use crate::checklist::{evaluate, items, markdown, text};
use crate::cli::ChecklistArgs;
use crate::cli::Existing;
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};

pub const REPORT_FILE: &str = "PRODUCTION_READINESS.md";

pub fn run(args: &ChecklistArgs) -> Result<()> {
    let dir = &args.project.dir;
    let session = prepare(dir, vec![require_project_layer(dir)?], false, Existing::Keep)?;
    let catalog = Catalog::load()?;
    let rows = evaluate(&items(&catalog)?, &session.spec, &session.plan, dir, crate::spec::types::today());
    if args.json {
        super::print_json(vec![("items", serde_json::to_value(&rows).expect("rows serialize"))]);
    } else if args.markdown.as_deref() != Some("-") {
        print!("{}", text(&rows));
    }
    match args.markdown.as_deref() {
        Some("-") => print!("{}", markdown(session.spec.answers.project.as_str(), &rows)),
        Some(file) => {
            let doc = markdown(session.spec.answers.project.as_str(), &rows);
            apply(dir, &[Op { path: file.into(), content: Some(doc), mode: 0o644, dir_mode: None }])?;
            println!("wrote `{file}`");
        }
        None => {}
    }
    if let Some(level) = args.require {
        let open: Vec<&str> =
            rows.iter().filter(|r| r.level <= level && !r.status.done()).map(|r| r.id.as_str()).collect();
        if !open.is_empty() {
            let level = format!("{level:?}").to_lowercase();
            return Err(Error::Found(format!(
                "{} items at level `{level}` or above are neither covered nor acknowledged: {}",
                open.len(),
                open.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(())
}
