//! News agencies under the names stories give them: `Reuter` and `Reuters`, `AP` and
//! `Associated Press`, `AFP` and `Agence France-Presse`. Stage 2 helper, a pure function
//! over strings: it knows nothing of indexes or filters, which use it to store and to
//! look up one name per agency.

use super::Article;

/// Each agency's canonical name, then every other name it goes by (lowercase).
const AGENCIES: &[(&str, &[&str])] = &[
    ("Reuters", &["reuters", "reuter", "thomson reuters"]),
    ("AP", &["ap", "associated press", "the associated press"]),
    (
        "AFP",
        &[
            "afp",
            "agence france-presse",
            "agence france presse",
            "france-presse",
        ],
    ),
    ("Bloomberg", &["bloomberg", "bloomberg news"]),
    ("UPI", &["upi", "united press international"]),
    (
        "Xinhua",
        &["xinhua", "xinhua news agency", "new china news agency"],
    ),
    ("Yonhap", &["yonhap", "yonhap news agency"]),
    ("Kyodo", &["kyodo", "kyodo news"]),
    ("dpa", &["dpa", "deutsche presse-agentur"]),
    ("TASS", &["tass", "itar-tass"]),
    ("ANSA", &["ansa"]),
    ("EFE", &["efe"]),
    ("PA", &["pa", "press association", "pa media"]),
    ("Dow Jones", &["dow jones", "dow jones newswires"]),
];

/// The canonical name of the agency `name` stands for (`reuter` -> `Reuters`), or `None`
/// for a name that is not a known agency.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_end_matches('.').to_lowercase();
    AGENCIES
        .iter()
        .find(|(_, names)| names.contains(&name.as_str()))
        .map(|(canonical, _)| *canonical)
}

/// Every name the agency `name` stands for goes by, canonical first; empty for an
/// unknown name.
pub fn aliases(name: &str) -> Vec<&'static str> {
    let Some(found) = canonical(name) else {
        return Vec::new();
    };
    AGENCIES
        .iter()
        .filter(|(c, _)| *c == found)
        .flat_map(|(c, names)| std::iter::once(*c).chain(names.iter().copied()))
        .collect()
}

/// The agency a story comes from: its dateline's (under its canonical name when known),
/// else the source its metadata names, else a known agency its credits mention
/// (`(Reporting by Ana Silva for Reuters)`, `©2024 Bloomberg L.P.`).
pub fn of_article(article: &Article) -> Option<String> {
    let named =
        |name: &str| canonical(name).map_or_else(|| name.trim().to_string(), str::to_string);
    if let Some(agency) = article.dateline.as_ref().and_then(|d| d.agency.as_deref()) {
        if !agency.trim().is_empty() {
            return Some(named(agency));
        }
    }
    if let Some(source) = article.source.as_deref().filter(|s| !s.trim().is_empty()) {
        return Some(named(source));
    }
    article
        .credits
        .iter()
        .find_map(|line| mentioned(line))
        .map(str::to_string)
}

/// The first known agency named in `line` as whole words (short all-capital names only
/// when written in capitals, so `pa` in prose is not PA).
fn mentioned(line: &str) -> Option<&'static str> {
    let words: Vec<&str> = line
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    for start in 0..words.len() {
        for len in (1..=3).rev() {
            let Some(run) = words.get(start..start + len) else {
                continue;
            };
            let phrase = run.join(" ");
            let Some(found) = canonical(&phrase) else {
                continue;
            };
            let short = phrase.chars().count() <= 4;
            if short && phrase != phrase.to_uppercase() && phrase != found {
                continue;
            }
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_into_one_agency() {
        assert_eq!(canonical("Reuter"), Some("Reuters"));
        assert_eq!(canonical("REUTERS"), Some("Reuters"));
        assert_eq!(canonical("Associated Press"), Some("AP"));
        assert_eq!(canonical("Agence France-Presse"), Some("AFP"));
        assert_eq!(canonical("Bloomberg News"), Some("Bloomberg"));
        assert_eq!(canonical("Newsdex Wire"), None);
        assert_eq!(aliases("afp")[0], "AFP");
        assert!(aliases("reuters").contains(&"reuter"));
    }

    #[test]
    fn credits_name_an_agency_in_words() {
        assert_eq!(
            mentioned("(Reporting by Ana Silva for Reuters)"),
            Some("Reuters")
        );
        assert_eq!(mentioned("©2024 Bloomberg L.P."), Some("Bloomberg"));
        assert_eq!(mentioned("Copyright The Associated Press"), Some("AP"));
        assert_eq!(mentioned("AP photo"), Some("AP"));
        assert_eq!(mentioned("the pa system failed"), None);
        assert_eq!(mentioned("Editing by Tom Brown"), None);
    }
}
