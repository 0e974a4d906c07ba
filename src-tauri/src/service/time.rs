//! Times across the IPC: RFC 3339 with the user's offset, both ways.

use chrono::{DateTime, SecondsFormat};
use trackmate_api::{Client, Time};

use crate::error::AppError;

/// Reads a UI time (any offset) as a time in the user's zone.
pub fn parse(client: &Client, s: &str) -> Result<Time, AppError> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.with_timezone(&client.time_zone()))
        .map_err(|e| {
            AppError::invalid_input(format!(
                "{s:?} is not an RFC 3339 time such as 2024-06-14T08:12:00+05:00 ({e})."
            ))
        })
}

/// `from`..`to` checked to be a real period.
pub fn period(client: &Client, from: &str, to: &str) -> Result<(Time, Time), AppError> {
    let (a, b) = (parse(client, from)?, parse(client, to)?);
    if b <= a {
        return Err(AppError::invalid_input(
            "The period's end must be after its start.",
        ));
    }
    Ok((a, b))
}

/// A time as the UI gets it: whole seconds (the server's resolution) with the user's offset.
pub fn format(t: &Time) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppErrorKind;

    #[test]
    fn times_keep_the_users_offset() {
        let c = Client::new("https://x.test/v2").unwrap();
        c.set_time_zone("Asia/Almaty").unwrap();
        let t = parse(&c, "2024-06-14T03:12:00Z").unwrap();
        let s = format(&t);
        assert!(s.starts_with("2024-06-14T0"), "{s}");
        assert!(s.ends_with("+05:00") || s.ends_with("+06:00"), "{s}");
        assert_eq!(parse(&c, &s).unwrap(), t);
        assert_eq!(
            parse(&c, "yesterday").unwrap_err().kind,
            AppErrorKind::InvalidInput
        );
        assert_eq!(
            period(&c, &s, &s).unwrap_err().kind,
            AppErrorKind::InvalidInput
        );
    }
}
