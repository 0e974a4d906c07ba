//! `trackmate convert IN -o OUT [--format F]`: reads a local track file in any format we import
//! and writes it in any format we export, atomically (an existing OUT is replaced only once the
//! whole file is written).

use std::path::PathBuf;

use trackmate_tracks::{Format, read_path_with, write, write_atomic};

use crate::fail::{self, Fail, Res};

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The file to read: GPX, KML, GeoJSON, CSV or Trackmate JSON (detected from its content)
    pub input: PathBuf,
    /// The file to write
    #[arg(short = 'o', long)]
    pub output: PathBuf,
    /// Output format: gpx, kml, geojson, csv or json [default: from the -o extension]
    #[arg(long)]
    pub format: Option<String>,
    #[command(flatten)]
    pub limit: super::FileLimit,
}

fn pick_format(args: &ConvertArgs) -> Res<Format> {
    if let Some(f) = &args.format {
        return f
            .parse::<Format>()
            .map_err(|e| Fail::Usage(format!("--format: {e}")));
    }
    let ext = args.output.extension().and_then(|e| e.to_str());
    ext.and_then(|e| e.parse::<Format>().ok()).ok_or_else(|| {
        Fail::Usage(format!(
            "Cannot tell the output format from {}; add --format gpx|kml|geojson|csv|json.",
            args.output.display()
        ))
    })
}

pub fn run(args: &ConvertArgs) -> Res<()> {
    // Check the arguments before reading a possibly large file.
    let format = pick_format(args)?;
    let read = read_path_with(&args.input, &args.limit.options())
        .map_err(|e| fail::import(&args.input, e))?;
    if read.timeless {
        eprintln!(
            "note: {} has no times; the output gets synthetic ones (from 1970-01-01T00:00:00Z, one second apart).",
            args.input.display()
        );
    }
    let track = &read.track;
    write_atomic(&args.output, |w| {
        write(format, std::slice::from_ref(track), w)
    })?;
    let points: usize = track.segments.iter().map(|s| s.points.len()).sum();
    eprintln!(
        "Converted {points} points in {} segment(s) from {} ({}) to {} ({format}).",
        track.segments.len(),
        args.input.display(),
        read.format,
        args.output.display(),
    );
    Ok(())
}
