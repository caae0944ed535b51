//! The Reuters-21578 topics of `../shared/corpora` as judged queries, shared by the tests
//! that measure on them (`tests/reuters.rs`, `tests/eval_compare.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Topics need this many stories to become a query.
pub const MIN_STORIES: usize = 20;

/// Reuters topic code -> query: the topic's name written as words, as the Reuters-21578
/// category list names it (`alum` is Aluminium, `ipi` the Industrial Production Index),
/// with codes that are words kept as they are.
pub const TOPIC_QUERIES: &[(&str, &str)] = &[
    ("acq", "acquisition"),
    ("alum", "aluminium"),
    ("barley", "barley"),
    ("bop", "balance of payments"),
    ("carcass", "carcass"),
    ("cocoa", "cocoa"),
    ("coffee", "coffee"),
    ("copper", "copper"),
    ("corn", "corn"),
    ("cotton", "cotton"),
    ("cpi", "consumer price index"),
    ("crude", "crude oil"),
    ("dlr", "dollar"),
    ("earn", "earnings"),
    ("gas", "gasoline"),
    ("gnp", "gross national product"),
    ("gold", "gold"),
    ("grain", "grain"),
    ("interest", "interest rates"),
    ("ipi", "industrial production index"),
    ("iron-steel", "iron steel"),
    ("jobs", "jobs"),
    ("livestock", "livestock"),
    ("meal-feed", "meal feed"),
    ("money-fx", "foreign exchange"),
    ("money-supply", "money supply"),
    ("nat-gas", "natural gas"),
    ("oilseed", "oilseed"),
    ("palm-oil", "palm oil"),
    ("reserves", "reserves"),
    ("rice", "rice"),
    ("rubber", "rubber"),
    ("ship", "shipping"),
    ("soybean", "soybean"),
    ("sugar", "sugar"),
    ("trade", "trade"),
    ("veg-oil", "vegetable oil"),
    ("wheat", "wheat"),
    ("yen", "yen"),
];

/// Where the stories and their topic labels are.
pub struct Reuters {
    pub stories: PathBuf,
    pub truth: PathBuf,
}

/// The shared Reuters corpus, or `None` (skipping visibly) when absent.
pub fn reuters() -> Option<Reuters> {
    let shared = super::shared_corpora()?;
    let reuters = Reuters {
        stories: shared.join("reuters"),
        truth: shared.join("reuters-truth.jsonl"),
    };
    super::shared("corpora/reuters")?;
    super::shared("corpora/reuters-truth.jsonl")?;
    Some(reuters)
}

/// Topics with at least [`MIN_STORIES`] stories, as TREC topics and qrels text.
pub fn topics_and_qrels(truth: &Path) -> (String, String) {
    let mut stories_by_topic: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in std::fs::read_to_string(truth).unwrap().lines() {
        let story: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = story["path"].as_str().unwrap();
        for topic in story["topics"].as_array().unwrap() {
            stories_by_topic
                .entry(topic.as_str().unwrap().to_string())
                .or_default()
                .insert(path.to_string());
        }
    }
    let queries: BTreeMap<&str, &str> = TOPIC_QUERIES.iter().copied().collect();
    let (mut topics, mut qrels) = (String::new(), String::new());
    for (topic, stories) in &stories_by_topic {
        if stories.len() < MIN_STORIES {
            continue;
        }
        let query = queries.get(topic.as_str()).unwrap_or_else(|| {
            panic!(
                "topic '{topic}' has {} stories but no query in TOPIC_QUERIES: add it",
                stories.len()
            )
        });
        topics.push_str(&format!("{topic}\t{query}\n"));
        for story in stories {
            qrels.push_str(&format!("{topic} 0 {story} 1\n"));
        }
    }
    (topics, qrels)
}
