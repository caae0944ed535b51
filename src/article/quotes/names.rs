//! The story's people: names as the story writes them, titles and roles kept apart from
//! them, where in the story each person is named (outside quotations), and the fullest
//! form the story uses for each (`Mr Blair` -> `Tony Blair`, `Xi` -> `Xi Jinping`).
//!
//! Knows nothing of quotation marks; of attribution it knows only that the subject of a
//! reporting verb is a person named (see [`super::attribute`]).

use super::attribute;
use super::sentences::{ends_with_abbreviation, Kind, Token};
use super::words::{DEMONYMS, EPITHETS, HONORIFICS, INSTITUTIONS, NOT_NAMES, TITLES};

/// A speaker as one quotation's attribution gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Speaker {
    /// The name as written there, titles included (`Mr Blair`, `Sen. Lindsey Graham`).
    pub written: String,
    /// The name without titles (`Blair`, `Lindsey Graham`).
    pub name: String,
    /// Titles or role written with the name (`Sen.`, `chief market strategist at IG`).
    pub role: Option<String>,
}

impl Speaker {
    /// A speaker written without title or role.
    pub(crate) fn plain(name: &str) -> Speaker {
        Speaker {
            written: name.to_string(),
            name: name.to_string(),
            role: None,
        }
    }
}

/// Whether `word` (a dot allowed) is a title or role written before a name.
fn is_title(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    TITLES.contains_folded(bare) || HONORIFICS.contains_folded(bare)
}

/// Whether `word` names what someone is, not who: a demonym (`Brazilian`) or another
/// epithet (`Republican`, `Veteran`), capitalised as written before a name.
fn is_epithet(word: &str) -> bool {
    DEMONYMS.contains(word) || EPITHETS.contains(word)
}

/// Splits leading titles off a cleaned name: `Sen. Lindsey Graham` -> `Lindsey Graham` with
/// role `Sen.`; `Mr Blair` -> `Blair` (an honorific is not a role); `Secretary of State
/// John Kerry` -> `John Kerry` with role `Secretary of State`; `Brazilian Lucas Ferreira`
/// -> `Lucas Ferreira` with role `Brazilian` (a demonym or epithet before a name of two
/// words or more).
pub(crate) fn split_role(written: &str) -> Speaker {
    let words: Vec<&str> = written.split_whitespace().collect();
    let mut at = 0;
    loop {
        let pair = at + 2 < words.len() && is_two_word_title(words[at], words[at + 1]);
        if pair {
            at += 2; // `Prime Minister`
        } else if at + 1 < words.len() && is_title(words[at]) {
            at += 1;
        } else if at + 2 < words.len() && is_epithet(words[at]) {
            at += 1; // `Brazilian Lucas Ferreira`, `Republican Sen. Ted Cruz`
        } else {
            break;
        }
        if at + 2 < words.len() && words[at] == "of" {
            at += 2; // `Secretary of State`
        }
    }
    if at == 0 {
        // A title inside a run of capitalised words: `Senate Minority Leader Harry Reid`.
        if let Some(last) = (1..words.len().saturating_sub(1))
            .rev()
            .find(|&i| is_title(words[i]) && words[i].starts_with(char::is_uppercase))
        {
            let rest = &words[last + 1..];
            if rest.iter().all(|w| w.starts_with(char::is_uppercase)) && !rest.is_empty() {
                at = last + 1;
            }
        }
    }
    if at == 0 || at >= words.len() {
        return Speaker::plain(written);
    }
    let titles: Vec<&str> = words[..at]
        .iter()
        .copied()
        .filter(|w| !HONORIFICS.contains_folded(w.trim_end_matches('.')))
        .collect();
    Speaker {
        written: written.to_string(),
        name: words[at..].join(" "),
        role: (!titles.is_empty()).then(|| titles.join(" ")),
    }
}

/// Whether `first second` is a title (`Prime Minister`), ignoring case. Joined on the
/// stack when short: this runs for every name the story gives.
fn is_two_word_title(first: &str, second: &str) -> bool {
    let mut buffer = [0u8; 32];
    let len = first.len() + 1 + second.len();
    if len <= buffer.len() {
        buffer[..first.len()].copy_from_slice(first.as_bytes());
        buffer[first.len()] = b' ';
        buffer[first.len() + 1..len].copy_from_slice(second.as_bytes());
        // Two strings joined by a space are UTF-8.
        if let Ok(joined) = std::str::from_utf8(&buffer[..len]) {
            return TITLES.contains_folded(joined);
        }
    }
    TITLES.contains_folded(&format!("{first} {second}"))
}

/// A person named in the text outside quotations, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Index of the paragraph.
    pub paragraph: usize,
    /// Where the name ends in the paragraph's masked text.
    pub offset: usize,
    /// The name, cleaned, titles split off.
    pub name: String,
    /// The title or role given with it, lower-case (`senator`, `sen.`), if any.
    pub role: Option<String>,
}

/// The people named in one paragraph's masked text, in order of where each name ends: a
/// name with a title before it (`President Xi Jinping`, `leader Kim Jong-un`), a name with an
/// aside after it (`Gary Holroyd, the TWU's organiser,`, `Ana Silva, 34,`), and the subject
/// of a reporting verb.
pub(crate) fn mentions(paragraph: usize, outside: &str, toks: &[Token<'_>]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let push = |out: &mut Vec<Mention>, from: usize, to: usize, role: Option<String>| {
        let end_tok = &toks[to];
        let possessive = end_tok.text.ends_with("'s")
            || end_tok.text.ends_with("’s")
            || outside[end_tok.end..].starts_with(['\'', '’']);
        if possessive {
            return; // "Mr Blair's government": not who speaks next
        }
        let written = &outside[toks[from].start..end_tok.end];
        if let Some(clean) = clean_name(written).filter(|n| is_person_like(n)) {
            let speaker = split_role(&clean);
            out.push(Mention {
                paragraph,
                offset: end_tok.end,
                name: speaker.name,
                role: speaker.role.or(role).map(|r| r.to_lowercase()),
            });
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        // `President Xi Jinping`, `leader Kim Jong-un`, `Sen. Marco Rubio`.
        // (The title test last: it is the dearest, and most words are not before a name.)
        if t.kind == Kind::Word && toks.get(i + 1).is_some_and(cap_name_word) && is_title(t.text) {
            let mut end = i + 1;
            while end - i < 3 && toks.get(end + 1).is_some_and(cap_name_word) {
                end += 1;
            }
            if !toks[end].text.ends_with('.') || end > i + 1 {
                push(&mut out, i + 1, end, Some(t.text.to_string()));
            }
            i = end + 1;
            continue;
        }
        // `Ana Silva, 34,` / `Gary Holroyd, the TWU's organiser,` / `Jo Lee, who`.
        if t.is_capitalized() && t.text.chars().nth(1).is_some_and(char::is_lowercase) {
            let mut end = i;
            while end - i < 2 && toks.get(end + 1).is_some_and(cap_name_word) {
                end += 1;
            }
            let aside = toks.get(end + 1).is_some_and(|c| c.kind == Kind::Comma)
                && toks.get(end + 2).is_some_and(|n| {
                    n.is("the")
                        || n.is("a")
                        || n.is("an")
                        || n.is("who")
                        || (n.text.len() <= 3
                            && n.text.chars().all(|c| c.is_ascii_digit())
                            && toks.get(end + 3).is_some_and(|c| c.kind == Kind::Comma))
                });
            if end > i && aside {
                let role = role_after(outside, toks, end + 2);
                push(&mut out, i, end, role);
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    for verb in 0..toks.len() {
        if toks[verb].kind != Kind::Word || !super::words::REPORTING_VERBS.contains(toks[verb].text)
        {
            continue;
        }
        if let Some((from, to)) = attribute::subject_name_span(outside, toks, verb) {
            push(&mut out, from, to, None);
        }
    }
    out.sort_by_key(|m| m.offset);
    out.dedup_by(|a, b| a.offset == b.offset);
    out
}

/// The words of an aside after a name up to the next mark: `the TWU's organiser`.
fn role_after(text: &str, toks: &[Token<'_>], from: usize) -> Option<String> {
    let mut to = from;
    while toks.get(to).is_some_and(|t| t.kind == Kind::Word) && to - from < 10 {
        to += 1;
    }
    (to > from && !toks[from].is("who"))
        .then(|| text[toks[from].start..toks[to - 1].end].to_string())
}

/// A capitalised word that can be part of a person's name.
fn cap_name_word(token: &Token<'_>) -> bool {
    token.is_capitalized() && !NOT_NAMES.contains(token.text.trim_end_matches('.'))
}

/// Names of people written in full (two or three capitalised words) in one paragraph's
/// masked text, with where each ends: the forms a surname can be resolved to.
pub(crate) fn full_names(paragraph: usize, outside: &str, toks: &[Token<'_>]) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !person_word(&toks[i]) || super::words::REPORTING_VERBS.contains_folded(toks[i].text) {
            i += 1; // `Continued Stone:` is Stone
            continue;
        }
        let mut end = i;
        while end + 1 < toks.len() && person_word(&toks[end + 1]) {
            end += 1;
        }
        let count = end + 1 - i;
        if (2..=4).contains(&count) {
            let written = &outside[toks[i].start..toks[end].end];
            let written = written
                .trim_end_matches("'s")
                .trim_end_matches("’s")
                .trim_end_matches(['\'', '’']);
            let speaker = split_role(written);
            if speaker.name.contains(' ') && is_person_like(&speaker.name) {
                out.push(Mention {
                    paragraph,
                    offset: toks[end].end,
                    name: speaker.name,
                    role: speaker.role.map(|r| r.to_lowercase()),
                });
            }
        }
        // `toks[end + 1]`, if any, is known not to be a person's word: resume after it.
        i = end + 2;
    }
    out
}

/// A capitalised word of a person's name: `Tony`, `Jong-un`, `J.`, `O'Brien`.
fn person_word(token: &Token<'_>) -> bool {
    if !token.is_capitalized() {
        return false;
    }
    let bare = token.text.trim_end_matches('.');
    let initial = bare.chars().count() == 1;
    let has_lower = bare.chars().any(char::is_lowercase);
    (initial || has_lower) && !NOT_NAMES.contains(bare) && !INSTITUTIONS.contains(bare)
        || is_title(token.text)
}

/// Every person the story names in full (two or more words), in story order, indexed by
/// first and last word: what a surname or a family name resolves to.
pub(crate) struct People<'a> {
    names: &'a [Mention],
    /// (last word, index into `names`), sorted: story order within one word.
    by_last: Vec<(&'a str, usize)>,
    /// (first word, index into `names`), sorted: story order within one word.
    by_first: Vec<(&'a str, usize)>,
}

impl<'a> People<'a> {
    /// Indexes `names`, full names with where each ends, sorted in story order. Sorted
    /// lists of words borrowed from the names rather than hash maps of copies: nothing is
    /// allocated per name, and a story names a few dozen people.
    pub(crate) fn new(names: &'a [Mention]) -> People<'a> {
        debug_assert!(names.is_sorted_by_key(|m| (m.paragraph, m.offset)));
        let mut by_last = Vec::with_capacity(names.len());
        let mut by_first = Vec::with_capacity(names.len());
        for (i, mention) in names.iter().enumerate() {
            let name = mention.name.as_str();
            by_first.push((name.split(' ').next().unwrap_or(name), i));
            let last = name.rsplit(' ').next().unwrap_or(name);
            by_last.push((last.trim_end_matches('.'), i));
        }
        by_last.sort_unstable();
        by_first.sort_unstable();
        People {
            names,
            by_last,
            by_first,
        }
    }

    /// The names in `index` whose word is `name`, in story order.
    fn holding<'i>(index: &'i [(&'a str, usize)], name: &str) -> &'i [(&'a str, usize)] {
        let from = index.partition_point(|&(word, _)| word < name);
        let to = from + index[from..].partition_point(|&(word, _)| word == name);
        &index[from..to]
    }

    /// The fullest form of `name`: a one-word name is a surname (`Blair` -> `Tony Blair`),
    /// or a family name written first (`Xi` -> `Xi Jinping`). The latest full mention at or
    /// before `at` wins, else the first after it. Longer names are already full.
    pub(crate) fn fullest(&self, name: &str, at: (usize, usize)) -> Option<String> {
        if name.contains(' ') || !name.chars().any(char::is_lowercase) {
            return None;
        }
        let pick = |found: &[(&str, usize)]| -> Option<String> {
            let before = found
                .iter()
                .rev()
                .find(|&&(_, i)| (self.names[i].paragraph, self.names[i].offset) <= at);
            let (_, i) = before.or(found.first())?;
            Some(self.names[*i].name.clone())
        };
        pick(Self::holding(&self.by_last, name))
            .or_else(|| pick(Self::holding(&self.by_first, name)))
    }
}

/// A speaker that `he`/`she` could refer to: not an acronym, a group or an institution.
pub(crate) fn is_person_like(name: &str) -> bool {
    let acronym = !name.chars().any(char::is_lowercase);
    let office = name.ends_with(" office") || name.ends_with(" campaign");
    !acronym
        && !office
        && !name.starts_with("the ")
        && !name
            .split_whitespace()
            .any(|word| INSTITUTIONS.contains(word.trim_end_matches(['.', ','])))
}

/// Drops sentence-initial function words from a captured name; `None` if nothing is left.
pub(crate) fn clean_name(raw: &str) -> Option<String> {
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
        if NOT_NAMES.contains(bare) && words.len() > 1 && !is_definite_article(bare) {
            words.remove(0);
        } else {
            break;
        }
    }
    let first = *words.first()?;
    if words.len() == 1 && NOT_NAMES.contains(first) {
        return None;
    }
    let last = words.last()?.trim_end_matches([',', '.']);
    if is_epithet(last) && (words.len() == 1 || is_definite_article(first)) {
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

/// Whether a described source (`the senator`, `the Florida senator`) fits a person given
/// that role earlier (`Sen. Marco Rubio`).
pub(crate) fn role_fits(noun: &str, role: &str) -> bool {
    let abbreviated = match noun {
        "senator" => "sen",
        "governor" => "gov",
        "president" => "pres",
        "representative" | "congressman" | "congresswoman" => "rep",
        "general" => "gen",
        "doctor" => "dr",
        "professor" => "prof",
        _ => "",
    };
    role.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == noun || (!abbreviated.is_empty() && w == abbreviated))
}
