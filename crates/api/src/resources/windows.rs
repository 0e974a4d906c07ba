//! The one window planner: splitting periods into windows the server accepts, learning a
//! smaller window when it still answers 211 "time span too big", reporting progress after
//! each window and stopping when the caller cancels. Results come back in order, one per
//! window, for the resource to merge.

use crate::Client;
use crate::codes::ApiCode;
use crate::error::{Error, ErrorKind, Result};
use crate::time::Time;
use chrono::Duration;
use futures::StreamExt;
use futures::stream::FuturesOrdered;
use std::future::Future;
use tokio_util::sync::CancellationToken;

/// Which limit a windowed request is bound by.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SpanLimit {
    Track,
    History,
}

/// Where a windowed read stands, reported after each window (and once before the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowProgress {
    /// Windows read so far.
    pub done: u32,
    /// Windows planned in all (grows if the server makes the client shrink its window).
    pub total: u32,
    /// Items (points, events) read so far.
    pub items: u64,
}

/// How a caller steers a windowed read: a cancel token, a progress callback, and a preferred
/// window shorter than the server's limit (finer progress, earlier cancel points).
#[derive(Default, Clone, Copy)]
pub struct ReadControl<'a> {
    /// Fails the read with [`ErrorKind::Cancelled`] as soon as it fires, also mid-request
    /// (the request in flight is dropped).
    pub cancel: Option<&'a CancellationToken>,
    /// Called before the first window and after each one.
    pub progress: Option<&'a (dyn Fn(WindowProgress) + Send + Sync)>,
    /// Windows no longer than this, even when the server allows more.
    pub max_window: Option<Duration>,
}

impl std::fmt::Debug for ReadControl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadControl")
            .field("cancel", &self.cancel.map(CancellationToken::is_cancelled))
            .field("progress", &self.progress.is_some())
            .field("max_window", &self.max_window)
            .finish()
    }
}

/// Windows of at most `span` covering `[from, to]`: how many there are.
fn count_windows(from: &Time, to: &Time, span: Duration) -> u32 {
    // Each window covers `span` and the next starts one second later.
    let step = (span + Duration::seconds(1)).num_seconds().max(1);
    let len = (*to - *from).num_seconds().max(0);
    u32::try_from(len / step + 1).unwrap_or(u32::MAX)
}

/// Waits for `fut` unless `cancel` fires first.
async fn or_cancel<T>(
    cancel: Option<&CancellationToken>,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    match cancel {
        None => fut.await,
        Some(c) => tokio::select! {
            biased;
            _ = c.cancelled() => Err(Error::cancelled()),
            r = fut => r,
        },
    }
}

impl Client {
    fn max_span(&self, which: SpanLimit) -> Duration {
        let l = self.limits();
        match which {
            SpanLimit::Track => l.track_max_span,
            SpanLimit::History => l.history_max_span,
        }
    }

    fn learn_span(&self, which: SpanLimit, span: Duration) {
        let mut l = self.limits();
        match which {
            SpanLimit::Track => l.track_max_span = span,
            SpanLimit::History => l.history_max_span = span,
        }
        self.set_limits(l);
    }

    /// Calls `fetch(start, end, period)` for consecutive windows `[start, end]` covering each
    /// of `periods` in turn, each window at most the known maximum span (and the caller's
    /// `max_window`); windows do not overlap (the next starts one second later, the server's
    /// resolution). A 211 reply halves the window, remembers it and asks again, down to
    /// `min_window`. `items` counts what a window brought, for the progress reports. One window
    /// at a time: a cancel between windows sends no further request.
    pub(crate) async fn over_windows<T, F, Fut>(
        &self,
        which: SpanLimit,
        periods: &[(Time, Time)],
        ctl: &ReadControl<'_>,
        items: impl Fn(&T) -> u64,
        fetch: F,
    ) -> Result<Vec<T>>
    where
        F: FnMut(Time, Time, usize) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let mut out = Vec::new();
        self.each_window_ahead(which, periods, ctl, 1, items, fetch, |v| out.push(v))
            .await?;
        Ok(out)
    }

    /// [`Client::over_windows`] with up to `in_flight` windows asked at once, each result
    /// handed to `keep` as soon as it and every window before it have come: while one window's
    /// reply is decoded the next ones are already on their way. Results are still kept, and
    /// progress is still reported (after `keep`), in window order, each window once; a 211
    /// drops the windows asked after the one it answered (they used the old span, and none of
    /// them was kept) and plans the rest again. A cancel drops every window in flight.
    #[allow(clippy::too_many_arguments)] // the planner's inputs, each used once
    pub(crate) async fn each_window_ahead<T, F, Fut>(
        &self,
        which: SpanLimit,
        periods: &[(Time, Time)],
        ctl: &ReadControl<'_>,
        in_flight: usize,
        items: impl Fn(&T) -> u64,
        mut fetch: F,
        mut keep: impl FnMut(T),
    ) -> Result<()>
    where
        F: FnMut(Time, Time, usize) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        if periods.iter().any(|(from, to)| to <= from) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "The period's end must be after its start.",
            ));
        }
        // The limits are clamped to sane ranges (`Limits::clamped`), so no window is shorter
        // than an hour however small a span the server announced.
        let min = self.limits().min_window;
        let wanted = |server: Duration| match ctl.max_window {
            Some(w) => server.min(w).max(min),
            None => server.max(min),
        };
        let mut span = wanted(self.max_span(which));
        let plan = |span: Duration, from: &[(Time, Time)]| -> u32 {
            from.iter()
                .map(|(a, b)| count_windows(a, b, span))
                .fold(0u32, u32::saturating_add)
        };
        let mut total = plan(span, periods);
        let (mut done, mut read) = (0u32, 0u64);
        let report = |done, total, items| {
            if let Some(p) = ctl.progress {
                p(WindowProgress { done, total, items });
            }
        };
        report(done, total, read);
        // The next window to ask for (its period and start); `None` once every one is asked.
        let mut next = periods.first().map(|(from, _)| (0, *from));
        let mut asked = FuturesOrdered::new();
        loop {
            while asked.len() < in_flight.max(1) {
                let Some((i, start)) = next else { break };
                if ctl.cancel.is_some_and(CancellationToken::is_cancelled) {
                    return Err(Error::cancelled());
                }
                let to = periods[i].1;
                let end = if to - start <= span { to } else { start + span };
                next = window_after(periods, i, end);
                let reply = fetch(start, end, i);
                asked.push_back(async move { (i, start, reply.await) });
            }
            let answered = or_cancel(ctl.cancel, async { Ok(asked.next().await) }).await?;
            let Some((i, start, reply)) = answered else {
                break;
            };
            match reply {
                Ok(v) => {
                    read += items(&v);
                    keep(v);
                    done += 1;
                    report(done, total, read);
                }
                Err(e) if e.api_code() == Some(ApiCode::TimeSpanTooBig) && span > min => {
                    span = (span / 2).max(min);
                    self.learn_span(which, span);
                    asked = FuturesOrdered::new();
                    // Re-plan what is left: this period from `start`, then the others.
                    let rest = std::iter::once((start, periods[i].1))
                        .chain(periods.iter().skip(i + 1).copied())
                        .collect::<Vec<_>>();
                    total = done.saturating_add(plan(span, &rest));
                    next = Some((i, start));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Where the window after `[.., end]` of period `i` starts: one second after `end` in the
/// same period, else at the next period's start; `None` after the last.
fn window_after(periods: &[(Time, Time)], i: usize, end: Time) -> Option<(usize, Time)> {
    let to = periods[i].1;
    let start = end + Duration::seconds(1);
    if end < to && start <= to {
        return Some((i, start));
    }
    periods.get(i + 1).map(|(from, _)| (i + 1, *from))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::ApiCode;
    use crate::error::ApiError;
    use chrono::TimeZone;
    use chrono_tz::Tz;
    use std::sync::Mutex;

    fn t(day: u32, h: u32) -> Time {
        Tz::UTC.with_ymd_and_hms(2024, 1, day, h, 0, 0).unwrap()
    }

    fn span_too_big() -> Error {
        Error::api(ApiError {
            code: ApiCode::TimeSpanTooBig,
            http_status: 400,
            description: String::new(),
            parameter_errors: vec![],
        })
    }

    #[tokio::test]
    async fn windows_cover_the_period_without_overlap() {
        let c = Client::new("http://127.0.0.1:9/v2").unwrap();
        let mut l = c.limits();
        l.track_max_span = Duration::days(7);
        c.set_limits(l);
        let seen = Mutex::new(vec![]);
        let out = c
            .over_windows(
                SpanLimit::Track,
                &[(t(1, 0), t(20, 0))],
                &ReadControl::default(),
                |_| 1,
                |a, b, _| {
                    seen.lock().unwrap().push((a, b));
                    async move { Ok::<_, Error>(b) }
                },
            )
            .await
            .unwrap();
        let seen = seen.into_inner().unwrap();
        assert_eq!(out.len(), 3);
        assert_eq!(seen[0].0, t(1, 0));
        assert_eq!(seen[2].1, t(20, 0));
        for w in seen.windows(2) {
            assert_eq!(w[1].0 - w[0].1, Duration::seconds(1));
        }
    }

    #[tokio::test]
    async fn a_211_halves_the_window_and_is_remembered() {
        let c = Client::new("http://127.0.0.1:9/v2").unwrap();
        let spans = Mutex::new(vec![]);
        let reports = Mutex::new(vec![]);
        let progress = |p: WindowProgress| reports.lock().unwrap().push(p);
        let ctl = ReadControl {
            progress: Some(&progress),
            ..ReadControl::default()
        };
        let out = c
            .over_windows(
                SpanLimit::History,
                &[(t(1, 0), t(31, 0))],
                &ctl,
                |_| 1,
                |a, b, _| {
                    let span = b - a;
                    spans.lock().unwrap().push(span);
                    async move {
                        if span > Duration::days(10) {
                            Err(span_too_big())
                        } else {
                            Ok(span)
                        }
                    }
                },
            )
            .await
            .unwrap();
        assert!(out.iter().all(|s| *s <= Duration::days(10)));
        assert_eq!(
            c.limits().history_max_span,
            Duration::minutes(7 * 24 * 60 + 12 * 60)
        );
        // The plan grew when the window shrank; the last report is "all of them".
        let reports = reports.into_inner().unwrap();
        let last = *reports.last().unwrap();
        assert_eq!(
            (last.done, last.total),
            (out.len() as u32, out.len() as u32)
        );
        assert_eq!(
            reports[0],
            WindowProgress {
                done: 0,
                total: 1,
                items: 0
            }
        );
    }

    #[tokio::test]
    async fn a_span_of_zero_from_the_server_still_reads_in_hour_windows() {
        let c = Client::new("http://127.0.0.1:9/v2").unwrap();
        let mut l = c.limits();
        l.track_max_span = Duration::zero(); // `PT0S` announced
        l.min_window = Duration::zero();
        c.set_limits(l);
        let calls = Mutex::new(0u32);
        let out = c
            .over_windows(
                SpanLimit::Track,
                &[(t(1, 0), t(2, 0))],
                &ReadControl::default(),
                |_| 0,
                |_, _, _| {
                    *calls.lock().unwrap() += 1;
                    async { Ok::<_, Error>(()) }
                },
            )
            .await
            .unwrap();
        // A day in hour windows (each starts a second after the previous ends), not 86,400.
        assert_eq!(out.len(), 24);
        assert_eq!(*calls.lock().unwrap(), 24);
    }

    #[tokio::test]
    async fn several_periods_report_progress_and_cancel_stops_between_and_during_windows() {
        let c = Client::new("http://127.0.0.1:9/v2").unwrap();
        let periods = [(t(1, 0), t(3, 0)), (t(5, 0), t(5, 6))];
        let reports = Mutex::new(vec![]);
        let progress = |p: WindowProgress| reports.lock().unwrap().push(p);
        let ctl = ReadControl {
            progress: Some(&progress),
            max_window: Some(Duration::days(1)),
            ..ReadControl::default()
        };
        let out = c
            .over_windows(
                SpanLimit::Track,
                &periods,
                &ctl,
                |n: &u64| *n,
                |_, _, i| async move { Ok::<_, Error>(10 + i as u64) },
            )
            .await
            .unwrap();
        assert_eq!(out, vec![10, 10, 11]);
        let reports = reports.into_inner().unwrap();
        assert_eq!(reports.len(), 4);
        assert!(reports.iter().all(|r| r.total == 3));
        assert_eq!(
            reports[3],
            WindowProgress {
                done: 3,
                total: 3,
                items: 31
            }
        );

        // Cancelled mid-request: the request never finishes, the cancel ends the read.
        let cancel = CancellationToken::new();
        let ctl = ReadControl {
            cancel: Some(&cancel),
            ..ReadControl::default()
        };
        let started = Mutex::new(0);
        let e = c
            .over_windows(
                SpanLimit::Track,
                &periods,
                &ctl,
                |_| 0,
                |_, _, _| {
                    *started.lock().unwrap() += 1;
                    cancel.cancel();
                    std::future::pending::<Result<()>>()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Cancelled);
        assert_eq!(*started.lock().unwrap(), 1);
        // Cancelled before: nothing is asked.
        let e = c
            .over_windows(
                SpanLimit::Track,
                &periods,
                &ctl,
                |_| 0,
                |_, _, _| -> std::future::Ready<Result<()>> { panic!("no request after a cancel") },
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Cancelled);
    }

    #[test]
    fn window_counts_match_the_plan() {
        assert_eq!(count_windows(&t(1, 0), &t(1, 1), Duration::hours(1)), 1);
        assert_eq!(count_windows(&t(1, 0), &t(3, 0), Duration::days(1)), 2);
        assert_eq!(count_windows(&t(1, 0), &t(20, 0), Duration::days(7)), 3);
        assert_eq!(count_windows(&t(1, 0), &t(2, 0), Duration::hours(1)), 24);
    }
}
