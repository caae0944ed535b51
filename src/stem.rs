//! English stemming with a memo: the same stemmer tantivy's `Stemmer` runs (frostem's
//! Snowball English, pinned to tantivy's version), so stems are identical, but each thread
//! remembers the words it has stemmed. News prose repeats its vocabulary, so after the
//! first few hundred stories nearly every token is a lookup instead of a Snowball run;
//! stemming was the largest cost after tantivy's postings when indexing.

use std::cell::RefCell;
use std::hash::Hasher;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::schema::fold::UnicodeFolder;

/// Slots in an indexing thread's memo (a power of two): 64 bytes each, 4 MB per thread.
const MEMO_SLOTS: usize = 1 << 16;
/// Slots a thread starts with (64 kB). A query stems a few hundred to a few thousand words;
/// spread over the full table they touched ~600 of its pages, and faulting them in cost a
/// `newsdex query` process 1-1.5 ms (#15). The memo grows to [`MEMO_SLOTS`] once the thread
/// has stemmed [`GROW_AFTER_MISSES`] words it did not have, which only indexing does.
const MEMO_START_SLOTS: usize = 1 << 10;
/// Snowball runs after which a thread's memo grows to its full size.
const GROW_AFTER_MISSES: u32 = 1 << 14;
/// Words longer than this are stemmed without the memo (rare, and not worth keeping).
const MEMO_MAX_WORD: usize = 28;

thread_local! {
    static MEMO: RefCell<Memo> = const {
        RefCell::new(Memo::EMPTY)
    };
}

/// A thread's memo and how many words it has had to stem since it last grew.
struct Memo {
    slots: Vec<Slot>,
    misses: u32,
    /// The story being indexed on this thread, for [`stem_and_tap`]: a slot stamped with
    /// it holds a word this story has already given the tap. Never 0 (an unstamped slot).
    story: u16,
    /// Whether this is the stand-in left while a token stream holds the thread's memo
    /// ([`HeldMemo`]).
    held: bool,
}

impl Memo {
    const EMPTY: Memo = Memo {
        slots: Vec::new(),
        misses: 0,
        story: 1,
        held: false,
    };
}

/// One memo entry, a cache line: a word of at most [`MEMO_MAX_WORD`] bytes and its stem,
/// held inline. The memo is two-way set-associative: a word's hash picks a set of two
/// adjacent slots ([`Memo::find`]), so a lookup reads one or two cache lines, where a hash
/// map read its control bytes and then its bucket, two cache misses in a table this size
/// (the memo was 14% of a build's CPU with a `HashMap`, #15). Two frequent words sharing a
/// set with a third only cost Snowball runs; the stems are the same either way.
///
/// `story` says which story on this thread last met the word ([`stem_and_tap`]), and
/// `pending` how many stories met it since the slot last settled with the words tally
/// ([`crate::schema::words`]): the memo doubles as the words file's per-story set of words
/// and as its counter, at the price of a compare and an add on a line already read (a tally
/// lookup of its own was a cache miss per story and word, about a tenth of a build, #15).
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    word_len: u8,
    stem_len: u8,
    story: u16,
    pending: u32,
    word: [u8; MEMO_MAX_WORD],
    stem: [u8; MEMO_MAX_WORD],
}

impl Slot {
    const EMPTY: Slot = Slot {
        // No word is this long: an empty slot matches nothing.
        word_len: u8::MAX,
        stem_len: 0,
        story: 0,
        pending: 0,
        word: [0; MEMO_MAX_WORD],
        stem: [0; MEMO_MAX_WORD],
    };

    /// Whether the slot holds `word` (its length first: one byte on a line being read).
    fn holds(&self, word: &str) -> bool {
        usize::from(self.word_len) == word.len() && self.word[..word.len()] == *word.as_bytes()
    }

    /// [`Slot::holds`] for a word of `len` bytes given zero-padded: one compare of two
    /// arrays of a fixed size, which the compiler does in a few vector instructions where
    /// a compare of `len` bytes called `memcmp` (#15).
    #[inline]
    fn holds_padded(&self, padded: &[u8; MEMO_MAX_WORD], len: usize) -> bool {
        usize::from(self.word_len) == len && self.word == *padded
    }

    /// Appends the stem to `out`: its whole array copied, then cut to the stem, a copy of a
    /// fixed size where one of the stem's length called `memcpy` (#15).
    #[inline]
    fn push_stem(&self, out: &mut String) {
        let at = out.len();
        // SAFETY: `out` is cut back to its old text and the stem before the borrow ends;
        // `stem_len` bytes of `stem` are always a whole `&str` copied in `fill`.
        let bytes = unsafe { out.as_mut_vec() };
        bytes.extend_from_slice(&self.stem);
        bytes.truncate(at + usize::from(self.stem_len).min(MEMO_MAX_WORD));
    }

    fn word(&self) -> &str {
        // Always a whole `&str` copied in `fill`.
        std::str::from_utf8(&self.word[..usize::from(self.word_len).min(MEMO_MAX_WORD)])
            .unwrap_or_default()
    }

    /// Hands the stories counted in this slot to the words tally; `current` is this
    /// thread's story stamp.
    fn settle(&mut self, current: u16) {
        if self.pending > 0 {
            crate::schema::words::settle(self.word(), self.pending, self.story == current);
            self.pending = 0;
        }
    }

    fn stem(&self) -> &str {
        let stem = &self.stem[..usize::from(self.stem_len)];
        debug_assert!(std::str::from_utf8(stem).is_ok());
        // SAFETY: `stem_len` bytes of `stem` are always a whole `&str` copied in `fill`
        // (`EMPTY` has none). Checking them on every memo hit was 2.3% of a build's
        // instructions (#15).
        unsafe { std::str::from_utf8_unchecked(stem) }
    }

    /// Remembers `stem` for `word`; `false` (and nothing kept) when either is too long.
    fn fill(&mut self, word: &str, stem: &str) -> bool {
        if word.len() > MEMO_MAX_WORD || stem.len() > MEMO_MAX_WORD {
            return false;
        }
        // Zeros after the word, so that [`Slot::holds_padded`] compares whole arrays.
        self.word = [0; MEMO_MAX_WORD];
        self.word[..word.len()].copy_from_slice(word.as_bytes());
        self.stem[..stem.len()].copy_from_slice(stem.as_bytes());
        // Both fit in MEMO_MAX_WORD, far below 255.
        self.word_len = word.len() as u8;
        self.stem_len = stem.len() as u8;
        true
    }
}

/// The memo's hash of `word`: FxHash of its 8-byte chunks, then of the rest packed in one
/// word (not byte by byte, as `Hasher::write` does). Its low bits pick the slot.
fn word_hash(word: &str) -> u64 {
    let mut hasher = FxHasher::default();
    let mut chunks = word.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        hasher.add(u64::from_le_bytes(bytes));
    }
    let rest = chunks.remainder();
    // The last bytes as a little-endian word, shifted in one by one: copying them into a
    // padded array called `memcpy` for every token (#15).
    let packed = rest
        .iter()
        .rev()
        .fold(0u64, |packed, &byte| packed << 8 | u64::from(byte));
    hasher.add(packed ^ ((rest.len() as u64) << 59));
    hasher.finish()
}

/// The first of the two slots a word whose [`word_hash`] is `hash` may sit in, in a memo of
/// `slots` slots (a power of two): an even slot and the one after it ([`Memo::find`]).
fn set_of(hash: u64, slots: usize) -> usize {
    (hash as usize) & (slots - 1) & !1
}

/// A tantivy token filter: Snowball English, memoised per thread.
///
/// [`CachedEnglishStemmer::tapping`] also hands each word, before it is stemmed, to the
/// `words` tap ([`crate::schema::words`]), once per story as far as the memo remembers.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedEnglishStemmer {
    tap: bool,
}

impl CachedEnglishStemmer {
    /// The stemmer that also feeds the `words` tap: for indexing only.
    pub fn tapping() -> CachedEnglishStemmer {
        CachedEnglishStemmer { tap: true }
    }
}

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            tap: self.tap,
        }
    }
}

/// [`CachedEnglishStemmer`] applied to a tokenizer.
#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    tap: bool,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            token: Token::default(),
            word: String::new(),
            ahead: Token::default(),
            ahead_hash: 0,
            has_ahead: false,
            started: false,
            tap: self.tap,
        }
    }
}

/// The token stream of [`CachedStemmerFilter`].
///
/// It reads one token ahead: while tantivy files the current token in its term table, the
/// memo slot of the next word is already being fetched ([`prefetch`]). A memo lookup was
/// mostly a cache miss (the memo is 4 MB a thread: 8% of a build's CPU waited on it, #15),
/// and tantivy's own work on the token in between hides it.
pub struct CachedStemmerStream<T> {
    tail: T,
    /// The token handed out: the stem of `word`.
    token: Token,
    /// The word being stemmed, kept between tokens so that no token allocates.
    word: String,
    /// The tail's next token, copied out, when `has_ahead`.
    ahead: Token,
    /// The [`word_hash`] of `ahead`'s text, computed once for its prefetch and its lookup.
    ahead_hash: u64,
    has_ahead: bool,
    /// Whether `ahead` has been read yet.
    started: bool,
    tap: bool,
}

/// The Snowball English stem of `word`, from this thread's memo when it has it.
pub fn stem_into(word: &str, out: &mut String) {
    stem_with(word, word_hash(word), out, false, None);
}

/// [`stem_into`], and `word` counts for the story being indexed on this thread in the
/// words tally, once per story ([`crate::schema::words`]).
pub fn stem_and_tap(word: &str, out: &mut String) {
    stem_with(word, word_hash(word), out, true, None);
}

/// The next story on this thread starts: every word is new to it again.
pub(crate) fn next_story() {
    MEMO.with(|memo| {
        let memo = &mut *memo.borrow_mut();
        memo.story = memo.story.wrapping_add(1);
        if memo.story == 0 {
            // Stamps wrapped: forget them all, so an old stamp never passes for this story.
            // Counts settle first; no story is under way (stamp 0 is no story's).
            for slot in &mut memo.slots {
                slot.settle(0);
                slot.story = 0;
            }
            memo.story = 1;
        }
    });
}

/// Hands every count the memo holds to the words tally (a segment is finished), and puts
/// the memo aside for the next indexing thread ([`SPARE`]).
pub(crate) fn settle_all() {
    MEMO.with(|memo| {
        let memo = &mut *memo.borrow_mut();
        let story = memo.story;
        for slot in &mut memo.slots {
            slot.settle(story);
        }
        if memo.slots.len() == MEMO_SLOTS && !memo.held {
            let stand_in = Memo {
                slots: Vec::new(),
                misses: 0,
                story,
                held: false,
            };
            let settled = std::mem::replace(memo, stand_in);
            let mut spare = SPARE.lock().unwrap_or_else(|e| e.into_inner());
            if spare.len() < MAX_SPARE {
                spare.push(settled);
            }
        }
    });
}

/// Memos of indexing threads whose segment is finished, every count settled, for the
/// next thread that indexes. tantivy ends its indexing threads at every commit and starts
/// new ones, whose memos started empty: each of them stemmed the whole vocabulary again by
/// Snowball (at 40x, 25 commits, 50 threads, #15). A memo holds stems, which are the same
/// on any thread, and story stamps, which only compare with its own `story`: none is
/// stamped with the story to come, so it counts on another thread as on its own.
static SPARE: std::sync::Mutex<Vec<Memo>> = std::sync::Mutex::new(Vec::new());

/// Most memos kept aside (4 MB each): more than the indexing threads of a run.
const MAX_SPARE: usize = 8;

/// Stems `word`, whose [`word_hash`] is `hash`, with this thread's memo; `next` is the
/// next word's hash, to prefetch its slot.
fn stem_with(word: &str, hash: u64, out: &mut String, tap: bool, next: Option<u64>) {
    if word.len() > MEMO_MAX_WORD {
        stem_long(word, out, tap);
        return;
    }
    MEMO.with(|memo| memo.borrow_mut().stem(word, hash, out, tap, next));
}

/// Stems a word too long for the memo.
fn stem_long(word: &str, out: &mut String, tap: bool) {
    if tap {
        crate::schema::words::tap(word);
    }
    out.push_str(&stemmer().stem(word));
}

impl Memo {
    /// The slot of the set starting at `set` that `holds` its word, moved first in the set
    /// if it was second: the set is two slots, the word used last first. Two ways rather
    /// than one slot per word: in a direct-mapped memo, words that shared a slot evicted
    /// each other, and a third of a 1x build's Snowball runs were for words the memo had
    /// held (107,785 runs for ~72,000 words; two ways: ~80,000, #15).
    #[inline(always)]
    fn find(&mut self, set: usize, holds: impl Fn(&Slot) -> bool) -> Option<&mut Slot> {
        let pair: &mut [Slot; 2] = (&mut self.slots[set..set + 2]).try_into().ok()?;
        if holds(&pair[0]) {
            return Some(&mut pair[0]);
        }
        if holds(&pair[1]) {
            pair.swap(0, 1);
            return Some(&mut pair[0]);
        }
        None
    }

    /// [`stem_with`] for a word of at most [`MEMO_MAX_WORD`] bytes, with this memo.
    fn stem(&mut self, word: &str, hash: u64, out: &mut String, tap: bool, next: Option<u64>) {
        debug_assert!(word.len() <= MEMO_MAX_WORD);
        if self.slots.is_empty() {
            self.slots.resize(MEMO_START_SLOTS, Slot::EMPTY);
        }
        let story = self.story;
        let len = self.slots.len();
        if let Some(next) = next {
            prefetch(&self.slots[set_of(next, len)]);
        }
        if let Some(hit) = self.find(set_of(hash, len), |slot| slot.holds(word)) {
            out.push_str(hit.stem());
            if tap && hit.story != story {
                hit.story = story;
                hit.pending += 1;
            }
            return;
        }
        if tap {
            // Counted in the tally itself, which knows whether this story already had it
            // (in a slot since evicted): later stories count in the slot.
            crate::schema::words::tap(word);
        }
        self.misses += 1;
        if self.misses >= GROW_AFTER_MISSES && self.slots.len() < MEMO_SLOTS {
            // Rehashing is not worth it: the words come back as the thread goes on.
            for slot in &mut self.slots {
                slot.settle(story);
            }
            self.slots = vec![Slot::EMPTY; MEMO_SLOTS];
            self.misses = 0;
        }
        // The word goes first in its set; the first slot's word moves second, and the second
        // slot's, used least lately, leaves.
        let set = set_of(hash, self.slots.len());
        self.slots[set + 1].settle(story);
        self.slots[set + 1] = self.slots[set];
        let slot = &mut self.slots[set];
        slot.pending = 0;
        let stem = stemmer().stem(word);
        out.push_str(&stem);
        if slot.fill(word, &stem) {
            slot.story = if tap { story } else { 0 };
        } else {
            *slot = Slot::EMPTY;
        }
    }
}

/// This thread's memo, taken out of its thread-local for one text's token stream and put
/// back when the stream is dropped. Reaching the thread-local and its `RefCell` for every
/// word cost about 70 instructions a word, 4% of a build's (#15); held, the memo is a field.
///
/// While a stream holds it, the thread-local holds an empty stand-in ([`Memo::held`]).
/// Indexing never stems while a stream is alive (tantivy tokenizes one field value at a
/// time, and the `words` field's tokenizer, which closes a story, comes after the text's).
/// A stream inside a stream would stem with the stand-in, and the outer memo replaces it
/// when it is put back: the stems are the same, only the inner one's memo is lost. The
/// words tally's counts need the one memo, so a tapping stream inside another is a bug
/// (checked in debug builds).
struct HeldMemo(Memo);

impl HeldMemo {
    fn take(tap: bool) -> HeldMemo {
        MEMO.with(|memo| {
            let memo = &mut *memo.borrow_mut();
            debug_assert!(
                !(tap && memo.held),
                "a tapping stream inside another stream"
            );
            if tap && memo.slots.is_empty() {
                // A new indexing thread: a finished one's memo, if there is one, else one
                // of full size at once (at its first size it evicted words all the time
                // until it grew, after 16,384 Snowball runs).
                let spare = SPARE.lock().unwrap_or_else(|e| e.into_inner()).pop();
                match spare {
                    Some(spare) => *memo = spare,
                    None => memo.slots = vec![Slot::EMPTY; MEMO_SLOTS],
                }
            }
            let stand_in = Memo {
                slots: Vec::new(),
                misses: 0,
                story: memo.story,
                held: true,
            };
            HeldMemo(std::mem::replace(memo, stand_in))
        })
    }
}

impl Drop for HeldMemo {
    fn drop(&mut self) {
        let mut held = std::mem::replace(&mut self.0, Memo::EMPTY);
        // `try_with`: at a thread's exit the thread-local may already be gone.
        let _ = MEMO.try_with(|memo| {
            if let Ok(mut memo) = memo.try_borrow_mut() {
                // The story is the thread's, whoever closed it meanwhile.
                held.story = memo.story;
                let mut stand_in = std::mem::replace(&mut *memo, held);
                // Counts only if a tapping stream ran inside this one (see above).
                let story = stand_in.story;
                for slot in &mut stand_in.slots {
                    slot.settle(story);
                }
            }
        });
    }
}

/// Asks the CPU to start loading `slot`'s cache line; it never faults and changes nothing.
#[inline]
fn prefetch(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is a hint: it reads nothing the program sees and cannot fault,
        // and SSE, which it needs, is part of every x86-64 CPU.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

fn stemmer() -> frostem::Stemmer {
    frostem::Stemmer::new(frostem::Algorithm::English)
}

impl<T: TokenStream> CachedStemmerStream<T> {
    /// Moves the tail's next token into `ahead`. Its text changes buffers with `ahead`'s
    /// old one rather than being copied (a copy was a `memcpy` call per token): tantivy's
    /// tokenizers clear the token's text before writing the next word into it.
    fn pull(&mut self) {
        self.has_ahead = self.tail.advance();
        if self.has_ahead {
            let next = self.tail.token_mut();
            std::mem::swap(&mut self.ahead.text, &mut next.text);
            self.ahead.offset_from = next.offset_from;
            self.ahead.offset_to = next.offset_to;
            self.ahead.position = next.position;
            self.ahead.position_length = next.position_length;
            self.ahead_hash = word_hash(&self.ahead.text);
        }
    }
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.started {
            self.started = true;
            self.pull();
        }
        if !self.has_ahead {
            return false;
        }
        self.token.offset_from = self.ahead.offset_from;
        self.token.offset_to = self.ahead.offset_to;
        self.token.position = self.ahead.position;
        self.token.position_length = self.ahead.position_length;
        // The word moves out of `ahead` (buffers swap, nothing allocates), and the tail's
        // next word takes its place.
        std::mem::swap(&mut self.word, &mut self.ahead.text);
        let hash = self.ahead_hash;
        self.pull();
        let next =
            (self.has_ahead && self.ahead.text.len() <= MEMO_MAX_WORD).then_some(self.ahead_hash);
        self.token.text.clear();
        stem_with(&self.word, hash, &mut self.token.text, self.tap, next);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The `news` and `quotes` analyzers' tokenizer: the words [`FoldingTokenizer`] gives,
/// stemmed as [`CachedEnglishStemmer`] stems them, in one stream (the same tokens, texts,
/// positions and offsets, and the same words for the tap).
///
/// The two as a chain handled each word twice: the splitter wrote the folded word into a
/// token, the stemmer took it out, hashed it byte by byte, compared it and copied its stem
/// with calls to `memcmp` and `memcpy`. Here a word of ASCII letters and digits that fits
/// the memo, nearly every word of the news, is lowercased eight bytes at a time into a
/// zero-padded array while it is hashed, and looked up and copied in arrays of a fixed
/// size; any other word goes the chain's way. (The chain cost about 450 instructions a
/// word, a fifth of a build's, #15.)
///
/// [`FoldingTokenizer`]: crate::schema::fold::FoldingTokenizer
#[derive(Clone)]
pub struct FoldingStemmer {
    token: Token,
    /// Folds a word with letters outside ASCII, as [`FoldingTokenizer`] does.
    ///
    /// [`FoldingTokenizer`]: crate::schema::fold::FoldingTokenizer
    unicode: UnicodeFolder,
    /// A word being stemmed the chain's way, kept so that no token allocates.
    word: String,
    tap: bool,
}

impl FoldingStemmer {
    /// The tokenizer; `tap` feeds the words tap, as [`CachedEnglishStemmer::tapping`] does.
    pub fn new(tap: bool) -> FoldingStemmer {
        FoldingStemmer {
            token: Token::default(),
            unicode: UnicodeFolder::default(),
            word: String::new(),
            tap,
        }
    }
}

impl Tokenizer for FoldingStemmer {
    type TokenStream<'a> = FoldingStemmerStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldingStemmerStream<'a> {
        self.token.reset();
        FoldingStemmerStream {
            text,
            at: 0,
            position: self.token.position,
            ahead: None,
            started: false,
            token: &mut self.token,
            unicode: &mut self.unicode,
            word: &mut self.word,
            tap: self.tap,
            memo: HeldMemo::take(self.tap),
        }
    }
}

/// A word found by [`FoldingStemmerStream`], not yet stemmed.
struct Word {
    start: usize,
    end: usize,
    position: usize,
    /// When the word is ASCII letters and digits of at most [`MEMO_MAX_WORD`] bytes: its
    /// length, and it lowercased and zero-padded, and its [`word_hash`].
    short: Option<(usize, [u8; MEMO_MAX_WORD], u64)>,
}

/// The token stream of [`FoldingStemmer`]. Like [`CachedStemmerStream`], it reads one word
/// ahead, to prefetch its memo slot while tantivy files the current one.
pub struct FoldingStemmerStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    /// The position of the last word found (every word takes one, even one too long).
    position: usize,
    ahead: Option<Word>,
    started: bool,
    token: &'a mut Token,
    unicode: &'a mut UnicodeFolder,
    word: &'a mut String,
    tap: bool,
    /// This thread's stemming memo, held for the whole text ([`HeldMemo`]).
    memo: HeldMemo,
}

impl FoldingStemmerStream<'_> {
    /// The next word short enough to index, as `FoldingTokenizer` gives it. (Inlined, as
    /// [`fold::next_word`] in it, so that a word's fields stay in registers.)
    ///
    /// [`fold::next_word`]: crate::schema::fold::next_word
    #[inline(always)]
    fn read_word(&mut self) -> Option<Word> {
        use crate::schema::fold::{chunk_at, next_word, Found, LONGEST, LOW_BITS};
        loop {
            let Found {
                start,
                end,
                ascii,
                next,
            } = next_word(self.text, self.at)?;
            self.at = next;
            self.position = self.position.wrapping_add(1);
            let len = end - start;
            if len >= LONGEST {
                continue;
            }
            let mut word = Word {
                start,
                end,
                position: self.position,
                short: None,
            };
            if ascii && len <= MEMO_MAX_WORD {
                // Letters and digits: `| 0x20` lowercases a letter and keeps a digit. The
                // hash is `word_hash` of the lowercased word, chunk by chunk as it is made.
                let bytes = self.text.as_bytes();
                let mut padded = [0u8; MEMO_MAX_WORD + 4];
                let mut hasher = FxHasher::default();
                let mut done = 0;
                while done + 8 <= len {
                    let chunk = chunk_at(bytes, start + done) | (LOW_BITS * 0x20);
                    hasher.add(chunk);
                    padded[done..done + 8].copy_from_slice(&chunk.to_le_bytes());
                    done += 8;
                }
                let rest = len - done;
                let mut last = 0;
                if rest > 0 {
                    let keep = u64::MAX >> (8 * (8 - rest));
                    last = (chunk_at(bytes, start + done) | (LOW_BITS * 0x20)) & keep;
                    padded[done..done + 8].copy_from_slice(&last.to_le_bytes());
                }
                hasher.add(last ^ ((rest as u64) << 59));
                let mut lowered = [0u8; MEMO_MAX_WORD];
                lowered.copy_from_slice(&padded[..MEMO_MAX_WORD]);
                word.short = Some((len, lowered, hasher.finish()));
            }
            return Some(word);
        }
    }

    /// Puts the stem of `word` in the token; `next` is the next word's hash, to prefetch.
    fn stem(&mut self, word: &Word, next: Option<u64>) {
        let out = &mut self.token.text;
        out.clear();
        if let Some((len, lowered, hash)) = &word.short {
            let tap = self.tap;
            let memo = &mut self.memo.0;
            let slots = memo.slots.len();
            if slots > 0 {
                if let Some(next) = next {
                    // The set's first slot: where the word most likely is (the second
                    // line of a set is the first's neighbour, which the CPU's own
                    // prefetcher tends to fetch with it).
                    prefetch(&memo.slots[set_of(next, slots)]);
                }
                let story = memo.story;
                let set = set_of(*hash, slots);
                if let Some(hit) = memo.find(set, |slot| slot.holds_padded(lowered, *len)) {
                    hit.push_stem(out);
                    if tap && hit.story != story {
                        hit.story = story;
                        hit.pending += 1;
                    }
                    return;
                }
            }
            // ASCII, so whole characters.
            let text = std::str::from_utf8(&lowered[..*len]).unwrap_or_default();
            memo.stem(text, *hash, out, tap, next);
            return;
        }
        let folded = &mut *self.word;
        folded.clear();
        let written = &self.text[word.start..word.end];
        if written.is_ascii() {
            folded.push_str(written);
            folded.make_ascii_lowercase();
        } else {
            self.unicode.fold_into(written, folded);
        }
        if folded.len() > MEMO_MAX_WORD {
            stem_long(folded, out, self.tap);
        } else {
            self.memo
                .0
                .stem(folded, word_hash(folded), out, self.tap, next);
        }
    }
}

impl TokenStream for FoldingStemmerStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.started {
            self.started = true;
            self.ahead = self.read_word();
        }
        let Some(word) = self.ahead.take() else {
            return false;
        };
        self.ahead = self.read_word();
        let next = self
            .ahead
            .as_ref()
            .and_then(|ahead| ahead.short.as_ref())
            .map(|&(_, _, hash)| hash);
        self.token.offset_from = word.start;
        self.token.offset_to = word.end;
        self.token.position = word.position;
        self.stem(&word, next);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
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
            .filter(CachedEnglishStemmer::default())
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

    /// Reading one token ahead changes no token: stems, positions (a word dropped for its
    /// length leaves its gap) and offsets are tantivy's, with and without the tap.
    #[test]
    fn tokens_read_ahead_are_tantivys_tokens() {
        use tantivy::tokenizer::{AsciiFoldingFilter, RemoveLongFilter};
        let text = "São Paulo's talks — talked; a\u{301} Ünïcödé ÉTATS-Unis 1,200 \
                    x42 ab supercalifragilisticexpialidociousandevenlongerstill ran runs. \
                    Ελλάδα 東京 talks";
        let chain = |stemmer: Option<CachedEnglishStemmer>| {
            let prose = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter);
            match stemmer {
                Some(cached) => prose.filter(cached).build(),
                None => prose.filter(Stemmer::new(Language::English)).build(),
            }
        };
        let all = |mut analyzer: TextAnalyzer, text: &str| {
            let mut out = Vec::new();
            analyzer.token_stream(text).process(&mut |t| {
                out.push((t.text.clone(), t.position, t.offset_from, t.offset_to))
            });
            out
        };
        let want = all(chain(None), text);
        // The long word's position is skipped.
        assert!(want.windows(2).any(|w| w[1].1 == w[0].1 + 2));
        for stemmer in [
            CachedEnglishStemmer::default(),
            CachedEnglishStemmer::tapping(),
        ] {
            for _ in 0..2 {
                assert_eq!(all(chain(Some(stemmer)), text), want);
            }
            assert!(all(chain(Some(stemmer)), "").is_empty());
            assert_eq!(
                all(chain(Some(stemmer)), "Talks"),
                all(chain(None), "Talks")
            );
        }
        // Whatever was tapped above stays on this test's thread.
        let mut drain = TextAnalyzer::from(crate::schema::words::DrainWords::default());
        drain
            .token_stream(crate::schema::words::TAPPED)
            .process(&mut |_| {});
    }

    /// `FoldingTokenizer` then `CachedEnglishStemmer`: what [`FoldingStemmer`] must give.
    fn chain(tap: bool) -> TextAnalyzer {
        let stemmer = if tap {
            CachedEnglishStemmer::tapping()
        } else {
            CachedEnglishStemmer::default()
        };
        TextAnalyzer::builder(crate::schema::fold::FoldingTokenizer::default())
            .filter(stemmer)
            .build()
    }

    fn all_tokens(mut analyzer: TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        analyzer.token_stream(text).process(&mut |t| {
            assert_eq!(t.position_length, 1);
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to))
        });
        out
    }

    /// Empties this thread's words tally (what a tapping test tapped stays on its thread).
    fn drain_tally() {
        let mut drain = TextAnalyzer::from(crate::schema::words::DrainWords::default());
        drain
            .token_stream(crate::schema::words::TAPPED)
            .process(&mut |_| {});
    }

    #[test]
    fn folding_stemmer_gives_the_chains_tokens() {
        let texts = [
            "",
            "  ,; ",
            "Talks talked TALKING; the nations' generously organized organizations",
            "São Paulo's talks — talked; a\u{301} Ünïcödé ÉTATS-Unis 1,200 x42 ab",
            "supercalifragilisticexpialidociousandevenlongerstill ran runs.",
            "abcdefghijklmnopqrstuvwxyzab abcdefghijklmnopqrstuvwxyzabc internationalizations",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklm abcdefghijklmnopqrstuvwxyzabcdefghijklmn",
            "Ελλάδα 東京 talks İstanbul ǅemal ﬁnance Straße ΣΊΣΥΦΟΣ 12345678 123456789",
            "end",
        ];
        for tap in [false, true] {
            // Twice: the second time from the memo.
            for _ in 0..2 {
                for text in texts {
                    let want = all_tokens(chain(tap), text);
                    let got = all_tokens(TextAnalyzer::from(FoldingStemmer::new(tap)), text);
                    assert_eq!(got, want, "{text:?}");
                }
            }
        }
        drain_tally();
    }

    proptest::proptest! {
        /// On any text, words of every length around the memo's limit and the eight bytes
        /// read at a time among them, the one stream gives the chain's tokens.
        #[test]
        fn folding_stemmer_gives_the_chains_tokens_on_any_text(
            text in proptest::prop_oneof![
                "[a-zA-Z0-9 ,.'-]{0,120}",
                "([a-zA-Z0-9]{20,40} ){1,4}",
                "[a-zA-Z0-9éÉß東½\u{301} ,—-]{0,90}",
                proptest::prelude::any::<String>(),
            ],
            tap in proptest::prelude::any::<bool>(),
        ) {
            let want = all_tokens(chain(tap), &text);
            for _ in 0..2 {
                let got = all_tokens(TextAnalyzer::from(FoldingStemmer::new(tap)), &text);
                proptest::prop_assert_eq!(&got, &want);
            }
            drain_tally();
        }
    }

    /// A stream that stems while another holds the thread's memo (searching only; see
    /// `HeldMemo`) gives the same tokens, and the outer memo is the one kept.
    #[test]
    fn a_stream_inside_a_stream_gives_the_same_tokens() {
        let outer_text = "Talks resumed; the nations organized talks";
        let inner_text = "Rates rose, rates fell";
        let want_outer = all_tokens(chain(false), outer_text);
        let want_inner = all_tokens(chain(false), inner_text);
        let mut outer = FoldingStemmer::new(false);
        let inner = TextAnalyzer::from(FoldingStemmer::new(false));
        let mut got = Vec::new();
        {
            let mut stream = outer.token_stream(outer_text);
            while stream.advance() {
                let t = stream.token();
                got.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
                assert_eq!(all_tokens(inner.clone(), inner_text), want_inner);
            }
        }
        assert_eq!(got, want_outer);
        // The memo put back last is the outer one: it holds the outer text's words.
        MEMO.with(|memo| {
            let memo = memo.borrow();
            assert!(!memo.held);
            let hash = word_hash("organized");
            let set = set_of(hash, memo.slots.len());
            assert!(memo.slots[set..set + 2]
                .iter()
                .any(|s| s.holds("organized")));
        });
    }

    /// The hash as first written, with the last bytes copied into a padded word.
    fn word_hash_padded(word: &str) -> u64 {
        let mut hasher = FxHasher::default();
        let mut chunks = word.as_bytes().chunks_exact(8);
        for chunk in &mut chunks {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            hasher.add(u64::from_le_bytes(bytes));
        }
        let rest = chunks.remainder();
        let mut bytes = [0u8; 8];
        bytes[..rest.len()].copy_from_slice(rest);
        hasher.add(u64::from_le_bytes(bytes) ^ ((rest.len() as u64) << 59));
        hasher.finish()
    }

    #[test]
    fn word_hash_packs_the_last_bytes_as_a_padded_copy_did() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789\u{e9}\u{ff}z";
        for end in 0..text.len() {
            if let Some(word) = text.get(..end) {
                assert_eq!(word_hash(word), word_hash_padded(word), "{word:?}");
            }
        }
        assert_eq!(word_hash("talks"), word_hash_padded("talks"));
    }

    #[test]
    fn words_that_share_a_memo_slot_keep_their_own_stems() {
        let plain = stemmer();
        // More words than slots, so slots are shared and words evict each other, and more
        // misses than the memo takes to grow, so both sizes are exercised.
        let words: Vec<String> = (0..MEMO_SLOTS + 5_000)
            .map(|n| format!("{}ations", radix26(n)))
            .chain([
                "running".into(),
                "generously".into(),
                "a".repeat(MEMO_MAX_WORD),
            ])
            .collect();
        for _ in 0..2 {
            for word in &words {
                let mut stem = String::new();
                stem_into(word, &mut stem);
                assert_eq!(stem, plain.stem(word), "{word}");
            }
        }
    }

    fn radix26(mut n: usize) -> String {
        let mut out = String::new();
        loop {
            out.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
            if n == 0 {
                return out;
            }
        }
    }
}
