//! The bodies of the network faults: a reply that stalls after its headers, a connection that
//! breaks mid-body, an endless or huge body and a gzip bomb. Each is a stream, so the emulator
//! never holds more than one piece of them in memory. Also a reply whose first record lacks a
//! field.

use std::io::Write as _;
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

/// One piece of a generated body.
const PIECE: usize = 64 * 1024;

/// `head` at once, then nothing for `pause`, then `tail` (a stall the client should time out
/// on long before the pause ends).
pub fn stalled(head: Bytes, tail: Bytes, pause: Duration) -> Body {
    let steps = vec![(head, Duration::ZERO), (tail, pause)];
    let stream = futures::stream::unfold(steps.into_iter(), |mut it| async move {
        let (chunk, wait) = it.next()?;
        tokio::time::sleep(wait).await;
        Some((Ok::<Bytes, std::io::Error>(chunk), it))
    });
    Body::from_stream(stream)
}

/// `head`, then an I/O error: the server drops the connection mid-body without ending the
/// chunked encoding, which is what a reset looks like to the client.
pub fn reset_after(head: Bytes) -> Body {
    let stream = futures::stream::unfold(Some(head), |head| async move {
        match head {
            Some(h) => Some((Ok(h), None)),
            None => {
                // Let the head and the first bytes leave before the break, as on a real link
                // (an error in the same poll would drop them unsent).
                tokio::time::sleep(Duration::from_millis(50)).await;
                let reset = std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "connection reset by the fault",
                );
                Some((Err(reset), None))
            }
        }
    });
    Body::from_stream(stream)
}

/// The start of a `track/read` reply, then `bytes` bytes of valid-looking points and no end
/// of the JSON (`u64::MAX`: a server that never stops).
pub fn huge(bytes: u64) -> Body {
    const POINT: &str = r#"{"lat":51.1,"lng":71.4,"alt":350,"satellites":9,"get_time":"2024-06-01 00:00:00","address":"","heading":90,"speed":40,"precision":5,"gsm_lbs":false,"parking":false},"#;
    let mut piece = String::with_capacity(PIECE + POINT.len());
    while piece.len() < PIECE {
        piece.push_str(POINT);
    }
    let piece = Bytes::from(piece);
    let head = Bytes::from_static(br#"{"success":true,"limit_exceeded":false,"list":["#);
    let stream = futures::stream::unfold((Some(head), 0u64), move |(head, sent)| {
        let piece = piece.clone();
        async move {
            if let Some(h) = head {
                return Some((Ok::<Bytes, std::io::Error>(h), (None, 0)));
            }
            if sent >= bytes {
                return None;
            }
            let n = (bytes - sent).min(piece.len() as u64) as usize;
            Some((Ok(piece.slice(..n)), (None, sent + n as u64)))
        }
    });
    Body::from_stream(stream)
}

/// A gzip stream that inflates to `bytes` bytes (a JSON start and then spaces) while only
/// about a thousandth of that travels: the body for `Content-Encoding: gzip`.
pub fn gzip_bomb(bytes: u64) -> Body {
    let spaces = vec![b' '; PIECE];
    let head = br#"{"success":true,"list":["#;
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(head);
    let state = (Some(enc), head.len() as u64);
    let stream = futures::stream::unfold(state, move |(enc, written)| {
        let spaces = spaces.clone();
        async move {
            let mut enc = enc?;
            if written >= bytes {
                let tail = enc.finish().unwrap_or_default();
                return Some((
                    Ok::<Bytes, std::io::Error>(Bytes::from(tail)),
                    (None, written),
                ));
            }
            // About 16 MB of spaces per piece sent: little work, a small piece on the wire.
            let mut now = written;
            while now < bytes && now - written < 16 * 1024 * 1024 {
                let n = (bytes - now).min(spaces.len() as u64) as usize;
                let _ = enc.write_all(&spaces[..n]);
                now += n as u64;
            }
            let out = std::mem::take(enc.get_mut());
            Some((Ok(Bytes::from(out)), (Some(enc), now)))
        }
    });
    Body::from_stream(stream)
}

/// `body` with `field` removed from the first record of its top-level `list` (unchanged when
/// the body has no such record).
pub fn without_field(body: &[u8], field: &str) -> Bytes {
    let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Bytes::copy_from_slice(body);
    };
    if let Some(first) = v
        .get_mut("list")
        .and_then(|l| l.as_array_mut())
        .and_then(|l| l.first_mut())
        .and_then(|r| r.as_object_mut())
    {
        first.remove(field);
    }
    Bytes::from(serde_json::to_vec(&v).unwrap_or_else(|_| body.to_vec()))
}
