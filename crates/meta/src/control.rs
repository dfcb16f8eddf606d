//! Control-flow items as they sit on the build's data stack while a
//! definition is compiled: the address a structure needs (an orig's branch,
//! a dest, a do loop's leave literal and start) and on top a tag cell naming
//! the word that opened it. The tag lets each closing word check that it
//! closes the kind of structure it was made for (`: x if again ;` is an
//! error, not a word that loops forever), on the host and on the board alike:
//! the kernel's Forth `if`, `then` ... (forth/kernel/compiler.fs) lay down and
//! check the same tags, which the build exports as the constants `cs-if` ...

/// Tags are this value plus one plus the opener's index in [`Opener::ALL`]:
/// no address of code or data, and an unlikely number to find on the stack.
pub const CS_TAG: u32 = 0x3C5F_0000;

/// The word that opened a control structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opener {
    If,
    Ahead,
    Else,
    While,
    Begin,
    Do,
    QDo,
    Case,
    Of,
    Endof,
}

impl Opener {
    /// In tag order.
    pub const ALL: [Opener; 10] = [
        Opener::If,
        Opener::Ahead,
        Opener::Else,
        Opener::While,
        Opener::Begin,
        Opener::Do,
        Opener::QDo,
        Opener::Case,
        Opener::Of,
        Opener::Endof,
    ];
    /// What `then` and `else` resolve: a forward branch.
    pub const ORIG: &'static [Opener] = &[Opener::If, Opener::Ahead, Opener::Else, Opener::While];
    /// What `again`, `until` and `repeat` branch back to.
    pub const DEST: &'static [Opener] = &[Opener::Begin];
    /// What `loop` and `+loop` close.
    pub const DO_SYS: &'static [Opener] = &[Opener::Do, Opener::QDo];
    /// What `of` must find on top: the `case` or the previous `endof`.
    pub const CASE_ARM: &'static [Opener] = &[Opener::Case, Opener::Endof];

    pub fn name(self) -> &'static str {
        match self {
            Opener::If => "if",
            Opener::Ahead => "ahead",
            Opener::Else => "else",
            Opener::While => "while",
            Opener::Begin => "begin",
            Opener::Do => "do",
            Opener::QDo => "?do",
            Opener::Case => "case",
            Opener::Of => "of",
            Opener::Endof => "endof",
        }
    }

    pub fn tag(self) -> u32 {
        let index = Opener::ALL.iter().position(|&o| o == self).unwrap_or(0);
        CS_TAG + 1 + index as u32
    }

    pub fn from_tag(tag: u32) -> Option<Opener> {
        let index = tag.checked_sub(CS_TAG + 1)?;
        Opener::ALL.get(index as usize).copied()
    }

    /// The Forth constant holding the tag, as the build defines it.
    pub fn constant_name(self) -> String {
        format!("cs-{}", self.name())
    }

    /// "an `if`", for messages.
    pub fn described(self) -> String {
        let article = if self.name().starts_with(['i', 'a', 'e', 'o']) {
            "an"
        } else {
            "a"
        };
        format!("{article} `{}`", self.name())
    }
}

/// "a `begin`", "`if`, `ahead`, `else` or `while`": what a closing word accepts.
pub fn accepted(openers: &[Opener]) -> String {
    match openers {
        [one] => one.described(),
        [rest @ .., last] => {
            let rest: Vec<String> = rest.iter().map(|o| format!("`{}`", o.name())).collect();
            format!("{} or `{}`", rest.join(", "), last.name())
        }
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opener_has_its_own_tag_and_is_found_by_it() {
        for o in Opener::ALL {
            assert_eq!(Opener::from_tag(o.tag()), Some(o));
        }
        assert_eq!(Opener::from_tag(CS_TAG), None);
        assert_eq!(Opener::from_tag(0), None);
        assert_eq!(Opener::from_tag(CS_TAG + 11), None);
    }

    #[test]
    fn messages_read_as_english() {
        assert_eq!(Opener::If.described(), "an `if`");
        assert_eq!(Opener::Begin.described(), "a `begin`");
        assert_eq!(accepted(Opener::DEST), "a `begin`");
        assert_eq!(accepted(Opener::DO_SYS), "`do` or `?do`");
    }
}
