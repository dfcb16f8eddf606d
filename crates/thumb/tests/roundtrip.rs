use capstone::arch::arm::{ArchMode, ArmOperand};
use capstone::arch::{BuildsCapstone, BuildsCapstoneExtraMode, DetailsArchInsn};
use capstone::Capstone;
use thumb::Profile;

#[test]
#[ignore]
fn dump() {
    let src = std::fs::read_to_string("/tmp/explore/src.s").unwrap();
    let profile = if std::env::var("V6M").is_ok() {
        Profile::V6M
    } else {
        Profile::V8MMain
    };
    let cs = Capstone::new()
        .arm()
        .mode(ArchMode::Thumb)
        .extra_mode([capstone::arch::arm::ArchExtraMode::MClass].iter().copied())
        .detail(true)
        .build()
        .unwrap();
    for line in src.lines() {
        let a = thumb::text::assemble(line, profile);
        if !a.errors.is_empty() {
            println!("{line:40} ERROR {:?}", a.errors);
            continue;
        }
        let insns = cs.disasm_all(&a.bytes, 0).unwrap();
        for i in insns.iter() {
            let d = cs.insn_detail(i).unwrap();
            let ad = d.arch_detail();
            let arm = ad.arm().unwrap();
            let ops: Vec<ArmOperand> = arm.operands().collect();
            let ops: Vec<String> = ops
                .iter()
                .map(|o| {
                    let t = match &o.op_type {
                        capstone::arch::arm::ArmOperandType::Reg(r) => {
                            format!("R({})", cs.reg_name(*r).unwrap_or_default())
                        }
                        capstone::arch::arm::ArmOperandType::SysReg(r) => format!("SYS({})", r.0),
                        capstone::arch::arm::ArmOperandType::Mem(m) => format!(
                            "M({},{},{},{})",
                            cs.reg_name(m.base()).unwrap_or_default(),
                            cs.reg_name(m.index()).unwrap_or_default(),
                            m.scale(),
                            m.disp()
                        ),
                        t => format!("{t:?}"),
                    };
                    let mut s = t;
                    if o.subtracted {
                        s.push_str("-sub");
                    }
                    if o.shift != capstone::arch::arm::ArmShift::Invalid {
                        s.push_str(&format!("<{:?}>", o.shift));
                    }
                    s
                })
                .collect();
            println!(
                "{line:40} {:02x?} => {} {} | {} wb={} uf={} cc={:?} id={}",
                a.bytes,
                i.mnemonic().unwrap(),
                i.op_str().unwrap(),
                ops.join(" "),
                arm.writeback(),
                arm.update_flags(),
                arm.cc(),
                i.id().0
            );
        }
    }
}
