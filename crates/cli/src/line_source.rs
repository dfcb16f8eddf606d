//! Where `repl` reads its lines: at a terminal, a line editor (arrow keys,
//! history, Ctrl-R search), with the history kept between sessions in
//! `$XDG_STATE_HOME/thumbforth/history` (or `~/.local/state/...`); from a
//! pipe or file, the lines as they come.

use std::io::{self, BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::{Context, Result};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;

/// The most lines the history keeps.
const HISTORY_LINES: usize = 1000;

pub enum LineSource {
    Editor {
        editor: Box<DefaultEditor>,
        history: Option<PathBuf>,
    },
    Piped(io::Lines<io::StdinLock<'static>>),
}

impl LineSource {
    pub fn new() -> Result<LineSource> {
        if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
            return Ok(LineSource::Piped(io::stdin().lock().lines()));
        }
        let config = rustyline::Config::builder()
            .max_history_size(HISTORY_LINES)
            .context("the line editor's history size")?
            .auto_add_history(false)
            .build();
        let mut editor = DefaultEditor::with_config(config).context("starting the line editor")?;
        let history = history_file();
        if let Some(file) = &history {
            // No history yet is the usual first run, not an error.
            let _ = editor.load_history(file);
        }
        Ok(LineSource::Editor {
            editor: Box::new(editor),
            history,
        })
    }

    /// The next line; None at the end of input (Ctrl-D, or Ctrl-C at a
    /// terminal).
    pub fn next_line(&mut self) -> Result<Option<String>> {
        match self {
            LineSource::Piped(lines) => Ok(lines.next().transpose()?),
            LineSource::Editor { editor, history } => match editor.readline("") {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        let _ = editor.add_history_entry(line.as_str());
                        if let Some(file) = history {
                            save_history(editor, file);
                        }
                    }
                    Ok(Some(line))
                }
                Err(ReadlineError::Eof | ReadlineError::Interrupted) => Ok(None),
                Err(e) => Err(e).context("reading a line from the terminal"),
            },
        }
    }
}

/// Where the history lives, as the XDG base directories say.
fn history_file() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))?;
    Some(state.join("thumbforth").join("history"))
}

/// Writes the history after each line, so a session that ends abruptly
/// (`bye`, a fault) keeps what was typed; a failure to write loses nothing
/// the session needs.
fn save_history(editor: &mut DefaultEditor, file: &PathBuf) {
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = editor.save_history(file);
}
