//! `place/*` requests: points of interest, fetched page by page.

use crate::Client;
use crate::error::Result;
use crate::models::PlaceList;
use crate::params::Params;

/// `place/*` requests.
pub struct PlaceHandler<'a> {
    pub(crate) client: &'a Client,
}

/// Places asked for per page.
const PAGE: usize = 1000;

impl PlaceHandler<'_> {
    /// Every place of the account; places that could not be used are counted in `left_out`.
    pub async fn list(&self) -> Result<PlaceList> {
        let mut all = PlaceList::default();
        // Places the server sent, usable or not: the next page's offset.
        let mut sent = 0usize;
        loop {
            let p = Params::new().set("limit", PAGE).set("offset", sent);
            let r: PlaceList = self.client.call("place/list", &p).await?;
            let got = r.list.len() + r.left_out.total() as usize;
            sent += got;
            all.list.extend(r.list);
            all.left_out += r.left_out;
            all.count = r.count.or(all.count);
            let total = r.count.map(|c| c as usize);
            if got < PAGE || got == 0 || total.is_some_and(|t| sent >= t) {
                return Ok(all);
            }
        }
    }
}
