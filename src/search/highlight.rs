//! Highlighting and passage choice: which words of a text match the query, and which
//! passages of a story show the match best.
//!
//! tantivy's `SnippetGenerator` marks plain terms only; this highlighter works over the
//! same analyzers as the index, so stemmed forms (`talks` marks `talk`), prefixes (`summ*`),
//! fuzzy terms (`summitt~1`) and the words of phrases are all marked. Returns byte ranges,
//! never markup or colors.

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

use super::query::Matcher;
use super::Snippet;
use crate::article::Quote;
use crate::schema::{NAMES_ANALYZER, NEWS_ANALYZER};

/// Finds the words of a text that a query's [`Matcher`]s match.
pub struct Highlighter {
    matchers: Vec<Matcher>,
    folded: TextAnalyzer,
    stemmed: TextAnalyzer,
    /// Stems already computed, by folded word (words repeat across a page of hits).
    stems: std::collections::HashMap<String, String>,
}

impl Highlighter {
    /// A highlighter using `index`'s analyzers.
    pub fn new(index: &Index, matchers: Vec<Matcher>) -> Highlighter {
        let tokenizers = index.tokenizers();
        let fallback = || TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default());
        Highlighter {
            matchers,
            folded: tokenizers.get(NAMES_ANALYZER).unwrap_or_else(fallback),
            stemmed: tokenizers.get(NEWS_ANALYZER).unwrap_or_else(fallback),
            stems: std::collections::HashMap::new(),
        }
    }

    /// Whether there is anything to highlight.
    pub fn is_empty(&self) -> bool {
        self.matchers.is_empty()
    }

    /// Byte ranges of the matching words of `text`, in order, none overlapping.
    ///
    /// Tokenizes once (folded, unstemmed) and stems only the words that could match a
    /// stemmed or fuzzy term: stemming every word of every hit would cost more than the
    /// search itself.
    pub fn matches(&mut self, text: &str) -> Vec<Range<usize>> {
        if self.matchers.is_empty() {
            return Vec::new();
        }
        let Highlighter {
            matchers,
            folded: folding,
            stemmed,
            stems,
        } = self;
        let mut out: Vec<Range<usize>> = Vec::new();
        folding.token_stream(text).process(&mut |token| {
            let word = token.text.as_str();
            let hit = matchers.iter().any(|matcher| match matcher {
                Matcher::Prefix(p) => word.starts_with(p.as_str()),
                Matcher::Stem(s) => may_stem_to(word, s) && stem_of(stemmed, stems, word) == s,
                Matcher::Fuzzy(s, d) => {
                    let d = usize::from(*d);
                    may_be_near(word, s, d) && {
                        let stem = stem_of(stemmed, stems, word);
                        stem.len().abs_diff(s.len()) <= d && strsim::osa_distance(stem, s) <= d
                    }
                }
            });
            if hit {
                match out.last_mut() {
                    // Pairs of Chinese or Japanese characters overlap (`fold`): one range.
                    Some(last) if last.end > token.offset_from => last.end = token.offset_to,
                    _ => out.push(token.offset_from..token.offset_to),
                }
            }
        });
        out
    }
}

/// The stem of one folded word, computed once per highlighter.
fn stem_of<'c>(
    analyzer: &mut TextAnalyzer,
    cache: &'c mut std::collections::HashMap<String, String>,
    word: &str,
) -> &'c str {
    if !cache.contains_key(word) {
        let mut stem = word.to_string();
        analyzer
            .token_stream(word)
            .process(&mut |t| stem.clone_from(&t.text));
        cache.insert(word.to_string(), stem);
    }
    cache.get(word).map_or("", String::as_str)
}

/// Whether `word`'s stem could be within `d` edits of `stem`, judged by length alone: a
/// stem is never much longer than its word, and English suffixes removed together
/// (`negotiations` -> `negoti`) at most double a word's length, plus a few letters.
fn may_be_near(word: &str, stem: &str, d: usize) -> bool {
    word.len() + d + 4 >= stem.len() && word.len() <= 2 * (stem.len() + d) + 6
}

/// Whether `word` could stem to `stem`: English stemming only rewrites a word's ending,
/// so the two share their first two letters.
fn may_stem_to(word: &str, stem: &str) -> bool {
    word.chars().take(2).eq(stem.chars().take(2))
}

/// How well a passage shows the query: distinct matched words, then all matches.
pub fn strength(text: &str, highlights: &[Range<usize>]) -> (usize, usize) {
    let mut words: Vec<String> = highlights
        .iter()
        .map(|r| text[r.clone()].to_lowercase())
        .collect();
    let total = words.len();
    words.sort();
    words.dedup();
    (words.len(), total)
}

/// A candidate passage: its strength, its range, the matches inside.
type Passage = ((usize, usize), Range<usize>, Vec<Range<usize>>);

/// Up to `n` non-overlapping passages of about `max_chars` characters from `text`, best
/// first, given its matches. Each is a byte range of `text` with its matches.
pub fn passages(
    text: &str,
    matches: &[Range<usize>],
    max_chars: usize,
    n: usize,
) -> Vec<(Range<usize>, Vec<Range<usize>>)> {
    let mut candidates: Vec<Passage> = Vec::new();
    for m in matches {
        let start = passage_start(text, m.start, max_chars);
        let end = passage_end(text, start, max_chars);
        let inside: Vec<Range<usize>> = matches
            .iter()
            .filter(|r| r.start >= start && r.end <= end)
            .cloned()
            .collect();
        if inside.is_empty() {
            continue;
        }
        candidates.push((strength(text, &inside), start..end, inside));
    }
    // Stable sort: among equals the earliest passage wins.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.0));
    let mut chosen: Vec<(Range<usize>, Vec<Range<usize>>)> = Vec::new();
    for (_, range, inside) in candidates {
        if chosen.len() >= n {
            break;
        }
        if chosen
            .iter()
            .all(|(r, _)| range.end <= r.start || range.start >= r.end)
        {
            chosen.push((range, inside));
        }
    }
    chosen
}

/// Where a passage showing a match at `at` starts: its sentence's start when that leaves
/// room, else a word boundary a little before the match.
fn passage_start(text: &str, at: usize, max_chars: usize) -> usize {
    let reach = (max_chars / 3).max(1);
    let before = &text[..at];
    let sentence = before
        .rfind(". ")
        .map(|i| i + 2)
        .into_iter()
        .chain(before.rfind('\n').map(|i| i + 1))
        .max()
        .unwrap_or(0);
    if before[sentence..].chars().count() <= reach {
        return sentence;
    }
    let context = (max_chars / 5).max(1);
    let mut start = at;
    for (n, (i, _)) in before.char_indices().rev().enumerate() {
        if n >= context {
            break;
        }
        start = i;
    }
    match text[start..at].find(char::is_whitespace) {
        Some(space) => start + space + 1,
        None => at,
    }
}

/// Where a passage from `start` ends: the last word boundary within `max_chars` characters.
fn passage_end(text: &str, start: usize, max_chars: usize) -> usize {
    let rest = &text[start..];
    match rest.char_indices().nth(max_chars) {
        None => text.len(),
        Some((cut, _)) => match rest[..cut].rfind(char::is_whitespace) {
            Some(space) if space > 0 => start + space,
            _ => start + cut,
        },
    }
}

/// A [`Snippet`] from `source[range]`: whitespace collapsed, `…` where cut, `prefix` first
/// and `suffix` last, highlight ranges moved along.
pub fn snippet(
    field: &str,
    prefix: &str,
    source: &str,
    range: Range<usize>,
    highlights: &[Range<usize>],
    suffix: &str,
) -> Snippet {
    let mut text = String::from(prefix);
    let trimmed_end = source.trim_end().len();
    if range.start > 0 && !source[..range.start].trim().is_empty() {
        text.push('…');
    }
    let base = text.len();
    let local: Vec<Range<usize>> = highlights
        .iter()
        .map(|r| r.start - range.start..r.end - range.start)
        .collect();
    let (collapsed, local) = collapse_whitespace(source[range.clone()].trim_end(), &local);
    let lead = collapsed.len() - collapsed.trim_start().len();
    text.push_str(collapsed.trim_start());
    if range.end < trimmed_end {
        text.push('…');
    } else {
        text.push_str(suffix);
    }
    let highlights = local
        .into_iter()
        .map(|r| r.start + base - lead..r.end + base - lead)
        .collect();
    Snippet {
        field: field.to_string(),
        text,
        highlights,
    }
}

/// The opening of the story, cut at a word boundary: shown when no passage matches.
pub fn lead(body: &str, max_chars: usize) -> Snippet {
    let end = passage_end(body, 0, max_chars);
    snippet("body", "", body, 0..end, &[], "")
}

/// Collapses runs of whitespace to one space, moving `ranges` along with the text.
pub fn collapse_whitespace(text: &str, ranges: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![0usize; text.len() + 1];
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        for slot in &mut map[i..i + c.len_utf8()] {
            *slot = out.len();
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    map[text.len()] = out.len();
    let ranges = ranges
        .iter()
        .filter(|r| r.end <= text.len())
        .map(|r| map[r.start]..map[r.end])
        .collect();
    (out, ranges)
}

/// Where a quotation matches: in its words and in its speaker's name (byte ranges into
/// each).
#[derive(Debug, Clone, Default)]
pub struct QuoteMatches {
    /// Matches in the quotation's text.
    pub text: Vec<Range<usize>>,
    /// Matches in the speaker's name.
    pub speaker: Vec<Range<usize>>,
}

impl QuoteMatches {
    /// Matches of `quote` under `highlighter`.
    pub fn find(highlighter: &mut Highlighter, quote: &Quote) -> QuoteMatches {
        QuoteMatches {
            text: highlighter.matches(&quote.text),
            speaker: quote
                .speaker
                .as_deref()
                .map(|s| highlighter.matches(s))
                .unwrap_or_default(),
        }
    }

    /// Whether the quotation matches at all.
    pub fn any(&self) -> bool {
        !self.text.is_empty() || !self.speaker.is_empty()
    }
}

/// The passages of one story that best show the match, best first: body passages, each
/// matching quotation with its speaker (`Xi: “…”`), and the headline compete.
pub fn best_snippets(
    highlighter: &mut Highlighter,
    title: Option<&str>,
    body: &str,
    quotes: &[(&Quote, QuoteMatches)],
    max_chars: usize,
    n: usize,
) -> Vec<Snippet> {
    if n == 0 || max_chars == 0 {
        return Vec::new();
    }
    let mut candidates: Vec<((usize, usize), u8, Snippet)> = Vec::new();
    let body_matches = highlighter.matches(body);
    for (range, inside) in passages(body, &body_matches, max_chars, n) {
        let s = snippet("body", "", body, range, &inside, "");
        candidates.push((strength(&s.text, &s.highlights), 1, s));
    }
    for (quote, found) in quotes {
        let matches = &found.text;
        let speaker_matched = !found.speaker.is_empty();
        if matches.is_empty() && !speaker_matched {
            continue;
        }
        let prefix = match &quote.speaker {
            Some(speaker) => format!("{speaker}: “"),
            None => "“".to_string(),
        };
        let (range, inside) = if matches.is_empty() {
            (0..passage_end(&quote.text, 0, max_chars), Vec::new())
        } else {
            passages(&quote.text, matches, max_chars, 1)
                .into_iter()
                .next()
                .unwrap_or((0..quote.text.len(), Vec::new()))
        };
        let mut s = snippet("quotes", &prefix, &quote.text, range, &inside, "”");
        // The speaker's matched words sit at the start of the text, where the prefix is.
        s.highlights.extend(found.speaker.iter().cloned());
        s.highlights.sort_by_key(|r| r.start);
        candidates.push((strength(&s.text, &s.highlights), 2, s));
    }
    if let Some(title) = title {
        let matches = highlighter.matches(title);
        if !matches.is_empty() {
            let s = snippet("title", "", title, 0..title.len(), &matches, "");
            candidates.push((strength(&s.text, &s.highlights), 0, s));
        }
    }
    // Strongest first; on a tie quotes beat body passages, and both beat the headline
    // (already shown above the passage).
    candidates.sort_by_key(|c| std::cmp::Reverse((c.0, c.1)));
    candidates.into_iter().take(n).map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_whitespace_keeps_ranges_on_their_words() {
        let (text, ranges) = collapse_whitespace("oil\n\n  prices  rose", &[0..3, 7..13]);
        assert_eq!(text, "oil prices rose");
        assert_eq!(
            ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(),
            vec!["oil", "prices"]
        );
    }

    #[test]
    fn lead_cuts_at_a_word_boundary() {
        assert_eq!(lead("one two three", 8).text, "one two…");
        assert_eq!(lead("one two", 50).text, "one two");
    }

    #[test]
    fn the_passage_with_most_distinct_matches_wins() {
        let text = "oil fell. Nothing here at all, nothing. Oil and gas rose while gas fell.";
        let oil = |w: &str| {
            text.match_indices(w)
                .map(|(i, _)| i..i + w.len())
                .collect::<Vec<_>>()
        };
        let mut matches = oil("oil");
        matches.extend(oil("Oil"));
        matches.extend(oil("gas"));
        matches.sort_by_key(|r| r.start);
        let best = passages(text, &matches, 30, 1);
        assert_eq!(&text[best[0].0.clone()], "Oil and gas rose while gas");
    }

    /// A highlighter over the analyzers a real index registers.
    fn highlighter(matchers: Vec<Matcher>) -> Highlighter {
        let (schema, _) = crate::schema::build();
        let index = Index::create_in_ram(schema);
        crate::schema::register_analyzers(&index);
        Highlighter::new(&index, matchers)
    }

    /// The words of `text` that `matchers` mark, through the real [`Highlighter::matches`].
    fn marked(matchers: Vec<Matcher>, text: &str) -> Vec<String> {
        highlighter(matchers)
            .matches(text)
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn stems_mark_every_form_of_the_word() {
        assert_eq!(
            marked(
                vec![Matcher::Stem("talk".into())],
                "Talks stalled; the talking stalk talked of TALK."
            ),
            ["Talks", "talking", "talked", "TALK"]
        );
    }

    #[test]
    fn stems_are_compared_after_folding_accents() {
        assert_eq!(
            marked(
                vec![Matcher::Stem("cafe".into())],
                "Café and cafes, not caff."
            ),
            ["Café", "cafes"]
        );
    }

    #[test]
    fn the_first_letters_prefilter_keeps_words_that_stem_alike() {
        // `may_stem_to` skips stemming words whose first two letters differ from the stem:
        // it must not skip a word that does stem to it.
        for word in ["running", "runs", "run", "Running"] {
            assert_eq!(marked(vec![Matcher::Stem("run".into())], word), [word]);
        }
        assert!(marked(vec![Matcher::Stem("run".into())], "rerun urn").is_empty());
    }

    #[test]
    fn osa_distance_counts_a_transposition_once() {
        let summit = || vec![Matcher::Fuzzy("summit".into(), 1)];
        assert_eq!(marked(summit(), "summitt"), ["summitt"]);
        assert_eq!(marked(summit(), "sumimt"), ["sumimt"]);
        assert_eq!(marked(summit(), "Summits"), ["Summits"]);
        assert!(marked(summit(), "summer sum samurai").is_empty());
        assert_eq!(
            marked(vec![Matcher::Fuzzy("summit".into(), 2)], "sumit smmiit"),
            ["sumit", "smmiit"]
        );
    }

    #[test]
    fn the_length_prefilter_keeps_fuzzy_matches_of_long_inflections() {
        // `negotiations` is 12 letters, its stem `negoti` 6: the length check allows for
        // the suffix a stemmer removes.
        assert_eq!(
            marked(vec![Matcher::Fuzzy("negoti".into(), 1)], "negotiations"),
            ["negotiations"]
        );
    }

    #[test]
    fn prefixes_match_the_unstemmed_word() {
        assert_eq!(
            marked(
                vec![Matcher::Prefix("summ".into())],
                "Summary of the summit; assume nothing."
            ),
            ["Summary", "summit"]
        );
    }

    #[test]
    fn no_matchers_mark_nothing() {
        let mut h = highlighter(Vec::new());
        assert!(h.is_empty());
        assert!(h.matches("oil prices").is_empty());
    }
}
