//! Front matter at the top of Markdown stories: a `---` fenced block of `key: value` lines.
//!
//! Only flat scalar keys are read (`title`, `date`, `author`/`byline`, `location`,
//! `agency`/`source`, `category`); anything else in the block is ignored.

use std::collections::HashMap;

/// The metadata block of a story, keys lowercased, values unquoted.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct FrontMatter(HashMap<String, String>);

impl FrontMatter {
    /// The first present value among `keys`.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.0.get(*k))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Splits a leading `---` block off `text`. Returns the metadata and the text after it;
/// text without a complete block comes back whole.
pub(crate) fn split(text: &str) -> (Option<FrontMatter>, &str) {
    let trimmed = text.trim_start_matches('\u{feff}');
    let Some(after_open) = trimmed
        .strip_prefix("---\n")
        .or_else(|| trimmed.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let Some(close) = after_open.find("\n---").filter(|&at| {
        let rest = &after_open[at + 4..];
        rest.is_empty() || rest.starts_with('\n') || rest.starts_with('\r')
    }) else {
        return (None, text);
    };
    let block = &after_open[..close];
    let rest = after_open[close + 4..].trim_start_matches(['\r', '\n']);
    let mut values = HashMap::new();
    for line in block.lines() {
        if let Some((key, value)) = line.split_once(':') {
            if key.starts_with(char::is_whitespace) {
                continue; // nested value
            }
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            values.insert(key.trim().to_lowercase(), value.to_string());
        }
    }
    (Some(FrontMatter(values)), rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_keys_and_returns_the_body() {
        let (meta, rest) = split("---\ntitle: \"Rail strike off\"\ndate: 2025-10-09\nauthor: Ruth Ormerod\n---\nMANCHESTER (NW) - Body.");
        let meta = meta.unwrap();
        assert_eq!(meta.get(&["title"]), Some("Rail strike off"));
        assert_eq!(meta.get(&["byline", "author"]), Some("Ruth Ormerod"));
        assert_eq!(meta.get(&["date"]), Some("2025-10-09"));
        assert_eq!(rest, "MANCHESTER (NW) - Body.");
    }

    #[test]
    fn text_without_a_closed_block_is_untouched() {
        assert_eq!(
            split("---\ntitle: x\nno close"),
            (None, "---\ntitle: x\nno close")
        );
        assert_eq!(split("Plain story."), (None, "Plain story."));
    }
}
