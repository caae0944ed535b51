//! Stage 3a: the words file ("did you mean", prefix queries): every word of the headline
//! and text as written, with how many stories have it, kept beside the index in
//! [`WORDS_FILE`] rather than as a field of it.
//!
//! As a tantivy field, every (story, word) pair went through tantivy's term table and was
//! written as a posting: about a fifth of a build's CPU (#15), for a field that is only ever
//! asked two things, which words there are and how many stories have each. Now, on an
//! indexing thread:
//! - the `news` analyzer that indexes `title` and `body` hands each word, folded and
//!   lowercased but not yet stemmed (what the `names` analyzer gives), to a per-thread
//!   tally as it stems it ([`crate::stem::FoldingStemmer`]), which counts a word once per
//!   story; a word the stemming memo holds is counted in its memo slot, on a cache line
//!   already read, and settles with the tally when it leaves the slot or the segment ends;
//! - the story's one `words` value is [`TAPPED`]; its tokenizer, [`DrainWords`], gives no
//!   token, and closes the story: the next words belong to the next one;
//! - when tantivy finishes a segment it drops that segment's tokenizers, and [`DrainWords`]
//!   hands the thread's tally to the run's [`WordCounts`].
//!
//! tantivy indexes a document's fields on one thread, in field order, and `title` and `body`
//! come before `words` in the schema ([`super::build`]), and it finishes every segment
//! before a commit, so at a commit the counts hold every story added. The indexer subtracts
//! the words of the stories it deletes ([`WordCounts::forget`]) and writes the file as part
//! of each commit ([`WordCounts::write`]), so the counts are the stories' in the index: the
//! same as the field's story counts were after a fresh build, and closer than they were after
//! updates (a field's counts kept deleted stories until their segment merged). Only the
//! indexer registers these ([`Tap::On`]); searches read the file ([`read`]). Knows nothing
//! of articles or of how documents are written.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::directory::Directory;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;
use tantivy_fst::{Map, MapBuilder, Streamer};

use crate::stem::FxHasher;

/// The `words` value of every story: tells [`DrainWords`] the story's words are all tapped.
/// It has no letter or digit, so an analyzer that does not tap finds no word in it.
pub const TAPPED: &str = "\u{1}";

/// The words file in the index folder: an FST map from each word to its story count.
pub const WORDS_FILE: &str = "words.fst";

/// Where [`WordCounts::write`] writes before renaming over [`WORDS_FILE`].
pub const WORDS_TEMP_FILE: &str = "words.fst.tmp";

/// The words file of the commit before the last one written: what [`put_back_if_ahead`] puts back
/// when the last commit failed after its words file took its place.
pub const WORDS_PREVIOUS_FILE: &str = "words.fst.prev";

/// What the commit payload records of the words file written for it: its length and hash.
pub fn stamp(bytes: &[u8]) -> String {
    format!("{}:{:016x}", bytes.len(), xxhash_rust::xxh3::xxh3_64(bytes))
}

/// How the words file stood against the stamp of the last commit ([`put_back_if_ahead`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// It is the file written for the last commit.
    Matches,
    /// The last commit failed after its words file took its place: the one before is back.
    PutBack,
    /// Neither it nor the one before is the last commit's.
    Differs,
}

/// Makes the words file of `folder` the one written for the last commit, whose stamp is
/// `stamp`: it is, or [`WORDS_PREVIOUS_FILE`] is and takes its place.
pub fn put_back_if_ahead(folder: &Path, stamp: &str) -> std::io::Result<Settled> {
    let stamp_of = |name: &str| -> std::io::Result<Option<String>> {
        match std::fs::read(folder.join(name)) {
            Ok(bytes) => Ok(Some(self::stamp(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    };
    if stamp_of(WORDS_FILE)?.as_deref() == Some(stamp) {
        return Ok(Settled::Matches);
    }
    if stamp_of(WORDS_PREVIOUS_FILE)?.as_deref() == Some(stamp) {
        std::fs::rename(folder.join(WORDS_PREVIOUS_FILE), folder.join(WORDS_FILE))?;
        return Ok(Settled::PutBack);
    }
    Ok(Settled::Differs)
}

/// Whether the `news` analyzer feeds the tally: only when indexing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tap {
    /// Indexing: `news` taps, `words` closes the story.
    On,
    /// Searching: plain analyzers.
    Off,
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

thread_local! {
    static TALLY: RefCell<Tally> = RefCell::new(Tally::default());
}

/// Words tapped on this thread since its tally was last handed over.
#[derive(Default)]
struct Tally {
    words: FxMap<Box<str>, Seen>,
    /// The story being indexed on this thread.
    story: u32,
}

/// How many of this thread's stories had a word, and the last one that did.
#[derive(Clone, Copy)]
struct Seen {
    stories: u32,
    last: u32,
}

/// Gives `word` to this thread's tally; the stemmer calls it for a word of the headline
/// and text that its memo does not hold ([`crate::stem::stem_and_tap`]); a second time in a
/// story does not count.
pub(crate) fn tap(word: &str) {
    TALLY.with(|tally| {
        let tally = &mut *tally.borrow_mut();
        let story = tally.story;
        match tally.words.get_mut(word) {
            Some(seen) => {
                if seen.last != story {
                    seen.last = story;
                    seen.stories += 1;
                }
            }
            None => {
                tally.words.insert(
                    word.into(),
                    Seen {
                        stories: 1,
                        last: story,
                    },
                );
            }
        }
    });
}

/// Adds `stories` to `word`'s count: stories the stemmer's memo counted for it
/// ([`crate::stem`]); `this_story` when the story under way is one of them.
pub(crate) fn settle(word: &str, stories: u32, this_story: bool) {
    TALLY.with(|tally| {
        let tally = &mut *tally.borrow_mut();
        let story = tally.story;
        match tally.words.get_mut(word) {
            Some(seen) => {
                seen.stories += stories;
                if this_story {
                    seen.last = story;
                }
            }
            None => {
                // Not the story under way: no story has that number yet.
                let last = if this_story {
                    story
                } else {
                    story.wrapping_sub(1)
                };
                tally.words.insert(word.into(), Seen { stories, last });
            }
        }
    });
}

/// The story being indexed on this thread is complete.
fn close_story() {
    crate::stem::next_story();
    TALLY.with(|tally| {
        let tally = &mut *tally.borrow_mut();
        tally.story = tally.story.wrapping_add(1);
    });
}

/// This thread's tally, with the counts its stemming memo held, emptied.
fn take_tally() -> FxMap<Box<str>, Seen> {
    crate::stem::settle_all();
    TALLY.with(|tally| std::mem::take(&mut tally.borrow_mut().words))
}

/// One indexing run's changes to the story counts since its last commit: added stories
/// count up, deleted ones down. Shared by every indexing thread of one index.
#[derive(Clone, Default)]
pub struct WordCounts {
    changes: Arc<Mutex<FxMap<Box<str>, i64>>>,
}

impl WordCounts {
    fn changes(&self) -> std::sync::MutexGuard<'_, FxMap<Box<str>, i64>> {
        // A panic while holding the lock leaves whole counts behind: keep using them.
        self.changes.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, tally: FxMap<Box<str>, Seen>) {
        if tally.is_empty() {
            return;
        }
        let mut changes = self.changes();
        for (word, seen) in tally {
            *changes.entry(word).or_default() += i64::from(seen.stories);
        }
    }

    /// Takes one story out of the counts: `texts` are its headline and text values, as
    /// stored (the words are found as the `names` analyzer finds them, which is what the
    /// tally was given).
    pub fn forget<'t>(&self, texts: impl IntoIterator<Item = &'t str>) {
        let mut analyzer = surface_analyzer();
        let mut words: Vec<String> = Vec::new();
        for text in texts {
            analyzer
                .token_stream(text)
                .process(&mut |token| words.push(token.text.clone()));
        }
        words.sort_unstable();
        words.dedup();
        let mut changes = self.changes();
        for word in words {
            *changes.entry(word.into_boxed_str()).or_default() -= 1;
        }
    }

    /// Writes [`WORDS_FILE`] in `folder`: the counts of the file there (when `on_file`, else
    /// none) with the changes applied, words no story has left out; the changes are then
    /// spent. Written under another name and renamed, so a reader sees the old file or the
    /// new one; the old one is kept as [`WORDS_PREVIOUS_FILE`]. Returns the new one's
    /// [`stamp`], for the commit's payload.
    pub fn write(&self, folder: &Path, on_file: bool) -> std::io::Result<String> {
        let old = if on_file {
            match std::fs::read(folder.join(WORDS_FILE)) {
                // A file that does not read is an error, not a fresh start: writing the
                // changes alone would drop every other story's words.
                Ok(bytes) => Some(Map::from_bytes(bytes).map_err(|err| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, err.to_string())
                })?),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        let mut changes: Vec<(u64, Box<str>, i64)> = self
            .changes()
            .drain()
            .map(|(word, change)| (prefix(&word), word, change))
            .collect();
        // By the first eight bytes as one number, then the rest: byte order, with a call to
        // `memcmp` only for words that share eight bytes (a third of the file's writing
        // was sorting, #15).
        changes.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        let changes = changes.into_iter().map(|(_, word, change)| (word, change));
        let mut builder = MapBuilder::memory();
        let mut insert = |word: &[u8], count: i64| -> std::io::Result<()> {
            if count > 0 {
                builder
                    .insert(word, count as u64)
                    .map_err(std::io::Error::other)?;
            }
            Ok(())
        };
        let mut changes = changes.peekable();
        if let Some(old) = &old {
            let mut stream = old.stream();
            while let Some((word, count)) = stream.next() {
                while let Some((new, change)) = changes.next_if(|(w, _)| w.as_bytes() < word) {
                    insert(new.as_bytes(), change)?;
                }
                let count = i64::try_from(count).unwrap_or(i64::MAX);
                let change = changes
                    .next_if(|(w, _)| w.as_bytes() == word)
                    .map_or(0, |(_, c)| c);
                insert(word, count + change)?;
            }
        }
        for (word, count) in changes {
            insert(word.as_bytes(), count)?;
        }
        let bytes = builder.into_inner().map_err(std::io::Error::other)?;
        let temp = folder.join(WORDS_TEMP_FILE);
        if let Err(err) = write_synced(&temp, &bytes) {
            // A full disk leaves a cut-off temp file: the words file itself is untouched.
            let _ = std::fs::remove_file(&temp);
            return Err(err);
        }
        // The file the index holds now stays, as the previous one, until the commit this
        // one is written for has succeeded and the next begins ([`put_back_if_ahead`]).
        let current = folder.join(WORDS_FILE);
        let previous = folder.join(WORDS_PREVIOUS_FILE);
        match std::fs::remove_file(&previous) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        if current.exists() && std::fs::hard_link(&current, &previous).is_err() {
            std::fs::copy(&current, &previous)?;
        }
        std::fs::rename(&temp, &current)?;
        Ok(stamp(&bytes))
    }
}

/// Writes `bytes` to `path` and waits for them to reach the disk: a file system that
/// places blocks late says it is full only then, and the rename that follows must not
/// put a file whose bytes may never arrive in the words file's place.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The first eight bytes of `word`, zero-padded, as a big-endian number: numbers in the
/// order of the words' first eight bytes (a shorter word before the longer ones it starts).
fn prefix(word: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &word.as_bytes()[..word.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

/// Whether the words file in `folder` is there but does not read as words.
pub fn is_corrupt(folder: &Path) -> bool {
    std::fs::read(folder.join(WORDS_FILE)).is_ok_and(|bytes| Map::from_bytes(bytes).is_err())
}

/// The words file of `index`, word -> stories; empty when it has none (an index in memory,
/// or not yet committed).
pub fn read(index: &Index) -> Map<Vec<u8>> {
    let empty = || Map::from_iter(std::iter::empty::<(&[u8], u64)>()).expect("an empty map");
    index
        .directory()
        .atomic_read(Path::new(WORDS_FILE))
        .ok()
        .and_then(|bytes| Map::from_bytes(bytes).ok())
        .unwrap_or_else(empty)
}

/// The words of a text as the tally is given them: the `names` analyzer.
pub(crate) fn surface_analyzer() -> tantivy::tokenizer::TextAnalyzer {
    tantivy::tokenizer::TextAnalyzer::from(super::fold::FoldingTokenizer::default())
}

/// The `words` tokenizer when indexing: gives no token, and closes the thread's story;
/// dropped (tantivy drops a segment's tokenizers when the segment is finished), it hands
/// the thread's tally to [`WordCounts`].
#[derive(Clone, Default)]
pub struct DrainWords {
    counts: WordCounts,
}

impl DrainWords {
    /// A tokenizer whose threads' tallies go to `counts`.
    pub fn new(counts: WordCounts) -> DrainWords {
        DrainWords { counts }
    }
}

impl Drop for DrainWords {
    fn drop(&mut self) {
        self.counts.add(take_tally());
    }
}

impl Tokenizer for DrainWords {
    type TokenStream<'a> = NoWords;

    fn token_stream<'a>(&'a mut self, _text: &'a str) -> NoWords {
        close_story();
        NoWords(Token::default())
    }
}

/// The token stream of [`DrainWords`]: empty.
pub struct NoWords(Token);

impl TokenStream for NoWords {
    fn advance(&mut self) -> bool {
        false
    }

    fn token(&self) -> &Token {
        &self.0
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stem::CachedEnglishStemmer;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};
    use tantivy_fst::IntoStreamer;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        analyzer
            .token_stream(text)
            .process(&mut |t| out.push(t.text.clone()));
        out
    }

    fn counted(counts: &WordCounts) -> Vec<(String, i64)> {
        let mut out: Vec<(String, i64)> = counts
            .changes()
            .iter()
            .map(|(w, c)| (w.to_string(), *c))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_word_counts_once_per_story() {
        let counts = WordCounts::default();
        {
            let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(CachedEnglishStemmer::tapping())
                .build();
            let mut words = TextAnalyzer::from(DrainWords::new(counts.clone()));
            // Whatever this thread tapped before.
            take_tally();
            assert_eq!(tokens(&mut news, "Talks resume"), ["talk", "resum"]);
            tokens(&mut news, "Talks began; talks ended.");
            assert!(tokens(&mut words, TAPPED).is_empty());
            tokens(&mut news, "Talks ended");
            tokens(&mut words, TAPPED);
            // Nothing reaches the counts before the tokenizer is dropped.
            assert!(counted(&counts).is_empty());
        }
        assert_eq!(
            counted(&counts),
            [
                ("began".into(), 1),
                ("ended".into(), 2),
                ("resume".into(), 1),
                ("talks".into(), 2)
            ]
        );
        counts.forget(["Talks resume", "Talks were resumed, talks said"]);
        assert_eq!(
            counted(&counts),
            [
                ("began".into(), 1),
                ("ended".into(), 2),
                ("resume".into(), 0),
                ("resumed".into(), -1),
                ("said".into(), -1),
                ("talks".into(), 1),
                ("were".into(), -1)
            ]
        );
    }

    #[test]
    fn the_story_stamps_wrap_without_hiding_a_word() {
        let counts = WordCounts::default();
        {
            let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(CachedEnglishStemmer::tapping())
                .build();
            let mut words = TextAnalyzer::from(DrainWords::new(counts.clone()));
            take_tally();
            for _ in 0..70_000 {
                tokens(&mut news, "rates rates");
                tokens(&mut words, TAPPED);
            }
        }
        assert_eq!(counted(&counts), [("rates".into(), 70_000)]);
    }

    /// 40 stories of 3,000 words (`{first}NNNx`), more than the memo's first slots: the same
    /// words in every story in a shifting order, each twice, far apart.
    fn shifting_stories(first: char) -> Vec<String> {
        (0..40)
            .map(|story| {
                let words: Vec<String> = (0..3_000)
                    .map(|n| format!("{first}{}x", (n * 7 + story * 13) % 3_000))
                    .collect();
                format!("{} {}", words.join(" "), words.join(" "))
            })
            .collect()
    }

    /// Words evicted from the stemming memo and met again, in the same story and in later
    /// ones, still count once per story (the memo counts while a word stays, the tally
    /// after).
    #[test]
    fn counts_survive_the_memo_evicting_words() {
        let counts = WordCounts::default();
        let stories = shifting_stories('w');
        {
            let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(CachedEnglishStemmer::tapping())
                .build();
            let mut words = TextAnalyzer::from(DrainWords::new(counts.clone()));
            take_tally();
            for story in &stories {
                tokens(&mut news, story);
                tokens(&mut words, TAPPED);
            }
        }
        let counted = counted(&counts);
        assert_eq!(counted.len(), 3_000);
        assert!(counted.iter().all(|(_, n)| *n == 40), "{counted:?}");
    }

    /// The one-stream tokenizer holds the thread's memo for a whole text
    /// ([`crate::stem::FoldingStemmer`]): words it evicts and meets again, within a text and
    /// across texts and stories, still count once per story.
    #[test]
    fn counts_survive_the_held_memo() {
        let counts = WordCounts::default();
        let stories = shifting_stories('W');
        {
            let mut news = TextAnalyzer::from(crate::stem::FoldingStemmer::new(true));
            let mut words = TextAnalyzer::from(DrainWords::new(counts.clone()));
            take_tally();
            for story in &stories {
                // The headline and the text: two streams, one after the other.
                tokens(&mut news, "W7x talks");
                tokens(&mut news, story);
                tokens(&mut words, TAPPED);
            }
        }
        let counted = counted(&counts);
        assert_eq!(counted.len(), 3_001);
        assert!(counted.iter().all(|(_, n)| *n == 40), "{counted:?}");
    }

    /// A memo handed from a finished indexing thread to the next one (`stem::SPARE`)
    /// counts there as on its own thread: more words than it takes for the memo to grow
    /// (which it must have before it is handed on), on one thread then on another.
    #[test]
    fn counts_survive_the_memo_changing_threads() {
        let counts = WordCounts::default();
        let stories: Vec<String> = (0..6)
            .map(|story| {
                (0..20_000)
                    .map(|n| format!("v{}q", (n * 7 + story * 13) % 20_000))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        for half in stories.chunks(3) {
            let counts = counts.clone();
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    let mut news = TextAnalyzer::from(crate::stem::FoldingStemmer::new(true));
                    let mut words = TextAnalyzer::from(DrainWords::new(counts));
                    for story in half {
                        tokens(&mut news, story);
                        tokens(&mut words, TAPPED);
                    }
                });
            });
        }
        let counted = counted(&counts);
        assert_eq!(counted.len(), 20_000);
        assert!(counted.iter().all(|(_, n)| *n == 6), "{:?}", &counted[..5]);
    }

    proptest::proptest! {
        /// Sorting by [`prefix`] first keeps byte order.
        #[test]
        fn the_prefix_orders_words_as_their_bytes(a in "[a-z0-9\u{e9}]{0,12}", b in "[a-z0-9\u{e9}]{0,12}") {
            if prefix(&a) != prefix(&b) {
                proptest::prop_assert_eq!(prefix(&a) < prefix(&b), a < b);
            }
        }
    }

    #[test]
    fn searching_taps_nothing() {
        let counts = WordCounts::default();
        {
            let mut news = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(CachedEnglishStemmer::default())
                .build();
            let mut words = TextAnalyzer::from(DrainWords::new(counts.clone()));
            take_tally();
            tokens(&mut news, "rates rose");
            tokens(&mut words, TAPPED);
        }
        assert!(counted(&counts).is_empty());
    }

    #[test]
    fn the_file_takes_changes_and_leaves_out_words_no_story_has() {
        let folder = tempfile::tempdir().unwrap();
        let counts = WordCounts::default();
        let set = |pairs: &[(&str, i64)]| {
            let mut changes = counts.changes();
            for (w, c) in pairs {
                changes.insert((*w).into(), *c);
            }
        };
        let file = || -> Vec<(String, u64)> {
            let bytes = std::fs::read(folder.path().join(WORDS_FILE)).unwrap();
            let map = Map::from_bytes(bytes).unwrap();
            let mut stream = map.into_stream();
            let mut out = Vec::new();
            while let Some((w, c)) = stream.next() {
                out.push((String::from_utf8(w.to_vec()).unwrap(), c));
            }
            out
        };
        set(&[("talks", 2), ("ferry", 1), ("harbour", 1)]);
        counts.write(folder.path(), true).unwrap();
        assert_eq!(
            file(),
            [
                ("ferry".into(), 1),
                ("harbour".into(), 1),
                ("talks".into(), 2)
            ]
        );
        assert!(counts.changes().is_empty());
        set(&[("ferry", -1), ("talks", 1), ("abroad", 1), ("zeal", 3)]);
        counts.write(folder.path(), true).unwrap();
        assert_eq!(
            file(),
            [
                ("abroad".into(), 1),
                ("harbour".into(), 1),
                ("talks".into(), 3),
                ("zeal".into(), 3)
            ]
        );
        // A rebuild starts from nothing.
        set(&[("quay", 1)]);
        counts.write(folder.path(), false).unwrap();
        assert_eq!(file(), [("quay".into(), 1)]);
        assert!(!folder.path().join(WORDS_TEMP_FILE).exists());
    }

    /// `/dev/full` refuses every write as a full disk does (ENOSPC), standing in for the
    /// temp file: the words file stays whole and the cut-off temp file goes.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_leaves_the_words_file_as_it_was() {
        let folder = tempfile::tempdir().unwrap();
        let counts = WordCounts::default();
        counts.changes().insert("harbour".into(), 2);
        counts.write(folder.path(), false).unwrap();
        let before = std::fs::read(folder.path().join(WORDS_FILE)).unwrap();
        let temp = folder.path().join(WORDS_TEMP_FILE);
        std::os::unix::fs::symlink("/dev/full", &temp).unwrap();
        counts.changes().insert("ferry".into(), 1);
        let err = counts.write(folder.path(), true).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull, "{err}");
        assert_eq!(
            std::fs::read(folder.path().join(WORDS_FILE)).unwrap(),
            before
        );
        assert!(
            std::fs::symlink_metadata(&temp).is_err(),
            "the temp file is gone"
        );
    }
}
