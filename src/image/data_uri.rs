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
        let bytes = uri.payload.as_bytes();
        let mut out = Vec::with_capacity(bytes.len().min(MAX_IMAGE_BYTES));
        let mut at = 0;
        while at < bytes.len() {
            if out.len() == MAX_IMAGE_BYTES {
                return Err(ImageError::TooManyBytes);
            }
            let d = percent_decode_at(bytes, at);
            at += if d.escaped { 3 } else { 1 };
            out.push(d.byte);
        }
        Ok(out)
    }
}

/// Forgiving-base64 (WHATWG infra §4.3 "forgiving-base64 decode") over the
/// percent-decoded payload, in one pass, with errors that say where: ASCII
/// whitespace is skipped; one or two `=` may end the data when they make
/// it a multiple of 4 characters; a final group of 2 or 3 characters gives
/// 1 or 2 bytes (its spare bits dropped); anything else is an error.
fn decode_base64(payload: &str) -> Result<Vec<u8>, ImageError> {
    let bytes = payload.as_bytes();
    let mut out = Vec::with_capacity((bytes.len() / 4 * 3 + 3).min(MAX_IMAGE_BYTES + 3));
    let (mut acc, mut sextets, mut pad) = (0u32, 0usize, 0usize);
    let mut at = 0;
    while at < bytes.len() {
        // The common case: four sextets in a row, no padding yet.
        if pad == 0 && sextets % 4 == 0 {
            if let Some(q) = bytes.get(at..at + 4) {
                let [a, b, c, d] = [q[0], q[1], q[2], q[3]].map(|x| SEXTET[usize::from(x)]);
                if (a | b | c | d) < 64 {
                    if out.len() + 3 > MAX_IMAGE_BYTES {
                        return Err(ImageError::TooManyBytes);
                    }
                    let n =
                        u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
                    out.extend_from_slice(&n.to_be_bytes()[1..]);
                    sextets += 4;
                    at += 4;
                    continue;
                }
            }
        }
        let d = percent_decode_at(bytes, at);
        at += if d.escaped { 3 } else { 1 };
        match SEXTET[usize::from(d.byte)] {
            v @ 0..=63 => {
                if pad > 0 {
                    return Err(misplaced_padding());
                }
                acc = acc << 6 | u32::from(v);
                sextets += 1;
                if sextets % 4 == 0 {
                    if out.len() + 3 > MAX_IMAGE_BYTES {
                        return Err(ImageError::TooManyBytes);
                    }
                    out.extend_from_slice(&acc.to_be_bytes()[1..]);
                    acc = 0;
                }
            }
            PAD => pad += 1,
            SPACE => {}
            _ => return Err(ImageError::BadBase64(bad_char(payload, d))),
        }
    }
    if pad > 0 && (pad > 2 || !(sextets + pad).is_multiple_of(4)) {
        return Err(misplaced_padding());
    }
    // The final group: 2 sextets = 1 byte (4 bits dropped), 3 = 2 bytes
    // (2 bits dropped).
    let tail = match sextets % 4 {
        0 => 0,
        1 => {
            return Err(ImageError::BadBase64(format!(
                "{sextets} characters cannot be base64 (one too many or too few?)"
            )))
        }
        n => n - 1,
    };
    if out.len() + tail > MAX_IMAGE_BYTES {
        return Err(ImageError::TooManyBytes);
    }
    let last = (acc << (6 * (4 - sextets % 4) as u32)).to_be_bytes();
    out.extend_from_slice(&last[1..1 + tail]);
    Ok(out)
}

fn misplaced_padding() -> ImageError {
    ImageError::BadBase64(
        "padding `=` may only end the data, and only to a multiple of 4 characters".into(),
    )
}

/// `=` in [`SEXTET`].
const PAD: u8 = 64;
/// ASCII whitespace in [`SEXTET`].
const SPACE: u8 = 65;
/// Anything else in [`SEXTET`].
const BAD: u8 = 66;

/// Each byte's base64 value: 0–63, or [`PAD`], [`SPACE`], [`BAD`].
static SEXTET: [u8; 256] = {
    let mut t = [BAD; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t[b'=' as usize] = PAD;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[0x0c] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b' ' as usize] = SPACE;
    t
};

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

/// The byte at `at`, percent-decoded as URLs do it: `%` and two hex
/// digits is that byte, any other `%` is itself.
fn percent_decode_at(bytes: &[u8], at: usize) -> Decoded {
    let hex = |i: usize| bytes.get(i).and_then(|&c| (c as char).to_digit(16));
    match (bytes[at], hex(at + 1), hex(at + 2)) {
        (b'%', Some(h), Some(l)) => Decoded {
            byte: (h * 16 + l) as u8,
            at,
            escaped: true,
        },
        (byte, ..) => Decoded {
            byte,
            at,
            escaped: false,
        },
    }
}
