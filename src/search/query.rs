//! Query text -> tantivy [`Query`], plus what the highlighter must look for.
//!
//! tantivy's grammar parses the text into a tree; newsdex walks that tree itself so it can
//! give the leaves tantivy's parser cannot build the meaning users expect:
//! - `word~N` (a bare word with a "slop") becomes a fuzzy term query (Levenshtein automaton,
//!   a transposition costing one edit); `N` above 2 is an error, not quietly 2;
//! - `summ*` on one word becomes a prefix query over the unstemmed word;
//! - both are scored like the words they expand to (see [`super::expand`]), not as a constant;
//! - dates on `published` may be plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, in ranges
//!   (`published:[2025-09-01 TO 2025-09-30]`) or alone (`published:2025-09`, the whole month).
//!
//! Every other leaf goes to tantivy's `QueryParser` unchanged, with the field boosts, so plain
//! queries rank exactly as before. Knows nothing of snippets' looks or of the terminal.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, ExistsQuery, Occur, Query, QueryParser, QueryParserError,
    RangeQuery,
};
use tantivy::query_grammar::{
    Delimiter, Occur as UserOccur, UserInputAst, UserInputBound, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Field, FieldType, Schema};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Index, Searcher, Term};

use super::dates::DateSpan;
use super::expand::ExpandedTermQuery;
use crate::error::QueryError;
use crate::schema::{self, Fields};

/// Field boosts: a match in the headline counts most, then quotations and speakers, then
/// the dateline place, then body text.
pub(crate) const BOOSTS: &[(&str, f32)] = &[
    (schema::names::TITLE, 3.0),
    (schema::names::QUOTES, 2.0),
    (schema::names::SPEAKER, 2.0),
    (schema::names::LOCATION, 1.5),
    (schema::names::BYLINE, 1.0),
    (schema::names::BODY, 1.0),
];

/// The largest edit distance `word~N` accepts (tantivy's automata go to 2 cheaply).
pub const MAX_FUZZY_DISTANCE: u8 = 2;

/// Something the highlighter marks in a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// A word whose stemmed form equals this.
    Stem(String),
    /// A word whose folded, unstemmed form starts with this.
    Prefix(String),
    /// A word whose stemmed form is within `distance` edits of this.
    Fuzzy(String, u8),
}

/// A plain word of the query, as typed and as indexed: checked for suggestions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainWord {
    /// As typed, lowercased.
    pub typed: String,
    /// As the prose analyzer indexes it (stemmed).
    pub stem: String,
}

/// A parsed query and what it looks for.
pub struct ParsedQuery {
    /// The query to run.
    pub query: Box<dyn Query>,
    /// Words, prefixes and fuzzy terms to highlight (from positive clauses only).
    pub matchers: Vec<Matcher>,
    /// Plain words on the default or prose fields, for suggestions.
    pub words: Vec<PlainWord>,
    /// How many positive leaves the query has.
    pub positive_leaves: usize,
    /// How many positive leaves are free words (no `field:`): the any-word fallback
    /// relaxes only these, so it needs two or more.
    pub free_leaves: usize,
    /// Why the text was searched as plain words instead of as query syntax
    /// (`unbalanced quote at position 12`), when it was.
    pub plain_text: Option<String>,
    /// Each positive leaf on each field it searches, labelled `field:text`, for
    /// `--explain` (filled only when asked for).
    pub parts: Vec<(String, Box<dyn Query>)>,
}

/// The deepest nesting of parentheses and `NOT`s a query may have: tantivy's parser (and
/// the tree walk after it) recurse once per level, so deeper input could exhaust the stack.
pub const MAX_QUERY_DEPTH: usize = 64;

/// The longest query text, in characters.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// Rejects text tantivy's parser must not see: longer than [`MAX_QUERY_CHARS`] or nesting
/// deeper than [`MAX_QUERY_DEPTH`]. Runs before any parsing, in one pass without recursion.
///
/// Depth counts open parentheses outside quoted phrases, plus the `NOT`s since the last
/// word (each `NOT` is one more level in the grammar). Overcounting is harmless here: no
/// real query comes near the limit.
pub fn check_shape(text: &str) -> Result<(), QueryError> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(MAX_QUERY_CHARS));
    }
    let mut parens = 0usize;
    let mut nots = 0usize;
    let mut in_quotes = false;
    let mut escaped = false;
    let mut word = String::new();
    let too_deep = |parens: usize, nots: usize| parens + nots > MAX_QUERY_DEPTH;
    for c in text.chars().chain(std::iter::once(' ')) {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '(' => {
                parens += 1;
                if too_deep(parens, nots) {
                    return Err(QueryError::TooDeep(MAX_QUERY_DEPTH));
                }
            }
            ')' => {
                parens = parens.saturating_sub(1);
                nots = 0;
            }
            c if c.is_whitespace() => {
                if word == "NOT" {
                    nots += 1;
                    if too_deep(parens, nots) {
                        return Err(QueryError::TooDeep(MAX_QUERY_DEPTH));
                    }
                } else if !word.is_empty() {
                    nots = 0;
                }
                word.clear();
            }
            // Only whether the word is `NOT` matters, so a few characters are enough.
            c if word.len() <= 4 => word.push(c),
            _ => {}
        }
    }
    Ok(())
}

/// Builds queries for one index.
pub struct QueryBuilder<'a> {
    index: &'a Index,
    schema: Schema,
    fields: &'a Fields,
    parser: QueryParser,
    defaults: Vec<Field>,
    /// Whether to fill [`ParsedQuery::parts`].
    pub explain: bool,
}

impl<'a> QueryBuilder<'a> {
    /// A builder with newsdex's default fields and boosts, for `searcher`'s stories.
    ///
    /// A default field no story has a word in (the byline in most corpora) is left out:
    /// it matches nothing, and a term query on it makes tantivy build an empty term
    /// dictionary (about 8% of a `query` process). Named (`byline:smith`), it is searched.
    pub fn new(index: &'a Index, fields: &'a Fields, searcher: &Searcher) -> QueryBuilder<'a> {
        let f = fields;
        let defaults: Vec<Field> = [f.title, f.quotes, f.speaker, f.location, f.byline, f.body]
            .into_iter()
            .filter(|&field| field == f.body || super::rank::has_tokens(searcher, field))
            .collect();
        let mut parser = QueryParser::for_index(index, defaults.clone());
        let schema = index.schema();
        for (name, boost) in BOOSTS {
            if let Ok(field) = schema.get_field(name) {
                parser.set_field_boost(field, *boost);
            }
        }
        QueryBuilder {
            index,
            schema,
            fields,
            parser,
            defaults,
            explain: false,
        }
    }

    /// Parses `text`; `match_all` makes words without an operator required.
    ///
    /// An apostrophe inside a word is part of it (`Trump's`, `O'Rourke`). Text that does not
    /// parse as query syntax is searched as its plain words, and
    /// [`ParsedQuery::plain_text`] says why; only what cannot be searched at all (an
    /// unknown field named on purpose, a bad date) is an error.
    pub fn parse(&self, text: &str, match_all: bool) -> Result<ParsedQuery, QueryError> {
        let mode = if match_all { Words::All } else { Words::Any };
        self.parse_lenient(text, mode)
    }

    /// Parses `text` for the any-word fallback: free words (no `field:`) become optional,
    /// while field clauses, dates and explicit operators keep their meaning.
    pub fn parse_relaxed(&self, text: &str) -> Result<ParsedQuery, QueryError> {
        self.parse_lenient(text, Words::Relaxed)
    }

    fn parse_lenient(&self, text: &str, mode: Words) -> Result<ParsedQuery, QueryError> {
        if text.trim().is_empty() {
            return Err(QueryError::Empty);
        }
        check_shape(text)?;
        let typed = text;
        let text = join_apostrophes(text);
        let (position, reason) = match self.parse_syntax(&text, mode) {
            Err(QueryError::FuzzyTooFar {
                distance,
                word,
                max,
            }) => {
                return Err(QueryError::FuzzyTooFar {
                    distance,
                    word: as_typed(typed, &text, &word),
                    max,
                })
            }
            Err(QueryError::Syntax { position, message }) => {
                let (position, reason) = describe_syntax(&message, &text, position);
                (Some(position), reason)
            }
            Err(QueryError::UnknownField { field, .. }) if !named_on_purpose(&text, &field) => {
                (None, format!("'{field}:' is not a field"))
            }
            other => return other,
        };
        let plain = plain_words(&text);
        if plain.is_empty() {
            // Nothing to search for (`AND`, `-`, `()`): the syntax error, in plain words.
            return match position {
                Some(position) => Err(QueryError::Syntax {
                    position,
                    message: reason,
                }),
                None => self.parse_syntax(&text, mode),
            };
        }
        let mut parsed = self.parse_syntax(&plain, mode)?;
        parsed.plain_text = Some(match position {
            Some(position) => format!("{reason} at position {position}"),
            None => reason,
        });
        Ok(parsed)
    }

    fn parse_syntax(&self, text: &str, mode: Words) -> Result<ParsedQuery, QueryError> {
        let (_, errors) = tantivy::query_grammar::parse_query_lenient(text);
        if let Some(error) = errors.first() {
            let position = text
                .get(..error.pos)
                .map_or(error.pos, |prefix| prefix.chars().count());
            return Err(QueryError::Syntax {
                position,
                message: error.message.replace("\\\"", "\""),
            });
        }
        // The strict grammar splits `word~1` and `word*` (the lenient one keeps them whole).
        let ast = tantivy::query_grammar::parse_query(text).map_err(|_| QueryError::Syntax {
            position: 0,
            message: "the query does not parse".into(),
        })?;
        let mut parsed = ParsedQuery {
            query: Box::new(EmptyQuery),
            matchers: Vec::new(),
            words: Vec::new(),
            positive_leaves: 0,
            free_leaves: 0,
            plain_text: None,
            parts: Vec::new(),
        };
        let query = self.build(&ast, mode, true, &mut parsed)?;
        if query.is_none() && plain_words(text).is_empty() {
            // Only punctuation (`.`, `!!!`, `""`): nothing was asked for, as with an empty
            // query, so not "no story matches". Words that index to nothing (`the`) still
            // search, and `*` is every story.
            return Err(QueryError::Empty);
        }
        parsed.query = query.unwrap_or_else(|| Box::new(EmptyQuery));
        Ok(parsed)
    }

    fn build(
        &self,
        ast: &UserInputAst,
        mode: Words,
        positive: bool,
        out: &mut ParsedQuery,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut subqueries = Vec::new();
                for (occur, sub) in clauses {
                    let occur = match occur {
                        Some(UserOccur::Must) => Occur::Must,
                        Some(UserOccur::Should) => Occur::Should,
                        Some(UserOccur::MustNot) => Occur::MustNot,
                        // A date restricts even when any word may match.
                        None if self.is_date_leaf(sub) => Occur::Must,
                        None => match mode {
                            Words::All => Occur::Must,
                            Words::Any => Occur::Should,
                            Words::Relaxed if is_free(sub) => Occur::Should,
                            Words::Relaxed => Occur::Must,
                        },
                    };
                    let sub_positive = positive && occur != Occur::MustNot;
                    if let Some(query) = self.build(sub, mode, sub_positive, out)? {
                        subqueries.push((occur, query));
                    }
                }
                if subqueries.is_empty() {
                    return Ok(None);
                }
                if subqueries.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    return Err(QueryError::Unsupported(
                        "it only excludes words; add a word to search for".into(),
                    ));
                }
                // Optional words beside a required clause (a field clause when relaxed, a
                // date): at least one of them must still match.
                let has_must = subqueries.iter().any(|(occur, _)| *occur == Occur::Must);
                let optional = subqueries
                    .iter()
                    .filter(|(occur, _)| *occur == Occur::Should)
                    .count();
                if mode != Words::All && has_must && optional > 0 {
                    let (shoulds, mut rest): (Vec<_>, Vec<_>) = subqueries
                        .into_iter()
                        .partition(|(occur, _)| *occur == Occur::Should);
                    rest.push((Occur::Must, Box::new(BooleanQuery::new(shoulds))));
                    subqueries = rest;
                }
                if subqueries.len() == 1 && subqueries[0].0 != Occur::MustNot {
                    return Ok(subqueries.pop().map(|(_, q)| q));
                }
                Ok(Some(Box::new(BooleanQuery::new(subqueries))))
            }
            UserInputAst::Boost(inner, boost) => {
                let boost = boost.into_inner() as f32;
                Ok(self
                    .build(inner, mode, positive, out)?
                    .map(|q| Box::new(BoostQuery::new(q, boost)) as Box<dyn Query>))
            }
            UserInputAst::Leaf(leaf) => {
                if positive && !self.is_date_leaf(ast) {
                    out.positive_leaves += 1;
                    if is_free(ast) {
                        out.free_leaves += 1;
                    }
                }
                self.leaf(leaf, positive, out)
            }
        }
    }

    fn leaf(
        &self,
        leaf: &UserInputLeaf,
        positive: bool,
        out: &mut ParsedQuery,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        match leaf {
            UserInputLeaf::Literal(literal) => {
                let literal = &split_operators(literal)?;
                let fields = self.target_fields(literal.field_name.as_deref())?;
                if self.is_published(&fields) {
                    let span = DateSpan::parse(&literal.phrase)
                        .ok_or_else(|| bad_date(&literal.phrase))?;
                    return Ok(Some(self.date_range(
                        Bound::Included(span.first),
                        Bound::Included(span.last),
                    )));
                }
                if literal.delimiter == Delimiter::None && literal.slop > 0 {
                    return self.fuzzy(literal, &fields, positive, out);
                }
                if literal.prefix && self.single_token(literal, &fields) {
                    return self.prefix(literal, &fields, positive, out);
                }
                if positive {
                    self.note_words(literal, &fields, out);
                    if self.explain {
                        self.note_parts(literal, &fields, out);
                    }
                }
                self.delegate(&UserInputLeaf::Literal(literal.clone()))
            }
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => {
                let fields = self.target_fields(field.as_deref())?;
                if self.is_published(&fields) {
                    check_date_order(field.as_deref(), lower, upper)?;
                    let lower = date_bound(lower, true)?;
                    let upper = date_bound(upper, false)?;
                    if lower == Bound::Unbounded && upper == Bound::Unbounded {
                        // `[* TO *]`: every story with a date.
                        return Ok(Some(Box::new(ExistsQuery::new(
                            schema::names::PUBLISHED.to_string(),
                            false,
                        ))));
                    }
                    return Ok(Some(self.date_range(lower, upper)));
                }
                self.delegate(leaf)
            }
            UserInputLeaf::Exists { field } => {
                let fields = self.target_fields(Some(field))?;
                let fast = fields
                    .iter()
                    .all(|&f| self.schema.get_field_entry(f).is_fast());
                if !fast {
                    return Err(QueryError::Unsupported(format!(
                        "'{field}:*' (any value) works only for published and category: search for a word in {field} instead"
                    )));
                }
                self.delegate(leaf)
            }
            _ => self.delegate(leaf),
        }
    }

    /// Hands one leaf to tantivy's parser (boosts and default fields applied there).
    fn delegate(&self, leaf: &UserInputLeaf) -> Result<Option<Box<dyn Query>>, QueryError> {
        let ast = UserInputAst::Leaf(Box::new(leaf.clone()));
        let query = self
            .parser
            .build_query_from_user_input_ast(ast)
            .map_err(query_error)?;
        if query.downcast_ref::<EmptyQuery>().is_some() {
            return Ok(None);
        }
        Ok(Some(query))
    }

    /// One query per field for `--explain`, labelled `field:text`.
    fn note_parts(&self, literal: &UserInputLiteral, fields: &[Field], out: &mut ParsedQuery) {
        for &field in fields {
            let name = self.schema.get_field_name(field).to_string();
            let mut single = literal.clone();
            single.field_name = Some(name.clone());
            let label = match single.delimiter {
                Delimiter::None => format!("{name}:{}", literal.phrase),
                _ => format!("{name}:\"{}\"", literal.phrase),
            };
            if let Ok(Some(query)) = self.delegate(&UserInputLeaf::Literal(single)) {
                out.parts.push((label, query));
            }
        }
    }

    fn target_fields(&self, name: Option<&str>) -> Result<Vec<Field>, QueryError> {
        match name {
            None => Ok(self.defaults.clone()),
            Some(name) => self
                .schema
                .get_field(name)
                .map(|f| vec![f])
                .map_err(|_| unknown_field(name)),
        }
    }

    /// Whether `ast` is a date or date range on `published`.
    fn is_date_leaf(&self, ast: &UserInputAst) -> bool {
        let UserInputAst::Leaf(leaf) = ast else {
            return false;
        };
        let field = match leaf.as_ref() {
            UserInputLeaf::Literal(literal) => literal.field_name.as_deref(),
            UserInputLeaf::Range { field, .. } => field.as_deref(),
            _ => None,
        };
        field == Some(schema::names::PUBLISHED)
    }

    fn is_published(&self, fields: &[Field]) -> bool {
        fields == [self.fields.published]
    }

    fn boost_of(&self, field: Field) -> f32 {
        let name = self.schema.get_field_name(field);
        BOOSTS
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(1.0, |(_, b)| *b)
    }

    /// The tokens `text` becomes in `field` (its own analyzer).
    fn analyze(&self, field: Field, text: &str) -> Vec<String> {
        analyze(self.index.tokenizers(), &self.schema, field, text)
    }

    fn single_token(&self, literal: &UserInputLiteral, fields: &[Field]) -> bool {
        fields
            .iter()
            .all(|&f| self.analyze(f, &literal.phrase).len() <= 1)
    }

    fn fuzzy(
        &self,
        literal: &UserInputLiteral,
        fields: &[Field],
        positive: bool,
        out: &mut ParsedQuery,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        // `split_operators` refused anything larger.
        let distance = u8::try_from(literal.slop)
            .unwrap_or(MAX_FUZZY_DISTANCE)
            .min(MAX_FUZZY_DISTANCE);
        // Without a field, typos are looked for in the prose (headline, quotations, body):
        // each field costs an automaton walk over its dictionary, and names are rarely typed
        // fuzzily.
        let prose = [self.fields.title, self.fields.quotes, self.fields.body];
        let fields: &[Field] = if fields == self.defaults.as_slice() {
            &prose
        } else {
            fields
        };
        let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &field in fields {
            if !self.is_text(field) {
                continue;
            }
            for token in self.analyze(field, &literal.phrase) {
                if positive && (field == self.fields.body || fields.len() == 1) {
                    out.matchers.push(Matcher::Fuzzy(token.clone(), distance));
                }
                let term = Term::from_field_text(field, &token);
                let query: Box<dyn Query> = Box::new(ExpandedTermQuery::fuzzy(term, distance));
                let query = self.boosted(field, query);
                if positive && self.explain {
                    let name = self.schema.get_field_name(field);
                    out.parts
                        .push((format!("{name}:{token}~{distance}"), query.box_clone()));
                }
                subqueries.push((Occur::Should, query));
            }
        }
        Ok(combine(subqueries))
    }

    fn prefix(
        &self,
        literal: &UserInputLiteral,
        fields: &[Field],
        positive: bool,
        out: &mut ParsedQuery,
    ) -> Result<Option<Box<dyn Query>>, QueryError> {
        // The prefix is folded and lowercased but not stemmed: `summ*` must not become `sum*`.
        let folded = fold(&literal.phrase);
        if folded.is_empty() {
            return Ok(None);
        }
        if positive {
            out.matchers.push(Matcher::Prefix(folded.clone()));
        }
        let mut subqueries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &field in fields {
            if !self.is_text(field) {
                continue;
            }
            let term = Term::from_field_text(field, &folded);
            let query: Box<dyn Query> = if !self.stemmed(field) {
                Box::new(ExpandedTermQuery::prefix(term))
            } else {
                // A stemmed field: `earni*` must also find `earn`, the stem of "earnings".
                Box::new(ExpandedTermQuery::stemmed_prefix(term))
            };
            let query = self.boosted(field, query);
            if positive && self.explain {
                let name = self.schema.get_field_name(field);
                out.parts
                    .push((format!("{name}:{folded}*"), query.box_clone()));
            }
            subqueries.push((Occur::Should, query));
        }
        Ok(combine(subqueries))
    }

    fn boosted(&self, field: Field, query: Box<dyn Query>) -> Box<dyn Query> {
        let boost = self.boost_of(field);
        if (boost - 1.0).abs() > f32::EPSILON {
            Box::new(BoostQuery::new(query, boost))
        } else {
            query
        }
    }

    /// Whether `field`'s analyzer stems (`news`, `quotes`), unlike `names` and `words`.
    fn stemmed(&self, field: Field) -> bool {
        match self.schema.get_field_entry(field).field_type() {
            FieldType::Str(options) => options
                .get_indexing_options()
                .is_some_and(|indexing| crate::schema::stems(indexing.tokenizer())),
            _ => false,
        }
    }

    fn is_text(&self, field: Field) -> bool {
        matches!(
            self.schema.get_field_entry(field).field_type(),
            FieldType::Str(options) if options.get_indexing_options().is_some()
        )
    }

    fn note_words(&self, literal: &UserInputLiteral, fields: &[Field], out: &mut ParsedQuery) {
        let prose = [self.fields.title, self.fields.body, self.fields.quotes];
        let body = self.fields.body;
        if fields.iter().any(|f| prose.contains(f)) || fields == [self.fields.speaker] {
            for stem in self.analyze(body, &literal.phrase) {
                if !out.matchers.contains(&Matcher::Stem(stem.clone())) {
                    out.matchers.push(Matcher::Stem(stem));
                }
            }
        } else {
            // Names fields: highlight the words as written (folded), stemmed like prose.
            for word in self.analyze(body, &literal.phrase) {
                out.matchers.push(Matcher::Stem(word));
            }
        }
        let is_default = fields == self.defaults.as_slice();
        if is_default && literal.delimiter == Delimiter::None {
            for typed in fold(&literal.phrase).split_whitespace() {
                let stems = self.analyze(body, typed);
                if let [stem] = stems.as_slice() {
                    out.words.push(PlainWord {
                        typed: typed.to_string(),
                        stem: stem.clone(),
                    });
                }
            }
        }
    }

    fn date_range(&self, lower: Bound<crate::Date>, upper: Bound<crate::Date>) -> Box<dyn Query> {
        date_range_query(self.fields.published, lower, upper)
    }
}

/// How words without an operator combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Words {
    /// Every word is required.
    All,
    /// Any word may match.
    Any,
    /// Free words may match; field clauses are required (the any-word fallback).
    Relaxed,
}

/// Whether `ast` holds only words on the default fields (no `field:`, no range).
fn is_free(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Leaf(leaf) => matches!(
            leaf.as_ref(),
            UserInputLeaf::Literal(literal) if literal.field_name.is_none()
        ),
        UserInputAst::Boost(inner, _) => is_free(inner),
        UserInputAst::Clause(clauses) => clauses.iter().all(|(_, sub)| is_free(sub)),
    }
}

/// Straight or modifier apostrophes between two letters or digits become `’`, which the
/// grammar reads as part of a word (and the analyzers split exactly as they split the
/// story's own `’`): `Trump's` and `O'Rourke` are words, not the start of a quotation.
pub(crate) fn join_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let inside = i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if matches!(c, '\'' | '\u{2bc}') && inside {
            out.push('\u{2019}');
        } else {
            out.push(c);
        }
    }
    out
}

/// `fragment` of `joined` (the query after [`join_apostrophes`]) as it was typed in
/// `typed`, for an error to quote: the two differ only in apostrophes, character for
/// character. A fragment not found whole (`title:` written apart from its word) is looked
/// for without its field.
fn as_typed(typed: &str, joined: &str, fragment: &str) -> String {
    let find = |part: &str| {
        let at = joined.find(part)?;
        let skip = joined[..at].chars().count();
        Some(
            typed
                .chars()
                .skip(skip)
                .take(part.chars().count())
                .collect::<String>(),
        )
    };
    if let Some(found) = find(fragment) {
        return found;
    }
    match fragment.split_once(':') {
        Some((field, word)) => {
            find(word).map_or_else(|| fragment.to_string(), |word| format!("{field}:{word}"))
        }
        None => fragment.to_string(),
    }
}

/// The words of `text` with every syntax character dropped: what is searched when the
/// text does not parse as query syntax. Bare `AND`, `OR`, `NOT` and `IN` go too.
pub(crate) fn plain_words(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\u{2019}' {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .map(|w| w.trim_matches('\u{2019}'))
        .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT" | "IN"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The grammar's complaint about `text` at character `position`, in the words a person
/// understands, with the position of what is at fault: tantivy's messages name its own
/// parser's states (`expected word`, `missing space`, `Found unexpected boolean operator
/// before term`), its strict parser gives no position, and its lenient one sometimes gives
/// the end of the text.
fn describe_syntax(message: &str, text: &str, position: usize) -> (usize, String) {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.get(position).copied();
    let head = &chars[..position.min(chars.len())];
    let before = head.iter().rev().find(|c| !c.is_whitespace()).copied();
    let unexpected = || match at {
        Some(c) => format!("unexpected '{c}'"),
        None => "unexpected end of the query".to_string(),
    };
    let reason = if message.starts_with("missing delimiter") {
        "unbalanced quote".to_string()
    } else if message.starts_with("missing ]")
        || message.starts_with("missing )")
        || message.starts_with("expected ')'")
    {
        "unbalanced bracket".to_string()
    } else if message == "missing space" {
        let count = |brackets: [char; 2]| head.iter().filter(|c| brackets.contains(c)).count();
        let open_range = count(['[', '{']) > count([']', '}']);
        match before {
            Some('"') => "no space after a quote".to_string(),
            _ if open_range => "unbalanced bracket".to_string(),
            _ => unexpected(),
        }
    } else if message == "expected word" {
        match (before, at) {
            (Some(':'), _) => "nothing after ':'".to_string(),
            (Some('('), Some(')')) => "empty parentheses".to_string(),
            (Some(c @ ('-' | '+' | '(')), _) => format!("nothing after '{c}'"),
            (_, Some('^')) => "'^' with no word before it".to_string(),
            _ => unexpected(),
        }
    } else if message == "unparsed end of query" {
        match at {
            Some(')') => "unbalanced bracket".to_string(),
            Some('^') => "'^' without a number after it".to_string(),
            _ => unexpected(),
        }
    } else if message.starts_with("parsed keyword NOT") {
        "'NOT' with nothing after it".to_string()
    } else if message.starts_with("Found unexpected boolean operator") {
        let at = dangling_operator(text).unwrap_or(position);
        return (at, "an operator with nothing before it".to_string());
    } else if message == "the query does not parse" {
        let at = dangling_operator(text).unwrap_or(position);
        return (at, "an operator with nothing to join".to_string());
    } else if message.starts_with("parsed possible invalid field") {
        "a ':' that names no field".to_string()
    } else if message.starts_with("expected whitespace") {
        unexpected()
    } else {
        message.to_string()
    };
    (position, reason)
}

/// The character position of the first operator with no word on one side: `AND` or `OR`
/// first, last or next to another operator, or a `-` or `+` standing alone (it must
/// touch the word it excludes or requires).
fn dangling_operator(text: &str) -> Option<usize> {
    let is_operator = |word: &str| matches!(word, "AND" | "OR" | "-" | "+" | "&&" | "||");
    // Each word with the character position it starts at.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut in_gap = true;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() {
            in_gap = true;
        } else if in_gap {
            words.push((i, c.to_string()));
            in_gap = false;
        } else if let Some((_, word)) = words.last_mut() {
            word.push(c);
        }
    }
    let last = words.len().checked_sub(1)?;
    words.iter().enumerate().find_map(|(i, (at, word))| {
        let dangles = matches!(word.as_str(), "-" | "+")
            || i == 0
            || i == last
            || is_operator(&words[i - 1].1)
            || is_operator(&words[i + 1].1);
        (is_operator(word) && dangles).then_some(*at)
    })
}

/// Whether `field:` in `text` looks meant as a field (`topic:oil`), not pasted prose
/// (`Update: the`, `10:30`, `https://`): a name of letters written right against its value.
fn named_on_purpose(text: &str, field: &str) -> bool {
    let looks_like_name =
        !field.is_empty() && field.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    looks_like_name
        && text.match_indices(&format!("{field}:")).any(|(at, m)| {
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '+' | '-'));
            let after = text[at + m.len()..].chars().next();
            before_ok && after.is_some_and(|c| !c.is_whitespace() && c != '/')
        })
}

/// A range query on `published` between two dates.
pub(crate) fn date_range_query(
    field: Field,
    lower: Bound<crate::Date>,
    upper: Bound<crate::Date>,
) -> Box<dyn Query> {
    let term = |d: crate::Date| Term::from_field_date(field, crate::schema::date_time(d));
    Box::new(RangeQuery::new(lower.map(term), upper.map(term)))
}

/// The tokens `text` becomes under `field`'s analyzer.
pub(crate) fn analyze(
    tokenizers: &TokenizerManager,
    schema: &Schema,
    field: Field,
    text: &str,
) -> Vec<String> {
    let FieldType::Str(options) = schema.get_field_entry(field).field_type() else {
        return Vec::new();
    };
    let Some(indexing) = options.get_indexing_options() else {
        return Vec::new();
    };
    let Some(mut analyzer) = tokenizers.get(indexing.tokenizer()) else {
        return Vec::new();
    };
    let mut tokens = Vec::new();
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| tokens.push(token.text.clone()));
    tokens
}

/// Lowercased, with accents folded to ASCII where they have a plain form.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::new();
    let mut analyzer = tantivy::tokenizer::TextAnalyzer::builder(
        tantivy::tokenizer::WhitespaceTokenizer::default(),
    )
    .filter(tantivy::tokenizer::LowerCaser)
    .filter(tantivy::tokenizer::AsciiFoldingFilter)
    .build();
    let mut stream = analyzer.token_stream(text);
    stream.process(&mut |token| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&token.text);
    });
    out
}

/// The grammar keeps a bare `word~2` or `word*` whole; read the operator off the end.
///
/// A fuzzy distance above [`MAX_FUZZY_DISTANCE`] is an error: searching with 2 instead
/// would quietly match other words than asked for.
fn split_operators(literal: &UserInputLiteral) -> Result<UserInputLiteral, QueryError> {
    let mut out = literal.clone();
    let too_far = |word: &str, distance: &str| {
        let field = literal
            .field_name
            .as_deref()
            .map_or(String::new(), |name| format!("{name}:"));
        QueryError::FuzzyTooFar {
            distance: distance.to_string(),
            word: format!("{field}{word}~{distance}"),
            max: MAX_FUZZY_DISTANCE,
        }
    };
    if literal.delimiter != Delimiter::None || literal.prefix {
        return Ok(out);
    }
    if literal.slop > 0 {
        if literal.slop > u32::from(MAX_FUZZY_DISTANCE) {
            return Err(too_far(&literal.phrase, &literal.slop.to_string()));
        }
        return Ok(out);
    }
    let phrase = literal.phrase.as_str();
    if let Some((word, n)) = phrase.rsplit_once('~') {
        if !word.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
            // `word~0` asks for no edits: the plain word.
            out.slop = match n.parse::<u8>() {
                Ok(distance) if distance <= MAX_FUZZY_DISTANCE => u32::from(distance),
                _ => return Err(too_far(word, n)),
            };
            out.phrase = word.to_string();
            return Ok(out);
        }
    }
    if let Some(word) = phrase.strip_suffix('*') {
        if !word.is_empty() && !word.ends_with('*') {
            out.phrase = word.to_string();
            out.prefix = true;
        }
    }
    Ok(out)
}

/// A `published:` range whose start is after its end is an error, as `--since` after
/// `--until` is: it could only ever find nothing. The start covers from its first day, the
/// end to its last, so `[2025 TO 2025-03]` is the first quarter, not reversed.
fn check_date_order(
    field: Option<&str>,
    lower: &UserInputBound,
    upper: &UserInputBound,
) -> Result<(), QueryError> {
    let text = |bound: &UserInputBound| match bound {
        UserInputBound::Inclusive(text) | UserInputBound::Exclusive(text) if text != "*" => {
            Some(text.clone())
        }
        _ => None,
    };
    let (Some(from), Some(to)) = (text(lower), text(upper)) else {
        return Ok(());
    };
    let (Some(start), Some(end)) = (DateSpan::parse(&from), DateSpan::parse(&to)) else {
        // Not dates: `date_bound` says so.
        return Ok(());
    };
    let after = matches!(lower, UserInputBound::Exclusive(_));
    let before = matches!(upper, UserInputBound::Exclusive(_));
    let field = field.unwrap_or(schema::names::PUBLISHED);
    let range = || {
        let open = if after { '{' } else { '[' };
        let close = if before { '}' } else { ']' };
        format!("{field}:{open}{from} TO {to}{close}")
    };
    if start.first > end.last {
        return Err(QueryError::ReversedRange {
            range: range(),
            start: start.first,
            end: end.last,
        });
    }
    // An excluded end leaves out the whole span it names: `{2025 TO 2025}` is after 2025
    // and before 2025, which no day is.
    let first = if after {
        start.last.to_julian_day() + 1
    } else {
        start.first.to_julian_day()
    };
    let last = if before {
        end.first.to_julian_day() - 1
    } else {
        end.last.to_julian_day()
    };
    if first > last {
        return Err(QueryError::EmptyRange {
            range: range(),
            start: (after, if after { start.last } else { start.first }),
            end: (before, if before { end.first } else { end.last }),
        });
    }
    Ok(())
}

fn combine(mut subqueries: Vec<(Occur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    match subqueries.len() {
        0 => None,
        1 => subqueries.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(subqueries))),
    }
}

fn date_bound(bound: &UserInputBound, lower: bool) -> Result<Bound<crate::Date>, QueryError> {
    let (text, inclusive) = match bound {
        UserInputBound::Unbounded => return Ok(Bound::Unbounded),
        UserInputBound::Inclusive(text) => (text, true),
        UserInputBound::Exclusive(text) => (text, false),
    };
    if text == "*" {
        return Ok(Bound::Unbounded);
    }
    let span = DateSpan::parse(text).ok_or_else(|| bad_date(text))?;
    Ok(match (lower, inclusive) {
        (true, true) => Bound::Included(span.first),
        (true, false) => Bound::Excluded(span.last),
        (false, true) => Bound::Included(span.last),
        (false, false) => Bound::Excluded(span.first),
    })
}

fn bad_date(text: &str) -> QueryError {
    QueryError::Unsupported(format!(
        "'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. published:[2025-09-01 TO 2025-09-30]"
    ))
}

fn unknown_field(field: &str) -> QueryError {
    QueryError::UnknownField {
        field: field.to_string(),
        known: schema::SEARCHABLE_FIELDS.join(", "),
    }
}

pub(crate) fn query_error(error: QueryParserError) -> QueryError {
    match error {
        QueryParserError::FieldDoesNotExist(field) => unknown_field(&field),
        QueryParserError::SyntaxError(message) => QueryError::Syntax {
            position: 0,
            message,
        },
        QueryParserError::AllButQueryForbidden => {
            QueryError::Unsupported("it only excludes words; add a word to search for".into())
        }
        QueryParserError::PhrasePrefixRequiresAtLeastTwoTerms { phrase, .. } => {
            QueryError::Unsupported(format!(
                "'{phrase}*' needs a word before the `*`: write e.g. summ* or \"trade def\"*"
            ))
        }
        other => QueryError::Unsupported(other.to_string()),
    }
}

#[cfg(test)]
mod shape_tests {
    use super::*;

    fn nested(depth: usize, inner: &str) -> String {
        format!("{}{inner}{}", "(".repeat(depth), ")".repeat(depth))
    }

    #[test]
    fn nesting_up_to_the_limit_is_allowed() {
        assert_eq!(check_shape(&nested(MAX_QUERY_DEPTH, "oil")), Ok(()));
        assert_eq!(check_shape("(oil OR gas) AND (price OR cost)"), Ok(()));
        let nots = format!("{}oil", "NOT ".repeat(MAX_QUERY_DEPTH));
        assert_eq!(check_shape(&nots), Ok(()));
    }

    #[test]
    fn nesting_past_the_limit_is_a_syntax_error() {
        let deep = Err(QueryError::TooDeep(MAX_QUERY_DEPTH));
        assert_eq!(check_shape(&nested(MAX_QUERY_DEPTH + 1, "oil")), deep);
        assert_eq!(check_shape(&format!("{}oil", "(".repeat(5000))), deep);
        assert_eq!(
            check_shape(&format!("{}oil", "NOT ".repeat(MAX_QUERY_DEPTH + 1))),
            deep
        );
        assert_eq!(check_shape(&format!("{}oil", "NOT (".repeat(40))), deep);
        assert_eq!(
            QueryError::TooDeep(MAX_QUERY_DEPTH).to_string(),
            "query nests deeper than 64 levels"
        );
    }

    #[test]
    fn parentheses_in_phrases_and_escapes_do_not_nest() {
        let quoted = format!("\"{}\" oil", "(".repeat(500));
        assert_eq!(check_shape(&quoted), Ok(()));
        let escaped = format!("{}oil", "\\(".repeat(500));
        assert_eq!(check_shape(&escaped), Ok(()));
        // Words between NOTs reset the run; NOTATION is not NOT.
        assert_eq!(check_shape(&"NOT a ".repeat(500)), Ok(()));
        assert_eq!(check_shape(&"NOTATION ".repeat(500)), Ok(()));
    }

    #[test]
    fn the_dangling_operator_is_the_one_without_a_word_beside_it() {
        assert_eq!(dangling_operator("voters AND"), Some(7));
        assert_eq!(dangling_operator("AND oil"), Some(0));
        assert_eq!(dangling_operator("oil OR OR gas"), Some(4));
        assert_eq!(dangling_operator("oil - gas"), Some(4));
        assert_eq!(dangling_operator("oil AND gas"), None);
        assert_eq!(dangling_operator("café AND"), Some(5));
        assert_eq!(dangling_operator(""), None);
    }

    #[test]
    fn overlong_text_is_refused() {
        assert_eq!(check_shape(&"a".repeat(MAX_QUERY_CHARS)), Ok(()));
        assert_eq!(
            check_shape(&"a".repeat(MAX_QUERY_CHARS + 1)),
            Err(QueryError::TooLong(MAX_QUERY_CHARS))
        );
    }
}
