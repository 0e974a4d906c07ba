//! The `trackmate-sim` binary: serves the emulator until Ctrl-C and prints how to reach it.

use clap::Parser;
use trackmate_sim::{FaultRule, Scale, SimConfig, SimServer, TlsMode};

/// Emulator of the iTrack / Navixy user API with a deterministic demo fleet.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 (0 = random).
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// API prefix ("" for none).
    #[arg(long, default_value = "/v2")]
    prefix: String,
    /// User time zone (IANA).
    #[arg(long, default_value = "Asia/Almaty")]
    tz: String,
    /// Add a tracker with N points in the last 24 h.
    #[arg(long)]
    scale_points: Option<u64>,
    /// Total number of objects in the fleet.
    #[arg(long)]
    scale_fleet: Option<usize>,
    /// Fault rule, repeatable: KIND[=ARG][:TIMES][@ENDPOINT] with KIND one of latency=MS,
    /// status=CODE, api=CODE, expired, malformed, truncated, html[=STATUS], slow=MS, stall=MS,
    /// reset, huge=BYTES, bomb=BYTES, retry429=SECS, retry503=SECS, nocode[=STATUS],
    /// redirect[=STATUS], and for the live WebSocket wsdrop=FRAMES, wsdropms=MS,
    /// wssilent=FRAMES, wslogout=FRAMES (refuse its upgrade with html=403@event/subscription).
    #[arg(long = "fault")]
    faults: Vec<FaultRule>,
    /// Require this 2FA code after login.
    #[arg(long)]
    two_factor_code: Option<String>,
    /// Requests per second per session (0 = unlimited).
    #[arg(long, default_value_t = 50)]
    rate_limit: u32,
    /// Serve HTTPS with a certificate made at start: valid (signed by a generated test CA),
    /// self-signed, expired or wrong-host.
    #[arg(long, value_name = "KIND")]
    tls: Option<TlsMode>,
    /// With --tls: where to write the test CA's certificate (PEM), for `trackmate --ca-file` or
    /// the app's "Company CA certificate" (default: trackmate-sim-ca.pem in the temp folder).
    #[arg(long, value_name = "PATH", requires = "tls")]
    ca_out: Option<std::path::PathBuf>,
    /// Heartbeat interval of the live WebSocket (`event/subscription`), in milliseconds.
    #[arg(long, default_value_t = 30_000, value_name = "MS")]
    heartbeat_ms: u64,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let scale = (args.scale_points.is_some() || args.scale_fleet.is_some()).then_some(Scale {
        points_in_day: args.scale_points,
        fleet_size: args.scale_fleet,
    });
    let config = SimConfig {
        seed: args.seed,
        port: args.port,
        prefix: args.prefix,
        time_zone: args.tz,
        scale,
        two_factor_code: args.two_factor_code,
        rate_limit_per_sec: (args.rate_limit > 0).then_some(args.rate_limit),
        tls: args.tls,
        heartbeat: std::time::Duration::from_millis(args.heartbeat_ms),
        ..SimConfig::default()
    };
    let server = SimServer::start(config).await?;
    for rule in args.faults {
        server.inject(rule);
    }
    // Written before the address is printed: a script that waits for it may use the file.
    let ca_path = match server.ca_pem() {
        Some(pem) => {
            let path = args
                .ca_out
                .unwrap_or_else(|| std::env::temp_dir().join("trackmate-sim-ca.pem"));
            std::fs::write(&path, pem)?;
            Some(path)
        }
        None => None,
    };
    let demo = server.demo();
    println!("trackmate-sim listening on {}", server.url());
    println!("  login:    {}", demo.login);
    println!("  password: {}", demo.password);
    println!(
        "  trackers: {} (moving {}, blocked {}, offline {:?})",
        demo.tracker_ids.len(),
        demo.moving_tracker_id,
        demo.blocked_tracker_id,
        demo.offline_tracker_ids
    );
    if let Some(id) = demo.scale_tracker_id {
        println!("  scale tracker: {id}");
    }
    if let Some(path) = &ca_path {
        println!("  test CA:  {} (trust it with --ca-file)", path.display());
    }
    println!(
        "  live:     {}/event/subscription (WebSocket)",
        server.url()
    );
    println!(
        "  admin:    POST/DELETE {}/__sim/faults, POST {}/__sim/expire_sessions",
        server.root_url(),
        server.root_url()
    );
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
