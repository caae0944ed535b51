//! Sentence limits around a quotation: where the sentence holding an opening mark starts,
//! and where the one after a closing mark ends.
//!
//! A boundary is end punctuation, perhaps closing a quote, then white space and a capital
//! (perhaps after an opening quote): `... change." Xi said`. Abbreviations (`Mr.`, `U.S.`,
//! single initials) never end a sentence. A hand-written scan, linear in the text. Knows
//! nothing of speakers or names.

use super::words::ABBREVIATIONS;

/// Whether the end punctuation at byte `punct` of `text` ends a sentence: white space
/// follows (perhaps after a closing quote), then a capital or a masked quotation (perhaps
/// after an opening quote). Returns where the next sentence starts (at its opening quote
/// mark or capital) and the byte just past that capital.
fn boundary_at(text: &str, punct: usize) -> Option<(usize, usize)> {
    let at = punct + 1;
    let mut rest = text[at..].char_indices();
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
        return None;
    }
    let (start, _) = next?;
    if let Some((_, '"' | '“')) = next {
        next = rest.next();
    }
    match next {
        // A masked quotation (`"…"`) opens a sentence as a capital does.
        Some((i, c)) if c.is_uppercase() || c == '…' => Some((at + start, at + i + c.len_utf8())),
        _ => None,
    }
}

fn is_end_punctuation(byte: &u8) -> bool {
    matches!(byte, b'.' | b'!' | b'?')
}

/// Each sentence boundary in `text`: (byte offset of the end punctuation, byte offset where
/// the next sentence starts, at its opening quote mark or capital).
///
/// Every end punctuation mark passing [`boundary_at`] is one: what lies between a boundary
/// and the capital after it (quote marks, white space) holds none, so the boundaries can be
/// read from either end.
fn boundaries(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(step) = bytes[at..].iter().position(is_end_punctuation) {
            let punct = at + step;
            at = punct + 1;
            if let Some((start, resume)) = boundary_at(text, punct) {
                at = resume;
                return Some((punct, start));
            }
        }
        None
    })
}

/// The last sentence of `text` (the part after the final sentence boundary). Read from the
/// end: attribution context runs to [`super::scan::CONTEXT_BYTES`], the sentence wanted is
/// its last few dozen.
pub(crate) fn last_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(punct) = bytes[..end].iter().rposition(is_end_punctuation) {
        if let Some((start, _)) = boundary_at(text, punct) {
            if !ends_with_abbreviation(&text[..punct + 1]) {
                return &text[start..];
            }
        }
        end = punct;
    }
    text
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
    is_abbreviation(bare)
}

/// What one token of attribution context is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and digits, with inner `'`, `’`, `-` and `.` (`O'Brien`, `Jong-un`, `U.S.`).
    Word,
    /// `,`
    Comma,
    /// `.`, `!`, `?`
    Stop,
    /// `:` or `;`
    Colon,
    /// A dash standing alone (`—`, `–`, ` - `).
    Dash,
    /// `(` or `)`.
    Paren,
    /// A quotation (its mask) or a stray quote mark.
    Quote,
    /// Anything else.
    Other,
}

/// One token of attribution context: a word or a mark, and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The token as written.
    pub text: &'a str,
    /// Byte offset of its start in the text tokenized.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// What it is.
    pub kind: Kind,
}

impl Token<'_> {
    /// A word starting with a capital letter.
    pub(crate) fn is_capitalized(&self) -> bool {
        self.kind == Kind::Word
            && match self.text.as_bytes().first() {
                // ASCII, nearly every word, without decoding a character.
                Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
                _ => self.text.starts_with(char::is_uppercase),
            }
    }

    /// A word starting with a lower-case letter.
    pub(crate) fn is_lower(&self) -> bool {
        self.kind == Kind::Word && self.text.starts_with(char::is_lowercase)
    }

    /// Whether this is the word `word`, ignoring case.
    pub(crate) fn is(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_inner_char(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// `WORD_BYTE[b]`: the ASCII byte `b` continues a word (a letter, a digit or an inner mark
/// `'`, `-`, `.`). One table load per byte in [`tokens`]' inner loop, which runs over every
/// byte of every paragraph of a quoting story, in place of six comparisons.
static WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || matches!(b as u8, b'\'' | b'-' | b'.');
        b += 1;
    }
    table
};

/// The character starting at byte `at` of `text` (a character boundary) and its length.
/// ASCII, nearly all of a news story, is read without decoding.
#[inline]
fn char_at(text: &str, at: usize) -> (char, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (char::from(byte), 1);
    }
    let c = text[at..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, c.len_utf8().max(1))
}

/// Splits attribution context into words and marks. A word keeps a final dot only when it
/// is an abbreviation or initial (`Mr.`, `J.`, `U.S.`); a quotation's mask is one token.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    // About one token per five bytes of news text: room for most paragraphs up front.
    let mut out = Vec::with_capacity(text.len() / 4);
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        if matches!(bytes[at], b' ' | b'\n') {
            at += 1; // the commonest byte after letters, skipped without decoding
            continue;
        }
        let start = at;
        let (c, len) = char_at(text, at);
        at += len;
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            while at < text.len() {
                // ASCII letters, digits and inner marks without decoding: most of a word.
                if WORD_BYTE[usize::from(bytes[at])] {
                    at += 1;
                    continue;
                }
                if bytes[at].is_ascii() {
                    break; // a space or mark: the inner marks that are ASCII are word bytes
                }
                let (next, len) = char_at(text, at);
                if !(is_word_char(next) || is_inner_char(next)) {
                    break;
                }
                at += len;
            }
            let end = at;
            let mut word = &text[start..end];
            // Inner marks may not end a word, except an abbreviation's dot. (A word ending
            // in an ASCII letter or digit, nearly every word, has none to drop.)
            let plain_end = bytes[end - 1].is_ascii_alphanumeric();
            while !plain_end && word.ends_with(['\'', '’', '-', '.', '‑']) {
                if word.ends_with('.') && is_abbreviation(word) {
                    break;
                }
                let last = word.chars().next_back().map_or(0, char::len_utf8);
                let body = &word[..word.len() - last];
                if word.ends_with(['\'', '’']) && body.len() > 1 && body.ends_with(['s', 'S']) {
                    break; // "Sanders’ plan": a possessive
                }
                word = body;
            }
            let word_end = start + word.len();
            out.push(Token {
                text: word,
                start,
                end: word_end,
                kind: Kind::Word,
            });
            // Re-tokenize what was trimmed off (a final dot, a dash).
            let trimmed = &text[word_end..end];
            for (i, mark) in trimmed.char_indices() {
                let at = word_end + i;
                out.push(Token {
                    text: &text[at..at + mark.len_utf8()],
                    start: at,
                    end: at + mark.len_utf8(),
                    kind: mark_kind(mark),
                });
            }
            continue;
        }
        if c == '"' && super::scan::starts_with_mask(&text[start..]) {
            let mask = if text[start..].starts_with(super::scan::MASK) {
                super::scan::MASK
            } else {
                super::scan::MASK_STOP
            };
            let end = start + mask.len();
            at = end;
            out.push(Token {
                text: &text[start..end],
                start,
                end,
                kind: Kind::Quote,
            });
            continue;
        }
        out.push(Token {
            text: &text[start..at],
            start,
            end: at,
            kind: mark_kind(c),
        });
    }
    out
}

fn mark_kind(c: char) -> Kind {
    match c {
        ',' => Kind::Comma,
        '.' | '!' | '?' => Kind::Stop,
        ':' | ';' => Kind::Colon,
        '—' | '–' | '-' | '‑' | '―' => Kind::Dash,
        '(' | ')' | '[' | ']' => Kind::Paren,
        '"' | '“' | '”' => Kind::Quote,
        _ => Kind::Other,
    }
}

/// `Mr.`, `Sen.`, `U.S.`, `J.`: a word whose final dot is part of it.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(word)
        || (word.len() <= 6 && word.matches('.').count() >= 2)
        || (word.chars().count() == 2 && word.starts_with(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokenizer as first written, over `char_indices`: what [`tokens`] must agree with.
    fn tokens_char_by_char(text: &str) -> Vec<Token<'_>> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            if is_word_char(c) {
                let mut end = start + c.len_utf8();
                while let Some(&(i, next)) = chars.peek() {
                    if is_word_char(next) || is_inner_char(next) {
                        end = i + next.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let mut word = &text[start..end];
                // Inner marks may not end a word, except an abbreviation's dot.
                while word.ends_with(['\'', '’', '-', '.', '‑']) {
                    if word.ends_with('.') && is_abbreviation(word) {
                        break;
                    }
                    let last = word.chars().next_back().map_or(0, char::len_utf8);
                    let body = &word[..word.len() - last];
                    if word.ends_with(['\'', '’']) && body.len() > 1 && body.ends_with(['s', 'S'])
                    {
                        break; // "Sanders’ plan": a possessive
                    }
                    word = body;
                }
                let word_end = start + word.len();
                out.push(Token {
                    text: word,
                    start,
                    end: word_end,
                    kind: Kind::Word,
                });
                // Re-tokenize what was trimmed off (a final dot, a dash).
                let trimmed = &text[word_end..end];
                for (i, mark) in trimmed.char_indices() {
                    let at = word_end + i;
                    out.push(Token {
                        text: &text[at..at + mark.len_utf8()],
                        start: at,
                        end: at + mark.len_utf8(),
                        kind: mark_kind(mark),
                    });
                }
                continue;
            }
            if c == '"' && super::super::scan::starts_with_mask(&text[start..]) {
                let mask = if text[start..].starts_with(super::super::scan::MASK) {
                    super::super::scan::MASK
                } else {
                    super::super::scan::MASK_STOP
                };
                let end = start + mask.len();
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
                out.push(Token {
                    text: &text[start..end],
                    start,
                    end,
                    kind: Kind::Quote,
                });
                continue;
            }
            let end = start + c.len_utf8();
            out.push(Token {
                text: &text[start..end],
                start,
                end,
                kind: mark_kind(c),
            });
        }
        out
    }

    /// The last sentence as first written, reading every boundary from the start.
    fn last_sentence_forward(text: &str) -> &str {
        let mut start = 0;
        for (punct, next) in boundaries(text) {
            if !ends_with_abbreviation(&text[..punct + 1]) {
                start = next;
            }
        }
        &text[start..]
    }

    proptest! {
        /// Reading the last sentence from the end finds the one reading from the start does.
        #[test]
        fn last_sentence_read_from_the_end_agrees(
            pieces in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(vec![
                        ".", "!", "?", ". ", "? ", ".\" ", ".” ", ".’ ", " \"", " “", "\"…\"",
                        "\"….\"", "…", "Mr.", "U.S.", "J.", " ", "\u{a0}", "\n", "He", "she",
                        "Émile", "élan", "7",
                    ])
                    .prop_map(str::to_string),
                    "[a-zA-Z .!?]{1,8}",
                    any::<char>().prop_map(String::from),
                ],
                0..24,
            )
        ) {
            let text = pieces.concat();
            prop_assert_eq!(last_sentence(&text), last_sentence_forward(&text));
        }

        /// The byte-stepping tokenizer gives the same tokens as the `char_indices` one on any
        /// text, including masks, abbreviations, possessives and non-ASCII marks and spaces.
        #[test]
        fn tokens_agree_with_the_char_by_char_tokenizer(
            pieces in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(vec![
                        "\"…\"", "\"….\"", "\"", "“", "”", "'", "’", "s'", "S’", "-", "‑", "—",
                        ".", "..", "Mr.", "U.S.", "J.", "e.g.", ",", ":", "(", ")", " ", "\u{a0}",
                        "\u{2009}", "\u{b}", "\n", "said", "Émile", "Jong-un", "7", "…",
                    ])
                    .prop_map(str::to_string),
                    "[a-zA-Z.'-]{1,6}",
                    any::<char>().prop_map(String::from),
                ],
                0..24,
            )
        ) {
            let text = pieces.concat();
            prop_assert_eq!(tokens(&text), tokens_char_by_char(&text));
        }
    }

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

    #[test]
    fn tokens_keep_abbreviations_and_masks() {
        let got: Vec<&str> =
            tokens(r#"said Sen. J. Smith, the U.S. envoy's aide. "…" Jong-un’s Sanders’ — end."#)
                .iter()
                .map(|t| t.text)
                .collect();
        assert_eq!(
            got,
            [
                "said",
                "Sen.",
                "J.",
                "Smith",
                ",",
                "the",
                "U.S.",
                "envoy's",
                "aide",
                ".",
                "\"…\"",
                "Jong-un’s",
                "Sanders’",
                "—",
                "end",
                "."
            ]
        );
    }
}
