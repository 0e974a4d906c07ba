//! `trackmate demo`: the built-in demo server (the emulator with its demo fleet) on loopback.

use crate::fail::{Fail, Res};
use trackmate_sim::{SimConfig, SimServer};

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Port to listen on (0 = any free port)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seed of the demo fleet (the same seed gives the same history)
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

pub async fn run(args: &DemoArgs) -> Res<()> {
    let config = SimConfig {
        port: args.port,
        seed: args.seed,
        ..SimConfig::default()
    };
    let sim = SimServer::start(config).await.map_err(|e| {
        Fail::Other(format!(
            "The demo server could not start on port {}: {e}",
            args.port
        ))
    })?;
    let demo = sim.demo();
    println!("Trackmate demo server: {}", sim.url());
    println!("login:    {}", demo.login);
    println!("password: {}", demo.password);
    println!();
    println!("Sign in from another terminal with:");
    println!(
        "  TRACKMATE_PASSWORD={} trackmate login --server {} --login {}",
        demo.password,
        sim.url(),
        demo.login
    );
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Fail::Other(e.to_string()))?;
    sim.shutdown().await;
    Ok(())
}
