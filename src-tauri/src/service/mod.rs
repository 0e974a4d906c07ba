//! What the commands do, free of Tauri: each function takes the state or a client and plain
//! arguments, so it is tested without a web view.

pub mod alerts;
pub mod company_ca;
pub mod files;
pub mod geo;
pub mod live;
pub mod objects;
pub mod session;
pub mod settings;
pub mod tiles;
pub mod time;
pub mod track;
pub mod view;
