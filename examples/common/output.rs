//! Standard output that may close early: an example piped into `head` stops quietly, with
//! exit status 0, instead of panicking on the broken pipe.

use std::process::{ExitCode, Termination};

/// Why a run stopped before its end.
pub enum Stop {
    /// A failure, with its message for standard error.
    Failed(String),
    /// Standard output was closed: there is no one left to write for.
    Closed,
}

/// An error writing standard output: a broken pipe is [`Stop::Closed`].
impl From<std::io::Error> for Stop {
    fn from(error: std::io::Error) -> Self {
        match error.kind() {
            std::io::ErrorKind::BrokenPipe => Self::Closed,
            _ => Self::Failed(format!("cannot write to stdout: {error}")),
        }
    }
}

impl From<String> for Stop {
    fn from(message: String) -> Self {
        Self::Failed(message)
    }
}

/// The exit code of a run: its own when it ran to the end, success when standard output
/// was closed, failure (with the message on standard error) when it failed.
pub fn exit<T: Termination>(result: Result<T, impl Into<Stop>>) -> ExitCode {
    match result.map_err(Into::into) {
        Ok(done) => done.report(),
        Err(Stop::Closed) => ExitCode::SUCCESS,
        Err(Stop::Failed(message)) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
