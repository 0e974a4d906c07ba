//! The chosen map source: OpenStreetMap, OpenTopoMap or the user's XYZ template / TileJSON URL,
//! as remembered in the settings (a `{key}` placeholder, never the key) and resolved into a
//! [`TileSource`] with the key from the OS keyring — or, when the keyring cannot keep it, from
//! memory until the app closes.

use std::sync::Arc;

use trackmate_keystore::{Error as KeyError, SecretStore};
use trackmate_tiles::{
    ApiKey, Scheme, SourceError, SourceSpec, TileError, TileJsonSpec, TileSource,
};

use super::{Current, KEY_ENTRY, TilesCtx};
use crate::dto::{
    CustomTileSource, TileSourceInfo, TileSourceKind, TileSourceRequest, TileSourceSetting,
};
use crate::error::{AppError, AppErrorKind, capitalize};
use crate::lock::lock;

const CUSTOM_ID: &str = "custom";
/// Query parameters that carry a key in pasted URLs; trackmate-tiles moves the same ones into
/// `{key}`, and the URL shown back in the picker must not show them either.
const KEY_PARAMS: [&str; 4] = ["key", "apikey", "api_key", "access_token"];
pub(super) const KEY_UNREADABLE: &str = "The API key of this map could not be read from the OS keyring; enter it again in the map picker.";
const TILEJSON_HINT: &str =
    "A tile URL needs {z}, {x} and {y}; a URL without them is read as a TileJSON document.";

/// Chooses the map source: validates it (a TileJSON URL is fetched once), stores its key in the
/// keyring (or, when the keyring is not available, keeps it until the app closes), remembers it
/// in the settings without the key, and switches to it.
pub async fn set_source(
    ctx: TilesCtx<'_>,
    request: TileSourceRequest,
) -> Result<TileSourceInfo, AppError> {
    let stored = stored_setting(ctx);
    let url = request
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    let current = match (request.kind, url) {
        (TileSourceKind::Custom, Some(url)) => {
            let (custom, source, key) = build_custom(ctx, url, request.api_key, &stored).await?;
            let key_note = store_key(ctx, key).await;
            let setting = TileSourceSetting {
                kind: TileSourceKind::Custom,
                custom: Some(custom.clone()),
            };
            ctx.settings.set_tile_source(setting)?;
            let info = info(TileSourceKind::Custom, &source, Some(custom), key_note);
            Current {
                info,
                source: Some(source),
            }
        }
        (TileSourceKind::Custom, None) if stored.custom.is_none() => {
            return Err(tiles_error(
                "Enter the URL of a tile server (XYZ or TileJSON).",
            ));
        }
        (kind, _) => {
            let setting = TileSourceSetting {
                kind,
                custom: stored.custom,
            };
            ctx.settings.set_tile_source(setting.clone())?;
            from_setting(ctx, &setting).await
        }
    };
    let info = current.info.clone();
    ctx.tiles.replace_current(current);
    Ok(info)
}

fn stored_setting(ctx: TilesCtx<'_>) -> TileSourceSetting {
    let settings = ctx.settings.get();
    if let Some(setting) = settings.tile_source {
        return setting;
    }
    // The older `tileUrl` setting: a keyless custom XYZ source, until a source is chosen.
    let legacy = settings.tile_url.as_deref().and_then(|url| {
        let source = TileSource::new(SourceSpec::xyz(CUSTOM_ID, "", url)).ok()?;
        Some(custom_setting(url, false, &source))
    });
    TileSourceSetting {
        kind: match legacy {
            Some(_) => TileSourceKind::Custom,
            None => TileSourceKind::Osm,
        },
        custom: legacy,
    }
}

/// The source from the settings, with the custom source's key from the keyring.
pub(super) async fn resolve(ctx: TilesCtx<'_>) -> Current {
    from_setting(ctx, &stored_setting(ctx)).await
}

async fn from_setting(ctx: TilesCtx<'_>, setting: &TileSourceSetting) -> Current {
    let custom = setting.custom.clone();
    let built_in = |kind, source: TileSource| Current {
        info: info(kind, &source, custom.clone(), None),
        source: Some(source),
    };
    let c = match (setting.kind, &setting.custom) {
        (TileSourceKind::OpenTopoMap, _) => {
            return built_in(TileSourceKind::OpenTopoMap, TileSource::opentopomap());
        }
        (TileSourceKind::Custom, Some(c)) => c,
        _ => return built_in(TileSourceKind::Osm, TileSource::openstreetmap()),
    };
    let key = if c.keyed { load_key(ctx).await } else { None };
    // The map stays chosen and says why it is empty; a stand-in key gives its id and
    // attribution only: no request is ever made with it.
    let stand_in = ApiKey::new("unavailable").map(|k| custom_source(c, Some(k)));
    match (custom_source(c, key), stand_in) {
        (Ok(source), _) => built_in(TileSourceKind::Custom, source),
        (Err(SourceError::KeyMissing { .. }), Some(Ok(stand_in))) => Current {
            info: TileSourceInfo {
                key_note: Some(KEY_UNREADABLE.into()),
                key_missing: true,
                ..info(TileSourceKind::Custom, &stand_in, custom.clone(), None)
            },
            source: None,
        },
        (Err(e), _) => {
            // Only a hand-edited settings file gets here: show OpenStreetMap instead.
            tracing::warn!(error = %e, "the remembered map source is not valid");
            built_in(TileSourceKind::Osm, TileSource::openstreetmap())
        }
    }
}

/// Validates a custom URL with the given, stored or no key. Returns what to remember, the
/// source, and the key its tiles need.
async fn build_custom(
    ctx: TilesCtx<'_>,
    url: &str,
    api_key: Option<trackmate_secret::Secret>,
    stored: &TileSourceSetting,
) -> Result<(CustomTileSource, TileSource, Option<ApiKey>), AppError> {
    // No key field sent: the stored key, unless the URL brings its own.
    let (key, implicit) = match api_key {
        Some(k) => (ApiKey::new(k.expose()), false),
        None if hide_key(url, &[]) == url && stored.custom.as_ref().is_some_and(|c| c.keyed) => {
            (load_key(ctx).await, true)
        }
        None => (None, false),
    };
    let tile_json = !url.contains("{z}");
    let source = if tile_json {
        let cache = ctx.tiles.cache().await.map_err(tiles_error)?;
        let spec = TileJsonSpec {
            id: CUSTOM_ID.into(),
            name: None,
            url: url.into(),
            key: key.clone(),
            tile_size: None,
        };
        cache.fetch_tilejson(spec).await.map_err(|e| match e {
            TileError::Source(SourceError::TileJson(_)) => {
                tiles_error(format!("{}. {TILEJSON_HINT}", capitalize(&e.to_string())))
            }
            e => tiles_error(capitalize(&e.to_string())),
        })?
    } else {
        let spec = SourceSpec {
            key: key.clone(),
            ..SourceSpec::xyz(CUSTOM_ID, "", url)
        };
        match TileSource::new(spec.clone()) {
            // The stored key belonged to the previous URL; this one needs none.
            Err(SourceError::KeyUnused) if implicit => {
                TileSource::new(SourceSpec { key: None, ..spec })
            }
            other => other,
        }
        .map_err(|e| tiles_error(capitalize(&e.to_string())))?
    };
    let tile_key = source.spec().key.clone();
    let secrets: Vec<&str> = [key.as_ref(), tile_key.as_ref()]
        .into_iter()
        .flatten()
        .map(ApiKey::expose)
        .collect();
    let shown = hide_key(url, &secrets);
    Ok((custom_setting(&shown, tile_json, &source), source, tile_key))
}

/// What is remembered of a custom source: no key, only the `{key}` placeholders.
fn custom_setting(url: &str, tile_json: bool, source: &TileSource) -> CustomTileSource {
    let name = match source.name() {
        CUSTOM_ID | "" => host(source).unwrap_or_else(|| CUSTOM_ID.into()),
        name => name.to_owned(),
    };
    CustomTileSource {
        url: url.to_owned(),
        tile_json,
        name,
        tiles: source.urls().to_vec(),
        min_zoom: source.min_zoom(),
        max_zoom: source.max_zoom(),
        tile_size: source.tile_size(),
        tms: source.scheme() == Scheme::Tms,
        attribution: source.attribution().to_owned(),
        keyed: source.has_key(),
    }
}

fn custom_source(c: &CustomTileSource, key: Option<ApiKey>) -> Result<TileSource, SourceError> {
    TileSource::new(SourceSpec {
        id: CUSTOM_ID.into(),
        name: c.name.clone(),
        urls: c.tiles.clone(),
        min_zoom: c.min_zoom,
        max_zoom: c.max_zoom,
        attribution: c.attribution.clone(),
        tile_size: c.tile_size,
        scheme: if c.tms { Scheme::Tms } else { Scheme::Xyz },
        key,
    })
}

fn info(
    kind: TileSourceKind,
    source: &TileSource,
    custom: Option<CustomTileSource>,
    key_note: Option<String>,
) -> TileSourceInfo {
    let attribution = match source.attribution_text().trim() {
        "" => format!("Map tiles: {}", host(source).unwrap_or_default()),
        text => text.to_owned(),
    };
    TileSourceInfo {
        kind,
        id: source.cache_id().to_owned(),
        name: source.name().to_owned(),
        attribution,
        min_zoom: source.min_zoom(),
        max_zoom: source.max_zoom(),
        tile_size: source.tile_size(),
        has_key: custom.as_ref().is_some_and(|c| c.keyed),
        custom,
        key_note,
        key_missing: false,
    }
}

fn host(source: &TileSource) -> Option<String> {
    let url = url::Url::parse(source.urls().first()?).ok()?;
    url.host_str().map(str::to_owned)
}

/// `url` with the values of key parameters and every literal `secrets` replaced by `{key}`.
fn hide_key(url: &str, secrets: &[&str]) -> String {
    let (head, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
    let mut out = match head.split_once('?') {
        Some((base, query)) => {
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, value))
                        if !value.is_empty()
                            && value != "{key}"
                            && KEY_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) =>
                    {
                        format!("{name}={{key}}")
                    }
                    _ => pair.to_owned(),
                })
                .collect();
            format!("{base}?{}{fragment}", pairs.join("&"))
        }
        None => url.to_owned(),
    };
    // Short "keys" would match unrelated parts of the URL (trackmate-tiles skips them too).
    for secret in secrets.iter().filter(|s| s.len() >= 6) {
        out = out.replace(secret, "{key}");
    }
    out
}

/// The custom source's key: the keyring's, or the one kept for this run.
async fn load_key(ctx: TilesCtx<'_>) -> Option<ApiKey> {
    let session = lock(&ctx.tiles.session_key).clone();
    if session.is_some() {
        return session;
    }
    match secrets(ctx.secrets, |s| s.load(KEY_ENTRY)).await {
        Ok(key) => key.and_then(ApiKey::new),
        Err(e) => {
            tracing::info!(error = %e, "could not read the map's API key");
            None
        }
    }
}

/// Keeps `key` in the keyring (or removes the old one). Returns a note when the keyring could
/// not keep it: it is then used until the app closes.
async fn store_key(ctx: TilesCtx<'_>, key: Option<ApiKey>) -> Option<String> {
    *lock(&ctx.tiles.session_key) = None;
    let Some(key) = key else {
        if let Err(e) = secrets(ctx.secrets, |s| s.delete(KEY_ENTRY)).await {
            tracing::info!(error = %e, "could not remove the map's API key");
        }
        return None;
    };
    let secret = key.expose().to_owned();
    match secrets(ctx.secrets, move |s| s.save(KEY_ENTRY, &secret)).await {
        Ok(()) => None,
        Err(e) => {
            *lock(&ctx.tiles.session_key) = Some(key);
            Some(match e {
                KeyError::Unavailable(_) => "The OS keyring is not available: the API key is kept only until the app closes.".into(),
                e => format!("The API key could not be stored in the OS keyring ({e}); it is kept only until the app closes."),
            })
        }
    }
}

/// Runs `f` on the secret store off the async workers: the Secret Service is called
/// synchronously over D-Bus, and a locked keyring may wait for the user to unlock it.
async fn secrets<T: Send + 'static>(
    store: &Arc<dyn SecretStore>,
    f: impl FnOnce(&dyn SecretStore) -> T + Send + 'static,
) -> T {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

fn tiles_error(message: impl Into<String>) -> AppError {
    AppError::new(AppErrorKind::Tiles, message)
}

#[cfg(test)]
mod tests {
    use super::hide_key;

    #[test]
    fn shown_urls_hide_keys_in_parameters_and_paths() {
        assert_eq!(
            hide_key("https://h/t.json?KEY=abc&x=1#f", &[]),
            "https://h/t.json?KEY={key}&x=1#f"
        );
        assert_eq!(
            hide_key("https://h/s3cret/{z}/{x}/{y}", &["s3cret"]),
            "https://h/{key}/{z}/{x}/{y}"
        );
        assert_eq!(
            hide_key("https://h/{z}?key={key}", &[]),
            "https://h/{z}?key={key}"
        );
    }
}
