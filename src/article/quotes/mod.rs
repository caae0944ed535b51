//! Direct quotations and who said them.
//!
//! Finds every span in straight or curly double quotes (single quotes nested inside are
//! kept as text), follows quotations that run over several paragraphs, and attributes
//! each to a speaker the way a reader does: from the words right after it (`"...," said
//! X`, `"...," X, the CNN host, said`), from the sentence it opens in (`X said: "..."`,
//! `according to X`), from the sentence or paragraph before (`X told reporters on
//! Tuesday.` then the quotation), or from the quotation before it in the same passage.
//! Short scare quotes stay unattributed unless the sentence itself names a source (a
//! one-word one only when the sentence says someone *called* it that). `he`/`she` resolve
//! to the most recently named person; `it`/`they` to the last speaker; `the senator` to the
//! person last given that role, `the ministry` to a last speaker with that word in its
//! name. Epithets (`the Australian`) and unnamed groups (`Analysts`) are never speakers:
//! none is better than wrong.
//!
//! Each speaker is recorded as the fullest form the story uses for the person (`Tony
//! Blair` for `Mr Blair`, `Xi Jinping` for `Xi`), with the form written at the quotation
//! and the title or role kept beside it.
//!
//! The parts, each with one job:
//! - [`scan`]: quotation spans and the text outside them;
//! - [`sentences`]: sentence limits and the tokens attribution reads;
//! - [`attribute`]: what the words around one quotation say ([`attribute::Attribution`]);
//! - [`names`]: the story's people, their full names and roles;
//! - [`words`]: the word lists (`words/*.txt`).
//!
//! Attribution reads at most [`scan::CONTEXT_BYTES`] either side of a quotation, so the cost
//! is linear in the text however many quotations a paragraph holds. Stage 2: pure functions
//! over the story's paragraphs; no I/O, no index, no regex.

mod attribute;
mod names;
mod scan;
mod sentences;
mod words;

use serde::{Deserialize, Serialize};

use attribute::Attribution;
use names::{is_person_like, Mention, Speaker};
use sentences::{ends_sentence, first_sentence, last_sentence};

/// One direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quote marks.
    pub text: String,
    /// Who said it: the fullest name the story gives the person (`Tony Blair` where the
    /// quotation says `Mr Blair`), without titles; `None` when the text does not say.
    pub speaker: Option<String>,
    /// The speaker as written at the quotation (`Mr Blair`, `Sen. Lindsey Graham`, `he`).
    #[serde(default)]
    pub speaker_as_written: Option<String>,
    /// The title or role written with the speaker there (`Sen.`, `the CNN host`,
    /// `chief market strategist at IG`).
    #[serde(default)]
    pub speaker_role: Option<String>,
}

impl Quote {
    /// A quotation with a speaker written without title or role.
    pub fn new(text: &str, speaker: Option<&str>) -> Quote {
        Quote {
            text: text.to_string(),
            speaker: speaker.map(str::to_string),
            speaker_as_written: speaker.map(str::to_string),
            speaker_role: None,
        }
    }
}

/// Quotations of at most this many words are scare quotes unless attributed in their sentence.
const SCARE_QUOTE_WORDS: usize = 3;

/// A resolved speaker: the full name, as written at the quotation, and the role.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Said {
    name: String,
    written: String,
    role: Option<String>,
}

/// Every quotation in `paragraphs`, in order, with its speaker.
pub(crate) fn extract(paragraphs: &[String]) -> Vec<Quote> {
    let scanned = scan::scan(paragraphs);
    if scanned.spans.is_empty() {
        return Vec::new();
    }
    let mut mentions: Vec<Mention> = Vec::new();
    let mut people: Vec<Mention> = Vec::new();
    for (index, outside) in scanned.outside.iter().enumerate() {
        let toks = sentences::tokens(outside);
        mentions.extend(names::mentions(index, outside, &toks));
        people.extend(names::full_names(index, outside, &toks));
    }
    people.extend(mentions.iter().filter(|m| m.name.contains(' ')).cloned());
    people.sort_by_key(|m| (m.paragraph, m.offset));
    let people = names::People::new(&people);
    let mut story = Story {
        people: &people,
        last_speaker: None,
        last_person: None,
        roles: Vec::new(),
    };
    let mut quotes: Vec<Quote> = Vec::with_capacity(scanned.spans.len());
    let mut mentions = mentions.into_iter().peekable();
    let mut previous: Option<(usize, Option<Said>)> = None;
    for quote in &scanned.spans {
        let at = (quote.paragraph, quote.offset);
        while let Some(mention) = mentions.next_if(|m| (m.paragraph, m.offset) < at) {
            story.meet(mention, at);
        }
        let sentence_before = last_sentence(&quote.before);
        let sentence_after = first_sentence(&quote.after);
        let words = quote.text.split_whitespace().count();
        let terminal = ends_sentence(&quote.text);
        let after_belongs_here = !(terminal
            && (scan::starts_with_mask(sentence_after.trim_start())
                || introduces_a_quotation(sentence_after)
                || sentence_after.trim_start().starts_with("According")));
        let attribution = if words == 1 && !attribute::called_it(sentence_before) {
            // A one-word quotation is someone's only when the words right beside it say so:
            // `Priebus said, "Probably."`, `"Technicals," Bob said.`
            story
                .resolve(
                    attribute::beside(
                        sentence_before,
                        after_belongs_here.then_some(sentence_after),
                    ),
                    at,
                )
                .or(Some(None))
        } else {
            story.resolve(
                attribute::around(
                    sentence_before,
                    after_belongs_here.then_some(sentence_after),
                    terminal,
                ),
                at,
            )
        };
        let mut said = attribution.clone().flatten();
        if attribution.is_none() && words > SCARE_QUOTE_WORDS {
            let earlier = &quote.before[..quote.before.len() - sentence_before.len()];
            let opens_paragraph = quote.before.trim().is_empty() && quote.paragraph > 0;
            said = attribute::statement_in(last_sentence(earlier.trim_end()))
                .or_else(|| {
                    opens_paragraph
                        .then(|| {
                            let previous = scanned.outside[quote.paragraph - 1].trim_end();
                            attribute::statement_in(last_sentence(previous))
                        })
                        .flatten()
                })
                .map(|speaker| story.full(speaker, at))
                .or_else(|| match &previous {
                    // The last quotation's speaker goes on talking in the same paragraph, or
                    // in a paragraph that is this quotation alone. A quotation inside the
                    // next paragraph's own sentences is not theirs (on PolNeAR such carries
                    // were wrong more often than right).
                    Some((paragraph, said))
                        if *paragraph == quote.paragraph
                            || (*paragraph + 1 == quote.paragraph
                                && opens_paragraph
                                && quote.after.trim().is_empty()) =>
                    {
                        said.clone()
                    }
                    _ => None,
                })
                .or_else(|| {
                    // A quotation standing alone in its paragraph is the words of the person
                    // the paragraph before opens with (`Trump took to Twitter on Monday.`).
                    let alone = opens_paragraph && quote.after.trim().is_empty();
                    alone
                        .then(|| {
                            let previous = scanned.outside[quote.paragraph - 1].trim_end();
                            attribute::opening_subject(last_sentence(previous))
                        })
                        .flatten()
                        .map(|speaker| story.full(speaker, at))
                        // A lone word must be someone the story names in full.
                        .filter(|said| said.name.contains(' '))
                });
        }
        if said.is_none() && quote.after.trim().is_empty() {
            // `- Bernie Sanders.` in the paragraph after.
            said = scanned
                .outside
                .get(quote.last_paragraph + 1)
                .and_then(|next| attribute::signature(next))
                .map(|speaker| story.full(speaker, at));
        }
        if let Some(said) = &said {
            story.speaks(said, at);
        }
        previous = Some((quote.paragraph, said.clone()));
        quotes.push(Quote {
            text: quote.text.clone(),
            speaker: said.as_ref().map(|s| s.name.clone()),
            speaker_as_written: said.as_ref().map(|s| s.written.clone()),
            speaker_role: said.and_then(|s| s.role),
        });
    }
    quotes
}

/// Whether some quotation in `sentence` follows a comma or colon (`Kim said, "..."`): the
/// attribution there introduces that quotation, not the one before the sentence.
fn introduces_a_quotation(sentence: &str) -> bool {
    sentence
        .match_indices("\"…")
        .any(|(at, _)| sentence[..at].trim_end().ends_with([',', ':']))
}

/// `a staffer`, `one Clinton aide`, `another critic`: a description that introduces someone
/// rather than pointing back at them.
fn is_indefinite(written: &str) -> bool {
    let first = written.split_whitespace().next().unwrap_or("");
    [
        "a", "an", "one", "another", "some", "two", "three", "several",
    ]
    .iter()
    .any(|d| first.eq_ignore_ascii_case(d))
}

/// What the story has said so far at a quotation: who pronouns and descriptions can mean.
struct Story<'a> {
    /// Every person named in full: what surnames resolve to.
    people: &'a names::People<'a>,
    /// The last quotation's speaker: what `it` and `they` refer to.
    last_speaker: Option<Said>,
    /// The most recently named person: what `he` and `she` refer to.
    last_person: Option<Said>,
    /// People given a title or role so far (full name, role lower-case), latest last.
    roles: Vec<(String, String)>,
}

impl Story<'_> {
    /// The fullest form of a speaker's name the story uses.
    fn full(&self, speaker: Speaker, at: (usize, usize)) -> Said {
        let name = self
            .people
            .fullest(&speaker.name, at)
            .unwrap_or(speaker.name);
        Said {
            name,
            written: speaker.written,
            role: speaker.role,
        }
    }

    /// A person named outside quotations.
    fn meet(&mut self, mention: Mention, at: (usize, usize)) {
        let said = self.full(
            Speaker {
                written: mention.name.clone(),
                name: mention.name,
                role: None,
            },
            at,
        );
        if let Some(role) = mention.role {
            self.roles.push((said.name.clone(), role));
        }
        self.last_person = Some(said);
    }

    /// A quotation's speaker, now the one pronouns refer to.
    fn speaks(&mut self, said: &Said, _at: (usize, usize)) {
        self.last_speaker = Some(said.clone());
        if is_person_like(&said.name) {
            self.last_person = Some(said.clone());
        }
        if let Some(role) = &said.role {
            self.roles.push((said.name.clone(), role.to_lowercase()));
        }
    }

    /// The speaker an attribution gives: `Some(Some(..))` when it names or resolves to one,
    /// `Some(None)` when it attributes to someone unnamed (`the judge said`), `None` when it
    /// attributes nothing.
    fn resolve(&self, attribution: Attribution, at: (usize, usize)) -> Option<Option<Said>> {
        match attribution {
            Attribution::Named(speaker) => Some(Some(self.full(speaker, at))),
            Attribution::Pronoun(pronoun) => Some(self.pronoun(&pronoun)),
            Attribution::Described { noun, written }
                if noun.is_empty() && !written.contains(' ') =>
            {
                // `Cuban said` in a story about Mark Cuban: a name, not the adjective.
                Some(self.people.fullest(&written, at).map(|name| Said {
                    name,
                    written,
                    role: None,
                }))
            }
            Attribution::Described { written, .. } if is_indefinite(&written) => {
                // `said one district party leader`, `a staffer wondered`: someone the story
                // does not name, never a person named before.
                Some(None)
            }
            Attribution::Described { noun, written } => {
                Some(self.described(&noun).map(|said| Said { written, ..said }))
            }
            Attribution::None => None,
        }
    }

    /// `the ministry` is a last speaker whose name holds the word (`China's Ministry of
    /// Foreign Affairs`); `the senator` the person last given that role.
    fn described(&self, noun: &str) -> Option<Said> {
        if noun.is_empty() {
            return None;
        }
        if let Some(speaker) = &self.last_speaker {
            let holds = speaker
                .name
                .split_whitespace()
                .any(|word| word.trim_end_matches(['.', ',']).to_lowercase() == noun);
            if holds {
                return Some(speaker.clone());
            }
        }
        let (name, _) = self
            .roles
            .iter()
            .rev()
            .find(|(_, role)| names::role_fits(noun, role))?;
        Some(Said {
            name: name.clone(),
            written: name.clone(),
            role: None,
        })
    }

    fn pronoun(&self, pronoun: &str) -> Option<Said> {
        let said = match pronoun {
            "he" | "she" => self
                .last_person
                .clone()
                .or_else(|| self.last_speaker.clone()),
            _ => self.last_speaker.clone(),
        }?;
        Some(Said {
            written: pronoun.to_string(),
            role: None,
            ..said
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (quote, speaker, as written, role) of every quotation in `paragraphs`.
    type Row = (String, Option<String>, Option<String>, Option<String>);

    fn rows(paragraphs: &[&str]) -> Vec<Row> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        extract(&paragraphs)
            .into_iter()
            .map(|q| (q.text, q.speaker, q.speaker_as_written, q.speaker_role))
            .collect()
    }

    fn speakers(paragraphs: &[&str]) -> Vec<(String, Option<String>)> {
        rows(paragraphs).into_iter().map(|r| (r.0, r.1)).collect()
    }

    fn one(paragraph: &str) -> (String, Option<String>) {
        let mut all = speakers(&[paragraph]);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    fn s(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    /// Each attribution form a reporter uses, as one literal paragraph: the quotation, its
    /// speaker (the fullest name), the form written at the quotation and the role.
    /// (paragraph, quote, speaker, as written, role).
    type Form<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );

    fn check_forms(cases: &[Form<'_>]) {
        for (text, quote, speaker, written, role) in cases {
            let got = rows(&[text]);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            let want = (
                quote.to_string(),
                speaker.map(str::to_string),
                written.map(str::to_string),
                role.map(str::to_string),
            );
            assert_eq!(got[0], want, "{text}");
        }
    }

    #[test]
    fn form_said_name_after_the_quote() {
        check_forms(&[
            (
                r#""We will not raise taxes," said Elena Varga, the prime minister."#,
                "We will not raise taxes",
                Some("Elena Varga"),
                Some("Elena Varga"),
                Some("prime minister"),
            ),
            (
                r#""We believe our case is strong," said Yukos chief executive Steven Theede."#,
                "We believe our case is strong",
                Some("Steven Theede"),
                Some("Steven Theede"),
                Some("Yukos chief executive"),
            ),
            (
                r#""Our aim is accountability," said the committee chairman, MP Edward Leigh."#,
                "Our aim is accountability",
                Some("Edward Leigh"),
                Some("MP Edward Leigh"),
                Some("MP"),
            ),
            (
                r#""Stocks will fall," says Joshua Mahony, chief market strategist at IG."#,
                "Stocks will fall",
                Some("Joshua Mahony"),
                Some("Joshua Mahony"),
                Some("chief market strategist at IG"),
            ),
            (
                r#""We will win this," said Mr Blair on Tuesday."#,
                "We will win this",
                Some("Blair"),
                Some("Mr Blair"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_name_said_after_the_quote() {
        check_forms(&[
            (
                r#""We will not raise taxes," Varga said."#,
                "We will not raise taxes",
                Some("Varga"),
                Some("Varga"),
                None,
            ),
            (
                r#""This is a disaster," Jake Tapper, the CNN host, said on Sunday."#,
                "This is a disaster",
                Some("Jake Tapper"),
                Some("Jake Tapper"),
                Some("CNN host"),
            ),
            (
                r#""We have to rally around him," former Florida governor Jeb Bush said."#,
                "We have to rally around him",
                Some("Jeb Bush"),
                Some("Jeb Bush"),
                Some("former Florida governor"),
            ),
            (
                r#""I stand by it," Sen. Lindsey Graham (R-S.C.) told reporters on Tuesday."#,
                "I stand by it",
                Some("Lindsey Graham"),
                Some("Sen. Lindsey Graham"),
                Some("Sen."),
            ),
            (
                r#""Is he going to resign?" the nominee, Donald Trump, tweeted on Sunday."#,
                "Is he going to resign?",
                Some("Donald Trump"),
                Some("Donald Trump"),
                Some("nominee"),
            ),
        ]);
    }

    #[test]
    fn form_name_said_before_the_quote() {
        check_forms(&[
            (
                r#"Xi said, "No matter how the situation may change, this stand will not change.""#,
                "No matter how the situation may change, this stand will not change.",
                Some("Xi"),
                Some("Xi"),
                None,
            ),
            (
                r#"Varga said: "The budget is balanced and fair to all.""#,
                "The budget is balanced and fair to all.",
                Some("Varga"),
                Some("Varga"),
                None,
            ),
            (
                r#"Varga said that "the budget is balanced and fair to all.""#,
                "the budget is balanced and fair to all.",
                Some("Varga"),
                Some("Varga"),
                None,
            ),
            (
                r#"Okafor told reporters on Monday that "nothing has been decided yet.""#,
                "nothing has been decided yet.",
                Some("Okafor"),
                Some("Okafor"),
                None,
            ),
            (
                r#"Xi, for his part, emphasized the relationship, calling them "good neighbors, good friends and good comrades.""#,
                "good neighbors, good friends and good comrades.",
                Some("Xi"),
                Some("Xi"),
                None,
            ),
            (
                r#"Trump hit back at his rival on Monday, saying "she has no stamina at all.""#,
                "she has no stamina at all.",
                Some("Trump"),
                Some("Trump"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_reporting_verbs() {
        for verb in [
            "wrote", "tweeted", "told CNN", "added", "asked", "warned", "argued",
        ] {
            let text = format!(r#""The rules are not working for families," Lee {verb}."#);
            assert_eq!(
                one(&text),
                ("The rules are not working for families".into(), s("Lee")),
                "{text}"
            );
        }
    }

    #[test]
    fn form_according_to() {
        check_forms(&[
            (
                r#"According to KCNA, the visit was a "historic occasion for both nations.""#,
                "historic occasion for both nations.",
                Some("KCNA"),
                Some("KCNA"),
                None,
            ),
            (
                r#"According to the state-run Korean Central News Agency (KCNA), it was a "historic occasion which strengthened trust.""#,
                "historic occasion which strengthened trust.",
                Some("KCNA"),
                Some("KCNA"),
                None,
            ),
            (
                r#""The deal is off for now," according to Maria Lopez."#,
                "The deal is off for now",
                Some("Maria Lopez"),
                Some("Maria Lopez"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_titles_inside_a_name() {
        check_forms(&[(
            r#""He is gaming the system," Senate Minority Leader Harry M. Reid (D-Nev.) said in a statement."#,
            "He is gaming the system",
            Some("Harry M. Reid"),
            Some("Senate Minority Leader Harry M. Reid"),
            Some("Senate Minority Leader"),
        )]);
    }

    #[test]
    fn form_described_sources() {
        check_forms(&[
            (
                r#""We do not comment on rumours," a spokesman for Disney said."#,
                "We do not comment on rumours",
                Some("Disney"),
                Some("Disney"),
                Some("spokesman for Disney"),
            ),
            (
                r#"North Korea also voiced hopes of expanding trade to deliver "more fruitful outcomes.""#,
                "more fruitful outcomes.",
                Some("North Korea"),
                Some("North Korea"),
                None,
            ),
            (
                r#"It marked China's "Victory Day" parade."#,
                "Victory Day",
                None,
                None,
                None,
            ),
            (
                r#"“Prices will fall,” the analyst said."#,
                "Prices will fall",
                None,
                None,
                None,
            ),
        ]);
    }

    #[test]
    fn form_quote_in_the_paragraph_after_the_attribution() {
        let got = rows(&[
            "Mayor Ruth Adeyemi told reporters on Tuesday.",
            r#""The flood barriers held through the night and every pump ran.""#,
        ]);
        assert_eq!(got[0].1, s("Ruth Adeyemi"));
        let got = rows(&[
            "Cruz continued:",
            r#""You look at the questions and you see the bias in every one.""#,
        ]);
        assert_eq!(got[0].1, s("Cruz"));
    }

    #[test]
    fn form_two_fragments_in_one_sentence() {
        let got = speakers(&[
            r#"Senator Amy Klein visited the site. "It's horrifying," she said, "and it must never happen again.""#,
        ]);
        assert_eq!(
            got,
            [
                ("It's horrifying".into(), s("Amy Klein")),
                ("and it must never happen again.".into(), s("Amy Klein")),
            ]
        );
    }

    #[test]
    fn form_pronouns_and_roles_resolved() {
        let got = rows(&[
            "Sen. Marco Rubio met voters in Iowa.",
            r#""I stand by everything I said," the Florida senator told reporters."#,
            r#""Nothing has changed," he said."#,
        ]);
        assert_eq!(got[0].1, s("Marco Rubio"));
        assert_eq!(got[0].2, s("the Florida senator"));
        assert_eq!(got[1].1, s("Marco Rubio"));
        assert_eq!(got[1].2, s("he"));
    }

    #[test]
    fn form_signed_with_a_dash() {
        check_forms(&[(
            r#""I would rather move than live in a world like that." ― Pamela Padilla"#,
            "I would rather move than live in a world like that.",
            Some("Pamela Padilla"),
            Some("Pamela Padilla"),
            None,
        )]);
        let got = speakers(&[
            r#""Almost all new income is going to the top 1 percent.""#,
            "- Bernie Sanders.",
            r#""Great speech. She is tested and she is ready.""#,
            "-President Obama, tweeting after the speech.",
        ]);
        assert_eq!(got[0].1, s("Bernie Sanders"));
        assert_eq!(got[1].1, s("Obama"));
    }

    #[test]
    fn form_attribution_ending_the_sentence() {
        check_forms(&[
            (
                r#"The poll shows "a very tight race" in Ohio, said Steve Elmendorf, a Democratic strategist."#,
                "a very tight race",
                Some("Steve Elmendorf"),
                Some("Steve Elmendorf"),
                Some("Democratic strategist"),
            ),
            (
                r#"Ticket sales were "slow at first" and donations began to pick up last week, Gilbert said."#,
                "slow at first",
                Some("Gilbert"),
                Some("Gilbert"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_verbs_not_in_the_list() {
        check_forms(&[
            (
                r#""Why would anyone believe that?" Beck questioned."#,
                "Why would anyone believe that?",
                Some("Beck"),
                Some("Beck"),
                None,
            ),
            (
                r#""If they were serious, they would have gone further," Toomey fumed on Tuesday."#,
                "If they were serious, they would have gone further",
                Some("Toomey"),
                Some("Toomey"),
                None,
            ),
            (
                r#""Sad to see the results tonight," reacted Trump."#,
                "Sad to see the results tonight",
                Some("Trump"),
                Some("Trump"),
                None,
            ),
            (
                r#""I am impressed by his ability to insult everyone," screenwriter Cole Haddon wrote on Twitter."#,
                "I am impressed by his ability to insult everyone",
                Some("Cole Haddon"),
                Some("Cole Haddon"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_speaker_before_a_colon() {
        check_forms(&[
            (
                r#"Clinton: "I will look into it and get back to you.""#,
                "I will look into it and get back to you.",
                Some("Clinton"),
                Some("Clinton"),
                None,
            ),
            (
                r#"Pollsters agree - Carl Bialik: "Keep on contacting voters as late as possible.""#,
                "Keep on contacting voters as late as possible.",
                Some("Carl Bialik"),
                Some("Carl Bialik"),
                None,
            ),
            (
                r#"Rep. Trey Gowdy (R-S.C.): "The e-mails were never handed over to us.""#,
                "The e-mails were never handed over to us.",
                Some("Trey Gowdy"),
                Some("Rep. Trey Gowdy"),
                Some("Rep."),
            ),
            (
                r#"Continued Stone: "So I think it is a very real problem for all of us.""#,
                "So I think it is a very real problem for all of us.",
                Some("Stone"),
                Some("Stone"),
                None,
            ),
            (
                r#"Said Dorothy Poynter, who grew up with Ali, "We were all so proud of him.""#,
                "We were all so proud of him.",
                Some("Dorothy Poynter"),
                Some("Dorothy Poynter"),
                None,
            ),
            (
                r#"In city after city, Perez lobbies for a higher minimum wage: "No one who works full time should live in poverty.""#,
                "No one who works full time should live in poverty.",
                Some("Perez"),
                Some("Perez"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_asides_between_name_and_verb() {
        check_forms(&[
            (
                r#""That is not the view of Republicans," Senate Majority Leader Mitch McConnell, R-Ky., said."#,
                "That is not the view of Republicans",
                Some("Mitch McConnell"),
                Some("Senate Majority Leader Mitch McConnell"),
                Some("Senate Majority Leader"),
            ),
            (
                r#"Gov. John Kasich (R-OH), said, "We are going all the way to Cleveland.""#,
                "We are going all the way to Cleveland.",
                Some("John Kasich"),
                Some("Gov. John Kasich"),
                Some("Gov."),
            ),
            (
                r#"Rep. Jim Jordan (R-Ohio), an oversight panel member, said, "This is about the law.""#,
                "This is about the law.",
                Some("Jim Jordan"),
                Some("Rep. Jim Jordan"),
                Some("Rep."),
            ),
            (
                r#"Priebus later Thursday told Fox News: "Both of them are meeting next week.""#,
                "Both of them are meeting next week.",
                Some("Priebus"),
                Some("Priebus"),
                None,
            ),
            (
                r#"At one point a woman asked for a photo and Clinton said, "As long as we are not breaking any laws.""#,
                "As long as we are not breaking any laws.",
                Some("Clinton"),
                Some("Clinton"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_more_reporting_phrases() {
        check_forms(&[
            (
                r#"As John Cornyn, the No. 2 in the leadership, put it: "This person will not be confirmed.""#,
                "This person will not be confirmed.",
                Some("John Cornyn"),
                Some("John Cornyn"),
                Some("No. 2 in the leadership"),
            ),
            (
                r#""More than 90 percent were sent to a state.gov address," a Clinton campaign spokesman said."#,
                "More than 90 percent were sent to a state.gov address",
                Some("Clinton campaign"),
                Some("Clinton campaign"),
                Some("spokesman"),
            ),
            (
                r#""I am calling from the campaign. How are you today?" Miller said pleasantly into the phone."#,
                "I am calling from the campaign. How are you today?",
                Some("Miller"),
                Some("Miller"),
                None,
            ),
            (
                r#""And the more the criticism mounted, the more determined she became," remembered Roy Verley, her former spokesman."#,
                "And the more the criticism mounted, the more determined she became",
                Some("Roy Verley"),
                Some("Roy Verley"),
                Some("her former spokesman"),
            ),
            (
                r#"Mateen left as soon as prayers were finished, Nefzi said, adding, "He was not very religious.""#,
                "He was not very religious.",
                Some("Nefzi"),
                Some("Nefzi"),
                None,
            ),
            (
                r#"In a Fox interview later that day, Trump went even further: "If he goes forward and loses, it is the end.""#,
                "If he goes forward and loses, it is the end.",
                Some("Trump"),
                Some("Trump"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_organisation_and_role_before_the_name() {
        check_forms(&[
            (
                r#""Nobody will ever prove the files are clean," Dunmore Labs co-founder Ivo Petrak told the Gazette."#,
                "Nobody will ever prove the files are clean",
                Some("Ivo Petrak"),
                Some("Ivo Petrak"),
                Some("Dunmore Labs co-founder"),
            ),
            (
                r#""We want a chair who speaks for the members," Lindqvist campaign Chairman Tom Adair told the Herald in an interview Friday."#,
                "We want a chair who speaks for the members",
                Some("Tom Adair"),
                Some("Chairman Tom Adair"),
                Some("Chairman"),
            ),
            (
                r#""The band played for three hours," said Rosa Ilves of the Tartu delegation."#,
                "The band played for three hours",
                Some("Rosa Ilves"),
                Some("Rosa Ilves"),
                Some("of the Tartu delegation"),
            ),
        ]);
    }

    #[test]
    fn form_name_of_an_organisation_and_pairs() {
        check_forms(&[
            (
                r#""The second stage is the hard part," Jeffrey Lane of the Kestrel Institute for Arms Studies wrote in May."#,
                "The second stage is the hard part",
                Some("Jeffrey Lane"),
                Some("Jeffrey Lane"),
                Some("of the Kestrel Institute for Arms Studies"),
            ),
            (
                r#""We will appeal the ruling," state Senate leader Ada Brill and House Speaker Tom Moy, both Republicans, said in a statement."#,
                "We will appeal the ruling",
                Some("Tom Moy"),
                Some("House Speaker Tom Moy"),
                Some("House Speaker"),
            ),
            (
                r#""The numbers will soften," Oregon Rep. Dale Hume's chief of staff, Rita Benn, told the Courier."#,
                "The numbers will soften",
                Some("Rita Benn"),
                Some("Rita Benn"),
                Some("Oregon Rep. Dale Hume's chief of staff"),
            ),
            (
                r#""He was glad to be going home," his nephew Karim el Naggar added."#,
                "He was glad to be going home",
                Some("Karim el Naggar"),
                Some("Karim el Naggar"),
                None,
            ),
            (
                r#""You know, it happens," Varga went on."#,
                "You know, it happens",
                Some("Varga"),
                Some("Varga"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_long_tail() {
        check_forms(&[
            (
                r#""The budget is a fantasy," said Sen. Ada Moor who chairs the finance committee."#,
                "The budget is a fantasy",
                Some("Ada Moor"),
                Some("Sen. Ada Moor"),
                Some("Sen."),
            ),
            (
                r#""We will appeal the ruling," agrees Tom Reyes, 41, of Dayton, Ohio."#,
                "We will appeal the ruling",
                Some("Tom Reyes"),
                Some("Tom Reyes"),
                None,
            ),
            (
                r#""Nobody reads the fine print," Lena Park points out."#,
                "Nobody reads the fine print",
                Some("Lena Park"),
                Some("Lena Park"),
                None,
            ),
            (
                r#""Not our plane, but we like the message!" Carl Dunn, the head of Forward Ohio, Tweeted on Friday."#,
                "Not our plane, but we like the message!",
                Some("Carl Dunn"),
                Some("Carl Dunn"),
                Some("head of Forward Ohio"),
            ),
            (
                r#"Pollsters weigh in - Ann Lowe and Raj Patel: "The turnout models were simply wrong.""#,
                "The turnout models were simply wrong.",
                Some("Ann Lowe"),
                Some("Ann Lowe"),
                None,
            ),
            (
                r#"Here's Mayor Ruth Adeyemi in 1998: "A city that cannot build cannot grow.""#,
                "A city that cannot build cannot grow.",
                Some("Ruth Adeyemi"),
                Some("Mayor Ruth Adeyemi"),
                Some("Mayor"),
            ),
            (
                r#""The veto is an insult to every family," said 9/11 widow Joan Keller."#,
                "The veto is an insult to every family",
                Some("Joan Keller"),
                Some("Joan Keller"),
                Some("9/11 widow"),
            ),
            (
                r#"Governor Ada Moor blasted the utility for its "reckless disregard for public safety.""#,
                "reckless disregard for public safety.",
                Some("Ada Moor"),
                Some("Governor Ada Moor"),
                Some("Governor"),
            ),
            (
                r#"Tom Reyes thanked the crews for "working through the night without a break.""#,
                "working through the night without a break.",
                Some("Tom Reyes"),
                Some("Tom Reyes"),
                None,
            ),
        ]);
        // A digest line naming the same two again: `More from X and Y:`.
        let got = speakers(&[
            r#"Pollsters weigh in - Ann Lowe and Raj Patel: "The turnout models were simply wrong.""#,
            r#"Why it matters - More from Lowe and Patel: "Turnout was higher than any model assumed.""#,
        ]);
        assert_eq!(got[1].1, s("Ann Lowe"));
        // A capital outside ASCII after an aside is read without slicing inside it.
        let got = speakers(&[r#""We won," Ana Lopez, the organiser, İnsisted on Friday."#]);
        assert_eq!(got[0].1, None);
    }

    #[test]
    fn the_last_speaker_goes_on_in_their_paragraph_or_a_quotation_alone() {
        let got = speakers(&[
            r#""We will build it," said Mayor Ruth Adeyemi. "And we will pay for it ourselves, every penny.""#,
            r#""Nobody else is going to do it for us.""#,
            r#"The bridge appears in the council's plan for 2030 as "a priority for the next decade and beyond.""#,
        ]);
        let got: Vec<_> = got.into_iter().map(|(_, speaker)| speaker).collect();
        let mayor = s("Ruth Adeyemi");
        assert_eq!(got, vec![mayor.clone(), mayor.clone(), mayor, None]);
    }

    #[test]
    fn an_unnamed_source_is_not_someone_named_before() {
        let got = speakers(&[
            "The slate was drawn up by district party leader Ana Lopez and her staff.",
            r#""We wanted people who would stay to the end," said one district party leader."#,
            r#""Will she be the next governor?" a Democratic staffer wondered aloud at the back."#,
            r#""Nobody here has heard of it," Lopez said later."#,
        ]);
        let got: Vec<_> = got.into_iter().map(|(_, speaker)| speaker).collect();
        assert_eq!(got, vec![None, None, s("Ana Lopez")]);
    }

    #[test]
    fn form_asides_and_offices() {
        check_forms(&[
            (
                r#""It is an overreach by the agency," Mara Quist, the attorney general of Tolland, one of the states suing the agency, said on Monday."#,
                "It is an overreach by the agency",
                Some("Mara Quist"),
                Some("Mara Quist"),
                Some("attorney general of Tolland"),
            ),
            (
                r#""She did write to the committee about it," Hale's office said in a statement."#,
                "She did write to the committee about it",
                Some("Hale's office"),
                Some("Hale's office"),
                None,
            ),
        ]);
        // A quotation masked inside the aside does not end it.
        let got = speakers(&[
            r#""We have had better weeks," delegate Otto Brenner, wearing a "Vote Early" badge, said as the hall emptied."#,
        ]);
        assert_eq!(got[0].1, s("Otto Brenner"));
        assert_eq!(got[1], ("Vote Early".to_string(), None));
    }

    #[test]
    fn form_one_word_quotation_beside_its_attribution() {
        check_forms(&[
            (
                r#"Asked whether he would sell the farm, Hallam said, "Never.""#,
                "Never.",
                Some("Hallam"),
                Some("Hallam"),
                None,
            ),
            (
                r#""Trucks," Osgood said."#,
                "Trucks",
                Some("Osgood"),
                Some("Osgood"),
                None,
            ),
            // A nickname inside a name is no one's quotation.
            (
                r#"Councillor Ada "Dee" Brandt (D-Elm Park) waved to the crowd."#,
                "Dee",
                None,
                None,
                None,
            ),
        ]);
    }

    #[test]
    fn form_participle_introducing_the_quotation() {
        check_forms(&[
            (
                r#"In a statement on Monday, Rep. Lena Ortiz (D-Ore.) answered the mayor, saying: "The port stays open.""#,
                "The port stays open.",
                Some("Lena Ortiz"),
                Some("Rep. Lena Ortiz"),
                Some("Rep."),
            ),
            (
                r#"Marsh closed the rally by saying "Go home and vote.""#,
                "Go home and vote.",
                Some("Marsh"),
                Some("Marsh"),
                None,
            ),
            (
                r#"Quill, herself a former teacher, drew boos upon saying, "The schools are fine as they are.""#,
                "The schools are fine as they are.",
                Some("Quill"),
                Some("Quill"),
                None,
            ),
            (
                r#"The video shows footage of Maria Lund asking, "Why is nobody here from the ministry?""#,
                "Why is nobody here from the ministry?",
                Some("Maria Lund"),
                Some("Maria Lund"),
                None,
            ),
            (
                r#"As the hall emptied, Pryce was joined on stage by Mayor Ken Obi and joked, "We should do this every week.""#,
                "We should do this every week.",
                Some("Pryce"),
                Some("Pryce"),
                None,
            ),
            (
                r#"Speaking to a local paper, Varro said he would appeal and added, "I have done nothing wrong.""#,
                "I have done nothing wrong.",
                Some("Varro"),
                Some("Varro"),
                None,
            ),
        ]);
    }

    #[test]
    fn form_paragraph_introducing_the_next() {
        let got = rows(&[
            "When the bridge reopened, Mayor Anna Kell released the following statement:",
            r#""The city is proud of the crews who worked through the winter to finish it.""#,
            "Stated Orrin:",
            r#""We have waited for this bridge for ten years and it was worth every day.""#,
            "Full transcript as follows:",
            r#""Good evening and welcome to the second half of the programme tonight.""#,
        ]);
        let got: Vec<_> = got.into_iter().map(|r| r.1).collect();
        assert_eq!(got, vec![s("Anna Kell"), s("Orrin"), None]);
    }

    #[test]
    fn a_quotation_ending_a_sentence_ends_it_for_the_next() {
        // The second sentence opens after `terrorism."`: its subject is Trump, not Orlando.
        let got = speakers(&[
            r#"Another tweet about the Orlando tragedy took credit for "being right on terrorism." And then Trump went on the attack, saying, "Is the president going to resign in disgrace?""#,
        ]);
        assert_eq!(got[1].1, s("Trump"));
    }

    #[test]
    fn plural_nouns_are_not_reporting_verbs() {
        let got = speakers(&[
            r#""Cruz is not my favorite by any means," Graham told CBS News on Tuesday, when a dozen states held contests. "But rallying around him may be the only way.""#,
        ]);
        assert_eq!(got[1].1, s("Graham"));
    }

    #[test]
    fn a_surname_that_is_also_a_word() {
        let got = speakers(&[
            "Mark Cuban, the owner of the Dallas Mavericks, says he is open to running.",
            r#""It is more of a consideration than it was," Cuban said in an interview."#,
        ]);
        assert_eq!(got[0].1, s("Mark Cuban"));
        let got = speakers(&[r#""It was hard," the Cuban said."#]);
        assert_eq!(got[0].1, None);
    }

    #[test]
    fn a_quotation_after_a_full_stop_starts_a_sentence() {
        let got = speakers(&[
            r#""We don't think there's room for four networks in the U.S.," Zucker said. "I don't think there's room for three.""#,
        ]);
        assert_eq!(got[0].1, s("Zucker"));
        assert_eq!(got[1].1, s("Zucker"));
    }

    #[test]
    fn one_name_per_person() {
        let got = rows(&[
            "Prime Minister Tony Blair spoke in London.",
            r#""We will win this," said Mr Blair."#,
            "North Korean leader Kim Jong-un met Xi Jinping.",
            r#"Xi said, "This stand will not change." Kim said, "We agree with all of it.""#,
        ]);
        let speakers: Vec<(Option<String>, Option<String>)> =
            got.into_iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(
            speakers,
            [
                (s("Tony Blair"), s("Mr Blair")),
                (s("Xi Jinping"), s("Xi")),
                (s("Kim Jong-un"), s("Kim")),
            ]
        );
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
                &[
                    r#""It has been sold in the best traditions," the Interfax news agency quoted Mr Khodorkovsky as saying."#,
                ],
                &[Some("Khodorkovsky")],
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
                &[Some("Clark")],
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
                &[Some("Howard"), Some("Howard")],
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
        assert_eq!(got[1], ("We have the numbers".into(), s("Varga")));
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
        let got = rows(&[
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
                s("Ruth Adeyemi"),
                s("Mayor Ruth Adeyemi"),
                s("Mayor"),
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
