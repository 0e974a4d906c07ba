//! Tile sources: the built-ins, validation of custom URLs (each refusal with its own error),
//! subdomains and TMS, settings round trip, TileJSON parsing and fetching.

mod common;

use common::{Reply, Server};
use trackmate_tiles::{
    ApiKey, Scheme, SourceError, SourceSpec, TileCache, TileError, TileJson, TileJsonSpec,
    TileSource,
};

fn custom(url: &str) -> Result<TileSource, SourceError> {
    TileSource::new(SourceSpec::xyz("custom", "Custom", url))
}

#[test]
fn builtins_match_the_providers_urls_zooms_and_attributions() {
    let osm = TileSource::openstreetmap();
    assert_eq!((osm.id(), osm.name()), ("osm", "OpenStreetMap"));
    assert_eq!(
        osm.urls(),
        ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    );
    assert_eq!(
        (osm.min_zoom(), osm.max_zoom(), osm.tile_size()),
        (0, 19, 256)
    );
    assert_eq!(osm.attribution(), "© OpenStreetMap contributors");

    let otm = TileSource::opentopomap();
    assert_eq!(
        otm.urls(),
        ["a", "b", "c"].map(|s| format!("https://{s}.tile.opentopomap.org/{{z}}/{{x}}/{{y}}.png"))
    );
    assert_eq!(otm.max_zoom(), 17);
    assert_eq!(
        otm.attribution(),
        "Map data: © OpenStreetMap contributors, SRTM | Map style: © OpenTopoMap (CC-BY-SA)"
    );
    assert_eq!(
        TileSource::builtins()
            .iter()
            .map(TileSource::id)
            .collect::<Vec<_>>(),
        ["osm", "opentopomap"]
    );
}

#[test]
fn custom_urls_are_refused_with_a_specific_error() {
    use SourceError::*;
    type Check = fn(&SourceError) -> bool;
    let cases: Vec<(&str, Check)> = vec![
        ("", |e| matches!(e, EmptyUrl)),
        ("https://h/{z}/{x}.png", |e| {
            matches!(
                e,
                MissingPlaceholder {
                    placeholder: "{y}",
                    ..
                }
            )
        }),
        ("https://h/{x}/{y}.png", |e| {
            matches!(
                e,
                MissingPlaceholder {
                    placeholder: "{z}",
                    ..
                }
            )
        }),
        (
            "https://h/{z}/{x}/{y}{r}.png",
            |e| matches!(e, UnknownPlaceholder { name, .. } if name == "r"),
        ),
        ("https://h/{z}/{x}/{y", |e| matches!(e, InvalidUrl { .. })),
        (
            "ftp://h/{z}/{x}/{y}.png",
            |e| matches!(e, UnsupportedScheme { scheme } if scheme == "ftp"),
        ),
        ("file:///tiles/{z}/{x}/{y}.png", |e| {
            matches!(e, UnsupportedScheme { .. })
        }),
        ("tiles/{z}/{x}/{y}.png", |e| matches!(e, InvalidUrl { .. })),
        ("https://user:pw@h/{z}/{x}/{y}.png", |e| {
            matches!(e, CredentialsInUrl)
        }),
        ("https://h/{z}/{x}/{y}.png?k={key}", |e| {
            matches!(e, KeyMissing { .. })
        }),
    ];
    for (url, expected) in cases {
        let err = custom(url).unwrap_err();
        assert!(expected(&err), "{url:?} gave {err:?}");
        assert!(!err.to_string().is_empty());
    }
    let err = custom("https://h/{z}/{x}.png").unwrap_err().to_string();
    assert!(
        err.contains("{y}") && err.contains("https://h/{z}/{x}.png"),
        "{err}"
    );

    let with = |f: fn(&mut SourceSpec)| {
        let mut spec = SourceSpec::xyz("ok", "", "https://h/{z}/{x}/{y}.png");
        f(&mut spec);
        TileSource::new(spec).unwrap_err()
    };
    assert_eq!(with(|s| s.id = "Bad Id".into()), InvalidId("Bad Id".into()));
    assert_eq!(with(|s| s.urls.clear()), NoUrl);
    assert_eq!(
        with(|s| (s.min_zoom, s.max_zoom) = (5, 4)),
        InvalidZoom { min: 5, max: 4 }
    );
    assert_eq!(with(|s| s.max_zoom = 31), InvalidZoom { min: 0, max: 31 });
    assert_eq!(with(|s| s.tile_size = 300), InvalidTileSize(300));
    assert_eq!(with(|s| s.key = ApiKey::new("abcdefgh")), KeyUnused);
    assert_eq!(
        with(|s| s.urls = vec!["https://{a|b|c|d|e}{a|b|c|d|e}.h/{z}/{x}/{y}.png".into()]),
        TooManyUrls(17)
    );
}

#[test]
fn subdomains_tms_and_leaflet_forms_are_accepted() {
    let s = custom("https://{s}.tiles.example/{z}/{x}/{-y}.png").unwrap();
    assert_eq!(s.urls().len(), 3);
    assert!(s.urls()[2].starts_with("https://c.tiles.example/"));
    let tms = TileSource::new(SourceSpec {
        scheme: Scheme::Tms,
        ..SourceSpec::xyz("tms", "", "http://h:8080/{z}/{x}/{y}.png")
    })
    .unwrap();
    assert_ne!(
        tms.cache_id(),
        custom("http://h:8080/{z}/{x}/{y}.png").unwrap().cache_id()
    );
    assert_eq!(s.name(), "Custom");
}

#[tokio::test]
async fn tms_and_flipped_y_request_the_southern_row() {
    let server = Server::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let tms = TileSource::new(SourceSpec {
        scheme: Scheme::Tms,
        ..SourceSpec::xyz("tms", "", server.template())
    })
    .unwrap();
    cache.get(&tms, 3, 1, 1).await.unwrap();
    assert_eq!(server.last().uri, "/3/1/6.png");
    let flipped = custom(&format!("http://{}/f/{{z}}/{{x}}/{{-y}}.png", server.addr)).unwrap();
    cache.get(&flipped, 3, 1, 0).await.unwrap();
    assert_eq!(server.last().uri, "/f/3/1/7.png");
}

#[test]
fn a_source_round_trips_through_settings_and_is_validated_on_the_way_back() {
    let spec = SourceSpec {
        max_zoom: 18,
        attribution: "<a href=\"https://x\">&copy; X</a> &amp; Y".into(),
        key: ApiKey::new("k3y-0123456"),
        ..SourceSpec::xyz("mine", "Mine", "https://{a|b}.h/{z}/{x}/{y}.png?key={key}")
    };
    let source = TileSource::new(spec).unwrap();
    assert_eq!(source.attribution_text(), "© X & Y");
    let json = serde_json::to_string(&source).unwrap();
    let back: TileSource = serde_json::from_str(&json).unwrap();
    assert_eq!(back, source);
    assert_eq!(back.cache_id(), source.cache_id());
    // A stored spec may omit everything but the id and URL; a broken one does not load.
    let minimal: TileSource =
        serde_json::from_str(r#"{"id":"m","urls":["https://h/{z}/{x}/{y}.png"]}"#).unwrap();
    assert_eq!(
        (minimal.max_zoom(), minimal.tile_size(), minimal.name()),
        (19, 256, "m")
    );
    let err = serde_json::from_str::<TileSource>(r#"{"id":"m","urls":["https://h/{z}.png"]}"#)
        .unwrap_err();
    assert!(err.to_string().contains("{x}"), "{err}");
}

#[test]
fn tilejson_documents_are_parsed_and_checked() {
    let doc = br#"{"tilejson":"3.0.0","name":"Sat","tiles":["https://t.example/{z}/{x}/{y}.jpg"],
        "minzoom":2,"maxzoom":20,"attribution":"&copy; Sat","scheme":"tms","bounds":[-180,-85,180,85]}"#;
    let tj = TileJson::parse(doc).unwrap();
    assert_eq!(tj.tiles, ["https://t.example/{z}/{x}/{y}.jpg"]);
    assert_eq!((tj.minzoom, tj.maxzoom, tj.scheme), (2, 20, Scheme::Tms));
    assert_eq!(
        (tj.name.as_deref(), tj.attribution.as_deref()),
        (Some("Sat"), Some("&copy; Sat"))
    );
    let source = tj.to_source("sat", None, None, Some(512)).unwrap();
    assert_eq!(
        (
            source.name(),
            source.min_zoom(),
            source.max_zoom(),
            source.tile_size()
        ),
        ("Sat", 2, 20, 512)
    );

    let defaults = TileJson::parse(br#"{"tiles":["https://t/{z}/{x}/{y}.png"]}"#).unwrap();
    assert_eq!(
        (defaults.minzoom, defaults.maxzoom, defaults.scheme),
        (0, 30, Scheme::Xyz)
    );

    let bad = |doc: &str| TileJson::parse(doc.as_bytes()).unwrap_err();
    assert!(matches!(bad("{\"tiles\": ["), SourceError::TileJson(m) if m.contains("not JSON")));
    assert!(matches!(bad("[]"), SourceError::TileJson(m) if m.contains("object")));
    assert!(matches!(bad("{}"), SourceError::TileJson(m) if m.contains("tiles")));
    assert!(matches!(bad(r#"{"tiles":[]}"#), SourceError::TileJson(m) if m.contains("empty")));
    assert!(
        matches!(bad(r#"{"tiles":["https://t/{z}/{x}/{y}.png"],"maxzoom":99}"#), SourceError::TileJson(m) if m.contains("maxzoom"))
    );
    assert_eq!(
        bad(r#"{"tiles":["https://t/{z}/{x}/{y}.pbf"]}"#),
        SourceError::VectorTiles
    );
    assert_eq!(
        bad(r#"{"tiles":["https://t/{z}/{x}/{y}"],"vector_layers":[]}"#),
        SourceError::VectorTiles
    );
}

#[tokio::test]
async fn a_keyed_tilejson_is_fetched_once_and_its_tiles_carry_the_key() {
    let server = Server::start().await;
    let addr = server.addr;
    server.respond(move |r| {
        if r.uri.starts_with("/tiles.json") {
            // Like MapTiler: the key is filled into the tile URLs of the document.
            let body = format!(r#"{{"tiles":["http://{addr}/t/{{z}}/{{x}}/{{y}}.png?key=SeCrEt-123"],"maxzoom":14,"name":"Keyed","attribution":"© K"}}"#);
            Reply::status(200).header("content-type", "application/json").body(body)
        } else {
            Reply::tile(&r.uri)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let cache = TileCache::open(dir.path(), 1 << 20).unwrap();
    let spec = TileJsonSpec {
        id: "keyed".into(),
        url: format!("http://{addr}/tiles.json?key=SeCrEt-123"),
        ..Default::default()
    };
    let source = cache.fetch_tilejson(spec).await.unwrap();
    assert_eq!(server.last().uri, "/tiles.json?key=SeCrEt-123");
    assert_eq!(
        server.last().header("accept").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        source.urls(),
        [format!("http://{addr}/t/{{z}}/{{x}}/{{y}}.png?key={{key}}")]
    );
    assert_eq!(
        (source.name(), source.max_zoom(), source.attribution()),
        ("Keyed", 14, "© K")
    );
    assert!(source.has_key());
    cache.get(&source, 3, 2, 1).await.unwrap();
    assert_eq!(server.last().uri, "/t/3/2/1.png?key=SeCrEt-123");

    server.respond(|_| Reply::status(404));
    let spec = TileJsonSpec {
        id: "gone".into(),
        url: format!("http://{addr}/nothing.json"),
        ..Default::default()
    };
    let err = cache.fetch_tilejson(spec).await.unwrap_err();
    assert!(
        matches!(&err, TileError::Source(SourceError::TileJson(m)) if m.contains("no TileJSON")),
        "{err:?}"
    );
    let spec = TileJsonSpec {
        id: "Bad Id".into(),
        url: "https://x/t.json".into(),
        ..Default::default()
    };
    assert!(matches!(
        cache.fetch_tilejson(spec).await,
        Err(TileError::Source(SourceError::InvalidId(_)))
    ));
}
