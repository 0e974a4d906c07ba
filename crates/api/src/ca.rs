//! Extra certificate authorities a client trusts besides the built-in ones: an on-premise
//! server signed by a company CA is reached by trusting that CA's certificate (PEM), never by
//! turning certificate checks off.

use crate::error::{Error, ErrorKind, Result};
use std::fmt;
use std::path::Path;

/// Largest CA file read: a bundle of a few hundred certificates is well under this; anything
/// bigger is not a certificate file.
const MAX_CA_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One or more CA certificates read from PEM text, checked when made. Keep [`pem`](Self::pem)
/// with a server profile to trust the same CA on the next start.
#[derive(Clone)]
pub struct CaBundle {
    pem: Vec<u8>,
    certs: Vec<reqwest::Certificate>,
}

impl fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaBundle")
            .field("certificates", &self.certs.len())
            .finish()
    }
}

impl CaBundle {
    /// Reads PEM text holding at least one `CERTIFICATE` block (other blocks are ignored).
    pub fn from_pem(pem: &[u8]) -> Result<CaBundle> {
        let invalid = |why: &str| {
            Error::new(
                ErrorKind::InvalidInput,
                format!(
                    "the CA certificate file {why}; it should hold one or more \"-----BEGIN CERTIFICATE-----\" blocks (PEM)"
                ),
            )
        };
        let certs = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|_| invalid("could not be read as PEM"))?;
        if certs.is_empty() {
            return Err(invalid("holds no certificate"));
        }
        Ok(CaBundle {
            pem: pem.to_vec(),
            certs,
        })
    }

    /// Reads a PEM file (at most 4 MB).
    pub fn read(path: &Path) -> Result<CaBundle> {
        use std::io::Read;
        let name = path.display();
        let file = std::fs::File::open(path).map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("cannot open the CA certificate file {name}: {e}"),
            )
        })?;
        let mut pem = Vec::new();
        file.take(MAX_CA_FILE_BYTES + 1)
            .read_to_end(&mut pem)
            .map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("cannot read the CA certificate file {name}: {e}"),
                )
            })?;
        if pem.len() as u64 > MAX_CA_FILE_BYTES {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("{name} is larger than 4 MB; it is not a CA certificate file"),
            ));
        }
        CaBundle::from_pem(&pem)
    }

    /// The PEM text as given (to store with a server profile).
    pub fn pem(&self) -> &[u8] {
        &self.pem
    }

    /// How many certificates the bundle holds.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    /// Never true: a bundle holds at least one certificate.
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    pub(crate) fn certificates(&self) -> impl Iterator<Item = reqwest::Certificate> + '_ {
        self.certs.iter().cloned()
    }

    /// The certificates in DER, for the live WebSocket's own rustls set-up (the same PEM that
    /// reqwest read, so the same certificates).
    pub(crate) fn der(&self) -> Vec<rustls::pki_types::CertificateDer<'static>> {
        use rustls::pki_types::pem::PemObject;
        rustls::pki_types::CertificateDer::pem_slice_iter(&self.pem)
            .filter_map(|c| c.ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_a_certificate_is_refused_with_what_it_should_hold() {
        for pem in [
            &b""[..],
            b"hello",
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            let e = CaBundle::from_pem(pem).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidInput);
            assert!(e.to_string().contains("BEGIN CERTIFICATE"), "{e}");
        }
    }

    #[test]
    fn a_missing_file_names_the_file() {
        let e = CaBundle::read(Path::new("/nonexistent/company-ca.pem")).unwrap_err();
        assert!(e.to_string().contains("company-ca.pem"), "{e}");
    }
}
