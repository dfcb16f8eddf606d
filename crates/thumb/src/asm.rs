//! Layout: labels, IT-block state, branch relaxation and literal pools.
//!
//! Instructions are checked as they are pushed, so a caller learns of a bad
//! operand at once and can point at the source. Everything that depends on
//! addresses (branch reach, pool placement) is settled in [`Assembler::finish`]
//! by growing 16-bit PC-relative forms to 32 bits until every one reaches; sizes
//! only ever grow, so the loop ends, and it reaches the same fixed point GNU
//! as's relaxation does.

use std::collections::HashMap;

use crate::cond::Cond;
use crate::encode::{encode, ldr_const_needs_pool, Encoded, Env};
use crate::error::{Error, ErrorKind};
use crate::expr::Expr;
use crate::insn::{
    Addr, HintOp, Insn, Instruction, ItPattern, Label, MemOp, Op2, Target, Value, Width,
};
use crate::profile::Profile;
use crate::reg::Reg;

/// One element of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Insn(Instruction),
    Label(Label),
    /// Literal data (`.byte`, `.hword`, `.word` of numbers).
    Bytes(Vec<u8>),
    /// A little-endian value of 1, 2 or 4 bytes computed from label addresses.
    Expr {
        size: u8,
        expr: Expr,
    },
    /// Pad to a multiple of this many bytes (a power of two), with no-ops.
    Align(u32),
    /// An instruction whose immediate operand is `expr`, known only after layout.
    Patched {
        inst: Instruction,
        expr: Expr,
    },
    /// Pad to a multiple of `align` bytes by repeating `unit` (`.balign 8, 0xff`).
    Fill {
        align: u32,
        unit: Vec<u8>,
    },
    /// Place the pending literal pool here (`.ltorg`).
    Pool,
}

/// The assembled section: its bytes, where each pushed item landed, and the
/// address of every label.
#[derive(Clone, Debug, Default)]
pub struct Assembled {
    pub bytes: Vec<u8>,
    /// Per item index: (offset, length) of the bytes it produced.
    pub spans: Vec<(u32, u32)>,
    pub labels: Vec<Option<u32>>,
}

/// What a label stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LabelDef {
    Unbound,
    /// The position of this item.
    At(usize),
    /// Another label's address plus a constant.
    Offset(Label, i32),
}

#[derive(Clone, Copy)]
struct ItState {
    first: Cond,
    pattern: ItPattern,
    slot: u8,
}

pub struct Assembler {
    profile: Profile,
    origin: u32,
    items: Vec<Item>,
    in_it: Vec<bool>,
    labels: Vec<LabelDef>,
    it: Option<ItState>,
}

impl Assembler {
    pub fn new(profile: Profile) -> Assembler {
        Assembler::with_origin(profile, 0)
    }

    /// A section that will live at `origin` (used for `.word label` and pool addresses).
    pub fn with_origin(profile: Profile, origin: u32) -> Assembler {
        Assembler {
            profile,
            origin,
            items: Vec::new(),
            in_it: Vec::new(),
            labels: Vec::new(),
            it: None,
        }
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    pub fn new_label(&mut self) -> Label {
        self.labels.push(LabelDef::Unbound);
        Label(self.labels.len() as u32 - 1)
    }

    /// Defines `label` as `base + offset` bytes (for `b target + 4` and the like).
    pub fn define_offset(&mut self, label: Label, base: Label, offset: i32) -> Result<(), Error> {
        *self.unbound(label)? = LabelDef::Offset(base, offset);
        Ok(())
    }

    /// The slot of a label not yet defined, to define it.
    fn unbound(&mut self, label: Label) -> Result<&mut LabelDef, Error> {
        let slot = self
            .labels
            .get_mut(label.0 as usize)
            .ok_or_else(|| Error::new(ErrorKind::Label, "unknown label"))?;
        if *slot != LabelDef::Unbound {
            return Err(Error::new(ErrorKind::Label, "label defined twice"));
        }
        Ok(slot)
    }

    /// Binds `label` to the current position.
    pub fn bind(&mut self, label: Label) -> Result<usize, Error> {
        let at = self.items.len();
        *self.unbound(label)? = LabelDef::At(at);
        Ok(self.add(Item::Label(label)))
    }

    fn add(&mut self, item: Item) -> usize {
        self.items.push(item);
        self.in_it.push(false);
        self.items.len() - 1
    }

    /// Adds data or a directive; returns its item index.
    pub fn directive(&mut self, item: Item) -> Result<usize, Error> {
        if let Item::Insn(i) = item {
            return self.push(i);
        }
        if let Item::Label(l) = item {
            return self.bind(l);
        }
        if let Item::Align(n) | Item::Fill { align: n, .. } = &item {
            let n = *n;
            if !n.is_power_of_two() {
                return Err(Error::operand("alignment must be a power of two"));
            }
        }
        Ok(self.add(item))
    }

    /// Checks and appends one instruction; returns its item index.
    pub fn push(&mut self, inst: impl Into<Instruction>) -> Result<usize, Error> {
        let inst = inst.into();
        let in_it = self.check_it(&inst)?;
        let env = Env {
            profile: self.profile,
            in_it,
            pc: 0,
            target: None,
            size: None,
        };
        encode(&inst, &env)?;
        if let Insn::It { first, pattern } = inst.insn {
            self.it = Some(ItState {
                first,
                pattern,
                slot: 0,
            });
        }
        let i = self.add(Item::Insn(inst));
        self.in_it[i] = in_it;
        Ok(i)
    }

    /// Validates the instruction's condition against the IT block it is in,
    /// advancing the block; returns whether it sits inside one.
    fn check_it(&mut self, inst: &Instruction) -> Result<bool, Error> {
        let is_branch = matches!(inst.insn, Insn::B(_));
        // GNU as lets `nop` and `bkpt` carry a condition anywhere.
        let neutral = matches!(inst.insn, Insn::Hint(HintOp::Nop) | Insn::Bkpt(_));
        let Some(mut st) = self.it else {
            if inst.cond != Cond::Al && !is_branch && !neutral {
                return Err(Error::new(
                    ErrorKind::ItBlock,
                    "conditional instruction outside an IT block",
                ));
            }
            return Ok(false);
        };
        let expected = st.pattern.cond_of(st.first, st.slot);
        let last = st.slot + 1 == st.pattern.len;
        st.slot += 1;
        self.it = (!last).then_some(st);
        match inst.insn {
            Insn::It { .. } => Err(Error::new(ErrorKind::ItBlock, "IT inside an IT block")),
            Insn::Cbz { .. } => Err(Error::new(
                ErrorKind::ItBlock,
                "cbz/cbnz cannot be in an IT block",
            )),
            _ if inst.cond != expected && !(expected == Cond::Al && inst.cond == Cond::Al) => {
                Err(Error::new(
                    ErrorKind::ItBlock,
                    format!(
                        "condition `{}` does not match the IT block's `{}`",
                        inst.cond.name(),
                        expected.name()
                    ),
                ))
            }
            Insn::B(_) | Insn::Bx(_) | Insn::Blx(_) | Insn::Bl(_) | Insn::Tb { .. } if !last => {
                Err(Error::new(
                    ErrorKind::ItBlock,
                    "a branch must be the last instruction of an IT block",
                ))
            }
            Insn::LdrConst { rt: Reg::PC, .. }
            | Insn::Mem {
                op: MemOp::Ldr,
                rt: Reg::PC,
                ..
            } if !last => Err(Error::new(
                ErrorKind::ItBlock,
                "a load into pc must be the last instruction of an IT block",
            )),
            Insn::Pop(r) if r.contains(Reg::PC) && !last => Err(Error::new(
                ErrorKind::ItBlock,
                "a branch must be the last instruction of an IT block",
            )),
            _ => Ok(true),
        }
    }

    /// Appends an instruction whose immediate is `expr`, computed from label
    /// addresses after layout. Its size is fixed now, so it must say its width.
    pub fn push_patched(&mut self, inst: Instruction, expr: Expr) -> Result<usize, Error> {
        if patch_imm(&inst, 0).is_none() {
            return Err(Error::operand(
                "only an immediate operand can depend on labels",
            ));
        }
        let i = self.push(inst)?;
        self.items[i] = Item::Patched { inst, expr };
        Ok(i)
    }

    /// Whether an IT block is still waiting for instructions.
    pub fn in_it_block(&self) -> bool {
        self.it.is_some()
    }

    /// Lays out and encodes everything. On failure, returns every error with
    /// the index of the item that caused it.
    pub fn finish(self) -> Result<Assembled, Vec<(usize, Error)>> {
        Layout::new(&self).run()
    }
}

/// What relaxation tracks per item.
struct Layout<'a> {
    asm: &'a Assembler,
    /// Encoded size of each instruction item (0 for other items).
    sizes: Vec<u32>,
    /// For literal loads: (pool number, entry index in that pool).
    pool_slot: Vec<Option<(usize, usize)>>,
    /// Values of each pool, in order of first use.
    pools: Vec<Vec<PoolValue>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum PoolValue {
    Imm(u32),
    Signed(i32),
    Label(Label),
}

/// Addresses from one layout pass.
struct Placed {
    item_offsets: Vec<u32>,
    pool_offsets: Vec<u32>,
    end: u32,
}

impl<'a> Layout<'a> {
    fn new(asm: &'a Assembler) -> Layout<'a> {
        let n = asm.items.len();
        let mut pools: Vec<Vec<PoolValue>> = vec![Vec::new()];
        let mut index: HashMap<PoolValue, usize> = HashMap::new();
        let mut pool_slot = vec![None; n];
        let mut sizes = vec![0; n];
        for (i, item) in asm.items.iter().enumerate() {
            match item {
                Item::Insn(inst) => {
                    if let Insn::LdrConst { rt, value } = inst.insn {
                        if ldr_const_needs_pool(value, asm.profile, rt) {
                            let v = match value {
                                Value::Imm(x) => PoolValue::Imm(x),
                                Value::Signed(x) => PoolValue::Signed(x),
                                Value::Label(l) => PoolValue::Label(l),
                            };
                            let pool = pools.len() - 1;
                            let slot = *index.entry(v).or_insert_with(|| {
                                pools[pool].push(v);
                                pools[pool].len() - 1
                            });
                            pool_slot[i] = Some((pool, slot));
                        }
                    }
                    let env = Env {
                        profile: asm.profile,
                        in_it: asm.in_it[i],
                        pc: 0,
                        target: None,
                        size: None,
                    };
                    sizes[i] = encode(inst, &env).map_or(4, |e| e.len() as u32);
                }
                Item::Patched { inst, .. } => {
                    let env = Env::new(asm.profile);
                    sizes[i] = encode(
                        inst,
                        &Env {
                            in_it: asm.in_it[i],
                            ..env
                        },
                    )
                    .map_or(4, |e| e.len() as u32);
                }
                Item::Pool => {
                    pools.push(Vec::new());
                    index.clear();
                }
                _ => {}
            }
        }
        Layout {
            asm,
            sizes,
            pool_slot,
            pools,
        }
    }

    fn place(&self) -> Placed {
        let mut item_offsets = Vec::with_capacity(self.asm.items.len());
        let mut pool_offsets = vec![0; self.pools.len()];
        let mut at = 0u32;
        let mut pool = 0;
        for (i, item) in self.asm.items.iter().enumerate() {
            item_offsets.push(at);
            match item {
                Item::Insn(_) | Item::Patched { .. } => at += self.sizes[i],
                Item::Label(_) => {}
                Item::Bytes(b) => at += b.len() as u32,
                Item::Expr { size, .. } => at += *size as u32,
                Item::Align(n) | Item::Fill { align: n, .. } => at = at.next_multiple_of(*n),
                Item::Pool => {
                    at = self.place_pool(pool, at, &mut pool_offsets);
                    pool += 1;
                }
            }
        }
        let end = self.place_pool(pool, at, &mut pool_offsets);
        Placed {
            item_offsets,
            pool_offsets,
            end,
        }
    }

    fn place_pool(&self, pool: usize, at: u32, offsets: &mut [u32]) -> u32 {
        if self.pools[pool].is_empty() {
            offsets[pool] = at;
            return at;
        }
        let start = at.next_multiple_of(4);
        offsets[pool] = start;
        start + 4 * self.pools[pool].len() as u32
    }

    fn label_offset(&self, placed: &Placed, l: Label) -> Option<u32> {
        let mut l = l;
        let mut add = 0i32;
        // Offset chains are short; the bound stops a cycle from looping.
        for _ in 0..64 {
            match self.asm.labels.get(l.0 as usize).copied()? {
                LabelDef::Unbound => return None,
                LabelDef::At(item) => {
                    let at = placed.item_offsets.get(item).copied().unwrap_or(placed.end);
                    return Some(at.wrapping_add(add as u32));
                }
                LabelDef::Offset(base, k) => {
                    l = base;
                    add = add.wrapping_add(k);
                }
            }
        }
        None
    }

    /// The address a PC-relative instruction refers to in this layout.
    fn target_of(
        &self,
        placed: &Placed,
        i: usize,
        inst: &Instruction,
    ) -> Result<Option<u32>, Error> {
        if let Some((pool, slot)) = self.pool_slot[i] {
            return Ok(Some(
                self.asm.origin + placed.pool_offsets[pool] + 4 * slot as u32,
            ));
        }
        if let Insn::LdrConst { .. } = inst.insn {
            return Ok(None);
        }
        let target = match inst.insn {
            Insn::B(t)
            | Insn::Bl(t)
            | Insn::Adr { target: t, .. }
            | Insn::Cbz { target: t, .. } => Some(t),
            Insn::Mem {
                addr: Addr::Literal(t),
                ..
            }
            | Insn::Preload {
                addr: Addr::Literal(t),
                ..
            }
            | Insn::Dual {
                addr: Addr::Literal(t),
                ..
            } => Some(t),
            _ => None,
        };
        match target {
            None => Ok(None),
            Some(Target::Address(a)) => Ok(Some(a)),
            Some(Target::Label(l)) => self
                .label_offset(placed, l)
                .map(|o| Some(self.asm.origin + o))
                .ok_or_else(|| Error::new(ErrorKind::Label, "undefined label")),
        }
    }

    fn env(&self, placed: &Placed, i: usize, target: Option<u32>) -> Env {
        Env {
            profile: self.asm.profile,
            in_it: self.asm.in_it[i],
            pc: self.asm.origin + placed.item_offsets[i],
            target,
            size: Some(self.sizes[i] as u8),
        }
    }

    fn run(mut self) -> Result<Assembled, Vec<(usize, Error)>> {
        let mut errors = Vec::new();
        // Grow 16-bit PC-relative forms that do not reach until none is left.
        loop {
            let placed = self.place();
            let mut grown = false;
            for (i, item) in self.asm.items.iter().enumerate() {
                let Item::Insn(inst) = item else { continue };
                if self.sizes[i] != 2 || inst.width != Width::Auto {
                    continue;
                }
                let Ok(target) = self.target_of(&placed, i, inst) else {
                    continue;
                };
                if target.is_none() {
                    continue;
                }
                let env = self.env(&placed, i, target);
                if let Err(e) = encode(inst, &env) {
                    if e.kind == ErrorKind::OutOfRange
                        && self.asm.profile.has_thumb2()
                        && grows(inst)
                    {
                        self.sizes[i] = 4;
                        grown = true;
                    }
                }
            }
            if !grown {
                break;
            }
        }
        let placed = self.place();
        let mut bytes = Vec::with_capacity(placed.end as usize);
        let mut spans = Vec::with_capacity(self.asm.items.len());
        let mut pool = 0;
        for (i, item) in self.asm.items.iter().enumerate() {
            let start = bytes.len() as u32;
            match item {
                Item::Insn(inst) => {
                    let result = self
                        .target_of(&placed, i, inst)
                        .and_then(|t| encode(inst, &self.env(&placed, i, t)));
                    self.emit_sized(i, result, &mut bytes, &mut errors);
                }
                Item::Patched { inst, expr } => {
                    let lookup = |l: Label| self.address_of(&placed, l);
                    let result = expr
                        .eval(&lookup)
                        .map_err(|e| Error::new(ErrorKind::Label, e))
                        .and_then(|v| {
                            let patched = patch_imm(inst, v as u32).unwrap_or(*inst);
                            encode(&patched, &self.env(&placed, i, None))
                        });
                    self.emit_sized(i, result, &mut bytes, &mut errors);
                }
                Item::Label(_) => {}
                Item::Bytes(b) => bytes.extend_from_slice(b),
                Item::Expr { size, expr } => {
                    let lookup = |l: Label| self.address_of(&placed, l);
                    let value = match expr.eval(&lookup) {
                        Ok(v) => v,
                        Err(e) => {
                            errors.push((i, Error::new(ErrorKind::Label, e)));
                            0
                        }
                    };
                    bytes.extend_from_slice(&value.to_le_bytes()[..*size as usize]);
                }
                Item::Fill { align, unit } => {
                    let pad = (start.next_multiple_of(*align) - start) as usize;
                    bytes.extend(unit.iter().cycle().take(pad));
                }
                Item::Align(n) => {
                    let pad = (start.next_multiple_of(*n) - start) as usize;
                    pad_code(&mut bytes, pad, self.asm.profile);
                }
                Item::Pool => {
                    self.emit_pool(pool, &placed, &mut bytes, &mut errors, i);
                    pool += 1;
                }
            }
            spans.push((start, bytes.len() as u32 - start));
        }
        self.emit_pool(pool, &placed, &mut bytes, &mut errors, usize::MAX);
        if !errors.is_empty() {
            return Err(errors);
        }
        let labels = (0..self.asm.labels.len())
            .map(|l| {
                self.label_offset(&placed, Label(l as u32))
                    .map(|o| o + self.asm.origin)
            })
            .collect();
        Ok(Assembled {
            bytes,
            spans,
            labels,
        })
    }

    /// The absolute address of a label in this layout, as expressions see it.
    fn address_of(&self, placed: &Placed, l: Label) -> Option<i64> {
        self.label_offset(placed, l)
            .map(|o| self.asm.origin.wrapping_add(o) as i64)
    }

    /// Appends an instruction's encoding, which must keep the size layout gave
    /// it; on failure records the error and keeps the space so later offsets hold.
    fn emit_sized(
        &self,
        i: usize,
        result: Result<Encoded, Error>,
        bytes: &mut Vec<u8>,
        errors: &mut Vec<(usize, Error)>,
    ) {
        let size = self.sizes[i] as usize;
        match result {
            Ok(e) if e.len() == size => bytes.extend_from_slice(e.as_bytes()),
            Ok(_) => {
                errors.push((i, Error::range("instruction changed size during layout")));
                bytes.resize(bytes.len() + size, 0);
            }
            Err(e) => {
                errors.push((i, e));
                bytes.resize(bytes.len() + size, 0);
            }
        }
    }

    fn emit_pool(
        &self,
        pool: usize,
        placed: &Placed,
        bytes: &mut Vec<u8>,
        errors: &mut Vec<(usize, Error)>,
        item: usize,
    ) {
        if self.pools[pool].is_empty() {
            return;
        }
        bytes.resize(placed.pool_offsets[pool] as usize, 0);
        for v in &self.pools[pool] {
            let word = match *v {
                PoolValue::Imm(x) => x,
                PoolValue::Signed(x) => x as u32,
                PoolValue::Label(l) => match self.label_offset(placed, l) {
                    Some(o) => self.asm.origin + o,
                    None => {
                        let at = self.pool_user(pool, l).unwrap_or(item);
                        errors.push((at, Error::new(ErrorKind::Label, "undefined label")));
                        0
                    }
                },
            };
            bytes.extend_from_slice(&word.to_le_bytes());
        }
    }

    fn pool_user(&self, pool: usize, l: Label) -> Option<usize> {
        self.asm.items.iter().enumerate().position(|(i, it)| {
            matches!(it, Item::Insn(Instruction { insn: Insn::LdrConst { value: Value::Label(x), .. }, .. }) if *x == l)
                && self.pool_slot[i].map(|s| s.0) == Some(pool)
        })
    }
}

/// The instruction with its immediate operand replaced by `value`.
fn patch_imm(inst: &Instruction, value: u32) -> Option<Instruction> {
    let mut out = *inst;
    match &mut out.insn {
        Insn::Dp {
            op2: Op2::Imm(v), ..
        }
        | Insn::Mov {
            op2: Op2::Imm(v), ..
        }
        | Insn::Cmp {
            op2: Op2::Imm(v), ..
        } => *v = value,
        _ => return None,
    }
    Some(out)
}

/// PC-relative forms with a 32-bit encoding to grow into.
fn grows(inst: &Instruction) -> bool {
    matches!(
        inst.insn,
        Insn::B(_)
            | Insn::Adr { .. }
            | Insn::LdrConst { .. }
            | Insn::Mem {
                addr: Addr::Literal(_),
                ..
            }
    )
}

/// Alignment padding in code, as GNU as writes it: a zero byte to reach an
/// even address, then no-ops (32-bit ones where Thumb-2 has them).
fn pad_code(bytes: &mut Vec<u8>, mut pad: usize, profile: Profile) {
    if pad & 1 == 1 {
        bytes.push(0);
        pad -= 1;
    }
    if profile.has_thumb2() {
        if pad & 2 == 2 {
            bytes.extend_from_slice(&[0x00, 0xbf]);
            pad -= 2;
        }
        while pad >= 4 {
            bytes.extend_from_slice(&[0xaf, 0xf3, 0x00, 0x80]);
            pad -= 4;
        }
    } else {
        while pad >= 2 {
            bytes.extend_from_slice(&[0xc0, 0x46]);
            pad -= 2;
        }
    }
}
