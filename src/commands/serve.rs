//! `newsdex serve`: the index over HTTP until Ctrl-C; where it listens goes to stderr.

use std::io::Write;

use anyhow::{Context, Result};
use newsdex::serve::{self, Limits};
use newsdex::NewsIndex;

use super::Settings;
use crate::cli::ServeArgs;
use crate::exit_codes::ExitStatus;

pub fn run(args: &ServeArgs, settings: &Settings) -> Result<ExitStatus> {
    // Fail now, not on the first request, when there is no index to serve.
    NewsIndex::open(&settings.index)?;
    let listener = std::net::TcpListener::bind(args.addr)
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr()?;
    let mut err = std::io::stderr().lock();
    if !addr.ip().is_loopback() {
        writeln!(
            err,
            "newsdex: warning: listening on {addr}, not a loopback address: anyone who can reach it can read the whole archive"
        )?;
    }
    writeln!(
        err,
        "newsdex: serving '{}' at http://{addr}/ (Ctrl-C to stop)",
        settings.index.display()
    )?;
    drop(err);
    let router = serve::router(&settings.index, Limits::default());
    serve::serve(listener, router, serve::shutdown_signal())
        .with_context(|| format!("serving on {addr}"))?;
    Ok(ExitStatus::Success)
}
