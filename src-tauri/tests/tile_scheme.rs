//! What the `tiles://` scheme answers (`service::tiles::serve`) against a local axum tile
//! server: network, then cache, then a stale copy or "offline"; refused, rate limited, not an
//! image, no such tile; another source's id, bad paths and methods; no cache folder; a cache
//! folder that cannot be used (tiles still served, the status says why). Also the cache's index
//! reaching the disk on flush.

#[path = "tile_server/mod.rs"]
mod tile_server;

use std::path::Path;

use serde_json::json;
use tauri::async_runtime::block_on;
use tile_server::{TileServer, png, state_in, tile};
use trackmate_app::dto::TileStatus;
use trackmate_app::service::tiles::{self, TileReply};
use trackmate_app::{AppState, SettingsStore};
use trackmate_keystore::MemoryStore;

fn custom(url: &str) -> serde_json::Value {
    json!({"kind": "custom", "url": url, "apiKey": null})
}

/// A state with the test server as its (keyless) custom source; returns the source id.
fn served(dir: &Path, server: &TileServer) -> (AppState, String) {
    let state = state_in(dir, Box::new(MemoryStore::new()));
    let request = serde_json::from_value(custom(&server.template())).unwrap();
    let info = block_on(tiles::set_source(state.tiles_ctx(), request)).unwrap();
    (state, info.id)
}

fn get(state: &AppState, path: &str) -> TileReply {
    block_on(tiles::serve(state.tiles_ctx(), "GET", path))
}

#[test]
fn serve_answers_from_the_network_then_the_cache_then_stale_or_offline() {
    let mut server = TileServer::start();
    // Tile 1/0/0 expires at once (so it is revalidated), the others stay fresh.
    server.respond(|uri| {
        let (status, mut headers, body) = tile(uri);
        if uri == "/1/0/0.png" {
            headers[1].1 = "max-age=0".into();
        }
        (status, headers, body)
    });
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = served(dir.path(), &server);

    let first = get(&state, &format!("/{id}/1/1/1"));
    assert_eq!(first.status, 200);
    assert_eq!(first.header("Content-Type"), Some("image/png"));
    assert_eq!(first.header("X-Tile-Origin"), Some("network"));
    assert_eq!(first.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(first.body, png("/1/1/1.png"));
    // The LRU order reaches the disk on flush (the app calls it on exit).
    state.tiles().flush();
    assert!(dir.path().join("tiles/index").is_file());
    let hit = get(&state, &format!("/{id}/1/1/1"));
    assert_eq!(hit.header("X-Tile-Origin"), Some("cache"));
    assert_eq!(hit.body, first.body);
    assert_eq!(server.requests().len(), 1);
    get(&state, &format!("/{id}/1/0/0"));

    server.stop();
    let stale = get(&state, &format!("/{id}/1/0/0"));
    assert_eq!(stale.status, 200);
    assert_eq!(stale.header("X-Tile-Origin"), Some("stale"));
    assert_eq!(stale.header("X-Tile-Stale-Cause"), Some("offline"));
    let status: TileStatus = block_on(tiles::status(state.tiles_ctx()));
    let problem = status.problem.expect("a stale tile is a problem");
    assert_eq!((problem.kind.as_str(), problem.stale), ("offline", true));
    assert_eq!((status.cached_tiles, status.max_bytes), (2, 1 << 20));

    let offline = get(&state, &format!("/{id}/1/0/1"));
    assert_eq!(offline.status, 503);
    assert_eq!(offline.header("X-Tile-Error"), Some("offline"));
    let text = String::from_utf8(offline.body).unwrap();
    assert!(text.contains("not in the offline cache"), "{text}");
    let status: TileStatus = block_on(tiles::status(state.tiles_ctx()));
    assert_eq!(status.source_id, id);
    let problem = status.problem.unwrap();
    assert_eq!(
        (problem.kind.as_str(), problem.status, problem.stale),
        ("offline", 503, false)
    );
}

#[test]
fn serve_says_why_a_server_refuses() {
    let server = TileServer::start();
    server.respond(|uri| match uri {
        "/1/0/0.png" => (403, vec![], b"blocked".to_vec()),
        "/1/0/1.png" => (429, vec![("retry-after", "120".into())], vec![]),
        "/1/1/0.png" => (
            200,
            vec![("content-type", "image/png".into())],
            b"<html>".to_vec(),
        ),
        "/1/1/1.png" => (404, vec![], vec![]),
        _ => tile(uri),
    });
    let dir = tempfile::tempdir().unwrap();
    let (state, id) = served(dir.path(), &server);
    let cases = [
        ("1/0/0", 403, "forbidden", "refused"),
        ("1/1/0", 502, "bad_reply", "instead of an image"),
        ("1/1/1", 404, "not_found", "no such tile"),
        // Last: after a 429 the host is paused, so every tile is rate limited for a while.
        ("1/0/1", 429, "rate_limited", "limiting requests"),
    ];
    for (tile, status, kind, text) in cases {
        let reply = get(&state, &format!("/{id}/{tile}"));
        let body = String::from_utf8_lossy(&reply.body).into_owned();
        assert_eq!(reply.status, status, "{tile}: {body}");
        assert_eq!(reply.header("X-Tile-Error"), Some(kind), "{tile}");
        assert!(body.contains(text), "{tile}: {body}");
    }
    let retry = get(&state, &format!("/{id}/1/0/1"));
    let secs: u64 = retry.header("Retry-After").unwrap().parse().unwrap();
    assert!((100..=120).contains(&secs), "{secs}");
    // A 404 is not the map's problem: the status keeps the one before.
    let problem = block_on(tiles::status(state.tiles_ctx())).problem.unwrap();
    assert_eq!(problem.kind, "rate_limited");

    // Another source's tiles (one shown before a switch), bad paths and methods.
    assert_eq!(get(&state, "/osm-0123/1/0/0").status, 404);
    assert_eq!(get(&state, &format!("/{id}/1/0")).status, 400);
    assert_eq!(
        block_on(tiles::serve(
            state.tiles_ctx(),
            "POST",
            &format!("/{id}/1/0/0")
        ))
        .status,
        405
    );
    assert_eq!(get(&state, &format!("/{id}/25/0/0")).status, 404);
}

#[test]
fn without_a_cache_folder_tiles_fail_with_a_reason() {
    let server = TileServer::start();
    let state = AppState::new(Box::new(MemoryStore::new()), SettingsStore::in_memory());
    let request = serde_json::from_value(custom(&server.template())).unwrap();
    let info = block_on(tiles::set_source(state.tiles_ctx(), request)).unwrap();
    let reply = get(&state, &format!("/{}/0/0/0", info.id));
    assert_eq!(
        (reply.status, reply.header("X-Tile-Error")),
        (500, Some("error"))
    );
    let status = block_on(tiles::status(state.tiles_ctx()));
    assert!(status.cache_error.unwrap().contains("no folder"));
}

#[test]
fn a_cache_folder_that_cannot_be_used_still_serves_tiles_and_says_why() {
    let server = TileServer::start();
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the cache folder should be (root ignores permissions).
    std::fs::write(dir.path().join("tiles"), b"not a folder").unwrap();
    let (state, id) = served(dir.path(), &server);
    let first = get(&state, &format!("/{id}/1/1/1"));
    assert_eq!(first.status, 200);
    assert_eq!(first.header("X-Tile-Origin"), Some("network"));
    assert_eq!(first.body, png("/1/1/1.png"));
    let again = get(&state, &format!("/{id}/1/1/1"));
    assert_eq!(
        again.header("X-Tile-Origin"),
        Some("cache"),
        "kept in memory"
    );
    assert_eq!(server.requests().len(), 1);
    state.tiles().flush();

    let status: TileStatus = block_on(tiles::status(state.tiles_ctx()));
    let why = status.cache_error.expect("the map's notice needs a reason");
    assert!(why.contains("cannot be used"), "{why}");
    assert!(
        status.problem.is_none(),
        "tiles do not fail: {:?}",
        status.problem
    );
    assert_eq!(status.cached_tiles, 1);
}
