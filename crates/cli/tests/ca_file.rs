//! `--ca-file` / `TRACKMATE_CA_FILE` against the emulator serving real TLS with a certificate
//! signed by its generated test CA: without the CA the sign-in fails naming the host and what
//! to do; with it the CLI signs in and lists objects; `login` keeps the CA with the session.

mod common;

use common::{keyring_available, run_in, text};
use std::process::Output;
use trackmate_sim::{SimConfig, SimServer, TlsMode};

async fn tls_sim() -> (SimServer, tempfile::TempDir, String) {
    let sim = SimServer::start(SimConfig {
        rate_limit_per_sec: None,
        tls: Some(TlsMode::Valid),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("company-ca.pem");
    std::fs::write(&path, sim.ca_pem().unwrap()).unwrap();
    let path = path.to_string_lossy().into_owned();
    (sim, dir, path)
}

async fn run(args: &[&str], envs: &[(&str, &str)], keyring: &str) -> Output {
    run_in(args, envs, keyring, None).await
}

#[tokio::test]
async fn sign_in_to_a_company_ca_server_needs_its_ca_file() {
    let (sim, _dir, ca) = tls_sim().await;
    let demo = sim.demo();
    let url = sim.url();
    let pw = [("TRACKMATE_PASSWORD", demo.password.as_str())];
    let login = |extra: &[&str]| {
        let mut a = vec![
            "login",
            "--server",
            url.as_str(),
            "--login",
            demo.login.as_str(),
            "--no-remember",
            "--print-hash",
        ];
        a.extend_from_slice(extra);
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let keyring = "app.trackmate.test-cli-ca-none";

    let args = login(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, &pw, keyring).await;
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "The certificate of 127.0.0.1 is not signed by an authority this computer trusts"
        ),
        "{err}"
    );
    assert!(err.contains("CA certificate file"), "{err}");
    assert!(
        err.contains("--ca-file PATH"),
        "the CLI names its flag: {err}"
    );

    // The flag, then the environment variable.
    let args = login(&["--ca-file", &ca]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, &pw, keyring).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hash = text(&out.stdout).trim().to_owned();
    assert_eq!(hash.len(), 32, "{hash}");

    let args = login(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run(&args, &[pw[0], ("TRACKMATE_CA_FILE", &ca)], keyring).await;
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A later command with the hash trusts the CA it is given.
    let out = run(
        &["objects", "--json", "--ca-file", &ca],
        &[("TRACKMATE_SERVER", &url), ("TRACKMATE_HASH", &hash)],
        keyring,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(sim.demo().tracker_ids.len())
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_certificate_is_a_usage_error_naming_it() {
    let (sim, dir, _ca) = tls_sim().await;
    let bogus = dir.path().join("notes.txt");
    std::fs::write(&bogus, "not a certificate").unwrap();
    let out = run(
        &[
            "login",
            "--server",
            &sim.url(),
            "--login",
            "x",
            "--ca-file",
            &bogus.to_string_lossy(),
        ],
        &[("TRACKMATE_PASSWORD", "x")],
        "app.trackmate.test-cli-ca-bogus",
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("BEGIN CERTIFICATE"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(sim.hits("user/auth"), 0);
}

#[tokio::test]
async fn login_keeps_the_ca_with_the_session_for_later_commands() {
    if !keyring_available() {
        return;
    }
    let (sim, _dir, ca) = tls_sim().await;
    let demo = sim.demo();
    let keyring = "app.trackmate.test-cli-ca-kept";
    let out = run(
        &[
            "login",
            "--server",
            &sim.url(),
            "--login",
            &demo.login,
            "--ca-file",
            &ca,
        ],
        &[("TRACKMATE_PASSWORD", &demo.password)],
        keyring,
    )
    .await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    // No --ca-file now: the CA kept with the session is trusted.
    let out = run(&["objects", "--json"], &[], keyring).await;
    let stderr = text(&out.stderr);
    let _ = run(&["logout"], &[], keyring).await;
    assert!(out.status.success(), "stored CA works: {stderr}");
}
