//! API keys of custom tile sources: the secret type, and moving a key out of a URL into a
//! `{key}` placeholder, so templates — which are logged, shown in errors and hashed into cache
//! paths — never hold it. The key is put back only into the URL that goes on the wire.

use serde::{Deserialize, Serialize, Serializer};
use trackmate_secret::Secret;

/// Query parameters that carry a key in the URLs users paste (MapTiler `key`, Thunderforest
/// `apikey`, Stadia `api_key`, Mapbox `access_token`).
const PARAMS: [&str; 4] = ["key", "apikey", "api_key", "access_token"];

/// Shorter "keys" are not searched for literally in URLs: a two-letter value would match
/// unrelated parts of the template.
const MIN_LITERAL: usize = 6;

/// The placeholder a key is replaced with.
pub(crate) const PLACEHOLDER: &str = "{key}";

/// An API key of a tile service: a trimmed, non-empty [`Secret`], so `Debug` never shows it
/// and there is no `Display`; use [`ApiKey::expose`] where the value itself is needed (e.g.
/// storing it in the keyring). Serializes as the plain string, explicitly, because a
/// [`crate::SourceSpec`] written to a settings file keeps its key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(Secret);

impl Serialize for ApiKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        trackmate_secret::expose(&self.0, s)
    }
}

impl ApiKey {
    /// A key, trimmed; `None` when it is empty.
    pub fn new(key: impl Into<String>) -> Option<Self> {
        let key = key.into();
        let key = key.trim();
        (!key.is_empty()).then(|| Self(Secret::from(key)))
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The key as it goes into a URL.
    pub(crate) fn encoded(&self) -> String {
        url::form_urlencoded::byte_serialize(self.expose().as_bytes()).collect()
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.expose().trim().is_empty()
    }
}

/// Replaces the value of a key-bearing query parameter with `{key}`. Returns the new URL and the
/// (decoded) value that was there, if any. Works on the raw string: a URL parser would
/// percent-encode the `{z}` braces of a template.
pub(crate) fn extract(url: &str) -> (String, Option<String>) {
    let (head, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let Some((base, query)) = head.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut found = None;
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let is_key = PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name));
            if is_key && !value.is_empty() && value != PLACEHOLDER {
                found.get_or_insert_with(|| decode(value));
                format!("{name}={PLACEHOLDER}")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    (format!("{base}?{}{fragment}", pairs.join("&")), found)
}

/// Replaces every literal occurrence of the key (raw or URL-encoded) with `{key}`: TileJSON
/// documents of keyed services list tile URLs with the key already filled in, sometimes in the
/// path.
pub(crate) fn hide_literal(template: &str, key: &ApiKey) -> String {
    if key.expose().len() < MIN_LITERAL {
        return template.to_owned();
    }
    template
        .replace(key.expose(), PLACEHOLDER)
        .replace(&key.encoded(), PLACEHOLDER)
}

fn decode(value: &str) -> String {
    url::form_urlencoded::parse(format!("k={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_key_parameters_whatever_their_case() {
        let (t, k) = extract("https://h/{z}/{x}/{y}.png?lang=en&ApiKey=s3cr%2Bt#frag");
        assert_eq!(t, "https://h/{z}/{x}/{y}.png?lang=en&ApiKey={key}#frag");
        assert_eq!(k.as_deref(), Some("s3cr+t"));
        let (t, k) = extract("https://h/{z}/{x}/{y}.png?key={key}");
        assert_eq!(
            (t.as_str(), k),
            ("https://h/{z}/{x}/{y}.png?key={key}", None)
        );
    }

    #[test]
    fn hides_literal_keys_but_not_short_ones() {
        let key = ApiKey::new("abcdef123").unwrap();
        assert_eq!(
            hide_literal("https://h/abcdef123/{z}/{x}/{y}", &key),
            "https://h/{key}/{z}/{x}/{y}"
        );
        let short = ApiKey::new("h").unwrap();
        assert_eq!(hide_literal("https://h/{z}", &short), "https://h/{z}");
        assert_eq!(format!("{key:?}"), "ApiKey(Secret(<redacted>))");
        // Serializing is explicit and keeps the key (a settings file's source spec).
        assert_eq!(serde_json::to_string(&key).unwrap(), r#""abcdef123""#);
    }
}
