//! base64url (RFC 4648 §5) decoding, for a scene carried in a URL
//! (`/render.png?tree=…`). Hand-written: a dozen lines instead of a
//! dependency (`base64` is not in the tree).

/// Decodes base64url: the alphabet `A–Z a–z 0–9 - _`, `=` padding optional
/// (but, when present, only as the last one or two characters of a length
/// that is a multiple of 4). `None` for anything else, including the
/// standard alphabet's `+` and `/`, whitespace, and a length that leaves a
/// lone 6-bit group (`len % 4 == 1`).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let data = match bytes {
        [rest @ .., b'=', b'='] | [rest @ .., b'='] => {
            if !bytes.len().is_multiple_of(4) {
                return None;
            }
            rest
        }
        _ => bytes,
    };
    if data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in data {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_and_without_padding() {
        for (text, bytes) in [
            ("", &b""[..]),
            ("Zg", b"f"),
            ("Zg==", b"f"),
            ("Zm8", b"fo"),
            ("Zm8=", b"fo"),
            ("Zm9v", b"foo"),
            ("Zm9vYmFy", b"foobar"),
            ("-_8", &[0xfb, 0xff][..]),
            ("eyJhIjoxfQ", br#"{"a":1}"#),
        ] {
            assert_eq!(decode(text).as_deref(), Some(bytes), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_base64url() {
        for bad in [
            "Z", "Zg=", "Zg===", "Z===", "=", "Zm9v+/", "Zm 9v", "Zm9v\n", "Zg=a", "Z=g=", "é",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
