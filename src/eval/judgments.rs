//! Relevance judgments: which stories answer which query, read from a TOML or JSON file or
//! from a TREC topics + qrels pair.
//!
//! Pure text -> [`Judgments`]; the only I/O is reading the named files. Every problem is
//! reported with its file and line. Whether the stories exist is checked later, against an
//! index, by [`Judgments::check_stories`].
//!
//! ## TOML (JSON has the same shape, with `"query": [...]`)
//! ```toml
//! [[query]]
//! id = "opec"                                   # unique
//! text = "opec output cuts"                     # newsdex query syntax
//! relevant = ["business/opec-output-cuts.txt",  # grade 1
//!             { id = "business/oil-falls-us-stockpiles.txt", grade = 2 }]
//! expect_first = "business/opec-output-cuts.txt"  # optional
//! expect_top = 3                                # optional: every relevant story in the top 3
//! ```

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::metrics::Grades;
use crate::error::{JudgmentsError, SourceLocation};

/// Every judged query of one judgments source, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgments {
    /// The judged queries.
    pub queries: Vec<JudgedQuery>,
    /// Topic ids that have no judgments (TREC topics absent from the qrels): not evaluated,
    /// as `trec_eval` ignores them.
    pub unjudged: Vec<String>,
}

/// One query with its judged stories and optional expectations.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedQuery {
    /// Unique id (`qid` in TREC files).
    pub id: String,
    /// Query text in newsdex syntax.
    pub text: String,
    /// Judged stories, in file order; grade 0 means judged not relevant.
    pub judgments: Vec<Judgment>,
    /// Every relevant story must rank within this many.
    pub expect_top: Option<usize>,
    /// This story must rank first.
    pub expect_first: Option<StoryRef>,
    /// Where the query is defined.
    pub at: SourceLocation,
}

/// A judged story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgment {
    /// The story.
    pub story: StoryRef,
    /// 0 = not relevant, 1 = relevant, higher = more relevant (nDCG gain).
    pub grade: u32,
}

/// A story id as written in a judgments file, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRef {
    /// Corpus-relative path.
    pub id: String,
    /// Where it was written.
    pub at: SourceLocation,
}

impl JudgedQuery {
    /// Story id -> grade, for the metrics.
    pub fn grades(&self) -> Grades {
        self.judgments
            .iter()
            .map(|j| (j.story.id.clone(), j.grade))
            .collect()
    }

    /// Ids of the relevant stories (grade at least 1), in file order.
    pub fn relevant_ids(&self) -> impl Iterator<Item = &str> {
        self.judgments
            .iter()
            .filter(|j| j.grade >= 1)
            .map(|j| j.story.id.as_str())
    }
}

impl Judgments {
    /// Reads a `.toml` or `.json` judgments file.
    pub fn load(path: &Path) -> Result<Judgments, JudgmentsError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let parse = match extension.as_deref() {
            Some("toml") => Judgments::from_toml,
            Some("json") => Judgments::from_json,
            _ => return Err(JudgmentsError::UnknownFormat(path.to_path_buf())),
        };
        let judgments = parse(&read(path)?, path)?;
        if judgments.queries.is_empty() {
            return Err(JudgmentsError::NoQueries {
                file: path.to_path_buf(),
                hint: "add a [[query]] with an id, a text and its relevant stories".into(),
            });
        }
        Ok(judgments)
    }

    /// Reads a TREC topics file (`qid<TAB>query text` per line) and qrels file
    /// (`qid 0 docid grade` per line).
    pub fn load_trec(topics: &Path, qrels: &Path) -> Result<Judgments, JudgmentsError> {
        let judgments = Judgments::from_trec(&read(topics)?, topics, &read(qrels)?, qrels)?;
        if !judgments.queries.is_empty() {
            return Ok(judgments);
        }
        Err(if judgments.unjudged.is_empty() {
            JudgmentsError::NoQueries {
                file: topics.to_path_buf(),
                hint: "add a `qid<TAB>query text` line per topic".into(),
            }
        } else {
            JudgmentsError::NoQueries {
                file: qrels.to_path_buf(),
                hint: format!(
                    "it judges none of the {} topic(s) in {}: add `qid 0 docid grade` lines",
                    judgments.unjudged.len(),
                    topics.display()
                ),
            }
        })
    }

    /// Parses TOML judgments; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &Path) -> Result<Judgments, JudgmentsError> {
        type TomlQuery = RawQuery<Spanned<String>, Spanned<RawStory>>;
        let raw: RawFile<TomlQuery> = toml::from_str(text).map_err(|e| JudgmentsError::Syntax {
            at: locate(path, text, e.span().map(|s| s.start)),
            message: e.message().trim_end().to_string(),
        })?;
        let at = |span: Range<usize>| locate(path, text, Some(span.start));
        let queries = raw
            .query
            .into_iter()
            .map(|q| ParsedQuery {
                at: at(q.id.span()),
                id: q.id.into_inner(),
                text: q.text,
                relevant: q
                    .relevant
                    .into_iter()
                    .map(|r| (at(r.span()), r.into_inner()))
                    .collect(),
                expect_top: q.expect_top,
                expect_first: q.expect_first.map(|f| StoryRef {
                    at: at(f.span()),
                    id: f.into_inner(),
                }),
            })
            .collect();
        finish(queries)
    }

    /// Parses JSON judgments; `path` is only used in messages.
    ///
    /// serde_json keeps no positions, so the line of each id is found by looking for its
    /// JSON string in the text, in document order.
    pub fn from_json(text: &str, path: &Path) -> Result<Judgments, JudgmentsError> {
        let raw: RawFile<RawQuery<String, RawStory>> = serde_json::from_str(text).map_err(|e| {
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            JudgmentsError::Syntax {
                at: SourceLocation {
                    file: path.to_path_buf(),
                    line: (e.line() > 0).then_some(e.line()),
                },
                message: message.to_string(),
            }
        })?;
        let mut cursor = 0;
        let mut queries = Vec::new();
        for q in raw.query {
            let start = cursor;
            let id_at = find_json_string(text, &q.id, start);
            cursor = id_at.map_or(cursor, |i| i + 1);
            let mut story_cursor = start;
            let mut locate_story = |id: &str| {
                let found = find_json_string(text, id, story_cursor);
                story_cursor = found.map_or(story_cursor, |i| i + 1);
                locate(path, text, found)
            };
            let relevant = q
                .relevant
                .into_iter()
                .map(|r| (locate_story(r.id()), r))
                .collect();
            let expect_first = q.expect_first.map(|id| StoryRef {
                at: locate_story(&id),
                id,
            });
            queries.push(ParsedQuery {
                at: locate(path, text, id_at),
                id: q.id,
                text: q.text,
                relevant,
                expect_top: q.expect_top,
                expect_first,
            });
        }
        finish(queries)
    }

    /// Parses a TREC topics + qrels pair; the paths are only used in messages.
    pub fn from_trec(
        topics_text: &str,
        topics_path: &Path,
        qrels_text: &str,
        qrels_path: &Path,
    ) -> Result<Judgments, JudgmentsError> {
        let mut topics: Vec<(String, String, SourceLocation)> = Vec::new();
        let mut topic_line: HashMap<String, usize> = HashMap::new();
        for (n, line) in numbered_lines(topics_text) {
            let at = SourceLocation {
                file: topics_path.to_path_buf(),
                line: Some(n),
            };
            let (qid, text) = line
                .split_once('\t')
                .or_else(|| line.split_once(char::is_whitespace))
                .map(|(q, t)| (q.trim(), t.trim()))
                .filter(|(q, t)| !q.is_empty() && !t.is_empty())
                .ok_or_else(|| JudgmentsError::Syntax {
                    at: at.clone(),
                    message: "expected `qid<TAB>query text`".to_string(),
                })?;
            if let Some(first_line) = topic_line.insert(qid.to_string(), n) {
                return Err(JudgmentsError::DuplicateQuery {
                    at,
                    id: qid.to_string(),
                    first_line,
                });
            }
            topics.push((qid.to_string(), text.to_string(), at));
        }

        let mut judged: HashMap<String, Vec<Judgment>> = HashMap::new();
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for (n, line) in numbered_lines(qrels_text) {
            let at = SourceLocation {
                file: qrels_path.to_path_buf(),
                line: Some(n),
            };
            let syntax = |message: String| JudgmentsError::Syntax {
                at: at.clone(),
                message,
            };
            let columns: Vec<&str> = line.split_whitespace().collect();
            let [qid, _iteration, docid, grade] = columns[..] else {
                return Err(syntax(format!(
                    "expected 4 columns `qid 0 docid grade`, found {}",
                    columns.len()
                )));
            };
            let grade: u32 = grade.parse().map_err(|_| {
                syntax(format!(
                    "grade '{grade}' is not a whole number from 0 (0 = not relevant)"
                ))
            })?;
            if !topic_line.contains_key(qid) {
                return Err(syntax(format!(
                    "query '{qid}' has judgments but no line in {}: add `{qid}<TAB>query text` there",
                    topics_path.display()
                )));
            }
            if let Some(first) = seen.insert((qid.to_string(), docid.to_string()), n) {
                return Err(syntax(format!(
                    "story '{docid}' is judged twice for query '{qid}' (first on line {first})"
                )));
            }
            judged.entry(qid.to_string()).or_default().push(Judgment {
                story: StoryRef {
                    id: docid.to_string(),
                    at,
                },
                grade,
            });
        }

        let mut queries = Vec::new();
        let mut unjudged = Vec::new();
        for (id, text, at) in topics {
            match judged.remove(&id) {
                Some(judgments) => queries.push(JudgedQuery {
                    id,
                    text,
                    judgments,
                    expect_top: None,
                    expect_first: None,
                    at,
                }),
                None => unjudged.push(id),
            }
        }
        Ok(Judgments { queries, unjudged })
    }

    /// Checks that every story named exists, by asking `exists` once per distinct id; the
    /// first unknown id is an error naming its file and line.
    pub fn check_stories(
        &self,
        mut exists: impl FnMut(&StoryRef) -> Result<bool, JudgmentsError>,
    ) -> Result<(), JudgmentsError> {
        let mut known: HashMap<&str, bool> = HashMap::new();
        for query in &self.queries {
            let named = query
                .judgments
                .iter()
                .map(|j| &j.story)
                .chain(query.expect_first.iter());
            for story in named {
                let found = match known.get(story.id.as_str()) {
                    Some(found) => *found,
                    None => {
                        let found = exists(story)?;
                        known.insert(&story.id, found);
                        found
                    }
                };
                if !found {
                    return Err(JudgmentsError::UnknownStory {
                        at: story.at.clone(),
                        id: story.id.clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

fn read(path: &Path) -> Result<String, JudgmentsError> {
    std::fs::read_to_string(path).map_err(|cause| JudgmentsError::Unreadable {
        path: path.to_path_buf(),
        cause,
    })
}

/// Non-blank lines that are not `#` comments, with 1-based numbers.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
}

/// `path` and the line holding byte `offset` of `text`.
fn locate(path: &Path, text: &str, offset: Option<usize>) -> SourceLocation {
    SourceLocation {
        file: PathBuf::from(path),
        line: offset.map(|o| text[..o.min(text.len())].matches('\n').count() + 1),
    }
}

/// Byte offset of `value` written as a JSON string, at or after `from`.
fn find_json_string(text: &str, value: &str, from: usize) -> Option<usize> {
    let literal = serde_json::to_string(value).ok()?;
    text.get(from..)?.find(&literal).map(|i| i + from)
}

/// The file as serde sees it: `query` is the TOML array-of-tables name (`[[query]]`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<Q> {
    #[serde(alias = "queries")]
    query: Vec<Q>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuery<S, R> {
    id: S,
    text: String,
    relevant: Vec<R>,
    expect_top: Option<usize>,
    expect_first: Option<S>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a story id, or a table `{ id = \"...\", grade = N }`"
)]
enum RawStory {
    Id(String),
    Graded {
        id: String,
        #[serde(default = "default_grade")]
        grade: u32,
    },
}

fn default_grade() -> u32 {
    1
}

impl RawStory {
    fn id(&self) -> &str {
        match self {
            RawStory::Id(id) | RawStory::Graded { id, .. } => id,
        }
    }
}

/// A query as read, before the checks every format shares.
struct ParsedQuery {
    id: String,
    text: String,
    relevant: Vec<(SourceLocation, RawStory)>,
    expect_top: Option<usize>,
    expect_first: Option<StoryRef>,
    at: SourceLocation,
}

/// Checks what the file formats cannot: unique ids, something relevant, sane expectations.
fn finish(parsed: Vec<ParsedQuery>) -> Result<Judgments, JudgmentsError> {
    let mut first_lines: BTreeMap<String, usize> = BTreeMap::new();
    let mut queries = Vec::with_capacity(parsed.len());
    for q in parsed {
        let syntax = |message: String| JudgmentsError::Syntax {
            at: q.at.clone(),
            message,
        };
        if let Some(first_line) = first_lines.get(&q.id) {
            return Err(JudgmentsError::DuplicateQuery {
                at: q.at.clone(),
                id: q.id.clone(),
                first_line: *first_line,
            });
        }
        first_lines.insert(q.id.clone(), q.at.line.unwrap_or(0));
        if q.text.trim().is_empty() {
            return Err(syntax(format!(
                "query '{}' has an empty `text`: write the query to run",
                q.id
            )));
        }
        if q.expect_top == Some(0) {
            return Err(syntax(format!(
                "query '{}': `expect_top` must be at least 1",
                q.id
            )));
        }
        let mut judgments: Vec<Judgment> = Vec::with_capacity(q.relevant.len());
        for (at, raw) in q.relevant {
            let (id, grade) = match raw {
                RawStory::Id(id) => (id, 1),
                RawStory::Graded { id, grade } => (id, grade),
            };
            if judgments.iter().any(|j| j.story.id == id) {
                return Err(JudgmentsError::Syntax {
                    at,
                    message: format!("story '{id}' is listed twice for query '{}'", q.id),
                });
            }
            judgments.push(Judgment {
                story: StoryRef { id, at },
                grade,
            });
        }
        if !judgments.iter().any(|j| j.grade >= 1) {
            return Err(syntax(format!(
                "query '{}' has no relevant story: list at least one in `relevant` with grade 1 or more",
                q.id
            )));
        }
        queries.push(JudgedQuery {
            id: q.id,
            text: q.text,
            judgments,
            expect_top: q.expect_top,
            expect_first: q.expect_first,
            at: q.at,
        });
    }
    Ok(Judgments {
        queries,
        unjudged: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(result: Result<Judgments, JudgmentsError>) -> String {
        result.expect_err("an error").to_string()
    }

    const TOML: &str = r#"
[[query]]
id = "opec"
text = "opec output cuts"
relevant = [
  "business/opec-output-cuts.txt",
  { id = "business/oil-falls-us-stockpiles.txt", grade = 2 },
  { id = "world/tanker.txt", grade = 0 },
]
expect_first = "business/opec-output-cuts.txt"

[[query]]
id = "xi"
text = "speaker:xi"
relevant = ["world/kim-xi-beijing-summit.txt"]
expect_top = 1
"#;

    #[test]
    fn toml_reads_grades_expectations_and_lines() {
        let j = Judgments::from_toml(TOML, Path::new("j.toml")).unwrap();
        assert_eq!(j.queries.len(), 2);
        let opec = &j.queries[0];
        assert_eq!(opec.id, "opec");
        assert_eq!(opec.text, "opec output cuts");
        assert_eq!(opec.at.to_string(), "j.toml:3");
        let judged: Vec<(&str, u32, String)> = opec
            .judgments
            .iter()
            .map(|j| (j.story.id.as_str(), j.grade, j.story.at.to_string()))
            .collect();
        assert_eq!(
            judged,
            [
                ("business/opec-output-cuts.txt", 1, "j.toml:6".to_string()),
                (
                    "business/oil-falls-us-stockpiles.txt",
                    2,
                    "j.toml:7".to_string()
                ),
                ("world/tanker.txt", 0, "j.toml:8".to_string()),
            ]
        );
        assert_eq!(
            opec.relevant_ids().collect::<Vec<_>>(),
            [
                "business/opec-output-cuts.txt",
                "business/oil-falls-us-stockpiles.txt"
            ]
        );
        let first = opec.expect_first.as_ref().unwrap();
        assert_eq!(
            (first.id.as_str(), first.at.to_string()),
            ("business/opec-output-cuts.txt", "j.toml:10".to_string())
        );
        assert_eq!(j.queries[1].expect_top, Some(1));
        assert_eq!(j.queries[1].at.line, Some(13));
    }

    #[test]
    fn json_has_the_same_shape_and_finds_lines() {
        let json = r#"{"query": [
  {"id": "opec", "text": "opec output cuts",
   "relevant": ["business/opec-output-cuts.txt",
                {"id": "business/oil-falls-us-stockpiles.txt", "grade": 2}]},
  {"id": "xi", "text": "speaker:xi", "relevant": ["world/kim-xi-beijing-summit.txt"],
   "expect_first": "world/kim-xi-beijing-summit.txt"}
]}"#;
        let j = Judgments::from_json(json, Path::new("j.json")).unwrap();
        assert_eq!(j.queries[0].at.line, Some(2));
        assert_eq!(j.queries[0].judgments[1].grade, 2);
        assert_eq!(j.queries[0].judgments[1].story.at.line, Some(4));
        assert_eq!(j.queries[1].at.line, Some(5));
        assert_eq!(j.queries[1].expect_first.as_ref().unwrap().at.line, Some(6));
    }

    #[test]
    fn duplicate_query_ids_name_both_lines() {
        let text = "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevant = [\"s.txt\"]\n\n[[query]]\nid = \"a\"\ntext = \"y\"\nrelevant = [\"s.txt\"]\n";
        assert_eq!(
            err(Judgments::from_toml(text, Path::new("j.toml"))),
            "j.toml:7: duplicate query id 'a' (first used on line 2): give every query its own id"
        );
    }

    #[test]
    fn format_errors_name_file_and_line() {
        let cases = [
            (
                "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevent = [\"s.txt\"]\n",
                "j.toml:4: unknown field `relevent`, expected one of `id`, `text`, `relevant`, `expect_top`, `expect_first`",
            ),
            (
                "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevant = [\"s.txt\"\n",
                "j.toml:4: unclosed array, expected `]`",
            ),
            (
                "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevant = []\n",
                "j.toml:2: query 'a' has no relevant story: list at least one in `relevant` with grade 1 or more",
            ),
            (
                "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevant = [{ id = \"s.txt\", grade = -1 }]\n",
                "j.toml:4: a story id, or a table `{ id = \"...\", grade = N }`",
            ),
            (
                "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevant = [\"s.txt\", \"s.txt\"]\n",
                "j.toml:4: story 's.txt' is listed twice for query 'a'",
            ),
            (
                "[[query]]\nid = \"a\"\ntext = \"x\"\nrelevant = [\"s.txt\"]\nexpect_top = 0\n",
                "j.toml:2: query 'a': `expect_top` must be at least 1",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                err(Judgments::from_toml(text, Path::new("j.toml"))),
                expected
            );
        }
        assert_eq!(
            err(Judgments::from_json(
                "{\"query\": [\n  {\"id\": 1}\n]}",
                Path::new("j.json")
            )),
            "j.json:2: invalid type: integer `1`, expected a string"
        );
    }

    #[test]
    fn unknown_extension_is_refused() {
        assert_eq!(
            err(Judgments::load(Path::new("judgments.yaml"))),
            "judgments.yaml: unknown judgments format: name it .toml or .json, or pass --topics with --qrels"
        );
    }

    #[test]
    fn trec_topics_and_qrels() {
        let topics = "# id\ttext\n101\tcrude oil\n102\tmoney supply\n103\tunjudged topic\n";
        let qrels = "101 0 a.txt 1\n101 0 b.txt 0\n102 0 c.txt 2\n";
        let j =
            Judgments::from_trec(topics, Path::new("t.tsv"), qrels, Path::new("q.txt")).unwrap();
        assert_eq!(
            j.queries
                .iter()
                .map(|q| (q.id.as_str(), q.text.as_str(), q.judgments.len()))
                .collect::<Vec<_>>(),
            [("101", "crude oil", 2), ("102", "money supply", 1)]
        );
        assert_eq!(j.queries[0].at.to_string(), "t.tsv:2");
        assert_eq!(j.queries[1].judgments[0].story.at.to_string(), "q.txt:3");
        assert_eq!(j.queries[1].grades()["c.txt"], 2);
        assert_eq!(j.unjudged, ["103"]);
    }

    #[test]
    fn trec_errors_name_file_and_line() {
        let topics = "101\tcrude oil\n";
        let cases = [
            ("101 0 a.txt\n", "q.txt:1: expected 4 columns `qid 0 docid grade`, found 3"),
            ("101 0 a.txt x\n", "q.txt:1: grade 'x' is not a whole number from 0 (0 = not relevant)"),
            ("101 0 a.txt 1\n999 0 a.txt 1\n", "q.txt:2: query '999' has judgments but no line in t.tsv: add `999<TAB>query text` there"),
            ("101 0 a.txt 1\n101 0 a.txt 2\n", "q.txt:2: story 'a.txt' is judged twice for query '101' (first on line 1)"),
        ];
        for (qrels, expected) in cases {
            assert_eq!(
                err(Judgments::from_trec(
                    topics,
                    Path::new("t.tsv"),
                    qrels,
                    Path::new("q.txt")
                )),
                expected
            );
        }
        assert_eq!(
            err(Judgments::from_trec(
                "101\tcrude oil\n101\tagain\n",
                Path::new("t.tsv"),
                "",
                Path::new("q.txt")
            )),
            "t.tsv:2: duplicate query id '101' (first used on line 1): give every query its own id"
        );
    }

    #[test]
    fn unknown_stories_are_reported_where_written() {
        let j = Judgments::from_toml(TOML, Path::new("j.toml")).unwrap();
        let known = ["business/opec-output-cuts.txt", "world/tanker.txt"];
        let result = j.check_stories(|story| Ok(known.contains(&story.id.as_str())));
        assert_eq!(
            result.unwrap_err().to_string(),
            "j.toml:7: unknown story id 'business/oil-falls-us-stockpiles.txt': ids are paths relative to the corpus root, as `newsdex query --format jsonl` prints them"
        );
    }
}
