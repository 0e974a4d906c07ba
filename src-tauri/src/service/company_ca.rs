//! A server's company CA certificate: read once from the file the user picked (the Rust side
//! opens the dialog; the page never sends a path), kept with the settings by server address,
//! and trusted — besides the built-in roots — by every client made for that server.

use std::path::Path;

use trackmate_api::CaBundle;

use crate::dto::CaCertificateInfo;
use crate::error::AppError;
use crate::service::settings::{CompanyCa, SettingsStore};

fn info(file_name: &str, bundle: &CaBundle) -> CaCertificateInfo {
    CaCertificateInfo {
        file_name: file_name.to_owned(),
        certificates: u32::try_from(bundle.len()).unwrap_or(u32::MAX),
    }
}

/// Reads the picked file and keeps it for `server`; fails (keeping nothing) when it holds no
/// certificate.
pub fn remember_file(
    settings: &SettingsStore,
    server: &str,
    path: &Path,
) -> Result<CaCertificateInfo, AppError> {
    let bundle = CaBundle::read(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "certificate".to_owned());
    remember(settings, server, &file_name, &bundle)
}

/// Keeps `bundle` for `server`.
pub fn remember(
    settings: &SettingsStore,
    server: &str,
    file_name: &str,
    bundle: &CaBundle,
) -> Result<CaCertificateInfo, AppError> {
    trackmate_api::normalize_base(server)?;
    let ca = CompanyCa {
        file_name: file_name.to_owned(),
        pem: String::from_utf8_lossy(bundle.pem()).into_owned(),
    };
    settings.set_company_ca(server, Some(ca))?;
    Ok(info(file_name, bundle))
}

/// What is kept for `server`, if anything.
pub fn shown(settings: &SettingsStore, server: &str) -> Option<CaCertificateInfo> {
    let ca = settings.company_ca(server)?;
    let bundle = CaBundle::from_pem(ca.pem.as_bytes()).ok()?;
    Some(info(&ca.file_name, &bundle))
}

/// Stops trusting the CA kept for `server`.
pub fn forget(settings: &SettingsStore, server: &str) -> Result<(), AppError> {
    settings.set_company_ca(server, None)
}

/// The CA to trust for `server` when making its client. A kept file that no longer reads as
/// a certificate is an error naming what to do, not a silent fallback to the built-in roots.
pub fn bundle_for(settings: &SettingsStore, server: &str) -> Result<Option<CaBundle>, AppError> {
    let Some(ca) = settings.company_ca(server) else {
        return Ok(None);
    };
    CaBundle::from_pem(ca.pem.as_bytes()).map(Some).map_err(|e| {
        AppError::invalid_input(format!(
            "The company CA certificate kept for this server ({}) is unusable: {}. Choose it again on the sign-in form.",
            ca.file_name,
            e.message()
        ))
    })
}
