//! The DSP extension's instructions (ARMv7E-M and ARMv8-M Mainline): SIMD
//! add/subtract, saturating arithmetic, halfword multiplies, extend-and-add.
//! They share a few operand layouts, so one table gives each its name, its
//! base encoding and its layout; the parser, the printer and the encoder all
//! read it.

/// Where a DSP instruction's written registers go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DspForm {
    /// `op rd, rn, rm`
    Rrr,
    /// `op rd, rm, rn` (the saturating add/subtract family)
    RrrSwap,
    /// `op rd, rn, rm, ra`
    Rrrr,
    /// `op rdlo, rdhi, rn, rm`
    Long,
    /// `op rd, rn, rm{, ror #n}` (extend and add)
    RrrRor,
    /// `op rd, rm{, ror #n}` (dual extend)
    RrRor,
}

impl DspForm {
    /// How many registers the instruction names.
    pub fn registers(self) -> usize {
        match self {
            DspForm::Rrrr | DspForm::Long => 4,
            DspForm::RrRor => 2,
            DspForm::Rrr | DspForm::RrrSwap | DspForm::RrrRor => 3,
        }
    }

    /// Whether a `ror #n` may follow the registers.
    pub fn rotates(self) -> bool {
        matches!(self, DspForm::RrrRor | DspForm::RrRor)
    }
}

/// Each DSP mnemonic with its base encoding (registers zero) and operand layout.
const TABLE: &[(&str, u32, DspForm)] = &[
    ("qadd", 0xFA80_F080, DspForm::RrrSwap),
    ("qsub", 0xFA80_F0A0, DspForm::RrrSwap),
    ("qdadd", 0xFA80_F090, DspForm::RrrSwap),
    ("qdsub", 0xFA80_F0B0, DspForm::RrrSwap),
    ("sadd16", 0xFA90_F000, DspForm::Rrr),
    ("sadd8", 0xFA80_F000, DspForm::Rrr),
    ("ssub16", 0xFAD0_F000, DspForm::Rrr),
    ("ssub8", 0xFAC0_F000, DspForm::Rrr),
    ("sasx", 0xFAA0_F000, DspForm::Rrr),
    ("ssax", 0xFAE0_F000, DspForm::Rrr),
    ("qadd16", 0xFA90_F010, DspForm::Rrr),
    ("qadd8", 0xFA80_F010, DspForm::Rrr),
    ("qsub16", 0xFAD0_F010, DspForm::Rrr),
    ("qsub8", 0xFAC0_F010, DspForm::Rrr),
    ("qasx", 0xFAA0_F010, DspForm::Rrr),
    ("qsax", 0xFAE0_F010, DspForm::Rrr),
    ("shadd16", 0xFA90_F020, DspForm::Rrr),
    ("shadd8", 0xFA80_F020, DspForm::Rrr),
    ("shsub16", 0xFAD0_F020, DspForm::Rrr),
    ("shsub8", 0xFAC0_F020, DspForm::Rrr),
    ("shasx", 0xFAA0_F020, DspForm::Rrr),
    ("shsax", 0xFAE0_F020, DspForm::Rrr),
    ("uadd16", 0xFA90_F040, DspForm::Rrr),
    ("uadd8", 0xFA80_F040, DspForm::Rrr),
    ("usub16", 0xFAD0_F040, DspForm::Rrr),
    ("usub8", 0xFAC0_F040, DspForm::Rrr),
    ("uasx", 0xFAA0_F040, DspForm::Rrr),
    ("usax", 0xFAE0_F040, DspForm::Rrr),
    ("uqadd16", 0xFA90_F050, DspForm::Rrr),
    ("uqadd8", 0xFA80_F050, DspForm::Rrr),
    ("uqsub16", 0xFAD0_F050, DspForm::Rrr),
    ("uqsub8", 0xFAC0_F050, DspForm::Rrr),
    ("uqasx", 0xFAA0_F050, DspForm::Rrr),
    ("uqsax", 0xFAE0_F050, DspForm::Rrr),
    ("uhadd16", 0xFA90_F060, DspForm::Rrr),
    ("uhadd8", 0xFA80_F060, DspForm::Rrr),
    ("uhsub16", 0xFAD0_F060, DspForm::Rrr),
    ("uhsub8", 0xFAC0_F060, DspForm::Rrr),
    ("uhasx", 0xFAA0_F060, DspForm::Rrr),
    ("uhsax", 0xFAE0_F060, DspForm::Rrr),
    ("sel", 0xFAA0_F080, DspForm::Rrr),
    ("usad8", 0xFB70_F000, DspForm::Rrr),
    ("smmul", 0xFB50_F000, DspForm::Rrr),
    ("smmulr", 0xFB50_F010, DspForm::Rrr),
    ("smulbb", 0xFB10_F000, DspForm::Rrr),
    ("smulbt", 0xFB10_F010, DspForm::Rrr),
    ("smultb", 0xFB10_F020, DspForm::Rrr),
    ("smultt", 0xFB10_F030, DspForm::Rrr),
    ("smulwb", 0xFB30_F000, DspForm::Rrr),
    ("smulwt", 0xFB30_F010, DspForm::Rrr),
    ("smuad", 0xFB20_F000, DspForm::Rrr),
    ("smuadx", 0xFB20_F010, DspForm::Rrr),
    ("smusd", 0xFB40_F000, DspForm::Rrr),
    ("smusdx", 0xFB40_F010, DspForm::Rrr),
    ("smlabb", 0xFB10_0000, DspForm::Rrrr),
    ("smlabt", 0xFB10_0010, DspForm::Rrrr),
    ("smlatb", 0xFB10_0020, DspForm::Rrrr),
    ("smlatt", 0xFB10_0030, DspForm::Rrrr),
    ("smlawb", 0xFB30_0000, DspForm::Rrrr),
    ("smlawt", 0xFB30_0010, DspForm::Rrrr),
    ("smlad", 0xFB20_0000, DspForm::Rrrr),
    ("smladx", 0xFB20_0010, DspForm::Rrrr),
    ("smlsd", 0xFB40_0000, DspForm::Rrrr),
    ("smlsdx", 0xFB40_0010, DspForm::Rrrr),
    ("smmla", 0xFB50_0000, DspForm::Rrrr),
    ("smmlar", 0xFB50_0010, DspForm::Rrrr),
    ("smmls", 0xFB60_0000, DspForm::Rrrr),
    ("smmlsr", 0xFB60_0010, DspForm::Rrrr),
    ("usada8", 0xFB70_0000, DspForm::Rrrr),
    ("smlalbb", 0xFBC0_0080, DspForm::Long),
    ("smlald", 0xFBC0_00C0, DspForm::Long),
    ("smlsldx", 0xFBD0_00D0, DspForm::Long),
    ("smlalbt", 0xFBC0_0090, DspForm::Long),
    ("smlaltb", 0xFBC0_00A0, DspForm::Long),
    ("smlaltt", 0xFBC0_00B0, DspForm::Long),
    ("smlaldx", 0xFBC0_00D0, DspForm::Long),
    ("smlsld", 0xFBD0_00C0, DspForm::Long),
    ("umaal", 0xFBE0_0060, DspForm::Long),
    ("sxtab16", 0xFA20_F080, DspForm::RrrRor),
    ("uxtab16", 0xFA30_F080, DspForm::RrrRor),
    ("sxtab", 0xFA40_F080, DspForm::RrrRor),
    ("sxtah", 0xFA00_F080, DspForm::RrrRor),
    ("uxtab", 0xFA50_F080, DspForm::RrrRor),
    ("uxtah", 0xFA10_F080, DspForm::RrrRor),
    ("sxtb16", 0xFA2F_F080, DspForm::RrRor),
    ("uxtb16", 0xFA3F_F080, DspForm::RrRor),
];

/// One DSP instruction, by its entry in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DspOp(u8);

impl DspOp {
    pub fn parse(name: &str) -> Option<DspOp> {
        TABLE
            .iter()
            .position(|(n, _, _)| *n == name)
            .map(|i| DspOp(i as u8))
    }

    pub fn name(self) -> &'static str {
        TABLE[self.0 as usize].0
    }

    pub fn form(self) -> DspForm {
        TABLE[self.0 as usize].2
    }

    /// Every mnemonic, longest first, for splitting off condition suffixes.
    pub fn names() -> impl Iterator<Item = &'static str> {
        let mut names: Vec<&'static str> = TABLE.iter().map(|(n, _, _)| *n).collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        names.into_iter()
    }

    /// The instruction's encoding with every register field zero.
    pub(crate) fn base(self) -> u32 {
        TABLE[self.0 as usize].1
    }
}
