//! When the network fails (server gone, errors, captive portal) viewed tiles still show, marked
//! stale, and unseen ones fail as Offline; and concurrency: one download per tile however many
//! ask, at most two requests in flight per host.

mod common;

use common::{Reply, Server};
use std::time::Duration;
use trackmate_tiles::{Origin, SourceSpec, TileCache, TileError, TileSource};

#[tokio::test]
async fn offline_serves_viewed_tiles_stale_and_fails_typed_for_unseen_ones() {
    let mut server = Server::start().await;
    // Tile 1/0/0 expires at once, 1/1/1 is fresh for an hour.
    server.respond(|r| {
        let reply = Reply::tile(&r.uri).header("etag", "\"e\"");
        if r.uri == "/1/0/0.png" {
            reply.header("cache-control", "max-age=0")
        } else {
            reply
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let source = server.source("local");
    let viewed = cache.get(&source, 1, 0, 0).await.unwrap();
    cache.get(&source, 1, 1, 1).await.unwrap();
    server.stop().await;

    let stale = cache.get(&source, 1, 0, 0).await.unwrap();
    assert_eq!(stale.origin, Origin::Stale);
    assert_eq!(stale.bytes, viewed.bytes);
    let cause = stale.stale_cause.expect("a stale tile says why");
    assert_eq!(cause.kind(), "offline", "{cause:?}");

    assert_eq!(
        cache.get(&source, 1, 1, 1).await.unwrap().origin,
        Origin::Cache
    );

    let err = cache.get(&source, 1, 0, 1).await.unwrap_err();
    match &err {
        TileError::Offline { host, .. } => assert_eq!(host, &server.addr.to_string()),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("not in the offline cache"),
        "{err}"
    );
    let stats = cache.stats();
    assert_eq!((stats.stale, stats.failures, stats.hits), (1, 1, 1));
}

#[tokio::test]
async fn an_unreachable_port_is_offline() {
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let source = TileSource::new(SourceSpec::xyz(
        "dead",
        "dead",
        common::dead_template().await,
    ))
    .unwrap();
    let err = cache.get(&source, 0, 0, 0).await.unwrap_err();
    assert!(
        matches!(&err, TileError::Offline { detail, .. } if detail.to_lowercase().contains("refused")),
        "{err:?}"
    );
}

#[tokio::test]
async fn server_errors_and_portals_fall_back_to_the_stale_copy() {
    let server = Server::start().await;
    server.respond(|r| Reply::tile(&r.uri).header("cache-control", "max-age=0"));
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let source = server.source("local");
    let viewed = cache.get(&source, 2, 2, 2).await.unwrap();
    let cases: [(Reply, &str); 3] = [
        (Reply::status(503), "http"),
        (
            Reply::status(200)
                .header("content-type", "text/html")
                .body("<html>login</html>"),
            "not_an_image",
        ),
        (
            Reply::status(429).header("retry-after", "1"),
            "rate_limited",
        ),
    ];
    for (reply, kind) in cases {
        server.respond(move |_| reply.clone());
        let tile = cache.get(&source, 2, 2, 2).await.unwrap();
        assert_eq!(
            (tile.origin, tile.bytes.clone()),
            (Origin::Stale, viewed.bytes.clone())
        );
        assert_eq!(tile.stale_cause.unwrap().kind(), kind);
    }
    // The portal's page did not replace the cached tile.
    assert_eq!(cache.stats().entries, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_gets_of_one_tile_download_it_once() {
    let server = Server::start().await;
    server.set_delay(Duration::from_millis(200));
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let source = server.source("local");
    let gets = (0..16).map(|_| {
        let (cache, source) = (cache.clone(), source.clone());
        tokio::spawn(async move { cache.get(&source, 7, 10, 20).await })
    });
    let tiles = futures::future::join_all(gets).await;
    for t in tiles {
        let t = t.unwrap().unwrap();
        assert_eq!(t.bytes, common::png("/7/10/20.png", 1000));
    }
    assert_eq!(server.count(), 1);
    assert_eq!(cache.stats().downloads, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_most_two_requests_in_flight_per_host() {
    let server = Server::start().await;
    server.set_delay(Duration::from_millis(100));
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let source = server.source("local");
    let gets = (0..8u32).map(|x| {
        let (cache, source) = (cache.clone(), source.clone());
        tokio::spawn(async move { cache.get(&source, 4, x, 0).await })
    });
    for r in futures::future::join_all(gets).await {
        assert_eq!(r.unwrap().unwrap().origin, Origin::Network);
    }
    assert_eq!(server.count(), 8);
    assert_eq!(
        server.max_in_flight(),
        2,
        "eight tiles at once, but no more than two per host"
    );
}

#[tokio::test]
async fn an_abandoned_download_does_not_block_the_next_get() {
    let server = Server::start().await;
    server.set_delay(Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let source = server.source("local");
    // The map moved on: the caller stops waiting.
    let abandoned =
        tokio::time::timeout(Duration::from_millis(50), cache.get(&source, 3, 3, 3)).await;
    assert!(abandoned.is_err());
    server.set_delay(Duration::ZERO);
    assert_eq!(
        cache.get(&source, 3, 3, 3).await.unwrap().origin,
        Origin::Network
    );
}
