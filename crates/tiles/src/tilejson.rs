//! TileJSON (2.x/3.0): parsing the document of a raster source and turning it into a
//! [`TileSource`]. Fetching it goes through [`crate::TileCache::fetch_tilejson`].

use crate::error::SourceError;
use crate::key::ApiKey;
use crate::source::{MAX_ZOOM_LIMIT, Scheme, SourceSpec, TileSource};
use serde_json::Value;

/// The fields of a TileJSON document this crate uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileJson {
    /// Tile URL templates (keys still in them, as the server wrote them).
    pub tiles: Vec<String>,
    pub minzoom: u8,
    /// 30 when absent, as TileJSON 3.0 specifies.
    pub maxzoom: u8,
    pub attribution: Option<String>,
    pub name: Option<String>,
    pub scheme: Scheme,
}

/// What the user gives to add a TileJSON source.
#[derive(Debug, Clone, Default)]
pub struct TileJsonSpec {
    pub id: String,
    /// Overrides the document's `name`.
    pub name: Option<String>,
    /// The TileJSON URL; a `key=`/`apikey=` parameter is moved into `key` like for templates.
    pub url: String,
    pub key: Option<ApiKey>,
    /// 256 when absent (TileJSON has no tile size).
    pub tile_size: Option<u32>,
}

impl TileJson {
    /// Parses a document. Fields are read by hand rather than through serde so that no message
    /// quotes a value (tile URLs in a keyed service's TileJSON contain the key).
    pub fn parse(bytes: &[u8]) -> Result<Self, SourceError> {
        let bad = |why: &str| SourceError::TileJson(why.to_owned());
        let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
            SourceError::TileJson(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let obj = doc.as_object().ok_or_else(|| bad("not a JSON object"))?;
        if obj.contains_key("vector_layers")
            || matches!(
                obj.get("format").and_then(Value::as_str),
                Some("pbf" | "mvt")
            )
        {
            return Err(SourceError::VectorTiles);
        }
        let tiles = obj
            .get("tiles")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("it has no \"tiles\" list"))?
            .iter()
            .map(|t| {
                t.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| bad("\"tiles\" holds something that is not a URL"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if tiles.is_empty() {
            return Err(bad("its \"tiles\" list is empty"));
        }
        let is_vector = |t: &String| {
            let path = t.split(['?', '#']).next().unwrap_or_default();
            path.ends_with(".pbf") || path.ends_with(".mvt")
        };
        if tiles.iter().any(is_vector) {
            return Err(SourceError::VectorTiles);
        }
        let zoom = |name: &str, default: u8| match obj.get(name) {
            None | Some(Value::Null) => Ok(default),
            Some(v) => v
                .as_u64()
                .filter(|z| *z <= MAX_ZOOM_LIMIT as u64)
                .map(|z| z as u8)
                .ok_or_else(|| bad(&format!("\"{name}\" is not a zoom level from 0 to 30"))),
        };
        let text = |name: &str| {
            obj.get(name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let scheme = match obj.get("scheme").and_then(Value::as_str) {
            None | Some("xyz") => Scheme::Xyz,
            Some("tms") => Scheme::Tms,
            Some(_) => return Err(bad("\"scheme\" is neither \"xyz\" nor \"tms\"")),
        };
        Ok(Self {
            tiles,
            minzoom: zoom("minzoom", 0)?,
            maxzoom: zoom("maxzoom", MAX_ZOOM_LIMIT)?,
            attribution: text("attribution"),
            name: text("name"),
            scheme,
        })
    }

    /// A source from this document. `key` is the key of the TileJSON URL: tile URLs that
    /// contain it get `{key}` instead; if they do not need it, it is dropped (it was only for
    /// the document).
    pub fn to_source(
        &self,
        id: &str,
        name: Option<&str>,
        key: Option<ApiKey>,
        tile_size: Option<u32>,
    ) -> Result<TileSource, SourceError> {
        let spec = SourceSpec {
            id: id.to_owned(),
            name: name
                .map(str::to_owned)
                .or_else(|| self.name.clone())
                .unwrap_or_default(),
            urls: self.tiles.clone(),
            min_zoom: self.minzoom,
            max_zoom: self.maxzoom,
            attribution: self.attribution.clone().unwrap_or_default(),
            tile_size: tile_size.unwrap_or(256),
            scheme: self.scheme,
            key,
        };
        match TileSource::new(spec.clone()) {
            Err(SourceError::KeyUnused) => TileSource::new(SourceSpec { key: None, ..spec }),
            other => other,
        }
    }
}
