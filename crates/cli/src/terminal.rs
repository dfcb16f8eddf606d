//! The terminal as a board's serial console: keys go to the board as they
//! are typed, without the terminal's own line editing or echo (the board's
//! `accept` echoes and handles backspace, as on a real serial line).
//! Output processing stays on, so the board's LF starts a new line.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;

/// Ctrl-C: stops the run, as it would stop a terminal program.
const INTERRUPT: u8 = 0x03;
/// Ctrl-D: ends the input; the run ends when the board next waits for a key.
const END_OF_INPUT: u8 = 0x04;

/// The terminal in character mode until dropped.
pub struct CharacterMode {
    saved: libc::termios,
}

impl CharacterMode {
    /// Switches standard input's terminal to character mode; None when it is
    /// not a terminal.
    pub fn enter() -> Option<CharacterMode> {
        // SAFETY: tcgetattr and tcsetattr only read and write the termios
        // struct we own, for file descriptor 0.
        unsafe {
            let mut saved: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut saved) != 0 {
                return None;
            }
            let mut raw = saved;
            raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
            raw.c_iflag &= !(libc::ICRNL | libc::IXON);
            raw.c_cc[libc::VMIN] = 1;
            raw.c_cc[libc::VTIME] = 0;
            if libc::tcsetattr(0, libc::TCSANOW, &raw) != 0 {
                return None;
            }
            Some(CharacterMode { saved })
        }
    }
}

impl Drop for CharacterMode {
    fn drop(&mut self) {
        // SAFETY: restores the settings read in `enter`.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &self.saved);
        }
    }
}

/// Reads standard input on a thread of its own: the keys for the board, and
/// the flag Ctrl-C sets. Ctrl-D or the end of standard input ends the input.
pub fn keys() -> (Receiver<Vec<u8>>, Arc<AtomicBool>) {
    let (tx, rx) = mpsc::channel();
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = interrupt.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        let mut stdin = io::stdin();
        while let Ok(n) = stdin.read(&mut buf) {
            if n == 0 {
                return;
            }
            let chunk = &buf[..n];
            if chunk.contains(&INTERRUPT) {
                flag.store(true, Ordering::Relaxed);
                return;
            }
            let (keys, ended) = match chunk.iter().position(|&b| b == END_OF_INPUT) {
                Some(i) => (&chunk[..i], true),
                None => (chunk, false),
            };
            if tx.send(keys.to_vec()).is_err() || ended {
                return;
            }
        }
    });
    (rx, interrupt)
}
