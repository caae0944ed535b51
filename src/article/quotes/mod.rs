//! Direct quotations and who said them.
//!
//! Finds every span in straight or curly double quotes (single quotes nested inside are
//! kept as text), follows quotations that run over several paragraphs, and attributes
//! each to a speaker using the sentence around it: `X said, "..."`, `"...," said X`,
//! `according to X`, `X, for his part, emphasised ... "..."`, pronouns, and a statement
//! issued in the sentence before. Short scare quotes stay unattributed unless the
//! sentence itself names a source (a one-word one only when the sentence says someone
//! *called* it that). `he`/`she` resolve to the most recently named person (a speaker, or
//! a name introduced with a title or role: `President Xi Jinping`, `Ruth Adeyemi, the
//! mayor,`); `it`/`they` to the last speaker. Epithets (`the Australian`) and unnamed
//! groups (`Analysts`) are never speakers: none is better than wrong.
//!
//! The parts, each with one job:
//! - [`scan`]: quotation spans and the text outside them;
//! - [`sentences`]: the sentence around a quotation;
//! - [`attribute`]: what those words say about the speaker ([`attribute::Attribution`]);
//! - [`names`]: the story's people, for pronouns and descriptions;
//! - [`words`]: the word lists (`words/*.txt`).
//!
//! Attribution reads at most [`scan::CONTEXT_BYTES`] either side of a quotation, so the cost
//! is linear in the text however many quotations a paragraph holds. Stage 2: pure functions
//! over the story's paragraphs; no I/O, no index.

mod attribute;
mod names;
mod scan;
mod sentences;
mod words;

use serde::{Deserialize, Serialize};

use attribute::Attribution;
use names::is_person_like;
use scan::MASK;
use sentences::{ends_sentence, first_sentence, last_sentence};

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

/// Every quotation in `paragraphs`, in order, with its speaker.
pub(crate) fn extract(paragraphs: &[String]) -> Vec<Quote> {
    let scanned = scan::scan(paragraphs);
    let found = scanned.spans;
    let mentions: Vec<names::Mention> = scanned
        .outside
        .iter()
        .enumerate()
        .flat_map(|(index, outside)| names::mentions(index, outside))
        .collect();
    let mut quotes: Vec<Quote> = Vec::with_capacity(found.len());
    let mut last_speaker: Option<String> = None;
    let mut last_person: Option<String> = None;
    let mut mentions = mentions.into_iter().peekable();
    let mut previous: Option<(usize, Option<String>)> = None;
    for quote in &found {
        while let Some(mention) =
            mentions.next_if(|m| (m.paragraph, m.offset) < (quote.paragraph, quote.offset))
        {
            last_person = Some(mention.name);
        }
        let context = Context {
            last_speaker: &last_speaker,
            last_person: &last_person,
        };
        let sentence_before = last_sentence(&quote.before);
        let sentence_after = first_sentence(&quote.after);
        let words = quote.text.split_whitespace().count();
        let terminal = ends_sentence(&quote.text);
        let after_belongs_here = !(terminal
            && (sentence_after.contains(MASK)
                || sentence_after.trim_start().starts_with("According")));
        let attribution = if words == 1 && !attribute::called_it(sentence_before) {
            Some(None)
        } else {
            context.resolve_attribution(attribute::around(
                sentence_before,
                after_belongs_here.then_some(sentence_after),
                terminal,
            ))
        };
        let mut speaker = attribution.clone().flatten();
        if attribution.is_none() && words > SCARE_QUOTE_WORDS {
            let earlier = &quote.before[..quote.before.len() - sentence_before.len()];
            speaker = attribute::statement_in(last_sentence(earlier.trim_end())).or_else(|| {
                match &previous {
                    Some((paragraph, speaker)) if *paragraph + 1 >= quote.paragraph => {
                        speaker.clone()
                    }
                    _ => None,
                }
            });
        }
        if let Some(name) = &speaker {
            last_speaker = Some(name.clone());
            if is_person_like(name) {
                last_person = Some(name.clone());
            }
        }
        previous = Some((quote.paragraph, speaker.clone()));
        quotes.push(Quote {
            text: quote.text.clone(),
            speaker,
        });
    }
    quotes
}

/// Who pronouns can refer to at a quotation.
struct Context<'a> {
    /// The last quotation's speaker: what `it` and `they` refer to.
    last_speaker: &'a Option<String>,
    /// The most recently named person: what `he` and `she` refer to.
    last_person: &'a Option<String>,
}

impl Context<'_> {
    /// The speaker an attribution gives: `Some(Some(name))` when it names or resolves to
    /// one, `Some(None)` when it attributes to someone unnamed (`the judge said`), `None`
    /// when it attributes nothing.
    fn resolve_attribution(&self, attribution: Attribution) -> Option<Option<String>> {
        match attribution {
            Attribution::Named(name) => Some(Some(name)),
            Attribution::Pronoun(pronoun) => Some(self.resolve(&pronoun)),
            Attribution::Described(noun) => Some(self.resolve_noun(&noun)),
            Attribution::None => None,
        }
    }

    /// `the ministry said` refers to the last speaker when its name holds the noun
    /// (`China's Ministry of Foreign Affairs`); otherwise the speaker is unnamed.
    fn resolve_noun(&self, noun: &str) -> Option<String> {
        if noun.is_empty() {
            return None;
        }
        let speaker = self.last_speaker.as_ref()?;
        let noun = noun.to_lowercase();
        speaker
            .split_whitespace()
            .any(|word| word.trim_end_matches(['.', ',']).to_lowercase() == noun)
            .then(|| speaker.clone())
    }

    fn resolve(&self, pronoun: &str) -> Option<String> {
        match pronoun.to_ascii_lowercase().as_str() {
            "he" | "she" => self
                .last_person
                .clone()
                .or_else(|| self.last_speaker.clone()),
            _ => self.last_speaker.clone(),
        }
    }
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
    fn speakers_in_context() {
        let cases: &[(&[&str], &[Option<&str>])] = &[
            (
                &[r#"Mayor Ruth Adeyemi toured the barrier. "We are safe," she said."#],
                &[Some("Ruth Adeyemi")],
            ),
            (
                &[
                    r#""Prices will rise," said Ana Silva, the economist."#,
                    r#"Finance minister Tomas Berg disagreed. "They will not," he said."#,
                ],
                &[Some("Ana Silva"), Some("Tomas Berg")],
            ),
            (&[r#""It was hard," the Australian said."#], &[None]),
            (
                &[r#""It was hard," said the 23-year-old Australian."#],
                &[None],
            ),
            (
                &[r#""It was a long day," says the Waterford man."#],
                &[None],
            ),
            (
                &[r#"Okafor called the plan "reckless"."#],
                &[Some("Okafor")],
            ),
            (
                &[r#"They marched in a "socialist" spirit, Okafor said."#],
                &[None],
            ),
            (
                &[r#""We believe our case is strong," said Yukos chief executive Steven Theede."#],
                &[Some("Steven Theede")],
            ),
            (
                &[r#""Our aim is accountability," said the committee chairman, MP Edward Leigh."#],
                &[Some("MP Edward Leigh")],
            ),
            (
                &[r#""We will win this," said Mr Blair on Tuesday."#],
                &[Some("Mr Blair")],
            ),
            (
                &[
                    r#""It has been sold in the best traditions," the Interfax news agency quoted Mr Khodorkovsky as saying."#,
                ],
                &[Some("Mr Khodorkovsky")],
            ),
            (
                &[
                    r#""Conditions will stay poor," the Finance Ministry said in a statement."#,
                    r#""Growth will slow next year," the ministry said."#,
                ],
                &[Some("the Finance Ministry"), Some("the Finance Ministry")],
            ),
            (
                &[r#""The law is clear on this point," the judge said."#],
                &[None],
            ),
            (
                &[
                    r#"Xi spoke last. "They share one destiny and help each other." According to KCNA, Xi said, "This stand will not change.""#,
                ],
                &[None, Some("Xi")],
            ),
            (
                &[
                    r#""The ruling is final and binding." Yukos had argued that the court was wrong."#,
                ],
                &[None],
            ),
            (
                &[r#""The ruling is final and binding." Judge Clark said in her ruling."#],
                &[Some("Judge Clark")],
            ),
            (
                &[
                    r#"Ian Fogg, broadband and personal technology analyst at Jupiter Research, agreed. "Apple hopes for a halo effect," he said."#,
                ],
                &[Some("Ian Fogg")],
            ),
            (
                &[
                    r#"Mr Blair's government was "bossy and interfering," Mr Howard said. "It takes decisions for people," he added."#,
                ],
                &[Some("Mr Howard"), Some("Mr Howard")],
            ),
        ];
        for (paragraphs, want) in cases {
            let got: Vec<Option<String>> = speakers(paragraphs).into_iter().map(|q| q.1).collect();
            let want: Vec<Option<String>> = want.iter().map(|s| s.map(str::to_string)).collect();
            assert_eq!(got, want, "{paragraphs:?}");
        }
    }

    #[test]
    fn long_paragraphs_stay_linear() {
        let n = 2_000;
        let paragraph = r#"Kim said, "We agree on this." "#.repeat(n);
        let quotes = speakers(&[&paragraph]);
        assert_eq!(quotes.len(), n);
        assert!(quotes.iter().all(|q| q.1.as_deref() == Some("Kim")));
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
