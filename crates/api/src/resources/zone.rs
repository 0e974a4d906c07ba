//! `zone/*` requests: geofences and their points.

use crate::Client;
use crate::error::Result;
use crate::models::{RecordList, ZoneList, ZonePoint};
use crate::params::Params;

/// `zone/*` requests.
pub struct ZoneHandler<'a> {
    pub(crate) client: &'a Client,
}

impl ZoneHandler<'_> {
    /// Every geofence; with `with_points`, polygons and corridors carry their points.
    /// Zones of an unknown kind and points without a position are counted in `left_out`.
    pub async fn list(&self, with_points: bool) -> Result<ZoneList> {
        self.client
            .call("zone/list", &Params::new().set("with_points", with_points))
            .await
    }

    /// The points of one polygon or corridor (circles have none: code 230).
    pub async fn points(&self, zone_id: i64) -> Result<RecordList<ZonePoint>> {
        self.client
            .call("zone/point/list", &Params::new().set("zone_id", zone_id))
            .await
    }
}
