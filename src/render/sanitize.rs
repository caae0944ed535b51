//! Keeps untrusted story text from steering the terminal: control characters and
//! bidirectional overrides become visible placeholders before they reach a tty.

/// Replaces control and bidi-override characters (except tab) with `�`; newlines with spaces.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let cleaned = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' => ' ',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    std::borrow::Cow::Owned(cleaned)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

#[cfg(test)]
mod tests {
    use super::for_terminal;

    #[test]
    fn escapes_and_overrides_are_neutralised() {
        assert_eq!(for_terminal("plain"), "plain");
        assert_eq!(for_terminal("a\x1b[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(for_terminal("x\u{202E}y\nz"), "x\u{FFFD}y z");
    }
}
