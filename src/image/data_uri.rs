//! `data:` URIs, read as browsers read them (the fetch standard's `data:`
//! URL processor): `data:[media type][;params][;base64],payload`, the
//! payload percent-decoded and then, with `;base64`, decoded by the
//! standard's forgiving-base64 (ASCII whitespace skipped, padding optional,
//! anything outside the standard alphabet an error).

use super::ImageError;
use crate::params::limits::MAX_IMAGE_BYTES;

/// The parts of a `data:` URI before its payload is decoded.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct DataUri<'a> {
    /// The media type's essence, lowercase (`image/png`); `text/plain`
    /// when the URI names none, as the standard says.
    pub mime: String,
    /// Whether the payload is base64.
    pub base64: bool,
    /// The payload, still encoded.
    pub payload: &'a str,
}

/// Splits what follows `data:` into media type, base64 flag and payload.
pub(super) fn parse(rest: &str) -> Result<DataUri<'_>, ImageError> {
    let (head, payload) = rest
        .split_once(',')
        .ok_or(ImageError::BadDataUri("it has no `,` before its data"))?;
    let mut head = head.trim_matches(is_space);
    let mut base64 = false;
    if let Some((before, last)) = head.rsplit_once(';') {
        if last.trim_matches(is_space).eq_ignore_ascii_case("base64") {
            base64 = true;
            head = before;
        }
    }
    let essence = head.split(';').next().unwrap_or("").trim_matches(is_space);
    let mime = if essence.is_empty() {
        "text/plain".to_owned()
    } else {
        clip(essence, 64).to_ascii_lowercase()
    };
    Ok(DataUri {
        mime,
        base64,
        payload,
    })
}

/// Decodes the payload: percent-decoding, then base64 when `base64`.
/// Never holds more than [`MAX_IMAGE_BYTES`] decoded.
pub(super) fn decode(uri: &DataUri<'_>) -> Result<Vec<u8>, ImageError> {
    if uri.base64 {
        decode_base64(uri.payload)
    } else {
        let mut out = Vec::new();
        for b in PercentDecode::new(uri.payload.as_bytes()) {
            if out.len() == MAX_IMAGE_BYTES {
                return Err(ImageError::TooManyBytes);
            }
            out.push(b.byte);
        }
        Ok(out)
    }
}

/// Forgiving-base64 (WHATWG infra §4.3 "forgiving-base64 decode") over the
/// percent-decoded payload, with errors that say where.
fn decode_base64(payload: &str) -> Result<Vec<u8>, ImageError> {
    // The most characters that can encode MAX_IMAGE_BYTES, padding included.
    let most = MAX_IMAGE_BYTES.div_ceil(3) * 4;
    // Sextets of the significant characters; 64 stands for `=`.
    let mut sextets: Vec<u8> = Vec::with_capacity(payload.len().min(most));
    for d in PercentDecode::new(payload.as_bytes()) {
        let v = match d.byte {
            b'A'..=b'Z' => d.byte - b'A',
            b'a'..=b'z' => d.byte - b'a' + 26,
            b'0'..=b'9' => d.byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => 64,
            b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' => continue,
            _ => return Err(ImageError::BadBase64(bad_char(payload, d))),
        };
        // A payload past the byte limit is refused before it is decoded.
        if sextets.len() == most {
            return Err(ImageError::TooManyBytes);
        }
        sextets.push(v);
    }
    if sextets.len().is_multiple_of(4) {
        for _ in 0..2 {
            if sextets.last() == Some(&64) {
                sextets.pop();
            }
        }
    }
    if sextets.contains(&64) {
        return Err(ImageError::BadBase64(
            "padding `=` may only end the data, and only to a multiple of 4 characters".into(),
        ));
    }
    if sextets.len() % 4 == 1 {
        return Err(ImageError::BadBase64(format!(
            "{} characters cannot be base64 (one too many or too few?)",
            sextets.len()
        )));
    }
    let len = sextets.len() / 4 * 3 + (sextets.len() % 4).saturating_sub(1);
    if len > MAX_IMAGE_BYTES {
        return Err(ImageError::TooManyBytes);
    }
    let mut out = Vec::with_capacity(len);
    for chunk in sextets.chunks(4) {
        let mut acc = 0u32;
        for &s in chunk {
            acc = acc << 6 | u32::from(s);
        }
        // 4 sextets = 3 bytes; a final 3 = 2 bytes (2 bits dropped), 2 = 1
        // byte (4 bits dropped), as the standard says.
        acc <<= 6 * (4 - chunk.len() as u32);
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    debug_assert_eq!(out.len(), len);
    Ok(out)
}

/// The message for a byte base64 does not accept.
fn bad_char(payload: &str, d: Decoded) -> String {
    let what = if d.escaped {
        format!(
            "`{}` (percent-encoded byte 0x{:02x})",
            &payload[d.at..d.at + 3],
            d.byte
        )
    } else {
        let c = payload[d.at..].chars().next().unwrap_or('\u{fffd}');
        format!("{:?}", c)
    };
    let hint = match d.byte {
        b'-' | b'_' => "; base64url is not accepted, use + and /",
        _ => "",
    };
    format!(
        "character {what} at offset {} of the data is not base64 (letters, digits, +, / and a final =){hint}",
        d.at
    )
}

/// ASCII whitespace, as the fetch standard strips it.
fn is_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
}

/// At most `max` bytes of `s`, cut at a character boundary.
pub(super) fn clip(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// One byte of a percent-decoded string.
#[derive(Clone, Copy)]
struct Decoded {
    byte: u8,
    /// Offset of its source in the payload.
    at: usize,
    /// Whether it was written `%xx`.
    escaped: bool,
}

/// Percent-decoding as URLs do it: `%` and two hex digits is that byte,
/// any other `%` is itself.
struct PercentDecode<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> PercentDecode<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        PercentDecode { bytes, at: 0 }
    }
}

impl Iterator for PercentDecode<'_> {
    type Item = Decoded;
    fn next(&mut self) -> Option<Decoded> {
        let at = self.at;
        let b = *self.bytes.get(at)?;
        if b == b'%' {
            let hex = |i: usize| self.bytes.get(i).and_then(|&c| (c as char).to_digit(16));
            if let (Some(h), Some(l)) = (hex(at + 1), hex(at + 2)) {
                self.at += 3;
                return Some(Decoded {
                    byte: (h * 16 + l) as u8,
                    at,
                    escaped: true,
                });
            }
        }
        self.at += 1;
        Some(Decoded {
            byte: b,
            at,
            escaped: false,
        })
    }
}
