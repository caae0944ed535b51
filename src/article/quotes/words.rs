//! The word lists the quotation parser reads, kept as data in `words/*.txt`.
//!
//! One entry a line; blank lines and lines starting with `#` are ignored. Anyone can extend
//! a list without touching code: the files are compiled in with `include_str!`. This module
//! knows nothing of quotations; it only loads and looks words up.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The multiply-rotate hash rustc uses for short keys: words are looked up for every token of
/// every story, and SipHash's flood resistance buys nothing against a fixed list.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last few bytes as one padded word: one round instead of one per byte.
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A word list, for look-ups.
///
/// Most words of a story are on none of the lists, and every token is looked up in
/// several, so each list keeps a bitmap of its words' [`signature`]s: a word whose
/// signature no listed word has is rejected without hashing or comparing strings.
pub(crate) struct List {
    set: HashSet<&'static str, BuildHasherDefault<WordHasher>>,
    /// Bit `signature(w)` set for every word `w` on the list.
    signatures: Box<[u64; SIGNATURE_BITS / 64]>,
}

/// Bits in a list's signature bitmap: with at most a few hundred words a list, about one
/// word in twenty that is not on it passes the bitmap and is then hashed.
const SIGNATURE_BITS: usize = 4096;

/// A cheap summary of a word (its length and first, second and last bytes), one of
/// [`SIGNATURE_BITS`] values. Equal words have equal signatures.
fn signature(word: &[u8]) -> usize {
    signature_folded(word, false)
}

/// The [`signature`] of `word` lower-cased (ASCII), when `fold`, without copying it.
#[inline]
fn signature_folded(word: &[u8], fold: bool) -> usize {
    let get = |b: u8| u32::from(if fold { b.to_ascii_lowercase() } else { b });
    let byte = |i: usize| word.get(i).map_or(0, |&b| get(b));
    let last = word.last().map_or(0, |&b| get(b));
    // `len` is deliberately truncated: it only spreads words over the bitmap.
    let mixed = (word.len() as u32)
        .wrapping_mul(0x9E37_79B1)
        .wrapping_add(byte(0).wrapping_mul(0x85EB_CA77))
        .wrapping_add(byte(1).wrapping_mul(0xC2B2_AE3D))
        .wrapping_add(last.wrapping_mul(0x27D4_EB2F));
    (mixed >> 20) as usize % SIGNATURE_BITS
}

impl List {
    fn load(text: &'static str) -> List {
        let set: HashSet<&'static str, BuildHasherDefault<WordHasher>> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        let mut signatures = Box::new([0u64; SIGNATURE_BITS / 64]);
        for word in &set {
            let bit = signature(word.as_bytes());
            signatures[bit / 64] |= 1 << (bit % 64);
        }
        List { set, signatures }
    }

    /// Whether some word on the list could be `word` (lower-cased first when `fold`): one
    /// has the same signature.
    #[inline]
    fn may_hold(&self, word: &[u8], fold: bool) -> bool {
        let bit = signature_folded(word, fold);
        self.signatures[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether `word` is on the list, exactly as written.
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.may_hold(word.as_bytes(), false) && self.set.contains(word)
    }

    /// Whether `word` is on the list once lower-cased (the list itself is lower-case).
    /// Short ASCII words are folded on the stack: no allocation per look-up.
    pub(crate) fn contains_folded(&self, word: &str) -> bool {
        let mut buffer = [0u8; 32];
        if word.len() <= buffer.len() && word.is_ascii() {
            if !self.may_hold(word.as_bytes(), true) {
                return false; // most words: no copy made
            }
            let folded = &mut buffer[..word.len()];
            folded.copy_from_slice(word.as_bytes());
            folded.make_ascii_lowercase();
            // ASCII in, ASCII out.
            return std::str::from_utf8(folded).is_ok_and(|w| self.set.contains(w));
        }
        self.contains(word.to_lowercase().as_str())
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
    /// Verbs judging or naming something in the subject's words (`blasted`, `thanked`),
    /// read only a few words before a quotation.
    JUDGING_VERBS,
    "judging_verbs.txt"
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
    use proptest::prelude::*;

    /// A listed word (titles, verbs, honorifics) in random case, or any short text.
    fn word() -> impl Strategy<Value = String> {
        let listed: Vec<&'static str> = TITLES
            .set
            .iter()
            .chain(REPORTING_VERBS.set.iter())
            .chain(HONORIFICS.set.iter())
            .copied()
            .collect();
        prop_oneof![
            (prop::sample::select(listed), any::<u64>()).prop_map(|(w, case)| {
                w.chars()
                    .enumerate()
                    .map(|(i, c)| {
                        if case >> (i % 64) & 1 == 1 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect()
            }),
            "\\PC{0,40}",
            "[a-zA-Z .İ]{0,36}",
        ]
    }

    proptest! {
        /// The signature bitmap and the folding on the stack answer as a plain look-up of
        /// the lower-cased word does.
        #[test]
        fn look_ups_agree_with_the_plain_set(word in word()) {
            for list in [&*TITLES, &*REPORTING_VERBS, &*HONORIFICS, &*NOT_NAMES] {
                prop_assert_eq!(list.contains(&word), list.set.contains(word.as_str()));
                prop_assert_eq!(
                    list.contains_folded(&word),
                    list.set.contains(word.to_lowercase().as_str())
                );
            }
        }
    }

    #[test]
    fn lists_load_without_comments_or_blanks() {
        assert!(REPORTING_VERBS.contains("said"));
        assert!(REPORTING_VERBS.contains("tweeted"));
        assert!(!REPORTING_VERBS.contains("# Verbs"));
        assert!(NOT_NAMES.contains("However"));
        assert!(TITLES.contains("prime minister"));
        assert!(HONORIFICS.contains("mr"));
        assert!(TITLES.contains_folded("Senator"));
        assert!(TITLES.contains_folded("PRIME MINISTER"));
        assert!(!TITLES.contains_folded("Blair"));
        let all = [
            &*REPORTING_VERBS,
            &*JUDGING_VERBS,
            &*NOT_NAMES,
            &*EPITHETS,
            &*INSTITUTIONS,
            &*NOT_SUBJECTS,
            &*NOT_AFTER_VERB,
            &*CLAUSE_ENDERS,
            &*TITLES,
            &*HONORIFICS,
            &*ABBREVIATIONS,
        ];
        for list in all {
            // The signature bitmap never turns away a listed word.
            assert!(list.set.iter().all(|w| list.contains(w)));
        }
        for list in [&*REPORTING_VERBS, &*NOT_NAMES, &*TITLES, &*ABBREVIATIONS] {
            assert!(list
                .set
                .iter()
                .all(|w| !w.is_empty() && !w.starts_with('#')));
        }
    }
}
