//! Stage 3a: splitting text into folded, lowercased words in one pass.
//!
//! [`FoldingTokenizer`] gives exactly the tokens of tantivy's chain `SimpleTokenizer`, then
//! `RemoveLongFilter::limit(40)`, `LowerCaser` and `AsciiFoldingFilter` (text, position,
//! offsets; a word dropped for its length keeps its position, as there). The chain handles
//! every token four times, through three streams, and the splitter decodes every
//! character; here an ASCII word is found through a byte table and lowercased as it is
//! copied. Words with other letters (rare in the news) go through tantivy's own lowercase
//! and fold filters ([`UnicodeFolder`]), so they come out as they always did, less the
//! combining marks those leave (`İstanbul` lowercases to `i̇stanbul`, with a dot above:
//! it is indexed as `istanbul`, as it is searched). Tokenizing was about a twentieth of a
//! build's CPU (#15, BENCHMARKS.md).
//!
//! Chinese and Japanese are written without spaces, so a run of their characters is no
//! word: as one token it would match only a query of the whole run, and a run of more than
//! 13 characters (40 bytes) would not be indexed at all. Each two neighbouring characters
//! are a word instead, overlapping (`東京都` gives `東京` and `京都`), and a character
//! between others of no such script is a word alone; a query splits the same way, and its
//! words must then follow one another, as in a phrase. This is what Lucene's CJK analyzer
//! does, and needs no dictionary. Korean, written with spaces, splits at them.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words of this many bytes or more are dropped, as `RemoveLongFilter::limit(40)` does.
pub(crate) const LONGEST: usize = 40;

/// Splits, drops too-long words, lowercases and folds, in one pass: see the module doc.
#[derive(Clone, Default)]
pub struct FoldingTokenizer {
    token: Token,
    unicode: UnicodeFolder,
}

/// Lowercases and folds a word with a letter outside ASCII: tantivy's lowercase and fold
/// filters, then without the combining marks they leave (the dot `İ` lowercases to).
#[derive(Clone)]
pub(crate) struct UnicodeFolder(TextAnalyzer);

impl Default for UnicodeFolder {
    fn default() -> UnicodeFolder {
        UnicodeFolder(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        )
    }
}

impl UnicodeFolder {
    /// Appends `word`, lowercased and folded, to `out`.
    pub(crate) fn fold_into(&mut self, word: &str, out: &mut String) {
        let from = out.len();
        self.0
            .token_stream(word)
            .process(&mut |folded| out.push_str(&folded.text));
        if out[from..].chars().any(is_combining_mark) {
            let kept: String = out[from..]
                .chars()
                .filter(|&c| !is_combining_mark(c))
                .collect();
            out.truncate(from);
            out.push_str(&kept);
        }
    }
}

/// The combining diacritical marks: a letter's accent written as a character of its own.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A character of the scripts written without spaces between words (Han, kana): see the
/// module doc.
#[inline]
pub(crate) fn is_written_unspaced(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'      // 々 〆 〇
        | '\u{3040}'..='\u{30ff}'    // Hiragana, Katakana
        | '\u{31f0}'..='\u{31ff}'    // Katakana extensions
        | '\u{3400}'..='\u{4dbf}'    // CJK extension A
        | '\u{4e00}'..='\u{9fff}'    // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'    // CJK compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}'    // half-width Katakana
        | '\u{20000}'..='\u{3ffff}'  // CJK extensions B and on
    ) && c.is_alphanumeric()
}

impl Tokenizer for FoldingTokenizer {
    type TokenStream<'a> = FoldingTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldingTokenStream<'a> {
        self.token.reset();
        FoldingTokenStream {
            text,
            at: 0,
            token: &mut self.token,
            unicode: &mut self.unicode,
        }
    }
}

/// A word [`next_word`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// Its byte range.
    pub start: usize,
    pub end: usize,
    /// Whether it is all ASCII.
    pub ascii: bool,
    /// Where the search for the next word starts: its end, or inside it for two characters
    /// of a script written without spaces (the second begins the next pair).
    pub next: usize,
}

/// The token stream of [`FoldingTokenizer`].
pub struct FoldingTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    token: &'a mut Token,
    unicode: &'a mut UnicodeFolder,
}

/// The next word of `text` from byte `at`.
///
/// Reads eight bytes at a time ([`ascii_word_bytes`]): a word's ASCII letters and digits,
/// and the spaces and marks between words, are passed over without a look at each byte;
/// only a byte of another script stops the scan to decode its character. (Byte by byte,
/// this scan was a fifteenth of a build's instructions, #15.)
#[inline(always)]
pub(crate) fn next_word(text: &str, mut at: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    // Find the word's start: an ASCII letter or digit, or a character of another script
    // that is alphanumeric.
    let start = loop {
        if at >= bytes.len() {
            return None;
        }
        let chunk = chunk_at(bytes, at);
        // Bytes that may start a word: ASCII word bytes, and every non-ASCII byte.
        let stops = ascii_word_bytes(chunk) | (chunk & HIGH_BITS);
        if stops == 0 {
            at += 8;
            continue;
        }
        at += (stops.trailing_zeros() / 8) as usize;
        if bytes[at] < 0x80 {
            break at;
        }
        let c = text[at..].chars().next()?;
        if is_written_unspaced(c) {
            match unspaced_word(text, at, c) {
                Some(found) => return Some(found),
                None => {
                    at += c.len_utf8();
                    continue;
                }
            }
        }
        if c.is_alphanumeric() {
            break at;
        }
        at += c.len_utf8();
    };
    // And its end: the first byte that is not part of a letter or digit.
    let mut end = start;
    let mut ascii = true;
    loop {
        // Past the text, `chunk_at` reads zeros, which end a word.
        let others = !ascii_word_bytes(chunk_at(bytes, end)) & HIGH_BITS;
        if others == 0 {
            end += 8;
            continue;
        }
        end += (others.trailing_zeros() / 8) as usize;
        match bytes.get(end) {
            Some(&b) if b >= 0x80 => match text[end..].chars().next() {
                Some(c) if c.is_alphanumeric() && !is_written_unspaced(c) => {
                    ascii = false;
                    end += c.len_utf8();
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some(Found {
        start,
        end,
        ascii,
        next: end,
    })
}

/// The word at `c`, a character of a script written without spaces at byte `at`: it and
/// the next character when that is one too; itself alone when neither neighbour is; `None`
/// when only the one before is (the pair before holds it).
#[cold]
fn unspaced_word(text: &str, at: usize, c: char) -> Option<Found> {
    let second = at + c.len_utf8();
    match text[second..].chars().next() {
        Some(d) if is_written_unspaced(d) => Some(Found {
            start: at,
            end: second + d.len_utf8(),
            ascii: false,
            next: second,
        }),
        _ if text[..at]
            .chars()
            .next_back()
            .is_some_and(is_written_unspaced) =>
        {
            None
        }
        _ => Some(Found {
            start: at,
            end: second,
            ascii: false,
            next: second,
        }),
    }
}

/// The high bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// The low bit of each byte of a `u64`.
pub(crate) const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The eight bytes of `bytes` from `at` as a little-endian `u64` (the first byte lowest),
/// with zeros for any past its end.
#[inline]
pub(crate) fn chunk_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => {
            let mut chunk = [0u8; 8];
            chunk.copy_from_slice(eight);
            u64::from_le_bytes(chunk)
        }
        None => {
            let rest = bytes.get(at..).unwrap_or_default();
            let mut chunk = [0u8; 8];
            chunk[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(chunk)
        }
    }
}

/// The high bit of each byte of `chunk` that is an ASCII letter or digit, set; every other
/// bit clear. For a byte `b` below 0x80, `b + (0x80 - lo)` has its high bit set exactly when
/// `b >= lo`, and `b + (0x7f - hi)` exactly when `b > hi`, and neither sum carries into the
/// next byte; a letter is a byte that `| 0x20` turns into `a..=z`.
#[inline]
fn ascii_word_bytes(chunk: u64) -> u64 {
    let low = chunk & !HIGH_BITS;
    let at_least = |bytes: u64, lo: u8| bytes + LOW_BITS * u64::from(0x80 - lo);
    let above = |bytes: u64, hi: u8| bytes + LOW_BITS * u64::from(0x7f - hi);
    let digit = at_least(low, b'0') & !above(low, b'9');
    let folded = low | (LOW_BITS * 0x20);
    let letter = at_least(folded, b'a') & !above(folded, b'z');
    (digit | letter) & !chunk & HIGH_BITS
}

impl TokenStream for FoldingTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        loop {
            let Some(Found {
                start,
                end,
                ascii,
                next,
            }) = next_word(self.text, self.at)
            else {
                return false;
            };
            self.at = next;
            // Every word takes a position, even one dropped for its length.
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= LONGEST {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            let word = &self.text[start..end];
            if ascii {
                // ASCII letters and digits only: `| 0x20` lowercases a letter and keeps a
                // digit (0x30-0x39 have that bit), in one pass with the copy.
                // SAFETY: every byte pushed is an ASCII letter or digit, so the text stays
                // UTF-8.
                let text = unsafe { self.token.text.as_mut_vec() };
                text.extend(word.bytes().map(|b| b | 0x20));
            } else {
                self.unicode.fold_into(word, &mut self.token.text);
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer};

    fn all(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push((t.text.clone(), t.position, t.offset_from, t.offset_to)));
        out
    }

    fn tantivys(text: &str) -> Vec<(String, usize, usize, usize)> {
        let chain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        all(chain, text)
    }

    /// tantivy's chain with the two rules the module doc adds: runs of a script written
    /// without spaces split into overlapping pairs, and no combining marks in a word.
    fn reference(text: &str) -> Vec<(String, usize, usize, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let byte_at = |k: usize| chars.get(k).map_or(text.len(), |&(at, _)| at);
        let mut out = Vec::new();
        let mut position = 0;
        let mut i = 0;
        while i < chars.len() {
            let unspaced = is_written_unspaced(chars[i].1);
            let mut j = i;
            while j < chars.len() && is_written_unspaced(chars[j].1) == unspaced {
                j += 1;
            }
            let (from, to) = (byte_at(i), byte_at(j));
            if !unspaced {
                for (word, at, start, end) in tantivys(&text[from..to]) {
                    let word = word.chars().filter(|&c| !is_combining_mark(c)).collect();
                    out.push((word, position + at, from + start, from + end));
                }
                // Every word takes a position, also one too long to keep.
                let mut words = 0;
                TextAnalyzer::from(SimpleTokenizer::default())
                    .token_stream(&text[from..to])
                    .process(&mut |_| words += 1);
                position += words;
            } else if j - i == 1 {
                out.push((text[from..to].to_string(), position, from, to));
                position += 1;
            } else {
                for k in i..j - 1 {
                    let (start, end) = (byte_at(k), byte_at(k + 2));
                    out.push((text[start..end].to_string(), position, start, end));
                    position += 1;
                }
            }
            i = j;
        }
        out
    }

    fn ours(text: &str) -> Vec<(String, usize, usize, usize)> {
        all(TextAnalyzer::from(FoldingTokenizer::default()), text)
    }

    fn words(text: &str) -> Vec<String> {
        ours(text).into_iter().map(|token| token.0).collect()
    }

    #[test]
    fn splits_chinese_and_japanese_into_overlapping_pairs() {
        assert_eq!(
            words("東京都に住む"),
            ["東京", "京都", "都に", "に住", "住む"]
        );
        assert_eq!(
            ours("Abe 晋三 said"),
            [
                ("abe".to_string(), 0, 0, 3),
                ("晋三".to_string(), 1, 4, 10),
                ("said".to_string(), 2, 11, 15),
            ]
        );
        // A character alone is a word; letters of other scripts end a run.
        assert_eq!(words("中 x北京2008"), ["中", "x", "北京", "2008"]);
        // Punctuation ends a run: no pair across it.
        assert_eq!(words("北京。上海、広"), ["北京", "上海", "広"]);
        // A run longer than the 40 bytes a word may have is still indexed, pair by pair.
        let long = "中华人民共和国国务院总理在北京人民大会堂";
        assert_eq!(words(long).len(), long.chars().count() - 1);
        // Korean is written with spaces: its words stay whole.
        assert_eq!(words("서울 대통령"), ["서울", "대통령"]);
    }

    #[test]
    fn folds_away_the_dot_that_lowercasing_i_with_a_dot_leaves() {
        assert_eq!(words("İstanbul İZMİR"), ["istanbul", "izmir"]);
        assert_eq!(words("Ünïcödé Straße"), ["unicode", "strasse"]);
    }

    #[test]
    fn gives_tantivys_tokens_with_the_two_added_rules() {
        let texts = [
            "",
            "   ,,, ",
            "Talks",
            "São Paulo's talks — talked; a\u{301} Ünïcödé ÉTATS-Unis 1,200 x42 ab",
            "supercalifragilisticexpialidociousandevenlongerstill ran runs.",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklm abcdefghijklmnopqrstuvwxyzabcdefghijklmn",
            "Ελλάδα 東京 talks İstanbul ǅemal ﬁnance Straße ΣΊΣΥΦΟΣ",
            "½ ² ٣ x²y mid\u{200b}word naïve—café…end",
            "dééééééééééééééééééééééééééééééééééé long",
        ];
        for text in texts {
            assert_eq!(ours(text), reference(text), "{text:?}");
        }
        // A word dropped for its length still takes its position.
        let tokens = ours("a supercalifragilisticexpialidociousandevenlongerstill b");
        assert_eq!(tokens[1].1, 2);
    }

    /// The eight-bytes-at-a-time test agrees with `is_ascii_alphanumeric` on every byte, in
    /// every position of a chunk, whatever its neighbours.
    #[test]
    fn ascii_word_bytes_finds_exactly_the_ascii_letters_and_digits() {
        for b in 0..=255u8 {
            for position in 0..8 {
                for filler in [0u8, b'a', b'Z', b'9', b' ', 0x7f, 0x80, 0xff] {
                    let mut bytes = [filler; 8];
                    bytes[position] = b;
                    let found = ascii_word_bytes(u64::from_le_bytes(bytes));
                    for (i, &byte) in bytes.iter().enumerate() {
                        let bit = found >> (8 * i) & 0xff;
                        let want = if byte.is_ascii_alphanumeric() {
                            0x80
                        } else {
                            0
                        };
                        assert_eq!(bit, want, "byte {byte:#x} at {i} of {bytes:?}");
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Any text, in particular words and gaps longer than the eight bytes read at once
        /// and words ending at the text's end, splits exactly as tantivy's chain splits it.
        #[test]
        fn gives_tantivys_tokens_on_generated_text(
            text in proptest::prop_oneof![
                "[a-zA-Z0-9 ,.'\\-]{0,90}",
                "[a-zA-Z0-9éÉß東京の½İ\u{301}\u{200b} ,。—-]{0,90}",
                proptest::prelude::any::<String>(),
            ]
        ) {
            proptest::prop_assert_eq!(ours(&text), reference(&text));
        }
    }

    #[test]
    fn gives_tantivys_tokens_on_any_text() {
        // Characters from every class the splitter and the filters tell apart.
        let pieces = [
            "a",
            "Z",
            "0",
            " ",
            ",",
            "-",
            "'",
            "é",
            "É",
            "ß",
            "İ",
            "Σ",
            "ς",
            "東",
            "京",
            "の",
            "ー",
            "。",
            "½",
            "٣",
            "\u{301}",
            "\u{200b}",
            "—",
            "ﬁ",
            "\u{10400}",
            "\n",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2_000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 60) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(ours(&text), reference(&text), "{text:?}");
        }
    }
}
