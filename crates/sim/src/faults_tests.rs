//! Unit tests of fault rules (`faults.rs`), kept beside it.
use super::*;

#[test]
fn spec_syntax() {
    let r: FaultRule = "api=15:3".parse().unwrap();
    assert_eq!(r.fault, Fault::ApiError { code: 15 });
    assert_eq!(r.times, Some(3));
    let r: FaultRule = "html@track/read".parse().unwrap();
    assert_eq!(r.fault, Fault::HtmlPage { status: 502 });
    assert_eq!(r.endpoint.as_deref(), Some("track/read"));
    assert!("latency".parse::<FaultRule>().is_err());
    assert!("bogus=1".parse::<FaultRule>().is_err());
    let r: FaultRule = "slow=2000".parse().unwrap();
    assert_eq!(r.fault, Fault::SlowBody { ms: 2000 });
    let r: FaultRule = "retry503=7@track/read".parse().unwrap();
    assert_eq!(
        r.fault,
        Fault::RetryAfter {
            status: 503,
            value: "7".into()
        }
    );
    let r: FaultRule = "nocode".parse().unwrap();
    assert_eq!(r.fault, Fault::ErrorWithoutCode { status: 500 });
    let r: FaultRule = "bomb=1000000".parse().unwrap();
    assert_eq!(r.fault, Fault::GzipBomb { bytes: 1_000_000 });
    assert!("stall".parse::<FaultRule>().is_err());
    let r: FaultRule = "redirect=308@user/auth".parse().unwrap();
    assert_eq!(
        r.fault,
        Fault::Redirect {
            status: 308,
            to: REDIRECT_DEFAULT_TO.into()
        }
    );
}

#[test]
fn times_are_consumed() {
    let set = FaultSet::default();
    set.push("latency=5:1".parse().unwrap());
    set.push("api=8:2@track/list".parse().unwrap());
    let d = set.decide("track/list");
    assert_eq!(
        (d.latency_ms, d.fault),
        (5, Some(Fault::ApiError { code: 8 }))
    );
    let d = set.decide("tracker/list");
    assert_eq!((d.latency_ms, d.fault), (0, None));
    assert!(set.decide("track/list").fault.is_some());
    assert!(set.decide("track/list").fault.is_none());
}

#[test]
fn ws_kinds_only_match_the_stream() {
    let r: FaultRule = "wssilent=3".parse().unwrap();
    assert_eq!(r.fault, Fault::WsSilent { after_frames: 3 });
    let set = FaultSet::default();
    set.push(r);
    assert!(set.decide("tracker/get_states").fault.is_none());
    assert!(set.decide(WS_ENDPOINT).fault.is_some());
    let r: FaultRule = "wsdropms=200".parse().unwrap();
    assert_eq!(
        r.fault,
        Fault::WsDrop {
            after_frames: None,
            after_ms: Some(200)
        }
    );
}

#[test]
fn json_shape() {
    let r: FaultRule =
        serde_json::from_str(r#"{"fault":{"kind":"http_status","status":502}}"#).unwrap();
    assert_eq!(r.fault, Fault::HttpStatus { status: 502 });
    assert!(r.times.is_none() && r.endpoint.is_none());
}
