//! Stage 3a: the one tantivy schema, and why each field is the way it is.
//!
//! Stories meet tantivy only here: this module lists the fields, and [`codec`] turns an
//! [`crate::Article`] into a tantivy document and a stored document back into a
//! [`StoredStory`]. The indexer and search know each other only through it, and through
//! [`folder`]: the index folder's format number, commit payload and identity, which the
//! indexer writes and search checks.
//!
//! - `id` is `STRING | STORED | FAST`: the corpus-relative path, one token, so re-indexing a
//!   story is `delete_term(id)` then `add_document`; fast so equal scores rank by id.
//! - Prose fields (`title`, `body`, `quotes`) use the `news` analyzer: lowercased, ASCII-folded
//!   and English-stemmed, so `talks` finds and highlights `talk`, and `Sao` finds `São`.
//!   `quotes` names it `quotes`, the same analyzer, so that only the headline and text feed
//!   the `words` tap when indexing ([`words`]).
//! - Name fields (`speaker`, `location`, `agency`, `byline`) use `names`: folded and lowercased
//!   but not stemmed, so `speaker:xi` and `location:"new york"` match exactly the words written.
//! - `category` is one lowercased token: `category:business`.
//! - Only what a result shows is `STORED` (id, path, title, body, place, date, agency,
//!   category, published, quotes); byline, speakers and the raw dateline are searched but
//!   never shown from the index, so they are not stored. `quotes_json` keeps each quotation
//!   with its speaker for display, since a multi-valued text field cannot pair them.
//! - Positions are kept only where phrase queries need them (prose and name fields); keys,
//!   the category and the file id are single raw tokens without positions.
//! - `location_key`, `agency_key` and `speaker_key` hold each value whole: one lowercased
//!   token (so `--location "new york"` matches `NEW YORK` exactly, unlike the tokenized
//!   `location` field), and kept as written in a fast column that facets count.
//! - `words` holds no term: its one value per story closes the story's count of words as
//!   written (as the `names` analyzer gives them: lowercased and folded, never stemmed),
//!   which the `news` analyzer tallies as it splits `title` and `body`. "Did you mean" and
//!   prefix queries read those counts from the words file beside the index ([`words`]), so
//!   it comes after `title` and `body` in the schema.
//! - `published` is a fast, indexed date so it can be filtered and sorted on;
//!   `published_from` says where it came from (`metadata`, `dateline`, `path`, `flag`), one
//!   keyword in a fast column that `stats` counts. An index built before it still opens.
//! - `file`, `file_size`, `file_modified` and `file_hash` record which file each story came
//!   from and what that file looked like, so the index is its own manifest: an incremental
//!   run reads them from fast fields, and replaces a changed file's stories with
//!   `delete_term(file)` then `add_document`, in the same commit. Nothing else to keep in sync.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, RawTokenizer, TextAnalyzer};
use tantivy::Index;

use crate::stem::FoldingStemmer;
use fold::FoldingTokenizer;
use words::{DrainWords, Tap, WordCounts};

pub mod codec;
pub mod fold;
pub mod folder;
pub mod words;

pub use codec::{date_from_timestamp, date_time, StoredStory};

/// Analyzer for prose: folded, lowercased, stemmed.
pub const NEWS_ANALYZER: &str = "news";
/// Analyzer for names and places: folded and lowercased, not stemmed.
pub const NAMES_ANALYZER: &str = "names";
/// Analyzer for quotations: the `news` analyzer under its own name, which does not feed the
/// `words` tap.
pub const QUOTES_ANALYZER: &str = "quotes";
/// Analyzer of the `words` field: the surface words of the headline and text.
pub const WORDS_ANALYZER: &str = "words";
/// Analyzer for one-token keywords such as the category.
pub const KEYWORD_ANALYZER: &str = "keyword";

/// Field names, as users type them before a colon.
pub mod names {
    /// Corpus-relative path.
    pub const ID: &str = "id";
    /// Openable path.
    pub const PATH: &str = "path";
    /// Headline.
    pub const TITLE: &str = "title";
    /// Byline.
    pub const BYLINE: &str = "byline";
    /// Story text.
    pub const BODY: &str = "body";
    /// Quotations, one value each.
    pub const QUOTES: &str = "quotes";
    /// Quotation speakers, one value each.
    pub const SPEAKER: &str = "speaker";
    /// Dateline place.
    pub const LOCATION: &str = "location";
    /// Dateline agency.
    pub const AGENCY: &str = "agency";
    /// Category folder.
    pub const CATEGORY: &str = "category";
    /// Dateline date as written.
    pub const DATE: &str = "date";
    /// Full publication date.
    pub const PUBLISHED: &str = "published";
    /// Where `published` came from: `metadata`, `dateline`, `path` or `flag` (issue 10).
    pub const PUBLISHED_FROM: &str = "published_from";
    /// Tags or keywords from the story's metadata, each whole.
    pub const TAGS: &str = "tags";
    /// Quotations with speakers, as JSON, for display.
    pub const QUOTES_JSON: &str = "quotes_json";
    /// Corpus-relative path of the file the story came from.
    pub const FILE: &str = "file";
    /// That file's size in bytes when indexed.
    pub const FILE_SIZE: &str = "file_size";
    /// That file's modification time when indexed (ns since the Unix epoch).
    pub const FILE_MODIFIED: &str = "file_modified";
    /// That file's xxh3 content hash when indexed.
    pub const FILE_HASH: &str = "file_hash";
    /// Dateline place, whole, for filters and facets.
    pub const LOCATION_KEY: &str = "location_key";
    /// Dateline agency, whole, for filters and facets.
    pub const AGENCY_KEY: &str = "agency_key";
    /// Quotation speakers, whole and canonical, for filters and facets.
    pub const SPEAKER_KEY: &str = "speaker_key";
    /// Every word of headline and text as written, for "did you mean".
    pub const WORDS: &str = "words";
}

/// Fields a query may name with a `field:` prefix.
pub const SEARCHABLE_FIELDS: &[&str] = &[
    names::TITLE,
    names::BODY,
    names::QUOTES,
    names::SPEAKER,
    names::LOCATION,
    names::AGENCY,
    names::CATEGORY,
    names::TAGS,
    names::BYLINE,
    names::PUBLISHED,
    names::ID,
];

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// See [`names::ID`].
    pub id: Field,
    /// See [`names::PATH`].
    pub path: Field,
    /// See [`names::TITLE`].
    pub title: Field,
    /// See [`names::BYLINE`].
    pub byline: Field,
    /// See [`names::BODY`].
    pub body: Field,
    /// See [`names::QUOTES`].
    pub quotes: Field,
    /// See [`names::SPEAKER`].
    pub speaker: Field,
    /// See [`names::LOCATION`].
    pub location: Field,
    /// See [`names::AGENCY`].
    pub agency: Field,
    /// See [`names::CATEGORY`].
    pub category: Field,
    /// See [`names::DATE`].
    pub date: Field,
    /// See [`names::PUBLISHED`].
    pub published: Field,
    /// See [`names::QUOTES_JSON`].
    pub quotes_json: Field,
    /// See [`names::FILE`].
    pub file: Field,
    /// See [`names::FILE_SIZE`].
    pub file_size: Field,
    /// See [`names::FILE_MODIFIED`].
    pub file_modified: Field,
    /// See [`names::FILE_HASH`].
    pub file_hash: Field,
    /// See [`names::LOCATION_KEY`].
    pub location_key: Field,
    /// See [`names::AGENCY_KEY`].
    pub agency_key: Field,
    /// See [`names::SPEAKER_KEY`].
    pub speaker_key: Field,
    /// See [`names::WORDS`]: holds no term; its words are in the words file
    /// ([`words::read`]).
    pub words: Field,
    /// See [`names::PUBLISHED_FROM`]; `None` in an index built before it existed.
    pub published_from: Option<Field>,
    /// See [`names::TAGS`]; absent from indexes built before it.
    pub tags: Option<Field>,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(analyzer)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options | STORED
    } else {
        options
    }
}

/// Builds the schema and returns it with its field handles.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field(names::ID, STRING | STORED | FAST),
        path: b.add_text_field(names::PATH, STORED),
        title: b.add_text_field(names::TITLE, text(NEWS_ANALYZER, true)),
        byline: b.add_text_field(names::BYLINE, text(NAMES_ANALYZER, false)),
        body: b.add_text_field(names::BODY, text(NEWS_ANALYZER, true)),
        quotes: b.add_text_field(names::QUOTES, text(QUOTES_ANALYZER, false)),
        speaker: b.add_text_field(names::SPEAKER, text(NAMES_ANALYZER, false)),
        location: b.add_text_field(names::LOCATION, text(NAMES_ANALYZER, true)),
        agency: b.add_text_field(names::AGENCY, text(NAMES_ANALYZER, true)),
        category: b.add_text_field(names::CATEGORY, key_options() | STORED),
        date: b.add_text_field(names::DATE, STORED),
        published: b.add_date_field(
            names::PUBLISHED,
            DateOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        ),
        quotes_json: b.add_text_field(names::QUOTES_JSON, STORED),
        file: b.add_text_field(names::FILE, STRING | FAST),
        file_size: b.add_u64_field(names::FILE_SIZE, FAST),
        file_modified: b.add_i64_field(names::FILE_MODIFIED, FAST),
        file_hash: b.add_u64_field(names::FILE_HASH, FAST),
        location_key: b.add_text_field(names::LOCATION_KEY, key_options()),
        agency_key: b.add_text_field(names::AGENCY_KEY, key_options()),
        speaker_key: b.add_text_field(names::SPEAKER_KEY, key_options()),
        words: b.add_text_field(names::WORDS, words_options()),
        published_from: Some(b.add_text_field(names::PUBLISHED_FROM, key_options())),
        tags: Some(b.add_text_field(names::TAGS, key_options())),
    };
    (b.build(), fields)
}

/// Looks up the field handles in an opened index's schema.
pub fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name| schema.get_field(name).ok();
    Some(Fields {
        id: f(names::ID)?,
        path: f(names::PATH)?,
        title: f(names::TITLE)?,
        byline: f(names::BYLINE)?,
        body: f(names::BODY)?,
        quotes: f(names::QUOTES)?,
        speaker: f(names::SPEAKER)?,
        location: f(names::LOCATION)?,
        agency: f(names::AGENCY)?,
        category: f(names::CATEGORY)?,
        date: f(names::DATE)?,
        published: f(names::PUBLISHED)?,
        quotes_json: f(names::QUOTES_JSON)?,
        file: f(names::FILE)?,
        file_size: f(names::FILE_SIZE)?,
        file_modified: f(names::FILE_MODIFIED)?,
        file_hash: f(names::FILE_HASH)?,
        location_key: f(names::LOCATION_KEY)?,
        agency_key: f(names::AGENCY_KEY)?,
        speaker_key: f(names::SPEAKER_KEY)?,
        words: f(names::WORDS)?,
        published_from: f(names::PUBLISHED_FROM),
        tags: f(names::TAGS),
    })
}

/// One raw lowercased token, no positions, plus a fast column of the values as written.
fn key_options() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(KEYWORD_ANALYZER)
        .set_index_option(IndexRecordOption::Basic);
    TextOptions::default().set_indexing_options(indexing) | FAST
}

/// The `words` field: never holds a term ([`words`]); no norms (nothing scores it).
fn words_options() -> TextOptions {
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(WORDS_ANALYZER)
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    TextOptions::default().set_indexing_options(indexing)
}

/// One name per person: a speaker that is the last word(s) of a longer speaker in the same
/// list ("Ferrand" beside "Marco Ferrand") becomes that longer name; duplicates go.
pub fn canonical_speakers<'a>(speakers: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for &speaker in speakers {
        let lower = speaker.to_lowercase();
        let full = speakers
            .iter()
            .filter(|other| {
                let other = other.to_lowercase();
                other.len() > lower.len() && other.ends_with(&format!(" {lower}"))
            })
            .max_by_key(|other| other.len())
            .copied()
            .unwrap_or(speaker);
        if !out.iter().any(|s| s.eq_ignore_ascii_case(full)) {
            out.push(full);
        }
    }
    out
}

/// Whether `tokenizer` (a field's analyzer name) stems: `news` and `quotes` do.
pub fn stems(tokenizer: &str) -> bool {
    matches!(tokenizer, NEWS_ANALYZER | QUOTES_ANALYZER)
}

/// Registers newsdex's analyzers for searching; needed every time an index is opened.
pub fn register_analyzers(index: &Index) {
    register(index, Tap::Off, &WordCounts::default());
}

/// Registers newsdex's analyzers for indexing: `news` taps each story's words and `words`
/// closes the story ([`words`]); the words of the stories indexed go to the counts returned.
pub fn register_indexing_analyzers(index: &Index) -> WordCounts {
    let counts = WordCounts::default();
    register(index, Tap::On, &counts);
    counts
}

fn register(index: &Index, tap: Tap, counts: &WordCounts) {
    // Split, drop words of 40 bytes or more, lowercase and fold, in one pass ([`fold`]).
    let names = TextAnalyzer::from(FoldingTokenizer::default());
    // The same words stemmed with Snowball English as tantivy's `Stemmer` runs it,
    // memoised, in the same pass (see `crate::stem`).
    let plain = TextAnalyzer::from(FoldingStemmer::new(false));
    let keyword = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .build();
    let tokenizers = index.tokenizers();
    match tap {
        Tap::On => {
            let tapping = TextAnalyzer::from(FoldingStemmer::new(true));
            tokenizers.register(NEWS_ANALYZER, tapping);
            tokenizers.register(
                WORDS_ANALYZER,
                TextAnalyzer::from(DrainWords::new(counts.clone())),
            );
        }
        Tap::Off => {
            tokenizers.register(NEWS_ANALYZER, plain.clone());
            tokenizers.register(WORDS_ANALYZER, names.clone());
        }
    }
    tokenizers.register(QUOTES_ANALYZER, plain);
    tokenizers.register(NAMES_ANALYZER, names);
    tokenizers.register(KEYWORD_ANALYZER, keyword);
}

#[cfg(test)]
mod key_tests {
    use super::*;

    /// tantivy indexes a document's fields in field order: the `words` tap must be filled
    /// by `title` and `body` before `words` drains it.
    #[test]
    fn words_come_after_the_fields_that_fill_their_tap() {
        let (schema, fields) = build();
        assert!(fields.title < fields.words && fields.body < fields.words);
        let tokenizer = |field| match schema.get_field_entry(field).field_type() {
            tantivy::schema::FieldType::Str(options) => options
                .get_indexing_options()
                .map(|i| i.tokenizer().to_string()),
            _ => None,
        };
        // Only the headline and text tap: no other field uses `news`.
        for (field, _) in schema.fields() {
            let tapped = tokenizer(field).as_deref() == Some(NEWS_ANALYZER);
            assert_eq!(tapped, field == fields.title || field == fields.body);
        }
    }

    #[test]
    fn a_surname_folds_into_the_full_name() {
        assert_eq!(
            canonical_speakers(&["Ferrand", "Marco Ferrand", "Xi", "ferrand"]),
            vec!["Marco Ferrand", "Xi"]
        );
        assert_eq!(canonical_speakers(&["Kim", "Kwon"]), vec!["Kim", "Kwon"]);
    }
}
