//! Transport failures sorted by the types in reqwest's error chain — rustls's own error for
//! TLS (named precisely, with the host), `io::Error` kinds for timeouts and refusals — and
//! redirects, which the client never follows.

use crate::error::{Error, ErrorKind, TlsProblem};
use crate::transport::secs;

/// A redirect, never followed (the client is built with `redirect::Policy::none()`): reqwest
/// would resend to any host, turning a 301/302 POST into a GET that drops the form, and a form
/// here holds a password or a session hash. The person is told the new address instead; when
/// the new URL ends with the same action, the server address to use is that URL without it.
pub(crate) fn redirect_error(status: u16, url: &str, location: &str, endpoint: &str) -> Error {
    let target = url::Url::parse(url)
        .ok()
        .and_then(|base| base.join(location).ok())
        .filter(|_| !location.is_empty());
    let Some(target) = target else {
        return Error::new(
            ErrorKind::Redirect,
            format!(
                "The server answered with a redirect (HTTP {status}) without a usable new address. Check the server address."
            ),
        );
    };
    let mut moved = target.clone();
    moved.set_query(None);
    moved.set_fragment(None);
    let moved = moved.to_string();
    let new_base = moved
        .strip_suffix(endpoint)
        .map(|b| b.trim_end_matches('/').to_owned())
        .unwrap_or(moved);
    Error::new(
        ErrorKind::Redirect,
        format!(
            "The server moved to {new_base} (HTTP {status}). Use that as the server address; Trackmate does not follow redirects, so your password and session are never sent to another address."
        ),
    )
}

/// Words of the resolver's failure. They are only looked for below reqwest's own error, whose
/// text holds the URL (a host named `dns-error.example.com` must not make a refusal a DNS error).
const DNS_WORDS: &[&str] = &["dns error", "failed to lookup", "name or service not known"];

/// What the error chain holds, read by type: rustls's own error, the innermost `io::Error`
/// kind, and the text of each cause below reqwest's (which names the URL).
struct Chain<'a> {
    tls: Option<&'a rustls::Error>,
    io: Option<std::io::ErrorKind>,
    causes: Vec<String>,
}

/// Walks `source()` from `e`. `io::Error::source()` skips the error it wraps, so a wrapped
/// error (tokio-rustls puts rustls's there) is followed through `get_ref()`.
fn read_chain<'a>(e: &'a (dyn std::error::Error + 'static)) -> Chain<'a> {
    let mut chain = Chain {
        tls: None,
        io: None,
        causes: Vec::new(),
    };
    let mut next = e.source();
    while let Some(s) = next {
        chain.causes.push(s.to_string());
        if let Some(t) = s.downcast_ref::<rustls::Error>() {
            chain.tls = Some(t);
        }
        next = match s.downcast_ref::<std::io::Error>() {
            Some(io) => {
                chain.io = Some(io.kind());
                match io.get_ref() {
                    Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
                    None => s.source(),
                }
            }
            None => s.source(),
        };
    }
    chain
}

/// Sorts a reqwest failure into DNS, connect, TLS, timeout or other, by the types in its
/// chain, with the innermost reason. `total` is the client's whole-exchange timeout, named when
/// that is what ran out.
pub(crate) fn transport_error(e: reqwest::Error, total: std::time::Duration) -> Error {
    let host = e
        .url()
        .and_then(|u| u.host_str())
        .unwrap_or("the server")
        .to_owned();
    let https = e.url().is_some_and(|u| u.scheme() == "https");
    let chain = read_chain(&e);
    if let Some(t) = chain.tls {
        return tls_error(t, &host);
    }
    let reason = chain
        .causes
        .last()
        .cloned()
        .unwrap_or_else(|| e.to_string());
    let below = chain.causes.join(": ").to_ascii_lowercase();
    use std::io::ErrorKind as Io;
    if e.is_timeout() || chain.io == Some(Io::TimedOut) {
        // Silences are timed in `call_once`; what reqwest times is connecting and the whole
        // exchange.
        let detail = if e.is_connect() {
            format!("no connection could be made in time ({reason})")
        } else {
            format!("the whole reply took longer than {}", secs(total))
        };
        return Error::new(ErrorKind::Timeout, detail);
    }
    let kind = if e.is_connect() && DNS_WORDS.iter().any(|w| below.contains(w)) {
        ErrorKind::Dns
    } else if e.is_connect() && https && chain.io == Some(Io::UnexpectedEof) {
        // The TCP connection was made, then closed while the handshake was under way.
        return Error::tls(
            TlsProblem::Handshake,
            format!(
                "{host} closed the connection during the secure (TLS) handshake. Check the address: the server may not speak HTTPS on that port."
            ),
        );
    } else if e.is_connect() {
        ErrorKind::Connect
    } else {
        ErrorKind::Network
    };
    Error::new(kind, reason)
}

/// A name from the certificate as rustls lists it (`DnsName("a.example.com")`, an IP
/// address), without the debug dressing.
fn presented_name(n: &str) -> &str {
    match (n.find("(\""), n.rfind("\")")) {
        (Some(a), Some(b)) if a + 2 <= b => &n[a + 2..b],
        _ => n,
    }
}

/// The sentence for a rustls failure: which host, what exactly, and what to do.
pub(crate) fn tls_error(err: &rustls::Error, host: &str) -> Error {
    use rustls::CertificateError as C;
    let (problem, sentence) = match err {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => (
                TlsProblem::UnknownAuthority,
                format!(
                    "The certificate of {host} is not signed by an authority this computer trusts (it is self-signed or issued by a company CA). If your organisation has its own certificate authority, add its CA certificate file (PEM) when signing in; otherwise check the address."
                ),
            ),
            C::Expired | C::ExpiredContext { .. } => (
                TlsProblem::Expired,
                format!(
                    "The certificate of {host} has expired. The server's administrator must renew it (if this computer's date is wrong, correct it)."
                ),
            ),
            C::NotValidYet | C::NotValidYetContext { .. } => (
                TlsProblem::NotYetValid,
                format!(
                    "The certificate of {host} is not valid yet. Check this computer's date and time."
                ),
            ),
            C::NotValidForNameContext { presented, .. } if !presented.is_empty() => (
                TlsProblem::WrongHost,
                format!(
                    "The certificate of {host} is for another name ({}). Check the server address: use the name the certificate was issued for.",
                    presented
                        .iter()
                        .map(|n| presented_name(n))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            C::NotValidForName | C::NotValidForNameContext { .. } => (
                TlsProblem::WrongHost,
                format!(
                    "The certificate of {host} is for another name. Check the server address: use the name the certificate was issued for."
                ),
            ),
            C::Revoked => (
                TlsProblem::Revoked,
                format!(
                    "The certificate of {host} has been revoked by its issuer. Tell the server's administrator."
                ),
            ),
            other => (
                TlsProblem::BadCertificate,
                format!(
                    "The certificate of {host} was not accepted ({other:?}). Tell the server's administrator."
                ),
            ),
        },
        rustls::Error::AlertReceived(alert) => (
            TlsProblem::AlertReceived,
            format!(
                "{host} refused the secure (TLS) connection (alert: {alert:?}). It may require a client certificate or a TLS version Trackmate does not use."
            ),
        ),
        other => (
            TlsProblem::Handshake,
            format!(
                "A secure (TLS) connection to {host} could not be made ({other}). Check the address: the server may not speak HTTPS on that port."
            ),
        ),
    };
    Error::tls(problem, sentence)
}
