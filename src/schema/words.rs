//! Stage 3a: the `words` field ("did you mean", prefix queries) from the words the headline
//! and text were already split into, once each per story.
//!
//! Before, every story's headline and text were tokenized a second time for `words`, and
//! every word went through tantivy's term table as often as it occurred: about a fifth of
//! a build (#15). Now, on an indexing thread:
//! - the `news` analyzer that indexes `title` and `body` passes each word, folded and
//!   lowercased but not yet stemmed (what the `names` analyzer gives), through [`TapWords`],
//!   which keeps each distinct word once in a per-thread tap;
//! - the story's one `words` value is [`TAPPED`], and its tokenizer, [`DrainWords`], gives
//!   the tap's words and empties it.
//!
//! tantivy indexes a document's fields on one thread, in field order, and `title` and `body`
//! come before `words` in the schema ([`super::build`]), so the tap holds exactly one
//! story's words when it is drained. Only the indexer registers these ([`Tap::On`]);
//! searches tokenize nothing into the tap. Knows nothing of articles or of how documents
//! are written.

use std::cell::RefCell;
use std::hash::Hasher;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::stem::FxHasher;

/// The `words` value of every story: tells [`DrainWords`] to give the tap's words. It has
/// no letter or digit, so an analyzer that does not tap finds no word in it.
pub const TAPPED: &str = "\u{1}";

/// Whether the `news` analyzer feeds the tap: only when indexing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tap {
    /// Indexing: `news` taps, `words` drains.
    On,
    /// Searching: plain analyzers.
    Off,
}

thread_local! {
    static TAP: RefCell<Distinct> = RefCell::new(Distinct::default());
}

/// Distinct words in the order first seen: their text in one buffer, found again through
/// a small open-addressing table (a story's words fit in the first cache levels, where
/// tantivy's term table does not).
#[derive(Default)]
struct Distinct {
    text: String,
    /// Start and end of each word in `text`.
    spans: Vec<(u32, u32)>,
    /// `index in spans + 1` per slot, 0 for empty; a power of two long.
    slots: Vec<u32>,
}

/// Slots a tap starts with; it doubles whenever it is half full.
const START_SLOTS: usize = 1 << 10;

impl Distinct {
    fn insert(&mut self, word: &str) {
        if self.slots.is_empty() {
            self.slots = vec![0; START_SLOTS];
        }
        if (self.spans.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash(word) & mask;
        loop {
            match self.slots[slot] {
                0 => break,
                at => {
                    let (start, end) = self.spans[at as usize - 1];
                    if &self.text[start as usize..end as usize] == word {
                        return;
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
        let start = self.text.len();
        self.text.push_str(word);
        // A story's text is far below 4 GB (files are capped when walked).
        self.spans.push((start as u32, self.text.len() as u32));
        self.slots[slot] = self.spans.len() as u32;
    }

    fn grow(&mut self) {
        let len = self.slots.len() * 2;
        self.slots.clear();
        self.slots.resize(len, 0);
        let mask = len - 1;
        for (i, &(start, end)) in self.spans.iter().enumerate() {
            let mut slot = hash(&self.text[start as usize..end as usize]) & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = i as u32 + 1;
        }
    }

    /// Forgets every word, keeping the memory (a table grown by a long story shrinks back).
    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        if self.slots.len() > START_SLOTS {
            self.slots = vec![0; START_SLOTS];
        } else {
            self.slots.fill(0);
        }
    }
}

fn hash(word: &str) -> usize {
    let mut hasher = FxHasher::default();
    hasher.write(word.as_bytes());
    hasher.finish() as usize
}

/// A token filter that keeps each word it passes in this thread's tap, unchanged.
#[derive(Clone, Copy, Debug, Default)]
pub struct TapWords;

impl TokenFilter for TapWords {
    type Tokenizer<T: Tokenizer> = TapWordsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> TapWordsFilter<T> {
        TapWordsFilter { inner: tokenizer }
    }
}

/// [`TapWords`] applied to a tokenizer.
#[derive(Clone)]
pub struct TapWordsFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for TapWordsFilter<T> {
    type TokenStream<'a> = TapWordsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        TapWordsStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`TapWordsFilter`].
pub struct TapWordsStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for TapWordsStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let word = &self.tail.token().text;
        TAP.with(|tap| tap.borrow_mut().insert(word));
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The `words` tokenizer when indexing: whatever its text, it gives the words tapped on
/// this thread since the last drain, each once, and empties the tap.
#[derive(Clone, Default)]
pub struct DrainWords {
    taken: Distinct,
}

impl Tokenizer for DrainWords {
    type TokenStream<'a> = DrainStream<'a>;

    fn token_stream<'a>(&'a mut self, _text: &'a str) -> DrainStream<'a> {
        self.taken.clear();
        TAP.with(|tap| std::mem::swap(&mut *tap.borrow_mut(), &mut self.taken));
        DrainStream {
            words: &self.taken,
            next: 0,
            token: Token::default(),
        }
    }
}

impl Clone for Distinct {
    /// A fresh, empty set: a tokenizer cloned for another segment shares nothing.
    fn clone(&self) -> Distinct {
        Distinct::default()
    }
}

/// The token stream of [`DrainWords`].
pub struct DrainStream<'a> {
    words: &'a Distinct,
    next: usize,
    token: Token,
}

impl TokenStream for DrainStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&(start, end)) = self.words.spans.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.words.text[start as usize..end as usize]);
        self.token.position = self.next;
        self.token.offset_from = start as usize;
        self.token.offset_to = end as usize;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push(t.text.clone()));
        out
    }

    #[test]
    fn a_story_s_words_are_drained_once_each_in_order_first_seen() {
        let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(TapWords)
            .build();
        let mut words = TextAnalyzer::from(DrainWords::default());
        // Passing through the tap leaves the tokens as they were.
        assert_eq!(tokens(&mut news, "Talks resume"), ["talks", "resume"]);
        tokens(&mut news, "Talks began; talks ended.");
        assert_eq!(
            tokens(&mut words, TAPPED),
            ["talks", "resume", "began", "ended"]
        );
        // Drained: the next story starts empty.
        assert!(tokens(&mut words, TAPPED).is_empty());
        tokens(&mut news, "Rates rose");
        assert_eq!(tokens(&mut words, TAPPED), ["rates", "rose"]);
    }

    #[test]
    fn a_long_story_grows_the_table_and_keeps_every_word() {
        let mut set = Distinct::default();
        let text: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for word in text.iter().chain(text.iter()) {
            set.insert(word);
        }
        assert_eq!(set.spans.len(), 5000);
        assert_eq!(&set.text[set.spans[4999].0 as usize..], "w4999");
        set.clear();
        assert_eq!(set.slots.len(), START_SLOTS);
        set.insert("w1");
        set.insert("w1");
        assert_eq!(set.spans.len(), 1);
    }
}
