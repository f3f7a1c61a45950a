//! The `rassegna` command: parses arguments, runs the command, maps errors to
//! exit statuses. Nothing else lives here.
//!
//! Exit statuses: 0 success; 1 a search that found nothing; 2 any error
//! (bad arguments, malformed query or date, missing index, I/O), printed on
//! standard error, or with `--json` as `{"error": {"kind", "message"}}` on
//! standard output. A closed standard output (`rassegna search … | head -1`)
//! ends quietly.

use std::process::ExitCode;

mod cli;
mod server;

use clap::Parser;
use cli::{args::Cli, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return cli::usage_error(error),
    };
    let json = cli.wants_json();
    cli::bound_allocator();
    match cli::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            cli::print_error(&error, json);
            ExitCode::from(2)
        }
    }
}

/// A reader that stopped reading (`| head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                .is_some_and(|kind| kind == std::io::ErrorKind::BrokenPipe)
    })
}
