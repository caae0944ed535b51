//! Recognises the dateline that opens a wire story: `[LOCATION][, Date] [(AGENCY)] <dash>`.
//!
//! Part of stage 2 (text -> article); knows nothing of files, paths or the index.
//! Examples from real copy: `SALVADOR, Feb 26 -`, `SEOUL, September 05 (AJP) -`,
//! `WASHINGTON (AP) —`, `Washington (CNN) --`, `RICHMOND, Va. Feb 26 -`, `AMSTERDAM, 2 March -`,
//! `(Reuters) -` and `March 16 (UPI) —` with no place, `PARIS, Nov 11 (AFP)` and
//! `Hong Kong (CNN Business)` with no dash, `PARIS; 5 Oct 2018; (AP)`, `omaha, april 7 -`,
//! `LOS ANGELES, Macrh 31 -`, `BUENOS AIRES, ABR 7 -`. A hand-written scanner, no regex: it
//! runs on the first paragraphs of every story.

use serde::{Deserialize, Serialize};

use super::dates::trailing_date_start;

/// Longest text before the dash that can still be a dateline.
const MAX_HEAD_CHARS: usize = 110;
const MAX_LOCATION_WORDS: usize = 7;
/// Longest `(AGENCY)` name.
const MAX_AGENCY_CHARS: usize = 40;

/// Agencies a dateline may name without a dash after them (`PARIS, Nov 11 (AFP) The`):
/// the first word inside the parentheses, as written.
const DASHLESS_AGENCIES: &[&str] = &[
    "AFP",
    "AP",
    "ANSA",
    "Bernama",
    "Bloomberg",
    "CNN",
    "dpa",
    "DPA",
    "EFE",
    "IANS",
    "Kyodo",
    "PTI",
    "Reuters",
    "REUTERS",
    "TASS",
    "UPI",
    "Xinhua",
    "Yonhap",
];

/// Wire agencies written after the date with a comma: `WASHINGTON, March 12, Reuter -`.
const TRAILING_AGENCIES: &[&str] = &[
    "Reuter", "Reuters", "REUTER", "REUTERS", "AP", "AFP", "UPI", "dpa", "DPA",
];

/// What opens a photo caption, never a place: `FILE PHOTO - A sign ...`, `FILE - In this`.
const CAPTION_WORDS: &[&str] = &["FILE", "FILE PHOTO", "CLOSE", "PHOTO"];

/// Lowercase words a place name may hold: `RIO DE JANEIRO`, `Stratford upon Avon`.
const PLACE_PARTICLES: &[&str] = &[
    "de", "da", "do", "del", "la", "le", "el", "al", "of", "on", "upon", "am", "an", "sur",
];

/// A parsed dateline, each part exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline including its dash, e.g. `SALVADOR, Feb 26 -`.
    pub raw: String,
    /// The place as written, region included: `RICHMOND, Va.`. Empty when the dateline
    /// names only the agency (`(Reuters) -`) or the date and agency (`March 16 (UPI) —`).
    pub location: String,
    /// The date as written, e.g. `Feb 26`, `September 05`, `Sept. 4`.
    pub date: Option<String>,
    /// The name inside the parentheses, e.g. `AP`.
    pub agency: Option<String>,
}

impl Dateline {
    /// Parses a dateline at the very start of `paragraph`. Returns it with the byte offset
    /// where the story text after the dash begins.
    pub fn parse(paragraph: &str) -> Option<(Dateline, usize)> {
        if paragraph.starts_with("By ") || paragraph.starts_with("BY ") {
            return None; // a byline; see [`Dateline::parse_after_byline`]
        }
        let window = &paragraph[..window_end(paragraph, MAX_HEAD_CHARS + 8)];
        find_dash(window)
            .and_then(|(head_end, body_start)| read(paragraph, head_end, body_start, false))
            .or_else(|| {
                let (head_end, body_start) = find_dashless_agency(window)?;
                read(paragraph, head_end, body_start, true)
            })
    }

    /// A byline and dateline on one line: `By Kim Eun-jung SEOUL, Dec. 28 (Yonhap) --`.
    /// Returns the byline (`By Kim Eun-jung`), the dateline, and where the story begins.
    /// The dateline must name a date or an agency, and its place must be in capitals.
    pub fn parse_after_byline(paragraph: &str) -> Option<(String, Dateline, usize)> {
        let names = paragraph
            .strip_prefix("By ")
            .or_else(|| paragraph.strip_prefix("BY "))?;
        let offset = paragraph.len() - names.len();
        let mut words = 0;
        for (start, word) in words_with_offsets(names) {
            words += 1;
            if words > 6 {
                return None;
            }
            if start == 0 || !is_shouted(word) {
                continue;
            }
            let (dateline, rest) = Dateline::parse(&names[start..])?;
            let confirmed = dateline.date.is_some() || dateline.agency.is_some();
            let byline = paragraph[..offset + start].trim_end().trim_end_matches(',');
            return confirmed.then(|| (byline.to_string(), dateline, offset + start + rest));
        }
        None
    }

    /// A headline running into the dateline on one line: `Japan stocks rise TOKYO - Shares`.
    /// Returns the headline, the dateline, and where the story begins. The place must be in
    /// capitals, the headline must not end a sentence, and the story must open capitalised.
    pub fn parse_after_headline(paragraph: &str) -> Option<(String, Dateline, usize)> {
        let mut words = 0;
        for (start, word) in words_with_offsets(paragraph) {
            words += 1;
            if words > MAX_HEADLINE_WORDS || start > MAX_HEADLINE_CHARS {
                return None;
            }
            if words < 3 || !is_shouted(word) {
                continue;
            }
            let headline = paragraph[..start].trim_end();
            if headline.ends_with(['.', ',', ';', ':', '!', '?', '-', '—', '–'])
                || !headline.chars().any(char::is_lowercase)
            {
                continue;
            }
            let Some((dateline, rest)) = Dateline::parse(&paragraph[start..]) else {
                continue;
            };
            let opens_story = paragraph[start + rest..]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || is_quote(c));
            if is_shouted_place(&dateline.location) && opens_story {
                return Some((headline.to_string(), dateline, start + rest));
            }
        }
        None
    }
}

/// Headlines that run into a dateline are at most this long.
const MAX_HEADLINE_WORDS: usize = 25;
const MAX_HEADLINE_CHARS: usize = 160;

/// Reads the dateline whose head is `paragraph[..head_end]` and whose story text starts at
/// `body_start`. `dashless`: the head ended at an agency's parenthesis, with no dash.
fn read(
    paragraph: &str,
    head_end: usize,
    mut body_start: usize,
    dashless: bool,
) -> Option<(Dateline, usize)> {
    let head = paragraph[..head_end].trim();
    if head.is_empty() || head.chars().count() > MAX_HEAD_CHARS {
        return None;
    }
    let (head, mut agency) = split_agency(head)?;
    let mut head = head.trim_end_matches([',', ' ', ';']);
    if agency.is_none() {
        if let Some((before, name)) = head.rsplit_once(',') {
            if TRAILING_AGENCIES.contains(&name.trim()) {
                agency = Some(name.trim().to_string());
                head = before.trim_end();
            }
        }
    }
    let (location, date) = match trailing_date_start(head) {
        Some(start) => (
            &head[..start],
            Some(head[start..].trim().trim_end_matches([',', ';'])),
        ),
        None => match date_between_dashes(&paragraph[body_start..]) {
            Some((date, consumed)) => {
                body_start += consumed;
                (head, Some(date))
            }
            None => (head, None),
        },
    };
    let location = location.trim_end_matches([',', ' ', ';']).trim();
    if CAPTION_WORDS.contains(&location) {
        return None; // `FILE PHOTO - A sign ...` opens a caption
    }
    let date = date.map(str::to_string);
    let placeless = location.is_empty() && agency.is_some();
    let lowercase_place = date.is_some() && is_lowercase_place(location);
    let confirmed = (date.is_some() || agency.is_some()) && !dashless;
    if !(placeless || lowercase_place || is_place(location, confirmed)) {
        return None;
    }
    if dashless && !placeless && date.is_none() && !is_place(location, false) {
        return None;
    }
    let first_part = location.split(',').next().unwrap_or(location);
    let shouts_place =
        first_part.chars().any(char::is_alphabetic) && !first_part.chars().any(char::is_lowercase);
    if !(shouts_place || date.is_some() || agency.is_some()) {
        return None; // "Mr Smith - the ..." is prose, not a dateline
    }
    let raw = paragraph[..body_start].trim().to_string();
    let dateline = Dateline {
        raw,
        location: location.to_string(),
        date,
        agency,
    };
    Some((dateline, body_start))
}

/// The byte offset of character `chars` of `text` (its length when shorter). An ASCII
/// start, nearly every paragraph, is measured without decoding.
fn window_end(text: &str, chars: usize) -> usize {
    if text.len() <= chars {
        return text.len(); // no more characters than bytes
    }
    if text.as_bytes()[..chars].is_ascii() {
        return chars;
    }
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The dash that ends a dateline: a spaced hyphen or double hyphen, or an em/en dash; or a
/// hyphen glued to the day (`Feb 26- Text`). Returns where the head ends and where the
/// text after the dash (and its spaces) begins.
///
/// Visits only the bytes that can start a dash (`-`, and `0xE2`, the first byte of `—` and
/// `–`), found by `memchr`: this runs on the first lines of every story, most of which
/// hold none before the story text.
fn find_dash(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let spaces_after = |from: usize| {
        text[from..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(text.len(), |(i, _)| from + i)
    };
    for i in memchr::memchr2_iter(b'-', 0xE2, bytes) {
        let before = || text[..i].trim_end();
        if bytes[i] == 0xE2 {
            // `—` (U+2014) is E2 80 94, `–` (U+2013) is E2 80 93.
            if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94])) {
                return Some((before().len(), spaces_after(i + 3)));
            }
            continue;
        }
        let len = if bytes.get(i + 1) == Some(&b'-') {
            2
        } else {
            1
        };
        let after = &text[i + len..];
        let spaced_after = after.starts_with(char::is_whitespace);
        let before = before();
        if before.len() < i && (after.is_empty() || spaced_after) {
            return Some((before.len(), spaces_after(i + len)));
        }
        let glued = i > 0 && bytes[i - 1].is_ascii_digit();
        if before.len() == i && glued && spaced_after {
            return Some((i, spaces_after(i + len)));
        }
    }
    None
}

/// A dateline with no dash: the first `(AGENCY)`, naming a wire in [`DASHLESS_AGENCIES`],
/// followed by a capital, a digit or a quotation mark. Returns where the head ends (after
/// the parenthesis) and where the story begins.
fn find_dashless_agency(text: &str) -> Option<(usize, usize)> {
    let open = text.find('(')?;
    let close = open + text[open..].find(')')?;
    let agency = &text[open + 1..close];
    let first = agency.split_whitespace().next()?;
    if agency.len() > MAX_AGENCY_CHARS || !DASHLESS_AGENCIES.contains(&first) {
        return None;
    }
    let after = &text[close + 1..];
    let story = after.trim_start();
    let opens = story.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || is_quote(c));
    opens.then_some((close + 1, close + 1 + after.len() - story.len()))
}

/// A date between two dashes: `CHEVY CHASE, Md., - March 4 - Text`. Returns the date as
/// written and how many bytes of `text` it takes with its dash and spaces.
fn date_between_dashes(text: &str) -> Option<(&str, usize)> {
    let mut words = words_with_offsets(text);
    let (_, month) = words.next()?;
    let (day_start, day) = words.next()?;
    let date_end = day_start + day.len();
    let date = &text[..date_end];
    super::dates::WrittenDate::parse(date)?;
    if !day.bytes().all(|b| b.is_ascii_digit()) || month.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = text[date_end..].trim_start();
    let dash_len = ["--", "-", "—", "–"]
        .iter()
        .find(|d| after.starts_with(*d))
        .map(|d| d.len())?;
    let rest = &after[dash_len..];
    let story = rest.trim_start();
    if story.len() == rest.len() {
        return None;
    }
    Some((date, text.len() - story.len()))
}

/// Splits a trailing `(AGENCY)` off the head. `None` when the parentheses hold no agency.
fn split_agency(head: &str) -> Option<(&str, Option<String>)> {
    let Some(inner_end) = head.strip_suffix(')') else {
        return Some((head, None));
    };
    let open = inner_end.rfind('(')?;
    let agency = inner_end[open + 1..].trim();
    let plausible = !agency.is_empty()
        && agency.chars().count() <= MAX_AGENCY_CHARS
        && agency.starts_with(|c: char| c.is_uppercase());
    plausible.then(|| (head[..open].trim_end(), Some(agency.to_string())))
}

/// Whether `location` looks like `CITY`, `City, Region`, `RIO DE JANEIRO`, `ST. JOHN'S, Nfld.`.
/// `confirmed` (a date or agency follows) also admits lowercase words after the first.
fn is_place(location: &str, confirmed: bool) -> bool {
    if !location
        .trim_start_matches('*')
        .starts_with(|c: char| c.is_uppercase())
    {
        return false;
    }
    let mut parts = 0;
    for part in location.split(',') {
        parts += 1;
        if part.trim().is_empty() {
            return false;
        }
    }
    let words = location.split([' ', ',']).filter(|w| !w.is_empty());
    parts <= 3
        && words.clone().count() <= MAX_LOCATION_WORDS
        && words
            .enumerate()
            .all(|(i, w)| is_place_word(w) || (confirmed && i > 0 && is_lowercase_word(w)))
}

/// One word of a place name: capitalised (`DALLAS/FORT`, `****LONDON` as some wires mark
/// urgency), an abbreviation (`N.`), or a particle like `de`.
fn is_place_word(word: &str) -> bool {
    if PLACE_PARTICLES.contains(&word) {
        return true;
    }
    let mut chars = word.trim_start_matches('*').chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '/' | '-'))
}

/// A lowercase word inside a place name (`New york`, `La paz`).
fn is_lowercase_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_lowercase)
        && chars.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-'))
}

/// A place written all in lowercase (`omaha`, `new york`), accepted only before a date.
fn is_lowercase_place(location: &str) -> bool {
    let mut words = location.split([' ', ',']).filter(|w| !w.is_empty());
    words.clone().count() <= 3 && words.clone().next().is_some() && words.all(is_lowercase_word)
}

/// A word in capitals: `TOKYO`, `SEOUL,`, `NEW`; at least two letters, none lowercase.
fn is_shouted(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && word.starts_with(|c: char| c.is_uppercase())
        && !word.chars().any(char::is_lowercase)
}

/// Whether the place's first part is in capitals (`TOKYO`, `SAN JOSE, Calif.`).
fn is_shouted_place(location: &str) -> bool {
    let first = location.split(',').next().unwrap_or("");
    first.split_whitespace().all(is_shouted) && !first.trim().is_empty()
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'')
}

/// The words of `text` split at spaces, each with its byte offset.
fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ')
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`find_dash`] as first written, visiting every character.
    fn find_dash_char_by_char(text: &str) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        let spaces_after = |from: usize| {
            text[from..]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(text.len(), |(i, _)| from + i)
        };
        for (i, c) in text.char_indices() {
            let before = text[..i].trim_end();
            match c {
                '—' | '–' => return Some((before.len(), spaces_after(i + c.len_utf8()))),
                '-' => {
                    let len = if bytes.get(i + 1) == Some(&b'-') {
                        2
                    } else {
                        1
                    };
                    let after = &text[i + len..];
                    let spaced_after = after.starts_with(char::is_whitespace);
                    if before.len() < i && (after.is_empty() || spaced_after) {
                        return Some((before.len(), spaces_after(i + len)));
                    }
                    let glued = i > 0 && bytes[i - 1].is_ascii_digit();
                    if before.len() == i && glued && spaced_after {
                        return Some((i, spaces_after(i + len)));
                    }
                }
                _ => {}
            }
        }
        None
    }

    proptest! {
        /// The dash found by `memchr` is the one found character by character, among
        /// hyphens, dashes, other characters starting with byte `0xE2` (`‐`, `€`, `…`) and
        /// spaces of both kinds; the window ends where counting characters ends it.
        #[test]
        fn dashes_found_by_memchr_agree_with_the_char_by_char_scan(
            pieces in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(vec![
                        "-", "--", " - ", " -- ", "—", "–", " — ", "‐", "€", "…", " ",
                        "\u{a0}", "\u{2009}", "26", "26-", "Feb", "SEOUL,", "é", "\n",
                    ])
                    .prop_map(str::to_string),
                    "[a-zA-Z0-9 -]{1,8}",
                    any::<char>().prop_map(String::from),
                ],
                0..20,
            ),
            chars in 0usize..40,
        ) {
            let text = pieces.concat();
            prop_assert_eq!(find_dash(&text), find_dash_char_by_char(&text));
            let counted = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
            prop_assert_eq!(window_end(&text, chars), counted);
        }
    }

    fn parts(paragraph: &str) -> Option<(String, Option<String>, Option<String>, String)> {
        Dateline::parse(paragraph)
            .map(|(d, rest)| (d.location, d.date, d.agency, paragraph[rest..].to_string()))
    }

    #[test]
    fn dateline_forms() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            (
                "SALVADOR, Feb 26 - Showers",
                "SALVADOR",
                Some("Feb 26"),
                None,
            ),
            (
                "SEOUL, September 05 (AJP) - North",
                "SEOUL",
                Some("September 05"),
                Some("AJP"),
            ),
            ("WASHINGTON (AP) — The", "WASHINGTON", None, Some("AP")),
            ("Washington (CNN) -- The", "Washington", None, Some("CNN")),
            (
                "NAIROBI, Oct 14 (NWS) – The",
                "NAIROBI",
                Some("Oct 14"),
                Some("NWS"),
            ),
            (
                "RICHMOND, Va. Feb 26 - The",
                "RICHMOND, Va.",
                Some("Feb 26"),
                None,
            ),
            (
                "RICHMOND, Va., Feb 26 - The",
                "RICHMOND, Va.",
                Some("Feb 26"),
                None,
            ),
            (
                "AMSTERDAM, 2 March - The",
                "AMSTERDAM",
                Some("2 March"),
                None,
            ),
            ("BERLIN March 3 - The", "BERLIN", Some("March 3"), None),
            ("LONDON, Sept. 4 - The", "LONDON", Some("Sept. 4"), None),
            (
                "GENEVA, March 3, 2025 (Reuters) - The",
                "GENEVA",
                Some("March 3, 2025"),
                Some("Reuters"),
            ),
            (
                "Portland, Ore. (AP) — The",
                "Portland, Ore.",
                None,
                Some("AP"),
            ),
            (
                "RIO DE JANEIRO, MARCH 25 - The",
                "RIO DE JANEIRO",
                Some("MARCH 25"),
                None,
            ),
            (
                "VANCOUVER, British Columbia, March 2 - The",
                "VANCOUVER, British Columbia",
                Some("March 2"),
                None,
            ),
            ("Detroit, March 4 - The", "Detroit", Some("March 4"), None),
            ("LONDON - The", "LONDON", None, None),
            ("MONTREAL, Feb 26- The", "MONTREAL", Some("Feb 26"), None),
            (
                "CHEVY CHASE, Md., - March 4 - The",
                "CHEVY CHASE, Md.",
                Some("March 4"),
                None,
            ),
            (
                "WASHINGTON, March 12, Reuter - The",
                "WASHINGTON",
                Some("March 12"),
                Some("Reuter"),
            ),
            ("New york, march 2 - The", "New york", Some("march 2"), None),
            (
                "ALBANY, N.Y., Marc 3 - The",
                "ALBANY, N.Y.",
                Some("Marc 3"),
                None,
            ),
            (
                "DALLAS/FORT WORTH, Texas, March 3 - The",
                "DALLAS/FORT WORTH, Texas",
                Some("March 3"),
                None,
            ),
            (
                "****LONDON, March 5 - The",
                "****LONDON",
                Some("March 5"),
                None,
            ),
            (
                "WINSTON-SALEM, N.C., March 2 - The",
                "WINSTON-SALEM, N.C.",
                Some("March 2"),
                None,
            ),
        ];
        for (text, location, date, agency) in cases {
            let got = parts(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(
                (got.0.as_str(), got.1.as_deref(), got.2.as_deref()),
                (*location, *date, *agency),
                "{text}"
            );
            assert_eq!(
                got.3,
                text.rsplit(' ').next().unwrap(),
                "story text after {text:?}"
            );
        }
    }

    #[test]
    fn raw_keeps_the_dash() {
        let (d, _) = Dateline::parse("SALVADOR, Feb 26 - Showers").unwrap();
        assert_eq!(d.raw, "SALVADOR, Feb 26 -");
        let (d, _) = Dateline::parse("WASHINGTON (AP)—The").unwrap();
        assert_eq!(d.raw, "WASHINGTON (AP)—");
    }

    /// Dateline forms from modern wire copy (issue 10): (text, location, date, agency).
    /// Each must leave exactly `The` as the story text.
    #[test]
    fn dateline_forms_in_the_wild() {
        let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            // No place: the agency alone, or the date and agency.
            ("(Reuters) - The", "", None, Some("Reuters")),
            ("(AFP) — The", "", None, Some("AFP")),
            ("March 16 (UPI) — The", "", Some("March 16"), Some("UPI")),
            (
                "Oct 24 (Reuters) - The",
                "",
                Some("Oct 24"),
                Some("Reuters"),
            ),
            // An agency of two words.
            (
                "Hong Kong (CNN Business) - The",
                "Hong Kong",
                None,
                Some("CNN Business"),
            ),
            (
                "SAN FRANCISCO (Reuters Breakingviews) - The",
                "SAN FRANCISCO",
                None,
                Some("Reuters Breakingviews"),
            ),
            // No dash after the agency.
            (
                "Hong Kong (CNN Business) The",
                "Hong Kong",
                None,
                Some("CNN Business"),
            ),
            (
                "PARIS, Nov 11 (AFP) The",
                "PARIS",
                Some("Nov 11"),
                Some("AFP"),
            ),
            ("(Reuters) The", "", None, Some("Reuters")),
            // Semicolons between the parts, with or without a dash.
            (
                "PARIS; 5 Oct 2018; (AP) The",
                "PARIS",
                Some("5 Oct 2018"),
                Some("AP"),
            ),
            (
                "PARIS; 5 Oct 2018; (AP) - The",
                "PARIS",
                Some("5 Oct 2018"),
                Some("AP"),
            ),
            // A place in lowercase before a date.
            ("omaha, april 7 - The", "omaha", Some("april 7"), None),
            // Misspelt months, and months of other languages.
            (
                "LOS ANGELES, Macrh 31 - The",
                "LOS ANGELES",
                Some("Macrh 31"),
                None,
            ),
            ("ROME, Juen 19 - The", "ROME", Some("Juen 19"), None),
            (
                "BUENOS AIRES, ABR 7 - The",
                "BUENOS AIRES",
                Some("ABR 7"),
                None,
            ),
            ("MADRID, 3 ago - The", "MADRID", Some("3 ago"), None),
            // A day mistyped is still the date as written.
            ("BOSTON, March 187 - The", "BOSTON", Some("March 187"), None),
            // Two places, and a place with a region.
            (
                "HOLLYWOOD, Fla./SAN JUAN, Puerto Rico (Reuters) - The",
                "HOLLYWOOD, Fla./SAN JUAN, Puerto Rico",
                None,
                Some("Reuters"),
            ),
            (
                "Christchurch, New Zealand (AP) -- The",
                "Christchurch, New Zealand",
                None,
                Some("AP"),
            ),
        ];
        for (text, location, date, agency) in cases {
            let got = parts(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(
                (got.0.as_str(), got.1.as_deref(), got.2.as_deref()),
                (*location, *date, *agency),
                "{text}"
            );
            assert_eq!(got.3, "The", "story text after {text:?}");
        }
    }

    /// (paragraph, byline, location, date, agency); the story is `The`.
    #[test]
    fn byline_on_the_dateline_line() {
        type Case<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            (
                "By Kim Eun-jung SEOUL, Dec. 28 (Yonhap) -- The",
                "By Kim Eun-jung",
                "SEOUL",
                Some("Dec. 28"),
                Some("Yonhap"),
            ),
            (
                "By Ann Lee, LONDON (Reuters) - The",
                "By Ann Lee",
                "LONDON",
                None,
                Some("Reuters"),
            ),
        ];
        for (text, byline, location, date, agency) in cases {
            let (got_byline, d, rest) = Dateline::parse_after_byline(text)
                .unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(
                (
                    got_byline.as_str(),
                    d.location.as_str(),
                    d.date.as_deref(),
                    d.agency.as_deref()
                ),
                (*byline, *location, *date, *agency),
                "{text}"
            );
            assert_eq!(&text[rest..], "The");
        }
        assert_eq!(
            Dateline::parse("By Kim Eun-jung SEOUL, Dec. 28 (Yonhap) -- The"),
            None
        );
        assert_eq!(
            Dateline::parse_after_byline("By Ann Lee LONDON - The"),
            None,
            "a bare place after a byline could be part of the name"
        );
    }

    /// (line, headline, location, agency)
    #[test]
    fn headline_on_the_dateline_line() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "Japan stocks rise on weak yen TOKYO - The",
                "Japan stocks rise on weak yen",
                "TOKYO",
                None,
            ),
            (
                "Shares rise in U.S. trade NEW YORK (Reuters) - The",
                "Shares rise in U.S. trade",
                "NEW YORK",
                Some("Reuters"),
            ),
        ];
        for (text, headline, location, agency) in cases {
            let (got, d, rest) = Dateline::parse_after_headline(text)
                .unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(
                (got.as_str(), d.location.as_str(), d.agency.as_deref()),
                (*headline, *location, *agency),
                "{text}"
            );
            assert_eq!(&text[rest..], "The");
        }
        for text in [
            "The talks with NATO - the alliance - ended.",
            "Japan stocks rise. TOKYO - The",
            "Stocks rise TOKYO - shares rose.",
        ] {
            assert_eq!(Dateline::parse_after_headline(text), None, "{text}");
        }
    }

    #[test]
    fn captions_are_not_datelines() {
        for text in [
            "FILE PHOTO - U.S. Secretary of State speaks in Washington.",
            "FILE - In this Dec. 18, 2019 file photo, the president arrives.",
            "Shares of Apple (AAPL) rose.",
            "The company (AP) said profit rose.",
        ] {
            assert_eq!(parts(text), None, "{text}");
        }
    }

    #[test]
    fn prose_is_not_a_dateline() {
        for text in [
            "Mr Smith - the chairman - resigned.",
            "Washington - a city of contrasts.",
            "The company said on Tuesday - after markets closed - that profit rose.",
            "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn.",
            "North Korean leader Kim Jong-un and Chinese President Xi Jinping met.",
            "In 2004 - the year of the merger - sales rose (AP) - said.",
            "Prices rose 5- 6 pct in the week.",
            "He said 2-3 pct.",
        ] {
            assert_eq!(parts(text), None, "{text}");
        }
    }
}
