//! The main text's paragraphs made into story text: the headline repeated at the top,
//! captions and photo credits, "Read more"/"Related" lines, newsletter, cookie and comment
//! prompts, and pull quotes that repeat a paragraph are dropped. Works on the paragraphs
//! alone (no page, no metadata but the headline); linear in their total size.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::Paragraph;
use crate::article::build_regex;

/// Whole paragraphs that are page furniture, not story.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(
        r"(?ix)^(?:
            advertisement|advertising|sponsored(?:\ content)?|skip\ advertisement
          | story\ continues\ below(?:\ advertisement)?|article\ continues\ below.*|continue\ reading.*
          | (?:read|see|click)\ (?:more|also|here).{0,80}
          | (?:related|more)\ (?:stories|articles|coverage|links|news|on\ this\ (?:story|topic))\b.{0,80}
          | related\s*:.{0,120}
          | share\ (?:this|on|via).{0,60}|share|tweet|email|print|comments?(?:\s*\(\d+\))?
          | (?:sign\ up|subscribe)\b.{0,120}(?:newsletter|inbox|email|updates).{0,60}
          | .{0,80}\bnewsletter\b.{0,40}
          | (?:we|this\ (?:site|website))\ uses?\ cookies\b.{0,200}
          | .{0,40}\baccept\ (?:all\ )?cookies\b.{0,80}
          | (?:photo|image|picture|video|graphic|illustration)s?(?:\ credit)?\s*:.{0,120}
          | .{0,100}\((?:photo|image|picture)s?:?\ [^)]{1,60}\)
          | .{0,80}/\ ?(?:getty\ images|afp|ap|reuters|epa)
          | (?:getty\ images|ap\ photo|afp\ photo|reuters\ photo|epa)\b.{0,80}
          | (?:leave\ a\ comment|post\ a\ comment|add\ your\ comment|\d+\ comments?|view\ comments).{0,40}
        )\.?$",
    )
    .expect("static regex is valid")
});

/// A line that opens what follows a story: its comments, its copyright notice.
static STORY_END: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(
        r"(?ix)^(?:
            (?:\d+\s+)?(?:readers?'?\s+)?comments?(?:\s*\(\d+\))?\s*[»:]?
          | comments?\ (?:are|is)\ (?:now\ )?closed.*|.{0,40}\b(?:feedback|discussion)\ is\ (?:now\ )?closed.*
          | thanks\ for\ your\ comments.*|(?:tell\ us|let\ us\ know)\ what\ you\ think.*
          | do\ you\ have\ (?:any\ )?comments?.*|have\ your\ say.*|no\ comments\ (?:yet|at\ the\ moment|so\ far).*
          | (?:leave|post|add|write)\ (?:a\ |your\ )?(?:comment|reply|response)s?\b.*
          | the\ following\ are\ comments.*|comment\ (?:blog|rules).*|.*\breport\ this\ comment
          | r\ e\ a\ d\ e\ r\ c\ o\ m\ m\ e\ n\ t\ s
          | (?:all\ content\ is\ )?copyright\b.{0,200}|©.{0,200}|.{0,200}\ball\ rights\ reserved\b.{0,200}
        )$",
    )
    .expect("static regex is valid")
});

/// A line that opens a list of other stories; it ends the story only in the story's second
/// half (a "Related" box inside a story may come before more of it).
static OTHER_STORIES: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(
        r"(?ix)^(?:
            also\ in\ (?:the\ )?news|in\ other\ news|top\ stories|latest\ news|external\ links
          | related\ (?:to\ this\ story|industry\ news|articles?|stories|links|news|content|coverage|items)
          | don'?t\ miss.{0,20}|most\ (?:popular|read|viewed|emailed).{0,30}|(?:you\ )?may\ also\ like.{0,30}
          | more\ (?:news|stories|headlines)\b.{0,60}|keep\ up\ to\ date\b.{0,120}|start\ receiving\b.{0,120}
          | (?:share|bookmark)\ this\ (?:article|story).{0,30}|social\ bookmark.{0,30}
        )\s*[:.»]*$",
    )
    .expect("static regex is valid")
});

/// Words of prose the story must have before a line can end it.
const MIN_WORDS_BEFORE_END: usize = 40;

/// At most this many paragraphs are checked for repeating another (pull quotes are few),
/// so the check stays linear on huge pages.
const MAX_REPEAT_CHECKS: usize = 64;
/// A pull quote is short.
const MAX_PULL_QUOTE_WORDS: usize = 60;

/// Paragraphs mostly made of link text are menus and teasers for other stories.
const MAX_LINK_SHARE: f64 = 0.65;

/// The paragraphs that belong to the story, in order.
pub(super) fn paragraphs(paragraphs: Vec<Paragraph>, headline: Option<&str>) -> Vec<String> {
    let headline = headline.map(words).unwrap_or_default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut kept: Vec<String> = Vec::with_capacity(paragraphs.len());
    let mut items: Vec<bool> = Vec::with_capacity(paragraphs.len());
    let total_words: usize = paragraphs
        .iter()
        .map(|p| p.text.split_whitespace().count())
        .sum();
    let mut words_before = 0;
    for (index, paragraph) in paragraphs.into_iter().enumerate() {
        if paragraph.link_share > MAX_LINK_SHARE {
            continue;
        }
        if words_before >= MIN_WORDS_BEFORE_END && paragraph.text.chars().count() <= 300 {
            let line = paragraph.text.trim();
            if STORY_END.is_match(line)
                || (words_before * 2 >= total_words && OTHER_STORIES.is_match(line))
            {
                break;
            }
        }
        words_before += paragraph.text.split_whitespace().count();
        let item = paragraph.item;
        let paragraph = paragraph.text.trim().to_string();
        let key = words(&paragraph);
        if key.is_empty() || (index < 3 && key == headline) {
            continue;
        }
        if paragraph.chars().count() <= 300 && FURNITURE.is_match(&paragraph) {
            continue;
        }
        // The same paragraph twice is a pull quote or a repeated teaser: keep the first.
        if !seen.insert(key) {
            continue;
        }
        kept.push(paragraph);
        items.push(item);
    }
    let keep = repeats_dropped(&kept);
    let (kept, items): (Vec<String>, Vec<bool>) = kept
        .into_iter()
        .zip(items)
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(pair, _)| pair)
        .unzip();
    trim_ends(kept, &items)
}

/// A paragraph shorter than this many words that does not end a sentence is a label (a
/// date line, a menu entry, "Related", a share button, a caption), not story text.
const MAX_LABEL_WORDS: usize = 8;

/// Whether a paragraph is a short label rather than a sentence.
fn is_label(paragraph: &str) -> bool {
    let words = paragraph.split_whitespace().count();
    let end = paragraph
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', '»', '」'])
        .chars()
        .last();
    words < MAX_LABEL_WORDS && !matches!(end, Some('.' | '!' | '?' | '…' | '。' | '！' | '？'))
}

/// A `By ...` line (`par`, `von` on French and German pages): the news pass reads the
/// byline from it, so page clean-up keeps it.
pub(super) fn is_by_line(paragraph: &str) -> bool {
    let lower = paragraph.trim_start().to_lowercase();
    ["by ", "par ", "von "]
        .iter()
        .any(|by| lower.starts_with(by))
}

/// Drops the labels before the story's first sentence and after its last: menus, date
/// lines, share buttons, "Related" headers left at the ends by the engine. A `By ...` line
/// stays (the news pass reads the byline from it), and so does a list that ends the story
/// (`items` says which paragraphs are list items).
fn trim_ends(mut paragraphs: Vec<String>, items: &[bool]) -> Vec<String> {
    if !paragraphs.iter().any(|p| !is_label(p)) {
        return paragraphs;
    }
    while paragraphs.last().is_some_and(|p| is_label(p)) && !items[paragraphs.len() - 1] {
        paragraphs.pop();
    }
    let lead = paragraphs
        .iter()
        .take_while(|p| is_label(p) && !is_by_line(p))
        .count();
    paragraphs.drain(..lead);
    paragraphs
}

/// Which paragraphs to keep: short paragraphs whose words appear inside another paragraph
/// are dropped (a pull quote that repeats a quotation, a teaser that repeats the lead).
fn repeats_dropped(paragraphs: &[String]) -> Vec<bool> {
    let keys: Vec<String> = paragraphs.iter().map(|p| words(p)).collect();
    let mut all = String::from(" ");
    let mut starts = Vec::with_capacity(keys.len());
    for key in &keys {
        starts.push(all.len());
        all.push_str(key);
        all.push_str(" | ");
    }
    let mut drop = vec![false; paragraphs.len()];
    let mut checked = 0;
    for (i, key) in keys.iter().enumerate() {
        let count = key.split(' ').count();
        if !(4..=MAX_PULL_QUOTE_WORDS).contains(&count) {
            continue;
        }
        checked += 1;
        if checked > MAX_REPEAT_CHECKS {
            break;
        }
        let needle = format!(" {key} ");
        let elsewhere = all
            .match_indices(&needle)
            .any(|(at, _)| at + 1 != starts[i] && !drop[paragraph_at(&starts, at + 1)]);
        drop[i] = elsewhere;
    }
    drop.into_iter().map(|dropped| !dropped).collect()
}

/// The index of the paragraph whose key starts at or before `at`.
fn paragraph_at(starts: &[usize], at: usize) -> usize {
    starts.partition_point(|&s| s <= at).saturating_sub(1)
}

/// Whether the paragraphs hold prose: a sentence of six words or more, or a long passage.
/// A section front or an index page has only headlines and link labels.
pub(super) fn has_prose(paragraphs: &[String]) -> bool {
    paragraphs.iter().any(|p| {
        let count = p.split_whitespace().count();
        let end = p
            .trim_end()
            .trim_end_matches(['"', '\'', '”', '’', ')', '»', '」'])
            .chars()
            .last();
        count >= 20
            || (count >= 6 && matches!(end, Some('.' | '!' | '?' | '…' | ':')))
            || (p.chars().count() >= 40 && matches!(end, Some('。' | '！' | '？')))
    })
}

/// Lowercase words separated by single spaces: how paragraphs are compared. An apostrophe
/// inside a word joins it (`Saj's` and `Sajs` are one word: a `<title>` often drops it).
pub(super) fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_word = false;
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            out.extend(c.to_lowercase());
            in_word = true;
        } else if !(in_word
            && matches!(c, '\'' | '’' | '‘' | '`')
            && chars.peek().is_some_and(|n| n.is_alphanumeric()))
        {
            in_word = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn unlinked(items: &[&str]) -> Vec<Paragraph> {
        items.iter().map(|s| para(s, 0.0)).collect()
    }

    fn para(text: &str, link_share: f64) -> Paragraph {
        Paragraph {
            text: text.to_string(),
            link_share,
            item: false,
        }
    }

    #[test]
    fn furniture_headline_and_repeats_are_dropped() {
        let got = paragraphs(
            unlinked(&[
                "Port strike ends",
                "Dockers voted to end the strike on Thursday, the union said.",
                "“We won this fight together,” said Rui Costa, the union leader, at the gate.",
                "Read more: Strikes across Europe",
                "“We won this fight together”",
                "Sign up for our daily newsletter",
                "The port reopens on Monday.",
                "Dockers at the gate. (Photo: Ana Silva)",
                "The port reopens on Monday.",
            ]),
            Some("Port strike ends"),
        );
        assert_eq!(
            got,
            owned(&[
                "Dockers voted to end the strike on Thursday, the union said.",
                "“We won this fight together,” said Rui Costa, the union leader, at the gate.",
                "The port reopens on Monday.",
            ])
        );
    }

    #[test]
    fn a_pull_quote_before_its_paragraph_is_dropped_once() {
        let got = paragraphs(
            unlinked(&[
                "“Nobody saw this coming at all”",
                "Officials said: “Nobody saw this coming at all,” and left.",
            ]),
            None,
        );
        assert_eq!(
            got,
            owned(&["Officials said: “Nobody saw this coming at all,” and left."])
        );
    }

    #[test]
    fn labels_at_the_ends_are_dropped_but_not_a_closing_list() {
        let mut items = unlinked(&[
            "Monday, 7 January 2008, 10:46 GMT",
            "By Ana Silva",
            "The ferry sailed again on Monday after a week of storms.",
            "Its owners said the timetable would be normal by Friday.",
            "New timetable",
            "Email this",
            "Most popular",
        ]);
        assert_eq!(
            paragraphs(items, None),
            owned(&[
                "By Ana Silva",
                "The ferry sailed again on Monday after a week of storms.",
                "Its owners said the timetable would be normal by Friday.",
            ])
        );
        items = unlinked(&["The changes start on Monday, the port said.", "Pay up 5%"]);
        items[1].item = true;
        assert_eq!(
            paragraphs(items, None),
            owned(&["The changes start on Monday, the port said.", "Pay up 5%"])
        );
    }

    #[test]
    fn comments_and_copyright_end_the_story() {
        let story = "The ferry sailed again on Monday after a week of storms kept it in port, and its owners said the timetable would be back to normal by Friday at the latest, with extra sailings at the weekend for those who had waited.";
        let got = paragraphs(
            unlinked(&[
                story,
                "Comments are now closed for this story",
                "I waited four days for that ferry and nobody told us anything at all.",
            ]),
            None,
        );
        assert_eq!(got, owned(&[story]));
        let got = paragraphs(
            unlinked(&[
                "Related articles",
                story,
                "© 2008 Newsdex Daily. All rights reserved.",
            ]),
            None,
        );
        assert_eq!(got, owned(&[story]));
    }

    #[test]
    fn link_lists_are_dropped() {
        let got = paragraphs(
            vec![
                para("Markets rally on rate cut hopes", 1.0),
                para("Shares rose on Monday, traders said.", 0.1),
            ],
            None,
        );
        assert_eq!(got, owned(&["Shares rose on Monday, traders said."]));
    }

    #[test]
    fn words_join_an_apostrophe_inside_a_word() {
        assert_eq!(
            words("Saj's  Bollywood-adventure"),
            "sajs bollywood adventure"
        );
        assert_eq!(words("Island’s ferry"), words("Islands ferry"));
        assert_eq!(words("'Dream' ends"), "dream ends");
        assert_eq!(words("rock 'n' roll"), "rock n roll");
    }

    #[test]
    fn prose_is_a_sentence_not_a_list_of_links() {
        assert!(!has_prose(&owned(&["World", "Business news", "Sport"])));
        assert!(has_prose(&owned(&[
            "The barriers held overnight, officials said."
        ])));
        assert!(!has_prose(&[]));
    }
}
