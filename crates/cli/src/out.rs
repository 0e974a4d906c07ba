//! The CLI's printing: `print!`/`println!`/`eprint!`/`eprintln!` for every module, defined
//! here so that a reader who closes our output early (`trackmate trips … | head`) ends the
//! command quietly instead of with std's panic ("failed printing to stdout: Broken pipe").
//!
//! Why macros that take std's names rather than resetting SIGPIPE to its default at start-up:
//! with the default disposition *any* write to a closed pipe or socket kills the process,
//! including the HTTP client's writes to a server connection that was reset (vectored writes
//! do not pass MSG_NOSIGNAL), which must stay errors the client retries. These macros only
//! concern our own stdout and stderr, and since every module prints through them (macros
//! defined before the modules shadow std's), no print path is left to panic — including ones
//! added later.
//!
//! A closed stdout ends the process with status 141, the status a shell reports for a
//! program killed by SIGPIPE, so `set -o pipefail` scripts see what they see from `cat`;
//! nothing is printed, as the reader left on purpose. Other stdout failures (a full disk)
//! end it with an error on stderr. Failing to write to stderr is ignored: there is nowhere
//! left to say anything.

use std::io::{self, Write};

/// The exit status after our output was closed by its reader: 128 + SIGPIPE (13). The same on
/// Windows, which has no SIGPIPE (a closed pipe is `ERROR_NO_DATA`, which std also reports as
/// `BrokenPipe`): Git Bash and MSYS report 141 for their own tools there too.
pub const CLOSED: i32 = 141;

/// `print!` to stdout; see the module's doc for what happens when that fails.
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::out::stdout(format_args!($($arg)*))
    };
}

/// `println!` to stdout; see the module's doc for what happens when that fails.
macro_rules! println {
    () => {
        $crate::out::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprint!` to stderr, ignoring failures.
macro_rules! eprint {
    ($($arg:tt)*) => {
        $crate::out::stderr(format_args!($($arg)*))
    };
}

/// `eprintln!` to stderr, ignoring failures.
macro_rules! eprintln {
    () => {
        $crate::out::stderr(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes to stdout; a closed pipe ends the process quietly, another failure with a message.
pub fn stdout(args: std::fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    // Flushed at once, so the failure of a closed pipe shows here and not at exit, when
    // std would drop it silently. The CLI prints a few large pieces, so this costs nothing.
    let written = out.write_fmt(args).and_then(|()| out.flush());
    if let Err(e) = written {
        drop(out);
        failed(&e);
    }
}

/// Writes to stderr, ignoring failures.
pub fn stderr(args: std::fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(args);
}

/// Ends the process after stdout failed with `e`.
pub fn failed(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(CLOSED);
    }
    stderr(format_args!("error: cannot write the output: {e}\n"));
    std::process::exit(crate::fail::exit::FAILURE);
}
