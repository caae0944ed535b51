//! `newsdex completions SHELL` and `newsdex man`: documents generated from the command-line
//! definitions in [`crate::cli`], so they can never disagree with `--help`.

use std::io::Write;

use crate::cli::{self, CompletionsArgs};
use crate::exit_codes::ExitStatus;
use anyhow::Result;

/// Prints the completion script for the shell asked for.
pub fn completions(args: &CompletionsArgs) -> Result<ExitStatus> {
    // Rendered into memory first: clap_complete panics when its writer fails, and
    // `newsdex completions bash | head` closes the pipe early.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli::command(), "newsdex", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Prints the man page, with a section per subcommand.
pub fn man() -> Result<ExitStatus> {
    let command = cli::command();
    let mut out = std::io::stdout().lock();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        writeln!(out, ".SH \"NEWSDEX {}\"", name.to_uppercase())?;
        // Each subcommand's own page, without its title and name lines.
        let mut page = Vec::new();
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(format!("newsdex {name}")));
        sub_man.render_synopsis_section(&mut page)?;
        sub_man.render_description_section(&mut page)?;
        sub_man.render_options_section(&mut page)?;
        let page = String::from_utf8_lossy(&page).replace(".SH ", ".SS ");
        out.write_all(page.as_bytes())?;
    }
    man.render_version_section(&mut out)?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
