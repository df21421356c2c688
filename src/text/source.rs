//! Reading source documents: bytes in, decoded text out.
//!
//! **Invariant:** the text returned here is the text every span counts in:
//! decoded, byte-order mark removed, nothing else changed (line endings kept).
//!
//! Accepted encodings are the ones Chinese reports actually arrive in:
//! UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, and, detected with
//! `chardetng`, GB18030 (a superset of GBK and GB2312) and Big5. Anything
//! else, and anything that does not look like text (NUL bytes, many control
//! characters) or does not decode cleanly, is an error: garbage text would
//! give garbage facts with nothing to tell the analyst why.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_8};
use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// A source document that could not be read or decoded.
#[derive(Debug)]
pub struct SourceError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for SourceError {}

/// The largest file `validate`, `report`, `annotate`, `review` and `serve`
/// read (a source or an annotation): far beyond any report, and short of
/// filling memory with a mistaken file. `extract` has its own limit,
/// `--max-size`, with this as its default.
pub const FILE_MAX: u64 = 128 << 20;

/// Reads a whole file of at most `FILE_MAX` bytes; a larger one is an
/// error that says so, read no further than the limit.
pub fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(FILE_MAX + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > FILE_MAX {
        return Err(std::io::Error::other(format!(
            "larger than the {} MiB limit for one file (`jingwang extract --max-size` reads larger documents)",
            FILE_MAX >> 20
        )));
    }
    Ok(bytes)
}

/// Why a UTF-8 text file (an annotation) could not be read.
#[derive(Debug)]
pub enum Utf8FileError {
    Read(std::io::Error),
    /// The first byte that is not UTF-8, as an offset into the file.
    NotUtf8(usize),
}

/// Reads a UTF-8 text file (an annotation) of at most `FILE_MAX` bytes; a
/// byte-order mark is dropped. Annotations are UTF-8 only: the encodings
/// detected for sources are for third-party text.
pub fn read_utf8(path: &Path) -> Result<String, Utf8FileError> {
    let mut bytes = read_capped(path).map_err(Utf8FileError::Read)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| Utf8FileError::NotUtf8(e.utf8_error().valid_up_to()))
}

/// Reads and decodes a source file.
pub fn read_source(path: &Path) -> Result<String, SourceError> {
    let bytes = read_capped(path).map_err(|e| SourceError {
        path: path.to_path_buf(),
        reason: format!("cannot read: {e}"),
    })?;
    decode(&bytes).map_err(|reason| SourceError {
        path: path.to_path_buf(),
        reason,
    })
}

/// Decodes source bytes in any accepted encoding; the error says why the
/// bytes are not credible text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_borrowed(bytes).map(Cow::into_owned)
}

/// [`decode`], borrowing the bytes when they are already the text (UTF-8
/// without a byte-order mark, the common case), so a caller that reads
/// documents into one reused buffer copies nothing.
pub fn decode_borrowed(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let text = decode_strict(&bytes[bom_len..], encoding)?;
        check_text(&text)?;
        return Ok(Cow::Owned(text));
    }
    // NUL is valid UTF-8, so look for it before validating: it is how
    // binary files and UTF-16 without a BOM show themselves.
    let census = Census::of(bytes);
    if census.nuls > 0 {
        let at = bytes.iter().position(|&b| b == 0).unwrap_or(0);
        return Err(nul_reason(bytes, at));
    }
    // The common case: UTF-8 bytes are the text, already counted.
    if let Some(text) = valid_utf8(bytes) {
        census.judge()?;
        return Ok(Cow::Borrowed(text));
    }
    let text = decode_legacy(bytes)?;
    check_text(&text)?;
    Ok(Cow::Owned(text))
}

/// The bytes as text when they are valid UTF-8. simdutf8 validates
/// Chinese text several times faster than `std::str::from_utf8`, which was
/// the largest cost of reading a document.
fn valid_utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Rejects decoded text that is not a document: NUL characters, or so many
/// control characters that it is binary data that happened to decode.
/// Also used for text that arrives already decoded (JSON lines).
pub fn check_text(text: &str) -> Result<(), String> {
    let census = Census::of(text.as_bytes());
    if census.nuls > 0 {
        let at = text.find('\0').unwrap_or(0);
        let ch = text[..at].chars().count();
        return Err(format!(
            "binary data, not text (NUL character at character {ch})"
        ));
    }
    census.judge()
}

/// Counts over UTF-8 bytes, taken in one pass because every document
/// goes through it. Byte-wise is exact: UTF-8 never uses bytes below 0x80
/// inside a multi-byte character, so a control byte is a control character.
#[derive(Clone, Copy, Default)]
struct Census {
    chars: usize,
    controls: usize,
    nuls: usize,
}

impl Census {
    fn of(bytes: &[u8]) -> Census {
        let mut census = Census::default();
        // Byte-sized counters over 255-byte chunks cannot overflow, and
        // let the compiler count 16 or 32 bytes at a time.
        for chunk in bytes.chunks(255) {
            let (mut chars, mut controls, mut nuls) = (0u8, 0u8, 0u8);
            for &b in chunk {
                chars += u8::from(b & 0xC0 != 0x80);
                controls += u8::from(is_binary_control(b));
                nuls += u8::from(b == 0);
            }
            census.chars += usize::from(chars);
            census.controls += usize::from(controls);
            census.nuls += usize::from(nuls);
        }
        census
    }

    /// Real documents have no control characters; scraped pages sometimes
    /// carry a stray one. One in twenty characters is far beyond any text.
    fn judge(&self) -> Result<(), String> {
        let Census {
            chars, controls, ..
        } = *self;
        if controls > 0 && controls * 20 > chars {
            return Err(format!(
                "binary data, not text ({controls} of {chars} characters are control characters)"
            ));
        }
        Ok(())
    }
}

/// Control characters that never occur in text; tab, line breaks, vertical
/// tab and form feed are layout and allowed.
fn is_binary_control(b: u8) -> bool {
    matches!(b, 0x01..=0x08 | 0x0e..=0x1f | 0x7f)
}

/// Bytes without a BOM that are not UTF-8: the detected Chinese legacy
/// encoding, unless they are damaged UTF-8.
fn decode_legacy(bytes: &[u8]) -> Result<String, String> {
    if let Some((first_bad, bad)) = damaged_utf8(bytes) {
        // Detection would happily read damaged UTF-8 as GBK mojibake.
        return Err(format!(
            "malformed UTF-8: {bad} invalid byte sequence(s), the first at byte {first_bad}"
        ));
    }
    let encoding = detect(bytes);
    if encoding == GBK || encoding == GB18030 {
        // GBK text is GB18030 text; the GB18030 decoder also reads the
        // four-byte sequences GBK lacks.
        return decode_strict(bytes, GB18030);
    }
    if encoding == BIG5 {
        return decode_strict(bytes, BIG5);
    }
    let utf8_error = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    Err(format!(
        "not UTF-8 (invalid byte at offset {utf8_error}), GB18030 or Big5; \
         it looks like {}, which jingwang does not read (convert it to UTF-8, e.g. with iconv)",
        encoding.name()
    ))
}

/// When bytes are mostly valid UTF-8 with a few bad sequences, the offset of
/// the first bad one and how many there are. Legacy Chinese encodings form
/// valid multi-byte UTF-8 only by chance, far less often than they fail.
fn damaged_utf8(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut rest = bytes;
    let mut offset = 0;
    let (mut first_bad, mut bad, mut good_multibyte) = (None, 0usize, 0usize);
    loop {
        let (valid, error) = match std::str::from_utf8(rest) {
            Ok(s) => (s.len(), None),
            Err(e) => (
                e.valid_up_to(),
                Some(e.error_len().unwrap_or(rest.len() - e.valid_up_to())),
            ),
        };
        good_multibyte += rest[..valid].iter().filter(|&&b| b >= 0xC0).count();
        let Some(skip) = error else { break };
        first_bad.get_or_insert(offset + valid);
        bad += 1;
        offset += valid + skip;
        rest = &rest[valid + skip..];
    }
    let first_bad = first_bad?;
    (bad * 10 < good_multibyte).then_some((first_bad, bad))
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

fn nul_reason(bytes: &[u8], at: usize) -> String {
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // UTF-16 puts the zero high byte of every ASCII character on one
    // parity only; binary data scatters NULs over both.
    if bytes.len().is_multiple_of(2) && even + odd > 1 && (even == 0 || odd == 0) {
        return format!(
            "binary data or UTF-16 without a byte-order mark (NUL byte at offset {at}); \
             save it as UTF-8 or UTF-16 with a BOM"
        );
    }
    format!("binary data, not text (NUL byte at offset {at})")
}

/// Decodes with `encoding`, failing on the first malformed sequence instead
/// of replacing it with U+FFFD.
fn decode_strict(bytes: &[u8], encoding: &'static Encoding) -> Result<String, String> {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes).map(str::to_owned).map_err(|e| {
            format!(
                "malformed UTF-8 at byte {} after the byte-order mark",
                e.valid_up_to()
            )
        });
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| "file too large to decode".to_string())?;
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, _) => Err(format!(
            "looks like {} but has a malformed sequence at byte {}",
            encoding.name(),
            read.saturating_sub(bad as usize)
        )),
        // Cannot happen: the buffer was sized for the worst case.
        DecoderResult::OutputFull => Err("decoder ran out of room".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file past the limit is refused with the limit named, and read no
    /// further than it (a sparse file: no disk is written).
    #[test]
    fn a_file_past_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(FILE_MAX + 1).unwrap();
        let e = read_source(&path).unwrap_err();
        assert!(e.reason.contains("128 MiB limit"), "{e}");
        file.set_len(3).unwrap();
        assert!(read_capped(&path).is_ok());
    }

    #[test]
    fn utf8_bom_is_removed_and_line_endings_kept() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\r\nb\rc");
    }

    #[test]
    fn utf16_with_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("案件5起".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("案件5起".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), "案件5起");
        assert_eq!(decode(&be).unwrap(), "案件5起");
    }

    #[test]
    fn utf16_without_bom_is_named() {
        let le: Vec<u8> = "abc".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(&le)
            .unwrap_err()
            .contains("UTF-16 without a byte-order mark"));
    }

    #[test]
    fn control_heavy_text_is_binary() {
        assert!(decode(b"\x01\x02\x03abc")
            .unwrap_err()
            .contains("control characters"));
        let stray = "正文\u{c}第二页\t表格，共破获案件十二起。\x1b".as_bytes();
        assert!(decode(stray).is_ok());
    }
}
