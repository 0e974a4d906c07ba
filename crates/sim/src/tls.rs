//! Real TLS for the emulator (`SimConfig::tls`, `trackmate-sim --tls KIND`): a test CA and a
//! server certificate made at start with rcgen — good, self-signed, expired or for another
//! name — and the listener that does the handshake before axum sees a connection.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// Which certificate the emulator presents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsMode {
    /// For `localhost` and `127.0.0.1`, signed by the generated test CA: trusted by a client
    /// that trusts that CA ([`SimServer::ca_pem`](crate::SimServer::ca_pem)), by no other.
    Valid,
    /// For `localhost` and `127.0.0.1`, signed by its own key.
    SelfSigned,
    /// Signed by the test CA, for the right names, valid only during 2020.
    Expired,
    /// Signed by the test CA, valid now, but only for `wrong-host.example.com`.
    WrongHost,
}

/// The name the wrong-host certificate is issued for.
pub const WRONG_HOST_NAME: &str = "wrong-host.example.com";

impl std::str::FromStr for TlsMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "valid" => Ok(TlsMode::Valid),
            "self-signed" => Ok(TlsMode::SelfSigned),
            "expired" => Ok(TlsMode::Expired),
            "wrong-host" => Ok(TlsMode::WrongHost),
            other => Err(format!(
                "unknown TLS certificate kind {other:?}: expected valid, self-signed, expired or wrong-host"
            )),
        }
    }
}

/// The generated certificates: the test CA's PEM (to hand to a client) and the server's
/// rustls configuration.
pub struct Certs {
    pub ca_pem: String,
    pub server: Arc<rustls::ServerConfig>,
}

fn bad(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("cannot make the test certificates: {e}"))
}

/// Makes a fresh test CA and the server certificate `mode` asks for.
pub fn make(mode: TlsMode) -> std::io::Result<Certs> {
    let ca_key = KeyPair::generate().map_err(bad)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(bad)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let mut dn = DistinguishedName::new();
    // A name of its own, as two companies' CAs have: a client trusting another emulator's CA
    // must see an unknown issuer, not a same-named issuer whose signature does not match.
    let id: u32 = rand::random();
    dn.push(
        DnType::CommonName,
        format!("Trackmate emulator test CA {id:08x}"),
    );
    ca_params.distinguished_name = dn;
    let ca = ca_params.self_signed(&ca_key).map_err(bad)?;

    let names = match mode {
        TlsMode::WrongHost => vec![WRONG_HOST_NAME.to_owned()],
        _ => vec!["localhost".to_owned(), "127.0.0.1".to_owned()],
    };
    let key = KeyPair::generate().map_err(bad)?;
    let mut params = CertificateParams::new(names).map_err(bad)?;
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, "trackmate-sim");
    params.distinguished_name = dn;
    if mode == TlsMode::Expired {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    }
    let cert = match mode {
        TlsMode::SelfSigned => params.self_signed(&key),
        _ => params.signed_by(&key, &ca, &ca_key),
    }
    .map_err(bad)?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let chain: Vec<CertificateDer<'static>> = vec![cert.der().clone()];
    let mut server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(bad)?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(bad)?;
    // The emulator's axum speaks HTTP/1.1 only.
    server.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Certs {
        ca_pem: ca.pem(),
        server: Arc::new(server),
    })
}

/// A listener that hands axum only connections whose handshake finished. Handshakes run in
/// their own tasks, so a client that connects and says nothing (or rejects the certificate)
/// holds up no one else.
pub struct TlsListener {
    rx: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    addr: SocketAddr,
    accepting: JoinHandle<()>,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, config: Arc<rustls::ServerConfig>) -> std::io::Result<Self> {
        let addr = tcp.local_addr()?;
        let acceptor = TlsAcceptor::from(config);
        let (tx, rx) = mpsc::channel(16);
        let accepting = tokio::spawn(async move {
            loop {
                let (stream, peer) = match tcp.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::debug!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let shake = acceptor.accept(stream);
                    match tokio::time::timeout(Duration::from_secs(10), shake).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, peer)).await;
                        }
                        // The client refused our certificate (the faults' point) or went quiet.
                        Ok(Err(e)) => tracing::debug!("TLS handshake with {peer} failed: {e}"),
                        Err(_) => tracing::debug!("TLS handshake with {peer} timed out"),
                    }
                });
            }
        });
        Ok(TlsListener {
            rx,
            addr,
            accepting,
        })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(c) => c,
            // The accepting task ended (only when dropped): no more connections.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.addr)
    }
}
