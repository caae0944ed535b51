//! URL query strings -> [`SearchRequest`]s, with the server's [`Limits`] enforced. The
//! parameters mirror `query`'s flags; filters may repeat (`location=a&location=b`).

use crate::search::{DateSpan, Filters, Period, Sort, DEFAULT_SNIPPET_CHARS};
use crate::SearchRequest;

use super::{ApiError, Limits};

/// Parameters `/api/search` takes.
const SEARCH_PARAMS: &[&str] = &[
    "q", "n", "offset", "sort", "since", "until", "location", "agency", "category", "speaker",
    "tag", "facets", "any", "snippets", "fallback",
];

/// Parameters `/api/timeline` takes.
const TIMELINE_PARAMS: &[&str] = &[
    "q", "by", "since", "until", "location", "agency", "category", "speaker", "tag", "any",
    "fallback",
];

/// Most passages per hit a request may ask for.
const MAX_SNIPPETS: usize = 5;

/// A parsed query string: pairs in order, names checked against what the route takes.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<&str>, known: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("the query string is malformed: {e}")))?;
        if let Some((name, _)) = pairs
            .iter()
            .find(|(name, _)| !known.contains(&name.as_str()))
        {
            return Err(ApiError::bad_request(format!(
                "unknown parameter '{name}': use {}",
                known.join(", ")
            )));
        }
        Ok(Params(pairs))
    }

    fn last(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn number(&self, name: &str, default: usize, range: (usize, usize)) -> Result<usize, ApiError> {
        let Some(text) = self.last(name).filter(|t| !t.trim().is_empty()) else {
            return Ok(default);
        };
        let (low, high) = range;
        match text.trim().parse::<usize>() {
            Ok(n) if (low..=high).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "'{text}' is not a valid {name}: give a whole number from {low} to {high}"
            ))),
        }
    }

    fn flag(&self, name: &str) -> Result<bool, ApiError> {
        match self.last(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if matches!(v.as_str(), "" | "1" | "true" | "yes" | "on") => Ok(true),
            Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!(
                "'{v}' is not a valid {name}: use 1 or 0"
            ))),
        }
    }

    fn date(&self, name: &str) -> Result<Option<DateSpan>, ApiError> {
        match self.last(name).filter(|t| !t.trim().is_empty()) {
            None => Ok(None),
            Some(text) => text
                .parse::<DateSpan>()
                .map(Some)
                .map_err(|e| ApiError::bad_request(format!("{name}: {e}"))),
        }
    }

    /// The query text, checked against the limits.
    fn query(&self, limits: &Limits) -> Result<String, ApiError> {
        let query = self.last("q").unwrap_or("").to_string();
        let chars = query.chars().count();
        if chars > limits.max_query_chars {
            return Err(ApiError::bad_request(format!(
                "the query is {chars} characters long: the limit is {}",
                limits.max_query_chars
            )));
        }
        let mut depth = 0usize;
        let mut deepest = 0usize;
        for c in query.chars() {
            match c {
                '(' => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if deepest > limits.max_nesting {
            return Err(ApiError::bad_request(format!(
                "the query nests parentheses {deepest} deep: the limit is {}",
                limits.max_nesting
            )));
        }
        Ok(query)
    }

    fn filters(&self) -> Result<Filters, ApiError> {
        Ok(Filters {
            since: self.date("since")?.map(|s| s.first),
            until: self.date("until")?.map(|s| s.last),
            locations: self.all("location"),
            agencies: self.all("agency"),
            categories: self.all("category"),
            speakers: self.all("speaker"),
            tags: self.all("tag"),
        })
    }
}

/// `/api/search`'s parameters as the request `query --format json` would make.
pub(crate) fn search_request(
    raw: Option<&str>,
    limits: &Limits,
) -> Result<SearchRequest, ApiError> {
    let params = Params::parse(raw, SEARCH_PARAMS)?;
    let sort = match params.last("sort").map(|s| s.trim().to_ascii_lowercase()) {
        None => Sort::Relevance,
        Some(s) if s.is_empty() || s == "relevance" => Sort::Relevance,
        Some(s) if s == "newest" => Sort::Newest,
        Some(s) if s == "oldest" => Sort::Oldest,
        Some(s) => {
            return Err(ApiError::bad_request(format!(
                "'{s}' is not a valid sort: use relevance, newest or oldest"
            )))
        }
    };
    // Built from `new` and assigned field by field, so fields added later keep defaults.
    let mut request = SearchRequest::new(params.query(limits)?);
    request.limit = params.number("n", 10, (1, limits.max_hits))?;
    request.offset = params.number("offset", 0, (0, limits.max_offset))?;
    request.match_all = !params.flag("any")?;
    request.snippet_chars = DEFAULT_SNIPPET_CHARS;
    // As for `query --format json`: any-word fallback only when asked (`fallback=1`).
    request.fallback = params.flag("fallback")?;
    request.filters = params.filters()?;
    request.sort = sort;
    request.snippets = params.number("snippets", 1, (0, MAX_SNIPPETS))?;
    request.facets = params.flag("facets")?;
    request.suggest = true;
    Ok(request)
}

/// `/api/timeline`'s parameters: the request whose matches are counted, and the period.
pub(crate) fn timeline_request(
    raw: Option<&str>,
    limits: &Limits,
) -> Result<(SearchRequest, Period), ApiError> {
    let params = Params::parse(raw, TIMELINE_PARAMS)?;
    let by = match params.last("by").filter(|b| !b.trim().is_empty()) {
        None => Period::Month,
        Some(text) => text.parse().map_err(ApiError::bad_request)?,
    };
    let mut request = SearchRequest::new(params.query(limits)?);
    request.match_all = !params.flag("any")?;
    request.fallback = params.flag("fallback")?;
    request.filters = params.filters()?;
    Ok((request, by))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_become_the_request_query_would_make() {
        let request = search_request(
            Some("q=oil+prices&n=5&offset=10&sort=newest&since=1987-03&location=London&location=Paris&facets=1&any=1&fallback=1"),
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(request.query, "oil prices");
        assert_eq!((request.limit, request.offset), (5, 10));
        assert_eq!(request.sort, Sort::Newest);
        assert_eq!(request.filters.since.unwrap().to_string(), "1987-03-01");
        assert_eq!(request.filters.locations, ["London", "Paris"]);
        assert!(request.facets && !request.match_all && request.fallback);
    }

    #[test]
    fn limits_and_bad_values_are_400s() {
        let limits = Limits::default();
        let message = |raw: &str| search_request(Some(raw), &limits).unwrap_err().message;
        assert_eq!(
            message("q=a&n=0"),
            "'0' is not a valid n: give a whole number from 1 to 100"
        );
        assert_eq!(
            message("q=a&offset=99999"),
            "'99999' is not a valid offset: give a whole number from 0 to 10000"
        );
        assert_eq!(
            message("q=a&sort=best"),
            "'best' is not a valid sort: use relevance, newest or oldest"
        );
        assert_eq!(
            message("q=a&since=yesterday"),
            "since: 'yesterday' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
        );
        assert!(message("qq=a").starts_with("unknown parameter 'qq': use q, n, offset"));
        let long = format!("q={}", "a".repeat(1001));
        assert_eq!(
            message(&long),
            "the query is 1001 characters long: the limit is 1000"
        );
        let deep = format!("q={}a{}", "(".repeat(17), ")".repeat(17));
        assert_eq!(
            message(&deep),
            "the query nests parentheses 17 deep: the limit is 16"
        );
    }

    #[test]
    fn timeline_takes_a_period() {
        let (request, by) = timeline_request(Some("q=oil&by=year"), &Limits::default()).unwrap();
        assert_eq!((request.query.as_str(), by), ("oil", Period::Year));
        let (_, by) = timeline_request(Some("q=oil"), &Limits::default()).unwrap();
        assert_eq!(by, Period::Month);
        let error = timeline_request(Some("q=oil&by=decade"), &Limits::default()).unwrap_err();
        assert_eq!(
            error.message,
            "'decade' is not a timeline period: use day, week, month or year"
        );
    }
}
