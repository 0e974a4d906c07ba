//! What a get returns: [`Tile`] and its [`Origin`], and the check that a reply is an image at all.

use crate::error::TileError;
use bytes::Bytes;
use serde::Serialize;

/// Where a tile came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Downloaded now.
    Network,
    /// A fresh copy from the cache; no request was made.
    Cache,
    /// The cached copy, confirmed by the server (304 Not Modified).
    Revalidated,
    /// An expired cached copy, because the server could not be asked or did not give a tile
    /// (offline, 429, 5xx, ...): [`Tile::stale_cause`] says why.
    Stale,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Network => "network",
            Self::Cache => "cache",
            Self::Revalidated => "revalidated",
            Self::Stale => "stale",
        }
    }
}

/// One tile image.
#[derive(Debug, Clone)]
pub struct Tile {
    pub bytes: Bytes,
    /// `image/png`, `image/jpeg`, ...: as the server said, or sniffed when it did not say.
    pub content_type: String,
    pub origin: Origin,
    /// Why a stale copy was served ([`Origin::Stale`] only).
    pub stale_cause: Option<TileError>,
}

pub(crate) fn tile(bytes: Bytes, content_type: String, origin: Origin) -> Tile {
    Tile {
        bytes,
        content_type,
        origin,
        stale_cause: None,
    }
}

/// The image type of a reply, or `None` when it is not an image: the magic bytes of PNG, JPEG,
/// GIF and WebP decide; otherwise a declared `image/*` is believed unless the body is markup
/// or JSON (a captive portal or an error page with a wrong type).
pub(crate) fn image_type(declared: &str, body: &[u8]) -> Option<String> {
    let declared = declared
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let sniffed = if body.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if body.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if body.starts_with(b"GIF8") {
        Some("image/gif")
    } else if body.len() >= 12 && body.starts_with(b"RIFF") && &body[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    };
    if let Some(sniffed) = sniffed {
        // The bytes are what the viewer decodes: they win over a wrong header.
        return Some(sniffed.to_owned());
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let markup = matches!(first, Some(b'<' | b'{'));
    (declared.starts_with("image/") && first.is_some() && !markup).then_some(declared)
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn magic_bytes_decide_and_markup_never_passes() {
        assert_eq!(
            image_type("image/png", b"\xFF\xD8\xFF\xE0jfif").as_deref(),
            Some("image/jpeg")
        );
        assert_eq!(
            image_type("", b"RIFF\0\0\0\0WEBPVP8 ").as_deref(),
            Some("image/webp")
        );
        assert_eq!(
            image_type("image/avif; q=1", b"\0\0\0\x1cftypavif").as_deref(),
            Some("image/avif")
        );
        assert_eq!(image_type("image/png", b"  <html>"), None);
        assert_eq!(image_type("image/png", b"{\"error\":1}"), None);
        assert_eq!(image_type("image/png", b""), None);
        assert_eq!(image_type("text/plain", b"hello"), None);
    }
}
