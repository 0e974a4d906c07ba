//! Tile sources: the built-in OpenStreetMap and OpenTopoMap, custom XYZ templates and their
//! validation, the cache identity of a source, and the URL of one tile.

use crate::error::{SourceError, TileError};
use crate::key::{self, ApiKey, PLACEHOLDER};
use serde::{Deserialize, Serialize};

/// The deepest zoom any source may declare (2^30 tiles a side still fits `u32`).
pub const MAX_ZOOM_LIMIT: u8 = 30;
const MAX_TEMPLATES: usize = 16;
const MAX_ID_LEN: usize = 40;
const OSM_ATTRIBUTION: &str = "© OpenStreetMap contributors";
const OTM_ATTRIBUTION: &str =
    "Map data: © OpenStreetMap contributors, SRTM | Map style: © OpenTopoMap (CC-BY-SA)";

/// How `y` counts: from the north (XYZ, "slippy map") or from the south (TMS).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    #[default]
    Xyz,
    Tms,
}

/// The unvalidated description of a source: what a settings file stores and what
/// [`TileSource::new`] checks. Every field has a default, so a stored spec may omit any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceSpec {
    /// Stable id: 1–40 of `a-z 0-9 - _`; part of the cache directory name.
    pub id: String,
    /// Shown to the user; the id when empty.
    pub name: String,
    /// Tile URL templates with `{z} {x} {y}` (or `{-y}`), optionally `{key}`, `{s}` (a|b|c) or
    /// an alternation such as `{a|b|c}`; a key in a `key=`/`apikey=` parameter is moved into
    /// [`SourceSpec::key`].
    pub urls: Vec<String>,
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub attribution: String,
    pub tile_size: u32,
    pub scheme: Scheme,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<ApiKey>,
}

impl Default for SourceSpec {
    fn default() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            urls: Vec::new(),
            min_zoom: 0,
            max_zoom: 19,
            attribution: String::new(),
            tile_size: 256,
            scheme: Scheme::Xyz,
            key: None,
        }
    }
}

impl SourceSpec {
    /// A spec for one XYZ template with the other fields at their defaults.
    pub fn xyz(id: impl Into<String>, name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            urls: vec![url.into()],
            ..Self::default()
        }
    }
}

/// A validated tile source. Its templates never contain the API key (see [`ApiKey`]), so
/// `Debug`, [`TileSource::urls`] and the cache paths are safe to show. (De)serializes as
/// [`SourceSpec`], validating on the way in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SourceSpec", into = "SourceSpec")]
pub struct TileSource {
    spec: SourceSpec,
    /// `host[:port]` of each template, the unit of the connection limit.
    hosts: Vec<String>,
    /// `<id>-<hash of the templates>`: a changed URL starts a fresh cache, a changed key does not.
    cache_id: String,
}

/// One tile's request URL. `full` holds the key and goes only to the HTTP client.
pub(crate) struct RequestUrl {
    pub full: String,
    /// `host[:port]`.
    pub host: String,
    pub has_key: bool,
}

impl TileSource {
    /// Validates a spec: id, URLs (http(s), a host, `{z} {x} {y}`, known placeholders, no
    /// credentials), key placement, zoom range and tile size.
    pub fn new(spec: SourceSpec) -> Result<Self, SourceError> {
        check_id(&spec.id)?;
        if spec.urls.is_empty() {
            return Err(SourceError::NoUrl);
        }
        // The key is taken out of the URLs before anything else, so no error below can show it.
        let mut key = spec.key.clone().filter(|k| !k.is_blank());
        let mut templates = Vec::new();
        for raw in &spec.urls {
            let raw = raw.trim();
            if raw.is_empty() {
                return Err(SourceError::EmptyUrl);
            }
            let (template, found) = key::extract(raw);
            if key.is_none() {
                key = found.and_then(ApiKey::new);
            }
            templates.push(template);
        }
        if let Some(k) = &key {
            templates = templates.iter().map(|t| key::hide_literal(t, k)).collect();
        }
        let mut expanded = Vec::new();
        for t in &templates {
            expand_alternatives(t, &mut expanded)?;
            if expanded.len() > MAX_TEMPLATES {
                return Err(SourceError::TooManyUrls(expanded.len()));
            }
        }
        let mut hosts = Vec::with_capacity(expanded.len());
        for t in &expanded {
            check_placeholders(t)?;
            hosts.push(check_url(t)?);
        }
        match (expanded.iter().find(|t| t.contains(PLACEHOLDER)), &key) {
            (Some(t), None) => {
                return Err(SourceError::KeyMissing {
                    template: t.clone(),
                });
            }
            (None, Some(_)) => return Err(SourceError::KeyUnused),
            _ => {}
        }
        if spec.min_zoom > spec.max_zoom || spec.max_zoom > MAX_ZOOM_LIMIT {
            return Err(SourceError::InvalidZoom {
                min: spec.min_zoom,
                max: spec.max_zoom,
            });
        }
        if !spec.tile_size.is_power_of_two() || !(128..=1024).contains(&spec.tile_size) {
            return Err(SourceError::InvalidTileSize(spec.tile_size));
        }
        let cache_id = format!(
            "{}-{:016x}",
            spec.id,
            fnv1a(format!("{:?}\n{}", spec.scheme, expanded.join("\n")).as_bytes())
        );
        let name = match spec.name.trim() {
            "" => spec.id.clone(),
            n => n.to_owned(),
        };
        let spec = SourceSpec {
            name,
            urls: expanded,
            attribution: spec.attribution.trim().to_owned(),
            key,
            ..spec
        };
        Ok(Self {
            spec,
            hosts,
            cache_id,
        })
    }

    /// OpenStreetMap's standard tile layer (zoom 0–19), under its tile usage policy.
    pub fn openstreetmap() -> Self {
        Self::builtin(
            "osm",
            "OpenStreetMap",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            19,
            OSM_ATTRIBUTION,
        )
    }

    /// OpenTopoMap (zoom 0–17), spread over its a/b/c hosts.
    pub fn opentopomap() -> Self {
        Self::builtin(
            "opentopomap",
            "OpenTopoMap",
            "https://{a|b|c}.tile.opentopomap.org/{z}/{x}/{y}.png",
            17,
            OTM_ATTRIBUTION,
        )
    }

    /// The built-in sources, OpenStreetMap first.
    pub fn builtins() -> Vec<Self> {
        vec![Self::openstreetmap(), Self::opentopomap()]
    }

    fn builtin(id: &str, name: &str, url: &str, max_zoom: u8, attribution: &str) -> Self {
        let spec = SourceSpec {
            max_zoom,
            attribution: attribution.to_owned(),
            ..SourceSpec::xyz(id, name, url)
        };
        Self::new(spec).expect("built-in sources are valid")
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// The URL templates, with `{key}` where the key goes (never the key itself).
    pub fn urls(&self) -> &[String] {
        &self.spec.urls
    }
    pub fn min_zoom(&self) -> u8 {
        self.spec.min_zoom
    }
    pub fn max_zoom(&self) -> u8 {
        self.spec.max_zoom
    }
    pub fn tile_size(&self) -> u32 {
        self.spec.tile_size
    }
    pub fn scheme(&self) -> Scheme {
        self.spec.scheme
    }
    pub fn has_key(&self) -> bool {
        self.spec.key.is_some()
    }
    /// The attribution as given (TileJSON attributions may hold HTML links: sanitize before
    /// rendering it as HTML).
    pub fn attribution(&self) -> &str {
        &self.spec.attribution
    }
    /// The attribution with HTML tags removed and the common entities decoded, for a viewer
    /// that draws plain text.
    pub fn attribution_text(&self) -> String {
        let mut out = String::with_capacity(self.spec.attribution.len());
        let mut in_tag = false;
        for c in self.spec.attribution.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&copy;", "©")
            .replace("&nbsp;", " ")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }
    /// The cache directory name of this source: `<id>-<hash of the URL templates>`.
    pub fn cache_id(&self) -> &str {
        &self.cache_id
    }
    /// The spec this source was built from (with the key, if any, and templates expanded).
    pub fn spec(&self) -> &SourceSpec {
        &self.spec
    }

    /// Whether `z/x/y` is a tile of this source.
    pub(crate) fn check_tile(&self, z: u8, x: u32, y: u32) -> Result<(), TileError> {
        let side = 1u64 << z.min(MAX_ZOOM_LIMIT);
        if z < self.spec.min_zoom || z > self.spec.max_zoom || x as u64 >= side || y as u64 >= side
        {
            return Err(TileError::OutOfRange {
                z,
                x,
                y,
                min_zoom: self.spec.min_zoom,
                max_zoom: self.spec.max_zoom,
            });
        }
        Ok(())
    }

    pub(crate) fn tile_key(&self, z: u8, x: u32, y: u32) -> String {
        format!("{}/{z}/{x}/{y}", self.cache_id)
    }

    /// The request URL of a (checked) tile. The template is picked by `x + y` so a tile always
    /// comes from the same host (one cache entry upstream, one connection pool).
    pub(crate) fn tile_url(&self, z: u8, x: u32, y: u32) -> RequestUrl {
        let i = ((x as u64 + y as u64) % self.spec.urls.len() as u64) as usize;
        let key = self
            .spec
            .key
            .as_ref()
            .map(ApiKey::encoded)
            .unwrap_or_default();
        RequestUrl {
            full: fill(&self.spec.urls[i], z, x, y, self.spec.scheme, &key),
            host: self.hosts[i].clone(),
            has_key: self.spec.key.is_some(),
        }
    }
}

impl TryFrom<SourceSpec> for TileSource {
    type Error = SourceError;
    fn try_from(spec: SourceSpec) -> Result<Self, SourceError> {
        Self::new(spec)
    }
}

impl From<TileSource> for SourceSpec {
    fn from(source: TileSource) -> Self {
        source.spec
    }
}

pub(crate) fn check_id(id: &str) -> Result<(), SourceError> {
    let ok = (1..=MAX_ID_LEN).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(SourceError::InvalidId(id.to_owned()))
    }
}

/// Expands the first `{a|b|c}` (or `{s}`, Leaflet's a/b/c) into one template per alternative,
/// recursively, appending to `out`.
fn expand_alternatives(template: &str, out: &mut Vec<String>) -> Result<(), SourceError> {
    let mut rest = template;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            return Err(SourceError::InvalidUrl {
                reason: "a '{' is never closed".into(),
            });
        };
        let name = &rest[open + 1..open + len];
        let options: Vec<&str> = match name {
            "s" => vec!["a", "b", "c"],
            n if n.contains('|') => n.split('|').collect(),
            _ => {
                offset += open + len + 1;
                rest = &template[offset..];
                continue;
            }
        };
        let valid = |o: &&str| {
            !o.is_empty()
                && o.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        };
        if !options.iter().all(valid) {
            return Err(SourceError::UnknownPlaceholder {
                template: template.to_owned(),
                name: name.to_owned(),
            });
        }
        let (start, end) = (offset + open, offset + open + len + 1);
        for option in options {
            let t = format!("{}{option}{}", &template[..start], &template[end..]);
            expand_alternatives(&t, out)?;
            if out.len() > MAX_TEMPLATES {
                return Ok(());
            }
        }
        return Ok(());
    }
    out.push(template.to_owned());
    Ok(())
}

/// Checks that only known placeholders occur and that `{z} {x} {y}` are all there.
fn check_placeholders(template: &str) -> Result<(), SourceError> {
    let (mut z, mut x, mut y) = (false, false, false);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            return Err(SourceError::InvalidUrl {
                reason: "a '{' is never closed".into(),
            });
        };
        match &rest[open + 1..open + len] {
            "z" => z = true,
            "x" => x = true,
            "y" | "-y" => y = true,
            "key" => {}
            other => {
                return Err(SourceError::UnknownPlaceholder {
                    template: template.to_owned(),
                    name: other.to_owned(),
                });
            }
        }
        rest = &rest[open + len + 1..];
    }
    let missing = [(z, "{z}"), (x, "{x}"), (y, "{y}")]
        .into_iter()
        .find(|(has, _)| !has);
    match missing {
        Some((_, placeholder)) => Err(SourceError::MissingPlaceholder {
            template: template.to_owned(),
            placeholder,
        }),
        None => Ok(()),
    }
}

/// Parses a template filled with sample values: http(s), a host, no user info. Returns the
/// `host[:port]`. `url::ParseError` messages do not echo the input.
pub(crate) fn check_url(template: &str) -> Result<String, SourceError> {
    let sample = fill(template, 1, 1, 1, Scheme::Xyz, "k");
    let url = url::Url::parse(&sample).map_err(|e| SourceError::InvalidUrl {
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SourceError::UnsupportedScheme {
            scheme: url.scheme().to_owned(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(SourceError::CredentialsInUrl);
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| SourceError::InvalidUrl {
            reason: "it has no host".into(),
        })?;
    Ok(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

pub(crate) fn fill(template: &str, z: u8, x: u32, y: u32, scheme: Scheme, key: &str) -> String {
    let flipped = ((1u64 << z) - 1 - y as u64).to_string();
    let y = match scheme {
        Scheme::Xyz => y.to_string(),
        Scheme::Tms => flipped.clone(),
    };
    template
        .replace("{z}", &z.to_string())
        .replace("{x}", &x.to_string())
        .replace("{-y}", &flipped)
        .replace("{y}", &y)
        .replace(PLACEHOLDER, key)
}

/// FNV-1a, 64-bit: a hash that stays the same across Rust releases, since it names cache
/// directories that must survive upgrades.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}
