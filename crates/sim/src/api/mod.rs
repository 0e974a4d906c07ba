//! The API surface: endpoint table with each endpoint's access level, the per-request context
//! handlers see, and the reply type (a JSON body, or a producer for streamed huge bodies).

mod geo_objects;
mod history;
mod render;
mod track;
mod tracker;
mod unread;
mod user;

pub use tracker::write_state;

use chrono::{DateTime, Utc};

use crate::codes::{ApiError, ApiResult};
use crate::fleet::TrackerMeta;
use crate::jsonw::Jw;
use crate::params::Params;
use crate::state::Sim;
use crate::timefmt::TimeFmt;

/// Feeds body chunks to the connection; returns false once the client has gone away.
pub type Sink<'a> = &'a mut dyn FnMut(Vec<u8>) -> bool;

pub enum Reply {
    Body(Vec<u8>),
    /// Rendered on a blocking thread chunk by chunk, for million-point responses.
    Stream(Box<dyn FnOnce(Sink<'_>) + Send>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Access {
    /// No credential needed (`user/auth`, `dealer/get_ui_config`).
    Public,
    /// Only the restricted hash from a 2FA `user/auth` (`user/auth/code/*`).
    SecondFactor,
    /// A full session hash.
    Session,
}

pub type Handler = fn(&Ctx) -> ApiResult<Reply>;

/// Endpoint name (no prefix, no slashes) → access level and handler.
pub fn lookup(endpoint: &str) -> Option<(Access, Handler)> {
    use Access::*;
    let entry: (Access, Handler) = match endpoint {
        "user/auth" => (Public, user::auth),
        "user/auth/code/verify" => (SecondFactor, user::code_verify),
        "user/auth/code/resend" => (SecondFactor, user::code_resend),
        "user/get_info" => (Session, user::get_info),
        "user/settings/read" => (Session, user::settings_read),
        "user/logout" => (Session, user::logout),
        "user/session/renew" => (Session, user::session_renew),
        "dealer/get_ui_config" => (Public, user::dealer_ui_config),
        "base/nothing" => (Session, user::nothing),
        "tracker/list" => (Session, tracker::list),
        "tracker/read" => (Session, tracker::read),
        "tracker/group/list" => (Session, tracker::group_list),
        "tracker/get_state" => (Session, tracker::get_state),
        "tracker/get_states" => (Session, tracker::get_states),
        "tracker/get_last_gps_point" => (Session, tracker::get_last_gps_point),
        "track/list" => (Session, track::list),
        "track/read" => (Session, track::read),
        "zone/list" => (Session, geo_objects::zone_list),
        "zone/read" => (Session, geo_objects::zone_read),
        "zone/point/list" => (Session, geo_objects::zone_point_list),
        "place/list" => (Session, geo_objects::place_list),
        "history/tracker/list" => (Session, history::tracker_list),
        "history/type/list" => (Session, history::type_list),
        "history/unread/list" => (Session, unread::list),
        "history/unread/count" => (Session, unread::count),
        "history/mark_read" => (Session, unread::mark_read),
        "history/mark_read_all" => (Session, unread::mark_read_all),
        _ => return None,
    };
    Some(entry)
}

/// Everything a handler may look at for one request.
pub struct Ctx<'a> {
    pub sim: &'a Sim,
    pub p: &'a Params,
    /// The credential as sent (already validated for non-public endpoints).
    pub hash: Option<String>,
    pub iso: bool,
    pub now: DateTime<Utc>,
}

impl Ctx<'_> {
    pub fn tf(&self) -> TimeFmt {
        TimeFmt::new(self.sim.tz, self.iso)
    }

    pub fn render_time(&self, t: DateTime<Utc>) -> String {
        self.tf().render(t)
    }

    /// Start of the storage period: older data is clipped (with `limit_exceeded`), not an error.
    pub fn storage_start(&self) -> DateTime<Utc> {
        self.now - chrono::Duration::days(self.sim.config.history_days as i64)
    }

    /// The tracker named by `tracker_id`: 201 when it is not the user's.
    pub fn tracker(&self) -> ApiResult<&TrackerMeta> {
        let id = self.p.req_i64("tracker_id")?;
        self.sim.fleet.tracker(id).ok_or_else(|| ApiError::new(201))
    }

    /// Like `tracker()`, and 208 when the device is blocked (per-tracker data calls).
    pub fn data_tracker(&self) -> ApiResult<&TrackerMeta> {
        let t = self.tracker()?;
        if t.blocked {
            return Err(ApiError::new(208));
        }
        Ok(t)
    }

    /// An optional `point_limit` in the documented 2–3000 range.
    pub fn point_limit(&self) -> ApiResult<Option<usize>> {
        match self.p.opt_i64("point_limit")? {
            None => Ok(None),
            Some(n) if (2..=3000).contains(&n) => Ok(Some(n as usize)),
            Some(_) => Err(ApiError::param("point_limit", "Must be between 2 and 3000")),
        }
    }
}

/// `{"success":true, ...}` with the rest written by `f`.
pub fn ok(f: impl FnOnce(&mut Jw)) -> ApiResult<Reply> {
    let mut w = Jw::default();
    w.obj().kbool("success", true);
    f(&mut w);
    w.end_obj();
    Ok(Reply::Body(w.finish()))
}

/// `{"success":true}` merged with the keys of a `serde_json` object (for static-ish payloads).
pub fn ok_json(v: serde_json::Value) -> ApiResult<Reply> {
    let mut obj = serde_json::Map::new();
    obj.insert("success".into(), true.into());
    if let serde_json::Value::Object(m) = v {
        obj.extend(m);
    }
    Ok(Reply::Body(
        serde_json::to_vec(&serde_json::Value::Object(obj)).expect("JSON serializes"),
    ))
}
