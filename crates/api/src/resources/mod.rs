//! Requests, one module per API resource (octocrab style: `client.tracks().read(..)`); each
//! handler borrows the client and returns the typed models of `models/`.

pub mod dealer;
pub mod history;
pub mod place;
pub mod track;
pub mod tracker;
pub mod user;
pub mod windows;
pub mod zone;

use crate::Client;

/// A reply with nothing but `success` (sign-out, marking read).
#[derive(serde::Deserialize)]
pub(crate) struct Empty {}

impl Client {
    /// `user/*`: sign-in, user info and settings, sign-out.
    pub fn user(&self) -> user::UserHandler<'_> {
        user::UserHandler { client: self }
    }
    /// `dealer/*`: the server's brand settings and limits.
    pub fn dealer(&self) -> dealer::DealerHandler<'_> {
        dealer::DealerHandler { client: self }
    }
    /// `tracker/*`: objects, groups, live states.
    pub fn trackers(&self) -> tracker::TrackerHandler<'_> {
        tracker::TrackerHandler { client: self }
    }
    /// `track/*`: trips and track points.
    pub fn tracks(&self) -> track::TrackHandler<'_> {
        track::TrackHandler { client: self }
    }
    /// `zone/*`: geofences.
    pub fn zones(&self) -> zone::ZoneHandler<'_> {
        zone::ZoneHandler { client: self }
    }
    /// `place/*`: points of interest.
    pub fn places(&self) -> place::PlaceHandler<'_> {
        place::PlaceHandler { client: self }
    }
    /// `history/*`: events.
    pub fn history(&self) -> history::HistoryHandler<'_> {
        history::HistoryHandler { client: self }
    }
}
