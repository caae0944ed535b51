//! The whole story behind a hit (`/api/story/{id}`): the index keeps only what search and
//! snippets read, so the story is parsed again from its file when that file is unchanged
//! since it was indexed. Knows nothing of HTTP or output formats.

use tantivy::{DocAddress, Searcher};

use super::NewsIndex;
use crate::article::{Article, ParseOptions};
use crate::schema::folder::IndexMeta;
use crate::{corpus, schema};

impl NewsIndex {
    /// Story `id` at `address`, parsed again from its file, or `None` when the index names no
    /// corpus or the file is gone, unreadable or changed since it was indexed (its content
    /// hash differs): then only the stored fields can be shown.
    pub(super) fn reparsed(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        id: &str,
    ) -> Option<Article> {
        let corpus_root = self.corpus.as_ref()?;
        let segment = searcher.segment_reader(address.segment_ord);
        let fast = segment.fast_fields();
        let files = fast.str(schema::names::FILE).ok()??;
        let ord = files.term_ords(address.doc_id).next()?;
        let mut file = String::new();
        files.ord_to_str(ord, &mut file).ok()?;
        let indexed_hash = fast
            .u64(schema::names::FILE_HASH)
            .ok()?
            .first(address.doc_id)?;

        let path = corpus_root.join(&file);
        let bytes = std::fs::read(&path).ok()?;
        if xxhash_rust::xxh3::xxh3_64(&bytes) != indexed_hash {
            return None;
        }
        let text = corpus::decode(&bytes).ok()?;
        let options = ParseOptions {
            default_year: self.indexed_year(),
            ..ParseOptions::default()
        };
        let mut article = Article::parse_source_all(&file, &text, &options)
            .articles
            .into_iter()
            .find(|article| article.id == id)?;
        article.path = path.to_string_lossy().into_owned();
        Some(article)
    }

    /// The `--year` the index was built with, which changes how datelines are read.
    fn indexed_year(&self) -> Option<i32> {
        let metas = self.index.load_metas().ok()?;
        serde_json::from_str::<IndexMeta>(metas.payload.as_deref()?)
            .ok()?
            .year
    }
}
