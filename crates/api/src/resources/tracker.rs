//! `tracker/*` requests: the object list, groups, live states (chunked by the server's 2000-id
//! limit) and last GPS points.

use crate::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{
    LastGpsPoint, RawTracker, RecordList, RecordValue, StateReply, Tracker, TrackerGroup,
    TrackerList, TrackerState, TrackerStates,
};
use crate::params::Params;

/// `tracker/*` requests.
pub struct TrackerHandler<'a> {
    pub(crate) client: &'a Client,
}

crate::lenient::lenient_struct! {
    /// `tracker/read`: the tracker is read raw, so that one without an id takes the id asked for.
    #[derive(Default)]
    struct ReadReply: build {
        value: RawTracker,
    }
}

impl TrackerHandler<'_> {
    /// Every tracker of the account (blocked ones too, flagged in `source.blocked`); trackers
    /// that could not be read are counted in `left_out`.
    pub async fn list(&self) -> Result<TrackerList> {
        self.client.call("tracker/list", &Params::new()).await
    }

    /// Trackers whose label contains any of `labels` (server-side substring match).
    pub async fn list_by_labels(&self, labels: &[&str]) -> Result<TrackerList> {
        if labels.is_empty()
            || labels.len() > 1024
            || labels
                .iter()
                .any(|l| l.is_empty() || l.chars().count() > 60)
        {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Give 1 to 1024 labels of 1 to 60 characters each.",
            ));
        }
        self.client
            .call("tracker/list", &Params::new().set("labels", labels))
            .await
    }

    /// One tracker.
    pub async fn read(&self, tracker_id: i64) -> Result<Tracker> {
        let mut r: ReadReply = self
            .client
            .call("tracker/read", &Params::new().set("tracker_id", tracker_id))
            .await?;
        r.value.id = r.value.id.or(Some(tracker_id));
        crate::lenient::Build::build(r.value).map_err(|why| {
            Error::new(
                ErrorKind::Decode,
                format!("tracker/read: a tracker {}", why.phrase()),
            )
        })
    }

    /// Groups (group 0, "no group", is implicit and not listed).
    pub async fn groups(&self) -> Result<RecordList<TrackerGroup>> {
        self.client.call("tracker/group/list", &Params::new()).await
    }

    /// One tracker's live state.
    pub async fn state(&self, tracker_id: i64) -> Result<TrackerState> {
        let r: StateReply = self
            .client
            .call(
                "tracker/get_state",
                &Params::new().set("tracker_id", tracker_id),
            )
            .await?;
        Ok(r.state)
    }

    /// Live states of many trackers, in calls of at most `limits().states_per_call` ids. Blocked
    /// and unknown ids are reported in the result rather than failing the whole call.
    pub async fn states(&self, tracker_ids: &[i64]) -> Result<TrackerStates> {
        let mut all = TrackerStates::default();
        let chunk = self.client.limits().states_per_call.max(1);
        for ids in tracker_ids.chunks(chunk) {
            let p = Params::new()
                .set("trackers", ids)
                .set("list_blocked", true)
                .set("allow_not_exist", true);
            let r: TrackerStates = self.client.call("tracker/get_states", &p).await?;
            all.user_time = r.user_time.or(all.user_time);
            all.states.extend(r.states);
            all.blocked.extend(r.blocked);
            all.not_exist.extend(r.not_exist);
            all.left_out += r.left_out;
        }
        Ok(all)
    }

    /// The last valid GPS fix (cell-tower fixes are ignored by the server); `value` is `None`
    /// when the server sent none that can be placed (`left_out` says why).
    pub async fn last_gps_point(&self, tracker_id: i64) -> Result<RecordValue<LastGpsPoint>> {
        self.client
            .call(
                "tracker/get_last_gps_point",
                &Params::new().set("tracker_id", tracker_id),
            )
            .await
    }
}
