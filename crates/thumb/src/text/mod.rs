//! GNU as compatible UAL text front end.
//!
//! Parses unified-syntax Thumb assembly (the dialect of `arm-none-eabi-as
//! -mthumb` after `.syntax unified`) into typed instructions and assembles
//! them. Like GNU as, a line with an error produces no bytes and assembly
//! carries on, so one run reports every error.

mod build;
mod cursor;
mod display;
mod lexer;
mod mnemonic;

use std::collections::{HashMap, HashSet};

use crate::asm::{Assembled, Assembler, Item};
use crate::cond::Cond;
use crate::error::{Error, ErrorKind};
use crate::expr::Expr;
use crate::insn::{Insn, Instruction, ItPattern, Label, Width};
use crate::profile::Profile;
use crate::reg::Reg;
use cursor::{Cursor, PErr};

/// One problem in the source, located by 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The bytes one source line produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineBytes {
    pub line: u32,
    pub offset: u32,
    pub bytes: Vec<u8>,
}

/// The result of assembling a whole source text: the section's bytes, what each
/// instruction or data line emitted, and every error. Lines with errors emit
/// nothing, as with GNU as.
#[derive(Clone, Debug, Default)]
pub struct Assembly {
    pub bytes: Vec<u8>,
    pub lines: Vec<LineBytes>,
    pub errors: Vec<Diagnostic>,
    /// Address of every named label that was defined.
    pub symbols: Vec<(String, u32)>,
}

/// Assembles `src` for `profile` at address 0.
pub fn assemble(src: &str, profile: Profile) -> Assembly {
    assemble_at(src, profile, 0)
}

/// Assembles `src` as a section that will be placed at `origin`.
pub fn assemble_at(src: &str, profile: Profile, origin: u32) -> Assembly {
    let mut parser = Parser::new(profile);
    for (n, line) in src.lines().enumerate() {
        parser.line(n as u32 + 1, line);
    }
    parser.finish(origin)
}

/// What a statement puts in the section.
#[derive(Clone, Debug)]
enum Body {
    Insn(Instruction),
    /// An instruction whose immediate is computed from labels after layout.
    Deferred(Instruction, Expr),
    /// A data directive: its bytes are listed like an instruction's.
    Data(Vec<Item>),
    /// Layout only (alignment, pool placement): not listed.
    Layout(Item),
}

#[derive(Clone, Debug)]
struct Stmt {
    line: u32,
    col: u32,
    labels: Vec<Label>,
    body: Option<Body>,
}

struct Parser {
    profile: Profile,
    /// A label-dependent immediate of the instruction being parsed.
    pending: Option<Expr>,
    stmts: Vec<Stmt>,
    diags: Vec<Diagnostic>,
    names: HashMap<String, Label>,
    label_names: Vec<String>,
    consts: HashMap<String, i64>,
    /// Numeric local labels: the last definition and a pending forward reference.
    locals: HashMap<u64, (Option<Label>, Option<Label>)>,
    /// Labels for `.` made while parsing the current statement.
    dots: Vec<Label>,
    /// Labels already defined by a `name:`.
    bound: HashSet<Label>,
    /// Labels defined as another label plus a constant.
    offsets: Vec<(Label, Label, i32)>,
    /// Register names given with `.req`.
    aliases: HashMap<String, Reg>,
}

impl build::Labels for Parser {
    fn defer(&mut self, expr: Expr) {
        self.pending = Some(expr);
    }

    fn profile(&self) -> Profile {
        self.profile
    }

    fn offset_label(&mut self, base: Label, offset: i64) -> Label {
        let l = self.fresh("(offset)");
        self.offsets.push((l, base, offset as i32));
        l
    }

    fn label(&mut self, name: &str, col: u32) -> Result<Label, PErr> {
        if name == "." {
            let l = self.fresh(".");
            self.dots.push(l);
            return Ok(l);
        }
        if let Some((num, dir)) = local_ref(name) {
            let fresh = self.fresh(name);
            let entry = self.locals.entry(num).or_default();
            return match dir {
                'b' => entry
                    .0
                    .ok_or((col, format!("no earlier definition of local label {num}"))),
                _ => Ok(*entry.1.get_or_insert(fresh)),
            };
        }
        Ok(self.named(name))
    }
}

fn local_ref(name: &str) -> Option<(u64, char)> {
    let dir = name.chars().last()?;
    if dir != 'f' && dir != 'b' {
        return None;
    }
    name[..name.len() - 1].parse().ok().map(|n| (n, dir))
}

impl Parser {
    fn new(profile: Profile) -> Parser {
        Parser {
            profile,
            pending: None,
            stmts: Vec::new(),
            diags: Vec::new(),
            names: HashMap::new(),
            label_names: Vec::new(),
            consts: HashMap::new(),
            locals: HashMap::new(),
            dots: Vec::new(),
            bound: HashSet::new(),
            offsets: Vec::new(),
            aliases: HashMap::new(),
        }
    }

    fn fresh(&mut self, name: &str) -> Label {
        self.label_names.push(name.to_string());
        Label(self.label_names.len() as u32 - 1)
    }

    fn named(&mut self, name: &str) -> Label {
        if let Some(&l) = self.names.get(name) {
            return l;
        }
        let l = self.fresh(name);
        self.names.insert(name.to_string(), l);
        l
    }

    fn error(&mut self, line: u32, column: u32, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            line,
            column,
            message: message.into(),
        });
    }

    fn line(&mut self, line: u32, text: &str) {
        for (col0, part) in lexer::statements(text) {
            match lexer::lex(&part, col0) {
                Ok(tokens) => {
                    if let Err((col, msg)) =
                        self.statement(line, &tokens, col0 + part.chars().count() as u32)
                    {
                        self.error(line, col, msg);
                    }
                }
                Err((col, msg)) => self.error(line, col, msg),
            }
        }
    }

    fn statement(&mut self, line: u32, toks: &[lexer::Token], end_col: u32) -> Result<(), PErr> {
        use lexer::Tok;
        let mut labels = Vec::new();
        let mut i = 0;
        // Leading `name:` labels.
        while i + 1 < toks.len() && toks[i + 1].tok == Tok::Punct(':') {
            let name = match &toks[i].tok {
                Tok::Ident(s) => s.clone(),
                Tok::Num(n) => {
                    let entry = self.locals.entry(*n).or_default();
                    let pending = entry.1.take();
                    let l = match pending {
                        Some(l) => l,
                        None => self.fresh(&n.to_string()),
                    };
                    self.locals.entry(*n).or_default().0 = Some(l);
                    labels.push(l);
                    i += 2;
                    continue;
                }
                _ => return Err((toks[i].col, "expected a label name".into())),
            };
            let l = self.named(&name);
            if !self.bound.insert(l) {
                return Err((toks[i].col, format!("label `{name}` defined twice")));
            }
            labels.push(l);
            i += 2;
        }
        let rest = &toks[i..];
        let Some(first) = rest.first() else {
            self.push(line, 1, labels, None);
            return Ok(());
        };
        let col = first.col;
        if let Some(done) = self.definition(rest)? {
            labels.append(&mut self.dots);
            self.push(line, col, labels, done);
            return Ok(());
        }
        let Tok::Ident(word) = &first.tok else {
            return Err((col, "expected an instruction or directive".into()));
        };
        let word = word.to_ascii_lowercase();
        let consts = std::mem::take(&mut self.consts);
        let aliases = std::mem::take(&mut self.aliases);
        let mut cur = Cursor::new(&rest[1..], end_col, &consts, &aliases);
        let body = if word.starts_with('.') {
            self.directive(&word, col, &mut cur)
        } else {
            self.instruction(&word, col, &mut cur)
        };
        let defined = std::mem::take(&mut self.consts);
        self.consts = consts;
        self.consts.extend(defined);
        self.aliases = aliases;
        let body = body?;
        labels.append(&mut self.dots);
        self.push(line, col, labels, body);
        Ok(())
    }

    /// `name .req reg`, `.unreq name` and `name = expr`: definitions that emit nothing.
    #[allow(clippy::type_complexity)]
    fn definition(&mut self, toks: &[lexer::Token]) -> Result<Option<Option<Body>>, PErr> {
        use lexer::Tok;
        let ident = |i: usize| match toks.get(i).map(|t| &t.tok) {
            Some(Tok::Ident(s)) => Some(s.to_ascii_lowercase()),
            _ => None,
        };
        let end = toks.last().map_or(1, |t| t.col + 1);
        match (ident(0), toks.get(1).map(|t| &t.tok)) {
            (Some(name), Some(Tok::Ident(req))) if req.eq_ignore_ascii_case(".req") => {
                let empty = HashMap::new();
                let aliases = HashMap::new();
                let mut cur = Cursor::new(&toks[2..], end, &empty, &aliases);
                let reg = cur.reg()?;
                cur.end()?;
                self.aliases.insert(name, reg);
                Ok(Some(None))
            }
            (Some(unreq), Some(Tok::Ident(name))) if unreq == ".unreq" => {
                self.aliases.remove(&name.to_ascii_lowercase());
                Ok(Some(None))
            }
            (Some(name), Some(Tok::Punct('='))) => {
                let aliases = HashMap::new();
                let mut cur = Cursor::new(&toks[2..], end, &self.consts, &aliases);
                let v = cur.expr()?;
                cur.end()?;
                self.consts.insert(name, v);
                Ok(Some(None))
            }
            _ => Ok(None),
        }
    }

    fn push(&mut self, line: u32, col: u32, labels: Vec<Label>, body: Option<Body>) {
        self.stmts.push(Stmt {
            line,
            col,
            labels,
            body,
        });
    }

    fn instruction(
        &mut self,
        word: &str,
        col: u32,
        cur: &mut Cursor,
    ) -> Result<Option<Body>, PErr> {
        self.dots.clear();
        if let Some(letters) = mnemonic::it_letters(word) {
            let pattern = ItPattern::parse(letters).ok_or((col, "bad IT pattern".to_string()))?;
            let ccol = cur.col();
            let name = cur.ident().unwrap_or_default();
            let first = Cond::parse(&name)
                .ok_or((ccol, format!("expected a condition, found `{name}`")))?;
            cur.bump();
            cur.end()?;
            let inst = Instruction::new(Insn::It { first, pattern });
            return Ok(Some(Body::Insn(inst)));
        }
        if let Some((op, cond)) = mnemonic::split_dsp(word) {
            return Ok(Some(Body::Insn(build::build_dsp(op, cond, cur)?)));
        }
        let m = mnemonic::split(word).ok_or((col, format!("unknown instruction `{word}`")))?;
        self.pending = None;
        let mut inst = build::build(&m, cur, self)?;
        if let Some(expr) = self.pending.take() {
            // As GNU as does for a value it cannot know yet, take the form
            // that will hold the most: 32-bit where Thumb-2 exists.
            if inst.width == Width::Auto {
                inst.width = if self.profile.has_thumb2() {
                    Width::Wide
                } else {
                    Width::Narrow
                };
            }
            return Ok(Some(Body::Deferred(inst, expr)));
        }
        Ok(Some(Body::Insn(inst)))
    }

    fn directive(&mut self, word: &str, col: u32, cur: &mut Cursor) -> Result<Option<Body>, PErr> {
        Ok(match word {
            ".syntax" | ".thumb" | ".code" | ".text" | ".cpu" | ".arch" | ".fpu"
            | ".thumb_func" | ".global" | ".globl" | ".type" | ".size" | ".file"
            | ".eabi_attribute" | ".p2alignw" => {
                if word == ".syntax" && cur.ident().is_some_and(|s| s != "unified") {
                    return Err((cur.col(), "only `.syntax unified` is supported".into()));
                }
                if word == ".code" && cur.is_imm() && cur.expr()? != 16 {
                    return Err((
                        cur.col(),
                        "only Thumb code (`.code 16`) is supported".into(),
                    ));
                }
                None
            }
            ".arm" => {
                return Err((
                    col,
                    "ARM (A32) code is not supported; this assembler emits Thumb".into(),
                ))
            }
            ".byte" => Some(Body::Data(self.values(cur, 1)?)),
            ".hword" | ".short" | ".2byte" => Some(Body::Data(self.values(cur, 2)?)),
            ".word" | ".long" | ".int" | ".4byte" => Some(Body::Data(self.values(cur, 4)?)),
            ".ascii" | ".asciz" | ".string" => {
                let mut bytes = Vec::new();
                loop {
                    bytes.extend(cur.string()?);
                    if word != ".ascii" {
                        bytes.push(0);
                    }
                    if !cur.eat(',') {
                        break;
                    }
                }
                cur.end()?;
                Some(Body::Data(vec![Item::Bytes(bytes)]))
            }
            ".fill" => {
                let ncol = cur.col();
                let repeat = cur.expr()?;
                let size = if cur.eat(',') { cur.expr()? } else { 1 };
                let value = if cur.eat(',') { cur.expr()? } else { 0 };
                cur.end()?;
                if !(0..=1 << 24).contains(&repeat) || !(0..=8).contains(&size) {
                    return Err((ncol, format!("bad .fill {repeat}, {size}")));
                }
                let one = &(value as u64).to_le_bytes()[..(size as usize).min(4)];
                let mut unit = one.to_vec();
                unit.resize(size as usize, 0);
                Some(Body::Data(vec![Item::Bytes(unit.repeat(repeat as usize))]))
            }
            ".inst" | ".inst.n" | ".inst.w" => {
                let mut bytes = Vec::new();
                loop {
                    let vcol = cur.col();
                    let v = cur.expr()? as u32;
                    if word == ".inst.n" && v > 0xffff {
                        return Err((vcol, format!("{v:#x} does not fit a 16-bit instruction")));
                    }
                    let wide = word == ".inst.w" || (word == ".inst" && v > 0xffff);
                    if wide {
                        bytes.extend_from_slice(&((v >> 16) as u16).to_le_bytes());
                    }
                    bytes.extend_from_slice(&(v as u16).to_le_bytes());
                    if !cur.eat(',') {
                        break;
                    }
                }
                cur.end()?;
                Some(Body::Data(vec![Item::Bytes(bytes)]))
            }
            ".space" | ".skip" | ".zero" => {
                let ncol = cur.col();
                let n = cur.expr()?;
                let fill = if cur.eat(',') { cur.expr()? as u8 } else { 0 };
                cur.end()?;
                if !(0..=1 << 24).contains(&n) {
                    return Err((ncol, format!("space of {n} bytes is out of range")));
                }
                Some(Body::Data(vec![Item::Bytes(vec![fill; n as usize])]))
            }
            ".align" | ".p2align" | ".balign" | ".balignw" | ".balignl" => {
                let ncol = cur.col();
                let n = if cur.at_end() { 2 } else { cur.expr()? };
                let bytes = if word.starts_with(".balign") {
                    n
                } else if (0..=16).contains(&n) {
                    1 << n
                } else {
                    -1
                };
                if bytes <= 0 || bytes & (bytes - 1) != 0 || bytes > 1 << 16 {
                    return Err((ncol, format!("bad alignment {n}")));
                }
                let fill = if cur.eat(',') && !cur.is_punct(',') {
                    Some(cur.expr()?)
                } else {
                    None
                };
                cur.end()?;
                let unit_size = match word {
                    ".balignw" => 2,
                    ".balignl" => 4,
                    _ => 1,
                };
                Some(Body::Layout(match fill {
                    None => Item::Align(bytes as u32),
                    Some(v) => Item::Fill {
                        align: bytes as u32,
                        unit: (v as u64).to_le_bytes()[..unit_size].to_vec(),
                    },
                }))
            }
            ".ltorg" | ".pool" => Some(Body::Layout(Item::Pool)),
            ".equ" | ".set" => {
                let ncol = cur.col();
                let name = cur
                    .ident()
                    .ok_or((ncol, "expected a symbol name".to_string()))?;
                cur.bump();
                cur.comma()?;
                let v = cur.expr()?;
                cur.end()?;
                self.consts.insert(name, v);
                None
            }
            _ => return Err((col, format!("unknown directive `{word}`"))),
        })
    }

    /// The comma-separated values of `.byte`/`.hword`/`.word`: constants become
    /// bytes now, anything naming a label is computed after layout.
    fn values(&mut self, cur: &mut Cursor, size: u8) -> Result<Vec<Item>, PErr> {
        let mut items = Vec::new();
        let mut bytes = Vec::new();
        loop {
            let (e, _) = build::sym_expr(cur, self)?;
            match e.constant() {
                Some(v) => bytes.extend_from_slice(&(v as u64).to_le_bytes()[..size as usize]),
                None => {
                    if !bytes.is_empty() {
                        items.push(Item::Bytes(std::mem::take(&mut bytes)));
                    }
                    items.push(Item::Expr { size, expr: e });
                }
            }
            if !cur.eat(',') {
                cur.end()?;
                break;
            }
        }
        if !bytes.is_empty() || items.is_empty() {
            items.push(Item::Bytes(bytes));
        }
        Ok(items)
    }

    fn finish(mut self, origin: u32) -> Assembly {
        let profile = self.profile;
        let mut excluded: HashSet<usize> = HashSet::new();
        let mut reported: HashSet<usize> = HashSet::new();
        loop {
            let mut asm = Assembler::with_origin(profile, origin);
            for _ in 0..self.label_names.len() {
                asm.new_label();
            }
            for &(l, base, k) in &self.offsets {
                // Fresh labels cannot already be defined.
                let _ = asm.define_offset(l, base, k);
            }
            let mut item_stmt = Vec::new();
            let mut stmt_items: Vec<Vec<usize>> = vec![Vec::new(); self.stmts.len()];
            let mut new_errors = false;
            for (si, st) in self.stmts.iter().enumerate() {
                for &l in &st.labels {
                    if let Ok(idx) = asm.bind(l) {
                        item_stmt.resize(idx + 1, usize::MAX);
                    }
                }
                if excluded.contains(&si) {
                    continue;
                }
                let result = match &st.body {
                    None => continue,
                    Some(Body::Insn(i)) => asm.push(*i),
                    Some(Body::Deferred(i, e)) => asm.push_patched(*i, e.clone()),
                    Some(Body::Layout(item)) => asm.directive(item.clone()),
                    Some(Body::Data(items)) => {
                        let mut last = Ok(0);
                        for item in items {
                            last = asm.directive(item.clone());
                            if let Ok(idx) = last {
                                item_stmt.resize(idx + 1, usize::MAX);
                                item_stmt[idx] = si;
                                stmt_items[si].push(idx);
                            }
                        }
                        match last {
                            Ok(_) => continue,
                            Err(e) => Err(e),
                        }
                    }
                };
                match result {
                    Ok(idx) => {
                        item_stmt.resize(idx + 1, usize::MAX);
                        item_stmt[idx] = si;
                        stmt_items[si].push(idx);
                    }
                    Err(e) => {
                        excluded.insert(si);
                        if reported.insert(si) {
                            let msg = self.describe(st, e);
                            self.diags.push(Diagnostic {
                                line: st.line,
                                column: st.col,
                                message: msg,
                            });
                        }
                    }
                }
            }
            match asm.finish() {
                Ok(done) => return self.listing(done, &stmt_items),
                Err(errors) => {
                    for (idx, e) in errors {
                        let si = item_stmt.get(idx).copied().unwrap_or(usize::MAX);
                        if si == usize::MAX {
                            continue;
                        }
                        excluded.insert(si);
                        new_errors = true;
                        if reported.insert(si) {
                            let st = &self.stmts[si];
                            let msg = self.describe(st, e);
                            let (line, column) = (st.line, st.col);
                            self.diags.push(Diagnostic {
                                line,
                                column,
                                message: msg,
                            });
                        }
                    }
                    if !new_errors {
                        return self.listing(Default::default(), &stmt_items);
                    }
                }
            }
        }
    }

    /// The error's message, naming the instruction and any label it refers to.
    fn describe(&self, st: &Stmt, e: Error) -> String {
        match &st.body {
            Some(Body::Insn(i)) | Some(Body::Deferred(i, _)) => {
                let what = i.mnemonic();
                if e.kind == ErrorKind::Label {
                    if let Some(l) = i.label() {
                        return format!(
                            "{what}: {} `{}`",
                            e.message, self.label_names[l.0 as usize]
                        );
                    }
                }
                if e.message.contains(&format!("`{what}`")) {
                    return e.message;
                }
                format!("{what}: {}", e.message)
            }
            Some(Body::Data(items)) => {
                let names: Vec<&str> = items
                    .iter()
                    .filter_map(|i| match i {
                        Item::Expr { expr, .. } => Some(expr.labels()),
                        _ => None,
                    })
                    .flatten()
                    .map(|l| self.label_names[l.0 as usize].as_str())
                    .collect();
                format!("{} (labels: {})", e.message, names.join(", "))
            }
            _ => e.message,
        }
    }

    fn listing(mut self, done: Assembled, stmt_items: &[Vec<usize>]) -> Assembly {
        let mut lines: Vec<LineBytes> = Vec::new();
        for (si, st) in self.stmts.iter().enumerate() {
            for &idx in &stmt_items[si] {
                let Some(&(off, len)) = done.spans.get(idx) else {
                    continue;
                };
                // Layout directives are listed only when they emit padding or a pool.
                if len == 0 && matches!(st.body, Some(Body::Layout(_))) {
                    continue;
                }
                let bytes = done.bytes[off as usize..(off + len) as usize].to_vec();
                match lines.last_mut() {
                    Some(last) if last.line == st.line => last.bytes.extend(bytes),
                    _ => lines.push(LineBytes {
                        line: st.line,
                        offset: off,
                        bytes,
                    }),
                }
            }
        }
        self.diags.sort_by_key(|d| (d.line, d.column));
        let symbols = self
            .names
            .iter()
            .filter_map(|(n, l)| {
                done.labels
                    .get(l.0 as usize)
                    .copied()
                    .flatten()
                    .map(|a| (n.clone(), a))
            })
            .collect();
        Assembly {
            bytes: done.bytes,
            lines,
            errors: self.diags,
            symbols,
        }
    }
}
