//! In-process cost of the core flow per preset: resolve answers, validate, render every template
//! and compare with an empty project. Prints figures; asserts nothing (timings are not tests).

use scaffold::flow::prepare;
use scaffold::spec::presets;
use scaffold::spec::resolve::Layer;
use std::time::{Duration, Instant};

const RUNS: u32 = 50;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("app");
    println!("{:<18} {:>10} {:>10} {:>8}", "preset", "mean", "min", "files");
    for (name, _, text) in presets::all() {
        let mut times = Vec::new();
        let mut files = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let layer = Layer::parse(name, text).expect("preset parses");
            let session = prepare(&project, vec![layer], false, scaffold::cli::Existing::Keep).expect("preset renders");
            times.push(start.elapsed());
            files = session.changes.len();
        }
        let mean = times.iter().sum::<Duration>() / RUNS;
        let min = times.iter().min().copied().unwrap_or_default();
        println!("{name:<18} {:>8.2}ms {:>8.2}ms {files:>8}", mean.as_secs_f64() * 1e3, min.as_secs_f64() * 1e3);
    }
    if let Some(kib) = peak_rss_kib() {
        println!("peak resident memory: {:.1} MiB", kib as f64 / 1024.0);
    }
}
