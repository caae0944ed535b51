//! The lead of a story: its dateline, and what some feeds print ahead of it.
//!
//! Part of stage 2 (text -> article), run on the paragraphs after the headline; knows
//! nothing of files, paths or the index. Modern feeds put photo captions (`FILE PHOTO: ...`,
//! `... REUTERS/Name`, `(AP Photo/...)`), `CLOSE` buttons, editors' notes in parentheses,
//! author and agency lines ahead of the dateline. Those are set aside, never taken for the
//! story's first paragraph. A hand-written scanner: it runs on every story.

use super::dateline::Dateline;
use super::headline::is_byline;

/// How many paragraphs from the top the dateline is looked for in.
const MAX_LEAD_PARAGRAPHS: usize = 6;
/// A short line ahead of the dateline (an author, `AP`, a kicker) has at most this many words.
const MAX_LABEL_WORDS: usize = 12;
/// Paragraphs printed twice (a caption, then the same caption without its credit) are
/// recognised by this many leading bytes.
const REPEAT_PREFIX_BYTES: usize = 60;

/// What the top of a story holds besides its text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Lead {
    /// A headline that ran into the dateline on one line (`Stocks rise TOKYO - ...`).
    pub title: Option<String>,
    /// A byline on the dateline's line, or on a line of its own ahead of it.
    pub byline: Option<String>,
    /// The dateline, taken off the story's first paragraph.
    pub dateline: Option<Dateline>,
    /// Captions, credits and notes that stood ahead of the story, in order.
    pub set_aside: Vec<String>,
}

/// Finds the dateline in the first paragraphs and removes it, with every caption, credit,
/// note or label ahead of it, from `paragraphs`. Without a dateline, only photo captions
/// are removed from the top (and never the last paragraph). `title`: the headline, when
/// known (then the first paragraph cannot hold one, and a teaser repeating it is set aside).
pub(crate) fn take(paragraphs: &mut Vec<String>, title: Option<&str>) -> Lead {
    let mut lead = Lead::default();
    let limit = paragraphs.len().min(MAX_LEAD_PARAGRAPHS);
    for i in 0..limit {
        if let Some(found) = read_dateline(&paragraphs[i], i == 0 && title.is_none()) {
            let strong = found.dateline.agency.is_some() || found.dateline.date.is_some();
            if i == 0 || strong {
                lead.set_aside = paragraphs.drain(..i).collect();
                paragraphs[0] = paragraphs[0][found.rest..].to_string();
                lead.dateline = Some(found.dateline);
                lead.title = found.title;
                lead.byline = found.byline;
                break;
            }
        }
        let next = paragraphs.get(i + 1).map(String::as_str);
        if !is_front_matter(&paragraphs[i], &paragraphs[..i], next, title) {
            break;
        }
    }
    if lead.dateline.is_none() {
        let captions = paragraphs
            .iter()
            .take(paragraphs.len().saturating_sub(1))
            .enumerate()
            .take_while(|(i, p)| is_caption(p) || repeats(p, &paragraphs[..*i]))
            .count();
        lead.set_aside = paragraphs.drain(..captions).collect();
    }
    if lead.byline.is_none() {
        lead.byline = lead.set_aside.iter().find(|p| is_byline(p)).cloned();
        lead.set_aside.retain(|p| Some(p) != lead.byline.as_ref());
    }
    lead
}

/// A dateline found in one paragraph.
struct Found {
    dateline: Dateline,
    /// Byte offset of the story text in the paragraph.
    rest: usize,
    title: Option<String>,
    byline: Option<String>,
}

/// The dateline opening `paragraph`, perhaps after a byline on the same line, or (when
/// `after_headline`) after a headline on the same line.
fn read_dateline(paragraph: &str, after_headline: bool) -> Option<Found> {
    if let Some((dateline, rest)) = Dateline::parse(paragraph) {
        return Some(Found {
            dateline,
            rest,
            title: None,
            byline: None,
        });
    }
    if let Some((byline, dateline, rest)) = Dateline::parse_after_byline(paragraph) {
        return Some(Found {
            dateline,
            rest,
            title: None,
            byline: Some(byline),
        });
    }
    let (title, dateline, rest) = after_headline
        .then(|| Dateline::parse_after_headline(paragraph))
        .flatten()?;
    Some(Found {
        dateline,
        rest,
        title: Some(title),
        byline: None,
    })
}

/// What may stand between the headline and the dateline: a caption, a note, a byline, a
/// short label (`Becky Bohrer`, `AP`, `The Associated Press`), a teaser opening with the
/// headline, or a paragraph printed twice (a caption without its credit).
fn is_front_matter(
    paragraph: &str,
    earlier: &[String],
    next: Option<&str>,
    title: Option<&str>,
) -> bool {
    is_caption(paragraph)
        || is_note(paragraph)
        || is_byline(paragraph)
        || is_label(paragraph)
        || repeats(paragraph, earlier)
        || next.is_some_and(|next| repeats(next, &[paragraph.to_string()]))
        || title.is_some_and(|t| t.len() >= 20 && paragraph.starts_with(t.trim()))
}

/// A photo caption or its credit: `FILE PHOTO: ...`, `FILE - In this ...`, `CLOSE`,
/// `... REUTERS/Name`, `... (AP Photo/Name)`, `(Photo: ...)`, `Photographer: ...`; or an
/// archive's notice (`This archived news story is available only for ...`).
pub(crate) fn is_caption(paragraph: &str) -> bool {
    let p = paragraph.trim();
    let starts = [
        "This archived news story",
        "FILE PHOTO",
        "FILE -",
        "FILE –",
        "FILE —",
        "Photographer:",
        "Photo:",
    ];
    if starts.iter().any(|s| p.starts_with(s)) || p == "CLOSE" || p.starts_with("CLOSE ") {
        return true;
    }
    let tail_start = p.char_indices().rev().nth(80).map_or(0, |(i, _)| i);
    let tail = &p[tail_start..];
    [
        "REUTERS/",
        "(AP Photo",
        "(Photo:",
        "via AP)",
        "Getty Images",
        "/File Photo",
    ]
    .iter()
    .any(|credit| tail.contains(credit))
        || p.contains("(AP Photo/")
        || p.contains("(Photo: ")
}

/// An editor's note in parentheses: `(Editor's note: ...)`, `(Corrects paragraph 3)`.
fn is_note(paragraph: &str) -> bool {
    let p = paragraph.trim();
    p.starts_with('(') && p.ends_with(')') && p.len() <= 400
}

/// A short line that does not end a sentence: an author, an agency, a kicker.
fn is_label(paragraph: &str) -> bool {
    let p = paragraph.trim();
    !p.is_empty()
        && p.split_whitespace().count() <= MAX_LABEL_WORDS
        && !p.ends_with(['.', '!', '?', '"', '”', '\'', '’'])
}

/// Whether `paragraph` repeats the start of an earlier one (captions are often printed
/// twice, the second time without the credit).
fn repeats(paragraph: &str, earlier: &[String]) -> bool {
    let p = paragraph.trim();
    let cut = p
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= REPEAT_PREFIX_BYTES)
        .unwrap_or(p.len());
    let prefix = &p[..cut];
    prefix.len() >= 20 && earlier.iter().any(|e| e.trim().starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead_of(paragraphs: &[&str], has_title: bool) -> (Lead, Vec<String>) {
        let mut paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        let lead = take(
            &mut paragraphs,
            has_title.then_some("Plans set aside in capital"),
        );
        (lead, paragraphs)
    }

    #[test]
    fn front_matter_ahead_of_the_dateline_is_set_aside() {
        let cases: &[(&[&str], &str, usize)] = &[
            (
                &[
                    "FILE PHOTO: A sign is pictured in New York. REUTERS/Ann Lee/File Photo",
                    "WASHINGTON (Reuters) - The plan was set aside.",
                ],
                "WASHINGTON",
                1,
            ),
            (
                &[
                    "Officers stand guard in Paris, France, May 2, 2019. REUTERS/Ann Lee",
                    "PARIS (Reuters) - The plan was set aside.",
                ],
                "PARIS",
                1,
            ),
            (
                &[
                    "Students leave the school on Thursday, Nov. 14, 2019, in Utica. (AP Photo/Jo Ray)",
                    "Students leave the school on Thursday, Nov. 14, 2019, in Utica.",
                    "UTICA, N.Y. (AP) — The plan was set aside.",
                ],
                "UTICA, N.Y.",
                2,
            ),
            (
                &[
                    "CLOSE The mayor quit on Friday. USA TODAY",
                    "In this 2003 file photo the mayor speaks. (Photo: Jo Ray, AP)",
                    "ST. PAUL, Minn. (AP) — The plan was set aside.",
                ],
                "ST. PAUL, Minn.",
                2,
            ),
            (
                &[
                    "Jo Ray",
                    "AP Business Writers",
                    "JUNEAU, Alaska (AP) — The plan was set aside.",
                ],
                "JUNEAU, Alaska",
                2,
            ),
            (
                &[
                    "(Editor’s note: Story contains language some may find offensive)",
                    "GILROY, Calif. (Reuters) - The plan was set aside.",
                ],
                "GILROY, Calif.",
                1,
            ),
            (
                &[
                    "This image released by NBC shows the cast in a scene from the show.",
                    "This image released by NBC shows the cast in a scene from the show.",
                    "NEW YORK (AP) — The plan was set aside.",
                ],
                "NEW YORK",
                2,
            ),
            (
                &[
                    "Plans set aside in capital Safety inspections and more work is left undone.",
                    "WASHINGTON (AP) — The plan was set aside.",
                ],
                "WASHINGTON",
                1,
            ),
            (
                &[
                    "SHARE THIS ARTICLE Share Tweet Post Email",
                    "Christchurch, New Zealand (AP) -- The plan was set aside.",
                ],
                "Christchurch, New Zealand",
                1,
            ),
        ];
        for (paragraphs, location, set_aside) in cases {
            let (lead, rest) = lead_of(paragraphs, true);
            let dateline = lead.dateline.unwrap_or_else(|| panic!("{paragraphs:?}"));
            assert_eq!(dateline.location, *location, "{paragraphs:?}");
            assert_eq!(lead.set_aside.len(), *set_aside, "{paragraphs:?}");
            assert_eq!(rest, ["The plan was set aside."], "{paragraphs:?}");
        }
    }

    #[test]
    fn a_byline_line_ahead_of_the_dateline_becomes_the_byline() {
        let (lead, rest) = lead_of(
            &[
                "(Corrects spelling of name in paragraph 3)",
                "By Ann Lee and Jo Ray",
                "HOLLYWOOD, Fla. (Reuters) - Text.",
            ],
            true,
        );
        assert_eq!(lead.byline.as_deref(), Some("By Ann Lee and Jo Ray"));
        assert_eq!(
            lead.set_aside,
            ["(Corrects spelling of name in paragraph 3)"]
        );
        assert_eq!(rest, ["Text."]);
    }

    #[test]
    fn byline_and_dateline_on_one_line() {
        let (lead, rest) = lead_of(&["By Kim Eun-jung SEOUL, Dec. 28 (Yonhap) -- Text."], true);
        assert_eq!(lead.byline.as_deref(), Some("By Kim Eun-jung"));
        let d = lead.dateline.unwrap();
        assert_eq!(
            (d.location.as_str(), d.date.as_deref(), d.agency.as_deref()),
            ("SEOUL", Some("Dec. 28"), Some("Yonhap"))
        );
        assert_eq!(rest, ["Text."]);
    }

    #[test]
    fn headline_running_into_the_dateline() {
        let (lead, rest) = lead_of(
            &[
                "Japan stocks hit a three-month high TOKYO - Japanese shares rose.",
                "More.",
            ],
            false,
        );
        assert_eq!(
            lead.title.as_deref(),
            Some("Japan stocks hit a three-month high")
        );
        assert_eq!(lead.dateline.unwrap().location, "TOKYO");
        assert_eq!(rest, ["Japanese shares rose.", "More."]);
        let (lead, _) = lead_of(
            &["Japan stocks hit a three-month high TOKYO - Japanese shares rose."],
            true,
        );
        assert_eq!(lead.dateline, None, "the headline is already known");
    }

    #[test]
    fn prose_ahead_of_a_dateline_keeps_it_in_the_story() {
        let paragraphs = [
            "The minister resigned on Tuesday after a long row over the budget.",
            "LONDON (Reuters) - More text.",
        ];
        let (lead, rest) = lead_of(&paragraphs, true);
        assert_eq!(lead.dateline, None);
        assert_eq!(rest, paragraphs);
    }

    #[test]
    fn captions_leave_the_top_even_without_a_dateline() {
        let (lead, rest) = lead_of(
            &[
                "FILE PHOTO: The court in Washington, U.S. REUTERS/Ann Lee",
                "The court ruled on Monday.",
            ],
            true,
        );
        assert_eq!(lead.dateline, None);
        assert_eq!(lead.set_aside.len(), 1);
        assert_eq!(rest, ["The court ruled on Monday."]);
        let (_, rest) = lead_of(&["FILE PHOTO: Only a caption. REUTERS/Ann Lee"], true);
        assert_eq!(rest.len(), 1, "the last paragraph always stays");
    }
}
