//! Opening the live WebSocket: its address from the API base (`https://h/v2` →
//! `wss://h/v2/event/subscription?<Atmosphere parameters>`), the same trust as the HTTP client
//! (the built-in roots plus the company CAs, never less), the connect timeout, and what a failed
//! opening means: the server or a proxy answering the upgrade with a plain HTTP status (no
//! WebSocket here: poll instead) versus a network, name or certificate failure (retry later).

use std::sync::Arc;

use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, http::HeaderValue};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::failure::tls_error;

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The query the atmosphere-javascript client sends (INDEX §4); servers that speak the
/// Atmosphere protocol may insist on `X-atmo-protocol=true` to send the handshake line.
const ATMOSPHERE: &str = "X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=2.3.6-javascript&X-Atmosphere-Transport=websocket&Content-Type=application/json&X-atmo-protocol=true";

/// Why the socket could not be opened.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// An HTTP answer instead of the upgrade (a proxy that refuses WebSockets, a server
    /// without the endpoint): the live states must be polled.
    Refused { status: u16 },
    /// Nothing usable answered (network, name, certificate, timeout).
    Failed(Error),
}

/// The WebSocket address for the API base `base` (already normalised by the client).
pub(crate) fn url(base: &str) -> Result<String> {
    let (scheme, rest) = if let Some(rest) = base.strip_prefix("https://") {
        ("wss", rest)
    } else if let Some(rest) = base.strip_prefix("http://") {
        ("ws", rest)
    } else {
        return Err(Error::new(
            ErrorKind::InvalidUrl,
            format!("{base} is not an http:// or https:// address"),
        ));
    };
    Ok(format!(
        "{scheme}://{}/event/subscription?{ATMOSPHERE}",
        rest.trim_end_matches('/')
    ))
}

/// The TLS settings of the HTTP client: rustls on ring with the Mozilla roots reqwest uses, plus
/// every company CA the client was given.
fn tls(client: &Client) -> Result<Arc<rustls::ClientConfig>> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for ca in &client.inner.extra_ca {
        for der in ca.der() {
            roots.add(der).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("the CA certificate could not be used: {e}"),
                )
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::Tls, format!("cannot set up TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Opens the socket, within the client's connect timeout (the TCP connection, TLS and the
/// upgrade together).
pub(crate) async fn open(client: &Client) -> std::result::Result<Socket, OpenError> {
    let url = url(client.base_url()).map_err(OpenError::Failed)?;
    let host = url::Url::parse(&url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "the server".into());
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| OpenError::Failed(Error::new(ErrorKind::InvalidUrl, e.to_string())))?;
    if let Ok(ua) = HeaderValue::from_str(&client.inner.user_agent) {
        request.headers_mut().insert("user-agent", ua);
    }
    let connector = match url.starts_with("wss://") {
        true => Some(Connector::Rustls(tls(client).map_err(OpenError::Failed)?)),
        false => Some(Connector::Plain),
    };
    let limit = client.inner.connect_timeout;
    let opening = tokio_tungstenite::connect_async_tls_with_config(request, None, true, connector);
    match tokio::time::timeout(limit, opening).await {
        Err(_) => Err(OpenError::Failed(Error::new(
            ErrorKind::Timeout,
            format!(
                "no WebSocket connection to {host} could be made in {} s",
                limit.as_secs()
            ),
        ))),
        Ok(Ok((socket, _))) => Ok(socket),
        Ok(Err(e)) => Err(open_error(e, &host)),
    }
}

/// A tungstenite failure as the client's kinds, named with the host like HTTP failures.
fn open_error(e: tungstenite::Error, host: &str) -> OpenError {
    use std::io::ErrorKind as Io;
    use tungstenite::Error as T;
    match e {
        T::Http(resp) => OpenError::Refused {
            status: resp.status().as_u16(),
        },
        T::Tls(tungstenite::error::TlsError::Rustls(r)) => OpenError::Failed(tls_error(&r, host)),
        T::Io(io) => {
            let text = io.to_string();
            let kind = match io.kind() {
                Io::TimedOut => ErrorKind::Timeout,
                _ if text.contains("lookup") || text.contains("resolve") => ErrorKind::Dns,
                Io::ConnectionRefused
                | Io::ConnectionReset
                | Io::ConnectionAborted
                | Io::NotConnected
                | Io::AddrNotAvailable => ErrorKind::Connect,
                Io::UnexpectedEof => ErrorKind::Connect,
                _ => ErrorKind::Network,
            };
            OpenError::Failed(Error::new(kind, format!("{host}: {text}")))
        }
        T::Url(u) => OpenError::Failed(Error::new(ErrorKind::InvalidUrl, u.to_string())),
        // The server answered the upgrade with something that is not a WebSocket handshake.
        T::Protocol(p) => OpenError::Refused {
            status: match p {
                tungstenite::error::ProtocolError::WrongHttpVersion => 505,
                _ => 400,
            },
        },
        other => OpenError::Failed(Error::new(ErrorKind::Network, format!("{host}: {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::url;

    #[test]
    fn the_socket_lives_under_the_api_base() {
        let u = url("https://api.eu.navixy.com/v2").unwrap();
        assert!(
            u.starts_with("wss://api.eu.navixy.com/v2/event/subscription?X-Atmosphere"),
            "{u}"
        );
        let u = url("http://127.0.0.1:4000").unwrap();
        assert!(
            u.starts_with("ws://127.0.0.1:4000/event/subscription?"),
            "{u}"
        );
        assert!(url("ftp://x").is_err());
    }
}
