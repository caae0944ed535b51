//! One file per subcommand. Each wires the library's stages together for its task and
//! returns an [`ExitStatus`]; [`Settings`] is the only view of the command line they share.

mod completions;
mod eval;
mod index;
mod parse;
mod query;
mod serve;
mod stats;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;
use termcolor::{BufferedStandardStream, ColorChoice};

use crate::cli::{Cli, ColorWhen, Command};
use crate::exit_codes::ExitStatus;

/// Index folder used when neither `--index` nor `NEWSDEX_INDEX` says otherwise.
const DEFAULT_INDEX_DIR: &str = "index";

/// Test-only switch that makes newsdex believe stdout is a terminal, so the colored path
/// can be tested without a tty.
const FORCE_TTY_ENV: &str = "NEWSDEX_TEST_FORCE_TTY";

/// Command-line options resolved against the environment: what every command may consult.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The index folder.
    pub index: PathBuf,
    /// Whether stdout gets ANSI colors.
    pub color: bool,
    /// Whether stdout is a terminal (a person reading, not a script).
    pub tty: bool,
    /// Display columns text output wraps to: the terminal's, else 80.
    pub width: usize,
}

impl Settings {
    /// Resolves defaults, `NEWSDEX_INDEX` (via clap), `NO_COLOR` and whether stdout is a tty.
    pub fn from_cli(cli: &Cli) -> Settings {
        let index = cli
            .command
            .index_dir()
            .or(cli.index.as_ref())
            .cloned()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX_DIR));
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let is_tty = std::env::var_os(FORCE_TTY_ENV).is_some() || std::io::stdout().is_terminal();
        let color = match cli.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                is_tty && !no_color && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        let width = if is_tty {
            terminal_columns().unwrap_or(newsdex::render::text::WIDTH)
        } else {
            newsdex::render::text::WIDTH
        };
        Settings {
            index,
            color,
            tty: is_tty,
            width,
        }
    }

    /// Buffered stdout, colored or not as settled.
    pub fn stdout(&self) -> BufferedStandardStream {
        BufferedStandardStream::stdout(if self.color {
            ColorChoice::AlwaysAnsi
        } else {
            ColorChoice::Never
        })
    }
}

/// The terminal's width in columns: its own size, else `COLUMNS`.
fn terminal_columns() -> Option<usize> {
    console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| usize::from(columns))
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .filter(|&columns| columns > 0)
}

/// Runs the command `cli` names.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let settings = Settings::from_cli(&cli);
    newsdex::render::text::set_width(settings.width);
    match &cli.command {
        Command::Index(args) => index::run(args, &settings),
        Command::Query(args) => query::run(args, &settings),
        Command::Parse(args) => parse::run(args, &settings),
        Command::Eval(args) => eval::run(args, &settings),
        Command::Stats(args) => stats::run(args, &settings),
        Command::Serve(args) => serve::run(args, &settings),
        Command::Completions(args) => completions::completions(args),
        Command::Man => completions::man(),
    }
}
