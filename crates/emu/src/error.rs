//! Errors of the host's own use of the emulator (building a machine, loading,
//! reading memory). What the emulated program does wrong is a
//! [`crate::Fault`], not an error.

use unicorn_engine::uc_error;

#[derive(Debug, thiserror::Error)]
pub enum EmuError {
    /// Unicorn refused an operation.
    #[error("unicorn: {what}: {err:?}")]
    Unicorn { what: String, err: uc_error },

    /// Unicorn gave a different CPU model than the target needs.
    #[error("unicorn gave CPU model {got} where the target needs {wanted}")]
    CpuModel { wanted: &'static str, got: String },

    /// The target's memory map cannot be mapped (misaligned or overlapping).
    #[error("target `{target}`: {reason}")]
    Layout { target: String, reason: String },

    /// A host access that is not inside flash, RAM or another memory region.
    #[error("{len} bytes at {addr:#010x} are not inside any memory region of the target")]
    Unmapped { addr: u32, len: usize },
}

impl EmuError {
    pub(crate) fn uc(what: impl Into<String>) -> impl FnOnce(uc_error) -> EmuError {
        let what = what.into();
        move |err| EmuError::Unicorn { what, err }
    }
}
