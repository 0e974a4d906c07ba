//! How the CLI fails: one error type whose message says what happened and what to do, and an
//! exit code scripts can branch on.

use std::fmt;
use trackmate_api::ErrorKind;

/// Exit codes (documented in the README).
pub mod exit {
    /// Any other failure: an API error, a file that could not be written, ...
    pub const FAILURE: i32 = 1;
    /// Bad arguments (also clap's own code).
    pub const USAGE: i32 = 2;
    /// Not signed in, or the session ended: run `trackmate login` again.
    pub const SESSION: i32 = 3;
    /// The server could not be reached or answered unusably (network, TLS, timeout, not JSON).
    pub const NETWORK: i32 = 4;
}

/// A CLI failure.
#[derive(Debug)]
pub enum Fail {
    Api(trackmate_api::Error),
    Usage(String),
    Session(String),
    Other(String),
    /// Our stdout was closed by its reader (`… | head`): nothing more to say, and nowhere to
    /// say it; the process ends quietly with [`crate::out::CLOSED`].
    OutputClosed,
}

impl Fail {
    pub fn exit_code(&self) -> i32 {
        match self {
            Fail::Usage(_) => exit::USAGE,
            Fail::Session(_) => exit::SESSION,
            Fail::Other(_) => exit::FAILURE,
            Fail::OutputClosed => crate::out::CLOSED,
            Fail::Api(e) => match e.kind() {
                ErrorKind::Session | ErrorKind::NotSignedIn => exit::SESSION,
                ErrorKind::InvalidUrl | ErrorKind::InvalidInput => exit::USAGE,
                ErrorKind::Dns
                | ErrorKind::Connect
                | ErrorKind::Tls
                | ErrorKind::Timeout
                | ErrorKind::Network
                | ErrorKind::NotJson
                | ErrorKind::Redirect
                | ErrorKind::Unavailable => exit::NETWORK,
                _ => exit::FAILURE,
            },
        }
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fail::Api(e) => {
                write!(f, "{e}")?;
                if e.is_session() {
                    write!(f, "\nRun `trackmate login` to sign in again.")?;
                }
                if e.tls_problem() == Some(trackmate_api::TlsProblem::UnknownAuthority) {
                    write!(
                        f,
                        "\nIf the server's certificate is signed by your company's CA, pass its certificate file: --ca-file PATH (or TRACKMATE_CA_FILE)."
                    )?;
                }
                Ok(())
            }
            Fail::Usage(m) | Fail::Session(m) | Fail::Other(m) => f.write_str(m),
            Fail::OutputClosed => f.write_str("the output was closed before it was all written"),
        }
    }
}

impl From<trackmate_api::Error> for Fail {
    fn from(e: trackmate_api::Error) -> Self {
        Fail::Api(e)
    }
}

impl From<trackmate_tracks::Error> for Fail {
    fn from(e: trackmate_tracks::Error) -> Self {
        match e {
            // A track written to stdout whose reader went away (`trackmate track … | head`).
            trackmate_tracks::Error::Write(io) if io.kind() == std::io::ErrorKind::BrokenPipe => {
                Fail::OutputClosed
            }
            e => Fail::Other(e.to_string()),
        }
    }
}

/// A local file that could not be read as a track: a path that is not there or a format we do
/// not read is a bad argument (usage); a file whose content is wrong is a failure. The message
/// starts with the path, since several files may be given.
pub fn import(path: &std::path::Path, e: trackmate_tracks::ImportError) -> Fail {
    use trackmate_tracks::ImportError as E;
    match e {
        // These messages already name the file.
        E::NotFound { .. } | E::Unreadable { .. } | E::NotAFile { .. } => {
            Fail::Usage(e.to_string())
        }
        E::TooBig { .. } => Fail::Usage(format!(
            "{e} — raise the limit with --max-file-size (or TRACKMATE_MAX_FILE_SIZE), e.g. --max-file-size 8GB"
        )),
        E::UnsupportedFormat { .. } => Fail::Usage(format!("{}: {e}", path.display())),
        _ => Fail::Other(format!("{}: {e}", path.display())),
    }
}

pub type Res<T> = Result<T, Fail>;
