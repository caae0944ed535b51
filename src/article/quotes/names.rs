//! The story's people: names as the story writes them, cleaned of the words around them,
//! and where in the story each person is named (outside quotations), so pronouns can be
//! resolved to the most recent one.
//!
//! Knows nothing of quotation marks or of attribution patterns beyond `NAME said`.

use std::sync::LazyLock;

use regex::Regex;

use super::attribute::NAME_THEN_VERB;
use super::sentences::ends_with_abbreviation;
use super::words::{EPITHETS, INSTITUTIONS, NOT_NAMES, TITLES};
use crate::article::build_regex;

/// A person named in the text outside quotations, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Index of the paragraph.
    pub paragraph: usize,
    /// Where the name ends in the paragraph's masked text.
    pub offset: usize,
    /// The name, cleaned.
    pub name: String,
}

/// A person introduced with a title or role (`President Xi Jinping`, `leader Kim Jong-un`,
/// `Mayor Ruth Adeyemi`), or with an appositive (`Gary Holroyd, the TWU's organiser,`,
/// `Ana Silva, 34,`).
static PERSON_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    let titles = TITLES
        .entries()
        .iter()
        .map(|t| t.replace(' ', r"\ "))
        .collect::<Vec<_>>()
        .join("|");
    build_regex(&format!(r"(?x)
        (?-u:\b)(?i:{titles})\.?
        \s+(?P<titled>\p{{Lu}}[\p{{L}}'’\-]+(?:\s+\p{{Lu}}[\p{{L}}'’\-]+){{0,2}})
      | (?P<named>\p{{Lu}}[\p{{Ll}}'’\-]+(?:\s+\p{{Lu}}[\p{{L}}'’\-]+){{1,2}}),\s+(?:\d{{1,3}},|the\s|a\s|an\s|who\s)
    ")).expect("static regex is valid")
});

/// The people named in one paragraph's masked text, in order of where each name ends.
pub(crate) fn mentions(paragraph: usize, outside: &str) -> Vec<Mention> {
    let introduced = PERSON_MENTION
        .captures_iter(outside)
        .filter_map(|caps| caps.name("titled").or(caps.name("named")));
    let speaking = NAME_THEN_VERB
        .captures_iter(outside)
        .filter_map(|caps| caps.name("name"));
    let mut names: Vec<regex::Match<'_>> = introduced.chain(speaking).collect();
    names.sort_by_key(|m| m.end());
    let mut out = Vec::new();
    for name in names {
        let possessive = name.as_str().ends_with("'s")
            || name.as_str().ends_with("’s")
            || outside[name.end()..].starts_with(['\'', '’']);
        if possessive {
            continue; // "Mr Blair's government": not who speaks next
        }
        if let Some(clean) = clean_name(name.as_str()).filter(|n| is_person_like(n)) {
            out.push(Mention {
                paragraph,
                offset: name.end(),
                name: clean,
            });
        }
    }
    out
}

/// A speaker that `he`/`she` could refer to: not an acronym, a group or an institution.
pub(crate) fn is_person_like(name: &str) -> bool {
    let acronym = !name.chars().any(char::is_lowercase);
    !acronym
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
    if EPITHETS.contains(last) && (words.len() == 1 || is_definite_article(first)) {
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
