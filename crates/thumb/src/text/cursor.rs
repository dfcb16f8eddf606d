//! A cursor over one statement's tokens: registers, immediates, expressions,
//! shifts, addresses and register lists, each with an "expected ..." error
//! that points at the column where parsing stopped.

use std::collections::HashMap;

use super::lexer::{Tok, Token};
use crate::expr::{BinOp, Expr, MAX_EXPR_DEPTH};
use crate::insn::{Label, ShiftKind};
use crate::reg::{Reg, RegList};

/// Folds an operation on constants to its value.
fn fold(e: Expr) -> Expr {
    match e.constant() {
        Some(v) => Expr::Num(v),
        None => e,
    }
}

/// A parsed (sub)expression and the depth of its tree once folded, so that a
/// chain of operators that does not fold (`x + 1 + 1 ...` on a label) is
/// held to the same limit as parentheses.
struct Node {
    expr: Expr,
    depth: usize,
}

impl Node {
    fn leaf(expr: Expr) -> Node {
        Node { expr, depth: 1 }
    }

    /// Folds `expr`, whose deepest operand is `operand_depth` deep, and
    /// refuses a tree deeper than the limit, at the operator's column `col`.
    fn op(expr: Expr, operand_depth: usize, col: u32) -> Result<Node, PErr> {
        let expr = fold(expr);
        let depth = match expr {
            Expr::Num(_) | Expr::Label(_) => 1,
            _ => operand_depth + 1,
        };
        if depth > MAX_EXPR_DEPTH {
            return Err(too_deep(col));
        }
        Ok(Node { expr, depth })
    }
}

/// The error for an expression past `MAX_EXPR_DEPTH`, at column `col`.
fn too_deep(col: u32) -> PErr {
    (
        col,
        format!("expression nested too deeply (more than {MAX_EXPR_DEPTH} levels)"),
    )
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
    /// Parentheses and prefix operators open around the expression being
    /// parsed: each is a recursion of the parser, so it is bounded.
    nesting: usize,
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
            nesting: 0,
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
    /// or gives `None` when the name is not one. Nesting deeper than
    /// `MAX_EXPR_DEPTH` is an error, not a host stack overflow.
    pub fn sym(&mut self, label: &mut dyn FnMut(&str, u32) -> Option<Label>) -> Result<Expr, PErr> {
        Ok(self.binary(0, label)?.expr)
    }

    /// Operators binding at `min_level` or tighter, left to right, by
    /// precedence climbing: one frame per operator level in use, so the
    /// recursion per parenthesis stays small.
    fn binary(
        &mut self,
        min_level: u8,
        label: &mut dyn FnMut(&str, u32) -> Option<Label>,
    ) -> Result<Node, PErr> {
        let mut lhs = self.unary(label)?;
        while let Some((op, level)) = self.binary_op().filter(|&(_, l)| l >= min_level) {
            let col = self.col();
            self.pos += 1;
            let rhs = self.binary(level + 1, label)?;
            let depth = lhs.depth.max(rhs.depth);
            lhs = Node::op(
                Expr::Bin(op, Box::new(lhs.expr), Box::new(rhs.expr)),
                depth,
                col,
            )?;
        }
        Ok(lhs)
    }

    /// The binary operator next, if any, and its level: `|` binds loosest,
    /// then `^` and `&`, the shifts, `+` and `-`, and `*` `/` `%` tightest.
    fn binary_op(&self) -> Option<(BinOp, u8)> {
        Some(match self.peek()? {
            Tok::Punct('|') => (BinOp::Or, 0),
            Tok::Punct('^') => (BinOp::Xor, 1),
            Tok::Punct('&') => (BinOp::And, 1),
            Tok::Shift('<') => (BinOp::Shl, 2),
            Tok::Shift(_) => (BinOp::Shr, 2),
            Tok::Punct('+') => (BinOp::Add, 3),
            Tok::Punct('-') => (BinOp::Sub, 3),
            Tok::Punct('*') => (BinOp::Mul, 4),
            Tok::Punct('/') => (BinOp::Div, 4),
            Tok::Punct('%') => (BinOp::Rem, 4),
            _ => return None,
        })
    }

    /// A prefix operator, a parenthesised expression or an operand. The
    /// first two recurse, so they count against the nesting limit.
    fn unary(&mut self, label: &mut dyn FnMut(&str, u32) -> Option<Label>) -> Result<Node, PErr> {
        if !matches!(self.peek(), Some(Tok::Punct('-' | '+' | '~' | '('))) {
            return self.operand(label);
        }
        if self.nesting == MAX_EXPR_DEPTH {
            return Err(too_deep(self.col()));
        }
        self.nesting += 1;
        let nested = self.nested(label);
        self.nesting -= 1;
        nested
    }

    /// A number, a `.equ` constant or a label: the leaves of an expression.
    fn operand(&mut self, label: &mut dyn FnMut(&str, u32) -> Option<Label>) -> Result<Node, PErr> {
        let col = self.col();
        match self.peek().cloned() {
            Some(Tok::Num(n)) => {
                self.pos += 1;
                Ok(Node::leaf(Expr::Num(n as i64)))
            }
            Some(Tok::Ident(s)) => {
                if let Some(v) = self.consts.get(&s.to_ascii_lowercase()) {
                    self.pos += 1;
                    return Ok(Node::leaf(Expr::Num(*v)));
                }
                match label(&s, col) {
                    Some(l) => {
                        self.pos += 1;
                        Ok(Node::leaf(Expr::Label(l)))
                    }
                    None => self.err("a constant expression"),
                }
            }
            _ => self.err("an immediate value"),
        }
    }

    /// What follows a prefix operator or an opening parenthesis.
    fn nested(&mut self, label: &mut dyn FnMut(&str, u32) -> Option<Label>) -> Result<Node, PErr> {
        let col = self.col();
        if self.eat('-') {
            let inner = self.unary(label)?;
            return Node::op(Expr::Neg(Box::new(inner.expr)), inner.depth, col);
        }
        if self.eat('+') {
            return self.unary(label);
        }
        if self.eat('~') {
            let inner = self.unary(label)?;
            return Node::op(Expr::Not(Box::new(inner.expr)), inner.depth, col);
        }
        self.expect('(', "`(`")?;
        let inner = self.binary(0, label)?;
        self.expect(')', "`)`")?;
        Ok(inner)
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

#[cfg(test)]
mod tests {
    use crate::expr::MAX_EXPR_DEPTH;
    use crate::profile::Profile;
    use crate::text::{assemble, Diagnostic};

    fn errors(src: &str) -> Vec<Diagnostic> {
        assemble(src, Profile::V8MMain).errors
    }

    fn is_too_deep(d: &Diagnostic) -> bool {
        d.message.contains("expression nested too deeply")
    }

    #[test]
    fn ten_thousand_parentheses_are_an_error_at_the_first_one_too_many() {
        let src = format!("movs r0, #{}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(is_too_deep(&errs[0]), "{errs:?}");
        // `movs r0, #` is ten columns; the parenthesis past the limit follows
        // the MAX_EXPR_DEPTH that are allowed.
        assert_eq!(
            (errs[0].line, errs[0].column),
            (1, 11 + MAX_EXPR_DEPTH as u32)
        );
    }

    #[test]
    fn ten_thousand_prefix_operators_are_an_error_not_a_stack_overflow() {
        for op in ["-", "~", "+"] {
            let src = format!("movs r0, #{}1\n", op.repeat(10_000));
            let errs = errors(&src);
            assert_eq!(errs.len(), 1, "{op}: {errs:?}");
            assert!(is_too_deep(&errs[0]), "{op}: {errs:?}");
        }
    }

    #[test]
    fn a_long_chain_on_a_label_is_an_error_not_a_stack_overflow() {
        // Operations on a label do not fold, so each one deepens the tree.
        let src = format!("x:\n.word x{}\n", "+1".repeat(100_000));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(is_too_deep(&errs[0]), "{errs:?}");
        assert_eq!(errs[0].line, 2);
    }

    #[test]
    fn nesting_in_a_definition_is_limited_too() {
        let src = format!("big = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
        let errs = errors(&src);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(is_too_deep(&errs[0]), "{errs:?}");
    }

    #[test]
    fn expressions_up_to_the_limit_still_assemble() {
        let parens = format!(
            "movs r0, #{}5{}\n",
            "(".repeat(MAX_EXPR_DEPTH),
            ")".repeat(MAX_EXPR_DEPTH)
        );
        let out = assemble(&parens, Profile::V8MMain);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.bytes, [0x05, 0x20]);

        let minus = format!("movs r0, #{}5\n", "-".repeat(MAX_EXPR_DEPTH));
        assert!(errors(&minus).is_empty());

        // A label and MAX_EXPR_DEPTH - 1 additions make a tree exactly as deep as allowed.
        let chain = format!("x:\n.word x{}\n", "+1".repeat(MAX_EXPR_DEPTH - 1));
        let out = assemble(&chain, Profile::V8MMain);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        let value = (MAX_EXPR_DEPTH - 1) as u32;
        assert_eq!(out.bytes, value.to_le_bytes());
        assert!(is_too_deep(
            &errors(&format!("x:\n.word x{}\n", "+1".repeat(MAX_EXPR_DEPTH)))[0]
        ));
    }

    #[test]
    fn long_chains_of_constants_fold_and_are_not_limited() {
        let src = format!(".word 1{}\n", "+1".repeat(100_000));
        let out = assemble(&src, Profile::V8MMain);
        assert!(out.errors.is_empty(), "{:?}", out.errors);
        assert_eq!(out.bytes, 100_001u32.to_le_bytes());
    }

    #[test]
    fn the_lines_after_a_too_deep_expression_still_assemble() {
        let src = format!("movs r0, #{}1\nmovs r1, #2\n", "-".repeat(10_000));
        let out = assemble(&src, Profile::V8MMain);
        assert_eq!(out.errors.len(), 1);
        assert_eq!(out.bytes, [0x02, 0x21]);
    }

    #[test]
    fn operators_keep_their_precedence_and_associate_to_the_left() {
        let cases: [(&str, i32); 6] = [
            ("1 + 2 * 3", 7),
            ("10 - 3 - 2", 5),
            ("100 / 10 / 5", 2),
            ("2 << 1 + 1", 8),
            ("1 | 6 & 3 << 1", 7),
            ("-(2 + 3) * ~0", 5),
        ];
        for (expr, value) in cases {
            let out = assemble(&format!(".word {expr}\n"), Profile::V8MMain);
            assert!(out.errors.is_empty(), "{expr}: {:?}", out.errors);
            assert_eq!(out.bytes, value.to_le_bytes(), "{expr}");
        }
    }
}
