//! Redirects are never followed: the client names the new address and sends nothing — no
//! password, no session hash — to it.

mod common;
use common::*;
use trackmate_api::*;
use trackmate_sim::{Fault, FaultRule};

fn moved(status: u16, to: &str, endpoint: &str) -> FaultRule {
    FaultRule {
        fault: Fault::Redirect {
            status,
            to: to.to_owned(),
        },
        endpoint: Some(endpoint.into()),
        times: None,
    }
}

#[tokio::test]
async fn a_redirected_sign_in_names_the_new_address_and_sends_nothing_there() {
    let sim = sim().await;
    // The "new" address is a second, working emulator: following the redirect would sign in
    // there (307/308 resend the form with the password), and its hit count would show it.
    let elsewhere = trackmate_sim::SimServer::start(config()).await.unwrap();
    for status in [301, 302, 303, 307, 308] {
        sim.clear_faults();
        sim.inject(moved(status, &elsewhere.url(), "user/auth"));
        let c = client(&sim);
        let demo = sim.demo();
        let e = c
            .user()
            .auth(&demo.login, &demo.password, None)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Redirect, "{status}: {e}");
        let want = format!("The server moved to {} (HTTP {status})", elsewhere.url());
        assert!(e.message().contains(&want), "{status}: {e}");
        assert!(!c.is_signed_in());
    }
    assert_eq!(elsewhere.hits("user/auth"), 0, "the password never left");
}

#[tokio::test]
async fn a_redirected_call_with_a_session_does_not_carry_the_hash_elsewhere() {
    let sim = sim().await;
    let elsewhere = trackmate_sim::SimServer::start(config()).await.unwrap();
    let c = signed_in(&sim).await;
    sim.inject(moved(308, &elsewhere.url(), "tracker/list"));
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Redirect, "{e}");
    assert!(!e.is_retryable());
    assert_eq!(elsewhere.hits("tracker/list"), 0, "the hash never left");
    assert_eq!(sim.hits("tracker/list"), 1, "asked once, not retried");
    sim.clear_faults();
    c.trackers()
        .list()
        .await
        .expect("the session still works here");
}
