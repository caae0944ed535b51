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
//! Attribution reads at most [`CONTEXT_BYTES`] either side of a quotation, so the cost is
//! linear in the text however many quotations a paragraph holds.

use std::sync::LazyLock;

use regex::Regex;

use super::build_regex;
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

/// How much text either side of a quotation its attribution is read from.
pub(crate) const CONTEXT_BYTES: usize = 600;

/// Stands in for quoted words inside attribution context, so their text never looks like
/// an attribution itself.
const MASK: &str = "\"…\"";

const NAME: &str = r"(?:[Tt]he\s+)?\p{Lu}[\p{L}\p{N}'’.\-]*(?:\s+(?:of|for|and|de|al|bin|van|von|der|the)?\s*\p{Lu}[\p{L}\p{N}'’.\-]*)*";
const VERBS: &str = "said|says|say|told|tells|added|adds|stated|states|stating|noted|notes|noting|warned|warns|urged|insisted|argued|explained|declared|announced|emphasized|emphasised|emphasizing|emphasising|stressed|stressing|reaffirmed|affirmed|acknowledged|admitted|asked|replied|wrote|writes|tweeted|posted|praised|expressed|voiced|called|calling|described|describing|vowed|pledged|promised|claimed|suggested|predicted|cautioned|conceded|recalled|concluded|commented|remarked|observed|issued|quipped|saying|adding|telling|recounted|countered|agreed|complained|boasted|conceded|maintained|contended|testified|responded|responds|retorted|continued|confirmed|denied|revealed|reported|joked|believes|believed|hoped|hopes";
const ADVERB: &str =
    r"(?:\s+(?:\w+ly|also|later|then|further|again|once|has|had|have|would|will|did|previously))?";

/// `NAME [, aside,] [adverb] VERB` anywhere: the speaker of a clause.
static NAME_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(
        r"(?P<name>{NAME})(?:,[^,“”\x22]{{1,100}},)?{ADVERB}\s+(?:{VERBS})(?-u:\b)"
    ))
    .expect("static regex is valid")
});
/// `, said NAME` / `, NAME said` / `, the ministry said` right after a closing quote.
static AFTER_QUOTE: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(
        r"^[\s,;:—–\-]*(?:(?P<name1>{NAME}){ADVERB}\s+(?:{VERBS})(?-u:\b)|(?:{VERBS})\s+(?P<post>[^;:!?\x22“”…]{{1,120}})|(?i:according\s+to)\s+(?P<name3>{NAME})|(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t){ADVERB}\s+(?:{VERBS})(?-u:\b)|{UNNAMED}{ADVERB}\s+(?:{VERBS})(?-u:\b))"
    ))
    .expect("static regex is valid")
});
/// A speaker described but not named: `the ministry`, `the 34-year-old`, `government officials`.
const UNNAMED: &str = r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+)?(?:[\p{Ll}\d][\p{Ll}\d'’\-]*\s+){0,3}?(?P<noun>\p{Ll}[\p{Ll}'’\-]+)";
/// `NOUN said` anywhere in a sentence (the speaker is described, not named).
static UNNAMED_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(r"(?-u:\b){UNNAMED}{ADVERB}\s+(?:{VERBS})(?-u:\b)"))
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
/// Lowercase words before a verb that are not the subject described (`who said`, `also said`).
const NOT_NOUNS: &[&str] = &[
    "who",
    "which",
    "that",
    "and",
    "but",
    "or",
    "also",
    "then",
    "it",
    "has",
    "had",
    "have",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "would",
    "will",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "did",
    "does",
    "do",
    "not",
    "never",
    "later",
    "previously",
    "again",
    "once",
    "further",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "as",
    "when",
    "while",
    "where",
    "after",
    "before",
    "since",
    "so",
    "just",
    "only",
    "even",
    "still",
    "already",
    "repeatedly",
    "publicly",
    "recently",
    "yesterday",
    "today",
    "earlier",
    "first",
    "last",
    "what",
    "whom",
    "whose",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
];

/// Words after `said` that start a phrase, not a name: `said on Tuesday`, `said in a statement`.
const NOT_AFTER_VERB: &[&str] = &[
    "on",
    "in",
    "at",
    "to",
    "after",
    "before",
    "during",
    "when",
    "while",
    "that",
    "this",
    "last",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "there",
    "earlier",
    "later",
    "of",
    "for",
    "with",
    "by",
    "from",
    "as",
    "and",
    "but",
    "yesterday",
    "today",
    "tonight",
    "so",
    "if",
    "what",
    "how",
    "why",
    "no",
    "nothing",
    "something",
];
/// Words that may follow an attribution (`X said in a statement.`) without starting a new
/// clause of X's own (`X said that ...` reports something else).
const CLAUSE_ENDERS: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "after",
    "before",
    "during",
    "when",
    "while",
    "from",
    "with",
    "yesterday",
    "today",
    "tonight",
    "last",
    "this",
    "earlier",
    "later",
    "afterwards",
    "recently",
    "again",
    "also",
    "then",
    "outside",
    "as",
    "via",
    "through",
    "over",
];
static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(r"(?i:according\s+to)\s+(?:the\s+)?(?:[\p{{Ll}}\-]+\s+){{0,2}}(?P<name>{NAME})(?:\s*\((?P<acronym>[\p{{Lu}}\d]{{2,12}})\))?"))
        .expect("static regex is valid")
});
static PRONOUN_THEN_VERB: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(&format!(
        r"(?-u:\b)(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ii]t){ADVERB}\s+(?:{VERBS})(?-u:\b)"
    ))
    .expect("static regex is valid")
});
/// The end of a sentence that says someone called something by the quoted word.
static CALLED_IT: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"(?i)(?-u:\b)(?:call(?:s|ed|ing)?|dubb(?:ed|ing)|dubs|term(?:s|ed|ing)|label(?:s|led|ed|ling|ing)|brand(?:s|ed|ing)|describ(?:es|ed|ing)\s+(?:\S+\s+){0,4}?as|so-called)\s+(?:\S+\s+){0,4}$")
        .expect("static regex is valid")
});
/// A person introduced with a title or role (`President Xi Jinping`, `leader Kim Jong-un`,
/// `Mayor Ruth Adeyemi`), or with an appositive (`Gary Holroyd, the TWU's organiser,`,
/// `Ana Silva, 34,`).
static PERSON_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(r"(?x)
        (?-u:\b)(?i:mr|mrs|ms|dr|prof|president|prime\ minister|minister|chancellor|mayor|senator|sen|governor|gov|judge|justice|coach|captain|general|gen|leader|chairman|chairwoman|chair|spokesman|spokeswoman|spokesperson|secretary|ambassador|envoy|director|chief|executive|officer|founder|manager|analyst|economist|professor|researcher|scientist|lawyer|attorney|official|commander|striker|midfielder|defender|goalkeeper|driver|player|champion|author|candidate|lawmaker|MP|deputy|adviser|advisor|king|queen|prince|princess|pope|sheikh)\.?
        \s+(?P<titled>\p{Lu}[\p{L}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){0,2})
      | (?P<named>\p{Lu}[\p{Ll}'’\-]+(?:\s+\p{Lu}[\p{L}'’\-]+){1,2}),\s+(?:\d{1,3},|the\s|a\s|an\s|who\s)
    ").expect("static regex is valid")
});
/// A sentence boundary: end punctuation (perhaps closing a quote) then a capital or quote.
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| build_regex(r#"[.!?]["”’]?\s+["“]?\p{Lu}"#).expect("static regex is valid"));

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
    "Residents",
    "Witnesses",
    "Sources",
    "Observers",
    "Traders",
    "Dealers",
    "Economists",
    "Investors",
    "Scientists",
    "Researchers",
    "Doctors",
    "Diplomats",
    "Campaigners",
    "Protesters",
    "Supporters",
    "Opponents",
    "Voters",
    "Fans",
    "Locals",
    "Insiders",
    "Bankers",
    "Lawmakers",
    "Members",
    "Leaders",
    "Authorities",
    "Everyone",
    "Nobody",
    "Someone",
    "Such",
    "Each",
    "Every",
    "Now",
    "Today",
    "Yesterday",
    "Instead",
    "Also",
    "Although",
    "Because",
    "Despite",
    "Under",
    "Over",
    "About",
    "Once",
    "Consumers",
    "Customers",
    "Users",
    "Farmers",
    "Workers",
    "Employees",
    "Students",
    "Parents",
    "Patients",
    "Teachers",
    "Shareholders",
    "Brokers",
    "Buyers",
    "Sellers",
    "Exporters",
    "Importers",
    "Producers",
    "Manufacturers",
    "Retailers",
    "Executives",
    "Negotiators",
    "Delegates",
    "Ministers",
    "Regulators",
    "Prosecutors",
    "Investigators",
    "Rescuers",
    "Organisers",
    "Organizers",
    "Players",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Words that name what someone is, not who: `the Australian said` has no speaker.
const EPITHETS: &[&str] = &[
    "American",
    "Australian",
    "Briton",
    "Brit",
    "British",
    "Englishman",
    "Englishwoman",
    "Scot",
    "Scotsman",
    "Welshman",
    "Irishman",
    "Irishwoman",
    "Frenchman",
    "Frenchwoman",
    "German",
    "Italian",
    "Spaniard",
    "Portuguese",
    "Dutchman",
    "Dutchwoman",
    "Belgian",
    "Swiss",
    "Austrian",
    "Swede",
    "Norwegian",
    "Dane",
    "Finn",
    "Pole",
    "Czech",
    "Slovak",
    "Hungarian",
    "Romanian",
    "Bulgarian",
    "Greek",
    "Turk",
    "Russian",
    "Ukrainian",
    "Serb",
    "Croat",
    "Canadian",
    "Mexican",
    "Brazilian",
    "Argentine",
    "Argentinian",
    "Chilean",
    "Colombian",
    "Peruvian",
    "Venezuelan",
    "Uruguayan",
    "Cuban",
    "Jamaican",
    "Chinese",
    "Japanese",
    "Korean",
    "Taiwanese",
    "Indian",
    "Pakistani",
    "Afghan",
    "Iranian",
    "Iraqi",
    "Israeli",
    "Palestinian",
    "Saudi",
    "Emirati",
    "Syrian",
    "Lebanese",
    "Jordanian",
    "Egyptian",
    "Moroccan",
    "Algerian",
    "Tunisian",
    "Libyan",
    "Nigerian",
    "Kenyan",
    "Ethiopian",
    "Ghanaian",
    "Ugandan",
    "Tanzanian",
    "Zimbabwean",
    "African",
    "Filipino",
    "Indonesian",
    "Malaysian",
    "Singaporean",
    "Thai",
    "Vietnamese",
    "Kiwi",
    "Zealander",
    "European",
    "Asian",
    "Texan",
    "Californian",
    "Londoner",
    "Parisian",
    "Muscovite",
    "Yorker",
    "Republican",
    "Democrat",
    "Conservative",
    "Socialist",
    "Communist",
    "Liberal",
    "Veteran",
    "Youngster",
    "Teenager",
    "Champion",
    "Winner",
    "Holder",
    "Favourite",
    "Favorite",
    "Newcomer",
    "Incumbent",
    "Challenger",
];

/// Words that make a name an institution, which `he`/`she` cannot refer to.
const INSTITUTION_WORDS: &[&str] = &[
    "Ministry",
    "Department",
    "Union",
    "Bank",
    "Corp",
    "Corporation",
    "Inc",
    "Ltd",
    "Group",
    "Company",
    "Council",
    "Agency",
    "Party",
    "Government",
    "University",
    "Institute",
    "Association",
    "Committee",
    "Court",
    "Commission",
    "Office",
    "Service",
    "Police",
    "Federation",
    "League",
    "Club",
    "Fund",
    "Organisation",
    "Organization",
    "News",
    "Press",
    "Times",
    "Post",
    "Reuters",
    "Parliament",
    "Assembly",
    "Senate",
    "Congress",
    "Board",
    "Authority",
    "Korea",
    "China",
    "States",
    "Kingdom",
    "Republic",
    "Airlines",
    "Rail",
];

/// A quotation found in the text, with the context its attribution is read from.
struct Found {
    text: String,
    /// Up to [`CONTEXT_BYTES`] of text before the opening mark in its paragraph, earlier
    /// quotations masked.
    before: String,
    /// Up to [`CONTEXT_BYTES`] of text after the closing mark in its paragraph, later
    /// quotations masked.
    after: String,
    /// Index of the paragraph where the quotation opened.
    paragraph: usize,
    /// Byte offset of the opening mark in that paragraph's masked text.
    offset: usize,
}

/// A person named in the text outside quotations, and where.
struct Mention {
    paragraph: usize,
    /// Where the name ends in the paragraph's masked text.
    offset: usize,
    name: String,
}

/// Every quotation in `paragraphs`, in order, with its speaker.
pub(crate) fn extract(paragraphs: &[String]) -> Vec<Quote> {
    let (found, mentions) = find_quotations(paragraphs);
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
        let attribution = if words == 1 && !called_it(sentence_before) {
            Some(None)
        } else {
            after_belongs_here
                .then(|| attribute_after(sentence_after, terminal, &context))
                .flatten()
                .or_else(|| attribute_before(sentence_before, &context))
        };
        let mut speaker = attribution.clone().flatten();
        if attribution.is_none() && words > SCARE_QUOTE_WORDS {
            let earlier = &quote.before[..quote.before.len() - sentence_before.len()];
            speaker = statement_in(last_sentence(earlier.trim_end())).or_else(|| match &previous {
                Some((paragraph, speaker)) if *paragraph + 1 >= quote.paragraph => speaker.clone(),
                _ => None,
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
    /// `the ministry said` refers to the last speaker when its name holds the noun
    /// (`China's Ministry of Foreign Affairs`); otherwise the speaker is unnamed.
    fn resolve_noun(&self, noun: &str) -> Option<String> {
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

/// Whether quoted words end a sentence of their own (`... change.`).
fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?'])
}

/// `... called it "x"`, `described as "x"`: a sentence that attributes even one word.
fn called_it(sentence_before: &str) -> bool {
    CALLED_IT.is_match(sentence_before)
}

/// A speaker that `he`/`she` could refer to: not an acronym, a group or an institution.
fn is_person_like(name: &str) -> bool {
    let acronym = !name.chars().any(char::is_lowercase);
    !acronym
        && !name.starts_with("the ")
        && !name
            .split_whitespace()
            .any(|word| INSTITUTION_WORDS.contains(&word.trim_end_matches(['.', ','])))
}

/// What the words around a quotation say about its speaker: `Some(Some(name))` when they
/// name one, `Some(None)` when they attribute it to someone unnamed (`the judge said`),
/// `None` when they attribute nothing.
type Attribution = Option<Option<String>>;

/// Speaker named in the words right after a closing quote mark. After a quotation that ends
/// its own sentence, a following `X said` counts only when it ends the clause (`X said.`,
/// `X said in a statement.`): `Yukos had argued that ...` starts new reporting.
fn attribute_after(after: &str, quote_ends_sentence: bool, context: &Context<'_>) -> Attribution {
    if let Some(caps) = QUOTED_AS_SAYING.captures(after) {
        return Some(clean_name(&caps["name"]));
    }
    let caps = AFTER_QUOTE.captures(after)?;
    if let Some(post) = caps.name("post") {
        return name_after_verb(post.as_str()).map(Some);
    }
    if let Some(name) = caps.name("name3") {
        return Some(clean_name(name.as_str()));
    }
    let whole = caps.get(0).expect("group 0 always matches");
    if quote_ends_sentence && !ends_clause(&after[whole.end()..]) {
        return None;
    }
    if let Some(pronoun) = caps.name("pronoun") {
        return Some(context.resolve(pronoun.as_str()));
    }
    if let Some(name) = caps.name("name1") {
        return Some(clean_name(name.as_str()));
    }
    caps.name("noun")
        .filter(|noun| !NOT_NOUNS.contains(&noun.as_str()))
        .map(|noun| context.resolve_noun(noun.as_str()))
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
    CLAUSE_ENDERS.contains(&first.as_str()) && phrase.split_whitespace().count() <= 6
}

/// The speaker in `said the committee chairman, MP Edward Leigh` or `said Yukos chief
/// executive Steven Theede`: the first name that ends the phrase or is followed by a comma,
/// after nothing but role words.
fn name_after_verb(post: &str) -> Option<String> {
    let post = post.trim().trim_end_matches('.');
    let first = post.split_whitespace().next()?.to_lowercase();
    if NOT_AFTER_VERB.contains(&first.as_str()) {
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
fn attribute_before(sentence: &str, context: &Context<'_>) -> Attribution {
    if let Some(caps) = QUOTED_AS_SAYING.captures_iter(sentence).last() {
        return Some(clean_name(&caps["name"]));
    }
    // Each candidate is keyed by where its verb ends; on a tie a name beats a pronoun,
    // which beats an unnamed subject.
    let end = |caps: &regex::Captures<'_>| caps.get(0).expect("group 0 always matches").end();
    let named = NAME_THEN_VERB
        .captures_iter(sentence)
        .filter_map(|caps| {
            let name = caps.name("name")?;
            clean_name(name.as_str()).map(|clean| (end(&caps), Some(clean)))
        })
        .last();
    let pronoun = PRONOUN_THEN_VERB
        .captures_iter(sentence)
        .last()
        .map(|caps| (end(&caps), context.resolve(&caps["pronoun"])));
    let unnamed = UNNAMED_THEN_VERB
        .captures_iter(sentence)
        .filter(|caps| !NOT_NOUNS.contains(&&caps["noun"]))
        .last()
        .map(|caps| (end(&caps), context.resolve_noun(&caps["noun"])));
    let latest = [unnamed, pronoun, named]
        .into_iter()
        .flatten()
        .max_by_key(|(at, _)| *at);
    match latest {
        Some((_, speaker)) => Some(speaker),
        None => according_to(sentence).map(Some),
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
    // A name never spans a sentence end: "Mr Ross. Ian Fogg" is "Ian Fogg".
    if let Some(cut) = words
        .iter()
        .rposition(|w| w.ends_with('.') && !ends_with_abbreviation(w) && w.len() > 2)
    {
        words.drain(..=cut);
    }
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
    let last = words.last()?.trim_end_matches([',', '.']);
    if EPITHETS.contains(&last) && (words.len() == 1 || is_definite_article(first)) {
        return None; // "the Australian": an epithet, not a name
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
    offset: usize,
}

/// At most `max` bytes from the end of `text`, cut at a character boundary.
fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// At most `max` bytes from the start of `text`, cut at a character boundary.
fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Locates quotations and the people named outside them. A paragraph that ends inside an
/// open quotation continues it when the next paragraph reopens with a quote mark; otherwise
/// the quotation ends with its paragraph. One pass; each quotation copies only its windows.
fn find_quotations(paragraphs: &[String]) -> (Vec<Found>, Vec<Mention>) {
    let mut found = Vec::new();
    let mut mentions = Vec::new();
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
                        before: tail(&outside, CONTEXT_BYTES).to_string(),
                        paragraph: index,
                        offset: outside.len(),
                    });
                }
                None => outside.push(c),
            }
        }
        for (quote, offset) in closed_here {
            found[quote].after = head(&outside[offset..], CONTEXT_BYTES).to_string();
        }
        let introduced = PERSON_MENTION
            .captures_iter(&outside)
            .filter_map(|caps| caps.name("titled").or(caps.name("named")));
        let speaking = NAME_THEN_VERB
            .captures_iter(&outside)
            .filter_map(|caps| caps.name("name"));
        let mut names: Vec<regex::Match<'_>> = introduced.chain(speaking).collect();
        names.sort_by_key(|m| m.end());
        for name in names {
            let possessive = name.as_str().ends_with("'s")
                || name.as_str().ends_with("’s")
                || outside[name.end()..].starts_with(['\'', '’']);
            if possessive {
                continue; // "Mr Blair's government": not who speaks next
            }
            if let Some(clean) = clean_name(name.as_str()).filter(|n| is_person_like(n)) {
                mentions.push(Mention {
                    paragraph: index,
                    offset: name.end(),
                    name: clean,
                });
            }
        }
    }
    if let Some(quote) = open {
        push_found(&mut found, quote, String::new());
    }
    (found, mentions)
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
        offset: quote.offset,
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
