//! Both shapes of each case the API digest lists under "Doc inconsistencies" decode the same way.

use serde::de::DeserializeOwned;
use trackmate_api::*;

fn dec<T: DeserializeOwned>(json: &str) -> T {
    decode_reply::<T>(
        200,
        "application/json",
        json.as_bytes(),
        "Europe/Berlin".parse().unwrap(),
    )
    .unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn gps_position_nested_or_flat() {
    let nested: TrackerState = dec(r#"{"gps":{"location":{"lat":1.5,"lng":2.5},"speed":3}}"#);
    let flat: TrackerState = dec(r#"{"gps":{"lat":1.5,"lng":2.5,"speed":3}}"#);
    assert_eq!(nested.gps.location, Some(LatLng { lat: 1.5, lng: 2.5 }));
    assert_eq!(nested, flat);
    let none: TrackerState = dec(r#"{"gps":{"lat":null}}"#);
    assert_eq!(none.gps.location, None);
}

#[test]
fn device_id_and_phone_as_string_or_number() {
    let a: Tracker = dec(r#"{"id":1,"source":{"device_id":9999999988888,"phone":71234567890}}"#);
    let b: Tracker =
        dec(r#"{"id":1,"source":{"device_id":"9999999988888","phone":"71234567890"}}"#);
    assert_eq!(a.source.device_id, b.source.device_id);
    assert_eq!(a.source.phone, b.source.phone);
}

#[test]
fn tag_bindings_as_objects_or_ids() {
    let a: Tracker = dec(r#"{"id":1,"tag_bindings":[{"tag_id":7,"ordinal":1}]}"#);
    let b: Tracker = dec(r#"{"id":1,"tag_bindings":[7]}"#);
    assert_eq!(a.tag_bindings[0].tag_id, b.tag_bindings[0].tag_id);
}

#[test]
fn dates_with_or_without_time_and_explicit_nulls() {
    let a: Tracker = dec(
        r#"{"id":1,"source":{"creation_date":"2011-09-21","tariff_end_date":null,"status_listing_id":null}}"#,
    );
    let b: Tracker = dec(r#"{"id":1,"source":{"creation_date":"2011-09-21 10:00:00"}}"#);
    assert_eq!(a.source.creation_date, b.source.creation_date);
    assert_eq!(a.source.tariff_end_date, None);
}

#[test]
fn naive_and_iso_times_mean_the_same_instant() {
    let naive: LastGpsPoint = dec(r#"{"get_time":"2024-07-01 10:00:00","lat":1,"lng":2}"#);
    let iso: LastGpsPoint = dec(r#"{"get_time":"2024-07-01T08:00:00Z","lat":1,"lng":2}"#);
    let offset: LastGpsPoint = dec(r#"{"get_time":"2024-07-01T13:00:00+05:00","lat":1,"lng":2}"#);
    assert_eq!(naive.get_time, iso.get_time);
    assert_eq!(iso.get_time, offset.get_time);
}

#[test]
fn unknown_kinds_and_keys_do_not_fail_a_list() {
    let l: TrackList = dec(
        r#"{"list":[{"type":"teleport","id":1},{"type":"regular","id":2,"start_date":"2024-07-01 10:00:00","new_key":{"x":1}}]}"#,
    );
    // The unknown kind is left out and counted; the known item after it is kept.
    assert_eq!(l.list.len(), 1);
    assert_eq!(l.list[0].id(), Some(2));
    assert_eq!(l.left_out.count(Item::Trip, Reason::UnknownKind), 1);
    assert_eq!(l.left_out.total(), 1);
    let s: TrackerState = dec(r#"{"connection_status":"quantum","movement_status":"hovering"}"#);
    assert_eq!(s.connection_status, Some(ConnectionStatus::Unknown));
    assert_eq!(s.movement_status, Some(MovementStatus::Unknown));
}
