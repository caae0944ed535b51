//! `newsdex eval`: judgments -> rankings -> metrics report on stdout, failures on stderr.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::{anyhow, Context, Result};
use newsdex::eval::{self, EvalOptions, Judgments};
use newsdex::render;
use newsdex::NewsIndex;

use super::Settings;
use crate::cli::{EvalArgs, EvalFormat};
use crate::exit_codes::ExitStatus;

pub fn run(args: &EvalArgs, settings: &Settings) -> Result<ExitStatus> {
    let options = EvalOptions {
        k: args.k.get(),
        depth: args.depth.get(),
        match_all: !args.any,
        expand: args.expand,
    };
    for threshold in &args.min {
        threshold.check_cutoff(options.k).map_err(|e| anyhow!(e))?;
    }
    let judgments = match (&args.judgments, &args.topics, &args.qrels) {
        (Some(file), _, _) => Judgments::load(file)?,
        (None, Some(topics), Some(qrels)) => Judgments::load_trec(topics, qrels)?,
        // clap requires JUDGMENTS or --topics with --qrels.
        _ => return Err(anyhow!("give a judgments file, or --topics with --qrels")),
    };
    if !judgments.unjudged.is_empty() {
        eprintln!(
            "newsdex: skipped {} topic(s) with no judgments in the qrels: {}",
            judgments.unjudged.len(),
            judgments.unjudged.join(", ")
        );
    }
    let index = NewsIndex::open(&settings.index)?;
    let report = eval::evaluate(&index, &judgments, &options)?;

    if let Some(path) = &args.run {
        let write_run = || -> std::io::Result<()> {
            let mut file = BufWriter::new(File::create(path)?);
            render::trec::report_run(&mut file, &report)?;
            file.flush()
        };
        write_run().with_context(|| format!("writing run file '{}'", path.display()))?;
    }

    let mut out = settings.stdout();
    match args.format {
        EvalFormat::Text => render::eval::report_text(&mut out, &report)?,
        EvalFormat::Json => render::eval::report_json(&mut out, &report)?,
    }
    out.flush()?;

    let verdict = report.verdict(&args.min);
    render::eval::verdict(&mut std::io::stderr().lock(), &report, &verdict)?;
    Ok(if verdict.passed() {
        ExitStatus::Success
    } else {
        ExitStatus::ChecksFailed
    })
}
