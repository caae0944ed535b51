//! The `parse` command's printers: articles as JSON lines (one per line, streamed) or as
//! one JSON array. Each article is the [`Article`] contract: fields are added, never renamed.

use std::io::{self, Write};

use crate::article::Article;

/// How `parse` prints articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// One JSON array holding every article.
    Json,
}

/// Streams articles to `out` in one [`ArticleFormat`]; call [`ArticlePrinter::finish`] last.
pub struct ArticlePrinter<W: Write> {
    out: W,
    format: ArticleFormat,
    printed: usize,
}

impl<W: Write> ArticlePrinter<W> {
    /// A printer writing to `out`.
    pub fn new(out: W, format: ArticleFormat) -> ArticlePrinter<W> {
        ArticlePrinter {
            out,
            format,
            printed: 0,
        }
    }

    /// Prints one article.
    pub fn article(&mut self, article: &Article) -> io::Result<()> {
        match self.format {
            ArticleFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, article)?;
                writeln!(self.out)?;
            }
            ArticleFormat::Json => {
                self.out
                    .write_all(if self.printed == 0 { b"[" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, article)?;
            }
        }
        self.printed += 1;
        Ok(())
    }

    /// Ends the output (closes the array) and flushes; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        if self.format == ArticleFormat::Json {
            self.out
                .write_all(if self.printed == 0 { b"[]\n" } else { b"]\n" })?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str) -> Article {
        Article::parse(id, "Headline here\n\nLONDON - Text.").unwrap()
    }

    fn render(format: ArticleFormat, ids: &[&str]) -> String {
        let mut printer = ArticlePrinter::new(Vec::new(), format);
        for id in ids {
            printer.article(&article(id)).unwrap();
        }
        String::from_utf8(printer.finish().unwrap()).unwrap()
    }

    #[test]
    fn jsonl_is_one_object_per_line_and_json_one_array() {
        let lines = render(ArticleFormat::Jsonl, &["a.txt", "b.txt"]);
        assert_eq!(lines.lines().count(), 2);
        let array: Vec<Article> =
            serde_json::from_str(&render(ArticleFormat::Json, &["a.txt", "b.txt"])).unwrap();
        assert_eq!(array, vec![article("a.txt"), article("b.txt")]);
        assert_eq!(render(ArticleFormat::Json, &[]), "[]\n");
        assert!(render(ArticleFormat::Jsonl, &[]).is_empty());
    }
}
