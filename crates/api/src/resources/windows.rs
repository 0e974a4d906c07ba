//! Splitting a long period into windows the server accepts, learning a smaller window when it
//! still answers 211 "time span too big", and merging the results in order.

use crate::Client;
use crate::codes::ApiCode;
use crate::error::{Error, ErrorKind, Result};
use crate::time::Time;
use chrono::Duration;
use std::future::Future;

/// Which limit a windowed request is bound by.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SpanLimit {
    Track,
    History,
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

    /// Calls `fetch` for consecutive windows `[start, end]` covering `[from, to]`, each at most the
    /// known maximum span; windows do not overlap (the next starts one second later, the
    /// server's resolution). A 211 reply halves the window and asks again, down to `min_window`.
    pub(crate) async fn over_windows<T, F, Fut>(
        &self,
        which: SpanLimit,
        from: &Time,
        to: &Time,
        mut fetch: F,
    ) -> Result<Vec<T>>
    where
        F: FnMut(Time, Time) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        if to <= from {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "The period's end must be after its start.",
            ));
        }
        let min = self.limits().min_window;
        let mut span = self.max_span(which).max(min);
        let mut start = *from;
        let mut out = Vec::new();
        loop {
            let end = if *to - start <= span {
                *to
            } else {
                start + span
            };
            match fetch(start, end).await {
                Ok(v) => out.push(v),
                Err(e) if e.api_code() == Some(ApiCode::TimeSpanTooBig) && span > min => {
                    span = (span / 2).max(min);
                    self.learn_span(which, span);
                    continue;
                }
                Err(e) => return Err(e),
            }
            if end >= *to {
                return Ok(out);
            }
            start = end + Duration::seconds(1);
            if start > *to {
                return Ok(out);
            }
        }
    }
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

    #[tokio::test]
    async fn windows_cover_the_period_without_overlap() {
        let c = Client::new("http://127.0.0.1:9/v2").unwrap();
        let mut l = c.limits();
        l.track_max_span = Duration::days(7);
        c.set_limits(l);
        let seen = Mutex::new(vec![]);
        let out = c
            .over_windows(SpanLimit::Track, &t(1, 0), &t(20, 0), |a, b| {
                seen.lock().unwrap().push((a, b));
                async move { Ok::<_, Error>(b) }
            })
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
        let out = c
            .over_windows(SpanLimit::History, &t(1, 0), &t(31, 0), |a, b| {
                let span = b - a;
                spans.lock().unwrap().push(span);
                async move {
                    if span > Duration::days(10) {
                        Err(Error::api(ApiError {
                            code: ApiCode::TimeSpanTooBig,
                            http_status: 400,
                            description: String::new(),
                            parameter_errors: vec![],
                        }))
                    } else {
                        Ok(span)
                    }
                }
            })
            .await
            .unwrap();
        assert!(out.iter().all(|s| *s <= Duration::days(10)));
        assert_eq!(
            c.limits().history_max_span,
            Duration::minutes(7 * 24 * 60 + 12 * 60)
        );
    }
}
