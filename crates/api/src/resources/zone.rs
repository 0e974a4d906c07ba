//! `zone/*` requests: geofences and their points.

use crate::Client;
use crate::error::Result;
use crate::models::{Zone, ZonePoint};
use crate::params::Params;
use serde::Deserialize;

/// `zone/*` requests.
pub struct ZoneHandler<'a> {
    pub(crate) client: &'a Client,
}

#[derive(Deserialize)]
struct ListReply<T> {
    #[serde(default = "Vec::new")]
    list: Vec<T>,
}

impl ZoneHandler<'_> {
    /// Every geofence; with `with_points`, polygons and corridors carry their points.
    pub async fn list(&self, with_points: bool) -> Result<Vec<Zone>> {
        let r: ListReply<Zone> = self
            .client
            .call("zone/list", &Params::new().set("with_points", with_points))
            .await?;
        Ok(r.list)
    }

    /// The points of one polygon or corridor (circles have none: code 230).
    pub async fn points(&self, zone_id: i64) -> Result<Vec<ZonePoint>> {
        let r: ListReply<ZonePoint> = self
            .client
            .call("zone/point/list", &Params::new().set("zone_id", zone_id))
            .await?;
        Ok(r.list)
    }
}
