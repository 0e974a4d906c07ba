//! Decode throughput of `track/read` replies (100k and 1M points): MB/s, points/s and the peak
//! heap used while decoding, measured with a counting allocator. Prints a Markdown table for
//! BENCHMARKS.md, then the same for a whole fetch over loopback from the emulator's scale
//! tracker (HTTP + decode with the real client). Run: `cargo bench -p trackmate-api --bench decode`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;
use trackmate_api::{TrackPoints, decode_reply};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

/// A `track/read` reply shaped like the fixtures: one point a second around Astana.
fn body(n: usize) -> Vec<u8> {
    let mut s = String::with_capacity(n * 260 + 64);
    s.push_str("{\"success\":true,\"limit_exceeded\":false,\"list\":[");
    let start = chrono::NaiveDate::from_ymd_opt(2024, 6, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let t = start + chrono::Duration::milliseconds((i as i64) * 86_400_000 / n as i64);
        let lat = 51.1 + (i as f64 * 1e-5).sin() * 0.05;
        let lng = 71.4 + (i as f64 * 1e-5).cos() * 0.05;
        let addr = if i % 500 == 0 {
            "Kabanbay Batyr Ave 53, Astana"
        } else {
            ""
        };
        write!(
            s,
            "{{\"lat\":{lat:.7},\"lng\":{lng:.7},\"alt\":{},\"satellites\":{},\"mileage\":{:.2},\"get_time\":\"{}\",\"address\":\"{addr}\",\"heading\":{},\"speed\":{},\"precision\":{},\"gsm_lbs\":false,\"parking\":false}}",
            350 + i % 7,
            8 + i % 5,
            i as f64 * 0.004,
            t.format("%Y-%m-%d %H:%M:%S"),
            i % 360,
            i % 90,
            5 + i % 20,
        )
        .unwrap();
    }
    s.push_str("]}");
    s.into_bytes()
}

/// Fetches the emulator's one-day scale track through the real client over loopback.
fn over_loopback(n: u64) {
    use trackmate_api::{Client, TrackReadOptions};
    use trackmate_sim::{Scale, SimConfig, SimServer};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let sim = SimServer::start(SimConfig {
            rate_limit_per_sec: None,
            scale: Some(Scale {
                points_in_day: Some(n),
                fleet_size: None,
            }),
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let demo = sim.demo();
        let c = Client::sign_in(&sim.url(), &demo.login, &demo.password)
            .await
            .unwrap();
        let id = demo.scale_tracker_id.expect("scale tracker");
        let to = c.now();
        let from = to - chrono::Duration::hours(25);
        let base = LIVE.load(Relaxed);
        PEAK.store(base, Relaxed);
        let t0 = Instant::now();
        let pts = c
            .tracks()
            .read(id, &from, &to, &TrackReadOptions::default())
            .await
            .unwrap();
        let dt = t0.elapsed().as_secs_f64();
        let peak = PEAK.load(Relaxed) - base; // includes the emulator's own buffers (same process)
        println!(
            "| {} (loopback, HTTP + decode) | - | {:.0} | - | {:.2}M | {:.0} |",
            pts.list.len(),
            dt * 1e3,
            pts.list.len() as f64 / dt / 1e6,
            peak as f64 / 1e6
        );
        sim.shutdown().await;
    });
}

fn main() {
    let tz: chrono_tz::Tz = "Asia/Almaty".parse().unwrap();
    println!("| points | body MB | decode ms | MB/s | points/s | peak heap while decoding (MB) |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in [100_000usize, 1_000_000] {
        let b = body(n);
        let mut best = f64::MAX;
        let mut peak = 0usize;
        let runs = if n >= 1_000_000 { 3 } else { 5 };
        for _ in 0..runs {
            let base = LIVE.load(Relaxed);
            PEAK.store(base, Relaxed);
            let t0 = Instant::now();
            let r: TrackPoints = decode_reply(200, "application/json", &b, tz).unwrap();
            let dt = t0.elapsed().as_secs_f64();
            assert_eq!(r.list.len(), n);
            peak = peak.max(PEAK.load(Relaxed) - base);
            best = best.min(dt);
            drop(r);
        }
        let mb = b.len() as f64 / 1e6;
        println!(
            "| {n} | {mb:.1} | {:.0} | {:.0} | {:.2}M | {:.0} |",
            best * 1e3,
            mb / best,
            n as f64 / best / 1e6,
            peak as f64 / 1e6
        );
    }
    over_loopback(1_000_000);
}
