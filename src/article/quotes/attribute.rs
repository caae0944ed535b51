//! Attribution: what the words around one quotation say about who said it.
//!
//! Reads the sentence before the opening mark and the one after the closing mark (their
//! quotations masked), as tokens, and returns one [`Attribution`]: a name, a pronoun, a
//! described source, or nothing. Each form a reporter uses is one function below:
//!
//! - after the quotation: `"...," said X[, the title].` ([`verb_then_subject`]);
//!   `"...," X[, the CNN host,] said.` and `"...," he said` ([`subject_then_verb`]);
//!   `"...," according to X` ([`according_to`]); `the agency quoted X as saying`;
//!   `"...?" Beck questioned.` (a past-tense verb not in the list, [`unlisted_verb`]);
//!   `"..." ― Pamela Padilla` ([`signed`]); `"..." in Ohio, said X.` (an attribution ending
//!   the sentence, [`trailing`]);
//! - before it: `X said: "..."`, `X told reporters that "..."`, `X, for his part, called
//!   them "..."` (the subject of the last reporting verb, [`before`]); `..., saying "..."`
//!   (the clause's subject); `According to X, ... "..."`; `Said X, "..."` ([`said_first`]);
//!   `Clinton: "..."` ([`speaker_line`]); `Here's X in 1992: "..."` ([`here_is`]); `X
//!   lobbies for a higher wage: "..."` ([`colon_subject`]); `X blasted Y for its "..."`
//!   (a judging verb a few words before it, [`judged`]);
//! - in the paragraphs around it: `- Bernie Sanders.` after it ([`signature`]).
//!
//! It does not know the rest of the story: pronouns and descriptions are resolved by the
//! caller, which knows who was named before. Hand-written over tokens; no regex.

use super::names::{clean_name, is_person_like, split_role, Speaker};
use super::sentences::{tokens, Kind, Token};
use super::words::{
    CLAUSE_ENDERS, JUDGING_VERBS, NOT_AFTER_VERB, NOT_NAMES, NOT_SUBJECTS, REPORTING_VERBS, TITLES,
};

/// What the words around a quotation say about its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Attribution {
    /// The words name the speaker: `"...," said Elena Varga, the prime minister.`
    Named(Speaker),
    /// A pronoun speaks: `"...," she said.` (the pronoun, lower-case).
    Pronoun(String),
    /// The speaker is described, not named: `the senator said` (`noun` is the head noun,
    /// lower-case, or empty for a description that can never be resolved, such as `the
    /// Australian`).
    Described {
        /// The description's head noun, lower-case.
        noun: String,
        /// The description as written (`the Florida senator`).
        written: String,
    },
    /// The words attribute nothing.
    None,
}

impl Attribution {
    fn or_else(self, f: impl FnOnce() -> Attribution) -> Attribution {
        match self {
            Attribution::None => f(),
            found => found,
        }
    }

    fn is_none(&self) -> bool {
        *self == Attribution::None
    }
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it"];
/// Words that open a described source: `the senator`, `a spokesman`, `his lawyer`.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "one", "another", "two", "three", "our",
];
/// Words allowed between a subject and its verb: `Trump also said`, `she has said`.
const BETWEEN: &[&str] = &[
    "also",
    "later",
    "then",
    "further",
    "again",
    "once",
    "has",
    "had",
    "have",
    "would",
    "will",
    "did",
    "previously",
    "recently",
    "had",
    "once",
    "simply",
    "just",
    "repeatedly",
    "may",
    "might",
    "could",
    "should",
];
/// Day names between a subject and its verb: `Priebus later Thursday told`.
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `R-Ky`, `D-N.Y`, `I-Vt`: a US party and state after a lawmaker's name.
fn is_party_state(word: &str) -> bool {
    let mut parts = word.splitn(2, '-');
    let (Some(party), Some(state)) = (parts.next(), parts.next()) else {
        return false;
    };
    ["R", "D", "I"].contains(&party)
        && state.starts_with(|c: char| c.is_ascii_uppercase())
        && state.len() <= 12
}

/// Verbs that take an object before the clause ends: `told reporters on Tuesday.`
const OBJECT_VERBS: &[&str] = &[
    "told", "tells", "tell", "asked", "asks", "wrote", "writes", "tweeted", "posted", "emailed",
    "texted", "informed", "reminded", "assured", "warned", "urged",
];

fn is_verb(token: &Token<'_>) -> bool {
    // The list is lower-case: a capitalised word is never looked up.
    token.kind == Kind::Word
        && token.text.as_bytes()[0].is_ascii_lowercase()
        && REPORTING_VERBS.contains(token.text)
}

/// A reporting verb at `i`, or `went on` / `goes on` (`"...," Trump went on.`), or `points
/// out`, or a capitalised reporting verb right after an aside (`X, the head of Y, Tweeted`).
fn is_verb_at(toks: &[Token<'_>], i: usize) -> bool {
    let particle = |verbs: &[&str], particle: &str| {
        verbs.contains(&toks[i].text)
            && toks.get(i + 1).is_some_and(|t| t.is(particle))
            && toks.get(i + 2).is_none_or(|t| t.kind != Kind::Word)
    };
    is_verb(&toks[i])
        || particle(&["went", "goes"], "on")
        || particle(&["points"], "out")
        || (i > 1
            && toks[i - 1].kind == Kind::Comma
            && toks[i].is_capitalized()
            && toks[i].text.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && REPORTING_VERBS.contains_folded(toks[i].text)
            && !toks[i].text.ends_with("ing"))
}

fn is_determiner(token: &Token<'_>) -> bool {
    token.kind == Kind::Word
        && DETERMINERS
            .iter()
            .any(|d| token.text.eq_ignore_ascii_case(d))
}

fn is_pronoun(token: &Token<'_>) -> bool {
    token.kind == Kind::Word && PRONOUNS.iter().any(|p| token.text.eq_ignore_ascii_case(p))
}

fn lower(token: &Token<'_>) -> String {
    token.text.to_lowercase()
}

/// `, ; : — -` before an attribution, or a stray closing mark (`6’2”,” Rubio said`).
fn is_lead(token: &Token<'_>) -> bool {
    matches!(token.kind, Kind::Comma | Kind::Colon | Kind::Dash)
        || (token.kind == Kind::Quote && token.text.chars().count() == 1)
}

/// Where a run of capitalised words ending at `end` (inclusive) starts: `Marco Rubio`,
/// `China's Ministry of Foreign Affairs`, `the Finance Ministry`.
fn name_start(toks: &[Token<'_>], end: usize) -> Option<usize> {
    if !toks.get(end)?.is_capitalized() {
        return None;
    }
    let mut start = end;
    while start > 0 && end - start < 7 {
        let prev = &toks[start - 1];
        if prev.is_capitalized() {
            start -= 1;
        } else if start > 1
            && [
                "of", "for", "de", "al", "el", "bin", "ibn", "van", "von", "der", "da", "del",
                "la", "du", "di", "dos", "le",
            ]
            .contains(&prev.text)
            && toks[start - 2].is_capitalized()
        {
            start -= 2;
        } else {
            break;
        }
    }
    if start > 0 && toks[start - 1].is("the") {
        start -= 1;
    }
    Some(start)
}

/// The text from token `from` to token `to` (inclusive) as written in `text`.
fn slice<'a>(text: &'a str, toks: &[Token<'_>], from: usize, to: usize) -> &'a str {
    &text[toks[from].start..toks[to].end]
}

/// A subject phrase: what it resolves to, and the token where it starts.
struct Subject {
    attribution: Attribution,
    start: usize,
    /// The first and last token of the name, when the subject is named.
    name: Option<(usize, usize)>,
}

/// The name span (first and last token) of the subject of the verb at `verb`, when a name
/// is its subject: who speaks in a paragraph.
pub(crate) fn subject_name_span(
    text: &str,
    toks: &[Token<'_>],
    verb: usize,
) -> Option<(usize, usize)> {
    subject_of(text, toks, verb).and_then(|s| s.name)
}

/// The subject of the reporting verb at `verb`, read backwards: a name (with a title or
/// role before it, or an aside after it), a pronoun, or a described source.
fn subject_of(text: &str, toks: &[Token<'_>], verb: usize) -> Option<Subject> {
    if verb > 0 && toks[verb].text.ends_with('s') && counts_a_noun(&toks[verb - 1]) {
        return None; // `a dozen states held`, `his claims`: a plural noun, not a verb
    }
    let mut end = verb;
    let mut skipped = 0;
    while end > 0 && skipped < 2 {
        let t = &toks[end - 1];
        let word = t.text;
        let adverb = t.is_lower() && word.len() > 4 && word.ends_with("ly");
        if t.kind == Kind::Word && (adverb || BETWEEN.contains(&word) || WEEKDAYS.contains(&word)) {
            end -= 1;
            skipped += 1;
        } else {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    // An aside between commas (`Graham, a former candidate, told`) or in parentheses
    // (`Sen. Lindsey Graham (R-S.C.) said`).
    let mut aside: Option<(usize, usize)> = None;
    if end >= 2 && toks[end - 1].kind == Kind::Comma && toks[end - 2].text == ")" {
        end -= 1; // `Gov. John Kasich (R-OH), said`
    }
    let last = &toks[end - 1];
    if last.kind == Kind::Comma || last.text == ")" {
        let open_mark = if last.kind == Kind::Comma { "," } else { "(" };
        let close = end - 1;
        let mut k = close;
        let mut found = None;
        while k > 0 && close - k < 30 {
            k -= 1;
            let t = &toks[k];
            if t.text == open_mark {
                found = Some(k);
                break;
            }
            // `, R-Ky.,`: a party and state hold a dot.
            let party = k > 0 && is_party_state(toks[k - 1].text);
            // A quotation inside an aside is masked: `, wearing "…" campaign pins,`.
            let masked = t.kind == Kind::Quote && t.text.chars().count() > 1 && open_mark == ",";
            let stops = (matches!(t.kind, Kind::Quote | Kind::Colon) && !masked)
                || (t.kind == Kind::Stop && open_mark == "," && !party)
                || (is_verb(t)
                    && !t.text.ends_with("ing")
                    && !(k > 0 && counts_a_noun(&toks[k - 1])));
            if stops {
                break; // `(D-Nev.)` may hold a dot; an aside between commas may not
            }
        }
        let open = found?;
        if open == 0 || close == open + 1 {
            return None;
        }
        aside = Some((open + 1, close - 1));
        end = open;
        // `Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said`:
        // a second aside, opening with a determiner, right before the first.
        if open_mark == "," && end > 0 && toks[end - 1].is_capitalized() {
            let earlier = (end.saturating_sub(16)..end).rev().find(|&k| {
                matches!(
                    toks[k].kind,
                    Kind::Comma | Kind::Stop | Kind::Quote | Kind::Colon
                ) || (is_verb(&toks[k]) && !toks[k].text.ends_with("ing"))
            });
            if let Some(comma) = earlier.filter(|&k| {
                toks[k].kind == Kind::Comma
                    && k > 0
                    && toks[k - 1].is_capitalized()
                    && toks
                        .get(k + 1)
                        .is_some_and(|t| t.is("the") || t.is("a") || t.is("an"))
            }) {
                aside = Some((comma + 1, open - 1));
                end = comma;
            }
        }
        // `Rep. Jim Jordan (R-Ohio), an oversight panel member, said`
        if end >= 3 && toks[end - 1].text == ")" {
            if let Some(paren) = (end.saturating_sub(10)..end - 1)
                .rev()
                .find(|&k| toks[k].text == "(")
            {
                if paren > 0 {
                    end = paren;
                }
            }
        }
    }
    let head = &toks[end - 1];
    if is_pronoun(head) && aside.is_none() {
        return Some(Subject {
            attribution: Attribution::Pronoun(lower(head)),
            start: end - 1,
            name: None,
        });
    }
    if head.is("who") && aside.is_none() && end >= 3 && toks[end - 2].kind == Kind::Comma {
        // `Trump, who spoke in Iowa, said`: the subject is before `, who`.
        return subject_of(text, toks, end - 2).filter(|s| !s.attribution.is_none());
    }
    if head.is_capitalized() {
        let start = name_start(toks, end - 1)?;
        let written = slice(text, toks, start, end - 1);
        if toks[end - 1].text.ends_with("'s") || toks[end - 1].text.ends_with("’s") {
            return None;
        }
        let (role_start, role) = role_before(text, toks, start);
        if role.is_none()
            && start > 0
            && [
                "or", "of", "for", "at", "with", "by", "from", "about", "to", "against", "than",
                "&", "in", "on", "into", "across", "among",
            ]
            .contains(&lower(&toks[start - 1]).as_str())
        {
            return None; // `the wife of Bill Clinton said`: not Bill Clinton
        }
        let role = role.map(|r| join_role(r, written));
        let appositive = aside.and_then(|(a, b)| appositive_role(text, toks, a, b));
        return Some(Subject {
            attribution: named(written, role.or(appositive)),
            start: role_start,
            name: Some((start, end - 1)),
        });
    }
    if head.is_lower() {
        let noun = lower(head);
        if NOT_SUBJECTS.contains(&noun) || is_verb(head) {
            return None;
        }
        // Back to the determiner: `the presumptive GOP presidential nominee`.
        let mut start = end - 1;
        while start > 0 && end - start < 6 {
            let prev = &toks[start - 1];
            if prev.kind != Kind::Word || is_verb(prev) {
                break;
            }
            start -= 1;
            if is_determiner(prev) {
                break;
            }
            if prev.is_capitalized() && (prev.text.ends_with("'s") || prev.text.ends_with("’s")) {
                // `California Rep. Duncan Hunter's chief of staff`: back over the possessor.
                start = name_start(toks, start).unwrap_or(start);
                let (role_start, _) = role_before(text, toks, start);
                start = role_start;
                break;
            }
        }
        let opens = &toks[start];
        let determined = is_determiner(opens)
            || opens.text.ends_with("'s")
            || opens.text.ends_with("’s")
            || toks[start..end]
                .iter()
                .any(|t| t.is_capitalized() && (t.text.ends_with("'s") || t.text.ends_with("’s")));
        if !determined && start != end - 1 {
            return None;
        }
        if let Some((a, b)) = aside {
            // `the presumptive nominee, Donald Trump, tweeted`: the aside names them.
            if let Some(start_name) = name_start(toks, b).filter(|&s| s == a) {
                let role = slice(text, toks, start, end - 1);
                return Some(Subject {
                    attribution: named(slice(text, toks, start_name, b), Some(strip_article(role))),
                    start,
                    name: Some((start_name, b)),
                });
            }
        }
        if ["office", "campaign"].contains(&noun.as_str()) && end - start >= 2 {
            // `Powell's office said`, `Ryan's campaign said`: the office speaks for the person.
            let possessor = &toks[end - 2];
            let possessive = possessor.text.ends_with("'s") || possessor.text.ends_with("’s");
            if possessor.is_capitalized() && possessive && aside.is_none() {
                let who = slice(text, toks, start, end - 1);
                return Some(Subject {
                    attribution: Attribution::Named(Speaker::plain(who)),
                    start,
                    name: None,
                });
            }
        }
        if SPOKESPEOPLE.contains(&noun.as_str()) {
            // `a Clinton campaign spokesman said`: the campaign speaks.
            if let Some(first) =
                (start..end - 1).find(|&k| toks[k].is_capitalized() && !is_determiner(&toks[k]))
            {
                let who = slice(text, toks, first, end - 2);
                if !who.ends_with("'s") && !who.ends_with("’s") {
                    return Some(Subject {
                        attribution: named(who, Some(noun)),
                        start,
                        name: None,
                    });
                }
            }
        }
        return Some(Subject {
            attribution: Attribution::Described {
                noun,
                written: slice(text, toks, start, end - 1).to_string(),
            },
            start,
            name: None,
        });
    }
    None
}

/// Those who speak for someone: `a State Department spokesman` speaks for the department.
const SPOKESPEOPLE: &[&str] = &["spokesman", "spokeswoman", "spokesperson"];

/// Words that make a following `states`, `claims` or `notes` a noun.
const COUNTERS: &[&str] = &[
    "dozen", "dozens", "several", "many", "both", "all", "other", "some", "few", "these", "those",
    "more", "most", "four", "five", "six", "seven", "eight", "nine", "ten", "whose", "no", "such",
    "false", "new", "earlier", "previous", "past", "recent", "similar",
];

fn counts_a_noun(token: &Token<'_>) -> bool {
    token.kind == Kind::Word
        && (is_determiner(token)
            || COUNTERS.iter().any(|c| token.text.eq_ignore_ascii_case(c))
            || token.text.chars().all(|c| c.is_ascii_digit()))
}

/// `Named` for a cleaned name, else a description no one can resolve (`the Australian`).
fn named(written: &str, role: Option<String>) -> Attribution {
    let possessive = written.ends_with("'s") || written.ends_with("’s");
    match clean_name(written).filter(|_| !possessive) {
        Some(name) => {
            let mut speaker = split_role(&name);
            if speaker.role.is_none() {
                speaker.role = role;
            }
            Attribution::Named(speaker)
        }
        None => Attribution::Described {
            noun: String::new(),
            written: written.to_string(),
        },
    }
}

fn strip_article(text: &str) -> String {
    for article in ["the ", "a ", "an ", "The ", "A ", "An "] {
        if let Some(rest) = text.strip_prefix(article) {
            return rest.to_string();
        }
    }
    text.to_string()
}

/// Role words written right before a name, back to punctuation: `former Florida governor`
/// in `former Florida governor Jeb Bush`. Returns where the role starts (the name's start
/// when there is none).
fn role_before(text: &str, toks: &[Token<'_>], name: usize) -> (usize, Option<String>) {
    let mut start = name;
    while start > 0 && name - start < 6 {
        let prev = &toks[start - 1];
        if prev.kind != Kind::Word || is_verb(prev) || prev.is("and") || prev.is("but") {
            break;
        }
        if [
            "said", "that", "to", "by", "with", "from", "in", "on", "at", "as",
        ]
        .contains(&prev.text)
        {
            break;
        }
        start -= 1;
        if is_determiner(prev) {
            break;
        }
    }
    if start == name {
        return (name, None);
    }
    let role = strip_article(slice(text, toks, start, name - 1));
    if has_role_word(&role) {
        (start, Some(role))
    } else {
        (name, None)
    }
}

/// `spokesman for` before `Disney` is the role `spokesman for Disney`.
fn join_role(role: String, name: &str) -> String {
    if role.ends_with(" for") || role.ends_with(" at") || role.ends_with(" of") {
        format!("{role} {name}")
    } else {
        role
    }
}

/// Whether some word of `text` is a title or role (`senator`, `strategist`).
fn has_role_word(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_end_matches(['.', ',']);
        // `co-founder`, `co-Anchor`, `vice-chair`: the last part is the role.
        TITLES.contains_folded(w)
            || w.rsplit_once('-')
                .is_some_and(|(_, last)| TITLES.contains_folded(last))
    })
}

/// An aside that describes the person before it: `, a former candidate,` -> `former
/// candidate`, `, the CNN host,` -> `CNN host`. Other asides (`, for his part,`) are not roles.
fn appositive_role(text: &str, toks: &[Token<'_>], from: usize, to: usize) -> Option<String> {
    if to < from || to - from > 18 {
        return None;
    }
    let role = slice(text, toks, from, to);
    let described = ["the", "a", "an"]
        .iter()
        .any(|d| toks[from].text.eq_ignore_ascii_case(d));
    (described || has_role_word(role)).then(|| strip_article(role))
}

/// The attribution a sentence gives by the subject of its last reporting verb.
fn subject_of_last_verb(text: &str, toks: &[Token<'_>], limit: usize) -> Attribution {
    for verb in (0..limit).rev() {
        // `As John Cornyn put it:`
        let put_it = toks[verb].is_lower()
            && matches!(toks[verb].text, "put" | "puts")
            && toks.get(verb + 1).is_some_and(|t| t.is("it"));
        if !is_verb(&toks[verb]) && !put_it {
            continue;
        }
        if toks[verb].text.ends_with("ing") && toks[verb].text != "according" {
            // `Trump hit back, saying "..."`: the subject of the clause.
            if let Some(found) = clause_subject(text, toks, verb) {
                return found;
            }
            continue;
        }
        if verb > 0 && toks[verb - 1].is("so") {
            continue;
        }
        let pair = verb > 1
            && name_start(toks, verb - 2).is_some_and(|s| {
                s == 0 || toks[s - 1].kind == Kind::Comma || toks[s - 1].is("and")
            });
        let introduces = toks
            .get(verb + 1)
            .is_none_or(|t| matches!(t.kind, Kind::Comma | Kind::Colon | Kind::Quote));
        if verb > 1
            && toks[verb - 1].is("and")
            && !pair
            && introduces
            && toks[verb - 2].kind == Kind::Word
        {
            // `Lazar said he welcomed it and added,`, `Silverman was joined on stage by Al
            // Franken and joked,`: the subject of the verb before, else the sentence's.
            if let Some(found) =
                earlier_speaker(text, toks, verb - 1).or_else(|| main_subject(text, toks, verb - 1))
            {
                return found;
            }
            continue;
        }
        if let Some(subject) = subject_of(text, toks, verb) {
            if !subject.attribution.is_none() {
                return subject.attribution;
            }
        }
        if verb == 0 || matches!(toks[verb - 1].kind, Kind::Quote | Kind::Colon) {
            // `Said Trump: "..."`
            if let Some(found) = verb_then_subject(text, &toks[verb + 1..], false) {
                return found;
            }
        }
    }
    Attribution::None
}

/// The subject of the clause a participle (`saying`, `adding`) hangs from: the first name
/// or pronoun followed by a lower-case word, in the clause before it.
fn clause_subject(text: &str, toks: &[Token<'_>], participle: usize) -> Option<Attribution> {
    if participle == 0 {
        return None;
    }
    // `footage of Hillary Clinton asking,`, `Trump reportedly yelling:`: the name before it.
    let mut prev = participle - 1;
    if prev > 0
        && toks[prev].is_lower()
        && toks[prev].text.len() > 4
        && toks[prev].text.ends_with("ly")
    {
        prev -= 1;
    }
    if toks[prev].is_capitalized() && !toks[prev].text.ends_with('s') {
        let start = name_start(toks, prev)?;
        let (role_start, _) = role_before(text, toks, start);
        if role_start == 0 || !(toks[role_start - 1].is("of") || toks[role_start - 1].is("with")) {
            return None;
        }
        let written = slice(text, toks, start, prev);
        return person_named(written);
    }
    // `by saying`, `upon saying`, `, saying`: the subject of the sentence's clause.
    let linked = toks[participle - 1].kind == Kind::Comma
        || toks[participle - 1].kind == Kind::Quote
        || ["by", "upon", "while", "before", "after"].contains(&toks[participle - 1].text)
        // `Carson shared a syllabus on his Facebook page, writing "..."` without the comma.
        || ["saying", "writing", "adding", "asking", "tweeting"].contains(&toks[participle].text);
    if !linked {
        return None;
    }
    if toks[participle - 1].kind != Kind::Comma {
        // `Trump told Newsmax that Romney "had a crazy policy," adding, "..."`, `Trump said
        // ... before claiming`: the subject of the reporting verb before, else the
        // sentence's.
        return earlier_speaker(text, toks, participle - 1)
            .or_else(|| main_subject(text, toks, participle - 1));
    }
    // `even a top strategist said Clinton will have to choose, saying, "..."`: the subject
    // of the reporting verb before, named or described.
    if let Some(found) = (0..participle - 1)
        .rev()
        .filter(|&v| is_verb(&toks[v]) && !toks[v].text.ends_with("ing"))
        .take(1)
        .find_map(|v| subject_of(text, toks, v))
        .map(|s| s.attribution)
        .filter(|a| matches!(a, Attribution::Described { .. }))
    {
        return Some(found);
    }
    if participle >= 2 && is_verb(&toks[participle - 2]) {
        // `..., Nefzi said, adding, "..."`: the subject of that verb.
        if let Some(subject) = subject_of(text, toks, participle - 2) {
            if !subject.attribution.is_none() {
                return Some(subject.attribution);
            }
        }
    }
    first_subject(text, toks, participle - 1)
}

/// The named subject of the last finite reporting verb before token `limit`.
fn earlier_speaker(text: &str, toks: &[Token<'_>], limit: usize) -> Option<Attribution> {
    (0..limit)
        .rev()
        .filter(|&v| is_verb(&toks[v]) && !toks[v].text.ends_with("ing"))
        .find_map(|v| match subject_of(text, toks, v)?.attribution {
            found @ Attribution::Named(_) => Some(found),
            _ => None,
        })
}

/// The subject of a sentence's main clause, before token `limit`: a name opening the
/// sentence or its first clause after a comma (`As the crowd chanted, Silverman was
/// joined`), before a lower-case word (an aside in parentheses, or `on Thursday`, may come
/// between).
fn main_subject(text: &str, toks: &[Token<'_>], limit: usize) -> Option<Attribution> {
    let first_comma = toks[..limit].iter().position(|t| t.kind == Kind::Comma);
    let starts = [Some(0), first_comma.map(|c| c + 1)];
    starts.into_iter().flatten().find_map(|i| {
        let words = toks[i..limit]
            .iter()
            .take_while(|t| t.is_capitalized())
            .count();
        if words == 0 || words > 5 {
            return None;
        }
        let end = i + words - 1;
        let mut next = end + 1;
        if toks.get(next).is_some_and(|t| t.text == "(") {
            next = (next..limit.min(next + 8)).find(|&k| toks[k].text == ")")? + 1;
        } else if i == 0 && toks.get(next).is_some_and(|t| t.kind == Kind::Comma) {
            // `Silverman, herself a Sanders supporter, incurred`
            next = (next + 1..limit.min(next + 16))
                .find(|&k| matches!(toks[k].kind, Kind::Comma | Kind::Stop | Kind::Quote))
                .filter(|&k| toks[k].kind == Kind::Comma)?
                + 1;
        } else if toks.get(next).is_some_and(|t| t.is("on"))
            && toks
                .get(next + 1)
                .is_some_and(|t| WEEKDAYS.contains(&t.text))
        {
            next += 2;
        }
        let verb = toks.get(next)?;
        if !verb.is_lower()
            || PREPOSITIONS.contains(&verb.text)
            || ["who", "which", "whose", "but"].contains(&verb.text)
        {
            return None;
        }
        let written = slice(text, toks, i, end);
        if written.ends_with("'s") || written.ends_with("’s") {
            return None;
        }
        person_named(written)
    })
}

/// `In city after city, Perez lobbies for a higher minimum wage: "..."`: a sentence that
/// ends in a colon before the quotation introduces its speaker's words.
fn colon_subject(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    if toks.last()?.text != ":" {
        return None;
    }
    // The last clause (after the sentence start or a comma) opening with a name and a verb:
    // `In a Fox interview later that day, Trump went even further:`.
    let limit = toks.len() - 1;
    (0..limit)
        .rev()
        .filter(|&p| p == 0 || toks[p - 1].kind == Kind::Comma)
        .find_map(|p| {
            let words = toks[p..limit]
                .iter()
                .take_while(|t| t.is_capitalized())
                .count();
            let next = toks.get(p + words)?;
            if words == 0 || words > 4 || !next.is_lower() || PREPOSITIONS.contains(&next.text) {
                return None;
            }
            let written = slice(text, toks, p, p + words - 1);
            if written.ends_with("'s") || written.ends_with("’s") {
                return None;
            }
            person_named(written)
        })
}

/// `written` as a speaker when it names a person (not an organisation or a description).
fn person_named(written: &str) -> Option<Attribution> {
    match named(written, None) {
        Attribution::Named(speaker) if is_person_like(&speaker.name) => {
            Some(Attribution::Named(speaker))
        }
        _ => None,
    }
}

/// Words after a capitalised run that show it is not a subject: `Center City on Monday`.
const PREPOSITIONS: &[&str] = &[
    "of", "in", "on", "at", "for", "with", "by", "from", "to", "and", "or", "as", "into",
    "through", "about", "after", "before", "during", "near", "over", "under", "than",
];

/// The first name or pronoun followed by a lower-case word before token `limit`.
fn first_subject(text: &str, toks: &[Token<'_>], limit: usize) -> Option<Attribution> {
    let participle = limit + 1;
    let mut i = 0;
    while i < participle - 1 {
        let t = &toks[i];
        if is_pronoun(t) && toks.get(i + 1).is_some_and(Token::is_lower) {
            return Some(Attribution::Pronoun(lower(t)));
        }
        if t.is_capitalized() {
            let mut end = i;
            while end + 1 < participle && toks[end + 1].is_capitalized() {
                end += 1;
            }
            // `Rep. Hakeem Jeffries (D-N.Y.) reacted`, `Silverman, herself a supporter, said`
            let mut next = end + 1;
            if toks.get(next).is_some_and(|t| t.text == "(") {
                if let Some(close) = (next..participle.min(next + 8)).find(|&k| toks[k].text == ")")
                {
                    next = close + 1;
                }
            } else if i == 0 && toks.get(next).is_some_and(|t| t.kind == Kind::Comma) {
                if let Some(close) = (next + 1..participle.min(next + 16))
                    .find(|&k| matches!(toks[k].kind, Kind::Comma | Kind::Stop | Kind::Quote))
                    .filter(|&k| toks[k].kind == Kind::Comma)
                {
                    next = close + 1;
                }
            }
            if toks
                .get(next)
                .is_some_and(|n| n.is_lower() && !PREPOSITIONS.contains(&n.text))
            {
                let written = slice(text, toks, i, end);
                let possessive = written.ends_with("'s") || written.ends_with("’s");
                if let Some(name) = clean_name(written).filter(|_| !possessive) {
                    return Some(Attribution::Named(split_role(&name)));
                }
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    None
}

/// `according to X`, `according to the state-run Korean Central News Agency (KCNA)`.
fn according_to(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let at = (0..toks.len().saturating_sub(1))
        .rev()
        .find(|&i| toks[i].is("according") && toks[i + 1].is("to"))?;
    let mut i = at + 2;
    if toks.get(i).is_some_and(|t| t.is("the")) {
        i += 1;
    }
    let mut lowers = 0;
    while toks.get(i).is_some_and(Token::is_lower) && lowers < 2 {
        i += 1;
        lowers += 1;
    }
    if !toks.get(i)?.is_capitalized() {
        return None;
    }
    let mut end = i;
    while toks.get(end + 1).is_some_and(|t| {
        t.is_capitalized()
            || (["of", "for", "de"].contains(&t.text)
                && toks.get(end + 2).is_some_and(Token::is_capitalized))
    }) {
        end += 1;
    }
    // A short form in parentheses names it best: `(KCNA)`.
    if toks.get(end + 1).is_some_and(|t| t.text == "(")
        && toks.get(end + 3).is_some_and(|t| t.text == ")")
    {
        let short = toks[end + 2].text;
        if short.len() >= 2
            && short.len() <= 12
            && short
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
        {
            return Some(Attribution::Named(Speaker::plain(short)));
        }
    }
    let start = name_start(toks, end)?.max(i);
    Some(named(slice(text, toks, start, end), None))
}

/// The speaker after a verb: `said Elena Varga, the prime minister`, `said Yukos chief
/// executive Steven Theede`, `said the committee chairman, MP Edward Leigh`, `says a
/// source`. `None` when the words after the verb start something else (`said on Tuesday`).
fn verb_then_subject(text: &str, toks: &[Token<'_>], strict: bool) -> Option<Attribution> {
    let first = toks.first()?;
    if first.kind != Kind::Word || NOT_AFTER_VERB.contains_folded(first.text) || is_pronoun(first) {
        return None;
    }
    // The phrase up to the first mark or clause-ending word.
    let mut end = 0;
    // `said Robert Antonacci of the New York delegation`: `of the ...` describes the name.
    let mut belongs = None;
    while end < toks.len() && end < 12 {
        let t = &toks[end];
        if (t.kind != Kind::Word && !is_date_slash(toks, end))
            || (end > 0 && t.is_lower() && CLAUSE_ENDERS.contains(t.text))
        {
            break;
        }
        if end > 0
            && (t.is("of") || t.is("from"))
            && toks[end - 1].is_capitalized()
            && toks
                .get(end + 1)
                .is_some_and(|n| is_determiner(n) || n.is_capitalized())
            && toks[..end].iter().all(Token::is_capitalized)
            && !toks
                .get(end + 1)
                .is_some_and(|n| TITLES.contains_folded(n.text))
        {
            belongs = Some(end);
            break;
        }
        end += 1;
    }
    if end == 0 {
        return None;
    }
    if let Some(at) = belongs {
        let to = (at..toks.len().min(at + 12))
            .take_while(|&k| toks[k].kind == Kind::Word)
            .last()?;
        let closes = toks
            .get(to + 1)
            .is_none_or(|t| matches!(t.kind, Kind::Comma | Kind::Stop | Kind::Paren | Kind::Dash));
        if closes && name_start(toks, at - 1) == Some(0) {
            return Some(named(
                slice(text, toks, 0, at - 1),
                Some(slice(text, toks, at, to).to_string()),
            ));
        }
    }
    let next = toks.get(end);
    let phrase_ends = next.is_none_or(|t| {
        matches!(
            t.kind,
            Kind::Comma | Kind::Stop | Kind::Colon | Kind::Paren | Kind::Quote | Kind::Dash
        ) || CLAUSE_ENDERS.contains(t.text)
    });
    if !phrase_ends {
        return None;
    }
    let last = end - 1;
    if toks[last].is_capitalized() {
        let start = name_start(toks, last)?;
        // Nothing but role words before the name.
        let (role_start, role) = role_before(text, toks, start);
        if role_start != 0 && start != 0 {
            let all_role = (0..start).all(|k| {
                (toks[k].kind == Kind::Word || is_date_slash(toks, k)) && !is_verb(&toks[k])
            });
            if !all_role {
                return None;
            }
        }
        let role =
            role.or_else(|| (start > 0).then(|| strip_article(slice(text, toks, 0, start - 1))));
        let appositive = (next.is_some_and(|t| t.kind == Kind::Comma))
            .then(|| appositive_after(text, toks, end + 1))
            .flatten();
        return Some(named(slice(text, toks, start, last), role.or(appositive)));
    }
    // A description, perhaps followed by the name: `said the committee chairman, MP Edward Leigh`.
    let noun = lower(&toks[last]);
    if next.is_some_and(|t| t.kind == Kind::Comma) {
        let from = end + 1;
        let mut to = from;
        while toks.get(to).is_some_and(Token::is_capitalized) {
            to += 1;
        }
        let closes = toks
            .get(to)
            .is_none_or(|t| matches!(t.kind, Kind::Stop | Kind::Comma | Kind::Paren));
        if to > from && closes {
            let role = strip_article(slice(text, toks, 0, last));
            return Some(named(slice(text, toks, from, to - 1), Some(role)));
        }
    }
    if strict {
        return None;
    }
    let determined = is_determiner(first);
    (determined && !NOT_SUBJECTS.contains(&noun)).then(|| Attribution::Described {
        noun,
        written: slice(text, toks, 0, last).to_string(),
    })
}

/// The slash of a number such as `9/11` (`said 9/11 widow Terry Strada`).
fn is_date_slash(toks: &[Token<'_>], i: usize) -> bool {
    let digits = |t: Option<&Token<'_>>| {
        t.is_some_and(|t| t.kind == Kind::Word && t.text.bytes().all(|b| b.is_ascii_digit()))
    };
    toks[i].text == "/" && i > 0 && digits(toks.get(i - 1)) && digits(toks.get(i + 1))
}

/// `, the prime minister,` after a name: the words up to the next mark, as a role.
fn appositive_after(text: &str, toks: &[Token<'_>], from: usize) -> Option<String> {
    let mut to = from;
    while toks.get(to).is_some_and(|t| t.kind == Kind::Word) && to - from < 12 {
        to += 1;
    }
    let opens_role = toks.get(from).is_some_and(|t| {
        (is_determiner(t) || t.is_lower()) && !["who", "which", "whose", "where"].contains(&t.text)
    });
    (to > from && opens_role).then(|| strip_article(slice(text, toks, from, to - 1)))
}

/// `X said` right after a closing quote: the subject phrase must start the words after it.
fn subject_then_verb(text: &str, toks: &[Token<'_>], terminal: bool) -> Option<Attribution> {
    let mut depth = 0usize; // inside `( )` a dot does not end the clause: `(D-Nev.)`
    let verb = (0..toks.len().min(30))
        .take_while(|&i| {
            match toks[i].text {
                "(" => depth += 1,
                ")" => depth = depth.saturating_sub(1),
                _ => {}
            }
            let party = i > 0 && is_party_state(toks[i - 1].text); // `, R-Ky.,`
                                                                   // `X, wearing a "…" badge, said`: a masked quotation between words does not end it.
            let inline = toks[i].kind == Kind::Quote
                && toks[i].text.chars().count() > 1
                && i > 0
                && toks[i - 1].kind == Kind::Word
                && toks.get(i + 1).is_some_and(|t| t.kind == Kind::Word);
            let ends = (matches!(toks[i].kind, Kind::Quote | Kind::Colon) && !inline)
                || (toks[i].kind == Kind::Stop && depth == 0 && !party);
            !ends
        })
        .find(|&i| is_verb_at(toks, i) && !(i > 0 && counts_a_noun(&toks[i - 1])))?;
    if let Some(found) = belonging_subject(text, toks, verb) {
        return Some(found);
    }
    let subject = subject_of(text, toks, verb)?;
    // Lower-case words before a name describe the person: `screenwriter Cole Haddon wrote`;
    // so do an organisation and a role: `CrowdStrike co-founder Dmitri Alperovitch told`,
    // `Clinton campaign Chairman John Podesta told`.
    let before = &toks[..subject.start];
    let plain = |t: &Token<'_>| {
        t.kind == Kind::Word && !is_verb(t) && !CLAUSE_ENDERS.contains(t.text) && !t.is("and")
    };
    let described = matches!(subject.attribution, Attribution::Named(_))
        && ((subject.start <= 3 && before.iter().all(|t| t.is_lower() && plain(t)))
            || (subject.start <= 5
                && before
                    .iter()
                    .all(|t| plain(t) && !is_pronoun(t) && !is_determiner(t))
                && before
                    .last()
                    .is_some_and(|t| t.is_lower() || has_role_word(t.text))
                && subject.name.is_some_and(|(_, last)| {
                    last > 0 && has_role_word(slice(text, toks, 0, last - 1))
                })));
    // `state leader Ada Brill and House Speaker Tom Moy, both Republicans, said`: two
    // people, the second named last.
    let pair = subject.start >= 3
        && toks[subject.start - 1].is("and")
        && toks[subject.start - 2].is_capitalized()
        && matches!(subject.attribution, Attribution::Named(_))
        && toks[..subject.start - 1]
            .iter()
            .all(|t| t.kind == Kind::Word && !is_verb(t) && !CLAUSE_ENDERS.contains(t.text));
    if (subject.start != 0 && !described && !pair) || subject.attribution.is_none() {
        return None;
    }
    // `went on`, `points out`: the clause goes on after the particle.
    let particle = !is_verb(&toks[verb]) && toks[verb].is_lower();
    let verb_end = if particle { verb + 1 } else { verb };
    if terminal && !ends_clause(&toks[verb_end + 1..], &toks[verb]) {
        return None;
    }
    Some(subject.attribution)
}

/// `Jeffrey Lane of the Kestrel Institute wrote`: a name opening the words after the
/// quotation, then `of`/`at`/`from` and an organisation, then the verb. The organisation
/// describes the person.
fn belonging_subject(text: &str, toks: &[Token<'_>], verb: usize) -> Option<Attribution> {
    let words = toks[..verb]
        .iter()
        .take_while(|t| t.is_capitalized())
        .count();
    if !(2..=4).contains(&words) || words + 2 >= verb {
        return None;
    }
    if !["of", "at", "from"].contains(&toks[words].text) {
        return None;
    }
    let org_ok = toks[words + 1..verb]
        .iter()
        .all(|t| t.is_capitalized() || ["the", "of", "for", "and", "on"].contains(&t.text));
    if !org_ok || TITLES.contains_folded(toks[words + 1].text) {
        return None;
    }
    match named(slice(text, toks, 0, words - 1), None) {
        Attribution::Named(mut speaker) if is_person_like(&speaker.name) => {
            speaker.role = Some(slice(text, toks, words, verb - 1).to_string());
            Some(Attribution::Named(speaker))
        }
        _ => None,
    }
}

/// Whether the words after an attribution verb end its clause: `X said.`, `X said in a
/// statement.`, `X told reporters on Tuesday.` (not `X said that ...`).
fn ends_clause(rest: &[Token<'_>], verb: &Token<'_>) -> bool {
    let mut i = 0;
    if OBJECT_VERBS.contains(&verb.text) {
        while i < 4
            && rest.get(i).is_some_and(|t| {
                t.kind == Kind::Word && !t.is("that") && !CLAUSE_ENDERS.contains(t.text)
            })
        {
            i += 1;
        }
    }
    // `X said pleasantly into the phone.`
    if rest
        .get(i)
        .is_some_and(|t| t.is_lower() && t.text.len() > 4 && t.text.ends_with("ly"))
    {
        i += 1;
    }
    let Some(first) = rest.get(i) else {
        return true;
    };
    if first.kind != Kind::Word {
        return first.kind != Kind::Dash;
    }
    if !CLAUSE_ENDERS.contains_folded(first.text) {
        return false;
    }
    let words = rest[i..]
        .iter()
        .take_while(|t| t.kind == Kind::Word)
        .count();
    words <= 10
}

/// `the agency quoted Mr Khodorkovsky as saying`.
fn quoted_as_saying(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let quoted = (0..toks.len())
        .rev()
        .find(|&i| matches!(toks[i].text, "quoted" | "quotes" | "quoting"))?;
    let mut end = quoted + 1;
    while toks.get(end).is_some_and(Token::is_capitalized) {
        end += 1;
    }
    let as_saying = toks.get(end).is_some_and(|t| t.is("as"))
        && toks.get(end + 1).is_some_and(|t| t.text.starts_with("say"));
    (end > quoted + 1 && as_saying).then(|| named(slice(text, toks, quoted + 1, end - 1), None))
}

/// `... called it "x"`, `described as "x"`, `so-called "x"`: a sentence whose last words
/// say someone called something by the quoted word.
pub(crate) fn called_it(sentence_before: &str) -> bool {
    let toks = tokens(sentence_before);
    let words: Vec<&Token<'_>> = toks.iter().rev().take(5).collect();
    words.iter().enumerate().any(|(i, t)| {
        let w = lower(t);
        let calls = (w.starts_with("call") && w.len() <= 7)
            || w.starts_with("dub")
            || (w.starts_with("term") && w.len() <= 6)
            || w.starts_with("label")
            || (w.starts_with("brand") && w.len() <= 8)
            || w == "so-called";
        let described_as = w == "as"
            && words[i..]
                .iter()
                .any(|t| t.text.to_lowercase().starts_with("describ"));
        calls || described_as
    })
}

/// Speaker named in the words right after a closing quote mark. After a quotation that ends
/// its own sentence, a following `X said` counts only when it ends the clause (`X said.`,
/// `X said in a statement.`): `Yukos had argued that ...` starts new reporting.
pub(crate) fn after(text: &str, quote_ends_sentence: bool) -> Attribution {
    let all = tokens(text);
    if let Some(found) = quoted_as_saying(text, &all) {
        return found;
    }
    let lead = all.iter().take_while(|t| is_lead(t)).count();
    let toks = &all[lead..];
    let Some(first) = toks.first() else {
        return Attribution::None;
    };
    if is_verb(first) && !first.text.ends_with("ing") {
        return verb_then_subject(text, &toks[1..], false).unwrap_or(Attribution::None);
    }
    if first.is("according") && toks.get(1).is_some_and(|t| t.is("to")) {
        return according_to(text, &toks[..toks.len().min(12)]).unwrap_or(Attribution::None);
    }
    subject_then_verb(text, toks, quote_ends_sentence)
        .or_else(|| signed(text, &all))
        .or_else(|| unlisted_verb(text, toks))
        .or_else(|| {
            (!quote_ends_sentence)
                .then(|| trailing(text, toks))
                .flatten()
        })
        .unwrap_or(Attribution::None)
}

/// `"..." ― Pamela Padilla`: a dash and a name alone after the quotation sign it.
fn signed(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    signed_by(text, toks, false)
}

/// A paragraph after a quotation that signs it: `- Bernie Sanders.`, `-President Obama,
/// tweeting after Clinton's speech.`
pub(crate) fn signature(paragraph: &str) -> Option<Speaker> {
    match signed_by(paragraph, &tokens(paragraph), true)? {
        Attribution::Named(speaker) => Some(speaker),
        _ => None,
    }
}

fn signed_by(text: &str, toks: &[Token<'_>], aside: bool) -> Option<Attribution> {
    let dash = toks
        .iter()
        .take_while(|t| is_lead(t))
        .any(|t| t.kind == Kind::Dash);
    let rest = &toks[toks.iter().take_while(|t| is_lead(t)).count()..];
    let words = rest.iter().take_while(|t| t.is_capitalized()).count();
    let ends = rest[words..].iter().all(|t| t.kind == Kind::Stop)
        || (aside && rest.get(words).is_some_and(|t| t.kind == Kind::Comma));
    if !dash || words == 0 || words > 5 || !ends {
        return None;
    }
    let name = slice(text, rest, 0, words - 1);
    person_named(name)
}

/// `"...?" Beck questioned.`, `"...," Toomey fumed on Tuesday.`, `"...," reacted Trump.`:
/// a past-tense verb not in the list, between the quotation and a name, ending the clause.
fn unlisted_verb(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let past = |t: &Token<'_>| {
        t.is_lower() && t.text.len() > 4 && t.text.ends_with("ed") && !NOT_SUBJECTS.contains(t.text)
    };
    let first = toks.first()?;
    if past(first) {
        // `reacted Trump.`: only a name, then the sentence ends.
        let words = toks[1..].iter().take_while(|t| t.is_capitalized()).count();
        let ends = toks[1 + words..]
            .first()
            .is_none_or(|t| matches!(t.kind, Kind::Stop | Kind::Comma));
        if words == 0 || !ends {
            return None;
        }
        return match named(slice(text, toks, 1, words), None) {
            found @ Attribution::Named(_) => Some(found),
            _ => None,
        };
    }
    let words = toks.iter().take_while(|t| t.is_capitalized()).count();
    if words == 0 || words > 4 || !toks.get(words).is_some_and(past) {
        return None;
    }
    if !ends_clause(&toks[words + 1..], &toks[words]) {
        return None;
    }
    match named(slice(text, toks, 0, words - 1), None) {
        found @ Attribution::Named(_) => Some(found),
        _ => None,
    }
}

/// `"..." that Sanders can catch Clinton, said Steve Elmendorf.` / `..., Gilbert said.`: an
/// attribution after a comma that ends the sentence holding the quotation.
fn trailing(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let end = toks
        .iter()
        .position(|t| t.kind == Kind::Stop || t.kind == Kind::Quote)
        .unwrap_or(toks.len());
    if toks.get(end).is_some_and(|t| t.kind == Kind::Quote) {
        return None;
    }
    (0..end)
        .rev()
        .filter(|&i| toks[i].kind == Kind::Comma)
        .take(3)
        .find_map(|comma| {
            let rest = &toks[comma + 1..end];
            let first = rest.first()?;
            let found = if is_verb(first) && !first.text.ends_with("ing") {
                // Only a name (and its aside) may follow: `said Steve Elmendorf, a strategist.`
                verb_then_subject(text, &rest[1..], true)?
            } else {
                subject_then_verb(text, rest, true)?
            };
            matches!(found, Attribution::Named(_)).then_some(found)
        })
}

/// Speaker named in the same sentence before the opening quote mark: the subject of the
/// last reporting verb, else an `according to` source.
pub(crate) fn before(sentence: &str) -> Attribution {
    let toks = tokens(sentence);
    if let Some(found) = quoted_as_saying(sentence, &toks) {
        return found;
    }
    subject_of_last_verb(sentence, &toks, toks.len())
        .or_else(|| according_to(sentence, &toks).unwrap_or(Attribution::None))
        .or_else(|| said_first(sentence, &toks).unwrap_or(Attribution::None))
        .or_else(|| speaker_line(sentence, &toks).unwrap_or(Attribution::None))
        .or_else(|| here_is(sentence, &toks).unwrap_or(Attribution::None))
        .or_else(|| colon_subject(sentence, &toks).unwrap_or(Attribution::None))
        .or_else(|| judged(sentence, &toks).unwrap_or(Attribution::None))
}

/// `Trump blasted Disney for its "..."`, `Moore thanked him for "..."`, `Gibbs derided and
/// insulted "..."`: a verb judging or naming something, a few words before the quotation
/// in the same clause; its subject's words are quoted.
fn judged(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let judging = |t: &Token<'_>| t.is_lower() && JUDGING_VERBS.contains(t.text);
    // Back from the quotation over a few words, never past a mark.
    let mut verb = None;
    for i in (toks.len().saturating_sub(7)..toks.len()).rev() {
        if toks[i].kind != Kind::Word {
            return None;
        }
        if judging(&toks[i]) {
            verb = Some(i);
            break;
        }
    }
    let mut verb = verb?;
    if verb > 1 && toks[verb - 1].is("and") && judging(&toks[verb - 2]) {
        verb -= 2; // `derided and insulted`
    }
    let subject = subject_of(text, toks, verb)?;
    matches!(
        subject.attribution,
        Attribution::Named(_) | Attribution::Pronoun(_)
    )
    .then_some(subject.attribution)
}

/// `Here's Clinton in December 1992: "..."`: a sentence presenting a person, perhaps with
/// when or where, and ending in a colon before their words.
fn here_is(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    if toks.last()?.text != ":" {
        return None;
    }
    let from = match toks.first()?.text {
        "Here's" | "Here’s" => 1,
        "Here" if toks.get(1).is_some_and(|t| t.is("is")) => 2,
        _ => return None,
    };
    let words = toks[from..]
        .iter()
        .take_while(|t| t.is_capitalized())
        .count();
    let next = toks.get(from + words)?;
    let presents = next.text == ":" || ["in", "on", "at", "during", "back"].contains(&next.text);
    if words == 0 || words > 5 || !presents {
        return None;
    }
    person_named(slice(text, toks, from, from + words - 1))
}

/// `Said Dorothy Poynter, who grew up with Ali, "..."`, `Continued Stone: "..."`: a
/// reporting verb opening the sentence, the speaker after it.
fn said_first(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let first = toks.first()?;
    let lower = first.text.to_lowercase();
    let verb = first.is_capitalized()
        && REPORTING_VERBS.contains(lower.as_str())
        && !lower.ends_with("ing");
    if !verb {
        return None;
    }
    match verb_then_subject(text, &toks[1..], true)? {
        found @ Attribution::Named(_) => Some(found),
        _ => None,
    }
}

/// `Clinton: "..."`, `Pollsters agree - Carl Bialik: "..."`, `- Ann Lowe and Raj Patel:`,
/// `- More from Lowe:`: a name alone before a colon, as in a transcript or a digest.
fn speaker_line(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    let [.., last, colon] = toks else {
        return None;
    };
    let mut end = toks.len() - 2;
    if last.text == ")" {
        // `Rep. Trey Gowdy (R-S.C.):`
        end = (end.saturating_sub(8)..end)
            .rev()
            .find(|&k| toks[k].text == "(")?;
        end = end.checked_sub(1)?;
    }
    if colon.text != ":" || !toks[end].is_capitalized() {
        return None;
    }
    let mut start = name_start(toks, end)?;
    if start > 1 && toks[start - 1].is("and") && toks[start - 2].is_capitalized() {
        // `Mark Blumenthal and Jon Cohen:`: two authors; the first named speaks for both.
        if end - start > 3 {
            return None;
        }
        end = start - 2;
        start = name_start(toks, end)?;
    }
    let (mut role_start, _) = role_before(text, toks, start);
    if role_start > 1 && toks[role_start - 1].is("from") && toks[role_start - 2].is("More") {
        role_start -= 2; // `More from Jones:` in a digest
    }
    let alone = role_start == 0 || toks[role_start - 1].kind == Kind::Dash;
    if !alone || toks[start].is("the") || end - start > 3 {
        return None;
    }
    person_named(slice(text, toks, start, end))
}

/// A sentence like `X issued a statement.` or `Cruz continued:` that introduces the
/// quotation after it: the subject of its last reporting verb when it names someone.
pub(crate) fn statement_in(sentence: &str) -> Option<Speaker> {
    let toks = tokens(sentence);
    if toks.iter().any(|t| t.kind == Kind::Quote) {
        return None;
    }
    let found = subject_of_last_verb(sentence, &toks, toks.len())
        // `Stated Stone:`, `President Clinton released the following statement:`
        .or_else(|| said_first(sentence, &toks).unwrap_or(Attribution::None))
        .or_else(|| introduces(sentence, &toks).unwrap_or(Attribution::None));
    match found {
        Attribution::Named(speaker) => Some(speaker),
        _ => None,
    }
}

/// The person a sentence opens with, as its subject: `Trump took to Twitter on Monday.`
/// (a name, then a lower-case word). What a quotation standing alone in the next
/// paragraph is taken to be the words of.
pub(crate) fn opening_subject(sentence: &str) -> Option<Speaker> {
    let toks = tokens(sentence);
    if toks.iter().any(|t| t.kind == Kind::Quote) {
        return None;
    }
    let words = toks.iter().take_while(|t| t.is_capitalized()).count();
    let next = toks.get(words)?;
    if words == 0 || words > 5 || !next.is_lower() || next.is("of") || next.is("and") {
        return None;
    }
    let last = toks[words - 1].text;
    if last.ends_with("'s") || last.ends_with("’s") || NOT_NAMES.contains(toks[0].text) {
        return None; // `When Wallace died`: not a subject
    }
    match named(slice(sentence, &toks, 0, words - 1), None) {
        Attribution::Named(speaker) if is_person_like(&speaker.name) => Some(speaker),
        _ => None,
    }
}

/// An attribution right beside a quotation: the sentence after opening with `X said.`
/// (and ending there), or the sentence before ending in a reporting verb and a comma or
/// colon (`Priebus said, "..."`). What a one-word quotation needs to be someone's.
pub(crate) fn beside(sentence_before: &str, sentence_after: Option<&str>) -> Attribution {
    let toks = tokens(sentence_before);
    if toks.last().is_some_and(Token::is_capitalized) {
        return Attribution::None; // `Del. Marcia "Cia" Price`: a nickname
    }
    let found = sentence_after.map_or(Attribution::None, |s| after(s, true));
    if !found.is_none() {
        return found;
    }
    let [.., verb, mark] = toks.as_slice() else {
        return Attribution::None;
    };
    if !matches!(mark.kind, Kind::Comma | Kind::Colon) || !is_verb(verb) {
        return Attribution::None;
    }
    subject_of_last_verb(sentence_before, &toks, toks.len())
}

/// `When Wallace died, President Clinton released the following statement:`: a last clause
/// that opens with a name and a verb and ends in a colon introduces the words after it.
fn introduces(text: &str, toks: &[Token<'_>]) -> Option<Attribution> {
    if toks.last()?.text != ":" {
        return None;
    }
    let from = toks
        .iter()
        .rposition(|t| t.kind == Kind::Comma)
        .map_or(0, |c| c + 1);
    let words = toks[from..]
        .iter()
        .take_while(|t| t.is_capitalized())
        .count();
    let verb = toks.get(from + words)?;
    let verb_like = is_verb(verb)
        || (verb.is_lower() && (verb.text.ends_with("ed") || verb.text.ends_with("es")))
        || [
            "made", "gave", "went", "wrote", "put", "has", "had", "took", "read",
        ]
        .contains(&verb.text);
    if words == 0 || words > 4 || !verb_like {
        return None;
    }
    colon_subject(text, &toks[from..]).map(|found| match found {
        Attribution::Named(speaker) => Attribution::Named(speaker),
        _ => Attribution::None,
    })
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
