//! System and control instructions: register branches, exception generators,
//! hints, interrupt masking, special registers and barriers. Much of this is
//! what separates the profiles, so most lines are accepted by some and
//! refused by others.

use thumb::SysReg;

use super::{Cases, REGS_PC};

/// Spellings of special registers beyond the names thumb lists: the
/// ARMv8-M security extension's non-secure aliases, upper case, and the
/// A-profile registers no M profile has.
const MORE_SYSREGS: [&str; 7] = [
    "msp_ns",
    "psp_ns",
    "primask_ns",
    "control_ns",
    "PRIMASK",
    "cpsr",
    "spsr",
];

pub fn ctrl(c: &mut Cases) {
    c.section("branch and exchange to a register");
    for op in ["bx", "blx"] {
        c.every_reg(op, &["{r}"]);
    }

    c.section("exception generators");
    for imm in ["0", "1", "0x80", "255", "256", "-1"] {
        c.add(format!("svc #{imm}"));
        c.add(format!("bkpt #{imm}"));
    }
    for line in [
        "svc 5",
        "bkpt 5",
        "bkpt",
        "svc.n #1",
        "svc.w #1",
        "bkpt.w #1",
        "bkpt.n #1",
    ] {
        c.add(line);
    }
    for imm in ["0", "1", "255", "256", "0x1234", "65535", "65536"] {
        c.add(format!("udf #{imm}"));
        c.add(format!("udf.n #{imm}"));
        c.add(format!("udf.w #{imm}"));
    }
    c.add("udf");

    c.section("hints");
    for op in [
        "nop", "yield", "wfe", "wfi", "sev", "sevl", "csdb", "ssbb", "pssbb",
    ] {
        for suffix in ["", ".n", ".w"] {
            c.add(format!("{op}{suffix}"));
        }
    }
    for line in ["dbg #0", "dbg #15", "dbg #16", "esb"] {
        c.add(line);
    }

    c.section("interrupt masking");
    for op in ["cpsid", "cpsie"] {
        for flags in ["i", "f", "if", "a", "aif"] {
            c.add(format!("{op} {flags}"));
        }
        c.add(format!("{op}.n i"));
        c.add(format!("{op}.w i"));
    }

    c.section("special registers");
    for reg in SysReg::ALL
        .map(SysReg::name)
        .into_iter()
        .chain(MORE_SYSREGS)
    {
        c.add(format!("mrs r0, {reg}"));
        c.add(format!("mrs r12, {reg}"));
        c.add(format!("msr {reg}, r0"));
        c.add(format!("msr {reg}, r9"));
    }
    for r in REGS_PC {
        c.add(format!("mrs {r}, primask"));
        c.add(format!("msr basepri, {r}"));
    }
    for target in [
        "apsr_nzcvq",
        "apsr_g",
        "apsr_nzcvqg",
        "iapsr_nzcvq",
        "xpsr_nzcvq",
        "cpsr_fc",
        "cpsr_f",
        "apsr_c",
    ] {
        c.add(format!("msr {target}, r0"));
    }
    c.add("msr primask, #1");

    c.section("barriers");
    for op in ["dmb", "dsb", "isb"] {
        c.add(op);
        for option in [
            "sy", "st", "ld", "ish", "ishst", "ishld", "nsh", "nshst", "nshld", "osh", "oshst",
            "oshld", "un", "unst", "#0", "#15", "#16", "SY",
        ] {
            c.add(format!("{op} {option}"));
        }
        c.add(format!("{op}.w sy"));
        c.add(format!("{op}.n sy"));
    }

    c.section("ARMv8-M security and test target");
    for line in [
        "tt r0, r1",
        "ttt r0, r1",
        "tta r0, r1",
        "ttat r0, r1",
        "tt r8, r9",
        "sg",
        "bxns lr",
        "blxns r0",
    ] {
        c.add(line);
    }
}
