//! Encoding errors. Each says what was wrong in words a programmer can act on.

use crate::profile::Profile;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The instruction or operand exists, but not in this profile.
    NotInProfile,
    /// An operand outside what any encoding can hold.
    Operand,
    /// A PC-relative target too far away or behind a forward-only branch.
    OutOfRange,
    /// `.n` or `.w` asked for a size no encoding of this instruction has.
    Width,
    /// Misuse of IT blocks: a condition outside one, or a mismatch inside.
    ItBlock,
    /// A label used but never defined, or defined twice.
    Label,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn operand(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Operand, message)
    }

    pub(crate) fn profile(what: impl std::fmt::Display, profile: Profile) -> Error {
        Error::new(
            ErrorKind::NotInProfile,
            format!("{what} is not available in profile {profile}"),
        )
    }

    pub(crate) fn width(what: impl std::fmt::Display) -> Error {
        Error::new(
            ErrorKind::Width,
            format!("no encoding of the requested width for {what}"),
        )
    }

    pub(crate) fn range(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::OutOfRange, message)
    }
}
