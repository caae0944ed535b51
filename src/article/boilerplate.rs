//! Trailing wire boilerplate that is not story text: copyright lines, agency sign-offs,
//! reporting credits and "Read more" tails. Kept as credits, out of the indexed body.

use std::sync::LazyLock;

use regex::Regex;

use super::build_regex;

/// Boilerplate is a line, not a paragraph: longer text that ends in "All rights reserved"
/// is story text with a credit glued on.
const MAX_BOILERPLATE_CHARS: usize = 160;

static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    build_regex(
        r"(?ix)^(?:
            (?:copyright|©|ⓒ|\(c\)\s*\d{4}).*
          | .*all\s+rights\s+reserved\.?
          | \((?:reporting|writing|editing|additional\ reporting|compiled)\ by\ [^)]*\)\.?
          | (?:--\s*)?(?:additional\ )?(?:reporting|writing|editing)\ by\ [^.]{1,120}\.?
          | (?:reuter|reuters|ap|afp)(?:\.{3})?(?:\s*\^m)?
          | (?:read\ more|related|more\ on\ this\ story|related\ stories|see\ also)\s*:.*
          | (?:read\ more|related\ (?:stories|articles|topics|coverage|links)|more\ on\ this\ story)(?:\ .{0,60})?
          | more
        )$",
    )
    .expect("static regex is valid")
});

/// Removes boilerplate paragraphs from the end of `paragraphs` and returns them in order.
pub(crate) fn take_trailing(paragraphs: &mut Vec<String>) -> Vec<String> {
    let mut credits = Vec::new();
    while let Some(last) = paragraphs.last() {
        let line = last.trim();
        if line.is_empty() {
            paragraphs.pop();
        } else if is_boilerplate(line) {
            credits.push(line.to_string());
            paragraphs.pop();
        } else {
            break;
        }
    }
    credits.reverse();
    credits
}

/// Whether one trimmed paragraph is boilerplate.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    line.chars().count() <= MAX_BOILERPLATE_CHARS && BOILERPLATE.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognised_boilerplate() {
        for line in [
            "Copyright ⓒ Aju Press All rights reserved.",
            "Copyright © 2025 Newsdex Wire. All rights reserved.",
            "© 2025 Newsdex Wire",
            "(Reporting by Ana Silva; Editing by Peter Hall)",
            "Reuter",
            "REUTER",
            "REUTER...",
            "REUTER...^M",
            "Read more: Copper hits a six-month low",
            "Read more",
            "Related Topics",
            "See also: the 2024 strike",
            "Reporting by Ana Silva; Editing by Peter Hall",
            "-- Additional reporting by Li Wei in Beijing",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        for line in [
            "Reuters reported the deal on Monday.",
            "The rights of workers are reserved for later.",
            "Related talks will resume on Monday, officials said, after a pause of several weeks in which both sides consulted lawyers and unions.",
            "Reporting by the press was banned. Officials said the ban would last a week.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn only_the_tail_is_taken() {
        let mut paragraphs: Vec<String> =
            ["Reuter", "Body text.", "(Reporting by Ana Silva)", "Reuter"]
                .map(String::from)
                .into();
        assert_eq!(
            take_trailing(&mut paragraphs),
            vec!["(Reporting by Ana Silva)", "Reuter"]
        );
        assert_eq!(paragraphs, vec!["Reuter", "Body text."]);
    }
}
