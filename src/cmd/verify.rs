//! `scaffold verify`: the real validators over the generated files, as a table or JSON.

use crate::catalog::Catalog;
use crate::cli::Existing;
use crate::cli::VerifyArgs;
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};
use crate::verify::{self, Job, Outcome};
use std::time::Duration;

pub fn run(args: &VerifyArgs) -> Result<()> {
    let dir = &args.project.dir;
    let session = prepare(dir, vec![require_project_layer(dir)?], false, Existing::Keep)?;
    let catalog = Catalog::load()?;
    let jobs: Vec<Job> = session
        .spec
        .components
        .iter()
        .filter_map(|id| catalog.get(id))
        .flat_map(|c| c.manifest.verify.iter().map(move |check| Job { component: c.id(), check }))
        .filter(|job| args.only.is_empty() || args.only.contains(&job.check.tool))
        .collect();
    if jobs.is_empty() && !args.only.is_empty() && !args.only.iter().any(|t| t == "scaffold") {
        return Err(Error::input(format!(
            "`--only`: no check of this project uses {}",
            args.only.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        )));
    }
    let files: Vec<verify::Generated> = session
        .plan
        .files
        .iter()
        .map(|(path, f)| verify::Generated {
            path: path.clone(),
            usual: f.usual.clone().unwrap_or_else(|| path.clone()),
        })
        .collect();
    let mut reports = verify::run(dir, &files, &jobs, Duration::from_secs(args.timeout))?;
    if args.only.is_empty() || args.only.iter().any(|t| t == "scaffold") {
        reports.insert(0, verify::fit_report(dir, &session.spec));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports).expect("reports serialize"));
    } else {
        for r in &reports {
            let tool = match &r.version {
                Some(v) => format!("{} ({v})", r.tool),
                None => r.tool.clone(),
            };
            let outcome = serde_json::to_value(r.outcome).expect("outcome serializes");
            println!("{:<14} {:>6.2}s  {:<26} {}", outcome.as_str().unwrap_or(""), r.seconds, tool, r.artifact);
            for line in r.message.lines().filter(|_| r.outcome != Outcome::Pass) {
                println!("    {line}");
            }
        }
    }
    let failed = reports.iter().filter(|r| r.outcome == Outcome::Fail).count();
    let skipped = reports.iter().filter(|r| r.outcome == Outcome::Skipped).count();
    let passed = reports.iter().filter(|r| r.outcome == Outcome::Pass).count();
    if !args.json {
        println!("{passed} passed, {failed} failed, {skipped} skipped");
    }
    if failed > 0 || (args.strict && skipped > 0) {
        let why = if failed > 0 {
            format!("{failed} validators failed")
        } else {
            format!("{skipped} validators are not installed (--strict)")
        };
        return Err(Error::Found(why));
    }
    Ok(())
}
