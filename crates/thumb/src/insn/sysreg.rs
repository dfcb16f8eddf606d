//! The special registers `mrs` and `msr` name.

/// A special register of MRS/MSR, by its SYSm number. Bit 7 set is the
/// non-secure alias of the ARMv8-M security extension (`msp_ns`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SysReg(pub u8);

/// Every special register with the name GNU as gives it: ARMv7-M's in SYSm
/// order, then the stack limits ARMv8-M adds. One list, so that the parser,
/// the printer and the tools that write test cases agree on the names.
const NAMED: [(&str, SysReg); 16] = [
    ("apsr", SysReg::APSR),
    ("iapsr", SysReg::IAPSR),
    ("eapsr", SysReg::EAPSR),
    ("xpsr", SysReg::XPSR),
    ("ipsr", SysReg::IPSR),
    ("epsr", SysReg::EPSR),
    ("iepsr", SysReg::IEPSR),
    ("msp", SysReg::MSP),
    ("psp", SysReg::PSP),
    ("primask", SysReg::PRIMASK),
    ("basepri", SysReg::BASEPRI),
    ("basepri_max", SysReg::BASEPRI_MAX),
    ("faultmask", SysReg::FAULTMASK),
    ("control", SysReg::CONTROL),
    ("msplim", SysReg::MSPLIM),
    ("psplim", SysReg::PSPLIM),
];

impl SysReg {
    pub const APSR: SysReg = SysReg(0);
    pub const IAPSR: SysReg = SysReg(1);
    pub const EAPSR: SysReg = SysReg(2);
    pub const XPSR: SysReg = SysReg(3);
    pub const IPSR: SysReg = SysReg(5);
    pub const EPSR: SysReg = SysReg(6);
    pub const IEPSR: SysReg = SysReg(7);
    pub const MSP: SysReg = SysReg(8);
    pub const PSP: SysReg = SysReg(9);
    pub const MSPLIM: SysReg = SysReg(10);
    pub const PSPLIM: SysReg = SysReg(11);
    pub const PRIMASK: SysReg = SysReg(16);
    pub const BASEPRI: SysReg = SysReg(17);
    pub const BASEPRI_MAX: SysReg = SysReg(18);
    pub const FAULTMASK: SysReg = SysReg(19);
    pub const CONTROL: SysReg = SysReg(20);

    /// Every named special register, in the order of the list above.
    pub const ALL: [SysReg; 16] = {
        let mut all = [SysReg(0); 16];
        let mut i = 0;
        while i < all.len() {
            all[i] = NAMED[i].1;
            i += 1;
        }
        all
    };

    /// The register a lower-case name stands for (no `_ns` suffix, no APSR fields).
    pub fn parse(name: &str) -> Option<SysReg> {
        NAMED.iter().find(|(n, _)| *n == name).map(|&(_, r)| r)
    }

    /// The register's name; `?` for a SYSm number without one.
    pub fn name(self) -> &'static str {
        NAMED
            .iter()
            .find(|(_, r)| *r == self)
            .map_or("?", |(n, _)| n)
    }
}
