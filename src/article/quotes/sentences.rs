//! Sentence limits around a quotation: where the sentence holding an opening mark starts,
//! and where the one after a closing mark ends.
//!
//! A boundary is end punctuation, perhaps closing a quote, then white space and a capital
//! (perhaps after an opening quote): `... change." Xi said`. Abbreviations (`Mr.`, `U.S.`,
//! single initials) never end a sentence. A hand-written scan, linear in the text. Knows
//! nothing of speakers or names.

use super::words::ABBREVIATIONS;

/// Each sentence boundary in `text`: (byte offset of the end punctuation, byte offset where
/// the next sentence starts, at its opening quote mark or capital).
fn boundaries(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let punct = at;
            at += 1;
            if !matches!(bytes[punct], b'.' | b'!' | b'?') {
                continue;
            }
            let mut rest = text[at..].char_indices().peekable();
            let mut next = rest.next();
            if let Some((_, '"' | '”' | '’')) = next {
                next = rest.next();
            }
            let mut spaced = false;
            while next.is_some_and(|(_, c)| c.is_whitespace()) {
                spaced = true;
                next = rest.next();
            }
            if !spaced {
                continue;
            }
            let start = next.map(|(i, _)| at + i);
            if let Some((_, '"' | '“')) = next {
                next = rest.next();
            }
            match (start, next) {
                (Some(start), Some((i, c))) if c.is_uppercase() => {
                    at += i + c.len_utf8();
                    return Some((punct, start));
                }
                _ => continue,
            }
        }
        None
    })
}

/// The last sentence of `text` (the part after the final sentence boundary).
pub(crate) fn last_sentence(text: &str) -> &str {
    let mut start = 0;
    for (punct, next) in boundaries(text) {
        if !ends_with_abbreviation(&text[..punct + 1]) {
            start = next;
        }
    }
    &text[start..]
}

/// The first sentence of `text`.
pub(crate) fn first_sentence(text: &str) -> &str {
    for (punct, _) in boundaries(text) {
        if !ends_with_abbreviation(&text[..punct + 1]) {
            return &text[..punct + 1];
        }
    }
    text
}

/// Whether quoted words end a sentence of their own (`... change.`).
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?'])
}

/// `Mr.`, `U.S.`, `Gen.` and single initials do not end sentences.
pub(crate) fn ends_with_abbreviation(text: &str) -> bool {
    let word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let bare = word.trim_start_matches(['(', '"', '“']);
    ABBREVIATIONS.contains(bare)
        || (bare.len() <= 6 && bare.matches('.').count() >= 2)
        || (bare.chars().count() == 2 && bare.starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_limits() {
        let cases: &[(&str, &str, &str)] = &[
            ("One. Two.", "One.", "Two."),
            ("Mr. Blair spoke. He left.", "Mr. Blair spoke.", "He left."),
            (
                "It rose. \"We won,\" he said",
                "It rose.",
                "\"We won,\" he said",
            ),
            ("It rose.” “We won", "It rose.", "“We won"),
            ("The U.S. team won. Then", "The U.S. team won.", "Then"),
            ("no boundary here", "no boundary here", "no boundary here"),
            ("Ends. lower case", "Ends. lower case", "Ends. lower case"),
            ("Sure? Yes! Ok", "Sure?", "Ok"),
            ("Ünïcode. Éclair", "Ünïcode.", "Éclair"),
            ("J. Smith said", "J. Smith said", "J. Smith said"),
        ];
        for (text, first, last) in cases {
            assert_eq!(first_sentence(text), *first, "first of {text:?}");
            assert_eq!(last_sentence(text), *last, "last of {text:?}");
        }
    }
}
