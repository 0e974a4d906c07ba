//! `user/*` and `dealer/*` against the emulator: sign-in, 2FA, profile, sessions, encodings.

mod common;
use common::*;
use trackmate_api::*;
use trackmate_sim::SimConfig;

#[tokio::test]
async fn sign_in_loads_zone_and_limits() {
    let sim = sim_with(SimConfig {
        history_max_limit: 250,
        ..config()
    })
    .await;
    let c = client(&sim);
    let demo = sim.demo();
    assert_eq!(
        c.user()
            .auth(&demo.login, &demo.password, None)
            .await
            .unwrap(),
        AuthOutcome::Authenticated
    );
    assert!(c.is_signed_in());
    let p = c.user().load_profile().await.unwrap();
    assert_eq!(p.time_zone.name(), sim.config().time_zone);
    assert_eq!(c.time_zone().name(), sim.config().time_zone);
    assert_eq!(c.limits().history_max_limit, 250);
    assert_eq!(
        c.limits().history_max_span,
        sim.config().report_max_time_span
    );
    assert_eq!(c.limits().track_max_span, sim.config().max_track_span);
    assert_eq!(p.user.login.as_deref(), Some(demo.login.as_str()));
    let s = c.user().settings().await.unwrap();
    assert_eq!(
        s.time_zone.as_deref(),
        Some(sim.config().time_zone.as_str())
    );
}

#[tokio::test]
async fn wrong_password_is_102_with_a_human_message() {
    let sim = sim().await;
    let c = client(&sim);
    let e = c
        .user()
        .auth(&sim.demo().login, "not-the-password", None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Api);
    assert_eq!(e.api_code(), Some(ApiCode::WrongLoginOrPassword));
    assert_eq!(e.api_error().unwrap().http_status, 400);
    assert!(e.message().contains("Wrong login or password"));
    assert!(!c.is_signed_in());
}

#[tokio::test]
async fn empty_credentials_are_refused_before_sending() {
    let sim = sim().await;
    let e = client(&sim).user().auth("", "x", None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(sim.hits("user/auth"), 0);
}

#[tokio::test]
async fn sign_in_in_one_call_loads_the_profile_and_refuses_a_second_factor() {
    let sim = sim_with(config()).await;
    let demo = sim.demo();
    let c = Client::sign_in(&sim.url(), &demo.login, &demo.password)
        .await
        .unwrap();
    assert!(c.is_signed_in());
    assert_eq!(c.time_zone().name(), sim.config().time_zone);
    assert!(!c.trackers().list().await.unwrap().is_empty());
    let e = Client::sign_in(&sim.url(), &demo.login, "not-the-password")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(102), "{e}");

    let sim = sim_with(SimConfig {
        two_factor_code: Some("424242".into()),
        ..config()
    })
    .await;
    let demo = sim.demo();
    let e = Client::sign_in(&sim.url(), &demo.login, &demo.password)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("second factor"), "{e}");
}

#[tokio::test]
async fn two_factor_sign_in() {
    let sim = sim_with(SimConfig {
        two_factor_code: Some("424242".into()),
        ..config()
    })
    .await;
    let c = client(&sim);
    let demo = sim.demo();
    let out = c
        .user()
        .auth(&demo.login, &demo.password, None)
        .await
        .unwrap();
    assert_eq!(
        out,
        AuthOutcome::SecondFactorRequired {
            factor_type: "email".into()
        }
    );
    // The restricted hash cannot read data yet.
    assert!(c.trackers().list().await.is_err());
    let e = c.user().verify_code("000000").await.unwrap_err();
    assert_eq!(e.code(), Some(282));
    c.user().verify_code("424242").await.unwrap();
    assert!(!c.trackers().list().await.unwrap().is_empty());
}

#[tokio::test]
async fn logout_ends_the_session_everywhere() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    let hash = c.session_hash().unwrap();
    let other = Client::builder(&sim.url())
        .hash(hash)
        .retry(fast_retry())
        .build()
        .unwrap();
    other.trackers().list().await.unwrap();
    c.user().logout().await.unwrap();
    assert!(!c.is_signed_in());
    let e = other.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Session);
    assert!(e.is_session());
    assert_eq!(
        c.trackers().list().await.unwrap_err().kind(),
        ErrorKind::Session
    );
}

#[tokio::test]
async fn expired_sessions_come_back_as_their_own_kind_and_renew_works() {
    let sim = sim().await;
    let c = signed_in(&sim).await;
    c.user().renew_session().await.unwrap();
    sim.expire_all_sessions();
    let before = sim.hits("tracker/list");
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Session);
    assert_eq!(
        sim.hits("tracker/list") - before,
        1,
        "a session error is not retried"
    );
    // Signing in again fixes it.
    let demo = sim.demo();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .unwrap();
    c.trackers().list().await.unwrap();
}

#[tokio::test]
async fn json_bodies_and_servers_without_v2_work_too() {
    let sim = sim_with(SimConfig {
        prefix: String::new(),
        ..config()
    })
    .await;
    let base = format!("{}/", sim.root_url()); // on-premise style, trailing slash
    let c = Client::builder(&base)
        .encoding(Encoding::Json)
        .retry(fast_retry())
        .build()
        .unwrap();
    let demo = sim.demo();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .unwrap();
    c.user().load_profile().await.unwrap();
    assert!(c.trackers().list().await.unwrap().len() >= 12);
}

#[tokio::test]
async fn an_existing_hash_signs_in_without_a_password() {
    let sim = sim().await;
    let first = signed_in(&sim).await;
    let c = Client::builder(&sim.url())
        .hash(first.session_hash().unwrap())
        .build()
        .unwrap();
    c.user().load_profile().await.unwrap();
    assert!(!c.trackers().list().await.unwrap().is_empty());
    assert_eq!(
        c.dealer()
            .ui_config()
            .await
            .unwrap()
            .limits()
            .history_max_limit,
        Some(1000)
    );
}

#[tokio::test]
async fn calls_before_sign_in_say_so() {
    let sim = sim().await;
    assert_eq!(
        client(&sim).user().info().await.unwrap_err().kind(),
        ErrorKind::NotSignedIn
    );
    assert_eq!(
        client(&sim).trackers().list().await.unwrap_err().kind(),
        ErrorKind::Session
    );
}
