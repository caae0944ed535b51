//! Splits raw story text into paragraphs, undoing hard line wraps.
//!
//! Wire copy comes in three shapes: blank-line separated paragraphs (BBC), hard-wrapped
//! lines with indented paragraph starts (1987 Reuters), and one long line per paragraph
//! (modern feeds such as the seed story). All three become one string per paragraph.

/// Lines shorter than this are taken to be hard-wrapped continuations, not paragraphs.
const WRAP_WIDTH: usize = 100;

/// Splits `text` into paragraphs, each a single line with wraps joined by spaces.
/// The first line of the text stays its own paragraph when a blank line follows it,
/// so a headline is never glued to the story.
pub(crate) fn split(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut paragraphs = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    for line in lines(text) {
        if line.trim().is_empty() {
            flush_block(&mut block, &mut paragraphs);
        } else {
            block.push(line);
        }
    }
    flush_block(&mut block, &mut paragraphs);
    paragraphs
}

/// The lines of `text`, as [`str::lines`] gives them (a `\n` or `\r\n` ends one; no
/// empty line after a final `\n`), found by `memchr`: `str::lines` costs about 200
/// instructions a line in its generic searcher, and this runs on every line of every story.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => {
                let line = &rest[..end];
                rest = &rest[end + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        Some(line)
    })
}

fn flush_block(block: &mut Vec<&str>, paragraphs: &mut Vec<String>) {
    if block.is_empty() {
        return;
    }
    let inner = &block[..block.len() - 1];
    // (A line of fewer bytes than the width has fewer characters too: most are not counted.)
    let short = |line: &&str| line.len() < WRAP_WIDTH || line.chars().count() < WRAP_WIDTH;
    if !inner.iter().all(short) {
        paragraphs.extend(block.iter().map(|line| line.trim().to_string()));
        block.clear();
        return;
    }
    // Old wire copy marks paragraphs by indentation; otherwise a line that ends a sentence
    // and is followed by a capitalised line starts a new paragraph.
    let indent_marks_paragraphs = block[1..].iter().any(|line| is_indented(line));
    let mut current = String::new();
    for (i, line) in block.iter().enumerate() {
        let starts_paragraph = i > 0
            && if indent_marks_paragraphs {
                is_indented(line)
            } else {
                ends_sentence(block[i - 1])
                    && line.trim_start().starts_with(|c: char| !c.is_lowercase())
            };
        if starts_paragraph && !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line.trim());
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    block.clear();
}

fn is_indented(line: &str) -> bool {
    line.starts_with([' ', '\t'])
}

/// Whether a line ends where a sentence does: then the next line is a new paragraph,
/// not a continuation.
fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', ':'])
}

#[cfg(test)]
mod tests {
    use super::{lines, split};
    use proptest::prelude::*;

    proptest! {
        /// The `memchr` lines are `str::lines`, with `\r`, `\r\n`, blank and final lines.
        #[test]
        fn lines_agree_with_str_lines(
            pieces in prop::collection::vec(
                prop::sample::select(vec!["\n", "\r", "\r\n", "a", " ", "é", "\n\n", "x\r"]),
                0..16,
            )
        ) {
            let text = pieces.concat();
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(
            split("Head\n\nOne.\n\nTwo.\n"),
            vec!["Head", "One.", "Two."]
        );
    }

    #[test]
    fn hard_wraps_are_joined_and_indents_start_paragraphs() {
        let text = "LONDON, March 23 - A further special\nsession was held.\n    But the council\nwill decide.\n Reuter\n";
        assert_eq!(
            split(text),
            vec![
                "LONDON, March 23 - A further special session was held.",
                "But the council will decide.",
                "Reuter"
            ]
        );
    }

    #[test]
    fn long_lines_are_paragraphs_of_their_own() {
        let long = "x".repeat(150);
        let text = format!("{long}\n{long}\nshort tail");
        assert_eq!(
            split(&text),
            vec![long.clone(), long, "short tail".to_string()]
        );
    }

    #[test]
    fn short_lines_that_end_sentences_are_paragraphs() {
        let text = "SEOUL - Kim met Xi.\nXi said, \"We agree.\"\nCopyright ⓒ Aju Press All rights reserved.";
        assert_eq!(split(text).len(), 3);
    }

    #[test]
    fn bom_and_crlf_are_ignored() {
        assert_eq!(
            split("\u{feff}Head\r\n\r\nBody.\r\n"),
            vec!["Head", "Body."]
        );
    }
}
