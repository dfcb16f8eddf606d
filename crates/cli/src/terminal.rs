//! The terminal as a board's serial console: keys go to the board as they
//! are typed, without the terminal's own line editing or echo (the board's
//! `accept` echoes and handles backspace, as on a real serial line).
//! Output processing stays on, so the board's LF starts a new line. The
//! terminal gets its settings back when the run ends, also when a closed
//! output pipe ends it.

use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, OnceLock};

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
            let _ = SAVED.set(saved);
            libc::signal(
                libc::SIGPIPE,
                restore_and_end as extern "C" fn(libc::c_int) as libc::sighandler_t,
            );
            Some(CharacterMode { saved })
        }
    }
}

impl Drop for CharacterMode {
    fn drop(&mut self) {
        // SAFETY: restores the settings read in `enter`, then the default
        // action of SIGPIPE that `main` set.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &self.saved);
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
}

/// The terminal's settings before character mode, for [`restore_and_end`].
static SAVED: OnceLock<libc::termios> = OnceLock::new();

/// SIGPIPE in character mode: output piped to a reader that has gone
/// (`thumbforth run app.elf | head`) ends the program, as it would outside
/// character mode, but only after giving the terminal its settings back, so
/// the shell is not left without echo or line editing.
extern "C" fn restore_and_end(signal: libc::c_int) {
    // SAFETY: tcsetattr, signal and raise may be called in a signal handler;
    // SAVED is set before this handler is installed and read atomically.
    // The raised signal is delivered, with its default action, once the
    // handler returns.
    unsafe {
        if let Some(saved) = SAVED.get() {
            libc::tcsetattr(0, libc::TCSANOW, saved);
        }
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// What the key thread hands the run: the keys for the board, the flag
/// that stops the board (Ctrl-C, or a request the host serves), and the
/// words `see NAME` lines asked for.
pub struct Keys {
    pub keys: Receiver<Vec<u8>>,
    pub interrupt: Arc<AtomicBool>,
    pub sees: Arc<Mutex<Vec<String>>>,
}

/// Reads standard input on a thread of its own: the keys for the board (the
/// escape sequences of cursor and function keys dropped, an `include` line
/// replaced by the file, a `see` line kept for the host to serve, see
/// [`crate::upload`]), and the flag Ctrl-C sets. Ctrl-D or the end of
/// standard input ends the input.
pub fn keys() -> Keys {
    let (tx, rx) = mpsc::channel();
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = interrupt.clone();
    let sees = Arc::new(Mutex::new(Vec::new()));
    let asked = sees.clone();
    std::thread::spawn(move || {
        let mut filter = crate::key_filter::KeyFilter::default();
        let mut uploads = crate::upload::Uploads::default();
        // Raw mode: a message needs its own CR.
        let mut report = |why: String| eprint!("\r\nthumbforth: {why}\r\n");
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
            let keys = uploads.keys(&filter.keys(keys), &mut report);
            if tx.send(keys).is_err() {
                return;
            }
            if !uploads.sees.is_empty() {
                if let Ok(mut asked) = asked.lock() {
                    asked.append(&mut uploads.sees);
                }
                flag.store(true, Ordering::Relaxed);
            }
            if ended {
                return;
            }
        }
    });
    Keys {
        keys: rx,
        interrupt,
        sees,
    }
}
