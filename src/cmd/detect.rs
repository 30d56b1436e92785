//! `scaffold detect`: what the repository uses, what each finding is based on, and the answers
//! they imply.

use crate::cli::DetectArgs;
use crate::detect::{as_sets, base_preset, detect, proposed};
use crate::error::Result;

pub fn run(args: &DetectArgs) -> Result<()> {
    let findings = detect(&args.project.dir)?;
    let answers = proposed(&findings);
    let preset = base_preset(&answers);
    if args.json {
        super::print_json(vec![
            ("findings", serde_json::to_value(&findings).expect("findings serialize")),
            ("preset", serde_json::to_value(preset).expect("the preset serializes")),
            ("answers", serde_json::to_value(&answers).expect("answers serialize")),
        ]);
        return Ok(());
    }
    if findings.is_empty() {
        println!("nothing detected in `{}`", args.project.dir.display());
    }
    for f in &findings {
        println!("{:<16} {} ({})", f.id, f.summary, f.based_on);
    }
    if let Some(p) = preset {
        println!("\nclosest preset: {p}");
    }
    let sets = as_sets(&answers);
    if !sets.is_empty() {
        let sets: Vec<String> = sets.iter().map(|s| format!("--set {}", super::shell_word(s))).collect();
        println!("implied answers: {}", sets.join(" "));
    }
    Ok(())
}
