//! Stage 4, scoring: how a story's score is made, and the order of stories with equal scores.
//!
//! For a query of plain words (no field names, phrases, fuzzy words, prefixes or boosts) the
//! score is BM25F: each word's occurrences in the headline, body, quotations and names fields
//! are weighted by field, length-normalised per field, summed, and only then saturated,
//! so a word said five times in a long body and once in the headline is one piece of
//! evidence, not two. A word scores `idf × tf / (k1 + tf)`, where `tf` is that weighted,
//! normalised sum. Other queries keep tantivy's per-field BM25 (with the same boosts).
//!
//! Tantivy decides which stories match; [`RankCollector`] scores them and keeps the best,
//! breaking ties newest first, then by id, so a rebuilt index never reorders results.
//!
//! When a query's words are each in more than [`RankParams::bound_over`] stories (20,000),
//! relevance order first keeps the best [`RankParams::candidates`] (2000) matches by
//! tantivy's own score ([`Candidates`], counting every match), and only those are scored
//! with BM25F, so a query's cost stops growing with how many stories match. A story BM25F
//! would rank high that tantivy's per-field BM25 puts below that depth is then missed, and
//! a tie at that depth is cut in index order. Bounding every query would leave the Reuters
//! figures as they are, but reorders words most stories hold (`said`) from the second hit.
//! [`expansion`] picks the words `--expand` adds from the top stories (pseudo-relevance
//! feedback); without `--expand` the same words, with a smaller weight
//! ([`RankParams::rerank`]), only re-score the stories a query matched; a story is given up
//! as soon as what its remaining added words can add leaves it below the shown places
//! ([`rescore`]). Knows nothing of snippets, rendering or the command line.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings, TermInfo};
use tantivy::query::{Bm25StatisticsProvider, Weight};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::tokenizer::{TextAnalyzer, TokenizerManager};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use super::explain::ScorePart;
use super::Sort;
use crate::schema::{self, Fields};

/// One field's part in BM25F.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeight {
    /// How much one occurrence here counts against one in the body.
    pub weight: f32,
    /// Length normalisation: 0 ignores the field's length, 1 divides by it fully.
    pub b: f32,
}

/// The ranking parameters. [`RankParams::default`] is what newsdex ships, chosen on the
/// Reuters dev topics (see BENCHMARKS.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankParams {
    /// Saturation: how fast repeated occurrences stop adding to a word's score.
    pub k1: f32,
    /// Headline.
    pub title: FieldWeight,
    /// Story text.
    pub body: FieldWeight,
    /// Quotations (their words are in the body too).
    pub quotes: FieldWeight,
    /// Speaker, dateline place and byline.
    pub names: FieldWeight,
    /// Proximity: how much query words written close together (in query order) add.
    pub proximity: f32,
    /// The lead: how much more an occurrence within the first [`RankParams::lead_tokens`]
    /// words of the story text counts (news puts what a story is about first).
    pub lead: f32,
    /// How many words of the story text are its lead.
    pub lead_tokens: u32,
    /// `--expand`: how many top stories feed the expansion.
    pub expand_stories: usize,
    /// `--expand`: how many words are added.
    pub expand_words: usize,
    /// `--expand`: the query's share of the expanded query (RM3's λ): the added words
    /// together weigh `(1 − λ) / λ` times the query's words (each query word weighs 1),
    /// shared in proportion to how strongly the top stories hold them.
    pub expand_interpolation: f32,
    /// Without `--expand`: the weight of the strongest word the top stories add, to the
    /// scoring only (pseudo-relevance feedback that reorders the stories the query
    /// matches and matches no others; 0: off).
    pub rerank: f32,
    /// The fewest stories a query must match for that reordering: feedback from the top
    /// stories says something only when they are a small part of what matched.
    pub rerank_min_matches: usize,
    /// How many of the first ranking's best stories that reordering re-scores; the rest
    /// keep their first order (and score) behind them.
    pub rerank_depth: usize,
    /// How many matches tantivy's own score (BM25 per field, with the boosts) hands to
    /// BM25F in relevance order (twice as many for any-word queries; at least as many as
    /// a page needs): the rest are counted but never scored, so a query's cost stops
    /// growing with how many stories match. 0 scores every match.
    pub candidates: usize,
    /// The bound applies only when the query's words are in more stories than this (the
    /// rarest when all must match): below, every match is scored, so an index of up to
    /// this many stories ranks exactly as without the bound.
    pub bound_over: u64,
}

impl Default for RankParams {
    fn default() -> RankParams {
        RankParams {
            k1: 1.2,
            title: FieldWeight {
                weight: 3.0,
                b: 0.75,
            },
            body: FieldWeight {
                weight: 1.0,
                b: 0.35,
            },
            quotes: FieldWeight {
                weight: 1.0,
                b: 0.35,
            },
            names: FieldWeight {
                weight: 1.5,
                b: 0.0,
            },
            proximity: 0.5,
            lead: 1.0,
            lead_tokens: 30,
            expand_stories: 10,
            expand_words: 15,
            expand_interpolation: 0.5,
            rerank: 0.075,
            rerank_min_matches: 30,
            rerank_depth: 1000,
            candidates: 2000,
            bound_over: 20_000,
        }
    }
}

/// The positive plain words of `text` when the whole query is plain words on the default
/// fields (negations and `published:` dates allowed), else `None`.
pub fn plain_words(text: &str) -> Option<Vec<String>> {
    let ast = tantivy::query_grammar::parse_query(text).ok()?;
    let mut words = Vec::new();
    collect_plain(&ast, true, &mut words).then_some(words)
}

fn collect_plain(ast: &UserInputAst, positive: bool, out: &mut Vec<String>) -> bool {
    use tantivy::query_grammar::Occur as UserOccur;
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().all(|(occur, sub)| {
            let negative = matches!(occur, Some(UserOccur::MustNot));
            collect_plain(sub, positive && !negative, out)
        }),
        UserInputAst::Boost(..) => false,
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(literal) => {
                if literal.field_name.as_deref() == Some(schema::names::PUBLISHED) {
                    return true;
                }
                if !positive {
                    return true;
                }
                let plain = literal.field_name.is_none()
                    && literal.delimiter == Delimiter::None
                    && literal.slop == 0
                    && !literal.prefix
                    && !literal.phrase.contains(['~', '*']);
                if plain {
                    out.push(literal.phrase.clone());
                }
                plain
            }
            UserInputLeaf::Range { field, .. } => {
                field.as_deref() == Some(schema::names::PUBLISHED) || !positive
            }
            _ => !positive,
        },
    }
}

/// A scored field: where a word is looked up and how it counts.
#[derive(Debug, Clone)]
struct Slot {
    field: Field,
    name: String,
    weight: FieldWeight,
    /// Mean length in tokens over all stories.
    mean_len: f32,
    /// Whether terms here are stems (prose) or folded words (names).
    prose: bool,
    /// No story has a word here (bylines in most corpora): nothing to look up.
    empty: bool,
}

/// Whether any story has a token in `field`, read from its field norms (one byte per
/// story, 0 for no token). Not from the term dictionary: opening the dictionary of a field
/// no story has makes tantivy build an empty one, about 0.6 ms, 8% of a `query` process.
pub(crate) fn has_tokens(searcher: &Searcher, field: Field) -> bool {
    if !searcher.schema().get_field_entry(field).is_indexed() {
        return false;
    }
    searcher.segment_readers().iter().any(|segment| {
        // `fieldnorms_readers` is public but hidden from tantivy's docs; without norms,
        // ask the dictionary (assume tokens).
        let norms = segment
            .fieldnorms_readers()
            .get_inner_file()
            .open_read(field)
            .and_then(|file| file.read_bytes().ok());
        // OR-ing whole chunks vectorises; a field no story has is read to its end.
        norms.is_none_or(|bytes| {
            bytes
                .as_slice()
                .chunks(4096)
                .any(|chunk| chunk.iter().fold(0u8, |all, &id| all | id) != 0)
        })
    })
}

/// The stories BM25's statistics count: every story in the segments, deleted or not. A
/// word's document frequency and a field's token count still include the stories a
/// re-index deleted until their segment merges; dividing those by the live stories alone
/// made a word in every story score below zero, ranking first the stories that say it
/// least. Tantivy's own BM25 counts the same way.
pub(crate) fn counted_stories(searcher: &Searcher) -> u64 {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| u64::from(segment.max_doc()))
        .sum()
}

/// `term`'s dictionary entry in each segment, by segment ordinal (`None` where no story of
/// the segment has it).
fn term_infos(searcher: &Searcher, term: &Term) -> Vec<Option<TermInfo>> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            segment
                .inverted_index(term.field())
                .ok()?
                .get_term_info(term)
                .ok()?
        })
        .collect()
}

/// What one search looks up in its searcher's index more than once, looked up once: each
/// term's dictionary entries, and each field's token count (`None`: no story has a token
/// there). The first scorer, the feedback's word rarities and the re-scoring's scorer ask
/// for many of the same: the query's own words twice, the added words' headline and body
/// entries twice (BENCHMARKS.md, issue 15, tenth session). Valid for one searcher only.
#[derive(Default)]
pub struct Lookups {
    infos: RefCell<FxMap<Term, Vec<Option<TermInfo>>>>,
    tokens: RefCell<FxMap<Field, Option<u64>>>,
}

impl Lookups {
    /// `term`'s dictionary entry in each segment of `searcher` (see [`term_infos`]).
    fn term_infos(&self, searcher: &Searcher, term: &Term) -> Vec<Option<TermInfo>> {
        if let Some(infos) = self.infos.borrow().get(term) {
            return infos.clone();
        }
        let infos = term_infos(searcher, term);
        self.infos.borrow_mut().insert(term.clone(), infos.clone());
        infos
    }

    /// How many stories of `searcher` hold `term` (as [`Searcher::doc_freq`]).
    fn doc_freq(&self, searcher: &Searcher, term: &Term) -> u64 {
        self.term_infos(searcher, term)
            .iter()
            .flatten()
            .map(|info| u64::from(info.doc_freq))
            .sum()
    }

    /// `field`'s tokens over all stories, `None` when no story has one ([`has_tokens`]).
    fn tokens(&self, searcher: &Searcher, field: Field) -> Option<u64> {
        *self.tokens.borrow_mut().entry(field).or_insert_with(|| {
            has_tokens(searcher, field).then(|| searcher.total_num_tokens(field).unwrap_or(0))
        })
    }
}

/// Fields where proximity counts: the first slots (headline, body).
const PROXIMITY_SLOTS: usize = 2;
/// The body's slot, where the lead is.
const LEAD_SLOT: usize = 1;
/// Occurrences further apart than this (beyond the query's spacing) are not near.
const PROXIMITY_WINDOW: i64 = 8;

/// A word to score: its term in each slot (`None` where it has none) and its weight.
#[derive(Debug, Clone)]
pub struct RankTerm {
    /// Label for `--explain`.
    label: String,
    terms: Vec<Option<Term>>,
    /// Per slot, the term's dictionary entry in each segment (by ordinal), read once when
    /// counting its stories: scoring a segment opens its postings from it.
    infos: Vec<Vec<Option<TermInfo>>>,
    weight: f32,
    idf: f32,
    /// Stories holding the word (in the field where most do).
    df: u64,
    /// A word of the query (not added by expansion).
    own: bool,
}

/// BM25F over a fixed list of words, with index-wide statistics.
#[derive(Debug, Clone)]
pub struct Bm25f {
    k1: f32,
    proximity: f32,
    lead: f32,
    lead_tokens: u32,
    /// How many of `terms` are the query's own words (in query order); the rest are added.
    own: usize,
    slots: Vec<Slot>,
    terms: Vec<RankTerm>,
    /// Whether more occurrences never lower a score (no negative weight, idf or bonus,
    /// `k1 > 0`): only then does [`Bm25f::may_reach`] bound a score from above.
    bounded: bool,
}

impl Bm25f {
    /// A scorer for `words` (as typed, weight 1 each) plus `stems` (as indexed in prose
    /// fields, with their weights). `None` when no word has a term anywhere.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        searcher: &Searcher,
        lookups: &Lookups,
        tokenizers: &TokenizerManager,
        fields: &Fields,
        params: &RankParams,
        words: &[String],
        stems: &[(String, f32)],
    ) -> Option<Bm25f> {
        let schema = searcher.schema();
        let num_docs = counted_stories(searcher).max(1) as f32;
        let slot = |field: Field, weight: FieldWeight, prose: bool| {
            let counted = lookups.tokens(searcher, field);
            let empty = counted.is_none();
            let tokens = counted.unwrap_or(0) as f32;
            Slot {
                field,
                name: schema.get_field_name(field).to_string(),
                weight,
                mean_len: (tokens / num_docs).max(1.0),
                prose,
                empty,
            }
        };
        let slots = vec![
            slot(fields.title, params.title, true),
            slot(fields.body, params.body, true),
            slot(fields.quotes, params.quotes, true),
            slot(fields.speaker, params.names, false),
            slot(fields.location, params.names, false),
            slot(fields.byline, params.names, false),
        ];
        let mut terms = Vec::new();
        for word in words {
            let per_slot: Vec<Option<Term>> = slots
                .iter()
                .map(
                    |s| match analyze(tokenizers, schema, s.field, word).as_slice() {
                        [token] if !s.empty => Some(Term::from_field_text(s.field, token)),
                        _ => None,
                    },
                )
                .collect();
            let label = analyze(tokenizers, schema, fields.body, word)
                .pop()
                .unwrap_or_else(|| word.to_lowercase());
            terms.push((label, per_slot, 1.0, true));
        }
        for (stem, weight) in stems {
            let per_slot = slots
                .iter()
                .map(|s| (s.prose && !s.empty).then(|| Term::from_field_text(s.field, stem)))
                .collect();
            terms.push((stem.clone(), per_slot, *weight, false));
        }
        let terms: Vec<RankTerm> = terms
            .into_iter()
            .filter(|(_, per_slot, _, _)| per_slot.iter().any(Option::is_some))
            .map(|(label, terms, weight, own)| {
                let infos: Vec<Vec<Option<TermInfo>>> = terms
                    .iter()
                    .map(|term| {
                        term.as_ref()
                            .map_or_else(Vec::new, |t| lookups.term_infos(searcher, t))
                    })
                    .collect();
                // Stories holding the word in each field (summed over segments), the most.
                let df = infos
                    .iter()
                    .map(|per_segment| {
                        per_segment
                            .iter()
                            .flatten()
                            .map(|info| u64::from(info.doc_freq))
                            .sum::<u64>()
                    })
                    .max()
                    .unwrap_or(0);
                let idf = (1.0 + (num_docs - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
                RankTerm {
                    label,
                    terms,
                    infos,
                    weight,
                    idf,
                    df,
                    own,
                }
            })
            .collect();
        if terms.is_empty() {
            return None;
        }
        let own = terms.iter().filter(|t| t.own).count();
        let bounded = params.k1 > 0.0
            && params.proximity >= 0.0
            && params.lead >= 0.0
            && terms.iter().all(|t| t.weight >= 0.0 && t.idf >= 0.0);
        Some(Bm25f {
            bounded,
            k1: params.k1,
            proximity: params.proximity,
            lead: params.lead,
            lead_tokens: params.lead_tokens,
            own,
            slots,
            terms,
        })
    }

    /// How many stories hold the query's rarest own word (`all`: every word must match) or
    /// its commonest (any word may): about how many stories the query matches.
    pub fn matches_about(&self, all: bool) -> u64 {
        let own = self.terms.iter().filter(|t| t.own).map(|t| t.df);
        match all {
            true => own.min(),
            false => own.max(),
        }
        .unwrap_or(0)
    }

    /// The terms this scorer adds up, for expansion and tests: (label, weight).
    pub fn words(&self) -> Vec<(String, f32)> {
        self.terms
            .iter()
            .map(|t| (t.label.clone(), t.weight))
            .collect()
    }

    fn for_segment(&self, segment_ord: SegmentOrdinal, segment: &SegmentReader) -> SegmentScorer {
        self.for_segment_from(segment_ord, segment, 0)
    }

    /// A segment's scorer of the terms from the `from`-th on: the query's own words and
    /// their proximity only with `from` 0 (see [`rescore`]).
    fn for_segment_from(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
        from: usize,
    ) -> SegmentScorer {
        let norms = self
            .slots
            .iter()
            .map(|s| segment.get_fieldnorms_reader(s.field).ok())
            .collect();
        let near = from == 0 && self.proximity > 0.0 && self.own > 1;
        let postings = self
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if i < from {
                    return vec![None; t.terms.len()];
                }
                t.terms
                    .iter()
                    .enumerate()
                    .map(|(s, term)| {
                        let term = term.as_ref()?;
                        let info = t.infos.get(s)?.get(segment_ord as usize)?.as_ref()?;
                        let option = if (near && t.own && s < PROXIMITY_SLOTS)
                            || (self.lead > 0.0 && t.own && s == LEAD_SLOT)
                        {
                            IndexRecordOption::WithFreqsAndPositions
                        } else {
                            IndexRecordOption::WithFreqs
                        };
                        segment
                            .inverted_index(term.field())
                            .ok()?
                            .read_postings_from_terminfo(info, option)
                            .ok()
                            .map(Box::new)
                    })
                    .collect()
            })
            .collect();
        SegmentScorer {
            segment_ord,
            segment: segment.clone(),
            norms,
            postings,
            last: 0,
            near,
            from,
            positions: vec![Vec::new(); self.own],
            body_positions: vec![Vec::new(); self.own],
            scratch: Vec::new(),
        }
    }

    /// The score of one story, and each term's part split by field (`(term, slot, part)`).
    fn score(
        &self,
        segment: &mut SegmentScorer,
        doc: DocId,
        parts: Option<&mut Vec<ScorePart>>,
    ) -> Score {
        let (words, near) = self.score_split(segment, doc, parts, 0.0);
        with_proximity(words, near)
    }

    /// Moves the segment scorer's postings to `doc`. Postings only move forward, so a
    /// story behind them starts them again (tantivy hands stories over in order; this is
    /// a safety net).
    fn reach(&self, segment: &mut SegmentScorer, doc: DocId) {
        if doc < segment.last {
            let from = segment.from;
            *segment = self.for_segment_from(segment.segment_ord, &segment.segment.clone(), from);
        }
        segment.last = doc;
    }

    /// Term `t`'s frequency in slot `s` of story `doc`, weighted by the slot and
    /// normalised by the field's length, with the raw frequency; `None` where the story
    /// does not have it. Leaves the postings on `doc`, so the exact score and the bound
    /// ([`Bm25f::may_reach`]) share one computation and cannot drift apart. Always inlined:
    /// a call per posting cost 10% of a one-word query's instructions.
    #[inline(always)]
    fn weighted_frequency(
        &self,
        segment: &mut SegmentScorer,
        t: usize,
        s: usize,
        doc: DocId,
    ) -> Option<(f32, f32)> {
        let slot = &self.slots[s];
        let postings = segment.postings[t][s].as_mut()?;
        if postings.doc() < doc {
            postings.seek(doc);
        }
        if postings.doc() != doc {
            return None;
        }
        let len = segment.norms[s]
            .as_ref()
            .map_or(slot.mean_len, |n| n.fieldnorm(doc) as f32);
        let norm = 1.0 - slot.weight.b + slot.weight.b * len / slot.mean_len;
        let freq = postings.term_freq() as f32;
        Some((slot.weight.weight * freq / norm.max(1e-3), freq))
    }

    /// One story's score in two parts: its words' (added to `start`, in term order from
    /// the segment scorer's first term) and the proximity bonus (0 without one).
    fn score_split(
        &self,
        segment: &mut SegmentScorer,
        doc: DocId,
        parts: Option<&mut Vec<ScorePart>>,
        start: Score,
    ) -> (Score, Score) {
        self.score_split_above(segment, doc, parts, start, None)
            .unwrap_or((start, 0.0))
    }

    /// [`Bm25f::score_split`], given up (`None`) as soon as the story cannot reach
    /// `cut`'s bar: after each term, the words so far plus the most the terms after it can
    /// add ([`Cut::rest`]) plus `cut`'s extra.
    fn score_split_above(
        &self,
        segment: &mut SegmentScorer,
        doc: DocId,
        parts: Option<&mut Vec<ScorePart>>,
        start: Score,
        cut: Option<&Cut>,
    ) -> Option<(Score, Score)> {
        self.reach(segment, doc);
        let mut total = start;
        let mut parts = parts;
        let mut per_slot = [0f32; 8];
        for (t, term) in self.terms.iter().enumerate().skip(segment.from) {
            let mut tf = 0.0;
            for (s, _) in self.slots.iter().enumerate() {
                per_slot[s] = 0.0;
                let Some((mut part, _)) = self.weighted_frequency(segment, t, s, doc) else {
                    continue;
                };
                if s == LEAD_SLOT && self.lead > 0.0 && term.own {
                    // An own word's body positions, kept for the proximity bonus.
                    let out = segment
                        .body_positions
                        .get_mut(t)
                        .unwrap_or(&mut segment.scratch);
                    out.clear();
                    if let Some(postings) = segment.postings[t][s].as_mut() {
                        postings.positions(out);
                    }
                    let early = out.iter().filter(|&&p| p < self.lead_tokens).count();
                    part += self.lead * early as f32;
                }
                per_slot[s] = part;
                tf += part;
            }
            if tf <= 0.0 {
                if cut.is_some_and(|cut| cut.below(total, t)) {
                    return None;
                }
                continue;
            }
            let score = term.weight * term.idf * tf / (self.k1 + tf);
            total += score;
            if cut.is_some_and(|cut| cut.below(total, t)) {
                return None;
            }
            if let Some(parts) = parts.as_deref_mut() {
                for (s, &share) in per_slot.iter().take(self.slots.len()).enumerate() {
                    if share > 0.0 {
                        parts.push(ScorePart {
                            clause: format!("{}:{}", self.slots[s].name, term.label),
                            score: score * share / tf,
                        });
                    }
                }
            }
        }
        let mut near = 0.0;
        if segment.near {
            let bonus = self.proximity_bonus(segment, doc);
            if bonus > 0.0 {
                near = bonus;
                if let Some(parts) = parts {
                    parts.push(ScorePart {
                        clause: "proximity".to_string(),
                        score: bonus,
                    });
                }
            }
        }
        Some((total, near))
    }

    /// Whether story `doc` may score `bar` or more, from an upper bound on its score made
    /// of what is cheap to read: its words' frequencies and field lengths, before any
    /// positions. The lead counts each occurrence in the body as early (up to
    /// [`RankParams::lead_tokens`]), and proximity counts each pair of query words found
    /// in the same field as written side by side. Every part is added up in the same
    /// order as [`Bm25f::score_split`] adds the exact parts, each at least as large, and
    /// the total is widened past rounding, so a story that may reach `bar` is never
    /// dropped. Leaves the postings on `doc` for [`Bm25f::score_split`].
    fn may_reach(&self, segment: &mut SegmentScorer, doc: DocId, bar: Score) -> bool {
        if !self.bounded {
            return true;
        }
        self.reach(segment, doc);
        let mut total = 0.0;
        // Per proximity field, a bit per own word present (beyond 64 words: assume all).
        let mut present = [0u64; PROXIMITY_SLOTS];
        for (t, term) in self.terms.iter().enumerate().skip(segment.from) {
            let mut tf = 0.0;
            for (s, _) in self.slots.iter().enumerate() {
                let Some((mut part, freq)) = self.weighted_frequency(segment, t, s, doc) else {
                    continue;
                };
                if s == LEAD_SLOT && self.lead > 0.0 && term.own {
                    part += self.lead * freq.min(self.lead_tokens as f32);
                }
                if s < PROXIMITY_SLOTS && t < self.own {
                    present[s] |= 1u64.checked_shl(t as u32).unwrap_or(u64::MAX);
                }
                tf += part;
            }
            if tf <= 0.0 {
                continue;
            }
            total += term.weight * term.idf * tf / (self.k1 + tf);
        }
        let mut near = 0.0f32;
        if segment.near {
            for field in present {
                let mut sum = 0.0;
                for i in 0..self.own {
                    for j in i + 1..self.own {
                        let has =
                            |t: usize| field & 1u64.checked_shl(t as u32).unwrap_or(u64::MAX) != 0;
                        if has(i) && has(j) {
                            sum += self.terms[i].idf.min(self.terms[j].idf);
                        }
                    }
                }
                near = near.max(sum);
            }
        }
        widened(total + self.proximity * near) >= bar
    }

    /// Query words close together in the headline or the body, in query order: for each
    /// pair of query words `i < j`, `1 / d` where `d` is 1 plus how far their nearest
    /// occurrences are from the query's own spacing (`d = 1`: written as in the query),
    /// up to [`PROXIMITY_WINDOW`]; times the rarer word's idf, summed over pairs, best
    /// field, times [`RankParams::proximity`].
    fn proximity_bonus(&self, segment: &mut SegmentScorer, doc: DocId) -> Score {
        let mut best = 0.0f32;
        for s in 0..PROXIMITY_SLOTS.min(self.slots.len()) {
            // The body's were read for the lead ([`Bm25f::score_split`]).
            let read = s == LEAD_SLOT && self.lead > 0.0;
            let mut present = 0;
            for t in 0..self.own {
                let out = &mut segment.positions[t];
                out.clear();
                if let Some(postings) = segment.postings[t][s].as_mut() {
                    if postings.doc() == doc {
                        if read {
                            std::mem::swap(out, &mut segment.body_positions[t]);
                        } else {
                            postings.positions(out);
                        }
                        present += 1;
                    }
                }
            }
            if present < 2 {
                continue;
            }
            let mut sum = 0.0;
            for i in 0..self.own {
                for j in i + 1..self.own {
                    let (a, b) = (&segment.positions[i], &segment.positions[j]);
                    if a.is_empty() || b.is_empty() {
                        continue;
                    }
                    let gap = (j - i) as i64;
                    let mut nearest = i64::MAX;
                    let (mut x, mut y) = (0, 0);
                    // Both lists are sorted: walk them together.
                    while x < a.len() && y < b.len() {
                        let offset = i64::from(b[y]) - i64::from(a[x]);
                        nearest = nearest.min((offset - gap).abs());
                        if offset > gap {
                            x += 1;
                        } else {
                            y += 1;
                        }
                    }
                    let d = nearest + 1;
                    if d <= PROXIMITY_WINDOW {
                        let idf = self.terms[i].idf.min(self.terms[j].idf);
                        sum += idf / d as f32;
                    }
                }
            }
            best = best.max(sum);
        }
        self.proximity * best
    }

    /// A story's score broken down by field and term, largest first.
    pub fn explain(&self, searcher: &Searcher, address: DocAddress) -> Vec<ScorePart> {
        let segment = searcher.segment_reader(address.segment_ord);
        let mut scorer = self.for_segment(address.segment_ord, segment);
        let mut parts = Vec::new();
        self.score(&mut scorer, address.doc_id, Some(&mut parts));
        parts.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.clause.cmp(&b.clause)));
        parts
    }
}

/// When [`Bm25f::score_split_above`] gives a story up.
struct Cut {
    /// Per term, the most the terms after it can add: a term scores below
    /// `weight × idf` (its saturation is below 1).
    rest: Vec<Score>,
    /// Added to the words' part before comparing (the proximity bonus, known already).
    extra: Score,
    bar: Score,
}

impl Cut {
    fn new(bm25f: &Bm25f) -> Cut {
        let mut rest = vec![0.0; bm25f.terms.len()];
        for t in (0..bm25f.terms.len().saturating_sub(1)).rev() {
            let next = &bm25f.terms[t + 1];
            rest[t] = rest[t + 1] + next.weight * next.idf;
        }
        Cut {
            rest,
            extra: 0.0,
            bar: Score::MIN,
        }
    }

    /// Whether a story whose words so far (through term `t`) score `words` stays under
    /// the bar whatever the terms after `t` add.
    fn below(&self, words: Score, t: usize) -> bool {
        widened(words + self.rest[t] + self.extra) < self.bar
    }
}

/// A score from its words' part and its proximity bonus, added as [`Bm25f::score`] always
/// has: the bonus last, and only when there is one.
fn with_proximity(words: Score, near: Score) -> Score {
    if near > 0.0 {
        words + near
    } else {
        words
    }
}

struct SegmentScorer {
    segment_ord: SegmentOrdinal,
    segment: SegmentReader,
    /// Whether proximity is scored.
    near: bool,
    /// The first term scored: 0, or the first added word (the query's own words then
    /// have no postings here).
    from: usize,
    /// Scratch: each own word's positions in one field of one story.
    positions: Vec<Vec<u32>>,
    /// Scratch: each own word's positions in the body of the story being scored, read
    /// for the lead and used again for proximity (decoding them twice was a sixth of
    /// scoring every match of a two-word query; BENCHMARKS.md, issue 15).
    body_positions: Vec<Vec<u32>>,
    /// Scratch: one word's positions in the body.
    scratch: Vec<u32>,
    norms: Vec<Option<FieldNormReader>>,
    /// Per term and slot. Boxed: a term has no postings in most slots, and an unboxed
    /// `SegmentPostings` (block buffers inline) costs about 2 kB even when absent.
    postings: Vec<Vec<Option<Box<SegmentPostings>>>>,
    last: DocId,
}

/// The tokens `text` becomes under `field`'s analyzer.
fn analyze(
    tokenizers: &TokenizerManager,
    schema: &Schema,
    field: Field,
    text: &str,
) -> Vec<String> {
    super::query::analyze(tokenizers, schema, field, text)
}

// --- Collecting: score, keep the best, break ties the same way every time. -----------

/// One kept story, with everything its place depends on.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub score: Score,
    pub address: DocAddress,
    /// With a BM25F scorer: `score` split into its words' part and the proximity bonus,
    /// which [`rescore`] keeps when only added words are new. Else the score and 0.
    words: Score,
    near: Score,
    /// Sort key before the score (the date for date sorts, else 0).
    first: i64,
    /// Publication time in seconds, `i64::MIN` without one.
    date: i64,
    /// The id's ordinal in its segment (ids sort like their ordinals within a segment).
    ord: u64,
    /// The id itself, read only to order equal stories from different segments.
    id: String,
}

impl Kept {
    /// Better first: higher `first`, higher score, newer, smaller id.
    fn cmp_within_segment(&self, other: &Kept) -> Ordering {
        self.cmp_before_id(other).then(self.ord.cmp(&other.ord))
    }

    /// Better first, up to the id: higher `first`, higher score, newer.
    fn cmp_before_id(&self, other: &Kept) -> Ordering {
        other
            .first
            .cmp(&self.first)
            .then(other.score.total_cmp(&self.score))
            .then(other.date.cmp(&self.date))
    }

    /// Better first across segments: as [`Kept::cmp_before_id`], then smaller id.
    fn cmp_across(&self, other: &Kept) -> Ordering {
        self.cmp_before_id(other)
            .then(self.id.cmp(&other.id))
            .then(self.address.cmp(&other.address))
    }
}

/// Heap entry: the worst kept story on top.
struct Worst(Kept);

impl PartialEq for Worst {
    fn eq(&self, other: &Worst) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Worst) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Worst {
    fn cmp(&self, other: &Worst) -> Ordering {
        self.0.cmp_within_segment(&other.0)
    }
}

/// Scores matching stories (with [`Bm25f`] when given, else tantivy's score) and keeps the
/// best `keep`, in a fixed order.
pub(crate) struct RankCollector {
    pub scorer: Option<Arc<Bm25f>>,
    pub keep: usize,
    pub sort: Sort,
    /// Positions where equal stories from different segments may stay unordered by id
    /// (a re-scoring orders them again): a run of them wholly inside is left for
    /// [`settle`] or the re-scoring.
    pub unsettled: Range<usize>,
    /// The best scores made so far, over all segments (see [`Floor`]).
    pub floor: Arc<Floor>,
}

/// The best `keep` scores a [`RankCollector`] has made so far, over all its segments: a
/// story scoring below the lowest of them is below `keep` stories already, so it is never
/// kept, and a BM25F story whose score cannot reach it is not scored in full
/// ([`Bm25f::may_reach`]). Each segment keeps its own best `keep`, so without this a
/// segment of a large index scored all its matches in full until it had `keep` of its
/// own (BENCHMARKS.md, issue 15). A segment takes the scores while it is collected and
/// hands them back, raised, at harvest.
#[derive(Default)]
pub(crate) struct Floor {
    best: Mutex<Best>,
}

impl Floor {
    /// The `keep`-th best score so far, `Score::MIN` before `keep` stories are scored.
    fn get(&self, keep: usize) -> Score {
        self.best
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .bar(keep)
    }

    fn take(&self) -> Best {
        std::mem::take(&mut *self.best.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Hands back scores taken (merged with any a segment collected meanwhile).
    fn put(&self, keep: usize, best: Best) {
        let mut mine = self.best.lock().unwrap_or_else(|e| e.into_inner());
        if mine.lowest.is_empty() {
            *mine = best;
        } else {
            for low in best.lowest {
                mine.add(keep, low.0);
            }
        }
    }
}

/// The best scores of distinct stories (at most `keep`), the lowest on top.
#[derive(Default)]
struct Best {
    lowest: BinaryHeap<Low>,
}

impl Best {
    /// The `keep`-th best score, `Score::MIN` before there are `keep`.
    fn bar(&self, keep: usize) -> Score {
        match self.lowest.peek() {
            Some(low) if keep > 0 && self.lowest.len() >= keep => low.0,
            _ => Score::MIN,
        }
    }

    fn add(&mut self, keep: usize, score: Score) {
        if self.lowest.len() < keep {
            self.lowest.push(Low(score));
        } else if let Some(mut low) = self.lowest.peek_mut() {
            if score > low.0 {
                *low = Low(score);
            }
        }
    }
}

/// A score ordered lowest first, for [`Best`]'s heap.
#[derive(Clone, Copy)]
struct Low(Score);

impl PartialEq for Low {
    fn eq(&self, other: &Low) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Low {}
impl PartialOrd for Low {
    fn partial_cmp(&self, other: &Low) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Low {
    fn cmp(&self, other: &Low) -> Ordering {
        other.0.total_cmp(&self.0)
    }
}

pub(crate) struct RankSegment {
    scorer: Option<(Arc<Bm25f>, SegmentScorer)>,
    keep: usize,
    sort: Sort,
    /// The best scores so far, taken from `floor` for this segment in relevance order
    /// (elsewhere the score does not come first, and this stays empty).
    best: Best,
    /// Shared with the other segments, handed `best` back at harvest.
    floor: Arc<Floor>,
    segment_ord: SegmentOrdinal,
    dates: Option<Column<tantivy::DateTime>>,
    ids: Option<StrColumn>,
    segment: SegmentReader,
    heap: BinaryHeap<Worst>,
}

impl Collector for RankCollector {
    type Fruit = Vec<Kept>;
    type Child = RankSegment;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<RankSegment> {
        let fast = segment.fast_fields();
        Ok(RankSegment {
            scorer: self
                .scorer
                .as_ref()
                .map(|s| (s.clone(), s.for_segment(segment_ord, segment))),
            keep: self.keep,
            sort: self.sort,
            best: match self.sort {
                Sort::Relevance => self.floor.take(),
                _ => Best::default(),
            },
            floor: self.floor.clone(),
            segment_ord,
            dates: fast.date(schema::names::PUBLISHED).ok(),
            ids: fast.str(schema::names::ID).ok().flatten(),
            segment: segment.clone(),
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scorer.is_none()
    }

    fn merge_fruits(&self, fruits: Vec<SegmentKept>) -> tantivy::Result<Vec<Kept>> {
        let mut all: Vec<Kept> = Vec::new();
        let mut segments = Vec::with_capacity(fruits.len());
        // In relevance order a story below the `keep`-th best score of all segments is
        // never kept: dropped before the ordering (on a large index each segment hands
        // over up to `keep`).
        let floor = match self.sort {
            Sort::Relevance => self.floor.get(self.keep),
            _ => Score::MIN,
        };
        for fruit in fruits {
            all.extend(fruit.kept.into_iter().filter(|k| k.score >= floor));
            segments.push((fruit.segment_ord, fruit.segment));
        }
        let unsettled = &self.unsettled;
        order(
            &mut all,
            self.keep,
            |run| run.start < unsettled.start || run.end > unsettled.end,
            |segment| {
                segments
                    .iter()
                    .find(|(ord, _)| *ord == segment)
                    .map(|(_, reader)| reader.clone())
            },
        );
        all.truncate(self.keep);
        Ok(all)
    }
}

impl SegmentCollector for RankSegment {
    type Fruit = SegmentKept;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.keep == 0 {
            return;
        }
        // In relevance order a story scoring below `bar` is never kept: it is below `keep`
        // stories scored already, in this segment or those before.
        let bar = self.best.bar(self.keep);
        let (words, near) = match self.scorer.as_mut() {
            Some((bm25f, segment)) => {
                if bar > Score::MIN && !bm25f.may_reach(segment, doc, bar) {
                    return;
                }
                bm25f.score_split(segment, doc, None, 0.0)
            }
            None => (score, 0.0),
        };
        let score = with_proximity(words, near);
        if score < bar {
            return;
        }
        if self.sort == Sort::Relevance {
            self.best.add(self.keep, score);
        }
        let date = self
            .dates
            .as_ref()
            .and_then(|c| c.first(doc))
            .map_or(i64::MIN, |d| d.into_timestamp_secs());
        let first = match self.sort {
            Sort::Relevance => 0,
            Sort::Newest => date,
            Sort::Oldest if date == i64::MIN => i64::MIN,
            Sort::Oldest => -date,
        };
        let ord = self
            .ids
            .as_ref()
            .and_then(|ids| ids.term_ords(doc).next())
            .unwrap_or(u64::from(doc));
        let kept = Kept {
            score,
            address: DocAddress::new(self.segment_ord, doc),
            words,
            near,
            first,
            date,
            ord,
            id: String::new(),
        };
        if self.heap.len() < self.keep {
            self.heap.push(Worst(kept));
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if kept.cmp_within_segment(&worst.0) == Ordering::Less {
                *worst = Worst(kept);
            }
        }
    }

    fn harvest(self) -> SegmentKept {
        if self.sort == Sort::Relevance {
            self.floor.put(self.keep, self.best);
        }
        SegmentKept {
            segment_ord: self.segment_ord,
            kept: self.heap.into_iter().map(|Worst(kept)| kept).collect(),
            segment: self.segment,
        }
    }
}

/// Sorts `all` best first: higher `first`, higher score, newer, then smaller id.
///
/// Within a segment ids sort like their ordinals, so ids are read only for equal stories
/// from different segments, and only for runs of them that `settle` asks for (a run
/// elsewhere stays in segment and ordinal order, for [`settle`] or a re-scoring to
/// finish). Ids are read per segment in ordinal order ([`name_ords`]).
///
/// Only the first `keep` places are ordered (and the run of equal stories that crosses
/// the `keep`-th place, whole): the caller keeps no more. Each segment hands over up to
/// `keep` stories, so on a large index most of `all` is dropped; sorting and naming it
/// was most of a 40x query's ordering (#15).
fn order(
    all: &mut [Kept],
    keep: usize,
    settle: impl Fn(Range<usize>) -> bool,
    segments: impl Fn(SegmentOrdinal) -> Option<SegmentReader>,
) {
    let before = |a: &Kept, b: &Kept| {
        a.cmp_before_id(b)
            .then(a.address.segment_ord.cmp(&b.address.segment_ord))
            .then(a.ord.cmp(&b.ord))
            .then(a.address.doc_id.cmp(&b.address.doc_id))
    };
    let all = match keep {
        0 => return,
        keep if keep < all.len() => {
            // The `keep` best, in any order, then the stories past them equal to the
            // `keep`-th up to the id (a tie that crosses the cut is settled whole).
            all.select_nth_unstable_by(keep - 1, before);
            let (best, rest) = all.split_at_mut(keep);
            let last = &best[keep - 1];
            let mut tied = 0;
            for i in 0..rest.len() {
                if rest[i].cmp_before_id(last) == Ordering::Equal {
                    rest.swap(tied, i);
                    tied += 1;
                }
            }
            &mut all[..keep + tied]
        }
        _ => all,
    };
    // `before` and `cmp_across` end on the address: total orders, so an unstable sort (no
    // buffer, fewer moves of a large `Kept`) gives the same order.
    all.sort_unstable_by(before);
    let mut runs = Vec::new();
    let mut start = 0;
    while start < all.len() {
        let end = start
            + all[start..]
                .iter()
                .take_while(|k| k.cmp_before_id(&all[start]) == Ordering::Equal)
                .count();
        let run = &all[start..end];
        let across = run
            .iter()
            .any(|k| k.address.segment_ord != run[0].address.segment_ord);
        if across && settle(start..end) {
            runs.push(start..end);
        }
        start = end;
    }
    // (segment, ordinal, position) of each story to name.
    let mut unnamed: Vec<(SegmentOrdinal, u64, usize)> = runs
        .iter()
        .flat_map(|run| run.clone())
        .filter(|&i| all[i].id.is_empty())
        .map(|i| (all[i].address.segment_ord, all[i].ord, i))
        .collect();
    unnamed.sort_unstable();
    for group in unnamed.chunk_by(|a, b| a.0 == b.0) {
        let ords: Vec<u64> = group.iter().map(|&(_, ord, _)| ord).collect();
        // The missing (none in practice) get a stand-in below.
        let names = segments(group[0].0).map_or_else(Vec::new, |reader| name_ords(&reader, &ords));
        let mut names = names.into_iter();
        for &(_, _, i) in group {
            all[i].id = names
                .next()
                .unwrap_or_else(|| format!("~{:010}", all[i].address.doc_id));
        }
    }
    for run in runs {
        all[run].sort_unstable_by(Kept::cmp_across);
    }
}

/// The ids with these ordinals (sorted) in `segment`, in order.
///
/// Read from the id field's term dictionary, an FST read in place, which holds the same
/// sorted ids as the id column's dictionary (tantivy builds both from the segment's
/// stories and drops an id from both when a merge drops its story), checked by their
/// sizes. The column's dictionary is the fallback: its blocks are zstd frames, and each
/// block costs a new decompression context (whose CPU-feature probe traps in some virtual
/// machines: ~50 µs, most of a query whose best stories are 40 equal copies).
fn name_ords(segment: &SegmentReader, ords: &[u64]) -> Vec<String> {
    let column = segment.fast_fields().str(schema::names::ID).ok().flatten();
    let terms = segment
        .schema()
        .get_field(schema::names::ID)
        .ok()
        .and_then(|field| segment.inverted_index(field).ok());
    if let (Some(column), Some(index)) = (&column, &terms) {
        let terms = index.terms();
        if terms.num_terms() as u64 == column.dictionary().num_terms() as u64 {
            let mut bytes = Vec::new();
            let names: Option<Vec<String>> = ords
                .iter()
                .map(|&ord| match terms.ord_to_term(ord, &mut bytes) {
                    Ok(true) => Some(String::from_utf8_lossy(&bytes).into_owned()),
                    _ => None,
                })
                .collect();
            if let Some(names) = names {
                return names;
            }
        }
    }
    let mut names = Vec::with_capacity(ords.len());
    if let Some(column) = column {
        // Whether all were found does not matter: the caller gives the missing a stand-in.
        let _ = column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
            names.push(String::from_utf8_lossy(bytes).into_owned())
        });
    }
    names
}

/// Finishes the order of `kept` (from a [`RankCollector`] with `unsettled` ties) when no
/// re-scoring follows: equal stories from different segments by id, for runs of them that
/// start among the first `shown` (the rest are never shown, so their ids are not read).
/// Only the first `shown` places are ordered (with a tie that crosses the last of them);
/// the rest are left in no set order: nothing reads them, and sorting all of a re-scoring's
/// 1,000 stories was about 3% of a query (BENCHMARKS.md, issue 15, fourth session of
/// 2026-12-02).
pub(crate) fn settle(searcher: &Searcher, kept: &mut [Kept], shown: usize) {
    order(
        kept,
        shown.min(kept.len()),
        |run| run.start < shown,
        |segment| Some(searcher.segment_reader(segment).clone()),
    );
}

/// Scores `kept` (stories a first ranking kept, sorted by relevance) again with `scorer`
/// and sorts the first `shown` of them again the same way: the reordering without
/// `--expand` re-scores only the first ranking's best, never every match. Ties are settled
/// as in [`settle`].
///
/// When `first` (the scorer that ranked `kept`) scored the query's own words alone and
/// `scorer` has the same own words first, only the added words are scored: each story's
/// own words' part and proximity bonus are `first`'s, kept with it, and the sum is made
/// in the same order as scoring everything again, so the scores are the same to the bit.
/// That spares reading the own words' postings and positions again for up to
/// [`RankParams::rerank_depth`] stories (BENCHMARKS.md, issue 15, tenth session).
pub(crate) fn rescore(
    searcher: &Searcher,
    first: &Bm25f,
    scorer: &Bm25f,
    kept: &mut [Kept],
    shown: usize,
) {
    let same_own = first.own == first.terms.len()
        && scorer.own == first.own
        && first.terms.iter().zip(&scorer.terms).all(|(a, b)| {
            a.own && b.own && a.terms == b.terms && a.idf == b.idf && a.weight == b.weight
        })
        && (first.k1, first.proximity, first.lead, first.lead_tokens)
            == (scorer.k1, scorer.proximity, scorer.lead, scorer.lead_tokens)
        && first.slots.len() == scorer.slots.len()
        && first.slots.iter().zip(&scorer.slots).all(|(a, b)| {
            (a.field, a.weight, a.mean_len, a.empty) == (b.field, b.weight, b.mean_len, b.empty)
        });
    let from = if same_own { scorer.own } else { 0 };
    // Only the first `shown` places are read after this. Adding words never lowers a
    // score, so the `shown`-th best first score is a floor under the `shown`-th best new
    // one; a story that stays under it (or under the best `shown` new scores so far)
    // whatever its remaining added words give cannot reach a shown place, nor tie the
    // last: its scoring stops there and it keeps its first score, below the shown places
    // (BENCHMARKS.md, issue 15, fifth session of 2026-12-02).
    let prune = same_own && scorer.bounded && shown > 0 && shown < kept.len();
    let mut cut = prune.then(|| Cut::new(scorer));
    let lowest = match prune {
        true => {
            let mut firsts: Vec<Score> = kept.iter().map(|k| k.score).collect();
            *firsts
                .select_nth_unstable_by(shown - 1, |a, b| b.total_cmp(a))
                .1
        }
        false => Score::MIN,
    };
    let mut best = Best::default();
    // Postings only move forward: score each segment's stories in document order.
    let mut by_doc: Vec<usize> = (0..kept.len()).collect();
    by_doc.sort_unstable_by_key(|&i| kept[i].address);
    let mut current: Option<(SegmentOrdinal, SegmentScorer)> = None;
    for i in by_doc {
        let address = kept[i].address;
        let segment = match &mut current {
            Some((ord, segment)) if *ord == address.segment_ord => segment,
            _ => {
                let reader = searcher.segment_reader(address.segment_ord);
                &mut current
                    .insert((
                        address.segment_ord,
                        scorer.for_segment_from(address.segment_ord, reader, from),
                    ))
                    .1
            }
        };
        let story = &mut kept[i];
        let (start, near) = if same_own {
            (story.words, story.near)
        } else {
            (0.0, 0.0)
        };
        if let Some(cut) = cut.as_mut() {
            cut.bar = lowest.max(best.bar(shown));
            cut.extra = near;
            // Before the first added word: the most all of them can add.
            if from > 0 && cut.below(start, from - 1) {
                continue;
            }
        }
        let Some((words, own_near)) =
            scorer.score_split_above(segment, address.doc_id, None, start, cut.as_ref())
        else {
            continue;
        };
        story.words = words;
        story.near = if same_own { near } else { own_near };
        story.score = with_proximity(story.words, story.near);
        if prune {
            best.add(shown, story.score);
        }
    }
    settle(searcher, kept, shown);
}

/// `score` widened past any rounding in the sums that make it (about 1e-7 relative per
/// operation, a few dozen operations).
fn widened(score: Score) -> Score {
    score + score.abs() * 1e-4 + 1e-6
}

// --- The first stage at scale: tantivy picks the candidates, BM25F orders them. -------

/// Collects the best `depth` matches by tantivy's own score (BM25 per field, with the
/// boosts) and counts every match, in one pass over them. Ties keep the earlier story
/// (segment, then document order). Segments are collected one after another (newsdex's searchers run
/// on one thread), and a segment only hands over stories above the `depth`-th best score
/// of the segments before it.
pub(crate) struct Candidates {
    depth: usize,
    /// The best scores collected so far (at most `depth`, in no order).
    bar: Mutex<Vec<Score>>,
}

impl Candidates {
    pub(crate) fn new(depth: usize) -> Candidates {
        Candidates {
            depth,
            bar: Mutex::new(Vec::new()),
        }
    }

    fn bar(&self) -> Score {
        let bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        match self.depth {
            depth if depth > 0 && bar.len() >= depth => {
                bar.iter().copied().fold(Score::INFINITY, Score::min)
            }
            _ => Score::MIN,
        }
    }

    fn raise_bar(&self, scores: impl Iterator<Item = Score>) {
        let mut bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        bar.extend(scores);
        // Only the `depth`-th best is read: select the best `depth`, unsorted.
        if self.depth > 0 && bar.len() > self.depth {
            bar.select_nth_unstable_by(self.depth - 1, |a, b| b.total_cmp(a));
        }
        bar.truncate(self.depth);
    }
}

/// A candidate in a segment's heap: the worst (lower score, then later document) on top.
#[derive(Clone, Copy)]
struct Candidate(Score, DocId);

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        other.0.total_cmp(&self.0).then(self.1.cmp(&other.1))
    }
}

/// A segment's candidates (by document) and how many stories of it match.
pub(crate) struct SegmentCandidates {
    segment_ord: SegmentOrdinal,
    docs: Vec<Candidate>,
    count: usize,
}

impl Collector for Candidates {
    type Fruit = (Vec<(Score, DocAddress)>, usize);
    type Child = CandidateSegment;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        _segment: &SegmentReader,
    ) -> tantivy::Result<CandidateSegment> {
        Ok(CandidateSegment(SegmentCandidates {
            segment_ord,
            docs: Vec::new(),
            count: 0,
        }))
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentCandidates> {
        let depth = self.depth;
        let seed = self.bar();
        // One pass scores and counts every match. Block-max WAND (`for_each_pruning`)
        // skips only for a single word (a conjunction of words over several fields is no
        // pure term union or intersection for tantivy), and counting read every match
        // again, with scores: on the 40x bench index one pass costs a third of the
        // instructions of the two (BENCHMARKS.md, issue 15).
        let mut heap: BinaryHeap<Candidate> = BinaryHeap::with_capacity(depth.min(4096));
        // A story enters only above this: the `depth`-th best score of the segments
        // before, or this segment's worst kept once `depth` are kept (a later story with
        // an equal score loses the tie, as in the pruning pass).
        let mut bar = seed;
        let mut count = 0usize;
        let alive = reader.alive_bitset();
        weight.for_each(reader, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return;
            }
            count += 1;
            if depth == 0 || score <= bar {
                return;
            }
            if heap.len() < depth {
                heap.push(Candidate(score, doc));
            } else if let Some(mut worst) = heap.peek_mut() {
                *worst = Candidate(score, doc);
            }
            if heap.len() >= depth {
                if let Some(worst) = heap.peek() {
                    bar = worst.0.max(seed);
                }
            }
        })?;
        self.raise_bar(heap.iter().map(|c| c.0));
        Ok(SegmentCandidates {
            segment_ord,
            docs: heap.into_vec(),
            count,
        })
    }

    fn merge_fruits(
        &self,
        fruits: Vec<SegmentCandidates>,
    ) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
        let count = fruits.iter().map(|f| f.count).sum();
        let mut all: Vec<(Score, DocAddress)> = fruits
            .into_iter()
            .flat_map(|f| {
                f.docs
                    .into_iter()
                    .map(move |Candidate(score, doc)| (score, DocAddress::new(f.segment_ord, doc)))
            })
            .collect();
        let better = |a: &(Score, DocAddress), b: &(Score, DocAddress)| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
        };
        // Only the best `depth` are kept: select them. Their order by score is never read
        // (BM25F orders them): they go in document order, the order they are scored in.
        if self.depth < all.len() {
            all.select_nth_unstable_by(self.depth, better);
            all.truncate(self.depth);
        }
        all.sort_unstable_by_key(|&(_, address)| address);
        Ok((all, count))
    }
}

/// Unused: [`Candidates`] collects each segment itself.
pub(crate) struct CandidateSegment(SegmentCandidates);

impl SegmentCollector for CandidateSegment {
    type Fruit = SegmentCandidates;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.0.count += 1;
        self.0.docs.push(Candidate(score, doc));
    }

    fn harvest(self) -> SegmentCandidates {
        self.0
    }
}

/// Scores `candidates` with `ranked`'s BM25F and keeps its best `keep` in its order, as if
/// it had collected only those stories.
pub(crate) fn score_candidates(
    searcher: &Searcher,
    ranked: &RankCollector,
    mut candidates: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<Kept>> {
    // Postings only move forward: each segment's stories in document order.
    candidates.sort_unstable_by_key(|&(_, address)| address);
    let mut fruits = Vec::new();
    for group in candidates.chunk_by(|a, b| a.1.segment_ord == b.1.segment_ord) {
        let ord = group[0].1.segment_ord;
        let mut segment = ranked.for_segment(ord, searcher.segment_reader(ord))?;
        for &(_, address) in group {
            segment.collect(address.doc_id, 0.0);
        }
        fruits.push(segment.harvest());
    }
    ranked.merge_fruits(fruits)
}

/// One segment's kept stories, with its reader to name them when a tie needs it.
pub(crate) struct SegmentKept {
    segment_ord: SegmentOrdinal,
    kept: Vec<Kept>,
    segment: SegmentReader,
}

// --- Expansion ------------------------------------------------------------------------

/// The top stories' words, as expansion reads them: each distinct stem numbered once, and
/// each story's count of each stem and length in tokens.
#[derive(Default)]
pub struct Feedback {
    /// A word as the names analyzer leaves it (folded, not stemmed) -> its stem's number.
    /// FxHash: looked up once per token of ten stories (SipHash was most of the lookup).
    numbers: FxMap<String, usize>,
    /// A stem -> its number (different words can share a stem).
    stem_numbers: FxMap<String, usize>,
    /// The stems by number.
    stems: Vec<String>,
    stories: Vec<FeedbackStory>,
    /// Scratch: the story being read, its count per stem number.
    counts: Vec<u32>,
    /// Scratch: the stem numbers with a count.
    seen: Vec<usize>,
}

/// How many distinct words [`Feedback`] makes room for at once. The ten stories of the 20
/// bench queries have 349-1,581; tables for 4,096 (8,192 slots of 32 bytes, each of them
/// touched) cost a query process about 140 page faults and a seventh of its CPU time (#15).
const FEEDBACK_WORDS: usize = 1536;

/// A private map (nothing iterates it, so order is not at stake).
type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<crate::stem::FxHasher>>;

struct FeedbackStory {
    score: Score,
    /// (stem number, occurrences).
    stems: Vec<(usize, u32)>,
    /// Tokens in all.
    len: usize,
}

impl Feedback {
    /// Adds a story with its relevance score and its texts, split by `words` (the names
    /// analyzer: the news analyzer without the stemmer, which runs once per distinct word
    /// here instead of once per token).
    pub fn add(&mut self, score: Score, words: &mut TextAnalyzer, texts: &[&str]) {
        if self.numbers.is_empty() {
            // Ten stories have one or two thousand distinct words: grown from nothing, the
            // tables were rehashed about ten times each.
            self.numbers.reserve(FEEDBACK_WORDS);
            self.stem_numbers.reserve(FEEDBACK_WORDS);
        }
        let mut len = 0;
        let mut stem = String::new();
        for text in texts {
            words.token_stream(text).process(&mut |token| {
                len += 1;
                let number = match self.numbers.get(token.text.as_str()) {
                    Some(&number) => number,
                    None => {
                        stem.clear();
                        crate::stem::stem_into(&token.text, &mut stem);
                        let next = self.stems.len();
                        let number = *self.stem_numbers.entry(stem.clone()).or_insert(next);
                        if number == next {
                            self.stems.push(stem.clone());
                            self.counts.push(0);
                        }
                        self.numbers.insert(token.text.clone(), number);
                        number
                    }
                };
                if self.counts[number] == 0 {
                    self.seen.push(number);
                }
                self.counts[number] += 1;
            });
        }
        let stems = self
            .seen
            .drain(..)
            .map(|number| (number, std::mem::take(&mut self.counts[number])))
            .collect();
        self.stories.push(FeedbackStory { score, stems, len });
    }
}

/// The words the top stories add (stems), strongest first, each with its strength
/// against the strongest (1.0), from the top stories' words and scores. `query` holds the
/// query's own stems: with `add_query_words` they can be among the words (RM3: feedback
/// then also weighs the query's words), else never.
pub fn expansion(
    searcher: &Searcher,
    lookups: &Lookups,
    fields: &Fields,
    params: &RankParams,
    feedback: &Feedback,
    query: &[String],
    add_query_words: bool,
) -> Vec<(String, f32)> {
    let stories = &feedback.stories;
    let total: f32 = stories.iter().map(|s| s.score.max(0.0)).sum();
    if stories.is_empty() || total <= 0.0 {
        return Vec::new();
    }
    let num_docs = counted_stories(searcher).max(1) as f32;
    // Per stem number: (relevance, stories holding it).
    let mut relevance: Vec<(f32, usize)> = vec![(0.0, 0); feedback.stems.len()];
    for story in stories {
        if story.len == 0 {
            continue;
        }
        let story_weight = story.score.max(0.0) / total;
        for &(number, n) in &story.stems {
            let entry = &mut relevance[number];
            entry.0 += story_weight * n as f32 / story.len as f32;
            entry.1 += 1;
        }
    }
    let min_stories = stories.len().min(2);
    let mut candidates: Vec<(&str, f32)> = feedback
        .stems
        .iter()
        .zip(relevance)
        .filter(|(stem, (_, in_stories))| {
            *in_stories >= min_stories
                && stem.chars().count() >= 2
                && !stem.chars().all(|c| c.is_ascii_digit())
                && (add_query_words || !query.iter().any(|q| q == *stem))
        })
        .map(|(stem, (p, _))| (stem.as_str(), p))
        .collect();
    // A word weighs `p × idf`, and idf falls as document frequency grows: looking words
    // up by falling `p` and bounding idf from above (no story: `df = 0`; then the body's
    // `df`, a lower bound of the `df` used) skips the term lookups of words that cannot
    // reach the kept `expand_words` (most of a story's words). Same words as scoring all.
    // Stems are distinct: a total order, the same sorted unstably.
    candidates.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let idf = |df: u64| {
        let df = df as f32;
        (1.0 + (num_docs - df + 0.5) / (df + 0.5)).ln()
    };
    let doc_freq =
        |field: Field, stem: &str| lookups.doc_freq(searcher, &Term::from_field_text(field, stem));
    let most = idf(0);
    // The `expand_words` best weights so far, best first: the last is the bar to pass.
    let mut bar: Vec<f32> = Vec::with_capacity(params.expand_words + 1);
    let below = |bar: &[f32], weight: f32| {
        bar.len() >= params.expand_words && bar.last().is_some_and(|&last| weight < last)
    };
    let mut scored: Vec<(String, f32)> = Vec::new();
    for (stem, p) in candidates {
        if params.expand_words == 0 || below(&bar, p * most) {
            break;
        }
        let body = doc_freq(fields.body, stem);
        if below(&bar, p * idf(body)) {
            continue;
        }
        let weight = p * idf(body.max(doc_freq(fields.title, stem)));
        let at = bar.partition_point(|&b| b >= weight);
        bar.insert(at, weight);
        bar.truncate(params.expand_words);
        scored.push((stem.to_string(), weight));
    }
    scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(params.expand_words);
    let top = scored
        .first()
        .map_or(1.0, |(_, w)| *w)
        .max(f32::MIN_POSITIVE);
    scored
        .into_iter()
        .map(|(stem, w)| (stem, w / top))
        .collect()
}

/// `--expand`'s weights for the words [`expansion`] found (RM3): the words together weigh
/// `(1 − λ) / λ` times the `query_words` query words, in proportion to their strengths.
pub fn interpolate(
    params: &RankParams,
    words: Vec<(String, f32)>,
    query_words: usize,
) -> Vec<(String, f32)> {
    let sum: f32 = words.iter().map(|(_, w)| w).sum();
    let lambda = params.expand_interpolation.clamp(1e-3, 1.0);
    let scale = (1.0 - lambda) / lambda * query_words.max(1) as f32 / sum.max(f32::MIN_POSITIVE);
    words
        .into_iter()
        .map(|(stem, w)| (stem, w * scale))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty index in memory with newsdex's schema and analyzers, and a writer on one
    /// thread.
    fn index_in_ram() -> (tantivy::Index, Fields, tantivy::IndexWriter) {
        let (schema, fields) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        (index, fields, writer)
    }

    /// A scorer of the words `gold prices` plus `stems`, with the shipped parameters.
    fn gold_prices(
        index: &tantivy::Index,
        fields: &Fields,
        searcher: &Searcher,
        lookups: &Lookups,
        stems: &[(String, f32)],
    ) -> Bm25f {
        let words = ["gold".to_string(), "prices".to_string()];
        let params = RankParams::default();
        Bm25f::new(
            searcher,
            lookups,
            index.tokenizers(),
            fields,
            &params,
            &words,
            stems,
        )
        .unwrap()
    }

    #[test]
    fn plain_words_are_only_bare_words_on_the_default_fields() {
        let words = |q: &str| plain_words(q);
        assert_eq!(
            words("crude oil -opec"),
            Some(vec!["crude".to_string(), "oil".to_string()])
        );
        assert_eq!(
            words("wheat published:[1987-03-01 TO 1987-03-31]"),
            Some(vec!["wheat".to_string()])
        );
        assert_eq!(words("\"trade deficit\""), None);
        assert_eq!(words("title:oil prices"), None);
        assert_eq!(words("oil^2"), None);
        assert_eq!(words("summitt~1"), None);
        assert_eq!(words("econom*"), None);
    }

    /// [`Lookups`] answers as the searcher does, from the cache the second time, over
    /// several segments.
    #[test]
    fn lookups_count_stories_as_the_searcher_does() {
        let (index, fields, mut writer) = index_in_ram();
        for texts in [["oil prices rose", "crude oil"], ["gold", "oil and gold"]] {
            for text in texts {
                let mut doc = tantivy::TantivyDocument::default();
                doc.add_text(fields.body, text);
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let lookups = Lookups::default();
        for _ in 0..2 {
            for word in ["oil", "gold", "price", "silver"] {
                for field in [fields.body, fields.title] {
                    let term = Term::from_field_text(field, word);
                    assert_eq!(
                        lookups.doc_freq(&searcher, &term),
                        searcher.doc_freq(&term).unwrap(),
                        "{word}"
                    );
                }
            }
        }
        assert_eq!(
            lookups.doc_freq(&searcher, &Term::from_field_text(fields.body, "oil")),
            3
        );
        assert_eq!(lookups.tokens(&searcher, fields.title), None);
        assert_eq!(lookups.tokens(&searcher, fields.body), Some(9));
    }

    /// [`rescore`] scores only the added words when the first scorer had the query's own
    /// words alone, keeping each story's own part and proximity bonus: the scores must be
    /// those of scoring every word again, to the bit, and the order the same.
    #[test]
    fn rescoring_only_the_added_words_gives_the_same_scores_to_the_bit() {
        let (index, fields, mut writer) = index_in_ram();
        let stories = [
            (
                "Gold prices rise",
                "Gold prices rose as bullion dealers bought an ounce.",
            ),
            (
                "Bullion",
                "Prices of gold and silver fell. An ounce of gold cost less.",
            ),
            (
                "Markets",
                "Dealers said prices were firm, and gold was quiet.",
            ),
            (
                "Gold",
                "Gold, gold and more gold: prices of bullion by the ounce.",
            ),
            ("Oil", "Oil prices rose; gold prices fell in late trading."),
        ];
        for (i, (title, body)) in stories.iter().enumerate() {
            let mut doc = tantivy::TantivyDocument::default();
            doc.add_text(fields.title, title);
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
            if i == 2 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let lookups = Lookups::default();
        let scorer =
            |stems: &[(String, f32)]| gold_prices(&index, &fields, &searcher, &lookups, stems);
        let first = scorer(&[]);
        let second = scorer(&[("bullion".into(), 0.3), ("ounc".into(), 0.2)]);
        let collector = RankCollector {
            scorer: Some(Arc::new(first.clone())),
            keep: 10,
            sort: Sort::Relevance,
            unsettled: 0..0,
            floor: Default::default(),
        };
        let kept = searcher
            .search(&tantivy::query::AllQuery, &collector)
            .unwrap();
        assert_eq!(kept.len(), stories.len());
        assert!(kept.iter().any(|k| k.near > 0.0), "proximity is exercised");
        let mut added_only = kept.clone();
        rescore(&searcher, &first, &second, &mut added_only, 10);
        // `second` as the first scorer has added words: every word is scored again.
        let mut every_word = kept.clone();
        rescore(&searcher, &second, &second, &mut every_word, 10);
        let bits = |kept: &[Kept]| -> Vec<(DocAddress, u32)> {
            kept.iter()
                .map(|k| (k.address, k.score.to_bits()))
                .collect()
        };
        assert_eq!(bits(&added_only), bits(&every_word));
        for k in &added_only {
            let segment = searcher.segment_reader(k.address.segment_ord);
            let mut alone = second.for_segment(k.address.segment_ord, segment);
            let score = second.score(&mut alone, k.address.doc_id, None);
            assert_eq!(k.score.to_bits(), score.to_bits());
        }
        assert_ne!(bits(&kept), bits(&added_only), "the added words count");
    }

    /// [`rescore`] stops scoring a story once it cannot reach the first `shown` places:
    /// those places (stories, order, scores to the bit) must be the ones scoring every
    /// story gives, over several segments with runs of equal stories, and some stories
    /// must have been given up (else the test proves nothing).
    #[test]
    fn rescoring_only_the_reachable_stories_gives_the_same_first_places() {
        let (index, fields, mut writer) = index_in_ram();
        let words = [
            "gold", "prices", "bullion", "ounce", "dealers", "silver", "rose",
        ];
        let mut count = 0;
        for a in 0..words.len() {
            for b in 0..words.len() {
                let body = format!(
                    "{} {} gold {} news of the day and more {} prices {}",
                    words[a],
                    words[b],
                    words[(a + b) % words.len()],
                    words[(a * b) % words.len()],
                    words[(a + 2 * b) % words.len()],
                );
                // Each story twice, in different segments: equal scores across segments.
                for _ in 0..2 {
                    let mut doc = tantivy::TantivyDocument::default();
                    doc.add_text(fields.title, words[b]);
                    doc.add_text(fields.body, &body);
                    writer.add_document(doc).unwrap();
                    count += 1;
                    if count % 17 == 0 {
                        writer.commit().unwrap();
                    }
                }
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 4);
        let lookups = Lookups::default();
        let scorer =
            |stems: &[(String, f32)]| gold_prices(&index, &fields, &searcher, &lookups, stems);
        let first = scorer(&[]);
        let second = scorer(&[
            ("bullion".into(), 0.3),
            ("ounc".into(), 0.2),
            ("dealer".into(), 0.1),
            ("silver".into(), 0.05),
        ]);
        let collector = RankCollector {
            scorer: Some(Arc::new(first.clone())),
            keep: count,
            sort: Sort::Relevance,
            unsettled: 0..count,
            floor: Default::default(),
        };
        let kept = searcher
            .search(&tantivy::query::AllQuery, &collector)
            .unwrap();
        assert_eq!(kept.len(), count);
        let mut every = kept.clone();
        rescore(&searcher, &first, &second, &mut every, count);
        let places = |kept: &[Kept]| -> Vec<(DocAddress, u32)> {
            kept.iter()
                .map(|k| (k.address, k.score.to_bits()))
                .collect()
        };
        let mut given_up = 0;
        for shown in [1, 2, 3, 5, 10, 25, 60] {
            let mut part = kept.clone();
            rescore(&searcher, &first, &second, &mut part, shown);
            assert_eq!(
                places(&part[..shown]),
                places(&every[..shown]),
                "shown {shown}"
            );
            let new = |k: &Kept| every.iter().find(|e| e.address == k.address).unwrap().score;
            given_up += part.iter().filter(|k| k.score != new(k)).count();
        }
        assert!(given_up > 0, "no story was given up");
    }

    /// [`settle`] orders only the first `shown` places: they must be the first `shown` of
    /// the whole order, equal stories from different segments (a run that crosses the
    /// cut) settled as when every place is ordered.
    #[test]
    fn settling_the_shown_places_gives_the_first_places_of_the_whole_order() {
        let (index, fields, mut writer) = index_in_ram();
        let bodies = [
            "Gold prices rose.",
            "Gold prices rose.",
            "Gold fell as prices of gold slid.",
            "Gold prices rose.",
            "Prices of gold were firm.",
            "Gold prices rose.",
            "Gold prices rose.",
        ];
        for (i, body) in bodies.iter().enumerate() {
            let mut doc = tantivy::TantivyDocument::default();
            doc.add_text(fields.body, body);
            writer.add_document(doc).unwrap();
            if i % 2 == 1 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 3);
        let scorer = gold_prices(&index, &fields, &searcher, &Lookups::default(), &[]);
        let collector = RankCollector {
            scorer: Some(Arc::new(scorer)),
            keep: bodies.len(),
            sort: Sort::Relevance,
            unsettled: 0..bodies.len(),
            floor: Default::default(),
        };
        let kept = searcher
            .search(&tantivy::query::AllQuery, &collector)
            .unwrap();
        assert_eq!(kept.len(), bodies.len());
        let addresses = |kept: &[Kept]| kept.iter().map(|k| k.address).collect::<Vec<_>>();
        let mut whole = kept.clone();
        settle(&searcher, &mut whole, kept.len());
        let equal = whole.iter().filter(|k| k.score == whole[0].score).count();
        assert!(equal >= 4, "a run of equal stories across segments");
        for shown in 0..=kept.len() {
            let mut part = kept.clone();
            settle(&searcher, &mut part, shown);
            assert_eq!(
                addresses(&part[..shown]),
                addresses(&whole[..shown]),
                "shown {shown}"
            );
        }
    }

    /// [`Feedback`] splits text with the names analyzer and stems each distinct word
    /// itself: that must give the news analyzer's stems, token for token.
    #[test]
    fn feedback_words_stem_like_the_news_analyzer() {
        let (schema, _) = schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        schema::register_analyzers(&index);
        let tokenizers = index.tokenizers();
        let text = "Crédit Suisse's traders were TRADING; naïve rates rose 4.5% \
                    in Zürich—running, runs ran. Œuvre ﬁnal aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        let mut news = Vec::new();
        let mut analyzer = tokenizers.get(schema::NEWS_ANALYZER).unwrap();
        analyzer
            .token_stream(text)
            .process(&mut |t| news.push(t.text.clone()));
        let mut names = tokenizers.get(schema::NAMES_ANALYZER).unwrap();
        let mut feedback = Feedback::default();
        feedback.add(1.0, &mut names, &[text]);
        let story = &feedback.stories[0];
        assert_eq!(story.len, news.len());
        let mut counted: Vec<(String, u32)> = story
            .stems
            .iter()
            .map(|&(number, n)| (feedback.stems[number].clone(), n))
            .collect();
        counted.sort();
        let mut expected: Vec<(String, u32)> = Vec::new();
        let mut sorted = news.clone();
        sorted.sort();
        for stem in sorted {
            match expected.last_mut() {
                Some((last, n)) if *last == stem => *n += 1,
                _ => expected.push((stem, 1)),
            }
        }
        assert_eq!(counted, expected);
        assert!(news.contains(&"trade".to_string()), "{news:?}");
    }
}
