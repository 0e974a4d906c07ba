//! TileCache against the local tile server: hits and misses, what the requests look like (the
//! OSM policy's User-Agent, no no-cache headers), HTTP caching headers (no-store, ETag and
//! Last-Modified revalidation) and the typed errors of bad answers.

mod common;

use common::{Reply, Server};
use std::time::Duration;
use trackmate_tiles::{CacheOptions, Origin, TileCache, TileError};

fn open(dir: &tempfile::TempDir) -> TileCache {
    TileCache::open(dir.path(), 10 << 20).unwrap()
}

#[tokio::test]
async fn miss_then_hit_without_asking_the_server_again() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");

    let first = cache.get(&source, 3, 4, 2).await.unwrap();
    assert_eq!(first.origin, Origin::Network);
    assert_eq!(first.content_type, "image/png");
    assert_eq!(first.bytes, common::png("/3/4/2.png", 1000));
    assert_eq!(server.last().uri, "/3/4/2.png");

    let second = cache.get(&source, 3, 4, 2).await.unwrap();
    assert_eq!(second.origin, Origin::Cache);
    assert_eq!(second.bytes, first.bytes);
    assert_eq!(
        server.count(),
        1,
        "a fresh cached tile must not reach the server"
    );

    // Another tile is a miss of its own.
    assert_eq!(
        cache.get(&source, 3, 4, 3).await.unwrap().origin,
        Origin::Network
    );
    assert_eq!(server.count(), 2);
    let stats = cache.stats();
    assert_eq!((stats.hits, stats.downloads, stats.entries), (1, 2, 2));
    assert_eq!(
        stats.bytes,
        common::tile_files(dir.path())
            .iter()
            .map(|(_, n)| n)
            .sum::<u64>()
    );
}

#[tokio::test]
async fn requests_identify_the_app_and_never_ask_to_bypass_caches() {
    let server = Server::start().await;
    server.respond(|r| {
        Reply::tile(&r.uri)
            .header("cache-control", "max-age=0")
            .header("etag", "\"v1\"")
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    cache.get(&source, 1, 0, 0).await.unwrap();
    cache.get(&source, 1, 0, 0).await.unwrap(); // a revalidation
    let ua = format!(
        "Trackmate/{} (+https://github.com/trackmate; desktop track viewer)",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(trackmate_tiles::default_user_agent(), ua);
    for r in server.requests() {
        assert_eq!(r.header("user-agent").as_deref(), Some(ua.as_str()));
        assert_eq!(
            r.header("cache-control"),
            None,
            "the OSM policy forbids no-cache headers"
        );
        assert_eq!(r.header("pragma"), None);
        assert!(r.header("accept").unwrap().starts_with("image/"));
    }
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn no_store_is_never_written_to_disk() {
    let server = Server::start().await;
    server.respond(|r| Reply::tile(&r.uri).header("cache-control", "no-store"));
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    for _ in 0..2 {
        assert_eq!(
            cache.get(&source, 2, 1, 1).await.unwrap().origin,
            Origin::Network
        );
    }
    assert_eq!(server.count(), 2);
    assert_eq!(cache.stats().entries, 0);
    assert!(common::tile_files(dir.path()).is_empty());
}

#[tokio::test]
async fn stale_tile_is_revalidated_with_its_etag_and_a_304_serves_the_copy() {
    let server = Server::start().await;
    server.respond(|r| {
        if r.header("if-none-match").as_deref() == Some("\"v1\"") {
            Reply::status(304)
                .header("cache-control", "max-age=0")
                .header("etag", "\"v1\"")
        } else {
            Reply::tile(&r.uri)
                .header("cache-control", "max-age=0")
                .header("etag", "\"v1\"")
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    let first = cache.get(&source, 5, 10, 12).await.unwrap();
    assert_eq!(first.origin, Origin::Network);
    assert_eq!(server.last().header("if-none-match"), None);

    for n in 2..=3 {
        let again = cache.get(&source, 5, 10, 12).await.unwrap();
        assert_eq!(again.origin, Origin::Revalidated);
        assert_eq!(
            again.bytes, first.bytes,
            "a 304 has no body: the cached one is served"
        );
        assert_eq!(again.content_type, "image/png");
        assert_eq!(server.count(), n, "max-age=0: asked every time");
        assert_eq!(
            server.last().header("if-none-match").as_deref(),
            Some("\"v1\"")
        );
    }

    // A 304 that grants a lifetime makes the copy fresh again.
    server.respond(|_| Reply::status(304).header("cache-control", "max-age=600"));
    assert_eq!(
        cache.get(&source, 5, 10, 12).await.unwrap().origin,
        Origin::Revalidated
    );
    assert_eq!(
        cache.get(&source, 5, 10, 12).await.unwrap().origin,
        Origin::Cache
    );
    assert_eq!(server.count(), 4);
    assert_eq!(cache.stats().revalidated, 3);
}

#[tokio::test]
async fn last_modified_is_sent_back_as_if_modified_since_and_a_200_replaces_the_copy() {
    let server = Server::start().await;
    let lm = "Wed, 21 Oct 2015 07:28:00 GMT";
    server.respond(move |r| {
        Reply::tile(&r.uri)
            .without("cache-control")
            .header("expires", "0")
            .header("last-modified", lm)
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    cache.get(&source, 4, 1, 2).await.unwrap();
    // The tile changed on the server: a 200 with a new body.
    server.respond(|r| Reply::tile(&r.uri).body(common::png("new", 900)));
    let updated = cache.get(&source, 4, 1, 2).await.unwrap();
    assert_eq!(
        server.last().header("if-modified-since").as_deref(),
        Some(lm)
    );
    assert_eq!(updated.origin, Origin::Network);
    assert_eq!(updated.bytes, common::png("new", 900));
    let cached = cache.get(&source, 4, 1, 2).await.unwrap();
    assert_eq!((cached.origin, cached.bytes.len()), (Origin::Cache, 900));
}

#[tokio::test]
async fn forbidden_and_not_found_are_typed_with_a_message_for_the_user() {
    let server = Server::start().await;
    server.respond(|r| Reply::status(if r.uri.starts_with("/1/") { 403 } else { 404 }));
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    let err = cache.get(&source, 1, 0, 0).await.unwrap_err();
    assert!(
        matches!(err, TileError::Forbidden { status: 403, .. }),
        "{err:?}"
    );
    assert_eq!(err.kind(), "forbidden");
    let msg = err.to_string();
    assert!(
        msg.contains("refused") && msg.contains("HTTP 403") && msg.contains("API key"),
        "{msg}"
    );

    let err = cache.get(&source, 2, 0, 0).await.unwrap_err();
    assert!(
        matches!(err, TileError::NotFound { status: 404, .. }),
        "{err:?}"
    );
    assert_eq!(cache.stats().failures, 2);
    assert_eq!(cache.stats().entries, 0);
}

#[tokio::test]
async fn a_429_pauses_the_host_for_retry_after() {
    let server = Server::start().await;
    server.respond(|_| Reply::status(429).header("retry-after", "120"));
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    let err = cache.get(&source, 3, 0, 0).await.unwrap_err();
    match &err {
        TileError::RateLimited {
            retry_after_secs, ..
        } => assert_eq!(*retry_after_secs, Some(120)),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("429") && err.to_string().contains("wait 120 s"),
        "{err}"
    );
    // Another tile of the same host is not even asked for during the pause.
    server.respond(|r| Reply::tile(&r.uri));
    let err = cache.get(&source, 3, 1, 1).await.unwrap_err();
    assert!(
        matches!(err, TileError::RateLimited { retry_after_secs: Some(s), .. } if (1..=120).contains(&s)),
        "{err:?}"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_login_page_is_not_an_image_and_is_not_cached() {
    let server = Server::start().await;
    server.respond(|_| {
        Reply::status(200)
            .header("content-type", "text/html")
            .body("<html>Sign in to the Wi-Fi</html>")
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local");
    let err = cache.get(&source, 1, 1, 1).await.unwrap_err();
    assert!(
        matches!(&err, TileError::NotAnImage { content_type, .. } if content_type == "text/html"),
        "{err:?}"
    );
    // A lying content type does not pass either; a PNG with a generic type does, sniffed.
    server.respond(|_| {
        Reply::status(200)
            .header("content-type", "image/png")
            .body("<html>portal</html>")
    });
    assert!(matches!(
        cache.get(&source, 1, 1, 1).await,
        Err(TileError::NotAnImage { .. })
    ));
    server.respond(|_| {
        Reply::status(200)
            .header("content-type", "application/octet-stream")
            .body(common::png("x", 50))
    });
    assert_eq!(
        cache.get(&source, 1, 1, 1).await.unwrap().content_type,
        "image/png"
    );
    assert_eq!(cache.stats().entries, 1);
}

#[tokio::test]
async fn too_large_tiles_are_refused_with_or_without_a_content_length() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let options = CacheOptions {
        max_tile_bytes: 4000,
        ..CacheOptions::new(10 << 20)
    };
    let cache = TileCache::open_with(dir.path(), options).unwrap();
    let source = server.source("local");
    for chunked in [false, true] {
        server.respond(move |r| Reply {
            chunked,
            ..Reply::tile(&r.uri).body(common::png("big", 5000))
        });
        let err = cache.get(&source, 2, 3, 3).await.unwrap_err();
        assert!(
            matches!(err, TileError::TooLarge { limit: 4000, .. }),
            "chunked {chunked}: {err:?}"
        );
    }
    server.respond(|r| Reply {
        chunked: true,
        ..Reply::tile(&r.uri).body(common::png("ok", 3000))
    });
    assert_eq!(cache.get(&source, 2, 3, 3).await.unwrap().bytes.len(), 3000);
}

#[tokio::test]
async fn tiles_outside_the_source_are_refused_without_a_request() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = open(&dir);
    let source = server.source("local"); // zoom 0–19
    for (z, x, y) in [(20, 0, 0), (2, 4, 0), (2, 0, 4), (0, 1, 0)] {
        let err = cache.get(&source, z, x, y).await.unwrap_err();
        assert!(
            matches!(err, TileError::OutOfRange { .. }),
            "{z}/{x}/{y}: {err:?}"
        );
    }
    assert!(cache.get(&source, 2, 3, 3).await.is_ok());
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn slow_servers_time_out_as_offline() {
    let server = Server::start().await;
    server.set_delay(Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let options = CacheOptions {
        timeout: Duration::from_millis(300),
        ..CacheOptions::new(10 << 20)
    };
    let cache = TileCache::open_with(dir.path(), options).unwrap();
    let err = cache
        .get(&server.source("local"), 1, 0, 1)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, TileError::Offline { detail, .. } if detail == "timed out"),
        "{err:?}"
    );
}
