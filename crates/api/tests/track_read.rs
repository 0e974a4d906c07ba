//! The fast `track/read` reader (`decode_points`) against serde's (`decode_reply::<TrackPoints>`)
//! on the vendor's examples, on replies crafted to reach every place where the fast one hands a
//! point or the whole reply to serde, on every prefix of a reply (cut anywhere), and on
//! thousands of randomly damaged replies: the same points to the bit, the same counts left out,
//! or the same error.

use chrono_tz::Tz;
use rand::{Rng, SeedableRng};
use trackmate_api::{TrackPoint, TrackPoints, decode_points, decode_reply};

const ZONES: [Tz; 3] = [Tz::UTC, Tz::Asia__Almaty, Tz::Europe__Berlin];

/// Both readers on one body; the number of points kept (to check a case kept some).
fn same(body: &[u8]) -> usize {
    let mut kept = 0;
    for tz in ZONES {
        let serde = decode_reply::<TrackPoints>(200, "application/json", body, tz);
        let fast = decode_points::<Vec<TrackPoint>>(200, "application/json", body, tz);
        let shown = String::from_utf8_lossy(body);
        match (serde, fast) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.limit_exceeded, b.limit_exceeded, "{shown}");
                assert_eq!(a.left_out, b.left_out, "{shown}");
                // `Debug` tells -0.0 from 0.0, which `==` does not.
                assert_eq!(
                    format!("{:?}", a.list),
                    format!("{:?}", b.points),
                    "{shown}"
                );
                kept = a.list.len();
            }
            (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{shown}"),
            (a, b) => panic!("{shown}\nserde: {a:?}\nfast: {b:?}"),
        }
    }
    kept
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A point the way servers send it, with `extra` fields added at the end.
fn point(i: usize, extra: &str) -> String {
    format!(
        r#"{{"lat":51.{i:07},"lng":71.4{i},"alt":{},"satellites":{},"mileage":{}.{},"get_time":"2024-06-0{} 1{}:0{}:1{}","address":"{}","heading":{},"speed":{},"precision":5,"gsm_lbs":false,"parking":{}{extra}}}"#,
        350 - (i as i64 % 7) * 100,
        i % 13,
        i * 3,
        i % 100,
        1 + i % 8,
        i % 10,
        i % 6,
        i % 10,
        if i % 5 == 0 {
            "Kabanbay Batyr Ave 53"
        } else {
            ""
        },
        i % 360,
        i % 90,
        i % 2 == 0,
    )
}

fn reply(points: &[String]) -> Vec<u8> {
    format!(
        r#"{{"success":true,"limit_exceeded":false,"list":[{}]}}"#,
        points.join(",")
    )
    .into_bytes()
}

#[test]
fn the_vendors_examples_read_alike() {
    for name in ["track_read.json", "track_read_guide.json"] {
        assert!(same(&fixture(name)) > 0, "{name}");
    }
}

#[test]
fn every_shape_the_fast_reader_hands_on_reads_alike() {
    let plain: Vec<String> = (0..20).map(|i| point(i, "")).collect();
    assert_eq!(same(&reply(&plain)), 20);
    // Values of every kind in every field, and unknown fields, in the fast reader's forms and
    // in those it leaves to serde.
    let values = [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "-0.0",
        "0.5",
        "00",
        "01",
        "-",
        "1.",
        ".5",
        "1e3",
        "1E-3",
        "-12",
        "12.3456789012345678",
        "9007199254740993.0",
        "0.0000000000000000000001",
        "0.00000000000000000000001",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1e400",
        "\"\"",
        "\"12\"",
        "\" 12.5 \"",
        "\"true\"",
        "\"2024-06-01 10:00:00\"",
        "\"2024-06-01T10:00:00+05:00\"",
        "\"2024-03-31 02:30:00\"",
        "\"Straße 5, Астана\"",
        "\"a\\\"b\"",
        "\"\\u0041\"",
        "\"tab\there\"",
        "[]",
        "[1,2]",
        "{}",
        "{\"a\":[{}]}",
        "nul",
        "tru",
        "+1",
    ];
    let fields = [
        "lat",
        "lng",
        "get_time",
        "alt",
        "satellites",
        "speed",
        "heading",
        "precision",
        "mileage",
        "address",
        "gsm_lbs",
        "parking",
        "buffered",
        "unknown",
    ];
    for field in fields {
        for value in values {
            let odd = format!(r#","{field}":{value}"#);
            let body = reply(&[point(1, ""), point(2, &odd), point(3, "")]);
            same(&body);
        }
    }
}

#[test]
fn odd_envelopes_and_lists_read_alike() {
    let p = point(7, "");
    let cases = [
        String::new(),
        " ".into(),
        "{}".into(),
        "[]".into(),
        "null".into(),
        format!(r#"{{"list":[{p}]}}"#),
        format!(" \n\t{{ \"list\" : [ {p} , {p} ] , \"limit_exceeded\" : true }} \r\n"),
        format!(r#"{{"limit_exceeded":1,"list":[{p}]}}"#),
        format!(r#"{{"limit_exceeded":"true","list":[{p}]}}"#),
        format!(r#"{{"limit_exceeded":{{}},"list":[{p}]}}"#),
        format!(r#"{{"list":[{p}],"list":[{p},{p}]}}"#),
        format!(r#"{{"list":[{p},{{"lat":1}}],"list":[{p}]}}"#),
        r#"{"list":null}"#.into(),
        format!(r#"{{"list":{p}}}"#),
        r#"{"list":[]}"#.into(),
        format!(r#"{{"list":[{p}]}}x"#),
        format!(r#"{{"list":[{p}]}}{{}}"#),
        format!(r#"{{"list":[{p},]}}"#),
        format!(r#"{{"list":[,{p}]}}"#),
        format!(r#"{{"list":[{p}],}}"#),
        format!(r#"{{"list":[{p} {p}]}}"#),
        format!(r#"{{"list":[null,1,"x",[],[{p}],{{}},{p}]}}"#),
        format!(r#"{{"extra":{{"a":[1,{{"b":"\""}}]}},"list":[{p}]}}"#),
        format!(r#"{{"l\u0069st":[{p}]}}"#),
        r#"{"list":[{"l\u0061t":1,"lng":2,"get_time":"2024-06-01 10:00:00"}]}"#.into(),
        r#"{"list":[{"lat":1,"lat":2,"lng":3,"get_time":"2024-06-01 10:00:00"}]}"#.into(),
        r#"{"list":[{"lat":91,"lng":2,"get_time":"2024-06-01 10:00:00"}]}"#.into(),
        r#"{"list":[{"lat":1,"lng":2}]}"#.into(),
        r#"{"list":[{"lat":1,"lng":2,"get_time":"2024-06-01 10:00:00","x":1} ]}"#.into(),
        // DEL is no control character to JSON.
        "{\"list\":[{\"lat\":1,\"lng\":2,\"get_time\":\"2024-06-01 10:00:00\",\"address\":\"\u{7f}\"}]}".into(),
        // Deep points: within and beyond serde's depth limit, also when read on their own.
        format!(r#"{{"list":[{}{}]}}"#, "[".repeat(120), "]".repeat(120)),
        format!(r#"{{"list":[{}{}]}}"#, "[".repeat(126), "]".repeat(126)),
        format!(r#"{{"list":[{}{}]}}"#, "[".repeat(127), "]".repeat(127)),
        format!(
            r#"{{"list":[{{"lat":{}1{},"lng":2}}]}}"#,
            "[".repeat(124),
            "]".repeat(124)
        ),
        format!(
            r#"{{"list":[{{"lat":{}1{},"lng":2}}]}}"#,
            "[".repeat(125),
            "]".repeat(125)
        ),
    ];
    for body in &cases {
        same(body.as_bytes());
    }
    // Bytes that are not UTF-8, in a key, a text and a skipped value.
    let mut bad = reply(&[point(1, r#","zz":"x""#)]);
    let at = bad.windows(2).position(|w| w == b"zz").unwrap();
    for byte in [0xff, 0xc3, 0x80] {
        bad[at] = byte;
        same(&bad);
    }
}

#[test]
fn a_reply_cut_anywhere_reads_alike() {
    let body = reply(&[point(1, ""), point(2, r#","extra":[1,{"a":"\"}"}]"#)]);
    for end in 0..=body.len() {
        same(&body[..end]);
    }
}

#[test]
fn randomly_damaged_replies_read_alike() {
    let points: Vec<String> = (0..12)
        .map(|i| point(i, if i % 4 == 0 { r#","x":[1,"]"]"# } else { "" }))
        .collect();
    let body = reply(&points);
    let alphabet = b"{}[]\",:.-+eE0123456789 \\tnulfasr\x00\xff";
    let mut rng = rand::rngs::StdRng::seed_from_u64(16);
    for _ in 0..4000 {
        let mut b = body.clone();
        for _ in 0..rng.gen_range(1..4) {
            let at = rng.gen_range(0..b.len());
            match rng.gen_range(0..3) {
                0 => b[at] = alphabet[rng.gen_range(0..alphabet.len())],
                1 => {
                    b.remove(at);
                }
                _ => b.insert(at, alphabet[rng.gen_range(0..alphabet.len())]),
            }
        }
        same(&b);
    }
}
