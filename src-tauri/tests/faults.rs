//! Faults through the real client and the real IPC path, as the page receives them: the kind
//! the banner switches on, the message, and the server's `Retry-After` as a number.

mod common;

use std::sync::Arc;

use common::{app, sign_in_args, sim};
use serde_json::json;
use trackmate_keystore::MemoryStore;
use trackmate_sim::{Fault, FaultRule};

fn on_list(fault: Fault) -> FaultRule {
    FaultRule {
        fault,
        endpoint: Some("tracker/list".into()),
        times: None,
    }
}

#[test]
fn rate_limits_redirects_and_server_errors_reach_the_page_typed() {
    let sim = sim();
    let t = app(&Arc::new(MemoryStore::new()));
    t.invoke_json("sign_in", sign_in_args(&sim, "demo", false))
        .unwrap();

    // A wait far over what the client waits out: it fails at once, naming the wait.
    sim.inject(on_list(Fault::RetryAfter {
        status: 429,
        value: "600".into(),
    }));
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "rate_limited", "{err}");
    assert_eq!(err["retryAfter"], 600, "{err}");

    sim.clear_faults();
    sim.inject(on_list(Fault::Redirect {
        status: 301,
        to: "https://moved.example.com/v2".into(),
    }));
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "redirect", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("moved to https://moved.example.com/v2"),
        "{err}"
    );
    assert!(err.get("retryAfter").is_none(), "{err}");

    sim.clear_faults();
    sim.inject(on_list(Fault::ErrorWithoutCode { status: 500 }));
    let err = t.invoke_json("list_objects", json!({})).unwrap_err();
    assert_eq!(err["kind"], "server", "{err}");

    sim.clear_faults();
    t.invoke_json("list_objects", json!({})).unwrap();
}

/// `user/settings/read` is best-effort: when it fails — an API error, a server error, a body that
/// is not JSON — the sign-in goes on with `user/get_info`'s habits; only a session error there
/// ends it.
#[test]
fn a_failing_settings_read_leaves_the_sign_in_to_the_user_info() {
    let sim = sim();
    for fault in [
        Fault::ApiError { code: 7 },
        Fault::HttpStatus { status: 500 },
        Fault::MalformedJson,
    ] {
        sim.clear_faults();
        sim.inject(FaultRule {
            fault: fault.clone(),
            endpoint: Some("user/settings/read".into()),
            times: None,
        });
        let t = app(&Arc::new(MemoryStore::new()));
        let reply = t
            .invoke_json("sign_in", sign_in_args(&sim, "demo", false))
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert_eq!(reply["type"], "signedIn", "{fault:?}: {reply}");
        // The demo user's get_info says en_US and metric, as its settings would.
        let habits = &reply["user"]["habits"];
        assert_eq!(habits["language"], "en", "{fault:?}: {habits}");
        assert_eq!(habits["units"], "metric", "{fault:?}: {habits}");
    }
    sim.clear_faults();
    sim.inject(FaultRule {
        fault: Fault::ApiError { code: 4 },
        endpoint: Some("user/settings/read".into()),
        times: None,
    });
    let t = app(&Arc::new(MemoryStore::new()));
    let err = t
        .invoke_json("sign_in", sign_in_args(&sim, "demo", false))
        .unwrap_err();
    assert_eq!(err["kind"], "session", "{err}");
}
