//! The `newsdex` binary: parse arguments, run one command, turn the result into an exit code.

mod cli;
mod commands;
mod exit_codes;

use std::process::ExitCode;

use crate::exit_codes::ExitStatus;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A panic caught on one file is reported on that file's one line; any other still
    // prints as Rust prints it.
    newsdex::panics::quiet_hook();
    match commands::run(cli::parse()) {
        Ok(status) => status.into(),
        Err(err) if is_broken_pipe(&err) => ExitStatus::Success.into(),
        Err(err) => {
            // Messages quote paths and query text, which may hold control characters.
            let message = format!("{err:#}");
            eprintln!(
                "newsdex: {}",
                newsdex::render::sanitize::for_terminal(&message)
            );
            ExitStatus::Error.into()
        }
    }
}

/// `newsdex query ... | head` closing the pipe early is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
