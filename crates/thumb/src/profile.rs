//! Architecture profiles and what each one lacks.

use std::fmt;
use std::str::FromStr;

/// The M-profile architectures thumbforth targets. Each board names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// ARMv6-M (Cortex-M0/M0+, RP2040): Thumb-1 plus BL, MRS/MSR, barriers.
    V6M,
    /// ARMv7-M (Cortex-M3): the full Thumb-2 set.
    V7M,
    /// ARMv7E-M (Cortex-M4/M7, STM32F4): v7-M plus the DSP extension.
    V7EM,
    /// ARMv8-M Mainline (Cortex-M33, RP2350).
    V8MMain,
}

impl Profile {
    pub const ALL: [Profile; 4] = [Profile::V6M, Profile::V7M, Profile::V7EM, Profile::V8MMain];

    pub const fn name(self) -> &'static str {
        match self {
            Profile::V6M => "armv6m",
            Profile::V7M => "armv7m",
            Profile::V7EM => "armv7em",
            Profile::V8MMain => "armv8m.main",
        }
    }

    /// Thumb-2 32-bit encodings beyond the few ARMv6-M keeps (BL, MRS, MSR, barriers).
    pub const fn has_thumb2(self) -> bool {
        !matches!(self, Profile::V6M)
    }

    /// BASEPRI and FAULTMASK exist only with the Main extension.
    pub const fn has_basepri(self) -> bool {
        self.has_thumb2()
    }

    /// MSPLIM/PSPLIM are ARMv8-M registers.
    pub const fn has_stack_limits(self) -> bool {
        matches!(self, Profile::V8MMain)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Profile, String> {
        let s = s.to_ascii_lowercase();
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s || p.name().replace('.', "") == s.replace(['.', '-'], ""))
            .ok_or_else(|| {
                format!("unknown profile `{s}` (expected armv6m, armv7m, armv7em or armv8m.main)")
            })
    }
}
