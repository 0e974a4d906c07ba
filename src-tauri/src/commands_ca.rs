//! The commands of a server's company CA certificate (docs/ipc.md): pick it in a dialog the
//! Rust side opens — the page never sends a path — show what is kept, forget it.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::dto::CaCertificateInfo;
use crate::error::AppError;
use crate::service::company_ca;
use crate::state::AppState;

type Res<T> = Result<T, AppError>;

/// Opens a file dialog for a CA certificate (PEM) and keeps it for `server`; `None` when the
/// user cancelled.
#[tauri::command]
pub async fn pick_ca_certificate<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    server: String,
) -> Res<Option<CaCertificateInfo>> {
    trackmate_api::normalize_base(&server)?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Company CA certificate")
        .add_filter("CA certificate (PEM)", &["pem", "crt", "cer"])
        .pick_file(move |picked| {
            let _ = tx.send(picked);
        });
    let Some(picked) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    let path = picked
        .into_path()
        .map_err(|e| AppError::invalid_input(format!("The chosen file cannot be read: {e}")))?;
    company_ca::remember_file(&state.settings, &server, &path).map(Some)
}

/// The company CA certificate kept for `server`, if any.
#[tauri::command]
pub fn ca_certificate(state: State<'_, AppState>, server: String) -> Option<CaCertificateInfo> {
    company_ca::shown(&state.settings, &server)
}

/// Stops trusting the company CA certificate kept for `server`.
#[tauri::command]
pub fn forget_ca_certificate(state: State<'_, AppState>, server: String) -> Res<()> {
    company_ca::forget(&state.settings, &server)
}
