//! Signed URLs: with a signing key set (the worker's `SIGNING_KEY` secret),
//! every render route wants `sig=`, an HMAC-SHA256 of the request under
//! the key, so that only whoever holds the key can make the worker draw.
//!
//! The signed message is a string a client in any language can build (the
//! README shows it in JavaScript with WebCrypto), not the binary canonical
//! form:
//!
//! ```text
//! PATH "\n" QUERY "\n" BODY
//! ```
//!
//! - `PATH`: the URL path as sent (`/text.png`);
//! - `QUERY`: every query parameter but `sig` (so `exp=` is covered),
//!   each name and value decoded (`%XX`, `+` as a space; invalid UTF-8 as
//!   U+FFFD, as `URLSearchParams` does) and encoded again as JavaScript's
//!   `encodeURIComponent` does (`A–Z a–z 0–9 - _ . ! ~ * ' ( )` kept,
//!   every other UTF-8 byte as `%XX`, upper-case hex), joined as
//!   `name=value`, the pairs sorted bytewise and joined with `&`: reordered
//!   or differently escaped parameters keep one signature;
//! - `BODY`: the request body's bytes exactly as sent (a `POST`; empty for
//!   `GET` and `HEAD`, which share a signature).
//!
//! `sig` is the 32-byte MAC as hex (either case) or base64url (padding
//! optional). `exp=` (unix seconds, optional) is the last second the URL
//! is good for. `sig` and `exp` are taken out of the parameters before the
//! route reads them, so they change neither the ETag nor the edge-cache
//! key: the same image signed twice (or with two expiries) is one cache
//! entry. Without a key they are taken out all the same and nothing is
//! checked, so a signed URL works against a local `wrangler dev`.
//!
//! The comparison is constant-time (`hmac`'s `verify_slice`, through
//! `subtle`). A second key (`SIGNING_KEY_PREVIOUS`) is accepted too, while
//! clients move to a new key.
//!
//! A page cannot hold the key, so the playground asks the worker to sign
//! for it (`POST /sign`, [`crate::routes::sign`]) with a token of its own
//! (`PLAYGROUND_TOKEN`, [`Signing::with_playground_token`]): whoever holds
//! that token can have any render URL signed, so it is a secret like the
//! key, given to the people who may design cards.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::ApiError;
use crate::params::base64url;

/// The query parameter holding the signature.
pub const SIG: &str = "sig";
/// The query parameter holding the expiry (unix seconds).
pub const EXP: &str = "exp";

type HmacSha256 = Hmac<Sha256>;

/// The keys a request may be signed with, and the time to check `exp`
/// against. [`Signing::off`] checks nothing.
#[derive(Clone, Debug, Default)]
pub struct Signing {
    keys: Vec<Vec<u8>>,
    now: u64,
    playground_token: Option<String>,
}

impl Signing {
    /// No key: every request passes (local development).
    pub fn off() -> Signing {
        Signing::default()
    }

    /// Signing with `current` (the key new URLs are signed with) and,
    /// during a rotation, `previous`, at `now` (unix seconds). An absent
    /// or empty `current` turns signing off, whatever `previous` is.
    pub fn new(current: Option<&str>, previous: Option<&str>, now: u64) -> Signing {
        let Some(current) = current.filter(|k| !k.is_empty()) else {
            return Signing::off();
        };
        let mut keys = vec![current.as_bytes().to_vec()];
        if let Some(previous) = previous.filter(|k| !k.is_empty()) {
            keys.push(previous.as_bytes().to_vec());
        }
        Signing {
            keys,
            now,
            playground_token: None,
        }
    }

    /// The same, with the token that lets a page have URLs signed
    /// (`POST /sign`); an absent or empty token lets no one.
    pub fn with_playground_token(self, token: Option<&str>) -> Signing {
        Signing {
            playground_token: token.filter(|t| !t.is_empty()).map(str::to_owned),
            ..self
        }
    }

    /// Whether requests must be signed.
    pub fn is_on(&self) -> bool {
        !self.keys.is_empty()
    }

    /// The time `exp` is checked against, unix seconds.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Whether a page may have URLs signed: signing is on and a
    /// playground token is set.
    pub fn signs_for_pages(&self) -> bool {
        self.is_on() && self.playground_token.is_some()
    }

    /// Whether `authorization` (an `Authorization` header) is `Bearer
    /// <the playground token>`; never when there is no token.
    pub fn playground_token_matches(&self, authorization: Option<&str>) -> bool {
        self.playground_token
            .as_deref()
            .is_some_and(|token| bearer_matches(authorization, token))
    }

    /// `url` signed with the current key ([`sign_url`]); `None` when
    /// signing is off.
    pub fn sign(&self, url: &str, exp: Option<u64>, body: &[u8]) -> Option<String> {
        let key = self.keys.first()?;
        Some(sign_url(key, url, exp, body))
    }

    /// Checks the signature of a request for `path` with the raw `query`
    /// and `body`: `signature_required` (401) when `sig` is missing,
    /// `signature_invalid` (403) when it is malformed or matches no key,
    /// `signature_expired` (403) past `exp`, `bad_param` (400) for a signed
    /// `exp` that is not a number of seconds.
    pub fn check(&self, path: &str, query: &str, body: &[u8]) -> Result<(), ApiError> {
        if !self.is_on() {
            return Ok(());
        }
        let mut sigs = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == SIG);
        let sig = match (sigs.next(), sigs.next()) {
            (None, _) => return Err(ApiError::SignatureRequired),
            (Some(_), Some(_)) => {
                return Err(ApiError::SignatureInvalid("sig is given more than once"))
            }
            (Some((_, sig)), None) => sig,
        };
        let Some(mac) = decode_sig(&sig) else {
            return Err(ApiError::SignatureInvalid(
                "sig must be 64 hex digits or 43 base64url characters",
            ));
        };
        let message = message(path, query, body);
        let valid = self.keys.iter().any(|key| {
            let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
            m.update(&message);
            m.verify_slice(&mac).is_ok()
        });
        if !valid {
            return Err(ApiError::SignatureInvalid(
                "sig does not match this request under the signing key",
            ));
        }
        let mut exps = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k == EXP);
        let (exp, again) = (exps.next(), exps.next());
        if again.is_some() {
            return Err(ApiError::bad(EXP, "exp is given more than once"));
        }
        if let Some((_, exp)) = exp {
            let exp: u64 = exp
                .parse()
                .ok()
                .filter(|_| exp.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    ApiError::bad(
                        EXP,
                        "exp must be a unix time in whole seconds, e.g. 1767225600",
                    )
                })?;
            if self.now > exp {
                return Err(ApiError::SignatureExpired { exp });
            }
        }
        Ok(())
    }
}

/// Whether `authorization` is `Bearer <token>`, compared in a time that
/// does not depend on where the first difference is. An empty token
/// matches nothing.
pub fn bearer_matches(authorization: Option<&str>, token: &str) -> bool {
    let given = authorization
        .and_then(|a| a.trim().strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    !token.is_empty()
        && given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The signed message of a request (see the module doc).
pub fn message(path: &str, query: &str, body: &[u8]) -> Vec<u8> {
    let mut pairs: Vec<String> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != SIG)
        .map(|(k, v)| {
            let mut pair = String::with_capacity(k.len() + v.len() + 1);
            encode_component(&k, &mut pair);
            pair.push('=');
            encode_component(&v, &mut pair);
            pair
        })
        .collect();
    pairs.sort_unstable();
    let mut out = Vec::with_capacity(path.len() + query.len() + body.len() + 2);
    out.extend_from_slice(path.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(pairs.join("&").as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body);
    out
}

/// The MAC of `message` under `key`.
pub fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(message);
    m.finalize().into_bytes().into()
}

/// `url` (a path, or an absolute URL, with an optional query) with
/// `exp=` (when given) and `sig=` (lower-case hex) appended: what
/// `edge-render sign` prints.
pub fn sign_url(key: &[u8], url: &str, exp: Option<u64>, body: &[u8]) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let mut signed = base.to_owned();
    let join = |s: &mut String, pair: &str| {
        if !s.contains('?') {
            s.push('?');
        } else if !s.ends_with('?') && !s.ends_with('&') {
            s.push('&');
        }
        s.push_str(pair);
    };
    if let Some(exp) = exp {
        join(&mut signed, &format!("{EXP}={exp}"));
    }
    let (path, query) = path_and_query(&signed);
    let digest = mac(key, &message(path, query, body));
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    join(&mut signed, &format!("{SIG}={hex}"));
    if let Some(f) = fragment {
        signed.push('#');
        signed.push_str(f);
    }
    signed
}

/// The query without its `sig` and `exp` parameters (which are the
/// signature's, not the route's), every other byte as sent.
pub fn strip(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(k, _)| k);
            let decoded: String = form_urlencoded::parse(name.as_bytes())
                .next()
                .map(|(k, _)| k.into_owned())
                .unwrap_or_default();
            decoded != SIG && decoded != EXP
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Path and query of a path or an absolute URL. A URL is absolute when
/// `://` comes before any `/`, `?` or `#` (so `/text.png?text=https://x/y`
/// is a path whose query holds a URL).
fn path_and_query(url: &str) -> (&str, &str) {
    let scheme_end = url
        .find("://")
        .filter(|&i| !url[..i].contains(['/', '?', '#']));
    let rest = match scheme_end {
        Some(i) => {
            let after = &url[i + 3..];
            match after.find(['/', '?']) {
                Some(start) if after[start..].starts_with('/') => &after[start..],
                // `https://host?query`: the path is `/`.
                Some(start) => return ("/", &after[start + 1..]),
                None => "/",
            }
        }
        None => url,
    };
    rest.split_once('?').unwrap_or((rest, ""))
}

/// `encodeURIComponent`: UTF-8, every byte but `A–Z a–z 0–9 - _ . ! ~ * ' ( )`
/// as `%XX`.
fn encode_component(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// A signature as 32 bytes: 64 hex digits, or base64url.
fn decode_sig(sig: &str) -> Option<[u8; 32]> {
    let bytes = if sig.len() == 64 {
        let mut out = Vec::with_capacity(32);
        for pair in sig.as_bytes().chunks(2) {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
        }
        out
    } else {
        base64url::decode(sig)?
    };
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "test-key";
    const NOW: u64 = 1_800_000_000;

    fn hex(mac: &[u8; 32]) -> String {
        mac.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn b64url(bytes: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))
                << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        out
    }

    fn signing() -> Signing {
        Signing::new(Some(KEY), None, NOW)
    }

    fn signed(key: &str, path: &str, query: &str) -> String {
        let sig = hex(&mac(key.as_bytes(), &message(path, query, b"")));
        if query.is_empty() {
            format!("sig={sig}")
        } else {
            format!("{query}&sig={sig}")
        }
    }

    fn code(r: Result<(), ApiError>) -> &'static str {
        r.err().map_or("ok", |e| e.code())
    }

    #[test]
    fn the_message_is_documented_and_stable() {
        assert_eq!(
            message(
                "/text.png",
                "text=Hello+w%C3%B6rld!&size=64&sig=abc&a%20b=(x)",
                b""
            ),
            b"/text.png\na%20b=(x)&size=64&text=Hello%20w%C3%B6rld!\n"
        );
        // `printf '/text.png\nsize=64&text=hi\n' | openssl dgst -sha256 -hmac test-key`
        assert_eq!(
            hex(&mac(
                b"test-key",
                &message("/text.png", "text=hi&size=64", b"")
            )),
            "26d10963b978447da182b4938aa24182b707174d0ecb26880ae4c42922e99ccb"
        );
        // RFC 4231, test case 2.
        assert_eq!(
            hex(&mac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn reordered_and_respelled_parameters_keep_one_signature() {
        let s = signing();
        let q = signed(KEY, "/text.png", "text=caf%C3%A9+au+lait&size=64");
        assert_eq!(code(s.check("/text.png", &q, b"")), "ok");
        let sig = q.rsplit_once("sig=").unwrap().1;
        for same in [
            format!("sig={sig}&size=64&text=caf%C3%A9+au+lait"),
            format!("size=64&sig={sig}&text=caf%c3%a9%20au%20lait"),
            format!("text=caf\u{e9} au lait&size=6%34&sig={sig}"),
        ] {
            assert_eq!(code(s.check("/text.png", &same, b"")), "ok", "{same}");
        }
    }

    #[test]
    fn missing_malformed_wrong_and_tampered_signatures() {
        let s = signing();
        assert_eq!(
            code(s.check("/text.png", "text=hi", b"")),
            "signature_required"
        );
        assert_eq!(
            code(s.check("/text.png", "text=hi&exp=1", b"")),
            "signature_required"
        );
        assert_eq!(
            code(s.check("/text.png", "text=hi&sig=", b"")),
            "signature_invalid"
        );
        assert_eq!(
            code(s.check("/text.png", "text=hi&sig=zz", b"")),
            "signature_invalid"
        );
        let q = signed(KEY, "/text.png", "text=hi");
        let sig = q.rsplit_once("sig=").unwrap().1.to_owned();
        assert_eq!(
            code(s.check("/text.png", &format!("{q}&sig={sig}"), b"")),
            "signature_invalid"
        );
        // Another parameter's value, another parameter, another path.
        assert_eq!(
            code(s.check("/text.png", &q.replace("hi", "ho"), b"")),
            "signature_invalid"
        );
        assert_eq!(
            code(s.check("/text.png", &format!("{q}&size=9"), b"")),
            "signature_invalid"
        );
        assert_eq!(code(s.check("/heart.png", &q, b"")), "signature_invalid");
        // Another key.
        let other = signed("other", "/text.png", "text=hi");
        assert_eq!(code(s.check("/text.png", &other, b"")), "signature_invalid");
        // One bit of the MAC.
        let flipped = format!(
            "{}{}",
            &sig[..63],
            if sig.ends_with('0') { '1' } else { '0' }
        );
        assert_eq!(
            code(s.check("/text.png", &format!("text=hi&sig={flipped}"), b"")),
            "signature_invalid"
        );
        let e = s.check("/text.png", "text=hi", b"").unwrap_err();
        assert_eq!(e.status(), 401);
        let e = s.check("/text.png", &other, b"").unwrap_err();
        assert_eq!(e.status(), 403);
    }

    #[test]
    fn hex_in_either_case_and_base64url_with_or_without_padding() {
        let s = signing();
        let m = mac(KEY.as_bytes(), &message("/heart.png", "size=64", b""));
        let b = b64url(&m);
        assert_eq!(b.len(), 43);
        for sig in [hex(&m), hex(&m).to_uppercase(), b.clone(), format!("{b}=")] {
            let q = format!("size=64&sig={sig}");
            assert_eq!(code(s.check("/heart.png", &q, b"")), "ok", "{sig}");
        }
        // Standard base64 (`+`, `/`) is not base64url.
        let std = b.replace('-', "+").replace('_', "/");
        if std != b {
            let q = format!("size=64&sig={}", std.replace('+', "%2B"));
            assert_eq!(code(s.check("/heart.png", &q, b"")), "signature_invalid");
        }
    }

    #[test]
    fn the_previous_key_is_accepted_during_a_rotation() {
        let q_old = signed("old", "/heart.png", "size=64");
        let q_new = signed("new", "/heart.png", "size=64");
        let rotating = Signing::new(Some("new"), Some("old"), NOW);
        assert_eq!(code(rotating.check("/heart.png", &q_old, b"")), "ok");
        assert_eq!(code(rotating.check("/heart.png", &q_new, b"")), "ok");
        let done = Signing::new(Some("new"), None, NOW);
        assert_eq!(
            code(done.check("/heart.png", &q_old, b"")),
            "signature_invalid"
        );
        // A previous key alone does not turn signing on.
        assert!(!Signing::new(None, Some("old"), NOW).is_on());
        assert!(!Signing::new(Some(""), Some("old"), NOW).is_on());
    }

    #[test]
    fn exp_is_signed_and_checked() {
        let s = signing();
        let future = signed(KEY, "/heart.png", &format!("size=64&exp={}", NOW + 60));
        assert_eq!(code(s.check("/heart.png", &future, b"")), "ok");
        let now = signed(KEY, "/heart.png", &format!("size=64&exp={NOW}"));
        assert_eq!(code(s.check("/heart.png", &now, b"")), "ok");
        let past = signed(KEY, "/heart.png", &format!("size=64&exp={}", NOW - 1));
        let e = s.check("/heart.png", &past, b"").unwrap_err();
        assert_eq!((e.status(), e.code()), (403, "signature_expired"));
        // Moving exp breaks the signature.
        let moved = future.replace(&format!("exp={}", NOW + 60), &format!("exp={}", NOW + 6000));
        assert_eq!(
            code(s.check("/heart.png", &moved, b"")),
            "signature_invalid"
        );
        // Two signed exps: which one holds would be a guess.
        let twice = signed(
            KEY,
            "/heart.png",
            &format!("size=64&exp={}&exp={NOW}", NOW + 9),
        );
        let e = s.check("/heart.png", &twice, b"").unwrap_err();
        assert_eq!((e.code(), e.param()), ("bad_param", Some("exp")));
        // A signed exp that is not whole seconds.
        for bad in ["soon", "-5", "1.5", "+5", ""] {
            let q = signed(KEY, "/heart.png", &format!("size=64&exp={bad}"));
            let e = s.check("/heart.png", &q, b"").unwrap_err();
            assert_eq!((e.code(), e.param()), ("bad_param", Some("exp")), "{bad}");
        }
    }

    #[test]
    fn a_post_signs_its_body() {
        let s = signing();
        let body = br#"{"text":"hi","size":64}"#;
        let sig = hex(&mac(KEY.as_bytes(), &message("/text.png", "", body)));
        let q = format!("sig={sig}");
        assert_eq!(code(s.check("/text.png", &q, body)), "ok");
        assert_eq!(
            code(s.check("/text.png", &q, br#"{"text":"ho","size":64}"#)),
            "signature_invalid"
        );
        assert_eq!(code(s.check("/text.png", &q, b"")), "signature_invalid");
    }

    #[test]
    fn off_checks_nothing() {
        assert_eq!(
            code(Signing::off().check("/text.png", "text=hi", b"")),
            "ok"
        );
        assert_eq!(code(Signing::off().check("/text.png", "sig=zz", b"")), "ok");
    }

    #[test]
    fn strip_takes_out_sig_and_exp_only() {
        assert_eq!(strip("text=hi&sig=ab&size=64&exp=9"), "text=hi&size=64");
        assert_eq!(strip("%73ig=ab&text=sig"), "text=sig");
        assert_eq!(strip("sig=1"), "");
        assert_eq!(strip(""), "");
        assert_eq!(strip("a=1&&b=2"), "a=1&&b=2");
    }

    #[test]
    fn a_url_in_the_query_is_not_taken_for_the_scheme() {
        assert_eq!(
            path_and_query("/text.png?text=https://example.com/x"),
            ("/text.png", "text=https://example.com/x")
        );
        assert_eq!(
            path_and_query("https://h.example/text.png?text=http://a/b"),
            ("/text.png", "text=http://a/b")
        );
        assert_eq!(path_and_query("https://h.example?text=a"), ("/", "text=a"));
        assert_eq!(path_and_query("/heart.png"), ("/heart.png", ""));
    }

    #[test]
    fn sign_url_appends_what_check_accepts() {
        let s = signing();
        for (url, exp) in [
            ("/text.png?text=hi&size=64", None),
            ("/heart.png", Some(NOW + 10)),
            (
                "https://img.example.com/text.png?text=caf%C3%A9#top",
                Some(NOW),
            ),
            ("/text.png?", None),
            ("/text.png?text=https://example.com/x", None),
            ("https://img.example.com/text.png?text=ftp://a/b", None),
        ] {
            let signed = sign_url(KEY.as_bytes(), url, exp, b"");
            let (path, query) = path_and_query(signed.split('#').next().unwrap());
            assert_eq!(code(s.check(path, query, b"")), "ok", "{signed}");
            assert!(
                signed.starts_with(url.split('#').next().unwrap()),
                "{signed}"
            );
        }
        assert_eq!(
            sign_url(b"k", "/heart.png#x", Some(5), b"")
                .split_once('#')
                .unwrap()
                .1,
            "x"
        );
    }
}
