//! `history/*` requests: events of trackers over a period, paged by the server's entry limit
//! and split into windows by its span limit.

use super::Empty;
use super::windows::{ReadControl, SpanLimit};
use crate::Client;
use crate::codes::ApiCode;
use crate::error::{Error, ErrorKind, Result};
use crate::lenient::lenient_struct;
use crate::models::{EventType, HistoryList, RecordList};
use crate::params::Params;
use crate::time::Time;
use chrono::Duration;
use std::collections::HashSet;

lenient_struct! {
    /// `history/unread/count`'s reply.
    #[derive(Default)]
    struct UnreadCount: build {
        count: Option<u64>,
    }
}

/// `history/*` requests.
pub struct HistoryHandler<'a> {
    pub(crate) client: &'a Client,
}

/// Options of `history/tracker/list`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryOptions {
    /// Only these event types (all when `None`).
    pub events: Option<Vec<String>>,
    pub only_emergency: Option<bool>,
    /// Prefix messages with the tracker's label (server default true).
    pub add_tracker_label: Option<bool>,
}

impl HistoryHandler<'_> {
    /// Every event of `trackers` in `[from, to]`, oldest first, fetched in pages of the
    /// server's maximum and windows of its maximum span.
    pub async fn tracker_list(
        &self,
        trackers: &[i64],
        from: &Time,
        to: &Time,
        opts: &HistoryOptions,
    ) -> Result<HistoryList> {
        if trackers.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "Name at least one object.",
            ));
        }
        let parts = self
            .client
            .over_windows(
                SpanLimit::History,
                &[(*from, *to)],
                &ReadControl::default(),
                |_| 0,
                |a, b, _| self.window(trackers, a, b, opts),
            )
            .await?;
        let mut out = HistoryList::default();
        let mut seen = HashSet::new();
        for part in parts {
            out.limit_exceeded |= part.limit_exceeded;
            out.total_unread = part.total_unread.or(out.total_unread);
            out.left_out += &part.left_out;
            out.list
                .extend(part.list.into_iter().filter(|e| seen.insert(e.id)));
        }
        out.total = Some(out.list.len() as u64);
        Ok(out)
    }

    /// One window, page by page: each page starts at the last entry's time; entries already
    /// seen (same id) are skipped.
    async fn window(
        &self,
        trackers: &[i64],
        from: Time,
        to: Time,
        opts: &HistoryOptions,
    ) -> Result<HistoryList> {
        let tz = self.client.time_zone();
        let mut out = HistoryList::default();
        let mut seen = HashSet::new();
        let mut cursor = from;
        loop {
            let limit = self.client.limits().history_max_limit.max(1);
            let p = Params::new()
                .set("trackers", trackers)
                .time("from", &cursor, tz)
                .time("to", &to, tz)
                .set("limit", limit)
                .set("ascending", true)
                .set("events", opts.events.as_ref())
                .set("only_emergency", opts.only_emergency)
                .set("add_tracker_label", opts.add_tracker_label);
            let page: HistoryList = match self.client.call("history/tracker/list", &p).await {
                Err(e) if e.api_code() == Some(ApiCode::LimitTooBig) && limit > 10 => {
                    // The server allows fewer than it said: ask for less from now on.
                    let mut l = self.client.limits();
                    l.history_max_limit = limit / 2;
                    self.client.set_limits(l);
                    continue;
                }
                other => other?,
            };
            out.total_unread = page.total_unread;
            out.left_out += &page.left_out;
            let last_time = page.list.last().map(|e| e.time);
            out.list
                .extend(page.list.into_iter().filter(|e| seen.insert(e.id)));
            if !page.limit_exceeded {
                return Ok(out);
            }
            // A full page with no usable entry gives no time to continue from: say the list is
            // incomplete rather than loop.
            let Some(next) = last_time else {
                out.limit_exceeded = true;
                return Ok(out);
            };
            // A full page within one second cannot be paged by time: step past that second and
            // say the list is incomplete.
            cursor = if next <= cursor {
                out.limit_exceeded = true;
                cursor + Duration::seconds(1)
            } else {
                next
            };
            if cursor > to {
                return Ok(out);
            }
        }
    }

    /// Unread events of all the user's objects (`history/unread/list`), newest first, at most
    /// `limit` (the server's cap when `None`), since `from` (the server's default when `None`:
    /// 30 days or a year back, the docs disagree).
    pub async fn unread(&self, limit: Option<u32>, from: Option<&Time>) -> Result<HistoryList> {
        let mut p = Params::new();
        if let Some(l) = limit {
            p = p.set("limit", l);
        }
        if let Some(f) = from {
            p = p.set("from", f);
        }
        let mut r: HistoryList = self.client.call("history/unread/list", &p).await?;
        r.list
            .sort_by(|a, b| b.time.cmp(&a.time).then(b.id.cmp(&a.id)));
        Ok(r)
    }

    /// How many events are unread (`history/unread/count`).
    pub async fn unread_count(&self) -> Result<u64> {
        let r: UnreadCount = self
            .client
            .call("history/unread/count", &Params::new())
            .await?;
        Ok(r.count.unwrap_or(0))
    }

    /// Marks one event read (`history/mark_read`; error 201 when it is not unread).
    pub async fn mark_read(&self, id: i64) -> Result<()> {
        self.client
            .call::<Empty>("history/mark_read", &Params::new().set("id", id))
            .await
            .map(|_| ())
    }

    /// Marks every event read (`history/mark_read_all`).
    pub async fn mark_read_all(&self) -> Result<()> {
        self.client
            .call::<Empty>("history/mark_read_all", &Params::new())
            .await
            .map(|_| ())
    }

    /// Event types with descriptions in `locale` (e.g. `en_US`).
    pub async fn types(&self, locale: &str) -> Result<RecordList<EventType>> {
        self.client
            .call("history/type/list", &Params::new().set("locale", locale))
            .await
    }
}
