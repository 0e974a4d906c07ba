//! `place/*` requests: points of interest, fetched page by page.

use crate::Client;
use crate::error::Result;
use crate::models::{Place, PlaceList};
use crate::params::Params;

/// `place/*` requests.
pub struct PlaceHandler<'a> {
    pub(crate) client: &'a Client,
}

/// Places asked for per page.
const PAGE: usize = 1000;

impl PlaceHandler<'_> {
    /// Every place of the account.
    pub async fn list(&self) -> Result<Vec<Place>> {
        let mut all: Vec<Place> = Vec::new();
        loop {
            let p = Params::new().set("limit", PAGE).set("offset", all.len());
            let r: PlaceList = self.client.call("place/list", &p).await?;
            let got = r.list.len();
            all.extend(r.list);
            let total = r.count.map(|c| c as usize);
            if got < PAGE || got == 0 || total.is_some_and(|t| all.len() >= t) {
                return Ok(all);
            }
        }
    }
}
