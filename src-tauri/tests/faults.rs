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
