//! Attribution: what the words around one quotation say about who said it.
//!
//! Reads the sentence before the opening mark and the one after the closing mark (their
//! quotations masked) and returns one [`Attribution`]: a name, a pronoun, a described
//! source, or nothing. It does not know the rest of the story: pronouns and descriptions
//! are resolved by the caller, which knows who was named before.

use std::sync::LazyLock;

use regex::Regex;

use super::names::clean_name;
use super::scan::MASK;
use super::words::{CLAUSE_ENDERS, NOT_AFTER_VERB, NOT_SUBJECTS, REPORTING_VERBS};
use crate::article::build_regex;

/// What the words around a quotation say about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attribution {
    /// The words name the speaker: `"...," said Elena Varga.`
    Named(String),
    /// A pronoun speaks: `"...," she said.` (the pronoun as written).
    Pronoun(String),
    /// The speaker is described, not named: `the ministry said` (the noun, lower-case, or
    /// empty for a description that can never be resolved, such as `the Australian`).
    Described(String),
    /// The words attribute nothing.
    None,
}

impl Attribution {
    fn from_clean(raw: &str) -> Attribution {
        match clean_name(raw) {
            Some(name) => Attribution::Named(name),
            None => Attribution::Described(String::new()),
        }
    }

    fn or_else(self, f: impl FnOnce() -> Attribution) -> Attribution {
        match self {
            Attribution::None => f(),
            found => found,
        }
    }
}

pub(crate) const NAME: &str = r"(?:[Tt]he\s+)?\p{Lu}[\p{L}\p{N}'’.\-]*(?:\s+(?:of|for|and|de|al|bin|van|von|der|the)?\s*\p{Lu}[\p{L}\p{N}'’.\-]*)*";
const ADVERB: &str =
    r"(?:\s+(?:\w+ly|also|later|then|further|again|once|has|had|have|would|will|did|previously))?";
/// A speaker described but not named: `the ministry`, `the 34-year-old`, `government officials`.
const UNNAMED: &str = r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+)?(?:[\p{Ll}\d][\p{Ll}\d'’\-]*\s+){0,3}?(?P<noun>\p{Ll}[\p{Ll}'’\-]+)";

/// The reporting verbs as a regex alternation.
fn verbs() -> String {
    REPORTING_VERBS.entries().join("|")
}

/// `NAME [, aside,] [adverb] VERB` anywhere: the speaker of a clause.
pub(crate) static NAME_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = verbs();
    build_regex(&format!(
        r"(?P<name>{NAME})(?:,[^,“”\x22]{{1,100}},)?{ADVERB}\s+(?:{verbs})(?-u:\b)"
    ))
    .expect("static regex is valid")
});
/// `, said NAME` / `, NAME said` / `, the ministry said` right after a closing quote.
static AFTER_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = verbs();
    build_regex(&format!(
        r"^[\s,;:—–\-]*(?:(?P<name1>{NAME}){ADVERB}\s+(?:{verbs})(?-u:\b)|(?:{verbs})\s+(?P<post>[^;:!?\x22“”…]{{1,120}})|(?i:according\s+to)\s+(?P<name3>{NAME})|(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t){ADVERB}\s+(?:{verbs})(?-u:\b)|{UNNAMED}{ADVERB}\s+(?:{verbs})(?-u:\b))"
    ))
    .expect("static regex is valid")
});
/// `NOUN said` anywhere in a sentence (the speaker is described, not named).
static UNNAMED_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = verbs();
    build_regex(&format!(r"(?-u:\b){UNNAMED}{ADVERB}\s+(?:{verbs})(?-u:\b)"))
        .expect("static regex is valid")
});
/// A name on its own: the speaker candidates after `said`.
static NAME_ALONE: LazyLock<Regex> =
    LazyLock::new(|| build_regex(NAME).expect("static regex is valid"));
/// `the agency quoted Mr Khodorkovsky as saying`.
static QUOTED_AS_SAYING: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(
        r"(?-u:\b)quot(?:ed|es|ing)\s+(?P<name>{NAME})\s+as\s+say"
    ))
    .expect("static regex is valid")
});
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(r"(?i:according\s+to)\s+(?:the\s+)?(?:[\p{{Ll}}\-]+\s+){{0,2}}(?P<name>{NAME})(?:\s*\((?P<acronym>[\p{{Lu}}\d]{{2,12}})\))?"))
        .expect("static regex is valid")
});
static PRONOUN_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    let verbs = verbs();
    build_regex(&format!(
        r"(?-u:\b)(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t){ADVERB}\s+(?:{verbs})(?-u:\b)"
    ))
    .expect("static regex is valid")
});
/// The end of a sentence that says someone called something by the quoted word.
static CALLED_IT: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"(?i)(?-u:\b)(?:call(?:s|ed|ing)?|dubb(?:ed|ing)|dubs|term(?:s|ed|ing)|label(?:s|led|ed|ling|ing)|brand(?:s|ed|ing)|describ(?:es|ed|ing)\s+(?:\S+\s+){0,4}?as|so-called)\s+(?:\S+\s+){0,4}$")
        .expect("static regex is valid")
});

/// `... called it "x"`, `described as "x"`: a sentence that attributes even one word.
pub(crate) fn called_it(sentence_before: &str) -> bool {
    CALLED_IT.is_match(sentence_before)
}

/// Speaker named in the words right after a closing quote mark. After a quotation that ends
/// its own sentence, a following `X said` counts only when it ends the clause (`X said.`,
/// `X said in a statement.`): `Yukos had argued that ...` starts new reporting.
pub(crate) fn after(after: &str, quote_ends_sentence: bool) -> Attribution {
    if let Some(caps) = QUOTED_AS_SAYING.captures(after) {
        return Attribution::from_clean(&caps["name"]);
    }
    let Some(caps) = AFTER_QUOTE.captures(after) else {
        return Attribution::None;
    };
    if let Some(post) = caps.name("post") {
        return name_after_verb(post.as_str()).map_or(Attribution::None, Attribution::Named);
    }
    if let Some(name) = caps.name("name3") {
        return Attribution::from_clean(name.as_str());
    }
    let whole = caps.get(0).expect("group 0 always matches");
    if quote_ends_sentence && !ends_clause(&after[whole.end()..]) {
        return Attribution::None;
    }
    if let Some(pronoun) = caps.name("pronoun") {
        return Attribution::Pronoun(pronoun.as_str().to_string());
    }
    if let Some(name) = caps.name("name1") {
        return Attribution::from_clean(name.as_str());
    }
    caps.name("noun")
        .filter(|noun| !NOT_SUBJECTS.contains(noun.as_str()))
        .map_or(Attribution::None, |noun| {
            Attribution::Described(noun.as_str().to_string())
        })
}

/// Whether the words after an attribution verb end its clause.
fn ends_clause(rest: &str) -> bool {
    let rest = rest.trim_start();
    if rest.is_empty() || rest.starts_with(['.', ',', ';', ':', '!', '?', '"', '“', '”', '(']) {
        return true;
    }
    let phrase = rest.split(['.', ',', ';', ':']).next().unwrap_or(rest);
    let first = phrase
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    CLAUSE_ENDERS.contains(&first) && phrase.split_whitespace().count() <= 6
}

/// The speaker in `said the committee chairman, MP Edward Leigh` or `said Yukos chief
/// executive Steven Theede`: the first name that ends the phrase or is followed by a comma,
/// after nothing but role words.
fn name_after_verb(post: &str) -> Option<String> {
    let post = post.trim().trim_end_matches('.');
    let first = post.split_whitespace().next()?.to_lowercase();
    if NOT_AFTER_VERB.contains(&first) {
        return None;
    }
    for m in NAME_ALONE.find_iter(post) {
        if ends_clause(&post[m.end()..]) {
            return clean_name(m.as_str());
        }
    }
    None
}

/// Speaker named in the same sentence before the opening quote mark: the last of a name, a
/// pronoun or an unnamed subject before an attribution verb, else an `according to` source.
pub(crate) fn before(sentence: &str) -> Attribution {
    if let Some(caps) = QUOTED_AS_SAYING.captures_iter(sentence).last() {
        return Attribution::from_clean(&caps["name"]);
    }
    // Each candidate is keyed by where its verb ends; on a tie a name beats a pronoun,
    // which beats an unnamed subject.
    let end = |caps: &regex::Captures<'_>| caps.get(0).expect("group 0 always matches").end();
    let named = NAME_THEN_VERB
        .captures_iter(sentence)
        .filter_map(|caps| {
            let name = caps.name("name")?;
            clean_name(name.as_str()).map(|clean| (end(&caps), Attribution::Named(clean)))
        })
        .last();
    let pronoun = PRONOUN_THEN_VERB
        .captures_iter(sentence)
        .last()
        .map(|caps| {
            (
                end(&caps),
                Attribution::Pronoun(caps["pronoun"].to_string()),
            )
        });
    let unnamed = UNNAMED_THEN_VERB
        .captures_iter(sentence)
        .filter(|caps| !NOT_SUBJECTS.contains(&caps["noun"]))
        .last()
        .map(|caps| (end(&caps), Attribution::Described(caps["noun"].to_string())));
    let latest = [unnamed, pronoun, named]
        .into_iter()
        .flatten()
        .max_by_key(|(at, _)| *at);
    match latest {
        Some((_, found)) => found,
        None => according_to(sentence).map_or(Attribution::None, Attribution::Named),
    }
}

/// The source of an `according to X` clause, preferring an acronym given in parentheses.
fn according_to(sentence: &str) -> Option<String> {
    let caps = ACCORDING_TO.captures_iter(sentence).last()?;
    match caps.name("acronym") {
        Some(acronym) => Some(acronym.as_str().to_string()),
        None => clean_name(&caps["name"]),
    }
}

/// A sentence like `X issued a statement.` that introduces the quotation after it.
pub(crate) fn statement_in(sentence: &str) -> Option<String> {
    if sentence.contains('"') && sentence.contains(MASK) {
        return None;
    }
    NAME_THEN_VERB
        .captures_iter(sentence)
        .filter_map(|caps| clean_name(&caps["name"]))
        .last()
}

/// [`after`], then [`before`] when the words after attribute nothing.
pub(crate) fn around(
    sentence_before: &str,
    sentence_after: Option<&str>,
    quote_ends_sentence: bool,
) -> Attribution {
    sentence_after
        .map_or(Attribution::None, |s| after(s, quote_ends_sentence))
        .or_else(|| before(sentence_before))
}
