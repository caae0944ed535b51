//! Stage 3a: splitting text into folded, lowercased words in one pass.
//!
//! [`FoldingTokenizer`] gives exactly the tokens of tantivy's chain `SimpleTokenizer`, then
//! `RemoveLongFilter::limit(40)`, `LowerCaser` and `AsciiFoldingFilter` (text, position,
//! offsets; a word dropped for its length keeps its position, as there). The chain handles
//! every token four times, through three streams, and the splitter decodes every
//! character; here an ASCII word is found through a byte table and lowercased as it is
//! copied. Words with other letters (rare in the news) go through tantivy's own lowercase
//! and fold filters, so they come out as they always did. Tokenizing was about a twentieth
//! of a build's CPU (#15, BENCHMARKS.md).

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Words of this many bytes or more are dropped, as `RemoveLongFilter::limit(40)` does.
pub(crate) const LONGEST: usize = 40;

/// Splits, drops too-long words, lowercases and folds, in one pass: see the module doc.
#[derive(Clone)]
pub struct FoldingTokenizer {
    token: Token,
    /// tantivy's lowercase and fold filters, for a word with a non-ASCII letter.
    unicode: TextAnalyzer,
}

impl Default for FoldingTokenizer {
    fn default() -> FoldingTokenizer {
        FoldingTokenizer {
            token: Token::default(),
            unicode: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
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

/// The token stream of [`FoldingTokenizer`].
pub struct FoldingTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    token: &'a mut Token,
    unicode: &'a mut TextAnalyzer,
}

/// The next word of `text` from byte `at`: its byte range, and whether it is all ASCII.
///
/// Reads eight bytes at a time ([`ascii_word_bytes`]): a word's ASCII letters and digits,
/// and the spaces and marks between words, are passed over without a look at each byte;
/// only a byte of another script stops the scan to decode its character. (Byte by byte,
/// this scan was a fifteenth of a build's instructions, #15.)
#[inline(always)]
pub(crate) fn next_word(text: &str, mut at: usize) -> Option<(usize, usize, bool)> {
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
                Some(c) if c.is_alphanumeric() => {
                    ascii = false;
                    end += c.len_utf8();
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some((start, end, ascii))
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
            let Some((start, end, ascii)) = next_word(self.text, self.at) else {
                return false;
            };
            self.at = end;
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
                let text = &mut self.token.text;
                self.unicode
                    .token_stream(word)
                    .process(&mut |folded| text.push_str(&folded.text));
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

    fn ours(text: &str) -> Vec<(String, usize, usize, usize)> {
        all(TextAnalyzer::from(FoldingTokenizer::default()), text)
    }

    #[test]
    fn gives_tantivys_tokens() {
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
            assert_eq!(ours(text), tantivys(text), "{text:?}");
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
                "[a-zA-Z0-9éÉß東½\u{301}\u{200b} ,—-]{0,90}",
                proptest::prelude::any::<String>(),
            ]
        ) {
            proptest::prop_assert_eq!(ours(&text), tantivys(&text));
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
            assert_eq!(ours(&text), tantivys(&text), "{text:?}");
        }
    }
}
