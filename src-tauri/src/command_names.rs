// The app's commands, by name: included by `lib.rs` (as `trackmate_app::COMMANDS`) and by
// `build.rs` (the app manifest), so the two can never disagree. Plain `//` comments: an included
// file cannot carry inner doc comments.

/// Every command the web view may call.
pub const COMMANDS: &[&str] = &[
    "sign_in",
    "verify_code",
    "sign_in_with_key",
    "start_demo",
    "restore_session",
    "sign_out",
    "list_objects",
    "object_states",
    "list_trips",
    "load_track",
    "cancel_load",
    "pick_track_files",
    "pick_export_target",
    "open_track_file",
    "close_track",
    "track_summary",
    "point_details",
    "export_track",
    "list_events",
    "list_geo",
    "get_settings",
    "set_settings",
    "get_tile_source",
    "set_tile_source",
    "tile_status",
    "pick_ca_certificate",
    "ca_certificate",
    "forget_ca_certificate",
];
