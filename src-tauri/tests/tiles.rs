//! Map sources through the real IPC path on the mock runtime: the default, built-ins, custom XYZ
//! and TileJSON, validation errors, the API key in the keyring and never in the settings file, a
//! missing or unavailable keyring, and the older `tileUrl` setting. A local axum tile server
//! (`tile_server/`) stands in for the internet.

mod common;
#[path = "tile_server/mod.rs"]
mod tile_server;

use std::sync::Arc;

use common::app_with_state;
use serde_json::{Value, json};
use tauri::async_runtime::block_on;
use tile_server::{NoKeyring, TileServer, settings_file, state_in, tile};
use trackmate_app::AppState;
use trackmate_app::dto::{TileSourceInfo, TileSourceKind};
use trackmate_app::service::tiles::{self, KEY_ENTRY, TileReply};
use trackmate_keystore::{MemoryStore, SecretStore};

const KEY: &str = "s3cret-key-4711";

fn set(t: &common::TestApp, source: Value) -> Result<TileSourceInfo, Value> {
    t.invoke("set_tile_source", json!({ "source": source }))
}

fn custom(url: &str, key: Option<&str>) -> Value {
    json!({"kind": "custom", "url": url, "apiKey": key})
}

#[test]
fn the_default_is_openstreetmap_and_built_ins_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let t = app_with_state(state_in(dir.path(), Box::new(MemoryStore::new())));
    let info: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert_eq!(info.kind, TileSourceKind::Osm);
    assert!(info.id.starts_with("osm-"), "{}", info.id);
    assert_eq!(info.attribution, "© OpenStreetMap contributors");
    assert_eq!((info.min_zoom, info.max_zoom, info.tile_size), (0, 19, 256));

    let topo = set(
        &t,
        json!({"kind": "openTopoMap", "url": null, "apiKey": null}),
    )
    .unwrap();
    assert_eq!(topo.kind, TileSourceKind::OpenTopoMap);
    assert_ne!(topo.id, info.id);
    assert!(topo.attribution.contains("© OpenStreetMap contributors"));
    assert!(topo.attribution.contains("OpenTopoMap"));
    let again: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert_eq!(again, topo);
    let settings: Value = t.invoke("get_settings", json!({})).unwrap();
    assert_eq!(settings["tileSource"]["kind"], "openTopoMap", "{settings}");

    // A new run over the same settings file shows the same map.
    drop(t);
    let t = app_with_state(state_in(dir.path(), Box::new(MemoryStore::new())));
    let restored: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert_eq!(restored.id, topo.id);
    // `set_settings` with an older copy of the settings keeps the chosen source.
    let old = json!({"language": "ru", "tileUrl": null, "units": null});
    let _: Value = t
        .invoke("set_settings", json!({ "settings": old }))
        .unwrap();
    let settings: Value = t.invoke("get_settings", json!({})).unwrap();
    assert_eq!(settings["tileSource"]["kind"], "openTopoMap", "{settings}");
    assert_eq!(settings["language"], "ru");
}

#[test]
fn invalid_custom_sources_fail_with_the_tiles_message() {
    let dir = tempfile::tempdir().unwrap();
    let t = app_with_state(state_in(dir.path(), Box::new(MemoryStore::new())));
    let cases = [
        (
            custom("ftp://h/{z}/{x}/{y}.png", None),
            "only http and https",
        ),
        (
            custom("https://h/{z}/{x}.png", None),
            "has no {y} placeholder",
        ),
        (
            custom("https://h/{z}/{x}/{y}/{q}.png", None),
            "unknown placeholder {q}",
        ),
        (
            custom("https://h/{z}/{x}/{y}.png?key={key}", None),
            "needs an API key",
        ),
        (
            custom("https://h/{z}/{x}/{y}.png", Some(KEY)),
            "would never be sent",
        ),
        (
            json!({"kind": "custom", "url": null, "apiKey": null}),
            "Enter the URL",
        ),
    ];
    for (request, expected) in cases {
        let err = set(&t, request.clone()).unwrap_err();
        assert_eq!(err["kind"], "tiles", "{request}: {err}");
        let message = err["message"].as_str().unwrap();
        assert!(message.contains(expected), "{request}: {message}");
        assert!(message.starts_with(char::is_uppercase), "{message}");
        assert!(!message.contains(KEY), "{message}");
    }
    // Nothing was remembered.
    let info: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert_eq!(info.kind, TileSourceKind::Osm);
    assert!(!settings_file(dir.path()).contains("custom"));
}

#[test]
fn the_api_key_goes_to_the_keyring_and_never_to_the_settings_file() {
    let server = TileServer::start();
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let t = app_with_state(state_in(dir.path(), Box::new(Arc::clone(&store))));
    // The key pasted inside the URL, as services show it.
    let url = format!("{}?api_key={KEY}", server.template());
    let info = set(&t, custom(&url, None)).unwrap();
    assert_eq!(info.kind, TileSourceKind::Custom);
    assert!(info.id.starts_with("custom-"), "{}", info.id);
    assert!(info.has_key && !info.key_missing && info.key_note.is_none());
    assert_eq!(store.load(KEY_ENTRY).unwrap().as_deref(), Some(KEY));
    let custom_source = info.custom.clone().unwrap();
    assert_eq!(
        custom_source.url,
        format!("{}?api_key={{key}}", server.template())
    );
    assert_eq!(custom_source.attribution, "");
    assert_eq!(info.attribution, format!("Map tiles: {}", server.addr.ip()));
    let file = settings_file(dir.path());
    assert!(file.contains("api_key={key}"), "{file}");
    assert!(!file.contains(KEY), "{file}");
    let get: Value = t.invoke("get_tile_source", json!({})).unwrap();
    assert!(!get.to_string().contains(KEY));
    let settings: Value = t.invoke("get_settings", json!({})).unwrap();
    assert!(!settings.to_string().contains(KEY));

    // The key reaches the tile server, and only there.
    let reply = block_on(serve_in(&t, &format!("/{}/1/0/0", info.id)));
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(server.requests()[0].ends_with(&format!("?api_key={KEY}")));

    // Choosing the same URL again without a key field keeps the stored key.
    let shown = custom_source.url.clone();
    assert_eq!(set(&t, custom(&shown, None)).unwrap().id, info.id);
    // A new run: the key comes back from the keyring.
    drop(t);
    let t = app_with_state(state_in(dir.path(), Box::new(Arc::clone(&store))));
    let restored: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert_eq!(
        (restored.id.as_str(), restored.key_missing),
        (info.id.as_str(), false)
    );
    // Without it (another keyring), the map says so instead of failing quietly.
    drop(t);
    let t = app_with_state(state_in(dir.path(), Box::new(MemoryStore::new())));
    let missing: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert!(missing.key_missing, "{missing:?}");
    assert!(missing.key_note.unwrap().contains("enter it again"));
    assert_eq!(missing.id, info.id);
    assert_eq!(missing.attribution, info.attribution);
    let reply = block_on(serve_in(&t, &format!("/{}/1/0/0", missing.id)));
    assert_eq!(
        (reply.status, reply.header("X-Tile-Error")),
        (401, Some("key_missing"))
    );

    // Switching to OpenStreetMap and back keeps the custom source; a keyless URL drops the key.
    drop(t);
    let t = app_with_state(state_in(dir.path(), Box::new(Arc::clone(&store))));
    set(&t, json!({"kind": "osm", "url": null, "apiKey": null})).unwrap();
    let back = set(&t, json!({"kind": "custom", "url": null, "apiKey": null})).unwrap();
    assert_eq!(back.id, info.id);
    let keyless = set(&t, custom(&server.template(), None)).unwrap();
    assert!(!keyless.has_key);
    assert_eq!(store.load(KEY_ENTRY).unwrap(), None);
}

#[test]
fn without_a_keyring_the_key_is_kept_for_this_run_only() {
    let server = TileServer::start();
    let dir = tempfile::tempdir().unwrap();
    let t = app_with_state(state_in(dir.path(), Box::new(NoKeyring)));
    let url = format!("http://{}/{{key}}/{{z}}/{{x}}/{{y}}.png", server.addr);
    let info = set(&t, custom(&url, Some(KEY))).unwrap();
    assert!(info.key_note.unwrap().contains("only until the app closes"));
    assert!(!settings_file(dir.path()).contains(KEY));
    let reply = block_on(serve_in(&t, &format!("/{}/2/1/1", info.id)));
    assert_eq!(reply.status, 200);
    assert_eq!(server.requests(), [format!("/{KEY}/2/1/1.png")]);
}

#[test]
fn a_tilejson_url_is_fetched_once_and_remembered_without_its_key() {
    let server = TileServer::start();
    let addr = server.addr;
    server.respond(move |uri| {
        if uri.starts_with("/tiles.json") {
            let doc = json!({
                "tilejson": "3.0.0", "name": "Local topo", "minzoom": 2, "maxzoom": 12,
                "attribution": "<a href=\"https://osm.org\">&copy; OpenStreetMap contributors</a>",
                "tiles": [format!("http://{addr}/t/{{z}}/{{x}}/{{y}}.png?key={KEY}")],
            });
            (
                200,
                vec![("content-type", "application/json".into())],
                doc.to_string().into(),
            )
        } else if uri == "/broken.json" {
            (
                200,
                vec![("content-type", "application/json".into())],
                b"<html>".to_vec(),
            )
        } else {
            tile(uri)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let t = app_with_state(state_in(dir.path(), Box::new(Arc::clone(&store))));
    let err = set(&t, custom(&format!("http://{addr}/broken.json"), None)).unwrap_err();
    assert_eq!(err["kind"], "tiles");
    assert!(
        err["message"].as_str().unwrap().contains("TileJSON"),
        "{err}"
    );

    let info = set(
        &t,
        custom(&format!("http://{addr}/tiles.json?key={KEY}"), None),
    )
    .unwrap();
    assert_eq!(info.name, "Local topo");
    assert_eq!((info.min_zoom, info.max_zoom), (2, 12));
    assert_eq!(info.attribution, "© OpenStreetMap contributors");
    let c = info.custom.as_ref().unwrap();
    assert!(c.tile_json && c.keyed);
    assert_eq!(c.url, format!("http://{addr}/tiles.json?key={{key}}"));
    assert_eq!(store.load(KEY_ENTRY).unwrap().as_deref(), Some(KEY));
    assert!(!settings_file(dir.path()).contains(KEY));
    let reply = block_on(serve_in(&t, &format!("/{}/3/1/2", info.id)));
    assert_eq!(reply.status, 200);
    assert_eq!(
        server.requests().last().unwrap(),
        &format!("/t/3/1/2.png?key={KEY}")
    );
    // Below the document's minzoom there is nothing to show: 404, which the map ignores.
    let reply = block_on(serve_in(&t, &format!("/{}/1/0/0", info.id)));
    assert_eq!(reply.status, 404);
}

#[test]
fn the_older_tile_url_setting_is_a_custom_source_until_one_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let t = app_with_state(state_in(dir.path(), Box::new(MemoryStore::new())));
    let url = "https://tiles.example.org/{z}/{x}/{y}.png";
    let settings = json!({"language": null, "tileUrl": url, "units": null});
    let _: Value = t
        .invoke("set_settings", json!({ "settings": settings }))
        .unwrap();
    let info: TileSourceInfo = t.invoke("get_tile_source", json!({})).unwrap();
    assert_eq!(info.kind, TileSourceKind::Custom);
    assert_eq!(info.custom.unwrap().url, url);
    assert_eq!(info.attribution, "Map tiles: tiles.example.org");
}

/// `serve` on the test app's state.
async fn serve_in(t: &common::TestApp, path: &str) -> TileReply {
    use tauri::Manager;
    let state = t.app.state::<AppState>();
    tiles::serve(state.tiles_ctx(), "GET", path).await
}
