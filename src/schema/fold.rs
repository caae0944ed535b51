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
const LONGEST: usize = 40;

/// Whether each ASCII byte is a letter or digit (`char::is_alphanumeric` on ASCII).
const WORD_BYTE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

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

impl FoldingTokenStream<'_> {
    /// The next word's byte range from `self.at`, and whether it is all ASCII.
    fn next_word(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        // Find the word's start.
        let start = loop {
            let &b = bytes.get(at)?;
            if b < 0x80 {
                if WORD_BYTE[usize::from(b)] {
                    break at;
                }
                at += 1;
            } else {
                let c = self.text[at..].chars().next()?;
                if c.is_alphanumeric() {
                    break at;
                }
                at += c.len_utf8();
            }
        };
        // And its end: the first byte that is not part of a letter or digit.
        let mut end = start;
        let mut ascii = true;
        while let Some(&b) = bytes.get(end) {
            if b < 0x80 {
                if !WORD_BYTE[usize::from(b)] {
                    break;
                }
                end += 1;
            } else {
                match self.text[end..].chars().next() {
                    Some(c) if c.is_alphanumeric() => {
                        ascii = false;
                        end += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        self.at = end;
        Some((start, end, ascii))
    }
}

impl TokenStream for FoldingTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        loop {
            let Some((start, end, ascii)) = self.next_word() else {
                return false;
            };
            // Every word takes a position, even one dropped for its length.
            self.token.position = self.token.position.wrapping_add(1);
            if end - start >= LONGEST {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            let word = &self.text[start..end];
            if ascii {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
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
