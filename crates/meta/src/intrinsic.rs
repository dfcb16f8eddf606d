//! The kernel words the host compiles itself, each with its Forth name and
//! where it may be used, in one table. The kernel defines every one of them
//! in Forth too (so `postpone` and target code can use them); while the
//! kernel loads, the host binds the kernel's word of that name to the
//! intrinsic ([`crate::bindings`]), and the outer interpreter does what the
//! intrinsic means instead of running the word.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Words the host compiler implements itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    Colon,
    NoName,
    Semicolon,
    If,
    Else,
    Then,
    Ahead,
    Begin,
    Until,
    Again,
    While,
    Repeat,
    Do,
    QDo,
    Loop,
    PlusLoop,
    Leave,
    Exit,
    Recurse,
    Literal,
    LBracket,
    RBracket,
    Does,
    SQuote,
    SBackslashQuote,
    DotQuote,
    CQuote,
    AbortQuote,
    Tick,
    BracketTick,
    Char,
    BracketChar,
    Postpone,
    BracketCompile,
    Case,
    Of,
    Endof,
    Endcase,
    To,
    Is,
    ActionOf,
    Constant,
    Variable,
    TwoVariable,
    Value,
    Defer,
    Create,
    Buffer,
    Immediate,
    Inline,
    CompileOnly,
    Code,
    Include,
    Require,
    BracketIf,
    BracketElse,
    BracketThen,
    BracketDefined,
    BracketUndefined,
    Paren,
    Backslash,
    DotParen,
    TwoValue,
    Locals,
    ZeptoLocals,
    ParenLocal,
    Evaluate,
}

/// Where the host does what an intrinsic means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Interpreting and compiling alike.
    Always,
    /// Only while compiling: interpreted, the word is an error.
    Compiling,
    /// Only while interpreting: compiled, the word is an ordinary call of
    /// the kernel's definition (`: my-constant constant ;`).
    Interpreting,
}

/// Every intrinsic: its Forth name, what it is, and where the host does it.
pub const INTRINSICS: &[(&str, Intrinsic, Use)] = {
    use Intrinsic::*;
    use Use::*;
    &[
        (":", Colon, Interpreting),
        (":noname", NoName, Always),
        (";", Semicolon, Compiling),
        ("if", If, Compiling),
        ("else", Else, Compiling),
        ("then", Then, Compiling),
        ("ahead", Ahead, Compiling),
        ("begin", Begin, Compiling),
        ("until", Until, Compiling),
        ("again", Again, Compiling),
        ("while", While, Compiling),
        ("repeat", Repeat, Compiling),
        ("do", Do, Compiling),
        ("?do", QDo, Compiling),
        ("loop", Loop, Compiling),
        ("+loop", PlusLoop, Compiling),
        ("leave", Leave, Compiling),
        ("exit", Exit, Compiling),
        ("recurse", Recurse, Compiling),
        ("literal", Literal, Compiling),
        ("[", LBracket, Compiling),
        ("]", RBracket, Always),
        ("does>", Does, Compiling),
        ("s\"", SQuote, Always),
        ("s\\\"", SBackslashQuote, Always),
        (".\"", DotQuote, Always),
        ("c\"", CQuote, Compiling),
        ("abort\"", AbortQuote, Compiling),
        ("'", Tick, Interpreting),
        ("[']", BracketTick, Compiling),
        ("char", Char, Interpreting),
        ("[char]", BracketChar, Compiling),
        ("postpone", Postpone, Compiling),
        ("[compile]", BracketCompile, Compiling),
        ("case", Case, Compiling),
        ("of", Of, Compiling),
        ("endof", Endof, Compiling),
        ("endcase", Endcase, Compiling),
        ("to", To, Always),
        ("is", Is, Always),
        ("action-of", ActionOf, Always),
        ("constant", Constant, Interpreting),
        ("variable", Variable, Interpreting),
        ("2variable", TwoVariable, Interpreting),
        ("value", Value, Interpreting),
        ("defer", Defer, Interpreting),
        ("create", Create, Interpreting),
        ("buffer:", Buffer, Interpreting),
        ("immediate", Immediate, Interpreting),
        ("inline", Inline, Interpreting),
        ("compile-only", CompileOnly, Interpreting),
        ("code", Code, Interpreting),
        ("include", Include, Always),
        ("require", Require, Always),
        ("[if]", BracketIf, Always),
        ("[else]", BracketElse, Always),
        ("[then]", BracketThen, Always),
        ("[defined]", BracketDefined, Always),
        ("[undefined]", BracketUndefined, Always),
        ("(", Paren, Always),
        ("\\", Backslash, Always),
        (".(", DotParen, Always),
        ("2value", TwoValue, Interpreting),
        ("{:", Locals, Compiling),
        ("{", ZeptoLocals, Compiling),
        ("(local)", ParenLocal, Interpreting),
        ("evaluate", Evaluate, Interpreting),
    ]
};

/// [`INTRINSICS`] indexed both ways, made once.
struct Index {
    by_name: HashMap<&'static str, Intrinsic>,
    uses: HashMap<Intrinsic, Use>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index {
        by_name: INTRINSICS.iter().map(|&(n, i, _)| (n, i)).collect(),
        uses: INTRINSICS.iter().map(|&(_, i, u)| (i, u)).collect(),
    })
}

impl Intrinsic {
    /// The intrinsic called `name` (in lower case), if any.
    pub fn by_name(name: &str) -> Option<Intrinsic> {
        index().by_name.get(name).copied()
    }

    /// Where the host does what this intrinsic means.
    pub fn usage(self) -> Use {
        index().uses.get(&self).copied().unwrap_or(Use::Always)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_intrinsic_has_one_name_in_the_table() {
        let mut seen = std::collections::HashSet::new();
        for &(name, intrinsic, _) in INTRINSICS {
            assert!(seen.insert(intrinsic), "{intrinsic:?} twice");
            assert_eq!(Intrinsic::by_name(name), Some(intrinsic));
            assert_eq!(name, name.to_ascii_lowercase());
        }
        assert_eq!(seen.len(), Intrinsic::Evaluate as usize + 1);
    }
}
