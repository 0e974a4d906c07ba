//! `dealer/*` requests: the server's brand settings and platform limits.

use crate::Client;
use crate::error::Result;
use crate::models::UiConfig;
use crate::params::Params;

/// `dealer/*` requests.
pub struct DealerHandler<'a> {
    pub(crate) client: &'a Client,
}

impl DealerHandler<'_> {
    /// `dealer/get_ui_config` for the signed-in session (the hash travels in the header; the
    /// docs also want it as a parameter when no `domain` is given).
    pub async fn ui_config(&self) -> Result<UiConfig> {
        let p = Params::new().set(
            "hash",
            self.client.session_hash().map(|h| h.expose().to_owned()),
        );
        self.client.call("dealer/get_ui_config", &p).await
    }

    /// `dealer/get_ui_config` by the web UI's domain, before signing in.
    pub async fn ui_config_for_domain(&self, domain: &str) -> Result<UiConfig> {
        let p = Params::new().set("domain", domain);
        self.client.call("dealer/get_ui_config", &p).await
    }
}
