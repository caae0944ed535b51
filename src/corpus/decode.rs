//! Bytes -> text: which files are stories, size limits, binary sniffing and encodings.

use std::fs;
use std::path::Path;

use super::SkipReason;

/// Extensions read as stories (see [`crate::article::Format`] for how each is read).
pub const STORY_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm", "xhtml",
];
/// Files larger than this are not stories (a whole book, a data dump).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// How far into a file to look for NUL bytes when deciding it is binary.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Whether the file's extension is one newsdex reads.
pub fn is_story_path(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            STORY_EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// Reads and decodes one file, applying the size limit.
pub fn read_text(path: &Path) -> Result<String, SkipReason> {
    let unreadable = |err: std::io::Error| SkipReason::Unreadable(err.to_string());
    let size = fs::metadata(path).map_err(unreadable)?.len();
    if size > DEFAULT_MAX_FILE_SIZE {
        return Err(SkipReason::TooLarge(size));
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    decode(&bytes)
}

/// Decodes story bytes: UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        text.into_owned()
    } else {
        let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
        if sniff.contains(&0) {
            return Err(SkipReason::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        }
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        assert_eq!(decode(b"plain").unwrap(), "plain");
        assert_eq!(decode(b"\xEF\xBB\xBFwith bom").unwrap(), "with bom");
        assert_eq!(decode(b"\xFF\xFEh\x00i\x00").unwrap(), "hi");
        assert_eq!(decode(b"\xFE\xFF\x00h\x00i").unwrap(), "hi");
        assert_eq!(decode(b"cost \xA3600m").unwrap(), "cost £600m");
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert_eq!(decode(b"GIF89a\x00\x01"), Err(SkipReason::Binary));
        assert_eq!(decode(b"  \n\t"), Err(SkipReason::Empty));
        assert_eq!(decode(b""), Err(SkipReason::Empty));
    }

    #[test]
    fn story_extensions() {
        for story in [
            "a/b.txt",
            "a/b.MD",
            "b.json",
            "b.jsonl",
            "b.ndjson",
            "b.html",
            "b.HTM",
            "b.markdown",
        ] {
            assert!(is_story_path(Path::new(story)), "{story}");
        }
        assert!(!is_story_path(Path::new("a/b.png")));
        assert!(!is_story_path(Path::new("a/b.zip")));
        assert!(!is_story_path(Path::new("a/b.pdf")));
        assert!(!is_story_path(Path::new("a/README")));
    }
}
