//! A cursor over one statement's tokens: registers, immediates, expressions,
//! shifts, addresses and register lists, each with an "expected ..." error
//! that points at the column where parsing stopped.

use std::collections::HashMap;

use super::lexer::{Tok, Token};
use crate::{BinOp, Expr, Label, Reg, RegList, ShiftKind};

/// Folds an operation on constants to its value.
fn fold(e: Expr) -> Expr {
    match e.constant() {
        Some(v) => Expr::Num(v),
        None => e,
    }
}

/// A parse failure: the column and what was expected there.
pub type PErr = (u32, String);

pub struct Cursor<'a> {
    toks: &'a [Token],
    pos: usize,
    end_col: u32,
    pub consts: &'a HashMap<String, i64>,
    pub aliases: &'a HashMap<String, Reg>,
    /// The kind of a shift by zero an operand spelled out, if any.
    pub zero_shift: Option<ShiftKind>,
}

impl<'a> Cursor<'a> {
    pub fn new(
        toks: &'a [Token],
        end_col: u32,
        consts: &'a HashMap<String, i64>,
        aliases: &'a HashMap<String, Reg>,
    ) -> Cursor<'a> {
        Cursor {
            toks,
            pos: 0,
            end_col,
            consts,
            aliases,
            zero_shift: None,
        }
    }

    pub fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    pub fn col(&self) -> u32 {
        self.toks.get(self.pos).map_or(self.end_col, |t| t.col)
    }

    /// Whether the statement contains the identifier `word` anywhere.
    pub fn mentions(&self, word: &str) -> bool {
        self.toks
            .iter()
            .any(|t| matches!(&t.tok, Tok::Ident(s) if s.eq_ignore_ascii_case(word)))
    }

    pub fn mentions_punct(&self, c: char) -> bool {
        self.toks.iter().any(|t| t.tok == Tok::Punct(c))
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    pub fn bump(&mut self) -> Option<&Tok> {
        let t = self.toks.get(self.pos).map(|t| &t.tok);
        self.pos += 1;
        t
    }

    pub fn err<T>(&self, expected: &str) -> Result<T, PErr> {
        let found = match self.peek() {
            None => "end of line".to_string(),
            Some(Tok::Ident(s)) => format!("`{s}`"),
            Some(Tok::Num(n)) => format!("`{n}`"),
            Some(Tok::Punct(c)) => format!("`{c}`"),
            Some(Tok::Shift(c)) => format!("`{c}{c}`"),
            Some(Tok::Str(_)) => "a string".to_string(),
        };
        Err((self.col(), format!("expected {expected}, found {found}")))
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    pub fn eat(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub fn expect(&mut self, c: char, what: &str) -> Result<(), PErr> {
        if self.eat(c) {
            Ok(())
        } else {
            self.err(what)
        }
    }

    pub fn string(&mut self) -> Result<Vec<u8>, PErr> {
        match self.peek().cloned() {
            Some(Tok::Str(b)) => {
                self.pos += 1;
                Ok(b)
            }
            _ => self.err("a string"),
        }
    }

    pub fn comma(&mut self) -> Result<(), PErr> {
        self.expect(',', "`,`")
    }

    pub fn end(&self) -> Result<(), PErr> {
        if self.at_end() {
            Ok(())
        } else {
            self.err("end of line")
        }
    }

    pub fn ident(&self) -> Option<String> {
        match self.peek() {
            Some(Tok::Ident(s)) => Some(s.to_ascii_lowercase()),
            _ => None,
        }
    }

    pub fn try_reg(&mut self) -> Option<Reg> {
        let r = self
            .ident()
            .and_then(|s| reg_name(&s).or_else(|| self.aliases.get(&s).copied()))?;
        self.pos += 1;
        Some(r)
    }

    pub fn reg(&mut self) -> Result<Reg, PErr> {
        match self.try_reg() {
            Some(r) => Ok(r),
            None => self.err("a register"),
        }
    }

    /// `#expr`, or a bare expression as GNU as also accepts.
    pub fn imm(&mut self) -> Result<i64, PErr> {
        self.eat('#');
        self.expr()
    }

    pub fn is_imm(&self) -> bool {
        match self.peek() {
            Some(Tok::Punct('#' | '-' | '(' | '~' | '+')) | Some(Tok::Num(_)) => true,
            Some(Tok::Ident(s)) => self.consts.contains_key(&s.to_ascii_lowercase()),
            _ => false,
        }
    }

    /// A constant expression: numbers and `.equ` symbols only.
    pub fn expr(&mut self) -> Result<i64, PErr> {
        let col = self.col();
        let e = self.sym(&mut |_, _| None)?;
        let v = e.constant().ok_or((col, "division by zero".to_string()))?;
        Ok(v)
    }

    /// An expression that may name labels; `label` resolves a name to a label,
    /// or gives `None` when the name is not one.
    pub fn sym(&mut self, label: &mut dyn FnMut(&str, u32) -> Option<Label>) -> Result<Expr, PErr> {
        self.binary(0, label)
    }

    fn binary(
        &mut self,
        level: u8,
        label: &mut dyn FnMut(&str, u32) -> Option<Label>,
    ) -> Result<Expr, PErr> {
        const LEVELS: u8 = 5;
        if level == LEVELS {
            return self.unary(label);
        }
        let mut lhs = self.binary(level + 1, label)?;
        loop {
            let op = match (level, self.peek()) {
                (0, Some(Tok::Punct('|'))) => BinOp::Or,
                (1, Some(Tok::Punct('^'))) => BinOp::Xor,
                (1, Some(Tok::Punct('&'))) => BinOp::And,
                (2, Some(Tok::Shift('<'))) => BinOp::Shl,
                (2, Some(Tok::Shift(_))) => BinOp::Shr,
                (3, Some(Tok::Punct('+'))) => BinOp::Add,
                (3, Some(Tok::Punct('-'))) => BinOp::Sub,
                (4, Some(Tok::Punct('*'))) => BinOp::Mul,
                (4, Some(Tok::Punct('/'))) => BinOp::Div,
                (4, Some(Tok::Punct('%'))) => BinOp::Rem,
                _ => return Ok(lhs),
            };
            self.pos += 1;
            let rhs = self.binary(level + 1, label)?;
            lhs = fold(Expr::Bin(op, Box::new(lhs), Box::new(rhs)));
        }
    }

    fn unary(&mut self, label: &mut dyn FnMut(&str, u32) -> Option<Label>) -> Result<Expr, PErr> {
        if self.eat('-') {
            return Ok(fold(Expr::Neg(Box::new(self.unary(label)?))));
        }
        if self.eat('+') {
            return self.unary(label);
        }
        if self.eat('~') {
            return Ok(fold(Expr::Not(Box::new(self.unary(label)?))));
        }
        if self.eat('(') {
            let v = self.sym(label)?;
            self.expect(')', "`)`")?;
            return Ok(v);
        }
        let col = self.col();
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(Expr::Num(n as i64))
            }
            Some(Tok::Ident(s)) => {
                if let Some(v) = self.consts.get(&s.to_ascii_lowercase()) {
                    self.pos += 1;
                    return Ok(Expr::Num(*v));
                }
                match label(&s, col) {
                    Some(l) => {
                        self.pos += 1;
                        Ok(Expr::Label(l))
                    }
                    None => self.err("a constant expression"),
                }
            }
            _ => self.err("an immediate value"),
        }
    }

    /// A shift mnemonic (`lsl`, `lsr`, `asr`, `ror`, `rrx`) if one is next.
    pub fn try_shift_kind(&mut self) -> Option<ShiftKind> {
        let k = match self.ident()?.as_str() {
            "lsl" | "asl" => ShiftKind::Lsl,
            "lsr" => ShiftKind::Lsr,
            "asr" => ShiftKind::Asr,
            "ror" => ShiftKind::Ror,
            "rrx" => ShiftKind::Rrx,
            _ => return None,
        };
        self.pos += 1;
        Some(k)
    }

    /// `{r0, r2-r5, lr}`
    pub fn reg_list(&mut self) -> Result<RegList, PErr> {
        self.expect('{', "a register list `{...}`")?;
        let mut mask = 0u16;
        loop {
            let first = self.reg()?;
            if self.eat('-') {
                let col = self.col();
                let last = self.reg()?;
                if last.num() < first.num() {
                    return Err((col, "register range must ascend".into()));
                }
                for n in first.num()..=last.num() {
                    mask |= 1 << n;
                }
            } else {
                mask |= 1 << first.num();
            }
            if self.eat('}') {
                return Ok(RegList(mask));
            }
            self.expect(',', "`,` or `}`")?;
        }
    }
}

/// The register a name stands for, with GNU as's aliases.
pub fn reg_name(s: &str) -> Option<Reg> {
    let n = match s {
        "sp" => 13,
        "lr" => 14,
        "pc" => 15,
        "ip" => 12,
        "fp" => 11,
        "sl" => 10,
        "sb" => 9,
        "a1" => 0,
        "a2" => 1,
        "a3" => 2,
        "a4" => 3,
        "v1" => 4,
        "v2" => 5,
        "v3" => 6,
        "v4" => 7,
        "v5" => 8,
        "v6" => 9,
        "v7" => 10,
        "v8" => 11,
        _ => {
            let d = s.strip_prefix('r')?;
            if d.is_empty() || (d.len() > 1 && d.starts_with('0')) {
                return None;
            }
            d.parse::<u8>().ok()?
        }
    };
    Reg::new(n)
}
