//! Build errors as a user reads them: `file:line:column: error: message`,
//! then the source line with a caret under the word, rendered by ariadne.

use std::fmt::Write as _;

use ariadne::{Config, Label, Report, ReportKind, Source};

use crate::source::{Sources, Span};

/// One error of a build, pointing at the word that caused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Option<Span>,
    pub message: String,
    /// Further lines: a suggestion, the fault report, the word's output.
    pub notes: Vec<String>,
    /// Set when the program ended itself (`bye`) with this status.
    pub exit_status: Option<u32>,
    /// The standard's throw code when a program may catch this error: met
    /// while the host serves the board's `evaluate`, it is raised on the
    /// board, so a `catch` around that `evaluate` receives the code.
    pub throw_code: Option<i32>,
}

impl Diagnostic {
    pub fn new(span: Option<Span>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            notes: Vec::new(),
            exit_status: None,
            throw_code: None,
        }
    }

    /// This error as the standard's exception `code` (-13 for an undefined word).
    pub fn catchable(mut self, code: i32) -> Diagnostic {
        self.throw_code = Some(code);
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        let n = note.into();
        if !n.is_empty() {
            self.notes.push(n);
        }
        self
    }

    /// `file:line:col` of the span, or nothing.
    pub fn location(&self, sources: &Sources) -> Option<String> {
        let s = self.span?;
        Some(format!("{}:{}:{}", sources.get(s.file).name, s.line, s.col))
    }

    /// The first line alone: `file:line:col: error: message`.
    pub fn headline(&self, sources: &Sources) -> String {
        match self.location(sources) {
            Some(loc) => format!("{loc}: error: {}", self.message),
            None => format!("error: {}", self.message),
        }
    }

    /// The whole report: headline, the source line with a caret, the notes.
    pub fn render(&self, sources: &Sources, color: bool) -> String {
        let mut out = self.headline(sources);
        out.push('\n');
        if let Some(span) = self.span {
            let file = sources.get(span.file);
            let line_start = file.text[..file.line_start(span.line)].chars().count();
            let start = line_start + (span.col as usize).saturating_sub(1);
            let end = start + (span.len as usize).max(1);
            let mut buf = Vec::new();
            let report = Report::build(ReportKind::Error, (file.name.clone(), start..end))
                .with_config(Config::default().with_color(color))
                .with_label(
                    Label::new((file.name.clone(), start..end)).with_message(&self.message),
                );
            if report
                .finish()
                .write(
                    (file.name.clone(), Source::from(file.text.as_str())),
                    &mut buf,
                )
                .is_ok()
            {
                let text = String::from_utf8_lossy(&buf);
                // Skip ariadne's own first line: the headline says the same.
                for l in text.lines().skip(1) {
                    let _ = writeln!(out, "{l}");
                }
            }
        }
        for n in &self.notes {
            for l in n.lines() {
                let _ = writeln!(out, "  = {l}");
            }
        }
        out
    }
}
