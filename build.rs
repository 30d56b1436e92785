//! Rebuild when templates or presets change, including files added to them: `include_dir!` alone
//! does not tell cargo about new files.

fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=presets");
}
