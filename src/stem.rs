//! English stemming with a memo: the same stemmer tantivy's `Stemmer` runs (frostem's
//! Snowball English, pinned to tantivy's version), so stems are identical, but each thread
//! remembers the words it has stemmed. News prose repeats its vocabulary, so after the
//! first few hundred stories nearly every token is a lookup instead of a Snowball run;
//! stemming was the largest cost after tantivy's postings when indexing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Entries a thread's memo holds before it is cleared (5 MB at most).
const MEMO_CAPACITY: usize = 100_000;
/// Words longer than this are stemmed without the memo (rare, and not worth keeping).
const MEMO_MAX_WORD: usize = 24;

thread_local! {
    static MEMO: RefCell<HashMap<Short, Short, BuildHasherDefault<FxHasher>>> =
        RefCell::new(HashMap::default());
}

/// A word of at most [`MEMO_MAX_WORD`] bytes held inline, so a memo lookup compares in
/// place instead of following a pointer per key and per stem (a cache miss each: with
/// boxed strings the memo was 13% of an index run, #15).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Short {
    len: u8,
    bytes: [u8; MEMO_MAX_WORD],
}

impl Short {
    fn new(word: &str) -> Option<Short> {
        let len = u8::try_from(word.len())
            .ok()
            .filter(|&n| usize::from(n) <= MEMO_MAX_WORD)?;
        let mut bytes = [0; MEMO_MAX_WORD];
        bytes[..word.len()].copy_from_slice(word.as_bytes());
        Some(Short { len, bytes })
    }

    fn as_str(&self) -> &str {
        // Always a whole `&str` copied in `new`.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::hash::Hash for Short {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write(&self.bytes);
        state.write_u8(self.len);
    }
}

/// A tantivy token filter: Snowball English, memoised per thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter { inner: tokenizer }
    }
}

/// [`CachedEnglishStemmer`] applied to a tokenizer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stem: String::new(),
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
pub struct CachedStemmerStream<T> {
    tail: T,
    /// The last token's word, reused for the next stem.
    stem: String,
}

/// The Snowball English stem of `word`, from this thread's memo when it has it.
pub fn stem_into(word: &str, out: &mut String) {
    let Some(key) = Short::new(word) else {
        out.push_str(&stemmer().stem(word));
        return;
    };
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(stem) = memo.get(&key) {
            out.push_str(stem.as_str());
            return;
        }
        let stem = stemmer().stem(word);
        out.push_str(&stem);
        if memo.len() >= MEMO_CAPACITY {
            memo.clear();
        }
        if let Some(stem) = Short::new(&stem) {
            memo.insert(key, stem);
        }
    });
}

fn stemmer() -> frostem::Stemmer {
    frostem::Stemmer::new(frostem::Algorithm::English)
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        // The stem goes to a buffer kept between tokens, then swaps places with the word:
        // no allocation per token.
        self.stem.clear();
        stem_into(&token.text, &mut self.stem);
        std::mem::swap(&mut token.text, &mut self.stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// rustc's FxHash: a fast, non-cryptographic hash for short keys in private maps (this
/// memo, and the indexer's table of committed files).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits, which pick the bucket, depending only on the
        // low bits of the input: rotate the well-mixed high bits down (as rustc-hash 2 does).
        self.hash.rotate_left(26)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer};

    fn tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_exactly_like_tantivys_stemmer() {
        let text = "Talks talked talking; the nations' generously organized organizations \
                    were running runs ran. Relational relativity happily skies sky's \
                    internationalization antidisestablishmentarianism talks TALKS";
        let cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedEnglishStemmer)
            .build();
        let plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build();
        // Twice, so the second pass comes from the memo.
        for _ in 0..2 {
            assert_eq!(tokens(cached.clone(), text), tokens(plain.clone(), text));
        }
        assert_eq!(tokens(cached, "talks")[0], "talk");
    }
}
