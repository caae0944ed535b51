//! Bytes -> text: which files are stories, size limits, binary sniffing and encodings.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use encoding_rs::Encoding;
use regex::bytes::Regex;

use super::SkipReason;

/// Extensions read as stories (see [`crate::article::Format`] for how each is read).
pub const STORY_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "json", "jsonl", "ndjson", "html", "htm", "xhtml",
];
/// Files larger than this are not stories (a whole book, a data dump).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// How far into a file to look for NUL bytes when deciding it is binary.
const BINARY_SNIFF_BYTES: usize = 8 * 1024;
/// How far into a page to look for the charset it declares. (Browsers look at the first
/// 1,024 bytes; saved pages often put long scripts or comments before the `<meta>`.)
const CHARSET_SNIFF_BYTES: usize = 16 * 1024;

/// A declared charset: `<meta charset="x">`, `<meta http-equiv="Content-Type"
/// content="text/html; charset=x">`, or an XML declaration's `encoding="x"`.
static DECLARED_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i-u)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9_.:-]+)|^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9_.:-]+)"#,
    )
    .expect("static regex is valid")
});

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

/// Reads and decodes one file, applying the default size limit.
pub fn read_text(path: &Path) -> Result<String, SkipReason> {
    read_text_up_to(path, DEFAULT_MAX_FILE_SIZE)
}

/// Reads and decodes one file of at most `max_size` bytes (`--max-file-size`).
pub fn read_text_up_to(path: &Path, max_size: u64) -> Result<String, SkipReason> {
    let unreadable = |err: std::io::Error| SkipReason::Unreadable(err.to_string());
    let size = fs::metadata(path).map_err(unreadable)?.len();
    if size > max_size {
        return Err(SkipReason::TooLarge(size));
    }
    read_stream_up_to(fs::File::open(path).map_err(unreadable)?, max_size)
}

/// Reads and decodes one story from a stream (standard input, a device, a pipe), which has
/// no size to check first: no more than a story file may hold is read, rather than until
/// memory runs out.
pub fn read_stream(stream: impl Read) -> Result<String, SkipReason> {
    read_stream_up_to(stream, DEFAULT_MAX_FILE_SIZE)
}

/// [`read_stream`], reading at most `max_size` bytes (`--max-file-size`).
pub fn read_stream_up_to(stream: impl Read, max_size: u64) -> Result<String, SkipReason> {
    let unreadable = |err: std::io::Error| SkipReason::Unreadable(err.to_string());
    let mut bytes = Vec::new();
    stream
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max_size {
        return Err(SkipReason::TooLarge(bytes.len() as u64));
    }
    decode(&bytes)
}

/// Decodes story bytes: UTF-8 (BOM optional), UTF-16 with BOM; else, for markup that is not
/// valid UTF-8, the charset the page declares (see [`declared_charset`]); else Windows-1252.
/// Valid UTF-8 stays UTF-8 whatever the page declares: a page saved again as UTF-8 often
/// keeps its old `<meta charset>`, while text in another charset is almost never valid UTF-8.
pub fn decode(bytes: &[u8]) -> Result<String, SkipReason> {
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        text.into_owned()
    } else {
        let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
        if sniff.contains(&0) {
            return Err(SkipReason::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => declared_charset(bytes)
                .unwrap_or(encoding_rs::WINDOWS_1252)
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        }
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    // Lines end in LF for the parser; CRLF (Windows) and a lone CR (classic Mac OS, still
    // found in old archives: without this the whole file was one line, no headline and no
    // dateline) become LF. Most text has no CR and is not copied.
    if text.contains('\r') {
        return Ok(text.replace("\r\n", "\n").replace('\r', "\n"));
    }
    Ok(text)
}

/// The encoding a page declares near its start, for text that opens with markup. Labels
/// are read as browsers read them (`iso-8859-1` and `ascii` are Windows-1252); a declared
/// UTF-16 is ignored (the bytes would have had a BOM), and an unknown label is `None`.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    if bytes[start] != b'<' {
        return None;
    }
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let found = DECLARED_CHARSET.captures(head)?;
    let label = found.get(1).or_else(|| found.get(2))?.as_bytes();
    let encoding = Encoding::for_label(label)?;
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return None;
    }
    Some(encoding.output_encoding())
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
    fn pages_decode_in_the_charset_they_declare() {
        // ISO-8859-2 (Polish), declared by `<meta charset>`: as Windows-1252 it would read
        // "P³ock: mróz, ¶nieg".
        let latin2 = b"<!DOCTYPE html><html><head><meta charset=\"ISO-8859-2\"></head>\
<body><p>P\xb3ock: mr\xf3z, \xb6nieg i \xbf\xf3\xb3te \xb6wiat\xb3a</p></body></html>";
        assert!(decode(latin2)
            .unwrap()
            .contains("<p>Płock: mróz, śnieg i żółte światła</p>"));
        // KOI8-R, declared by `http-equiv` in upper case, after a comment.
        let koi8 = b"<html><head><!-- saved page -->\n<META HTTP-EQUIV=Content-Type \
CONTENT=\"text/html; charset=koi8-r\"></head><body>\xed\xcf\xd3\xcb\xd7\xc1</body></html>";
        assert!(decode(koi8).unwrap().contains("<body>Москва</body>"));
        // `iso-8859-1` is read as Windows-1252, as browsers do: curly quotes, en dash.
        let latin1 =
            b"<html><head><meta http-equiv='content-type' content='text/html;charset=iso-8859-1'>\
</head><body>\x93Caf\xe9\x94 \x96 na\xefve</body></html>";
        assert!(decode(latin1).unwrap().contains("“Café” – naïve"));
        // An XML declaration names the encoding of an XHTML page.
        let xhtml =
            b"<?xml version=\"1.0\" encoding=\"iso-8859-2\"?><html><body>\xb6</body></html>";
        assert!(decode(xhtml).unwrap().contains("<body>ś</body>"));
    }

    #[test]
    fn a_declared_charset_does_not_override_utf8_or_plain_text() {
        // Valid UTF-8 under an old declaration (a page saved again as UTF-8) stays UTF-8.
        let resaved = "<html><head><meta charset=\"windows-1252\"></head><body>Płock</body></html>";
        assert_eq!(decode(resaved.as_bytes()).unwrap(), resaved);
        // Text that is not markup, a declaration past the sniffed start, an unknown label
        // and UTF-16 without a BOM all fall back to Windows-1252.
        assert_eq!(
            decode(b"Not a page: <meta charset=koi8-r> \xed").unwrap(),
            "Not a page: <meta charset=koi8-r> í"
        );
        let mut late = b"<html><body>".to_vec();
        late.extend(std::iter::repeat_n(b' ', CHARSET_SNIFF_BYTES));
        late.extend(b"<meta charset=koi8-r>\xed</body></html>");
        assert!(decode(&late).unwrap().ends_with(">í</body></html>"));
        assert!(decode(b"<html><meta charset=klingon>\xed</html>")
            .unwrap()
            .contains('í'));
        assert!(decode(b"<html><meta charset=utf-16>\xed</html>")
            .unwrap()
            .contains('í'));
        assert_eq!(
            declared_charset(b"<meta charset=\"utf-8\">"),
            Some(encoding_rs::UTF_8)
        );
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
