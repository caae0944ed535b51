//! Markdown story bodies -> plain text, one paragraph per block.
//!
//! Headings, paragraphs, list items, block quotes and table rows each become a paragraph
//! (separated by a blank line); emphasis, links and code keep only their text; raw HTML,
//! images' URLs and footnote markers are dropped. The result goes through the same
//! pipeline as a `.txt` story, so datelines and quotes are found the same way.

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use super::front_matter;
use super::{assemble, Article, ParseOptions};
use crate::error::ParseError;

/// Parses a Markdown story: YAML front matter, then the body without markup.
pub(crate) fn parse(id: &str, text: &str, options: &ParseOptions) -> Result<Article, ParseError> {
    let (meta, body) = front_matter::split(text);
    assemble(id, meta.unwrap_or_default(), &to_text(body), options)
}

/// The text of a Markdown document, without markup.
pub(crate) fn to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::FootnoteDefinition,
            )
            | Event::Rule => end_block(&mut out),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Ends the current block with a blank line, once.
fn end_block(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\n']).len();
    out.truncate(kept);
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn markup_is_stripped_and_blocks_become_paragraphs() {
        let cases: &[(&str, &str)] = &[
            ("# Title\n\nBody text.", "Title\n\nBody text."),
            (
                "MANCHESTER (NW) - A strike after **eleven hours** of _talks_.",
                "MANCHESTER (NW) - A strike after eleven hours of talks.",
            ),
            (
                "It includes:\n\n- a 5.5% pay rise\n- a meal break\n\nDone.",
                "It includes:\n\na 5.5% pay rise\n\na meal break\n\nDone.",
            ),
            (
                "See [the report](https://example.com/r) and ![chart](c.png).",
                "See the report and chart.",
            ),
            ("Wrapped\nline joined.", "Wrapped line joined."),
            (
                "> \"We are ready,\" she said.\n\nNext.",
                "\"We are ready,\" she said.\n\nNext.",
            ),
            ("Text <span>with</span> html.", "Text with html."),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "a b\n\n1 2"),
            ("Use `cargo test` now.", "Use cargo test now."),
            ("", ""),
        ];
        for (markdown, text) in cases {
            assert_eq!(to_text(markdown), *text, "{markdown:?}");
        }
    }
}
