//! The word lists the quotation parser reads, kept as data in `words/*.txt`.
//!
//! One entry a line; blank lines and lines starting with `#` are ignored. Anyone can extend
//! a list without touching code: the files are compiled in with `include_str!`. This module
//! knows nothing of quotations; it only loads and looks words up.

use std::collections::HashSet;
use std::sync::LazyLock;

/// A word list, for look-ups.
pub(crate) struct List {
    set: HashSet<&'static str>,
}

impl List {
    fn load(text: &'static str) -> List {
        let set = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        List { set }
    }

    /// Whether `word` is on the list, exactly as written.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }
}

macro_rules! list {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub(crate) static $name: LazyLock<List> =
            LazyLock::new(|| List::load(include_str!(concat!("words/", $file))));
    };
}

list!(
    /// Verbs that attribute a quotation to their subject (`said`, `told`, `tweeted`).
    REPORTING_VERBS,
    "reporting_verbs.txt"
);
list!(
    /// Capitalised words that start sentences but are never speakers.
    NOT_NAMES,
    "not_names.txt"
);
list!(
    /// Words naming what someone is, not who (`the Australian`).
    EPITHETS,
    "epithets.txt"
);
list!(
    /// Words that make a name an institution (`Ministry`, `Bank`).
    INSTITUTIONS,
    "institutions.txt"
);
list!(
    /// Lower-case words before a verb that are not a described subject (`who`, `also`).
    NOT_SUBJECTS,
    "not_subjects.txt"
);
list!(
    /// Words after `said` that start a phrase, not a name (`on`, `in`).
    NOT_AFTER_VERB,
    "not_after_verb.txt"
);
list!(
    /// Words that may follow an attribution without starting a clause of its own.
    CLAUSE_ENDERS,
    "clause_enders.txt"
);
list!(
    /// Titles and roles written before a name (`President`, `Mayor`), lower-case.
    TITLES,
    "titles.txt"
);
list!(
    /// Honorifics before a name that are neither name nor role (`mr`, `mrs`), lower-case.
    HONORIFICS,
    "honorifics.txt"
);
list!(
    /// Abbreviations whose dot does not end a sentence (`Mr.`, `Gen.`).
    ABBREVIATIONS,
    "abbreviations.txt"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_without_comments_or_blanks() {
        assert!(REPORTING_VERBS.contains("said"));
        assert!(REPORTING_VERBS.contains("tweeted"));
        assert!(!REPORTING_VERBS.contains("# Verbs"));
        assert!(NOT_NAMES.contains("However"));
        assert!(TITLES.contains("prime minister"));
        assert!(HONORIFICS.contains("mr"));
        for list in [&*REPORTING_VERBS, &*NOT_NAMES, &*TITLES, &*ABBREVIATIONS] {
            assert!(list
                .set
                .iter()
                .all(|w| !w.is_empty() && !w.starts_with('#')));
        }
    }
}
