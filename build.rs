//! Rebuild when templates or presets change, including files added to them (`include_dir!` alone
//! does not tell cargo about new files), and hash them: `scaffold --version` names the template
//! set it renders, so two binaries of one version with different templates are told apart.

use sha2::{Digest, Sha256};
use std::path::Path;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("templates and presets are readable") {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=presets");
    let mut all = Vec::new();
    files(Path::new("templates"), &mut all);
    files(Path::new("presets"), &mut all);
    all.sort();
    let mut hash = Sha256::new();
    for path in &all {
        hash.update(path.to_string_lossy().as_bytes());
        hash.update([0]);
        hash.update(std::fs::read(path).expect("a readable template"));
        hash.update([0]);
    }
    let hex: String = hash.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=SCAFFOLD_TEMPLATES_HASH={hex}");
}
