//! Stage 4, "did you mean": for a query word no story has, the words stories do contain
//! that it was most likely meant to be.
//!
//! Candidates are the surface words of stories (lowercased and folded, never stems) whose
//! [`typo_cost`] from the typed word is within a bound that grows with its length. They
//! are found by running [`TypoAutomaton`], a weighted Damerau-Levenshtein automaton, over
//! the index's word list (`words.fst`, an FST): it walks the dictionary's shared
//! prefixes and abandons a branch as soon as every alignment costs more than the bound, so
//! a lookup never scans the whole vocabulary. The walk costs edits by the hand-written
//! costs and by the learned rewrites that cost at most [`SpellParams::walk_rules`] (every
//! rewrite would make it many times slower); the words it finds are costed with all of
//! them. A third walk, among the words that begin with the typed word's first
//! [`SpellParams::anchor`] letters only, uses every learned rewrite, so it reaches words a
//! few cheap learned rewrites away (`cemerty`: `cemetery`). The first two walks also take
//! the words that sound like the typed one, whatever they cost: the same [`sound_skeleton`] (consonant
//! sounds, after Soundex) and the same first letter (`bizniz`: `business`). The costs are
//! a noisy channel: how often people write one spelling for another, learned from real misspellings
//! ([`channel`](super::channel): `ent` written `ant`, `ie` written `ei`, a doubled letter
//! typed once), with hand-written costs for edits it has no rule for (vowels, doubled
//! letters, sound-alike letters and spellings cheap, the first letter dear). Candidates
//! rank by that cost minus [`SpellParams::frequency_weight`] times the log10 of the
//! stories that have them (a prior: common words are likelier meant), which is the noisy
//! channel's P(typed | word) × P(word) in log10 units, less [`SpellParams::sound_bonus`]
//! for a word with the typed word's sound skeleton. The candidates found are then
//! re-ranked ([`rerank`](super::rerank), on by [`SpellParams::rerank`]) by letter-level
//! features too dear for the walk (sound-skeleton distance, length difference, shared
//! ends), with weights fitted on real misspellings. [`correct_query`] puts the best
//! ones back into the query for one "did you mean" line. The channel is learned from, and
//! [`SpellParams`] tuned on, Birkbeck misspellings that `tests/spelling.rs` does not
//! score. Knows nothing of rendering.

use serde::Serialize;
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

use super::channel::{self, Channel};
use super::query::PlainWord;
use super::rerank::{self, Reranker};
use crate::schema::Fields;

/// How many words a suggestion offers at most (the shipped [`SpellParams::offer`]). Five
/// words within [`SpellParams::margin`] of the first: on the tuning pairs the right word
/// is in the list for 75.2% of them with 3.4 words a list, against 71.3% with 2.2 (at
/// most 3 within 3.0).
pub const MAX_SUGGESTIONS: usize = 5;

/// Words longer than this (in bytes) get no suggestions.
pub const MAX_WORD: usize = 32;

/// How suggestions are found and ranked. Costs are in the channel's unit: −log10 of how
/// often people write it so (1: one time in ten).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpellParams {
    /// The hand-written costs below ([`RULES`], vowels, doubled letters, ...) times this:
    /// what an edit the learned channel has no rule for costs.
    pub hand_scale: f32,
    /// Added to an edit at the first letter (people seldom get it wrong).
    pub first_letter: f32,
    /// How much a tenfold commoner word may be further away: a candidate ranks by its
    /// cost minus this times the log10 of the stories that have it (a prior: common
    /// words are likelier meant; `crued`: `crude` before `cried`).
    pub frequency_weight: f32,
    /// The largest cost a candidate may have, per typed letter, at least and at most.
    pub per_letter: f32,
    /// See [`SpellParams::per_letter`].
    pub min_cost: f32,
    /// See [`SpellParams::per_letter`].
    pub max_cost: f32,
    /// The bound of the first, narrow search, and the cost within which a word it finds
    /// makes the wide search unneeded.
    pub narrow: f32,
    /// See [`SpellParams::narrow`].
    pub near: f32,
    /// The wide search's bound is at most this more than the cheapest word the narrow
    /// search found (a word much dearer than one already found seldom wins, and the
    /// dictionary a walk visits grows fast with its bound). 3 with the
    /// [`SpellParams::anchor`] walk: the tuning pairs 63.9% first / 78.5% anywhere (4: 64.0%
    /// / 78.8%) for about the cost the wide walk alone had with 4.
    pub wide_margin: f32,
    /// Suggestions after the first must rank within `slack` of it and cost at most
    /// `close` more (`oppec`: `opec`, not also `open` or `copper`).
    pub slack: f32,
    /// See [`SpellParams::slack`].
    pub close: f32,
    /// The dictionary walk uses the learned channel's rules that cost at most this, as
    /// well as the hand-written costs (0: none of them; infinity: all, which reaches more
    /// words but is many times slower). Cheap rules reach the words that poor spellers
    /// miss by a few common rewrites, whose hand-written cost is past the bound.
    pub walk_rules: f32,
    /// ... and of those that leave right letters out (typed as nothing), the ones that cost
    /// at most this (they may apply after any typed letter, so they widen a walk most).
    pub walk_drops: f32,
    /// Words that sound like the typed one (the same [`sound_skeleton`]) are candidates
    /// too, whatever they cost, when the typed word's skeleton has at least this many
    /// sounds (`sertin` and `certain`: `2635`).
    pub sound_min: usize,
    /// Such a word may have at most this many more letters than the typed one.
    pub sound_longer: usize,
    /// How such a word must begin: 0 anyhow, 1 with the typed word's first letter, 2 with
    /// it, a letter of the same sound or (for a vowel) any vowel.
    pub sound_first: u8,
    /// How many sounds such a word's skeleton may add, drop or change (0 or 1) ...
    pub sound_edits: u8,
    /// ... when the typed word's skeleton has at least this many sounds.
    pub sound_edits_min: usize,
    /// Taken off the rank of a candidate with the typed word's sound skeleton.
    pub sound_bonus: f32,
    /// Rank the walk's candidates by the shipped [`rerank`](super::rerank) score rather
    /// than by cost, frequency prior and sound bonus alone.
    pub rerank: bool,
    /// With `rerank`, suggestions after the first must score within this of it (the log
    /// of how many times likelier the first is).
    pub margin: f32,
    /// How many words a suggestion offers at most (the shipped one: [`MAX_SUGGESTIONS`]).
    pub offer: usize,
    /// A walk with every learned rewrite (over the whole dictionary many times too slow)
    /// among the words that begin with the typed word's first `anchor` letters (0: no
    /// such walk). It reaches the words a few cheap learned rewrites away whose
    /// hand-written cost is past the other walks' bound (`cemerty`: `cemetery`).
    pub anchor: usize,
}

impl Default for SpellParams {
    fn default() -> SpellParams {
        SpellParams {
            hand_scale: 3.0,
            first_letter: 1.5,
            frequency_weight: 0.9,
            per_letter: 1.02,
            min_cost: 3.0,
            max_cost: 10.5,
            narrow: 4.5,
            near: 3.0,
            wide_margin: 3.0,
            slack: 3.0,
            close: 1.5,
            walk_rules: 0.9,
            walk_drops: 0.9,
            sound_min: 2,
            sound_longer: 3,
            sound_first: 1,
            sound_edits: 1,
            sound_edits_min: 4,
            sound_bonus: 1.0,
            rerank: true,
            margin: 4.0,
            offer: MAX_SUGGESTIONS,
            anchor: 3,
        }
    }
}

/// Hand-written edit costs (before [`SpellParams::hand_scale`]), for edits the learned
/// channel has no rule for.
const VOWEL_FOR_VOWEL: f32 = 0.5;
const VOWEL_ADDED_OR_DROPPED: f32 = 0.5;
const DOUBLED: f32 = 0.3;
const SWAPPED: f32 = 0.75;
const SOUND_ALIKE: f32 = 0.5;
const SPELLING_RULE: f32 = 0.3;

/// Spellings people write for one another because they sound alike: (right, typed).
const RULES: &[(&[u8], &[u8])] = &[
    (b"ph", b"f"),
    (b"ck", b"k"),
    (b"ck", b"c"),
    (b"qu", b"kw"),
    (b"x", b"ks"),
    (b"x", b"cks"),
    (b"tion", b"shun"),
    (b"tion", b"shon"),
    (b"tion", b"sion"),
    (b"sion", b"tion"),
    (b"ti", b"sh"),
    (b"ci", b"sh"),
    (b"ch", b"tch"),
    (b"tch", b"ch"),
    (b"ough", b"uf"),
    (b"ough", b"off"),
    (b"ough", b"ow"),
    (b"wh", b"w"),
    (b"kn", b"n"),
    (b"wr", b"r"),
    (b"ie", b"ei"),
    (b"ei", b"ie"),
    (b"ea", b"ee"),
    (b"ee", b"ea"),
    (b"ou", b"ow"),
    (b"ow", b"ou"),
    (b"ture", b"cher"),
    (b"ture", b"cha"),
    (b"le", b"el"),
    (b"el", b"le"),
    (b"ance", b"ence"),
    (b"ence", b"ance"),
    (b"ible", b"able"),
    (b"able", b"ible"),
    (b"ous", b"us"),
    (b"c", b"ss"),
    (b"s", b"c"),
    (b"ght", b"te"),
    (b"ght", b"t"),
    (b"y", b"ie"),
    (b"ie", b"y"),
    (b"er", b"a"),
    (b"our", b"or"),
    (b"ally", b"aly"),
    (b"dge", b"ge"),
    (b"ge", b"dge"),
    (b"g", b"dg"),
];

/// The longest right-hand side of a rule, and so how many past columns a state keeps.
const KEPT: usize = 4;

/// A query word no story has, and the words stories have that it may have meant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The word as typed (lowercased).
    pub word: String,
    /// Likeliest words first; may be empty.
    pub did_you_mean: Vec<String>,
}

/// Words stories contain, with how many stories contain each.
pub trait Lexicon {
    /// How many stories contain `word`.
    fn count(&self, word: &str) -> u64;
    /// Every word the automaton accepts, with its story count.
    fn near(&self, automaton: &TypoAutomaton) -> Vec<(String, u64)>;
}

/// Runs `$body` with `$walk` bound to `$automaton` as a [`Width`] just wide enough for its
/// typed word (the dynamic programme's states are copied at every step of the walk, so the
/// narrower the cheaper).
macro_rules! by_width {
    ($automaton:expr, $walk:ident => $body:block) => {{
        let automaton: &TypoAutomaton = $automaton;
        match automaton.typed.len() {
            0..=8 => {
                let $walk = Width::<9>(automaton);
                $body
            }
            9..=12 => {
                let $walk = Width::<13>(automaton);
                $body
            }
            13..=16 => {
                let $walk = Width::<17>(automaton);
                $body
            }
            _ => {
                let $walk = Width::<{ MAX_WORD + 1 }>(automaton);
                $body
            }
        }
    }};
}

/// The index's words file: every surface word of every story's headline and text, with
/// its story count ([`crate::schema::words`]), read when a word first needs it (most
/// queries have every word in some story and never do).
pub struct IndexLexicon<'a> {
    searcher: &'a Searcher,
    words: std::cell::OnceCell<tantivy_fst::Map<Vec<u8>>>,
}

impl<'a> IndexLexicon<'a> {
    /// The lexicon of the index `searcher` reads.
    pub fn new(searcher: &'a Searcher) -> IndexLexicon<'a> {
        IndexLexicon {
            searcher,
            words: std::cell::OnceCell::new(),
        }
    }

    fn words(&self) -> &tantivy_fst::Map<Vec<u8>> {
        self.words
            .get_or_init(|| crate::schema::words::read(self.searcher.index()))
    }
}

impl Lexicon for IndexLexicon<'_> {
    fn count(&self, word: &str) -> u64 {
        Lexicon::count(self.words(), word)
    }

    fn near(&self, automaton: &TypoAutomaton) -> Vec<(String, u64)> {
        Lexicon::near(self.words(), automaton)
    }
}

/// An in-memory lexicon (word -> story count), e.g. for measuring suggestions without an
/// index.
impl Lexicon for tantivy_fst::Map<Vec<u8>> {
    fn count(&self, word: &str) -> u64 {
        self.get(word).unwrap_or(0)
    }

    fn near(&self, automaton: &TypoAutomaton) -> Vec<(String, u64)> {
        use tantivy_fst::{IntoStreamer, Streamer};
        let mut out = Vec::new();
        by_width!(automaton, walk => {
            let mut stream = self.search(walk).into_stream();
            while let Some((word, count)) = stream.next() {
                if let Ok(word) = std::str::from_utf8(word) {
                    out.push((word.to_string(), count));
                }
            }
        });
        out
    }
}

/// The words `word` (lowercased, folded) was most likely meant to be, best first, at most
/// [`MAX_SUGGESTIONS`], with the shipped channel and parameters.
pub fn corrections(lexicon: &dyn Lexicon, word: &str) -> Vec<String> {
    corrections_with(lexicon, word, channel::shipped(), &SpellParams::default())
}

/// [`corrections`] with a given channel and parameters (for measuring and tuning).
pub fn corrections_with(
    lexicon: &dyn Lexicon,
    word: &str,
    channel: &Channel,
    params: &SpellParams,
) -> Vec<String> {
    offered(&candidates_with(lexicon, word, channel, params), params)
}

/// The candidates (as [`candidates_with`] ranks them) a suggestion offers: the first few
/// close to the best.
pub fn offered(ranked: &[Candidate], params: &SpellParams) -> Vec<String> {
    let (best, closest) = ranked.first().map_or((0.0, 0.0), |r| (r.likely, r.cost));
    ranked
        .iter()
        .filter(|r| {
            if params.rerank {
                r.likely <= best + params.margin
            } else {
                r.likely <= best + params.slack && r.cost <= closest + params.close
            }
        })
        .take(params.offer)
        .map(|r| r.word.clone())
        .collect()
}

/// A word the typed one may have meant, as [`candidates_with`] ranks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The word stories have.
    pub word: String,
    /// Stories that have it.
    pub stories: u64,
    /// What writing it as the typed word costs (see [`TypoAutomaton`]).
    pub cost: f32,
    /// Lower ranks first: minus the [`rerank`](super::rerank) score, or (without
    /// [`SpellParams::rerank`]) `cost` minus the frequency prior and sound bonus.
    pub likely: f32,
}

impl SpellParams {
    /// The largest cost a candidate for `word` may have.
    pub fn bound(&self, word: &str) -> f32 {
        (self.per_letter * word.chars().count() as f32).clamp(self.min_cost, self.max_cost)
    }
}

/// Every candidate the dictionary walk finds for `word`, likeliest first (before
/// [`corrections_with`] keeps the few close to the best).
pub fn candidates_with(
    lexicon: &dyn Lexicon,
    word: &str,
    channel: &Channel,
    params: &SpellParams,
) -> Vec<Candidate> {
    if word.chars().count() < 2 || word.len() > MAX_WORD {
        return Vec::new();
    }
    let bound = params.bound(word);
    // The dictionary is walked with the hand-written costs and the learned channel's
    // cheapest rules only (cheap to run), and the words found are costed with the whole
    // learned channel. A narrow search first: when it finds a word within `near`, the wide
    // one (which visits far more of the dictionary) is skipped.
    let scorer = TypoAutomaton::new(word.as_bytes(), f32::MAX, channel, params);
    let narrow = TypoAutomaton::walking(word.as_bytes(), bound.min(params.narrow), channel, params);
    let kept = |found: Vec<(String, u64)>| -> Vec<(String, u64)> {
        found
            .into_iter()
            .filter(|(candidate, count)| *count > 0 && candidate != word)
            .collect()
    };
    let mut found = kept(lexicon.near(&narrow));
    let mut costs = scorer.costs(found.iter().map(|(candidate, _)| candidate.as_bytes()));
    let near = costs.iter().any(|&cost| cost <= params.near);
    let least = costs.iter().copied().fold(f32::INFINITY, f32::min);
    let wide_bound = bound.min(least + params.wide_margin);
    if !near && wide_bound > params.narrow {
        let wide = TypoAutomaton::walking(word.as_bytes(), wide_bound, channel, params);
        found = kept(lexicon.near(&wide));
        costs = scorer.costs(found.iter().map(|(candidate, _)| candidate.as_bytes()));
    }
    if params.anchor > 0 && word.len() > params.anchor {
        // The words beginning with the typed word's first letters, walked with every
        // learned rewrite (the first letters are seldom wrong, and fixing them keeps the
        // walk to a small part of the dictionary).
        let mut anchored = TypoAutomaton::new(word.as_bytes(), bound, channel, params);
        anchored.anchor = params.anchor;
        anchored.sounds = None;
        let known: std::collections::HashSet<&str> = found
            .iter()
            .map(|(candidate, _)| candidate.as_str())
            .collect();
        let mut more: Vec<(String, u64)> = kept(lexicon.near(&anchored))
            .into_iter()
            .filter(|(candidate, _)| !known.contains(candidate.as_str()))
            .collect();
        if !more.is_empty() {
            let more_costs = scorer.costs(more.iter().map(|(candidate, _)| candidate.as_bytes()));
            found.append(&mut more);
            costs.extend(more_costs);
        }
    }
    let mut ranked: Vec<Candidate> = found
        .into_iter()
        .zip(costs)
        .map(|((candidate, count), cost)| Candidate {
            cost,
            word: candidate,
            stories: count,
            likely: 0.0,
        })
        .collect();
    if params.rerank {
        rescore(word.as_bytes(), &mut ranked, rerank::shipped());
    } else {
        // Without the re-ranker: cost less the frequency prior and the sound bonus.
        let sounds = sound_skeleton(word.as_bytes());
        for candidate in &mut ranked {
            candidate.likely =
                candidate.cost - params.frequency_weight * (candidate.stories as f32).log10();
            if params.sound_bonus != 0.0 && sound_skeleton(candidate.word.as_bytes()) == sounds {
                candidate.likely -= params.sound_bonus;
            }
        }
    }
    sort(&mut ranked);
    ranked
}

/// Orders candidates likeliest first: by `likely`, then by stories, then by word.
pub fn sort(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        a.likely
            .total_cmp(&b.likely)
            .then(b.stories.cmp(&a.stories))
            .then(a.word.cmp(&b.word))
    });
}

/// Sets every candidate's `likely` to minus its `reranker` score (the list's order is
/// kept; sort afterwards).
pub fn rescore(typed: &[u8], candidates: &mut [Candidate], reranker: &Reranker) {
    let features = rerank_features(typed, candidates);
    for (candidate, features) in candidates.iter_mut().zip(&features) {
        candidate.likely = -reranker.score(features);
    }
}

/// The [`rerank::features`] of `candidates` (as the walk found them) for `typed`.
pub fn rerank_features(typed: &[u8], candidates: &[Candidate]) -> Vec<rerank::Features> {
    let found: Vec<rerank::Found<'_>> = candidates
        .iter()
        .map(|c| rerank::Found {
            word: c.word.as_bytes(),
            stories: c.stories,
            cost: c.cost,
        })
        .collect();
    rerank::features(typed, &found)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Letters people write for one another because they sound alike.
fn sound_alike(a: u8, b: u8) -> bool {
    const PAIRS: &[(u8, u8)] = &[
        (b'c', b'k'),
        (b'c', b's'),
        (b's', b'z'),
        (b'g', b'j'),
        (b'm', b'n'),
        (b'f', b'v'),
        (b'd', b't'),
        (b'b', b'p'),
        (b'k', b'q'),
        (b'x', b'z'),
        (b'c', b'q'),
    ];
    PAIRS
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// Cost of writing `right` as `typed` with the shipped channel (see [`TypoAutomaton`]).
pub fn typo_cost(typed: &str, right: &str) -> f32 {
    let params = SpellParams::default();
    TypoAutomaton::new(typed.as_bytes(), f32::MAX, channel::shipped(), &params)
        .cost(right.as_bytes())
}

/// A weighted Damerau-Levenshtein automaton over the bytes of candidate words: it accepts
/// the words that a typed word misspells at a cost of at most its bound.
///
/// The cost of writing a right word as the typed one is the cheapest alignment of edits.
/// Each edit costs the least of: a rewrite of the learned [`Channel`] (`ent` written `ant`:
/// −log10 of how often people write it so) and the hand-written costs times
/// [`SpellParams::hand_scale`] (a letter typed twice or a doubled letter typed once 0.3, a
/// vowel added, dropped or put for another 0.5, sound-alike letters 0.5, a sound-alike
/// spelling from [`RULES`] 0.3, two neighbours swapped 0.75, anything else 1). An edit
/// touching the first letter costs [`SpellParams::first_letter`] more. A state is the
/// last columns of the dynamic programme (one cost per typed prefix), so the FST walk
/// shares work across words with a common prefix and prunes a branch once its cheapest
/// cell passes the bound.
pub struct TypoAutomaton {
    typed: Vec<u8>,
    bound: f32,
    /// Cost of `typed[i]` being an extra letter.
    extra: Vec<f32>,
    /// Cost of writing the right letter `b` as `typed[i]`, at `i * 256 + b` (the first
    /// letter's edit cost included; worked out once rather than at every step).
    substitute: Vec<f32>,
    /// For each typed prefix length, the hand rules whose typed side ends there:
    /// (rule, length).
    rules_at: Vec<Vec<(usize, usize)>>,
    /// For each typed prefix length, the channel's rules whose typed side ends there,
    /// sorted by the last letter of their right side.
    learned_at: Vec<Vec<Learned>>,
    scale: f32,
    first: f32,
    /// The typed word's [`sound_skeleton`], when words sounding like it are wanted.
    sounds: Option<Vec<u8>>,
    /// The most letters a word found by its sound may have.
    sound_letters: usize,
    /// See [`SpellParams::sound_first`].
    sound_first: u8,
    /// See [`SpellParams::sound_edits`].
    sound_edits: u8,
    /// For each sound class, the skeleton's positions that have it (bit `i`: sound `i`).
    sound_at: [u64; 7],
    /// How many of the typed word's first letters a word must begin with (0: any).
    anchor: usize,
}

/// Where the automaton is: the dynamic programme's last [`KEPT`] columns (newest first,
/// `W` cells each: one more than the typed word's letters at least) and the right word's
/// last letters, `None` once no alignment fits the bound; and how much of the typed word's
/// sound skeleton the right word has matched, `None` once it sounds different.
#[derive(Clone)]
pub struct TypoState<const W: usize> {
    columns: Option<Columns<W>>,
    sound: Option<Sound>,
}

/// A [`TypoAutomaton`] walking with states `W` cells wide (`W` more than its typed
/// word's letters); [`TypoAutomaton`] itself walks with [`MAX_WORD`] + 1.
#[derive(Clone, Copy)]
pub struct Width<'a, const W: usize>(&'a TypoAutomaton);

impl<const W: usize> Width<'_, W> {
    /// [`TypoAutomaton::cost`] with states `W` cells wide.
    fn cost(&self, right: &[u8]) -> f32 {
        let automaton = self.0;
        let mut state: TypoState<W> = automaton.start_state();
        for &b in right {
            state = automaton.step(&state, b, f32::MAX);
        }
        state
            .columns
            .map_or(f32::MAX, |columns| columns.cols[0][automaton.typed.len()])
    }
}

impl<const W: usize> Width<'_, W> {
    /// [`Width::cost`] of each of `words`, sharing the work of a prefix with the word
    /// before (words in dictionary order share long prefixes).
    fn costs<'w>(&self, words: impl Iterator<Item = &'w [u8]>) -> Vec<f32> {
        let automaton = self.0;
        // `states[k]`: the state after the previous word's first `k` letters.
        let mut states: Vec<TypoState<W>> = vec![automaton.start_state()];
        let mut previous: &[u8] = &[];
        let mut out = Vec::new();
        for word in words {
            let shared = word
                .iter()
                .zip(previous)
                .take_while(|(a, b)| a == b)
                .count();
            states.truncate(shared + 1);
            for &b in &word[shared..] {
                let next = automaton.step(&states[states.len() - 1], b, f32::MAX);
                states.push(next);
            }
            previous = word;
            out.push(
                states[states.len() - 1]
                    .columns
                    .as_ref()
                    .map_or(f32::MAX, |columns| columns.cols[0][automaton.typed.len()]),
            );
        }
        out
    }
}

impl<const W: usize> Automaton for Width<'_, W> {
    type State = TypoState<W>;

    fn start(&self) -> TypoState<W> {
        self.0.start_state()
    }

    fn is_match(&self, state: &TypoState<W>) -> bool {
        self.0.matches(state)
    }

    fn can_match(&self, state: &TypoState<W>) -> bool {
        state.columns.is_some() || state.sound.is_some()
    }

    fn accept(&self, state: &TypoState<W>, b: u8) -> TypoState<W> {
        self.0.step(state, b, self.0.bound)
    }
}

/// How far a word's letters follow a sound skeleton.
#[derive(Clone, Copy)]
struct Sound {
    /// How many of the skeleton's sounds the word may have matched with no edit (bit `i`:
    /// `i` sounds) ...
    exact: u64,
    /// ... and with one.
    edited: u64,
    /// The last sound (0 before the first).
    last: u8,
    /// Letters read.
    letters: usize,
}

/// The consonant sounds of a word, as classes (after Soundex: `b f p v` 1, `c g j k q s x
/// z` 2, `d t` 3, `l` 4, `m n` 5, `r` 6), vowels and `h w y` left out and a sound
/// repeated only once: `certain`, `sertin` and `surtan` are all `2635`.
pub fn sound_skeleton(word: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    for &b in word {
        let class = sound_class(b);
        if class != 0 && out.last() != Some(&class) {
            out.push(class);
        }
    }
    out
}

fn sound_class(b: u8) -> u8 {
    match b {
        b'b' | b'f' | b'p' | b'v' => 1,
        b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => 2,
        b'd' | b't' => 3,
        b'l' => 4,
        b'm' | b'n' => 5,
        b'r' => 6,
        _ => 0,
    }
}

#[derive(Clone)]
struct Columns<const W: usize> {
    cols: [[f32; W]; KEPT],
    letters: [u8; KEPT],
    len: usize,
}

/// A learned rewrite as [`TypoAutomaton`] reads it at one typed position, laid out for the
/// walk's innermost loop: its right side's last letter, the letters before it packed as
/// [`Columns::letters`] holds them (newest first), and its cost there.
#[derive(Clone, Copy)]
struct Learned {
    letter: u8,
    /// Letters of the right side.
    len: u8,
    /// Letters of the typed side.
    typed_len: u8,
    /// The right side's letters before the last, newest first, and which bytes they fill.
    before: u32,
    mask: u32,
    cost: f32,
    /// `cost` when the rewrite starts the right word (the first-letter cost added).
    cost_at_start: f32,
}

impl Learned {
    /// The rule writing `right` as `typed_len` typed letters ending at typed position `i`.
    fn new(letter: u8, right: &[u8], typed_len: usize, cost: f32, i: usize, first: f32) -> Learned {
        let mut before = [0u8; KEPT];
        let mut mask = [0u8; KEPT];
        for (q, &r) in right[..right.len() - 1].iter().rev().enumerate() {
            before[q] = r;
            mask[q] = 0xff;
        }
        // A rewrite whose typed side starts the typed word touches the first letter too.
        let cost = cost + if typed_len == i { first } else { 0.0 };
        Learned {
            letter,
            len: right.len() as u8,
            typed_len: typed_len as u8,
            before: u32::from_le_bytes(before),
            mask: u32::from_le_bytes(mask),
            cost,
            cost_at_start: if typed_len == i { cost } else { cost + first },
        }
    }
}

const NEVER: f32 = f32::MAX / 4.0;

impl TypoAutomaton {
    /// An automaton for `typed` (at most [`MAX_WORD`] bytes; longer words are cut there)
    /// accepting words within `bound`.
    pub fn new(typed: &[u8], bound: f32, channel: &Channel, params: &SpellParams) -> TypoAutomaton {
        TypoAutomaton::with_rules(typed, bound, channel, params, [f32::INFINITY; 2])
    }

    /// [`TypoAutomaton::new`] for walking the dictionary: with the channel's rules that
    /// cost at most [`SpellParams::walk_rules`] only.
    pub fn walking(
        typed: &[u8],
        bound: f32,
        channel: &Channel,
        params: &SpellParams,
    ) -> TypoAutomaton {
        TypoAutomaton::with_rules(
            typed,
            bound,
            channel,
            params,
            [params.walk_rules, params.walk_drops.min(params.walk_rules)],
        )
    }

    fn with_rules(
        typed: &[u8],
        bound: f32,
        channel: &Channel,
        params: &SpellParams,
        max_rule: [f32; 2],
    ) -> TypoAutomaton {
        let typed = typed[..typed.len().min(MAX_WORD)].to_vec();
        let n = typed.len();
        let (scale, first) = (params.hand_scale, params.first_letter);
        let extra = (0..n)
            .map(|i| {
                let c = typed[i];
                let doubled = (i > 0 && typed[i - 1] == c) || typed.get(i + 1) == Some(&c);
                let cost = if doubled {
                    DOUBLED
                } else if is_vowel(c) {
                    VOWEL_ADDED_OR_DROPPED
                } else {
                    1.0
                };
                scale * cost + if i == 0 { first } else { 0.0 }
            })
            .collect();
        let substitute = typed
            .iter()
            .enumerate()
            .flat_map(|(i, &a)| {
                (0..=255u8).map(move |b| {
                    if a == b {
                        return 0.0;
                    }
                    let cost = if is_vowel(a) && is_vowel(b) {
                        VOWEL_FOR_VOWEL
                    } else if sound_alike(a, b) {
                        SOUND_ALIKE
                    } else {
                        1.0
                    };
                    scale * cost + if i == 0 { first } else { 0.0 }
                })
            })
            .collect();
        let rules_at = (0..=n)
            .map(|i| {
                RULES
                    .iter()
                    .enumerate()
                    .filter(|(_, (right, wrong))| {
                        right.len() <= KEPT
                            && wrong.len() <= i
                            && &typed[i - wrong.len()..i] == *wrong
                    })
                    .map(|(k, (_, wrong))| (k, wrong.len()))
                    .collect()
            })
            .collect();
        let learned_at = (0..=n)
            .map(|i| {
                let mut at: Vec<(u8, usize, usize)> = (0..=channel::MAX_SIDE.min(i))
                    .flat_map(|len| {
                        channel
                            .typed_as(&typed[i - len..i])
                            .iter()
                            .map(move |&k| (k, len))
                    })
                    .filter(|&(k, len)| channel.rules[k].cost <= max_rule[usize::from(len == 0)])
                    .filter_map(|(k, len)| {
                        let right = &channel.rules[k].right;
                        let last = *right.last()?;
                        (right.len() <= KEPT).then_some((last, k, len))
                    })
                    .collect();
                at.sort_unstable();
                at.into_iter()
                    .map(|(letter, k, typed_len)| {
                        let rule = &channel.rules[k];
                        Learned::new(letter, &rule.right, typed_len, rule.cost, i, first)
                    })
                    .collect()
            })
            .collect();
        let skeleton = sound_skeleton(&typed);
        let sound_edits = if skeleton.len() >= params.sound_edits_min {
            params.sound_edits.min(1)
        } else {
            0
        };
        let sounds = (skeleton.len() >= params.sound_min).then_some(skeleton);
        TypoAutomaton {
            sound_letters: n + params.sound_longer,
            sound_first: params.sound_first,
            sound_edits,
            sound_at: {
                let mut at = [0u64; 7];
                for (i, &class) in sounds.iter().flatten().enumerate() {
                    at[usize::from(class)] |= 1 << i;
                }
                at
            },
            typed,
            bound,
            extra,
            substitute,
            rules_at,
            learned_at,
            scale,
            first,
            sounds,
            anchor: 0,
        }
    }

    /// The cheapest way the channel writes right letters ending in `b` (after the
    /// state's letters) as typed letters ending at `i`, from the columns before.
    fn learned<const W: usize>(&self, s: &Columns<W>, b: u8, i: usize) -> f32 {
        let at = &self.learned_at[i];
        let from = at.partition_point(|rule| rule.letter < b);
        // The right word's letters before `b`, newest first, one a byte.
        let before = u32::from_le_bytes(s.letters);
        let mut best = NEVER;
        for rule in &at[from..] {
            if rule.letter != b {
                break;
            }
            let len = usize::from(rule.len);
            if len > s.len + 1 || before & rule.mask != rule.before {
                continue;
            }
            let cost = if len == s.len + 1 {
                rule.cost_at_start
            } else {
                rule.cost
            };
            best = best.min(s.cols[len - 1][i - usize::from(rule.typed_len)] + cost);
        }
        best
    }

    /// The cost of writing `right` as the typed word, whatever the bound.
    pub fn cost(&self, right: &[u8]) -> f32 {
        by_width!(self, walk => { walk.cost(right) })
    }

    /// [`TypoAutomaton::cost`] of each of `words`, in order (cheapest when words sharing
    /// a prefix come together, as in dictionary order).
    pub fn costs<'w>(&self, words: impl Iterator<Item = &'w [u8]>) -> Vec<f32> {
        by_width!(self, walk => { walk.costs(words) })
    }

    /// The state after the right word's next letter `b`.
    fn step<const W: usize>(&self, state: &TypoState<W>, b: u8, bound: f32) -> TypoState<W> {
        TypoState {
            columns: state
                .columns
                .as_ref()
                .and_then(|s| self.columns(s, b, bound)),
            sound: state.sound.and_then(|s| self.sound(s, b)),
        }
    }

    /// The sound skeleton followed one more letter, `None` once the word sounds different
    /// or is too long.
    fn sound(&self, s: Sound, b: u8) -> Option<Sound> {
        let sounds = self.sounds.as_ref()?;
        let letters = s.letters + 1;
        if letters > self.sound_letters || (s.letters == 0 && !self.first_sound(b)) {
            return None;
        }
        let class = sound_class(b);
        if class == 0 || class == s.last {
            return Some(Sound { letters, ..s });
        }
        let all = (1u64 << (sounds.len() + 1)) - 1;
        let at = self.sound_at[usize::from(class)];
        let exact = ((s.exact & at) << 1) & all;
        let mut edited = 0;
        if self.sound_edits > 0 {
            // Matched after an edit, a sound added, a sound changed, then one dropped.
            edited = ((((s.edited & at) << 1) | s.exact | (s.exact << 1)) | (exact << 1)) & all;
        }
        (exact | edited != 0).then_some(Sound {
            exact,
            edited,
            last: class,
            letters,
        })
    }

    /// Whether a word found by its sound may begin with `b`.
    fn first_sound(&self, b: u8) -> bool {
        let typed = self.typed[0];
        match self.sound_first {
            0 => true,
            1 => b == typed,
            _ => {
                b == typed
                    || (is_vowel(b) && is_vowel(typed))
                    || (sound_class(b) != 0 && sound_class(b) == sound_class(typed))
            }
        }
    }

    /// The columns after the right word's next letter `b`, `None` past `bound`.
    fn columns<const W: usize>(&self, s: &Columns<W>, b: u8, bound: f32) -> Option<Columns<W>> {
        let typed = &self.typed;
        let j = s.len;
        if j < self.anchor && typed[j] != b {
            return None;
        }
        let last = &s.cols[0];
        // `b` missing from the typed word.
        let missing = self.scale
            * if j > 0 && s.letters[0] == b {
                DOUBLED
            } else if is_vowel(b) {
                VOWEL_ADDED_OR_DROPPED
            } else {
                1.0
            }
            + if j == 0 { self.first } else { 0.0 };
        let mut col = [NEVER; W];
        col[0] = (last[0] + missing).min(self.learned(s, b, 0));
        let mut cheapest = col[0];
        for i in 1..=typed.len() {
            let a = typed[i - 1];
            let mut substitute = self.substitute[(i - 1) * 256 + usize::from(b)];
            if j == 0 && i > 1 && a != b {
                substitute += self.first;
            }
            let mut best = (last[i - 1] + substitute)
                .min(last[i] + missing)
                .min(col[i - 1] + self.extra[i - 1]);
            if i > 1 && j > 0 && a == s.letters[0] && typed[i - 2] == b && a != b {
                best = best.min(s.cols[1][i - 2] + self.scale * SWAPPED);
            }
            for &(k, typed_len) in &self.rules_at[i] {
                let right = RULES[k].0;
                let len = right.len();
                if len > j + 1 || right[len - 1] != b {
                    continue;
                }
                if (0..len - 1).all(|q| s.letters[q] == right[len - 2 - q]) {
                    best = best.min(s.cols[len - 1][i - typed_len] + self.scale * SPELLING_RULE);
                }
            }
            best = best.min(self.learned(s, b, i));
            col[i] = best;
            cheapest = cheapest.min(best);
        }
        if cheapest > bound {
            return None;
        }
        Some(Columns {
            cols: [col, s.cols[0], s.cols[1], s.cols[2]],
            letters: [b, s.letters[0], s.letters[1], s.letters[2]],
            len: j + 1,
        })
    }
}

impl TypoAutomaton {
    /// The state before the right word's first letter.
    fn start_state<const W: usize>(&self) -> TypoState<W> {
        let mut cols = [[NEVER; W]; KEPT];
        cols[0][0] = 0.0;
        for i in 1..=self.typed.len() {
            cols[0][i] = cols[0][i - 1] + self.extra[i - 1];
        }
        TypoState {
            columns: Some(Columns {
                cols,
                letters: [0; KEPT],
                len: 0,
            }),
            sound: self.sounds.as_ref().map(|sounds| Sound {
                exact: 1,
                // The first sound dropped.
                edited: if self.sound_edits > 0 && !sounds.is_empty() {
                    2
                } else {
                    0
                },
                last: 0,
                letters: 0,
            }),
        }
    }

    /// Whether the word read so far is accepted.
    fn matches<const W: usize>(&self, state: &TypoState<W>) -> bool {
        state
            .columns
            .as_ref()
            .is_some_and(|c| c.cols[0][self.typed.len()] <= self.bound)
            || state
                .sound
                .zip(self.sounds.as_ref())
                .is_some_and(|(s, sounds)| (s.exact | s.edited) >> sounds.len() & 1 == 1)
    }
}

impl Automaton for TypoAutomaton {
    type State = TypoState<{ MAX_WORD + 1 }>;

    fn start(&self) -> Self::State {
        self.start_state()
    }

    fn is_match(&self, state: &Self::State) -> bool {
        self.matches(state)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.columns.is_some() || state.sound.is_some()
    }

    fn accept(&self, state: &Self::State, b: u8) -> Self::State {
        self.step(state, b, self.bound)
    }
}

/// The most unknown words of one query that get suggestions. Finding a word's
/// corrections costs milliseconds, so a pasted page full of names no story has took
/// seconds (5 ms a word on the bundled corpus, 600 words 2.7 s) for a screenful of notes
/// nobody reads; the first few are the ones a person typed wrong.
pub const MAX_WORDS_SUGGESTED: usize = 10;

/// Suggestions for the words in `words` that no story has in any searched field: the first
/// [`MAX_WORDS_SUGGESTED`] of them.
pub fn suggest(searcher: &Searcher, fields: &Fields, words: &[PlainWord]) -> Vec<Suggestion> {
    let text_fields = [fields.title, fields.body, fields.quotes];
    let name_fields = [fields.speaker, fields.location, fields.byline];
    let lexicon = IndexLexicon::new(searcher);
    let mut out: Vec<Suggestion> = Vec::new();
    for word in words {
        if out.len() == MAX_WORDS_SUGGESTED {
            break;
        }
        if out.iter().any(|s| s.word == word.typed) {
            continue;
        }
        let found = text_fields
            .iter()
            .map(|&f| Term::from_field_text(f, &word.stem))
            .chain(
                name_fields
                    .iter()
                    .map(|&f| Term::from_field_text(f, &word.typed)),
            )
            .any(|term| searcher.doc_freq(&term).unwrap_or(0) > 0);
        if found {
            continue;
        }
        let did_you_mean = corrections(&lexicon, &word.typed);
        out.push(Suggestion {
            word: word.typed.clone(),
            did_you_mean,
        });
    }
    out
}

/// The surface words of `text` as the `words` field holds them: split on non-letters and
/// non-digits, lowercased, accents folded, words over 40 bytes dropped (the `names`
/// analyzer).
pub fn surface_words(text: &str) -> impl Iterator<Item = String> {
    let mut analyzer = crate::schema::words::surface_analyzer();
    let mut words = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| words.push(token.text.clone()));
    words.into_iter()
}

/// The query with every word that has a suggestion replaced by the first one, or `None`
/// when no word has one. Words are matched whole and case-insensitively; everything else
/// (operators, quotes, other words) is kept as typed.
pub fn correct_query(query: &str, suggestions: &[Suggestion]) -> Option<String> {
    let replacement = |token: &str| {
        let folded = super::query::fold(token);
        suggestions
            .iter()
            .find(|s| s.word == folded)
            .and_then(|s| s.did_you_mean.first())
    };
    let mut changed = false;
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| c.is_alphanumeric())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let token = &rest[..end];
        match replacement(token) {
            Some(word) => {
                out.push_str(word);
                changed = true;
            }
            None => out.push_str(token),
        }
        rest = &rest[end..];
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written costs alone, at their own scale.
    fn hand() -> SpellParams {
        SpellParams {
            hand_scale: 1.0,
            first_letter: 0.5,
            frequency_weight: 0.3,
            per_letter: 0.34,
            min_cost: 1.0,
            max_cost: 3.5,
            narrow: 1.5,
            near: 1.0,
            wide_margin: f32::INFINITY,
            slack: 1.0,
            close: 0.5,
            walk_rules: 0.0,
            walk_drops: 0.0,
            sound_min: usize::MAX,
            sound_longer: 0,
            sound_first: 1,
            sound_edits: 0,
            sound_edits_min: 0,
            sound_bonus: 0.0,
            rerank: false,
            margin: 0.0,
            offer: MAX_SUGGESTIONS,
            anchor: 0,
        }
    }

    fn cost_with(channel: &Channel, typed: &str, right: &str) -> f32 {
        let automaton = TypoAutomaton::new(typed.as_bytes(), f32::MAX, channel, &hand());
        (automaton.cost(right.as_bytes()) * 100.0).round() / 100.0
    }

    fn cost(typed: &str, right: &str) -> f32 {
        cost_with(&Channel::default(), typed, right)
    }

    #[test]
    fn real_errors_cost_less_than_other_edits() {
        assert_eq!(cost("begining", "beginning"), 0.3); // a doubled letter typed once
        assert_eq!(cost("untill", "until"), 0.3); // a letter typed twice
        assert_eq!(cost("independant", "independent"), 0.5); // a vowel for a vowel
        assert_eq!(cost("specil", "special"), 0.5); // a vowel dropped
        assert_eq!(cost("crued", "crude"), 0.75); // neighbours swapped
        assert_eq!(cost("fotograf", "photograph"), 0.6); // `ph` written `f`, twice
        assert_eq!(cost("stashun", "station"), 0.3); // `tion` written `shun`
        assert_eq!(cost("crude", "cride"), 0.5);
        assert_eq!(cost("crued", "cruel"), 1.0);
        assert_eq!(cost("brude", "crude"), 1.5); // the first letter is seldom wrong
        assert_eq!(cost("crude", "crude"), 0.0);
    }

    #[test]
    fn costs_in_a_row_equal_costs_one_by_one() {
        let channel = channel::shipped();
        let automaton =
            TypoAutomaton::new(b"independant", f32::MAX, channel, &SpellParams::default());
        let words: [&[u8]; 6] = [
            b"in",
            b"independence",
            b"independent",
            b"indian",
            b"dependent",
            b"independent",
        ];
        let one_by_one: Vec<f32> = words.iter().map(|w| automaton.cost(w)).collect();
        assert_eq!(automaton.costs(words.iter().copied()), one_by_one);
        assert!(automaton.costs(std::iter::empty()).is_empty());
    }

    #[test]
    fn learned_rewrites_replace_dearer_edits() {
        let rule = channel::Rule::written;
        let learned = Channel::new(vec![
            rule("ent", "ant", 0.2),
            rule("nn", "n", 0.1),
            rule("c", "s", 0.4),
        ]);
        assert_eq!(cost_with(&learned, "independant", "independent"), 0.2);
        assert_eq!(cost_with(&learned, "begining", "beginning"), 0.1);
        assert_eq!(cost_with(&learned, "nesessary", "necessary"), 0.4);
        // A rewrite at the first letter pays the first-letter cost too.
        assert_eq!(cost_with(&learned, "sell", "cell"), 0.9);
        // Edits without a rule keep their hand-written cost.
        assert_eq!(cost_with(&learned, "crued", "crude"), 0.75);
    }

    #[test]
    fn suggestions_rank_by_cost_then_by_stories() {
        let lexicon =
            tantivy_fst::Map::from_iter([("crude", 40u64), ("cruel", 90), ("prude", 2)]).unwrap();
        let empty = Channel::default();
        let corrections = |word: &str| corrections_with(&lexicon, word, &empty, &hand());
        assert_eq!(corrections("crued"), ["crude", "cruel"]);
        assert_eq!(corrections("crude"), ["prude"]);
        assert!(corrections("x").is_empty());
        // The shipped channel and parameters.
        assert_eq!(
            super::corrections(&lexicon, "crued")
                .first()
                .map(String::as_str),
            Some("crude")
        );
    }

    #[test]
    fn the_wide_search_stops_a_margin_past_the_cheapest_word_found() {
        // `abcdefgh` (the vowel `i` and `j` typed extra: 1.5) is within the narrow bound
        // (1.5) but not near (1.0), so the wide search (bound 3.4) runs; `abcdxyghij` costs
        // 2.0, within the bound but more than 0.4 past the cheapest word found.
        let lexicon = tantivy_fst::Map::from_iter([("abcdefgh", 5u64), ("abcdxyghij", 5)]).unwrap();
        let empty = Channel::default();
        let found = |params: &SpellParams| -> Vec<(String, f32)> {
            candidates_with(&lexicon, "abcdefghij", &empty, params)
                .into_iter()
                .map(|c| (c.word, (c.cost * 100.0).round() / 100.0))
                .collect()
        };
        let unbounded = hand();
        assert_eq!(
            found(&unbounded),
            [
                ("abcdefgh".to_string(), 1.5),
                ("abcdxyghij".to_string(), 2.0)
            ]
        );
        let margin = SpellParams {
            wide_margin: 0.4,
            ..unbounded
        };
        assert_eq!(found(&margin), [("abcdefgh".to_string(), 1.5)]);
        assert_eq!(SpellParams::default().wide_margin, 3.0);
    }

    #[test]
    fn words_a_few_learned_rewrites_away_are_found_among_those_with_the_same_beginning() {
        // `cemerty` is `cemetery` by the learned channel's cheap rewrites, but past the
        // Levenshtein walks' bound with the hand-written costs they pay for most of them.
        let lexicon =
            tantivy_fst::Map::from_iter([("cemetery", 50u64), ("dormitory", 50)]).unwrap();
        let found = |params: &SpellParams| -> Vec<String> {
            candidates_with(&lexicon, "cemerty", channel::shipped(), params)
                .into_iter()
                .map(|c| c.word)
                .collect()
        };
        assert_eq!(found(&SpellParams::default()), ["cemetery"]);
        let without = SpellParams {
            anchor: 0,
            ..SpellParams::default()
        };
        assert!(found(&without).is_empty());
    }

    #[test]
    fn sound_skeletons_keep_consonant_sounds_once() {
        assert_eq!(sound_skeleton(b"certain"), [2, 6, 3, 5]);
        assert_eq!(sound_skeleton(b"sertin"), [2, 6, 3, 5]);
        assert_eq!(sound_skeleton(b"surtan"), [2, 6, 3, 5]);
        assert_eq!(sound_skeleton(b"recognize"), [6, 2, 5, 2]);
        assert!(sound_skeleton(b"aye").is_empty());
    }

    #[test]
    fn words_that_sound_alike_are_found_past_the_bound() {
        let lexicon = tantivy_fst::Map::from_iter([
            ("bison", 5u64),
            ("business", 300),
            ("dizzy", 20),
            ("zinc", 40),
        ])
        .unwrap();
        let shipped = SpellParams::default();
        let channel = channel::shipped();
        // `bizniz` costs 8.4 with the walk's hand-written costs, past its bound (6.1), but
        // sounds like `business` (`1252`) and begins with the same letter.
        assert!(
            TypoAutomaton::new(b"bizniz", f32::MAX, &Channel::default(), &shipped)
                .cost(b"business")
                > shipped.bound("bizniz")
        );
        // (`bison`, 60 times rarer and as far in letters, within the margin too.)
        assert_eq!(corrections(&lexicon, "bizniz"), ["business", "bison"]);
        let deaf = SpellParams {
            sound_min: usize::MAX,
            ..shipped
        };
        assert!(corrections_with(&lexicon, "bizniz", channel, &deaf).is_empty());
        // A word found by its sound begins with the typed word's first letter.
        assert!(corrections(&lexicon, "pizniz").is_empty());
        // Skeletons too short find nothing by sound.
        assert!(corrections(&lexicon, "ozzzzo").is_empty());
    }

    #[test]
    fn a_skeleton_may_be_one_sound_off() {
        let lexicon = tantivy_fst::Map::from_iter([("business", 300u64), ("dizzy", 20)]).unwrap();
        // A bound that lets the typo costs find nothing: only sounds find words.
        let shipped = SpellParams {
            per_letter: 0.0,
            min_cost: 0.01,
            max_cost: 0.01,
            narrow: 0.01,
            ..SpellParams::default()
        };
        let one_off = SpellParams {
            sound_edits_min: 3,
            ..shipped
        };
        let exact = SpellParams {
            sound_edits: 0,
            ..one_off
        };
        let with = |word: &str, params: &SpellParams| {
            corrections_with(&lexicon, word, channel::shipped(), params)
        };
        assert_eq!(with("bizniz", &exact), ["business"]); // 1252 itself
                                                          // A sound added (12452), dropped (152), changed (1352) or added at the end (12523).
        for typed in ["bislness", "bunness", "bitness", "businesst"] {
            assert!(with(typed, &exact).is_empty(), "{typed}");
            assert_eq!(with(typed, &one_off), ["business"], "{typed}");
        }
        assert_eq!(with("bizbiz", &one_off), ["business"]); // 1212: the 1 for a 5
        assert!(with("bizbib", &one_off).is_empty()); // 121: two sounds off
        assert!(with("bisis", &one_off).is_empty()); // 12: no edit for two sounds
                                                     // Shipped: a sound off only for skeletons of 4 sounds or more.
        assert_eq!(with("bislness", &shipped), ["business"]); // 1452
        assert!(with("bunness", &shipped).is_empty()); // 152
    }

    #[test]
    fn the_query_is_corrected_word_by_word() {
        let suggestions = vec![Suggestion {
            word: "crued".into(),
            did_you_mean: vec!["crude".into(), "cruel".into()],
        }];
        assert_eq!(
            correct_query("Crued oil -opec", &suggestions).as_deref(),
            Some("crude oil -opec")
        );
        assert_eq!(correct_query("oil prices", &suggestions), None);
    }
}
