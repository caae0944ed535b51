//! Facet counts: how many matching stories each location, agency, category, speaker and tag
//! has, over every match (not just the page shown), read from fast columns.

use std::collections::HashMap;

use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// How many values each facet lists.
pub const FACET_TOP: usize = 10;

/// One value of a facet and how many matching stories have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    /// The value as written in the stories (its most common spelling).
    pub value: String,
    /// Matching stories with this value.
    pub count: u64,
}

/// Counts per facet, most frequent first (ties alphabetical), [`FACET_TOP`] each.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Dateline places.
    pub location: Vec<FacetCount>,
    /// Dateline agencies.
    pub agency: Vec<FacetCount>,
    /// Category folders.
    pub category: Vec<FacetCount>,
    /// Quotation speakers.
    pub speaker: Vec<FacetCount>,
    /// Tags or keywords from the stories' metadata.
    pub tags: Vec<FacetCount>,
}

/// The fast-column names counted, in [`Facets`] order.
pub(crate) const FACET_COLUMNS: [&str; 5] = [
    crate::schema::names::LOCATION_KEY,
    crate::schema::names::AGENCY_KEY,
    crate::schema::names::CATEGORY,
    crate::schema::names::SPEAKER_KEY,
    crate::schema::names::TAGS,
];

/// Counts values of the facet columns over every document it sees.
pub struct FacetCollector;

/// Per-column counts of values as written.
type RawCounts = Vec<HashMap<String, u64>>;

impl Collector for FacetCollector {
    type Fruit = RawCounts;
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let mut columns = Vec::new();
        for name in FACET_COLUMNS {
            columns.push(segment.fast_fields().str(name)?);
        }
        let counts = columns
            .iter()
            .map(|c| vec![0u64; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        Ok(FacetSegmentCollector { columns, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<RawCounts>) -> tantivy::Result<RawCounts> {
        let mut merged: RawCounts = vec![HashMap::new(); FACET_COLUMNS.len()];
        for fruit in fruits {
            for (into, from) in merged.iter_mut().zip(fruit) {
                add_counts(into, from);
            }
        }
        Ok(merged)
    }
}

/// Adds one segment's counts into the merged counts; the timeline merges its days the same way.
pub(crate) fn add_counts<K: std::hash::Hash + Eq>(
    into: &mut HashMap<K, u64>,
    from: HashMap<K, u64>,
) {
    for (key, n) in from {
        *into.entry(key).or_default() += n;
    }
}

/// [`FacetCollector`] for one segment: counts term ordinals, names them at the end.
pub struct FacetSegmentCollector {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = RawCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (column, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(column) = column {
                let mut last = None;
                for ord in column.term_ords(doc) {
                    // A story counts once per value, however often it repeats it.
                    if last == Some(ord) {
                        continue;
                    }
                    last = Some(ord);
                    if let Some(n) = counts.get_mut(ord as usize) {
                        *n += 1;
                    }
                }
            }
        }
    }

    fn harvest(self) -> RawCounts {
        let mut out = Vec::new();
        for (column, counts) in self.columns.iter().zip(self.counts) {
            let mut named = HashMap::new();
            if let Some(column) = column {
                // One pass over the sorted dictionary: looking each ordinal up on its own
                // decodes a block per value, which is slow with thousands of speakers.
                if let Ok(mut stream) = column.dictionary().stream() {
                    while stream.advance() {
                        let n = counts.get(stream.term_ord() as usize).copied().unwrap_or(0);
                        if n > 0 {
                            if let Ok(value) = std::str::from_utf8(stream.key()) {
                                named.insert(value.to_string(), n);
                            }
                        }
                    }
                }
            }
            out.push(named);
        }
        out
    }
}

/// Folds spellings that differ only in case ("Washington", "WASHINGTON") into the most
/// common one, and keeps the top [`FACET_TOP`].
pub(crate) fn finish(raw: RawCounts) -> Facets {
    let mut lists = raw.into_iter().map(|counts| {
        let mut groups: HashMap<String, (u64, Vec<(u64, String)>)> = HashMap::new();
        for (value, n) in counts {
            let group = groups.entry(value.to_lowercase()).or_default();
            group.0 += n;
            group.1.push((n, value));
        }
        let mut list: Vec<FacetCount> = groups
            .into_values()
            .map(|(count, mut spellings)| {
                spellings.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                FacetCount {
                    value: spellings.swap_remove(0).1,
                    count,
                }
            })
            .collect();
        list.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
        list.truncate(FACET_TOP);
        list
    });
    Facets {
        location: lists.next().unwrap_or_default(),
        agency: lists.next().unwrap_or_default(),
        category: lists.next().unwrap_or_default(),
        speaker: lists.next().unwrap_or_default(),
        tags: lists.next().unwrap_or_default(),
    }
}
