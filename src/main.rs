//! Entry point: parse, run, and turn an error into one line on stderr and an exit code.

use clap::{CommandFactory, Parser};
use scaffold::error::exit;

fn main() {
    // `scaffold diff | head` should end quietly when the reader goes away, as other Unix tools do,
    // instead of panicking on a closed pipe: restore the default SIGPIPE action Rust ignores.
    // SAFETY: called first in main, before any thread exists; only changes this process's disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // The shell asking for completions (`COMPLETE=bash scaffold ...`, as `scaffold completions`
    // registers): answer and exit.
    clap_complete::CompleteEnv::with_factory(scaffold::cli::Cli::command).complete();
    let cli = scaffold::cli::Cli::parse();
    let code = match scaffold::run(cli) {
        Ok(()) => exit::OK,
        Err(e @ scaffold::error::Error::Answer(_)) => {
            println!("{e}");
            e.exit_code()
        }
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
