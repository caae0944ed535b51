//! Exit codes like grep's: 0 found, 1 nothing found, 2 error.

use std::process::ExitCode;

/// How a newsdex run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Something matched, or the command succeeded.
    Success,
    /// The command ran but nothing matched.
    NothingFound,
    /// `eval` ran but a threshold or expectation failed.
    ChecksFailed,
    /// Something went wrong.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::NothingFound | ExitStatus::ChecksFailed => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ExitStatus;

    #[test]
    fn codes_follow_grep() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::NothingFound.code(), 1);
        assert_eq!(ExitStatus::ChecksFailed.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
    }
}
