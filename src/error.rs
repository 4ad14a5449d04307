//! The one error type of the edge layer and its JSON answer.

use std::borrow::Cow;
use std::fmt;

/// Everything a request can get wrong, plus the internal failure that must
/// never leak details. Each variant maps to one HTTP status.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// A parameter is malformed or out of range (400).
    BadParam {
        /// The parameter's name.
        param: String,
        /// What was wrong and what is accepted, in lowercase.
        message: String,
    },
    /// A parameter the route does not know (400).
    UnknownParam {
        /// The parameter's name.
        param: String,
        /// The route's accepted parameters.
        allowed: &'static [&'static str],
    },
    /// A request body that is not what the route accepts (400).
    BadBody(String),
    /// A token-guarded route was called without the right token (401).
    Unauthorized,
    /// Signing is on ([`crate::sign`]) and a render request has no `sig`
    /// (401 `signature_required`).
    SignatureRequired,
    /// A render request's `sig` is malformed or matches no signing key
    /// (403 `signature_invalid`); says which.
    SignatureInvalid(&'static str),
    /// A render request's signature is good but its `exp` has passed
    /// (403 `signature_expired`).
    SignatureExpired {
        /// The signed expiry, unix seconds.
        exp: u64,
    },
    /// This client drew more images than the rate limit allows
    /// (429 `rate_limited`, with `Retry-After`).
    RateLimited {
        /// Seconds to wait: the limit's period.
        retry_after: u32,
    },
    /// No such route (404).
    NotFound(String),
    /// A route that exists, asked for something it does not have (a
    /// template name): 404 with the message as given.
    Missing(String),
    /// The route exists but not for this method (405).
    MethodNotAllowed {
        /// The value of the `Allow` header.
        allow: &'static str,
    },
    /// `If-None-Match` matched on a `POST` (412, RFC 9110 §13.1.2: only
    /// GET and HEAD get a 304).
    PreconditionFailed,
    /// The request body is larger than the limit (413).
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The URL is longer than the limit (414).
    UriTooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body's media type is not accepted (415).
    UnsupportedMediaType(&'static str),
    /// Each parameter is fine but together they exceed a resource limit (422).
    TooLarge {
        /// The parameter to reduce.
        param: &'static str,
        /// What limit was hit.
        message: String,
    },
    /// A scene (`/render`) holds a malformed or unknown element or style
    /// value (400 `bad_scene`).
    BadScene {
        /// Where in the request document, e.g.
        /// `element.props.children[2].props.style.fontSize`.
        path: String,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// A scene names an image by an `http(s)` URL: nothing is fetched
    /// (400 `remote_image`).
    RemoteImage {
        /// Where in the request document.
        path: String,
    },
    /// A scene image (an `img` `src`, a `url()`) that cannot be drawn: a
    /// malformed `data:` URI, a type other than PNG or JPEG, bytes that are
    /// not what the URI says, corrupt data, an unknown asset (400
    /// `bad_image`).
    BadImage {
        /// Where in the request document: the `src` or the style key.
        path: String,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// A `"strict": true` scene uses style the renderer does not support
    /// (400 `unsupported_style`).
    UnsupportedStyle {
        /// Where the first of them is.
        path: String,
        /// All of them, as `X-Unsupported-Style` would list them.
        names: Vec<String>,
    },
    /// A scene is over a limit (nodes, depth, text, layers) (422 `too_large`).
    SceneTooLarge {
        /// Where in the request document the limit was crossed.
        path: String,
        /// Which limit, and what was found.
        message: String,
    },
    /// Something broke inside; logged, answered without details (500).
    Internal,
}

impl ApiError {
    /// A [`ApiError::BadParam`] from anything printable.
    pub fn bad(param: &str, message: impl Into<String>) -> ApiError {
        ApiError::BadParam {
            param: param.to_owned(),
            message: message.into(),
        }
    }

    /// The answer for an image that cannot be drawn, at `path` (its `src`
    /// or the style key holding its `url()`): `remote_image`, `bad_image`,
    /// or `too_large` (422) for one over a byte, side, pixel or scene
    /// limit.
    pub fn image(path: impl Into<String>, error: &crate::image::ImageError) -> ApiError {
        let path = path.into();
        let (status, code, message) = error.to_api();
        match (status, code) {
            (_, "remote_image") => ApiError::RemoteImage { path },
            (422, _) => ApiError::SceneTooLarge { path, message },
            _ => ApiError::BadImage { path, message },
        }
    }

    /// A [`ApiError::BadScene`] at `path`.
    pub fn scene(path: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::BadScene {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadParam { .. }
            | ApiError::UnknownParam { .. }
            | ApiError::BadBody(_)
            | ApiError::BadScene { .. }
            | ApiError::RemoteImage { .. }
            | ApiError::BadImage { .. }
            | ApiError::UnsupportedStyle { .. } => 400,
            ApiError::Unauthorized | ApiError::SignatureRequired => 401,
            ApiError::SignatureInvalid(_) | ApiError::SignatureExpired { .. } => 403,
            ApiError::NotFound(_) | ApiError::Missing(_) => 404,
            ApiError::MethodNotAllowed { .. } => 405,
            ApiError::PreconditionFailed => 412,
            ApiError::PayloadTooLarge { .. } => 413,
            ApiError::UriTooLong { .. } => 414,
            ApiError::UnsupportedMediaType(_) => 415,
            ApiError::RateLimited { .. } => 429,
            ApiError::TooLarge { .. } | ApiError::SceneTooLarge { .. } => 422,
            ApiError::Internal => 500,
        }
    }

    /// The machine-readable code in the JSON body.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadParam { .. } => "bad_param",
            ApiError::UnknownParam { .. } => "unknown_param",
            ApiError::BadBody(_) => "bad_body",
            ApiError::Unauthorized => "unauthorized",
            ApiError::SignatureRequired => "signature_required",
            ApiError::SignatureInvalid(_) => "signature_invalid",
            ApiError::SignatureExpired { .. } => "signature_expired",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::NotFound(_) | ApiError::Missing(_) => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::PreconditionFailed => "precondition_failed",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UriTooLong { .. } => "uri_too_long",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::TooLarge { .. } | ApiError::SceneTooLarge { .. } => "too_large",
            ApiError::BadScene { .. } => "bad_scene",
            ApiError::RemoteImage { .. } => "remote_image",
            ApiError::BadImage { .. } => "bad_image",
            ApiError::UnsupportedStyle { .. } => "unsupported_style",
            ApiError::Internal => "internal",
        }
    }

    /// The parameter at fault, if one is.
    pub fn param(&self) -> Option<&str> {
        match self {
            ApiError::BadParam { param, .. } | ApiError::UnknownParam { param, .. } => Some(param),
            ApiError::TooLarge { param, .. } => Some(param),
            _ => None,
        }
    }

    /// Where in a scene document the fault is, for scene errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            ApiError::BadScene { path, .. }
            | ApiError::RemoteImage { path }
            | ApiError::BadImage { path, .. }
            | ApiError::UnsupportedStyle { path, .. }
            | ApiError::SceneTooLarge { path, .. } => Some(path),
            _ => None,
        }
    }

    /// `{"error":{"code":…,"message":…,"param":…}}`, with `"path"` instead
    /// of `"param"` for a fault inside a scene document.
    pub fn to_json(&self) -> String {
        let mut error = serde_json::Map::new();
        error.insert("code".into(), self.code().into());
        error.insert("message".into(), self.to_string().into());
        if let Some(p) = self.param() {
            error.insert("param".into(), p.into());
        }
        if let Some(p) = self.path() {
            error.insert("path".into(), p.into());
        }
        let mut root = serde_json::Map::new();
        root.insert("error".into(), error.into());
        serde_json::Value::Object(root).to_string()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::BadParam { message, .. } => f.write_str(message),
            ApiError::UnknownParam { param, allowed } => {
                let list: Cow<str> = allowed.join(", ").into();
                write!(f, "unknown parameter `{param}`; this route accepts: {list}")
            }
            ApiError::BadBody(m) | ApiError::Missing(m) => f.write_str(m),
            ApiError::Unauthorized => f.write_str("a valid bearer token is required"),
            ApiError::SignatureRequired => f.write_str(
                "this worker draws signed urls only: add sig=, the hmac-sha256 of the request under the signing key (see the readme's signing section)",
            ),
            ApiError::SignatureInvalid(why) => f.write_str(why),
            ApiError::SignatureExpired { exp } => {
                write!(f, "this signed url expired at {exp} (unix seconds)")
            }
            ApiError::RateLimited { retry_after } => write!(
                f,
                "too many images drawn for this client; try again in {retry_after} s (cached images are not counted)"
            ),
            ApiError::NotFound(path) => write!(f, "no route for `{path}`; see /docs for the list"),
            ApiError::MethodNotAllowed { allow } => {
                write!(f, "method not allowed; this route accepts {allow}")
            }
            ApiError::PreconditionFailed => f.write_str(
                "if-none-match matches this image; a POST gets 412 for that (send GET or HEAD for a 304)",
            ),
            ApiError::PayloadTooLarge { limit } => {
                write!(f, "request body is larger than {limit} bytes")
            }
            ApiError::UriTooLong { limit } => write!(f, "url is longer than {limit} bytes"),
            ApiError::UnsupportedMediaType(accepted) => {
                write!(f, "unsupported content type; send {accepted}")
            }
            ApiError::TooLarge { message, .. }
            | ApiError::BadScene { message, .. }
            | ApiError::BadImage { message, .. }
            | ApiError::SceneTooLarge { message, .. } => f.write_str(message),
            ApiError::RemoteImage { .. } => {
                f.write_str("no remote fetch: inline the image as a data: URI (data:image/png;base64,… or data:image/jpeg;base64,…) or embed it at build time in assets/ and use asset:NAME")
            }
            ApiError::UnsupportedStyle { names, .. } => write!(
                f,
                "unsupported style (strict is on): {}; drop \"strict\" to render without them",
                names.join(", ")
            ),
            ApiError::Internal => f.write_str("internal error"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape() {
        let e = ApiError::bad("size", "size must be between 16 and 2048");
        assert_eq!(e.status(), 400);
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(v["error"]["code"], "bad_param");
        assert_eq!(v["error"]["param"], "size");
        assert_eq!(v["error"]["message"], "size must be between 16 and 2048");
    }

    #[test]
    fn scene_errors_carry_a_path_not_a_param() {
        let e = ApiError::scene(
            "element.props.children[2].props.style.fontSize",
            "fontSize must be a length",
        );
        assert_eq!((e.status(), e.code(), e.param()), (400, "bad_scene", None));
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(
            v["error"]["path"],
            "element.props.children[2].props.style.fontSize"
        );
        assert!(v["error"].get("param").is_none());
        let e = ApiError::RemoteImage {
            path: "element.props.src".into(),
        };
        assert_eq!((e.status(), e.code()), (400, "remote_image"));
        assert!(e.to_string().contains("no remote fetch"));
        let e = ApiError::image(
            "element.props.src",
            &crate::image::ImageError::BadDataUri("it has no comma"),
        );
        assert_eq!(
            (e.status(), e.code(), e.path()),
            (400, "bad_image", Some("element.props.src"))
        );
        assert_eq!(e.to_string(), "malformed data: uri: it has no comma");
        let e = ApiError::image("element.src", &crate::image::ImageError::Remote);
        assert_eq!(
            e,
            ApiError::RemoteImage {
                path: "element.src".into()
            }
        );
        let e = ApiError::image("element.src", &crate::image::ImageError::TooManyBytes);
        assert_eq!(
            (e.status(), e.code(), e.path()),
            (422, "too_large", Some("element.src"))
        );
        let e = ApiError::SceneTooLarge {
            path: "element".into(),
            message: "deep".into(),
        };
        assert_eq!(
            (e.status(), e.code(), e.path()),
            (422, "too_large", Some("element"))
        );
        let e = ApiError::UnsupportedStyle {
            path: "element.style.filter".into(),
            names: vec!["filter".into(), "zIndex".into()],
        };
        assert_eq!((e.status(), e.code()), (400, "unsupported_style"));
        assert!(e.to_string().contains("filter, zIndex"));
    }

    #[test]
    fn internal_hides_details() {
        let v: serde_json::Value = serde_json::from_str(&ApiError::Internal.to_json()).unwrap();
        assert_eq!(v["error"]["message"], "internal error");
        assert!(v["error"].get("param").is_none());
    }

    #[test]
    fn messages_quote_the_user_input_safely() {
        let e = ApiError::NotFound("/\"}<x>".into());
        let v: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(
            v["error"]["message"],
            "no route for `/\"}<x>`; see /docs for the list"
        );
    }
}
