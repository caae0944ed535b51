//! Scoring parsed fields against a truth file, shared by the accuracy checks over `../shared`.

use std::collections::HashMap;
use std::path::Path;

use newsdex::corpus::{self, Entry};
use newsdex::{Article, ParseOptions};

/// How many misses of each kind to print: `NEWSDEX_SHOW_MISSES=N`, else `default`.
pub fn show_misses(default: usize) -> usize {
    std::env::var("NEWSDEX_SHOW_MISSES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Hits out of checks for one field, keeping the first misses to print.
pub struct Score {
    pub hits: usize,
    pub total: usize,
    pub misses: Vec<String>,
    shown: usize,
}

impl Score {
    /// A score that keeps at most `shown` misses.
    pub fn new(shown: usize) -> Self {
        Score {
            hits: 0,
            total: 0,
            misses: Vec::new(),
            shown,
        }
    }

    pub fn check(&mut self, ok: bool, miss: impl FnOnce() -> String) {
        self.total += 1;
        if ok {
            self.hits += 1;
        } else if self.misses.len() < self.shown {
            self.misses.push(miss());
        }
    }

    /// The share of hits, rounded down to two places so a floor is never met by rounding.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            return 100.0;
        }
        (self.hits as f64 * 10_000.0 / self.total as f64).floor() / 100.0
    }
}

/// One table row (`name` padded to `width`), then the misses kept.
pub fn print_row(name: &str, width: usize, score: &Score, floor: f64) {
    println!(
        "{name:<width$} {:>6} / {:<6} {:>7.2}%   floor {floor:.2}%",
        score.hits,
        score.total,
        score.percent()
    );
    for miss in &score.misses {
        println!("    miss: {miss}");
    }
}

/// Every story under `root`, parsed, by id.
pub fn parse_all(root: &Path) -> HashMap<String, Article> {
    let mut articles = HashMap::new();
    for entry in corpus::scan(root).expect("the corpus folder exists") {
        if let Entry::Story(source) = entry {
            for article in Article::parse_source(&source.id, &source.text, &ParseOptions::default())
                .unwrap_or_default()
            {
                articles.insert(article.id.clone(), article);
            }
        }
    }
    articles
}
