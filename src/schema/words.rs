//! Stage 3a: the `words` field ("did you mean", prefix queries) from the words the headline
//! and text were already split into, once each per story.
//!
//! Before, every story's headline and text were tokenized a second time for `words`, and
//! every word went through tantivy's term table as often as it occurred: about a fifth of
//! a build (#15). Now, on an indexing thread:
//! - the `news` analyzer that indexes `title` and `body` hands each word, folded and
//!   lowercased but not yet stemmed (what the `names` analyzer gives), to a per-thread tap
//!   as it stems it, once per story: the stemming memo's slot, already read, remembers the
//!   last story that met the word ([`crate::stem::stem_and_tap`]);
//! - the story's one `words` value is [`TAPPED`], and its tokenizer, [`DrainWords`], gives
//!   the tap's words and empties it.
//!
//! tantivy indexes a document's fields on one thread, in field order, and `title` and `body`
//! come before `words` in the schema ([`super::build`]), so the tap holds exactly one
//! story's words when it is drained. Only the indexer registers these ([`Tap::On`]);
//! searches tokenize nothing into the tap. Knows nothing of articles or of how documents
//! are written.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

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
    static TAP: RefCell<Tapped> = RefCell::new(Tapped::default());
}

/// Words tapped on this thread since the last drain: their text in one buffer.
#[derive(Default)]
struct Tapped {
    text: String,
    /// Start and end of each word in `text`.
    spans: Vec<(u32, u32)>,
}

impl Tapped {
    fn push(&mut self, word: &str) {
        let start = self.text.len();
        self.text.push_str(word);
        // A story's text is far below 4 GB (files are capped when walked).
        self.spans.push((start as u32, self.text.len() as u32));
    }

    fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
    }
}

impl Clone for Tapped {
    /// A fresh, empty tap: a tokenizer cloned for another segment shares nothing.
    fn clone(&self) -> Tapped {
        Tapped::default()
    }
}

/// Gives `word` to this thread's tap; the stemmer calls it once per story and word
/// ([`crate::stem::stem_and_tap`]).
pub(crate) fn tap(word: &str) {
    TAP.with(|tap| tap.borrow_mut().push(word));
}

/// The `words` tokenizer when indexing: whatever its text, it gives the words tapped on
/// this thread since the last drain, each once, and empties the tap.
#[derive(Clone, Default)]
pub struct DrainWords {
    taken: Tapped,
}

impl Tokenizer for DrainWords {
    type TokenStream<'a> = DrainStream<'a>;

    fn token_stream<'a>(&'a mut self, _text: &'a str) -> DrainStream<'a> {
        self.taken.clear();
        TAP.with(|tap| std::mem::swap(&mut *tap.borrow_mut(), &mut self.taken));
        crate::stem::next_story();
        DrainStream {
            words: &self.taken,
            next: 0,
            token: Token::default(),
        }
    }
}

/// The token stream of [`DrainWords`].
pub struct DrainStream<'a> {
    words: &'a Tapped,
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
    use crate::stem::CachedEnglishStemmer;
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
            .filter(CachedEnglishStemmer::tapping())
            .build();
        let mut words = TextAnalyzer::from(DrainWords::default());
        // Whatever a thread tapped before this story.
        tokens(&mut words, TAPPED);
        assert_eq!(tokens(&mut news, "Talks resume"), ["talk", "resum"]);
        tokens(&mut news, "Talks began; talks ended.");
        assert_eq!(
            tokens(&mut words, TAPPED),
            ["talks", "resume", "began", "ended"]
        );
        // Drained: the next story starts empty, and its words are new to it.
        assert!(tokens(&mut words, TAPPED).is_empty());
        tokens(&mut news, "Talks ended");
        assert_eq!(tokens(&mut words, TAPPED), ["talks", "ended"]);
    }

    #[test]
    fn the_story_stamps_wrap_without_hiding_a_word() {
        let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedEnglishStemmer::tapping())
            .build();
        let mut words = TextAnalyzer::from(DrainWords::default());
        for _ in 0..70_000 {
            tokens(&mut news, "rates");
            assert_eq!(tokens(&mut words, TAPPED), ["rates"]);
        }
    }

    #[test]
    fn searching_taps_nothing() {
        let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedEnglishStemmer::default())
            .build();
        let mut words = TextAnalyzer::from(DrainWords::default());
        tokens(&mut words, TAPPED);
        tokens(&mut news, "rates rose");
        assert!(tokens(&mut words, TAPPED).is_empty());
    }

    /// Through tantivy itself, one indexing thread (where a leak would show): each story's
    /// `words` are its own, each once. This holds only while tantivy indexes a document's
    /// fields on one thread in field order; a tantivy upgrade that changed that fails here.
    #[test]
    fn an_index_gives_each_story_its_own_words() {
        let (schema, fields) = crate::schema::build();
        let index = tantivy::Index::create_in_ram(schema);
        crate::schema::register_indexing_analyzers(&index);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 50_000_000).unwrap();
        let stories = [
            (
                "a.txt",
                "Harbour talks\n\nTalks on the harbour resumed on Monday, talks said.",
            ),
            ("b.txt", "Ferry fares\n\nFerry fares rose again."),
            ("c.txt", "Talks end\n\nThe ferry talks ended."),
        ];
        for (id, text) in stories {
            let article = crate::article::Article::parse(id, text).unwrap();
            let document = crate::schema::codec::story_document(&article, &fields);
            writer.add_document(document).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let stories_with = |word: &str| {
            let term = tantivy::Term::from_field_text(fields.words, word);
            searcher.doc_freq(&term).unwrap()
        };
        assert_eq!(stories_with("talks"), 2);
        assert_eq!(stories_with("harbour"), 1);
        assert_eq!(stories_with("monday"), 1);
        assert_eq!(stories_with("ferry"), 2);
        assert_eq!(stories_with("fares"), 1);
        assert_eq!(stories_with("ended"), 1);
        // Surface words, not stems.
        assert_eq!(stories_with("talk"), 0);
    }
}
