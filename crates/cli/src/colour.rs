//! Whether output is coloured. `--color always` and `--color never` decide;
//! with `auto` (the default) a stream is coloured when it is a terminal,
//! unless `NO_COLOR` is set to anything but the empty string (no-color.org)
//! or `TERM` is `dumb`, as a terminal that cannot show escapes says.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// The `--color` choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    #[default]
    Auto,
    Always,
    Never,
}

static CHOICE: OnceLock<When> = OnceLock::new();

/// Records the command line's choice, once, before anything is printed.
pub fn choose(when: When) {
    let _ = CHOICE.set(when);
}

/// Is standard error coloured?
pub fn stderr() -> bool {
    enabled(std::io::stderr().is_terminal())
}

/// Is standard output coloured?
pub fn stdout() -> bool {
    enabled(std::io::stdout().is_terminal())
}

fn enabled(terminal: bool) -> bool {
    decide(
        CHOICE.get().copied().unwrap_or_default(),
        std::env::var_os("NO_COLOR"),
        std::env::var_os("TERM"),
        terminal,
    )
}

fn decide(when: When, no_color: Option<OsString>, term: Option<OsString>, terminal: bool) -> bool {
    match when {
        When::Always => true,
        When::Never => false,
        When::Auto => {
            let asked_none = no_color.is_some_and(|v| !v.is_empty());
            let dumb = term.is_some_and(|t| t == "dumb");
            terminal && !asked_none && !dumb
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(s: &str) -> Option<OsString> {
        Some(s.into())
    }

    #[test]
    fn auto_colours_a_terminal_unless_no_color_or_a_dumb_term_says_not_to() {
        assert!(decide(When::Auto, None, os("xterm"), true));
        assert!(!decide(When::Auto, None, os("xterm"), false));
        assert!(!decide(When::Auto, os("1"), os("xterm"), true));
        assert!(decide(When::Auto, os(""), os("xterm"), true));
        assert!(!decide(When::Auto, None, os("dumb"), true));
    }

    #[test]
    fn always_and_never_decide_whatever_the_environment() {
        assert!(decide(When::Always, os("1"), os("dumb"), false));
        assert!(!decide(When::Never, None, os("xterm"), true));
    }
}
