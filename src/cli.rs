//! The command line, as clap derive types and nothing else.
//!
//! Conventions for every flag:
//! - the doc comment's first line is the short help; later paragraphs show only in `--help`;
//! - value names are UPPERCASE; closed choices are `ValueEnum`s with a doc comment per variant;
//! - numbers are validated here (`NonZeroUsize`), not deep in the code;
//! - an environment fallback is named in the help text as well as declared with `env`;
//! - options every subcommand shares (`--color`) live on [`Cli`] as globals; `--index` is
//!   on [`Cli`] and, through [`IndexDir`], on each subcommand that reads an index, so
//!   `parse` (which reads none) does not offer it.
//!
//! [`crate::commands::Settings::from_cli`] turns these into plain settings; nothing below
//! `commands/` sees a clap type.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// The command line with its version set: the release and the index format it reads and
/// writes, e.g. `0.1.0 (index format 2)`. Use this, not `Cli::command()`, so `--version`,
/// the man page and completions agree.
pub fn command() -> clap::Command {
    // clap keeps `&'static str`s; one short string per run is leaked.
    let version = format!(
        "{} (index format {})",
        env!("CARGO_PKG_VERSION"),
        newsdex::schema::folder::FORMAT_VERSION
    );
    Cli::command().version(&*Box::leak(version.into_boxed_str()))
}

/// Parses the process's arguments (exiting with clap's message on a usage error).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// Full-text search for news stories: datelines, bylines and quotes understood.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, propagate_version = true)]
pub struct Cli {
    /// Index folder [env: NEWSDEX_INDEX] [default: index]
    ///
    /// Also taken after the subcommands that use an index (not `parse`).
    #[arg(long, value_name = "DIR", env = "NEWSDEX_INDEX", hide_env = true)]
    pub index: Option<PathBuf>,

    /// When to color output
    ///
    /// `auto` colors only when stdout is a terminal and NO_COLOR is not set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

/// When to color output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Color when stdout is a terminal and NO_COLOR is unset (default)
    Auto,
    /// Always emit ANSI colors
    Always,
    /// Never emit colors
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index a folder of stories (only what changed since the last run)
    Index(IndexArgs),
    /// Search the index and show ranked, highlighted stories
    #[command(visible_alias = "search")]
    Query(QueryArgs),
    /// Show how stories are understood, as JSON lines
    Parse(ParseArgs),
    /// Score ranking quality against relevance judgments (P@k, MRR, nDCG, MAP)
    ///
    /// Exits 0 when every --min threshold and every query's expect_top/expect_first
    /// holds, 1 when one fails (listed on stderr), 2 on bad input.
    Eval(EvalArgs),
    /// Show what the index holds: stories, size, dates, top places, agencies, speakers
    Stats(StatsArgs),
    /// Serve the index read-only over HTTP: a search page at / and a JSON API under /api
    ///
    /// Routes: /api/search, /api/story/ID, /api/stats, /api/timeline (see the README).
    /// New commits of the index are picked up without a restart.
    Serve(ServeArgs),
    /// Print a shell completion script on stdout
    ///
    /// For bash: `newsdex completions bash > ~/.local/share/bash-completion/completions/newsdex`;
    /// zsh: into a folder on $fpath as `_newsdex`; fish: into
    /// ~/.config/fish/completions/newsdex.fish; PowerShell: add the output to $PROFILE.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout
    ///
    /// Read it with `newsdex man | man -l -`, or install it with
    /// `newsdex man > /usr/local/share/man/man1/newsdex.1`.
    Man,
}

/// `newsdex serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index_dir: IndexDir,

    /// Address to listen on; anything but a loopback address makes the archive public
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7700")]
    pub addr: std::net::SocketAddr,
}

/// `newsdex completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

impl Command {
    /// The `--index` given after the subcommand, for those that take one.
    pub fn index_dir(&self) -> Option<&PathBuf> {
        match self {
            Command::Index(args) => args.index_dir.index.as_ref(),
            Command::Query(args) => args.index_dir.index.as_ref(),
            Command::Eval(args) => args.index_dir.index.as_ref(),
            Command::Stats(args) => args.index_dir.index.as_ref(),
            Command::Serve(args) => args.index_dir.index.as_ref(),
            Command::Parse(_) | Command::Completions(_) | Command::Man => None,
        }
    }
}

/// `--index` on a subcommand that reads or writes an index.
#[derive(Debug, Args)]
pub struct IndexDir {
    /// Index folder [env: NEWSDEX_INDEX] [default: index]
    #[arg(long, value_name = "DIR", env = "NEWSDEX_INDEX", hide_env = true)]
    pub index: Option<PathBuf>,
}

/// `newsdex index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub index_dir: IndexDir,

    /// Folder of stories to index [default: the folder the index was built from, else corpus]
    #[arg(value_name = "CORPUS")]
    pub corpus: Option<PathBuf>,

    /// Start from an empty index (also replaces a damaged one or one of another corpus)
    ///
    /// Without it only new, changed and deleted files are handled.
    #[arg(long)]
    pub rebuild: bool,

    /// Year for datelines that give only a month and day when the path has no date
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub year: Option<i32>,

    /// Threads for parsing and indexing [default: every core]
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,

    /// Index writer memory budget in megabytes, shared by its threads
    #[arg(long, value_name = "MB", default_value_t = 200, value_parser = clap::value_parser!(u64).range(16..=65_536))]
    pub memory: u64,

    /// Commit after this many stories, so a killed run loses at most that many
    #[arg(long, value_name = "N", default_value = "20000")]
    pub commit_every: NonZeroUsize,

    /// Skip files larger than this (bytes, or with a K, M or G suffix)
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Index hidden files and folders (names starting with a dot)
    #[arg(long)]
    pub hidden: bool,

    /// Follow symbolic links (loops are detected and skipped)
    #[arg(short = 'L', long)]
    pub follow: bool,

    /// Summary format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = IndexFormat::Text)]
    pub format: IndexFormat,

    /// Print nothing but errors
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// List every skipped file with its reason
    #[arg(short, long)]
    pub verbose: bool,
}

/// How `index` reports what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IndexFormat {
    /// One line on stderr: added, updated, removed, unchanged, skipped (default)
    Text,
    /// One JSON object on stdout: {"type":"summary","added",...}
    Json,
}

/// `10M` -> 10485760: bytes with an optional K, M or G suffix (powers of 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text[..i], c.to_ascii_uppercase()),
        _ => (text, 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown unit '{unit}': use K, M or G")),
    };
    let number: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a size: write e.g. 500K or 10M"))?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("'{text}' is too large"))
}

/// `newsdex query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    #[command(flatten)]
    pub index_dir: IndexDir,

    /// Query: words, "phrases", AND/OR/-word, field:value, word~1, pre*
    ///
    /// Fields: title, body, quotes, speaker, location, agency, category, byline,
    /// published. `"a b"~2` allows words between, `word~N` N typos (N ≤ 2), `summ*` a
    /// prefix, `title:oil^2` a boost, `published:[2025-09-01 TO 2025-09-30]` a date range.
    /// Several arguments are joined with spaces.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub query: Vec<String>,

    /// Number of stories to show [default: 10 for text and json, every match otherwise]
    ///
    /// Formats for scripts (-l, paths, tsv, csv, jsonl, trec) print every match unless
    /// -n is given, as `grep -l` does. `-n 0` prints no story: counts and facets only.
    #[arg(short = 'n', long, value_name = "N")]
    pub limit: Option<usize>,

    /// Skip this many top stories (pagination)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,

    /// Match stories with any of the words instead of all of them
    #[arg(long)]
    pub any: bool,

    /// Also search for the top stories' most distinctive words, together weighted like the query's own
    #[arg(long)]
    pub expand: bool,

    /// When no story has every free word, show stories with any of them
    ///
    /// Field clauses (`speaker:volcker`) and filters still hold. This happens on its own
    /// only for text on a terminal (a person reading); --fallback asks for it anywhere.
    #[arg(long, overrides_with = "no_fallback")]
    pub fallback: bool,

    /// Never fall back to any word: no story with every word exits 1
    #[arg(long, overrides_with = "fallback")]
    pub no_fallback: bool,

    /// Print a header row first (--format tsv; csv always has one)
    #[arg(long)]
    pub header: bool,

    /// Snippet length in characters
    #[arg(long, value_name = "N", default_value = "200")]
    pub snippet_chars: NonZeroUsize,

    /// Passages shown per story, best first (0: none)
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub snippets: usize,

    /// Only stories published on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<newsdex::search::DateSpan>,

    /// Only stories published on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<newsdex::search::DateSpan>,

    /// Only stories datelined at PLACE (whole name, any case; repeatable)
    #[arg(long, value_name = "PLACE")]
    pub location: Vec<String>,

    /// Only stories from AGENCY (any case; repeatable)
    #[arg(long, value_name = "AGENCY")]
    pub agency: Vec<String>,

    /// Only stories in CATEGORY, the first folder under the corpus (repeatable)
    #[arg(long, value_name = "CATEGORY")]
    pub category: Vec<String>,

    /// Only stories quoting NAME (full name or surname, any case; repeatable)
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,

    /// Only stories tagged TAG in their metadata (whole tag, any case; repeatable)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Order of the stories
    #[arg(long, value_enum, value_name = "ORDER", default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,

    /// Print each story's score broken down by field and term
    #[arg(long)]
    pub explain: bool,

    /// After the stories, count matches by location, agency, category and speaker
    #[arg(long)]
    pub facets: bool,

    /// Under the hits, chart how many matching stories fall in each PERIOD
    ///
    /// With --format json, adds "timeline": [{"period","count","first","last"}] and
    /// "undated" (the counts and undated add up to total_hits).
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub timeline: Option<TimelineBy>,

    /// Print only the paths of matching stories (same as --format paths)
    #[arg(short = 'l', long = "files-with-matches")]
    pub files_with_matches: bool,
}

/// Period of `query --timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineBy {
    /// Calendar days
    Day,
    /// ISO weeks, Monday to Sunday
    Week,
    /// Calendar months
    Month,
    /// Calendar years
    Year,
}

/// How `query` orders stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    /// Best match first (default)
    Relevance,
    /// Latest published first; undated stories last
    Newest,
    /// Earliest published first; undated stories last
    Oldest,
}

/// `newsdex stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index_dir: IndexDir,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

/// How `stats` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned lines for people (default)
    Text,
    /// One JSON document
    Json,
}

/// How `query` prints results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Ranked list for people (default)
    Text,
    /// One JSON document with every hit
    Json,
    /// One JSON object per hit, per line
    Jsonl,
    /// TREC run lines `1 Q0 ID RANK SCORE newsdex`, for trec_eval
    Trec,
    /// Tab-separated: rank, score, id, published, location, agency, title
    Tsv,
    /// Comma-separated with a header row: rank, score, id, path, published, location, agency, title
    Csv,
    /// One path per line, for xargs (same as -l)
    Paths,
}

/// `newsdex parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Story files or folders of stories (`-` reads one story from standard input)
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,

    /// Corpus root that ids, categories and path dates are relative to
    ///
    /// Defaults to a folder argument itself, or for a file to ./corpus when the file is
    /// inside it, else the file's own folder.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// Year for datelines that give only a month and day when the path has no date
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1000..=9999))]
    pub year: Option<i32>,

    /// Skip files larger than this, as `index` does (bytes, or with a K, M or G suffix); a
    /// file named, or standard input, that is larger is an error
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = ParseFormat::Jsonl)]
    pub format: ParseFormat,
}

/// How `parse` prints articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// One JSON article per line (default)
    Jsonl,
    /// One JSON array of every article
    Json,
}

/// `newsdex eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub index_dir: IndexDir,

    /// Judgments file: .toml or .json with [[query]] id, text, relevant
    #[arg(
        value_name = "JUDGMENTS",
        required_unless_present = "topics",
        conflicts_with = "topics"
    )]
    pub judgments: Option<PathBuf>,

    /// TREC topics file, `QID<TAB>QUERY TEXT` per line (with --qrels)
    #[arg(long, value_name = "FILE", requires = "qrels")]
    pub topics: Option<PathBuf>,

    /// TREC qrels file, `QID 0 DOCID GRADE` per line (with --topics)
    #[arg(long, value_name = "FILE", requires = "topics")]
    pub qrels: Option<PathBuf>,

    /// Cutoff for p@k, recall@k and ndcg@k
    #[arg(short = 'k', long = "cutoff", value_name = "K", default_value = "10")]
    pub k: NonZeroUsize,

    /// Stories retrieved per query; MAP and MRR use all of them
    #[arg(long, value_name = "N", default_value = "1000")]
    pub depth: NonZeroUsize,

    /// Fail (exit 1) when a mean is below VALUE; repeatable
    ///
    /// METRIC is p@K, recall@K, mrr, ndcg@K, map or success@1 (K must equal -k; `@k`
    /// also works), or trec_eval's P_K, recall_K, recip_rank, ndcg_cut_K.
    #[arg(long = "min", value_name = "METRIC=VALUE")]
    pub min: Vec<newsdex::eval::Threshold>,

    /// Also write the rankings as a TREC run file, for trec_eval
    #[arg(long, value_name = "FILE")]
    pub run: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,

    /// Match stories with any of the query words instead of all of them
    #[arg(long)]
    pub any: bool,

    /// Expand each query with its top stories' most distinctive words
    #[arg(long)]
    pub expand: bool,

    /// Save this run's per-query metrics and rankings as a baseline (versioned JSON)
    #[arg(long, value_name = "BASELINE.json")]
    pub save: Option<PathBuf>,

    /// Compare this run with a saved baseline: means, paired significance tests, wins/losses
    ///
    /// Exits 2 when the baseline holds other queries, judgments, -k or --depth.
    #[arg(long, value_name = "BASELINE.json", conflicts_with = "save")]
    pub against: Option<PathBuf>,

    /// Fail (exit 1) when a mean falls by more than DELTA and significantly; repeatable
    ///
    /// Significant: the randomization test's p-value is below --alpha. METRIC as for --min.
    #[arg(long, value_name = "METRIC=DELTA", requires = "against")]
    pub max_drop: Vec<newsdex::eval::MaxDrop>,

    /// Significance level for --max-drop
    #[arg(long, value_name = "ALPHA", default_value = "0.05", value_parser = parse_alpha)]
    pub alpha: f64,

    /// Fail (exit 1) when this query loses on any metric against the baseline; repeatable
    #[arg(long, value_name = "QUERY_ID", requires = "against")]
    pub fail_on_any_loss: Vec<String>,
}

/// A significance level, strictly between 0 and 1.
fn parse_alpha(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|a| *a > 0.0 && *a < 1.0)
        .ok_or_else(|| format!("'{text}' is not a number between 0 and 1 (such as 0.05)"))
}

/// How `eval` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// A table per query and the means (default)
    Text,
    /// One JSON document: {"queries","k","depth","mean","per_query"} (--against: {"metrics",...})
    Json,
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_k_m_g_suffixes() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("4k"), Ok(4096));
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("3T").is_err());
    }
}
