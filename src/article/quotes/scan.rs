//! Quotation spans: every run of words between double quote marks, straight (`"`) or curly
//! (`“ ”`), in a story's paragraphs.
//!
//! Single quotes nested inside are kept as text. A paragraph that ends inside an open
//! quotation continues it when the next paragraph reopens with a quote mark (the newsroom
//! convention for a quotation over several paragraphs); otherwise the quotation ends with
//! its paragraph. Alongside the quotations the scan keeps each paragraph's text outside
//! them, every quotation replaced by [`MASK`], so what is quoted never reads as attribution.
//! One pass, hand-written, linear in the text: it jumps from quote mark to quote mark and
//! copies the text between as slices. Knows nothing of speakers.

/// Stands in for quoted words in the text outside quotations.
pub(crate) const MASK: &str = "\"…\"";

/// Stands in for quoted words that end a sentence (`"We won."`), so sentence limits still
/// see the full stop.
pub(crate) const MASK_STOP: &str = "\"….\"";

/// Whether `text` starts with a masked quotation.
pub(crate) fn starts_with_mask(text: &str) -> bool {
    text.starts_with(MASK) || text.starts_with(MASK_STOP)
}

/// How much text either side of a quotation its attribution is read from.
pub(crate) const CONTEXT_BYTES: usize = 600;

/// A quotation found in the text, with the context its attribution is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    /// The quoted words, white space collapsed, without the marks or a trailing comma.
    pub text: String,
    /// Up to [`CONTEXT_BYTES`] of masked text before the opening mark in its paragraph.
    pub before: String,
    /// Up to [`CONTEXT_BYTES`] of masked text after the closing mark in its paragraph.
    pub after: String,
    /// Index of the paragraph where the quotation opened.
    pub paragraph: usize,
    /// Index of the paragraph where it ends.
    pub last_paragraph: usize,
    /// Byte offset of the opening mark in that paragraph's masked text.
    pub offset: usize,
}

/// What the scan finds: the quotations, and each paragraph's masked text outside them.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    /// Every quotation holding a word, in order.
    pub spans: Vec<Span>,
    /// Each paragraph's text outside quotations, quotations replaced by [`MASK`].
    pub outside: Vec<String>,
}

/// A quotation still open at the current position.
struct Open {
    text: String,
    before: String,
    paragraph: usize,
    offset: usize,
}

/// At most `max` bytes from the end of `text`, cut at a character boundary.
pub(crate) fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// At most `max` bytes from the start of `text`, cut at a character boundary.
pub(crate) fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The quote marks the scan stops at: `"`, `“` and `”`. The curly ones are three bytes
/// starting 0xE2 0x80.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Straight,
    Opening,
    Closing,
}

/// The next quote mark in `bytes` at or after `from`: where it starts and which it is.
/// Everything between two marks is copied as one slice, and the search for the next is
/// `memchr`'s vectorised one, not a `char` decode and push per character.
fn next_mark(bytes: &[u8], from: usize) -> Option<(usize, Mark)> {
    let mut at = from;
    while let Some(step) = memchr::memchr2(b'"', 0xE2, &bytes[at..]) {
        at += step;
        match bytes[at..] {
            [b'"', ..] => return Some((at, Mark::Straight)),
            [0xE2, 0x80, 0x9C, ..] => return Some((at, Mark::Opening)),
            [0xE2, 0x80, 0x9D, ..] => return Some((at, Mark::Closing)),
            _ => at += 1,
        }
    }
    None
}

/// Finds the quotations in `paragraphs`.
pub(crate) fn scan(paragraphs: &[String]) -> Scanned {
    let mut spans = Vec::new();
    let mut outsides = Vec::with_capacity(paragraphs.len());
    let mut open: Option<Open> = None;
    for (index, paragraph) in paragraphs.iter().enumerate() {
        let bytes = paragraph.as_bytes();
        let mut at = 0;
        if let Some(quote) = open.as_mut() {
            if paragraph.starts_with(['"', '“']) {
                quote.text.push(' ');
                at = if bytes[0] == b'"' {
                    1
                } else {
                    '“'.len_utf8()
                };
            } else if let Some(quote) = open.take() {
                push(&mut spans, quote, index - 1);
            }
        }
        // Masked text of this paragraph so far, and where each quotation closing here ends in it.
        let mut outside = String::with_capacity(paragraph.len());
        let mut closed_here: Vec<(usize, usize)> = Vec::new();
        while let Some((mark_at, mark)) = next_mark(bytes, at) {
            let between = &paragraph[at..mark_at];
            let mark_end = mark_at + if mark == Mark::Straight { 1 } else { 3 };
            match open.take() {
                Some(mut quote) if mark != Mark::Opening => {
                    quote.text.push_str(between);
                    if push(&mut spans, quote, index) {
                        let ends = spans
                            .last()
                            .is_some_and(|s| s.text.ends_with(['.', '!', '?']));
                        outside.push_str(if ends { MASK_STOP } else { MASK });
                        closed_here.push((spans.len() - 1, outside.len()));
                    }
                }
                Some(mut quote) => {
                    // `“` inside a quotation is text.
                    quote.text.push_str(&paragraph[at..mark_end]);
                    open = Some(quote);
                }
                None if mark != Mark::Closing => {
                    outside.push_str(between);
                    open = Some(Open {
                        text: String::new(),
                        before: tail(&outside, CONTEXT_BYTES).to_string(),
                        paragraph: index,
                        offset: outside.len(),
                    });
                }
                None => {
                    // A stray `”` outside a quotation is text.
                    outside.push_str(&paragraph[at..mark_end]);
                }
            }
            at = mark_end;
        }
        match open.as_mut() {
            Some(quote) => quote.text.push_str(&paragraph[at..]),
            None => outside.push_str(&paragraph[at..]),
        }
        for (quote, offset) in closed_here {
            spans[quote].after = head(&outside[offset..], CONTEXT_BYTES).to_string();
        }
        outsides.push(outside);
    }
    if let Some(quote) = open {
        push(&mut spans, quote, paragraphs.len().saturating_sub(1));
    }
    Scanned {
        spans,
        outside: outsides,
    }
}

/// Records a quotation unless it holds no words. Returns whether it was recorded.
fn push(spans: &mut Vec<Span>, quote: Open, last_paragraph: usize) -> bool {
    let collapsed;
    let text = if is_spaced_singly(&quote.text) {
        quote.text.as_str()
    } else {
        collapsed = collapse_white_space(&quote.text);
        collapsed.as_str()
    };
    let text = text.trim_end_matches([',', ' ']);
    if !text.chars().any(char::is_alphanumeric) {
        return false;
    }
    spans.push(Span {
        text: text.to_string(),
        before: quote.before,
        after: String::new(),
        paragraph: quote.paragraph,
        last_paragraph,
        offset: quote.offset,
    });
    true
}

/// `text`'s words joined by single spaces.
fn collapse_white_space(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// Whether `text` is already what [`collapse_white_space`] makes of it: ASCII, its words
/// joined by single spaces, none at either end. Most quotations are, and are then kept
/// as they are rather than split into words and joined again.
fn is_spaced_singly(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.is_ascii()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !bytes
            .iter()
            .any(|&b| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
        && !bytes.windows(2).any(|pair| pair == b"  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A quotation kept as it is was already collapsed.
        #[test]
        fn text_spaced_singly_is_its_own_collapse(
            pieces in prop::collection::vec(
                prop::sample::select(vec![
                    " ", "  ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{a0}", "\u{2009}",
                    "\u{85}", "we", "won", ",", "’", "é",
                ]),
                0..12,
            )
        ) {
            let text = pieces.concat();
            if is_spaced_singly(&text) {
                prop_assert_eq!(collapse_white_space(&text), text);
            }
        }
    }

    #[test]
    fn spacing_that_needs_collapsing_is_told_apart() {
        for (text, single) in [
            ("We won the vote", true),
            ("", true),
            ("We  won", false),
            (" We won", false),
            ("We won ", false),
            ("We\nwon", false),
            ("We\u{a0}won", false),
            ("We’re in", false),
        ] {
            assert_eq!(is_spaced_singly(text), single, "{text:?}");
        }
    }

    /// The scan as first written, one `char` at a time: what [`scan`] must always agree with.
    fn scan_char_by_char(paragraphs: &[String]) -> Scanned {
        let mut spans = Vec::new();
        let mut outsides = Vec::with_capacity(paragraphs.len());
        let mut open: Option<Open> = None;
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let mut chars = paragraph.chars();
            if let Some(quote) = open.as_mut() {
                if paragraph.starts_with(['"', '“']) {
                    quote.text.push(' ');
                    chars.next();
                } else if let Some(quote) = open.take() {
                    push(&mut spans, quote, index - 1);
                }
            }
            let mut outside = String::with_capacity(paragraph.len());
            let mut closed_here: Vec<(usize, usize)> = Vec::new();
            for c in chars {
                match open.take() {
                    Some(quote) if matches!(c, '"' | '”') => {
                        if push(&mut spans, quote, index) {
                            let ends = spans
                                .last()
                                .is_some_and(|s| s.text.ends_with(['.', '!', '?']));
                            outside.push_str(if ends { MASK_STOP } else { MASK });
                            closed_here.push((spans.len() - 1, outside.len()));
                        }
                    }
                    Some(mut quote) => {
                        quote.text.push(c);
                        open = Some(quote);
                    }
                    None if matches!(c, '"' | '“') => {
                        open = Some(Open {
                            text: String::new(),
                            before: tail(&outside, CONTEXT_BYTES).to_string(),
                            paragraph: index,
                            offset: outside.len(),
                        });
                    }
                    None => outside.push(c),
                }
            }
            for (quote, offset) in closed_here {
                spans[quote].after = head(&outside[offset..], CONTEXT_BYTES).to_string();
            }
            outsides.push(outside);
        }
        if let Some(quote) = open {
            push(&mut spans, quote, paragraphs.len().saturating_sub(1));
        }
        Scanned {
            spans,
            outside: outsides,
        }
    }

    /// Pieces of paragraphs: every quote mark, other characters sharing the curly marks'
    /// first bytes (`’`, `…`, `—`, `€`), sentence ends, white space, words, and a run long
    /// enough to cross [`CONTEXT_BYTES`].
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "\"", "“", "”", "‘", "’", "…", "—", "€", "′", ".", "!", "?", ",", " ", "  ", "\n",
                "said", "Kim", "Émile", "é", "7",
            ])
            .prop_map(str::to_string),
            "[a-zA-Z ,.]{0,12}",
            any::<char>().prop_map(String::from),
            Just("word ".repeat(130)),
        ]
    }

    fn paragraphs() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::collection::vec(piece(), 0..16).prop_map(|p| p.concat()),
            0..6,
        )
    }

    proptest! {
        /// The mark-to-mark scan finds the same spans, contexts and masked text as the
        /// character-by-character one, on any text (and never panics).
        #[test]
        fn scan_agrees_with_the_char_by_char_scan(paragraphs in paragraphs()) {
            let fast = scan(&paragraphs);
            let simple = scan_char_by_char(&paragraphs);
            prop_assert_eq!(fast.spans, simple.spans);
            prop_assert_eq!(fast.outside, simple.outside);
        }
    }

    fn texts(paragraphs: &[&str]) -> Vec<String> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        scan(&paragraphs)
            .spans
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn spans_and_masks() {
        let cases: &[(&[&str], &[&str])] = &[
            (&[r#"Lin said, "We won.""#], &["We won."]),
            (&["Lin said, “We won,” and left."], &["We won"]),
            (
                &[r#"Lin said, "They called it 'the deal' and it was not.""#],
                &["They called it 'the deal' and it was not."],
            ),
            (&[r#"A "b" c "d e" f"#], &["b", "d e"]),
            (&[r#""  spaced   out  ""#], &["spaced out"]),
            (&[r#""...", "12", "—""#], &["12"]),
            (
                &[r#"He said, "One."#, r#""Two.""#, "Later."],
                &["One. Two."],
            ),
            (&[r#"He said, "One."#, "Two."], &["One."]),
            (&["”Hello“"], &[]),
        ];
        for (paragraphs, want) in cases {
            assert_eq!(texts(paragraphs), *want, "{paragraphs:?}");
        }
        let scanned = scan(&[r#"A "b" c, said Lin. D"#.to_string()]);
        assert_eq!(scanned.outside, [r#"A "…" c, said Lin. D"#]);
        let span = &scanned.spans[0];
        assert_eq!(
            (span.before.as_str(), span.after.as_str()),
            ("A ", " c, said Lin. D")
        );
        assert_eq!((span.paragraph, span.offset), (0, 2));
    }
}
