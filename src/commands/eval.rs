//! `newsdex eval`: judgments -> rankings -> metrics report on stdout, failures on stderr;
//! with `--save` / `--against`, a baseline written or compared with.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use newsdex::eval::{self, Baseline, CompareOptions, EvalOptions, Judgments};
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
    // Read before running anything, so a missing or damaged baseline fails fast.
    let baseline = args.against.as_deref().map(Baseline::load).transpose()?;
    let index = NewsIndex::open(&settings.index)?;
    let report = eval::evaluate(&index, &judgments, &options)?;

    if let Some(path) = &args.save {
        Baseline::from_report(&report).save(path)?;
        eprintln!(
            "newsdex: saved the baseline of {} queries to {}",
            report.queries,
            path.display()
        );
    }

    if let Some(path) = &args.run {
        let write_run = || -> std::io::Result<()> {
            let mut file = BufWriter::new(File::create(path)?);
            render::trec::report_run(&mut file, &report)?;
            file.flush()
        };
        write_run().with_context(|| format!("writing run file '{}'", path.display()))?;
    }

    let mut out = settings.stdout();
    let comparison = match &baseline {
        Some(baseline) => {
            let compare = CompareOptions {
                alpha: args.alpha,
                max_drops: args.max_drop.clone(),
                must_not_lose: args.fail_on_any_loss.clone(),
                ..CompareOptions::default()
            };
            let path = args.against.as_deref().unwrap_or(Path::new(""));
            let comparison = report
                .compare(baseline, &compare)
                .with_context(|| format!("comparing with the baseline '{}'", path.display()))?;
            match args.format {
                EvalFormat::Text => render::compare::comparison_text(&mut out, &comparison)?,
                EvalFormat::Json => render::compare::comparison_json(&mut out, &comparison)?,
            }
            Some(comparison)
        }
        None => {
            match args.format {
                EvalFormat::Text => render::eval::report_text(&mut out, &report)?,
                EvalFormat::Json => {
                    let passed = report.verdict(&args.min).passed();
                    render::eval::report_json(&mut out, &report, passed)?
                }
            }
            None
        }
    };
    out.flush()?;

    let verdict = report.verdict(&args.min);
    let mut stderr = std::io::stderr().lock();
    render::eval::verdict(&mut stderr, &report, &verdict)?;
    if let Some(comparison) = &comparison {
        render::compare::comparison_verdict(&mut stderr, comparison)?;
    }
    let compared_ok = comparison.as_ref().is_none_or(|c| c.passed());
    Ok(if verdict.passed() && compared_ok {
        ExitStatus::Success
    } else {
        ExitStatus::ChecksFailed
    })
}
