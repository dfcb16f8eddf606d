//! A cursor over one statement's tokens: registers, immediates, expressions,
//! shifts, addresses and register lists, each with an "expected ..." error
//! that points at the column where parsing stopped.

use std::collections::HashMap;

use super::lexer::{Tok, Token};
use crate::{Reg, RegList, ShiftKind};

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

    pub fn expr(&mut self) -> Result<i64, PErr> {
        self.binary(0)
    }

    fn binary(&mut self, level: u8) -> Result<i64, PErr> {
        const LEVELS: u8 = 5;
        if level == LEVELS {
            return self.unary();
        }
        let mut lhs = self.binary(level + 1)?;
        loop {
            let op = match (level, self.peek()) {
                (0, Some(Tok::Punct(c @ '|'))) => *c,
                (1, Some(Tok::Punct(c @ ('^' | '&')))) => *c,
                (2, Some(Tok::Shift(c))) => *c,
                (3, Some(Tok::Punct(c @ ('+' | '-')))) => *c,
                (4, Some(Tok::Punct(c @ ('*' | '/' | '%')))) => *c,
                _ => return Ok(lhs),
            };
            let col = self.col();
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            lhs = match op {
                '|' => lhs | rhs,
                '^' => lhs ^ rhs,
                '&' => lhs & rhs,
                '<' => lhs.wrapping_shl(rhs as u32),
                '>' => ((lhs as u64) >> (rhs as u32 & 63)) as i64,
                '+' => lhs.wrapping_add(rhs),
                '-' => lhs.wrapping_sub(rhs),
                '*' => lhs.wrapping_mul(rhs),
                '/' | '%' if rhs == 0 => return Err((col, "division by zero".into())),
                '/' => lhs.wrapping_div(rhs),
                _ => lhs.wrapping_rem(rhs),
            };
        }
    }

    fn unary(&mut self) -> Result<i64, PErr> {
        if self.eat('-') {
            return Ok(self.unary()?.wrapping_neg());
        }
        if self.eat('+') {
            return self.unary();
        }
        if self.eat('~') {
            return Ok(!self.unary()?);
        }
        if self.eat('(') {
            let v = self.expr()?;
            self.expect(')', "`)`")?;
            return Ok(v);
        }
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(n as i64)
            }
            Some(Tok::Ident(s)) => match self.consts.get(&s.to_ascii_lowercase()) {
                Some(v) => {
                    self.pos += 1;
                    Ok(*v)
                }
                None => self.err("a constant expression"),
            },
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
