//! `zone/*` and `place/*` against the emulator.

mod common;
use common::*;
use trackmate_api::*;

#[tokio::test]
async fn zones_of_every_kind_with_points() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let zones = c.zones().list(true).await.unwrap();
    for kind in [ZoneKind::Circle, ZoneKind::Polygon, ZoneKind::Sausage] {
        assert!(zones.iter().any(|z| z.kind == kind), "{kind:?}");
    }
    let poly = zones.iter().find(|z| z.kind == ZoneKind::Polygon).unwrap();
    assert!(poly.points.len() >= 3);
    let pts = c.zones().points(poly.id.unwrap()).await.unwrap();
    assert_eq!(pts.len(), poly.points.len());
    let bare = c.zones().list(false).await.unwrap();
    assert!(bare.iter().all(|z| z.points.is_empty()));
    let circle = zones.iter().find(|z| z.kind == ZoneKind::Circle).unwrap();
    assert!(circle.center.is_some() && circle.radius.unwrap() > 0.0);
    let e = c.zones().points(circle.id.unwrap()).await.unwrap_err();
    assert_eq!(e.api_code(), Some(ApiCode::NotSupportedForEntityType));
}

#[tokio::test]
async fn places_are_listed() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let places = c.places().list().await.unwrap();
    assert!(places.len() >= 3);
    assert!(places.iter().all(|p| !p.label.is_empty()));
}
