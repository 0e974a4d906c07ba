//! Real TLS over loopback: the emulator serves certificates made at start (good, self-signed,
//! expired, for another name), and each problem reaches the caller as `Tls` with its own
//! typed reason and a sentence naming the host; a company CA, once trusted, makes the good one
//! work — and only that CA.

mod common;
use common::*;
use trackmate_api::*;
use trackmate_sim::{SimServer, TlsMode, WRONG_HOST_NAME};

async fn tls_sim(mode: TlsMode) -> SimServer {
    sim_with(trackmate_sim::SimConfig {
        tls: Some(mode),
        ..config()
    })
    .await
}

fn ca_of(sim: &SimServer) -> CaBundle {
    CaBundle::from_pem(sim.ca_pem().expect("a TLS emulator has a CA").as_bytes()).unwrap()
}

fn client_trusting(sim: &SimServer, ca: Option<&CaBundle>) -> Client {
    let mut b = Client::builder(&sim.url()).retry(fast_retry());
    if let Some(ca) = ca {
        b = b.trust_ca(ca);
    }
    b.build().unwrap()
}

async fn sign_in(c: &Client, sim: &SimServer) -> Result<()> {
    let demo = sim.demo();
    c.user()
        .auth(&demo.login, &demo.password, None)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_company_ca_server_works_once_its_ca_is_trusted_and_fails_as_unknown_authority_before() {
    let sim = tls_sim(TlsMode::Valid).await;
    assert!(sim.url().starts_with("https://127.0.0.1:"), "{}", sim.url());

    let e = sign_in(&client_trusting(&sim, None), &sim)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    assert_eq!(e.tls_problem(), Some(TlsProblem::UnknownAuthority));
    let msg = e.message();
    assert!(
        msg.contains(
            "The certificate of 127.0.0.1 is not signed by an authority this computer trusts"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("CA certificate file"),
        "says what to do: {msg}"
    );
    assert_eq!(
        sim.hits("user/auth"),
        0,
        "nothing was sent over the refused connection"
    );

    let c = client_trusting(&sim, Some(&ca_of(&sim)));
    sign_in(&c, &sim)
        .await
        .expect("sign-in over TLS with the CA");
    c.user().load_profile().await.unwrap();
    let trackers = c.trackers().list().await.unwrap();
    assert_eq!(
        trackers.iter().map(|t| t.id).collect::<Vec<_>>(),
        sim.demo().tracker_ids
    );
}

#[tokio::test]
async fn another_ca_does_not_make_a_server_trusted() {
    let sim = tls_sim(TlsMode::Valid).await;
    let other = tls_sim(TlsMode::Valid).await;
    let e = sign_in(&client_trusting(&sim, Some(&ca_of(&other))), &sim)
        .await
        .unwrap_err();
    assert_eq!(e.tls_problem(), Some(TlsProblem::UnknownAuthority), "{e}");
}

#[tokio::test]
async fn each_certificate_problem_is_named_precisely_with_the_host() {
    for (mode, problem, words) in [
        (
            TlsMode::SelfSigned,
            TlsProblem::UnknownAuthority,
            "is not signed by an authority this computer trusts (it is self-signed or issued by a company CA)",
        ),
        (TlsMode::Expired, TlsProblem::Expired, "has expired"),
        (
            TlsMode::WrongHost,
            TlsProblem::WrongHost,
            "is for another name (wrong-host.example.com)",
        ),
    ] {
        let sim = tls_sim(mode).await;
        // The test CA is trusted, so what fails is the certificate itself, not its issuer.
        let c = client_trusting(&sim, Some(&ca_of(&sim)));
        let e = sign_in(&c, &sim).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Tls, "{mode:?}: {e}");
        assert_eq!(e.tls_problem(), Some(problem), "{mode:?}: {e}");
        let msg = e.message();
        assert!(
            msg.contains("The certificate of 127.0.0.1 "),
            "{mode:?}: {msg}"
        );
        assert!(msg.contains(words), "{mode:?}: {msg}");
        assert!(!e.is_retryable(), "{mode:?}");
        assert_eq!(sim.hits("user/auth"), 0, "{mode:?}");
    }
    assert!(WRONG_HOST_NAME.contains("wrong-host"));
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_handshake_failure_naming_the_host() {
    let sim = sim().await;
    let url = sim.url().replacen("http://", "https://", 1);
    let c = Client::builder(&url).retry(fast_retry()).build().unwrap();
    let e = c.user().auth("a", "b", None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    assert_eq!(e.tls_problem(), Some(TlsProblem::Handshake), "{e}");
    assert!(e.message().contains("127.0.0.1"), "{e}");
}

#[tokio::test]
async fn faults_behave_the_same_over_tls() {
    let sim = tls_sim(TlsMode::Valid).await;
    let c = client_trusting(&sim, Some(&ca_of(&sim)));
    sign_in(&c, &sim).await.unwrap();
    sim.inject(trackmate_sim::FaultRule {
        fault: trackmate_sim::Fault::ResetMidBody,
        endpoint: Some("tracker/list".into()),
        times: Some(1),
    });
    let e = c.trackers().list().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network, "{e}");
    assert!(
        e.message()
            .contains("closed before the whole reply arrived"),
        "{e}"
    );
    c.trackers().list().await.expect("the next call works");
}
