//! Story metadata that travels beside the text: YAML front matter at the top of Markdown
//! stories, and the [`Metadata`] every structured format (JSON, HTML) fills in.
//!
//! Front matter is a `---` fenced YAML block. The keys read are `title`/`headline`,
//! `date`/`published`, `author`/`byline`, `location`/`dateline`, `agency`/`source`,
//! `category`/`section`, `tags`/`keywords`, `url`/`link`, `description`/`summary` and
//! `deck`/`standfirst`/`subtitle`/`dek` (and `kicker`);
//! anything else is ignored. A block that is not valid YAML is read as flat `key: value`
//! lines, so one stray colon never loses the story.

use yaml_rust2::{Yaml, YamlLoader};

/// What a story's metadata says about it, each value trimmed and non-empty.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The publication date as the metadata writes it (`2025-10-09`, `2025-10-09T08:00:00Z`).
    pub date: Option<String>,
    pub location: Option<String>,
    pub agency: Option<String>,
    pub category: Option<String>,
    pub tags: Vec<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    /// The standfirst printed under the headline.
    pub deck: Option<String>,
    /// The label printed above the headline.
    pub kicker: Option<String>,
}

/// Sets `slot` to `value` when `slot` is empty and `value` has text.
pub(crate) fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty());
    }
}

/// A metadata value, whichever format it came from (YAML front matter, JSON, JSON-LD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MetaValue {
    /// A string, number or boolean, as text.
    Text(String),
    /// A list of values.
    List(Vec<MetaValue>),
    /// A map, reduced to its `name` entry (`source: {name: Reuters}`).
    Named(Option<String>),
    /// Null, or anything else that says nothing.
    Nothing,
}

impl MetaValue {
    fn from_yaml(value: &Yaml) -> MetaValue {
        match value {
            Yaml::String(s) | Yaml::Real(s) => MetaValue::Text(s.clone()),
            Yaml::Integer(i) => MetaValue::Text(i.to_string()),
            Yaml::Boolean(b) => MetaValue::Text(b.to_string()),
            Yaml::Array(items) => MetaValue::List(items.iter().map(MetaValue::from_yaml).collect()),
            Yaml::Hash(map) => MetaValue::Named(
                map.get(&Yaml::String("name".to_string()))
                    .and_then(|name| MetaValue::from_yaml(name).scalar()),
            ),
            _ => MetaValue::Nothing,
        }
    }

    /// A JSON value; maps keep their `name` (or `@value`, JSON-LD's spelling).
    pub(crate) fn from_json(value: &serde_json::Value) -> MetaValue {
        use serde_json::Value;
        match value {
            Value::String(s) => MetaValue::Text(s.clone()),
            Value::Number(n) => MetaValue::Text(n.to_string()),
            Value::Bool(b) => MetaValue::Text(b.to_string()),
            Value::Array(items) => {
                MetaValue::List(items.iter().map(MetaValue::from_json).collect())
            }
            Value::Object(map) => MetaValue::Named(
                ["name", "@value"]
                    .iter()
                    .find_map(|key| map.get(*key))
                    .and_then(|name| name.as_str())
                    .map(str::to_string),
            ),
            Value::Null => MetaValue::Nothing,
        }
    }

    /// A scalar as text; `None` for lists, maps and nulls.
    pub(crate) fn scalar(&self) -> Option<String> {
        match self {
            MetaValue::Text(s) => Some(s.clone()),
            _ => None,
        }
    }

    /// A name, a list of names joined with `, `, or a map's `name`.
    pub(crate) fn names(&self) -> Option<String> {
        match self {
            MetaValue::List(items) => {
                let all: Vec<String> = items.iter().filter_map(MetaValue::names).collect();
                (!all.is_empty()).then(|| all.join(", "))
            }
            MetaValue::Named(name) => name.clone(),
            other => other.scalar(),
        }
    }

    /// A list of scalars, or one comma-separated scalar.
    fn list(&self) -> Vec<String> {
        let items: Vec<String> = match self {
            MetaValue::List(items) => items.iter().filter_map(MetaValue::names).collect(),
            other => other
                .scalar()
                .map(|s| s.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
        };
        items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

impl Metadata {
    /// Reads one `key: value` pair, by the key's lowercased name. Unknown keys are ignored.
    pub(crate) fn set(&mut self, key: &str, value: &MetaValue) {
        let key = key.trim().to_lowercase();
        match key.as_str() {
            "title" | "headline" => fill(&mut self.title, value.scalar()),
            "author" | "byline" | "authors" => fill(&mut self.byline, value.names()),
            "date" | "published" | "publishedat" | "published_at" | "pubdate" | "datepublished" => {
                fill(&mut self.date, value.scalar())
            }
            "location" | "dateline" | "place" => fill(&mut self.location, value.names()),
            "agency" | "source" | "publisher" => fill(&mut self.agency, value.names()),
            "category" | "section" | "articlesection" => fill(&mut self.category, value.names()),
            "tags" | "keywords" if self.tags.is_empty() => self.tags = value.list(),
            "url" | "link" => fill(&mut self.url, value.scalar()),
            "description" | "summary" => fill(&mut self.summary, value.scalar()),
            "deck" | "dek" | "standfirst" | "subtitle" | "subheadline" => {
                fill(&mut self.deck, value.scalar())
            }
            "kicker" | "overline" => fill(&mut self.kicker, value.scalar()),
            _ => {}
        }
    }
}

/// Splits a leading `---` block off `text`. Returns the metadata and the text after it;
/// text without a complete block comes back whole.
pub(crate) fn split(text: &str) -> (Option<Metadata>, &str) {
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
    (Some(read_block(block)), rest)
}

/// Reads a front-matter block: YAML, or flat `key: value` lines when it is not valid YAML.
fn read_block(block: &str) -> Metadata {
    let mut meta = Metadata::default();
    if let Ok(docs) = YamlLoader::load_from_str(block) {
        if let Some(Yaml::Hash(map)) = docs.first() {
            for (key, value) in map {
                if let Some(key) = MetaValue::from_yaml(key).scalar() {
                    meta.set(&key, &MetaValue::from_yaml(value));
                }
            }
            return meta;
        }
    }
    for line in block.lines() {
        if let Some((key, value)) = line.split_once(':') {
            if key.starts_with(char::is_whitespace) {
                continue; // nested value
            }
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            meta.set(key, &MetaValue::Text(value.to_string()));
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_keys_and_returns_the_body() {
        let (meta, rest) = split("---\ntitle: \"Rail strike off\"\ndate: 2025-10-09\nauthor: Ruth Ormerod\nlocation: Manchester\nagency: Newsdex Wire\ncategory: politics\ntags: [trams, unions]\n---\nMANCHESTER (NW) - Body.");
        let meta = meta.unwrap();
        assert_eq!(
            meta,
            Metadata {
                title: Some("Rail strike off".into()),
                byline: Some("Ruth Ormerod".into()),
                date: Some("2025-10-09".into()),
                location: Some("Manchester".into()),
                agency: Some("Newsdex Wire".into()),
                category: Some("politics".into()),
                tags: vec!["trams".into(), "unions".into()],
                url: None,
                summary: None,
                deck: None,
                kicker: None,
            }
        );
        assert_eq!(rest, "MANCHESTER (NW) - Body.");
    }

    #[test]
    fn yaml_lists_maps_and_block_tags() {
        let (meta, _) = split("---\nheadline: Deal done\nauthors:\n  - Ana Silva\n  - Li Wei\nsource:\n  name: Newsdex Wire\ntags:\n  - a\n  - b\nkeywords: ignored, because tags came first\n---\nBody");
        let meta = meta.unwrap();
        assert_eq!(meta.title.as_deref(), Some("Deal done"));
        assert_eq!(meta.byline.as_deref(), Some("Ana Silva, Li Wei"));
        assert_eq!(meta.agency.as_deref(), Some("Newsdex Wire"));
        assert_eq!(meta.tags, vec!["a", "b"]);
    }

    #[test]
    fn invalid_yaml_falls_back_to_flat_lines() {
        let (meta, rest) =
            split("---\ntitle: Talks: the final round\nauthor: [unclosed\n---\nBody");
        let meta = meta.unwrap();
        assert_eq!(meta.title.as_deref(), Some("Talks: the final round"));
        assert_eq!(meta.byline.as_deref(), Some("[unclosed"));
        assert_eq!(rest, "Body");
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
