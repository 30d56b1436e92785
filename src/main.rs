//! Entry point: parse, run, and turn an error into one line on stderr and an exit code.

use clap::Parser;
use scaffold::error::exit;

fn main() {
    let cli = scaffold::cli::Cli::parse();
    let code = match scaffold::run(cli) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
