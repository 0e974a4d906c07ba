//! Unit tests of the client (`client.rs`), kept beside it.
use super::*;

#[test]
fn base_urls_are_kept_as_opaque_prefixes() {
    assert_eq!(
        normalize_base("https://api.eu.navixy.com/v2").unwrap(),
        "https://api.eu.navixy.com/v2"
    );
    assert_eq!(
        normalize_base("https://api.eu.navixy.com/v2/").unwrap(),
        "https://api.eu.navixy.com/v2"
    );
    assert_eq!(
        normalize_base(" https://api.example.com/ ").unwrap(),
        "https://api.example.com"
    );
    assert_eq!(
        normalize_base("http://127.0.0.1:8080/x/v2").unwrap(),
        "http://127.0.0.1:8080/x/v2"
    );
}

#[test]
fn bad_urls_say_why() {
    for (raw, needle) in [
        ("", "empty"),
        ("api.example.com", "https://"),
        ("ftp://example.com", "ftp://"),
        ("https://", "not a URL"),
        ("https://x.com/v2?a=1", "query"),
    ] {
        let e = normalize_base(raw).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUrl);
        assert!(e.message().contains(needle), "{raw}: {}", e.message());
    }
}

#[test]
fn announced_limits_are_clamped_to_sane_ranges() {
    let absurd = Limits {
        history_max_limit: 0,
        history_max_span: Duration::seconds(-5),
        track_max_span: Duration::zero(),
        states_per_call: 0,
        min_window: Duration::zero(),
    };
    let c = Client::new("https://x.test/v2").unwrap();
    c.set_limits(absurd);
    let l = c.limits();
    assert_eq!(l.track_max_span, Duration::hours(1));
    assert_eq!(l.history_max_span, Duration::hours(1));
    assert_eq!(l.min_window, Duration::hours(1));
    assert_eq!(l.history_max_limit, 10);
    assert_eq!(l.states_per_call, 1);
    let huge = Limits {
        history_max_limit: u32::MAX,
        history_max_span: Duration::days(999_999),
        track_max_span: Duration::days(999_999),
        states_per_call: usize::MAX,
        min_window: Duration::days(999_999),
    }
    .clamped();
    assert_eq!(huge.track_max_span, Duration::days(366));
    assert_eq!(huge.history_max_limit, 100_000);
    assert_eq!(huge.states_per_call, 10_000);
    // Sane values pass unchanged.
    assert_eq!(Limits::default().clamped(), Limits::default());
}

#[test]
fn hashes_are_checked_and_never_printed() {
    assert!(check_hash("22eac1c27af4be7b9d04da2ce1af111b").is_ok());
    assert!(check_hash("22EAC1C27AF4BE7B9D04DA2CE1AF111B").is_err());
    assert!(check_hash("abc").is_err());
    let builder = Client::builder("https://x.test/v2").hash("22eac1c27af4be7b9d04da2ce1af111b");
    assert!(!format!("{builder:?}").contains("22eac1"), "{builder:?}");
    let c = builder.build().unwrap();
    // The hash is there (so the checks above look for the right thing), yet never printed.
    assert_eq!(
        c.session_hash().unwrap().expose(),
        "22eac1c27af4be7b9d04da2ce1af111b"
    );
    assert!(!format!("{c:?}").contains("22eac1"));
}
