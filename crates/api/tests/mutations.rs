//! Generative check of "records, not replies": every field of every vendor example is deleted,
//! set to null and given another type, one at a time, and decoded as its reply model through
//! `decode_reply`. Only a mutation of the envelope (`success`, `status`) may fail the reply;
//! otherwise the records kept and the counts left out must be exactly what an independent
//! reading of the mutated JSON (below: `expect`) says, and where one scalar field changed they
//! add up to the records of the original.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::Path;
use trackmate_api::*;

#[path = "mutations/reader.rs"]
mod reader;

use reader::{At, Outcome, R, expect};

fn count_trips(list: &[TrackInfo], out: &mut Outcome) {
    out.keep(Item::Trip, list.len());
    for t in list {
        out.keep(Item::Point, t.points_list().len());
        if let TrackInfo::Cluster(c) = t {
            out.keep(Item::Point, c.points.len());
        }
    }
}

fn zones<'a>(z: impl Iterator<Item = &'a Zone>, out: &mut Outcome) {
    for z in z {
        out.keep(Item::Zone, 1);
        out.keep(Item::Point, z.points.len());
    }
}

fn done(out: &mut Outcome, left: &LeftOut) {
    out.left = left.iter().collect();
}

type Decoded = std::result::Result<Outcome, Error>;

fn dec<T: DeserializeOwned>(body: &[u8]) -> std::result::Result<T, Error> {
    decode_reply::<T>(
        200,
        "application/json",
        body,
        "America/New_York".parse().unwrap(),
    )
}

/// Decodes `body` as the reply model of its fixture and counts what it kept.
type Decoder = fn(&[u8]) -> Decoded;

fn list_of<T>(body: &[u8], item: Item) -> Decoded
where
    RecordList<T>: DeserializeOwned,
{
    let l: RecordList<T> = dec(body)?;
    let mut o = Outcome::default();
    o.keep(item, l.list.len());
    done(&mut o, &l.left_out);
    Ok(o)
}

fn value_of<T>(body: &[u8], item: Item) -> Decoded
where
    RecordValue<T>: DeserializeOwned,
{
    let v: RecordValue<T> = dec(body)?;
    let mut o = Outcome::default();
    o.keep(item, usize::from(v.value.is_some()));
    done(&mut o, &v.left_out);
    Ok(o)
}

fn no_records<T: DeserializeOwned>(body: &[u8]) -> Decoded {
    dec::<T>(body).map(|_| Outcome::default())
}

#[derive(Deserialize)]
struct WsState {
    #[serde(default)]
    #[allow(dead_code)]
    data: Option<TrackerState>,
}

/// How a fixture is decoded: its body (some are adapted to a reply), the decoder, and where its
/// records are.
type Spec = (Value, Decoder, Vec<(At, R)>);

fn spec(name: &str, raw: Value) -> Option<Spec> {
    let wrap = |v: Value| serde_json::json!({ "success": true, "value": v });
    let list_of_data = |v: Value| serde_json::json!({ "success": true, "list": v["data"].clone() });
    let s: Spec = match name {
        "user_auth.json"
        | "user_auth_2fa.json"
        | "user_auth_minimal.json"
        | "user_auth_code_verify.json" => (raw, no_records::<AuthReply>, vec![]),
        "user_get_info.json" => (raw, no_records::<UserGetInfo>, vec![]),
        "user_settings_read.json" => (raw, no_records::<SettingsReply>, vec![]),
        "dealer_get_ui_config.json" => (raw, no_records::<UiConfig>, vec![]),
        "datetime_iso_offset_example.json" | "datetime_iso_utc_example.json" => {
            (raw, no_records::<TrackerStates>, vec![])
        }
        "tracker_list.json" | "tracker_list_guide.json" => (
            raw,
            |b| list_of::<Tracker>(b, Item::Object),
            vec![(At::List("list"), R::Object)],
        ),
        "tracker_read.json" => (
            raw,
            |b| value_of::<Tracker>(b, Item::Object),
            vec![(At::Value("value"), R::Object)],
        ),
        "tracker_group_list.json" => (
            raw,
            |b| list_of::<TrackerGroup>(b, Item::Group),
            vec![(At::List("list"), R::Group)],
        ),
        "tracker_get_state.json" => (raw, no_records::<StateReply>, vec![]),
        "ws_event_state.json" => (raw, no_records::<WsState>, vec![]),
        "ws_compact_source_state.json" => (raw, no_records::<TrackerState>, vec![]),
        "ws_event_state_batch.json" => (
            list_of_data(raw),
            |b| list_of::<TrackerState>(b, Item::State),
            vec![(At::List("list"), R::State)],
        ),
        "tracker_get_states.json" => (
            raw,
            |b| {
                let s: TrackerStates = dec(b)?;
                let mut o = Outcome::default();
                o.keep(Item::State, s.states.len());
                done(&mut o, &s.left_out);
                Ok(o)
            },
            vec![(At::MapValues("states"), R::State)],
        ),
        "tracker_get_last_gps_point.json" => (
            raw,
            |b| value_of::<LastGpsPoint>(b, Item::Point),
            vec![(At::Value("value"), R::Point)],
        ),
        "track_list.json" | "track_list_merged.json" => (
            raw,
            |b| {
                let l: TrackList = dec(b)?;
                let mut o = Outcome::default();
                count_trips(&l.list, &mut o);
                done(&mut o, &l.left_out);
                Ok(o)
            },
            vec![(At::List("list"), R::Trip)],
        ),
        "track_read.json" | "track_read_guide.json" | "track_download_limit_exceeded.json" => (
            raw,
            |b| {
                let p: TrackPoints = dec(b)?;
                let mut o = Outcome::default();
                o.keep(Item::Point, p.list.len());
                done(&mut o, &p.left_out);
                Ok(o)
            },
            vec![(At::List("list"), R::Point)],
        ),
        "zone_list.json" => (
            raw,
            |b| {
                let l: ZoneList = dec(b)?;
                let mut o = Outcome::default();
                zones(l.iter(), &mut o);
                done(&mut o, &l.left_out);
                Ok(o)
            },
            vec![(At::List("list"), R::Zone)],
        ),
        "zone_read.json"
        | "zone_object_circle.json"
        | "zone_object_polygon.json"
        | "zone_object_sausage.json" => (
            if name == "zone_read.json" {
                raw
            } else {
                wrap(raw)
            },
            |b| {
                let v: RecordValue<Zone> = dec(b)?;
                let mut o = Outcome::default();
                zones(v.value.iter(), &mut o);
                done(&mut o, &v.left_out);
                Ok(o)
            },
            vec![(At::Value("value"), R::Zone)],
        ),
        "zone_point_list.json" => (
            raw,
            |b| list_of::<ZonePoint>(b, Item::Point),
            vec![(At::List("list"), R::Pos)],
        ),
        "place_list.json" => (
            raw,
            |b| {
                let l: PlaceList = dec(b)?;
                let mut o = Outcome::default();
                o.keep(Item::Place, l.list.len());
                done(&mut o, &l.left_out);
                Ok(o)
            },
            vec![(At::List("list"), R::Place)],
        ),
        "place_read.json" => (
            raw,
            |b| value_of::<Place>(b, Item::Place),
            vec![(At::Value("value"), R::Place)],
        ),
        "history_tracker_list.json" | "history_user_list.json" => (
            raw,
            |b| {
                let h: HistoryList = dec(b)?;
                let mut o = Outcome::default();
                o.keep(Item::Event, h.list.len());
                done(&mut o, &h.left_out);
                Ok(o)
            },
            vec![(At::List("list"), R::Event)],
        ),
        "history_unread_list.json" => (
            raw,
            |b| list_of::<HistoryEntry>(b, Item::Event),
            vec![(At::List("list"), R::Event)],
        ),
        "history_read.json" => (
            raw,
            |b| value_of::<HistoryEntry>(b, Item::Event),
            vec![(At::Value("value"), R::Event)],
        ),
        "history_type_list.json" => (
            raw,
            |b| list_of::<EventType>(b, Item::EventType),
            vec![(At::List("list"), R::EventType)],
        ),
        "user_logout.json" | "success.json" => (raw, no_records::<serde::de::IgnoredAny>, vec![]),
        // Not modelled by the client (and not fetched by it): still replies that must decode.
        n if !n.starts_with("error_") && n != "ws_error.json" => (raw, no_records::<Value>, vec![]),
        _ => return None,
    };
    Some(s)
}

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn paths(v: &Value, here: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Seg::Key(k.clone()));
                out.push(here.clone());
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Seg::Index(i));
                out.push(here.clone());
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Delete,
    Null,
    Swap,
}

fn swapped(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or_else(|| Value::from(1)),
        Value::Bool(b) => serde_json::json!({ "x": b }),
        Value::Null => serde_json::json!({ "x": 1 }),
        Value::Object(_) | Value::Array(_) => Value::from(7),
    }
}

/// The mutated document, and the original value at the path.
fn mutate(root: &Value, path: &[Seg], op: Op) -> (Value, Value) {
    let mut doc = root.clone();
    let (last, parent_path) = path.split_last().expect("a path below the root");
    let mut parent = &mut doc;
    for s in parent_path {
        parent = match s {
            Seg::Key(k) => &mut parent[k.as_str()],
            Seg::Index(i) => &mut parent[*i],
        };
    }
    let old = match last {
        Seg::Key(k) => parent[k.as_str()].clone(),
        Seg::Index(i) => parent[*i].clone(),
    };
    match (op, last, parent) {
        (Op::Delete, Seg::Key(k), Value::Object(m)) => {
            m.remove(k);
        }
        (Op::Delete, Seg::Index(i), Value::Array(a)) => {
            a.remove(*i);
        }
        (Op::Null, Seg::Key(k), p) => p[k.as_str()] = Value::Null,
        (Op::Null, Seg::Index(i), p) => p[*i] = Value::Null,
        (Op::Swap, Seg::Key(k), p) => p[k.as_str()] = swapped(&old),
        (Op::Swap, Seg::Index(i), p) => p[*i] = swapped(&old),
        _ => unreachable!("paths come from the document"),
    }
    (doc, old)
}

#[test]
fn no_field_of_any_example_fails_a_reply_and_every_left_out_record_is_counted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 85);
    let (mut decodes, mut with_left_out, mut fixtures) = (0usize, 0usize, 0usize);
    for name in &names {
        let raw: Value = serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap();
        let Some((doc, decode, roots)) = spec(name, raw) else {
            continue;
        };
        fixtures += 1;
        let original = decode(&serde_json::to_vec(&doc).unwrap())
            .unwrap_or_else(|e| panic!("{name}: the example itself fails: {e}"));
        assert_eq!(original, expect(&roots, &doc), "{name}: the example as is");
        assert!(
            original.left.is_empty(),
            "{name}: the example leaves out records"
        );
        let mut all = Vec::new();
        paths(&doc, &mut Vec::new(), &mut all);
        for path in &all {
            let envelope = matches!(&path[0], Seg::Key(k) if k == "success" || k == "status");
            for op in [Op::Delete, Op::Null, Op::Swap] {
                let (m, old) = mutate(&doc, path, op);
                let body = serde_json::to_vec(&m).unwrap();
                decodes += 1;
                let got = match decode(&body) {
                    Ok(got) => got,
                    Err(_) if envelope => continue,
                    Err(e) => panic!(
                        "{name}: {op:?} {path:?} failed the reply: {e} ({})",
                        e.detail()
                    ),
                };
                let want = expect(&roots, &m);
                assert_eq!(got, want, "{name}: {op:?} {path:?}");
                if !got.left.is_empty() {
                    with_left_out += 1;
                }
                // One scalar changed and no record holding others was dropped: every record of
                // the original is either kept or counted.
                let parent_dropped = got
                    .left
                    .iter()
                    .any(|(i, _, _)| matches!(i, Item::Trip | Item::Zone));
                let element_deleted =
                    matches!((op, path.last()), (Op::Delete, Some(Seg::Index(_))));
                if !old.is_array() && !old.is_object() && !parent_dropped && !element_deleted {
                    for item in [
                        Item::Point,
                        Item::Trip,
                        Item::Object,
                        Item::Group,
                        Item::State,
                        Item::Event,
                        Item::EventType,
                        Item::Zone,
                        Item::Place,
                    ] {
                        let left: u64 = got
                            .left
                            .iter()
                            .filter(|(i, _, _)| *i == item)
                            .map(|(_, _, n)| n)
                            .sum();
                        assert_eq!(
                            got.total(item) + left as usize,
                            original.total(item),
                            "{name}: {op:?} {path:?}: {item:?} do not add up"
                        );
                    }
                }
            }
        }
    }
    eprintln!("{fixtures} fixtures, {decodes} mutated decodes, {with_left_out} left records out");
    assert!(fixtures >= 60, "{fixtures} fixtures mutated");
    assert!(decodes > 3000, "{decodes} decodes");
    assert!(
        with_left_out > 100,
        "only {with_left_out} mutations left anything out"
    );
}
