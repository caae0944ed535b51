//! Direct quotations and who said them.
//!
//! Finds every span in straight or curly double quotes (single quotes nested inside are
//! kept as text), follows quotations that run over several paragraphs, and attributes
//! each to a speaker using the sentence around it: `X said, "..."`, `"...," said X`,
//! `according to X`, `X, for his part, emphasised ... "..."`, pronouns, and a statement
//! issued in the sentence before. Short scare quotes stay unattributed unless the
//! sentence itself names a source.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// One direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Who said it, as the story names them; `None` when the text does not say.
    pub speaker: Option<String>,
}

/// Quotations of at most this many words are scare quotes unless attributed in their sentence.
const SCARE_QUOTE_WORDS: usize = 3;

/// Stands in for quoted words inside attribution context, so their text never looks like
/// an attribution itself.
const MASK: &str = "\"…\"";

const NAME: &str = r"(?:[Tt]he\s+)?\p{Lu}[\p{L}\p{N}'’.\-]*(?:\s+(?:of|for|and|de|al|bin|van|von|der|the)?\s*\p{Lu}[\p{L}\p{N}'’.\-]*)*";
const VERBS: &str = "said|says|say|told|tells|added|adds|stated|states|stating|noted|notes|noting|warned|warns|urged|insisted|argued|explained|declared|announced|emphasized|emphasised|emphasizing|emphasising|stressed|stressing|reaffirmed|affirmed|acknowledged|admitted|asked|replied|wrote|writes|tweeted|posted|praised|expressed|voiced|called|calling|described|describing|vowed|pledged|promised|claimed|suggested|predicted|cautioned|conceded|recalled|concluded|commented|remarked|observed|issued|quipped|saying|adding|telling|recounted|countered|agreed|complained|boasted|conceded|maintained|contended|testified|announced";
const ADVERB: &str =
    r"(?:\s+(?:\w+ly|also|later|then|further|again|once|has|had|have|would|will|did|previously))?";

/// `NAME [, aside,] [adverb] VERB` anywhere: the speaker of a clause.
static NAME_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<name>{NAME})(?:,[^,“”\x22]{{1,60}},)?{ADVERB}\s+(?:{VERBS})\b"
    ))
    .expect("static regex is valid")
});
/// `, said NAME` / `, NAME said` right after a closing quote.
static AFTER_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^[\s,;:—–\-]*(?:(?P<name1>{NAME}){ADVERB}\s+(?:{VERBS})\b|(?:{VERBS})\s+(?P<name2>{NAME})|(?i:according\s+to)\s+(?P<name3>{NAME})|(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t){ADVERB}\s+(?:{VERBS})\b)"
    ))
    .expect("static regex is valid")
});
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i:according\s+to)\s+(?:the\s+)?(?:[\p{{Ll}}\-]+\s+){{0,2}}(?P<name>{NAME})(?:\s*\((?P<acronym>[\p{{Lu}}\d]{{2,12}})\))?"))
        .expect("static regex is valid")
});
static PRONOUN_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t){ADVERB}\s+(?:{VERBS})\b"
    ))
    .expect("static regex is valid")
});
/// A sentence boundary: end punctuation (perhaps closing a quote) then a capital or quote.
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.!?]["”’]?\s+["“]?\p{Lu}"#).expect("static regex is valid"));

/// Capitalised words that start sentences but are never speakers.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "But",
    "And",
    "Or",
    "After",
    "Before",
    "However",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "When",
    "While",
    "As",
    "If",
    "Since",
    "Meanwhile",
    "Regarding",
    "During",
    "Notably",
    "Asked",
    "Speaking",
    "Last",
    "On",
    "For",
    "With",
    "From",
    "By",
    "Then",
    "Still",
    "Yet",
    "So",
    "There",
    "Here",
    "Earlier",
    "Later",
    "Officials",
    "Analysts",
    "Critics",
    "Experts",
    "Some",
    "Many",
    "Others",
    "Both",
    "Neither",
];

/// A quotation found in the text, with the context its attribution is read from.
struct Found {
    text: String,
    /// Text before the opening mark in its paragraph, earlier quotations masked.
    before: String,
    /// Text after the closing mark in its paragraph, later quotations masked.
    after: String,
    /// Index of the paragraph where the quotation opened.
    paragraph: usize,
}

/// Every quotation in `paragraphs`, in order, with its speaker.
pub(crate) fn extract(paragraphs: &[String]) -> Vec<Quote> {
    let found = find_quotations(paragraphs);
    let mut quotes: Vec<Quote> = Vec::with_capacity(found.len());
    let mut last_speaker: Option<String> = None;
    let mut previous: Option<(usize, Option<String>)> = None;
    for quote in &found {
        let sentence_before = last_sentence(&quote.before);
        let sentence_after = first_sentence(&quote.after);
        let mut speaker = attribute_after(sentence_after, &last_speaker)
            .or_else(|| attribute_before(sentence_before, &last_speaker));
        let words = quote.text.split_whitespace().count();
        if speaker.is_none() && words > SCARE_QUOTE_WORDS {
            let earlier = &quote.before[..quote.before.len() - sentence_before.len()];
            speaker = statement_in(last_sentence(earlier.trim_end())).or_else(|| match &previous {
                Some((paragraph, speaker)) if *paragraph + 1 >= quote.paragraph => speaker.clone(),
                _ => None,
            });
        }
        if speaker.is_some() {
            last_speaker.clone_from(&speaker);
        }
        previous = Some((quote.paragraph, speaker.clone()));
        quotes.push(Quote {
            text: quote.text.clone(),
            speaker,
        });
    }
    quotes
}

/// Speaker named in the words right after a closing quote mark.
fn attribute_after(after: &str, last_speaker: &Option<String>) -> Option<String> {
    let caps = AFTER_QUOTE.captures(after)?;
    if caps.name("pronoun").is_some() {
        return last_speaker.clone();
    }
    let name = caps
        .name("name1")
        .or(caps.name("name2"))
        .or(caps.name("name3"))?;
    clean_name(name.as_str())
}

/// Speaker named in the same sentence before the opening quote mark.
fn attribute_before(sentence: &str, last_speaker: &Option<String>) -> Option<String> {
    let named = NAME_THEN_VERB
        .captures_iter(sentence)
        .filter_map(|caps| {
            let name = caps.name("name")?;
            clean_name(name.as_str()).map(|clean| (name.start(), clean))
        })
        .last();
    let pronoun = PRONOUN_THEN_VERB
        .find_iter(sentence)
        .last()
        .map(|m| m.start());
    if let Some(at) = pronoun {
        if named.as_ref().is_none_or(|(start, _)| *start < at) && last_speaker.is_some() {
            return last_speaker.clone();
        }
    }
    named
        .map(|(_, name)| name)
        .or_else(|| according_to(sentence))
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
fn statement_in(sentence: &str) -> Option<String> {
    if sentence.contains('"') && sentence.contains(MASK) {
        return None;
    }
    NAME_THEN_VERB
        .captures_iter(sentence)
        .filter_map(|caps| clean_name(&caps["name"]))
        .last()
}

/// Drops sentence-initial function words from a captured name; `None` if nothing is left.
fn clean_name(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while let Some(first) = words.first() {
        let bare = first.trim_end_matches(['.', ',']);
        if NOT_NAMES.contains(&bare) && words.len() > 1 && !is_definite_article(bare) {
            words.remove(0);
        } else {
            break;
        }
    }
    let first = *words.first()?;
    if words.len() == 1 && NOT_NAMES.contains(&first) {
        return None;
    }
    if words.len() == 2 && is_definite_article(first) && words[1].starts_with(char::is_lowercase) {
        return None; // "the ministry" without a name
    }
    let name = words.join(" ");
    let name = name.trim_end_matches([',', '.']).to_string();
    if is_definite_article(first) {
        let rest = &name[first.len()..];
        return Some(format!("the{rest}"));
    }
    Some(name)
}

fn is_definite_article(word: &str) -> bool {
    word == "The" || word == "the"
}

/// The last sentence of `text` (the part after the final sentence boundary).
fn last_sentence(text: &str) -> &str {
    let mut start = 0;
    for m in SENTENCE_END.find_iter(text) {
        if !ends_with_abbreviation(&text[..m.start() + 1]) {
            // Keep an opening quote mark or capital that begins the next sentence.
            let next_char = text[m.start()..m.end()]
                .chars()
                .last()
                .map_or(0, char::len_utf8);
            start = m.end() - next_char;
            if text[..start].ends_with(['"', '“']) {
                start -= text[..start].chars().last().map_or(0, char::len_utf8);
            }
        }
    }
    &text[start..]
}

/// The first sentence of `text`.
fn first_sentence(text: &str) -> &str {
    for m in SENTENCE_END.find_iter(text) {
        if !ends_with_abbreviation(&text[..m.start() + 1]) {
            return &text[..m.start() + 1];
        }
    }
    text
}

/// `Mr.`, `U.S.`, `Gen.` and single initials do not end sentences.
fn ends_with_abbreviation(text: &str) -> bool {
    let word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let bare = word.trim_start_matches(['(', '"', '“']);
    const ABBREVIATIONS: &[&str] = &[
        "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Sen.", "Rep.", "Gov.", "St.", "Lt.", "Col.",
        "Capt.", "Jan.", "Feb.", "Aug.", "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "No.", "Inc.",
        "Corp.", "Co.", "Ltd.", "Jr.", "Sr.", "vs.", "Pres.", "Rev.", "Mt.",
    ];
    ABBREVIATIONS.contains(&bare)
        || (bare.len() <= 6 && bare.matches('.').count() >= 2)
        || (bare.chars().count() == 2 && bare.starts_with(char::is_uppercase))
}

/// A quotation still open at the current position.
struct Open {
    text: String,
    before: String,
    paragraph: usize,
}

/// Locates quotations. A paragraph that ends inside an open quotation continues it when the
/// next paragraph reopens with a quote mark; otherwise the quotation ends with its paragraph.
fn find_quotations(paragraphs: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut open: Option<Open> = None;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let mut chars = paragraph.chars();
        if let Some(quote) = open.as_mut() {
            if paragraph.starts_with(['"', '“']) {
                quote.text.push(' ');
                chars.next();
            } else if let Some(quote) = open.take() {
                push_found(&mut found, quote, String::new());
            }
        }
        // Masked text of this paragraph so far, and where each quotation closing here ends in it.
        let mut outside = String::new();
        let mut closed_here: Vec<(usize, usize)> = Vec::new();
        for c in chars {
            match open.as_mut() {
                Some(_) if matches!(c, '"' | '”') => {
                    let quote = open.take().expect("matched Some above");
                    if push_found(&mut found, quote, String::new()) {
                        outside.push_str(MASK);
                        closed_here.push((found.len() - 1, outside.len()));
                    }
                }
                Some(quote) => quote.text.push(c),
                None if matches!(c, '"' | '“') => {
                    open = Some(Open {
                        text: String::new(),
                        before: outside.clone(),
                        paragraph: index,
                    });
                }
                None => outside.push(c),
            }
        }
        for (quote, offset) in closed_here {
            found[quote].after = outside[offset..].to_string();
        }
    }
    if let Some(quote) = open {
        push_found(&mut found, quote, String::new());
    }
    found
}

/// Records a quotation unless it holds no words. Returns whether it was recorded.
fn push_found(found: &mut Vec<Found>, quote: Open, after: String) -> bool {
    let text = quote.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.trim_end_matches([',', ' ']).to_string();
    if !text.chars().any(char::is_alphanumeric) {
        return false;
    }
    found.push(Found {
        text,
        before: quote.before,
        after,
        paragraph: quote.paragraph,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(paragraphs: &[&str]) -> Vec<(String, Option<String>)> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        extract(&paragraphs)
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect()
    }

    fn one(paragraph: &str) -> (String, Option<String>) {
        let mut all = speakers(&[paragraph]);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn attribution_patterns() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                r#"Xi said, "No matter how the situation may change, this stand will not change.""#,
                "No matter how the situation may change, this stand will not change.",
                Some("Xi"),
            ),
            (
                r#""We will not raise taxes," Varga said."#,
                "We will not raise taxes",
                Some("Varga"),
            ),
            (
                r#""We will not raise taxes," said Elena Varga, the prime minister."#,
                "We will not raise taxes",
                Some("Elena Varga"),
            ),
            (
                r#"Varga said that "the budget is balanced and fair to all.""#,
                "the budget is balanced and fair to all.",
                Some("Varga"),
            ),
            (
                r#"According to KCNA, the visit was a "historic occasion for both nations.""#,
                "historic occasion for both nations.",
                Some("KCNA"),
            ),
            (
                r#"According to the state-run Korean Central News Agency (KCNA), it was a "historic occasion which strengthened trust.""#,
                "historic occasion which strengthened trust.",
                Some("KCNA"),
            ),
            (
                r#"Xi, for his part, emphasized the relationship, calling them "good neighbors, good friends and good comrades.""#,
                "good neighbors, good friends and good comrades.",
                Some("Xi"),
            ),
            (
                r#"North Korea also voiced hopes of expanding trade to deliver "more fruitful outcomes.""#,
                "more fruitful outcomes.",
                Some("North Korea"),
            ),
            (
                r#"It marked China's "Victory Day" parade."#,
                "Victory Day",
                None,
            ),
            (
                r#"“Prices will fall,” the analyst said."#,
                "Prices will fall",
                None,
            ),
        ];
        for (text, quote, speaker) in cases {
            assert_eq!(
                one(text),
                (quote.to_string(), speaker.map(str::to_string)),
                "{text}"
            );
        }
    }

    #[test]
    fn pronoun_takes_the_last_speaker() {
        let got = speakers(&[
            r#"Varga said, "The vote is on Friday.""#,
            r#""We have the numbers," she said."#,
        ]);
        assert_eq!(got[1], ("We have the numbers".into(), Some("Varga".into())));
    }

    #[test]
    fn quote_around_attribution_keeps_its_speaker() {
        let got = speakers(&[
            r#""We are ready," Okafor said. "The team has trained for months and nobody is injured.""#,
        ]);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1.as_deref(), Some("Okafor"));
    }

    #[test]
    fn quotation_running_over_paragraphs() {
        let got = speakers(&[
            r#"Mayor Ruth Adeyemi said, "The flood barriers held through the night."#,
            r#""Every pump in the city ran without a break."#,
            r#""We owe the crews our thanks.""#,
            r#"The river has since fallen."#,
        ]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got[0],
            (
                "The flood barriers held through the night. Every pump in the city ran without a break. We owe the crews our thanks.".into(),
                Some("Mayor Ruth Adeyemi".into())
            )
        );
    }

    #[test]
    fn statement_in_previous_sentence() {
        let got = one(
            r#"After the talks, China's Ministry of Foreign Affairs issued its own statement. Regarding the issue, "China has maintained an objective and just position.""#,
        );
        assert_eq!(
            got.1.as_deref(),
            Some("China's Ministry of Foreign Affairs")
        );
    }

    #[test]
    fn clause_subject_beats_sentence_subject() {
        let got = speakers(&[
            r#"The ministry added that Pyongyang praised Beijing's "just position" and expressed its willingness to work with "China at the U.N. and other platforms.""#,
        ]);
        assert_eq!(got[0].1.as_deref(), Some("Pyongyang"));
        assert_eq!(got[1].1.as_deref(), Some("Pyongyang"));
    }

    #[test]
    fn nested_single_quotes_stay_inside() {
        let got = one(r#"Lin said, "They called it 'the deal of the decade' and it was not.""#);
        assert_eq!(
            got.0,
            "They called it 'the deal of the decade' and it was not."
        );
    }

    #[test]
    fn unbalanced_marks_do_not_panic() {
        for text in ["\"", "“", "”", "\"\"\"", "a \" b “ c ” d \"", "”Hello“"] {
            let _ = speakers(&[text, text]);
        }
    }
}
