//! Stage 3a: the codec between stories and tantivy documents.
//!
//! The one place an [`Article`] becomes a [`TantivyDocument`] ([`to_document`]), and a
//! stored document comes back as what search shows ([`StoredStory::read`]); dates convert
//! here in both directions. Knows nothing of how documents are written or queried.

use tantivy::schema::Value;
use tantivy::{DateTime, TantivyDocument};

use super::{canonical_speakers, Fields};
use crate::article::{Article, Date, Quote};
use crate::corpus::StoryFile;

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The tantivy document for one story of `file`, whose bytes hash to `hash`.
///
/// The file fields record which file the story came from and what that file looked like,
/// so the next run can tell whether it changed (see [`crate::schema`]).
pub fn to_document(
    article: &Article,
    fields: &Fields,
    file: &StoryFile,
    hash: u64,
) -> TantivyDocument {
    let mut doc = story_document(article, fields);
    doc.add_text(fields.file, &file.id);
    doc.add_u64(fields.file_size, file.size);
    doc.add_i64(fields.file_modified, file.modified);
    doc.add_u64(fields.file_hash, hash);
    doc
}

/// The document's story fields alone, without the file it came from.
pub fn story_document(article: &Article, fields: &Fields) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &article.id);
    doc.add_text(fields.path, &article.path);
    if let Some(title) = &article.title {
        doc.add_text(fields.title, title);
    }
    if let Some(byline) = &article.byline {
        doc.add_text(fields.byline, byline);
    }
    doc.add_text(fields.body, &article.body);
    if let Some(deck) = &article.deck {
        // The deck (a page's standfirst) is searched as story text; a second value, so the
        // stored body that results show stays the body.
        doc.add_text(fields.body, deck);
    }
    // The words of the headline, text and deck, which indexing them just tapped.
    doc.add_text(fields.words, super::words::TAPPED);
    for quote in &article.quotes {
        doc.add_text(fields.quotes, &quote.text);
    }
    let speakers = article.speakers();
    for speaker in &speakers {
        doc.add_text(fields.speaker, speaker);
    }
    for speaker in canonical_speakers(&speakers) {
        doc.add_text(fields.speaker_key, speaker);
    }
    if let Some(dateline) = &article.dateline {
        // An agency-only dateline (`(Reuters) - ...`) names no place.
        if !dateline.location.trim().is_empty() {
            doc.add_text(fields.location, &dateline.location);
            doc.add_text(fields.location_key, dateline.location.trim());
        }
        if let Some(date) = &dateline.date {
            doc.add_text(fields.date, date);
        }
        if let Some(agency) = &dateline.agency {
            doc.add_text(fields.agency, agency);
        }
    }
    // One name per agency (`Reuter` is kept as `Reuters`), from the dateline, else the
    // source or credits; searchable under that name too (`agency:reuters` finds `(Reuter)`).
    if let Some(agency) = crate::article::agency::of_article(article) {
        let written = article.dateline.as_ref().and_then(|d| d.agency.as_deref());
        if written.is_none_or(|w| !w.trim().eq_ignore_ascii_case(&agency)) {
            doc.add_text(fields.agency, &agency);
        }
        doc.add_text(fields.agency_key, agency);
    }
    if let Some(category) = &article.category {
        doc.add_text(fields.category, category);
    }
    if let Some(published) = article.published {
        doc.add_date(fields.published, date_time(published));
    }
    if let Some(field) = fields.tags {
        // Each tag whole and lowercased: `tags:coffee`, `tags:"climate change"`.
        for tag in article
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            doc.add_text(field, tag);
        }
    }
    if let (Some(field), Some(from)) = (fields.published_from, article.published_from) {
        doc.add_text(field, from.as_str());
    }
    if !article.quotes.is_empty() {
        // Quotes are plain strings and options: serializing them cannot fail.
        let json = serde_json::to_string(&article.quotes).unwrap_or_default();
        doc.add_text(fields.quotes_json, json);
    }
    doc
}

/// What the index keeps of a story for display: the stored fields, decoded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredStory {
    /// Corpus-relative id.
    pub id: String,
    /// Openable path, as recorded when indexed.
    pub path: String,
    /// Headline, when the story has one.
    pub title: Option<String>,
    /// Story text.
    pub body: String,
    /// Dateline place.
    pub location: Option<String>,
    /// Dateline date as written.
    pub date: Option<String>,
    /// Dateline agency.
    pub agency: Option<String>,
    /// Category folder.
    pub category: Option<String>,
    /// Full publication date.
    pub published: Option<Date>,
    /// Quotations with their speakers.
    pub quotes: Vec<Quote>,
}

impl StoredStory {
    /// Decodes a stored document; missing fields stay empty.
    pub fn read(doc: &TantivyDocument, fields: &Fields) -> StoredStory {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        StoredStory {
            id: text(fields.id).unwrap_or_default(),
            path: text(fields.path).unwrap_or_default(),
            title: text(fields.title),
            body: text(fields.body).unwrap_or_default(),
            location: text(fields.location),
            date: text(fields.date),
            agency: text(fields.agency),
            category: text(fields.category),
            published: doc
                .get_first(fields.published)
                .and_then(|v| v.as_datetime())
                .and_then(|dt| date_from_timestamp(dt.into_timestamp_secs())),
            quotes: text(fields.quotes_json)
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
        }
    }
}

/// Midnight UTC of `date`, as tantivy stores dates.
pub fn date_time(date: Date) -> DateTime {
    let days = i64::from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY);
    // tantivy counts nanoseconds in an i64 (years 1678-2262): a date outside, such as
    // `published:0000`, saturates to the end of the range instead of overflowing.
    DateTime::from_timestamp_nanos(days.saturating_mul(86_400_000_000_000))
}

/// The calendar day of a stored timestamp (seconds since the Unix epoch, UTC).
pub fn date_from_timestamp(secs: i64) -> Option<Date> {
    let julian = i32::try_from(secs.div_euclid(86_400)).ok()? + UNIX_EPOCH_JULIAN_DAY;
    let date = time::Date::from_julian_day(julian).ok()?;
    Date::from_ymd(date.year(), date.month() as u8, date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_midnight_utc_and_back() {
        let date = Date::from_ymd(1987, 2, 26).unwrap();
        assert_eq!(date_time(date).into_timestamp_secs(), 541_296_000);
        assert_eq!(date_from_timestamp(541_296_000), Some(date));
        assert_eq!(date_from_timestamp(541_296_000 + 86_399), Some(date));
        let epoch = Date::from_ymd(1970, 1, 1).unwrap();
        assert_eq!(date_time(epoch).into_timestamp_secs(), 0);
    }

    #[test]
    fn a_deck_is_searched_as_body_text_but_not_stored_as_the_body() {
        let (_, fields) = super::super::build();
        let mut article =
            Article::parse("world/1.txt", "Talks resume\n\nSEOUL - Talks began.\n").unwrap();
        article.deck = Some("Envoys meet again".to_string());
        let doc = story_document(&article, &fields);
        let bodies: Vec<&str> = doc
            .get_all(fields.body)
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(bodies, ["Talks began.", "Envoys meet again"]);
        assert_eq!(StoredStory::read(&doc, &fields).body, "Talks began.");
    }

    #[test]
    fn a_story_round_trips_through_its_stored_fields() {
        let (_, fields) = super::super::build();
        let article = Article::parse(
            "world/1.txt",
            "Talks resume\n\nSEOUL, March 3 (Reuters) - \"We will talk,\" Kim said.\n",
        )
        .unwrap();
        let doc = story_document(&article, &fields);
        let stored = StoredStory::read(&doc, &fields);
        assert_eq!(stored.id, "world/1.txt");
        assert_eq!(stored.title.as_deref(), Some("Talks resume"));
        assert_eq!(stored.location.as_deref(), Some("SEOUL"));
        assert_eq!(stored.agency.as_deref(), Some("Reuters"));
        assert_eq!(stored.quotes, article.quotes);
        assert!(stored.body.contains("We will talk"));
    }
}
