//! `scaffold verify`: the real validators over the generated files, as a table or JSON.

use crate::catalog::Catalog;
use crate::cli::Existing;
use crate::cli::VerifyArgs;
use crate::error::{Error, Result};
use crate::flow::{prepare, require_project_layer};
use crate::spec::resolve::nearest;
use crate::verify::{self, Job, Outcome, Report};
use std::time::Duration;

fn row(r: &Report) -> String {
    let tool = match &r.version {
        Some(v) => format!("{} ({v})", r.tool),
        None => r.tool.clone(),
    };
    let outcome = serde_json::to_value(r.outcome).expect("outcome serializes");
    let mut out = format!("{:<14} {:>6.2}s  {:<26} {}", outcome.as_str().unwrap_or(""), r.seconds, tool, r.artifact);
    for line in r.message.lines().filter(|_| r.outcome != Outcome::Pass || crate::output::verbose()) {
        out.push_str(&format!("\n    {line}"));
    }
    out
}

pub fn run(args: &VerifyArgs) -> Result<()> {
    let dir = &args.project.dir;
    let session = prepare(dir, vec![require_project_layer(dir)?], false, Existing::Keep)?;
    let catalog = Catalog::load()?;
    let all: Vec<Job> = session
        .spec
        .components
        .iter()
        .filter_map(|id| catalog.get(id))
        .flat_map(|c| c.manifest.verify.iter().map(move |check| Job { component: c, check }))
        .collect();
    if args.list {
        println!("{:<24} {:<16} what", "id", "tool");
        println!("{:<24} {:<16} the generated files fit the repository", "fit", "scaffold");
        for job in &all {
            let slow = if job.check.slow { " (slow)" } else { "" };
            println!("{:<24} {:<16} {}{slow}", job.check.id(job.component.id()), job.check.tool, job.check.artifact);
        }
        return Ok(());
    }
    let mut tools: Vec<&str> = all.iter().map(|j| j.check.tool.as_str()).collect();
    tools.push("scaffold");
    tools.sort();
    tools.dedup();
    // `--only` takes a tool (every check it runs) or one check's id (`scaffold verify --list`).
    let ids: Vec<String> = all.iter().map(|j| j.check.id(j.component.id())).chain(["fit".to_owned()]).collect();
    let named = |t: &String| tools.contains(&t.as_str()) || ids.contains(t);
    // What another component checks is no typo: `--only nginx --only caddy` suits every project.
    let known: Vec<String> = catalog
        .components
        .iter()
        .flat_map(|c| c.manifest.verify.iter().flat_map(|v| [v.tool.clone(), v.id(c.id())]))
        .collect();
    let unknown = args.only.iter().find(|t| !named(t) && !known.contains(t));
    let none_used = !args.only.is_empty() && !args.only.iter().any(named);
    if let Some(unknown) = unknown.or(none_used.then(|| &args.only[0])) {
        let candidates: Vec<&str> = tools.iter().copied().chain(ids.iter().map(String::as_str)).collect();
        let hint = nearest(unknown, &candidates).map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
        return Err(Error::input(format!(
            "`--only`: no check of this project uses `{unknown}`; {hint}its tools: {} (`scaffold verify --list` shows the checks)",
            tools.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ")
        )));
    }
    let mut jobs: Vec<Job> = all
        .into_iter()
        .filter(|job| {
            args.only.is_empty()
                || args.only.contains(&job.check.tool)
                || args.only.contains(&job.check.id(job.component.id()))
        })
        .filter(|job| !(args.quick && job.check.slow))
        .collect();
    // The slow ones first, so that the others finish while they run.
    jobs.sort_by_key(|job| !job.check.slow);
    let files: Vec<verify::Generated> = session
        .plan
        .files
        .iter()
        .map(|(path, f)| verify::Generated {
            path: path.clone(),
            usual: f.usual.clone().unwrap_or_else(|| path.clone()),
        })
        .collect();
    let mut reports = Vec::new();
    // `--quiet`: only what did not pass (and the count below).
    let show = |r: &Report| {
        let hidden = crate::output::quiet() && matches!(r.outcome, Outcome::Pass | Outcome::NotApplicable);
        if !args.json && !hidden {
            println!("{}", row(r));
        }
    };
    if args.only.is_empty() || args.only.iter().any(|t| t == "scaffold" || t == "fit") {
        let fit = verify::fit_report(dir, &session.spec);
        show(&fit);
        reports.push(fit);
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = args.jobs.unwrap_or(cores);
    // Each report is printed as its check finishes; the JSON keeps the order of the checks.
    let printing = std::sync::Mutex::new(());
    let done = |r: &Report| {
        let _one_at_a_time = printing.lock();
        show(r);
    };
    reports.extend(verify::run(
        dir,
        &files,
        &jobs,
        &catalog.library,
        Duration::from_secs(args.timeout),
        workers,
        &done,
    )?);
    if args.json {
        super::print_json(vec![("checks", serde_json::to_value(&reports).expect("reports serialize"))]);
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
            format!("{skipped} checks miss their tool or a dependency (--strict)")
        };
        return Err(Error::Found(why));
    }
    Ok(())
}
