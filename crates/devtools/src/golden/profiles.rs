//! The profiles the corpus covers and the CPU that makes GNU as assemble for
//! each. The directory names match `thumb::Profile::name()` so the test
//! harness can parse them back. `fuzz-gas` finds its CPUs here too, by that
//! name, so both tasks drive GNU as the same way.

/// One architecture profile as GNU as is told about it.
pub struct GasProfile {
    /// Directory name, equal to `thumb::Profile::name()`.
    pub name: &'static str,
    /// `-mcpu=` value: a real core pins the exact feature set gas allows.
    pub cpu: &'static str,
}

pub const PROFILES: [GasProfile; 4] = [
    GasProfile {
        name: "armv6m",
        cpu: "cortex-m0plus",
    },
    GasProfile {
        name: "armv7m",
        cpu: "cortex-m3",
    },
    GasProfile {
        name: "armv7em",
        cpu: "cortex-m4",
    },
    GasProfile {
        name: "armv8m.main",
        cpu: "cortex-m33",
    },
];
