//! Bytes to text: byte-order marks, declared charsets, and a guess for undeclared legacy encodings.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes `bytes` to text. A byte-order mark wins; then a charset the document or its transport declared
/// (unless the bytes contradict a declared UTF-8); then UTF-8 when the bytes are valid UTF-8; then a guess
/// from the byte statistics, which for undeclared Western news is windows-1252 (a superset of latin-1 in
/// every printable position). Invalid sequences become U+FFFD: decoding never fails.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned();
    }
    let declared = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    match declared {
        // A page labelled UTF-8 that is not is far more often windows-1252 than damaged UTF-8.
        Some(enc) if enc == UTF_8 && std::str::from_utf8(bytes).is_err() => guess(bytes),
        // A declared UTF-16 without a byte-order mark is almost always a mislabelled ASCII-compatible page.
        Some(enc) if enc.output_encoding() != enc => guess_or_utf8(bytes),
        Some(enc) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        None => guess_or_utf8(bytes),
    }
}

fn guess_or_utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => guess(bytes),
    }
}

fn guess(bytes: &[u8]) -> String {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guessed = detector.guess(None, chardetng::Utf8Detection::Deny);
    // Telling the Latin legacy encodings apart needs more text than an English article has non-ASCII
    // letters (one `£` reads as `Ł` in windows-1250), so any Latin guess means windows-1252, the common case;
    // a guess of another script (Cyrillic, Greek, Arabic, CJK) rests on many bytes and is kept.
    let encoding = if LATIN.contains(&guessed) { WINDOWS_1252 } else { guessed };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

static LATIN: [&Encoding; 7] = [
    WINDOWS_1252,
    encoding_rs::WINDOWS_1250,
    encoding_rs::WINDOWS_1254,
    encoding_rs::WINDOWS_1257,
    encoding_rs::ISO_8859_2,
    encoding_rs::ISO_8859_4,
    encoding_rs::ISO_8859_13,
];

/// The charset an HTML page declares in its first kilobytes (`<meta charset>` or `http-equiv` content type),
/// or an XML document in its prolog (`<?xml ... encoding="..."?>`).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    // ASCII-compatible scan: the declaration itself is always ASCII.
    let lower: String = head.iter().map(|&b| if b.is_ascii() { b.to_ascii_lowercase() as char } else { ' ' }).collect();
    if lower.trim_start().starts_with("<?xml") {
        let prolog = &lower[..lower.find("?>").unwrap_or(lower.len())];
        if let Some(enc) = attribute_value(prolog, "encoding") {
            return Some(enc);
        }
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<meta") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        if let Some(cs) = attribute_value(tag, "charset") {
            return Some(cs);
        }
        if let Some(cs) = attribute_value(tag, "content").as_deref().and_then(charset_param) {
            return Some(cs);
        }
        rest = &rest[tag_end..];
    }
    None
}

/// The `charset=` parameter of a content type such as `text/html; charset=ISO-8859-1`.
pub fn charset_param(content_type: &str) -> Option<String> {
    let lower = content_type.to_ascii_lowercase();
    let i = lower.find("charset=")?;
    let value = lower[i + 8..].trim_start_matches(['"', '\'']);
    let end = value.find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace()).unwrap_or(value.len());
    Some(value[..end].to_owned()).filter(|v| !v.is_empty())
}

/// The value of `name=` in a lowercased tag, quoted or not.
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let mut search = tag;
    while let Some(i) = search.find(name) {
        let before_ok = i == 0 || !search.as_bytes()[i - 1].is_ascii_alphanumeric() && search.as_bytes()[i - 1] != b'-';
        let after = search[i + name.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            let value = after[1..].trim_start();
            let value = match value.chars().next() {
                Some(q @ ('"' | '\'')) => &value[1..value[1..].find(q).map_or(value.len(), |e| e + 1)],
                _ => &value[..value.find(|c: char| c.is_whitespace() || "'\"/>;".contains(c)).unwrap_or(value.len())],
            };
            return Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        }
        search = &search[i + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_fallbacks() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9", None), "café");
        let utf16le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Kyiv".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&utf16le, None), "Kyiv");
        let utf16be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("Kyiv".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&utf16be, None), "Kyiv");
        // windows-1252 curly quotes and a pound sign, undeclared.
        assert_eq!(decode(b"\x93Yes,\x94 he said: \xA35m.", None), "\u{201c}Yes,\u{201d} he said: £5m.");
        // A wrong UTF-8 label does not produce replacement characters.
        assert_eq!(decode(b"Z\xFCrich", Some("utf-8")), "Zürich");
        assert_eq!(decode(b"\xC0\xC1", Some("koi8-r")), "юа");
        // Undeclared Cyrillic is recognised from its letters.
        let cyrillic =
            encoding_rs::WINDOWS_1251.encode("Президент России заявил в понедельник, что переговоры продолжатся.").0;
        assert_eq!(decode(&cyrillic, None), "Президент России заявил в понедельник, что переговоры продолжатся.");
    }

    #[test]
    fn invalid_bytes_never_panic() {
        let junk: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        assert!(!decode(&junk, None).is_empty());
        assert!(!decode(&junk, Some("utf-8")).is_empty());
        assert!(!decode(&[0xFF, 0xFE, 0x41], None).is_empty());
    }

    #[test]
    fn finds_declarations() {
        assert_eq!(declared_charset(b"<html><head><meta charset=\"ISO-8859-1\">").as_deref(), Some("iso-8859-1"));
        assert_eq!(
            declared_charset(b"<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(declared_charset(b"<?xml version=\"1.0\" encoding='latin1'?><rss>").as_deref(), Some("latin1"));
        assert_eq!(declared_charset(b"<html><meta name=\"viewport\" content=\"width=device-width\">"), None);
        assert_eq!(charset_param("text/html;charset=UTF-8").as_deref(), Some("utf-8"));
    }
}
