//! Test files fed to the board's own resident interpreter, as a terminal
//! would type them: the image is built with the tester, booted until its
//! console waits for input, and each line of a file is sent to the UART and
//! run until the board waits again. The host only types: a line the board
//! cannot read fails as it would on a real board, with the board's own
//! message. `include` and `require` lines are expanded by the host, as a
//! serial terminal's upload does, since a board has no files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use emu::{Emulator, Exit};
use image::Image;
use target::Target;

use crate::diag::Diagnostic;
use crate::tests_runner::{
    read_test_file, run_lines, tester_addr, Board, LineRun, Options, Report, TesterCells,
};
use crate::Build;

/// A booted board whose console takes test lines.
pub struct ResidentBoard {
    target: Target,
    image: Image,
    emu: Emulator,
    /// The RAM cell counting the errors the console reported.
    errors_cell: Option<u32>,
    cells: TesterCells,
    budget: u64,
    include_paths: Vec<PathBuf>,
    /// Directories of the files being fed, innermost last.
    dirs: Vec<PathBuf>,
    /// Files fed already, for `require`; the image's built-in files count.
    fed: HashSet<String>,
}

impl ResidentBoard {
    /// Finishes `build` (the standard image with the tester loaded) and
    /// boots it to its first prompt.
    pub fn boot(build: Build, budget: u64) -> Result<ResidentBoard, Diagnostic> {
        let s = &build.session;
        let target = s.machine.target.clone();
        let cells = TesterCells::of(s);
        let errors_cell = tester_addr(s, "console-errors");
        let include_paths = s.files.include_paths.clone();
        // The image already holds the built-in files and the sources the
        // build loaded (a project's): a `require` of them does nothing.
        let fed = s
            .files
            .builtin
            .keys()
            .map(|k| k.to_string())
            .chain(s.files.loaded.iter().map(|p| p.display().to_string()))
            .collect();
        let image = build.finish()?;
        let emu = start(&target, &image, budget)?;
        Ok(ResidentBoard {
            target,
            image,
            emu,
            errors_cell,
            cells,
            budget,
            include_paths,
            dirs: Vec::new(),
            fed,
        })
    }

    /// Runs one test file's cases through the console, adding them to `report`.
    pub fn run_file(
        &mut self,
        path: &Path,
        options: &Options,
        report: &mut Report,
    ) -> Result<(), Diagnostic> {
        let text = read_test_file(path)?;
        self.fed.insert(canonical(path));
        self.dirs.push(parent(path));
        let cells = self.cells;
        run_lines(
            self,
            &cells,
            &path.display().to_string(),
            &text,
            options,
            report,
        );
        self.dirs.pop();
        Ok(())
    }

    fn errors(&self) -> u32 {
        self.errors_cell.and_then(|a| self.read_u32(a)).unwrap_or(0)
    }

    /// Types one line and runs the board until it waits for the next.
    fn type_line(&mut self, src: &str) -> LineRun {
        let (insns0, errors0) = (self.emu.instructions(), self.errors());
        let mut line: Vec<u8> = src.bytes().filter(|&b| b != b'\r').collect();
        line.push(b'\n');
        self.emu.feed_input(&line);
        let exit = self.emu.resume_console(self.budget);
        let output = String::from_utf8_lossy(&self.emu.take_output()).into_owned();
        let mut run = LineRun {
            instructions: self.emu.instructions() - insns0,
            console: what_the_line_printed(src, &output),
            error: None,
        };
        let dead = match exit {
            Ok(Exit::InputEnded) => None,
            Ok(Exit::Semihost { status }) => Some(format!("the board exited with status {status}")),
            Ok(Exit::Interrupted) => Some("the run was interrupted".to_owned()),
            Err(fault) => Some(fault.to_string()),
        };
        if let Some(why) = dead {
            // The board is gone: boot it again for the lines that follow.
            run.error = Some(format!("{why}\n"));
            match start(&self.target, &self.image, self.budget) {
                Ok(emu) => self.emu = emu,
                Err(d) => {
                    run.error = Some(format!(
                        "{why}\nand the board does not boot again: {}\n",
                        d.message
                    ))
                }
            }
        } else if self.errors() > errors0 {
            run.error = Some(format!(
                "the console reported: {}",
                run.console.trim_start()
            ));
        }
        run
    }

    /// `include FILE` or `require FILE` alone on a line: the file's path.
    fn file_to_feed(&self, src: &str) -> Option<(String, bool)> {
        let mut words = src.split_whitespace();
        let once = match words.next()?.to_ascii_lowercase().as_str() {
            "include" => false,
            "require" => true,
            _ => return None,
        };
        let name = words.next()?;
        if words.next().is_some() {
            return None;
        }
        Some((name.to_owned(), once))
    }

    /// Types every line of the file `name`, as one line of the test file.
    fn feed_file(&mut self, name: &str, once: bool) -> LineRun {
        let key = if self.fed.contains(name) {
            name.to_owned()
        } else {
            match crate::files::locate(self.dirs.last(), &self.include_paths, name) {
                Some(p) => canonical(&p),
                None => {
                    return LineRun {
                        error: Some(format!("cannot find file `{name}`\n")),
                        ..LineRun::default()
                    }
                }
            }
        };
        if once && self.fed.contains(&key) {
            return LineRun::default();
        }
        let path = PathBuf::from(&key);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                return LineRun {
                    error: Some(format!("cannot feed `{name}` from the host: {e}\n")),
                    ..LineRun::default()
                }
            }
        };
        self.fed.insert(key);
        self.dirs.push(parent(&path));
        let mut all = LineRun::default();
        for (i, line) in text.lines().enumerate() {
            let run = self.run_line(i as u32 + 1, line);
            all.instructions += run.instructions;
            all.console.push_str(&run.console);
            if let Some(e) = run.error {
                let at = format!("{}:{}: {e}", path.display(), i + 1);
                all.error.get_or_insert_with(String::new).push_str(&at);
            }
        }
        self.dirs.pop();
        all
    }
}

impl Board for ResidentBoard {
    fn run_line(&mut self, _line_no: u32, src: &str) -> LineRun {
        match self.file_to_feed(src) {
            Some((name, once)) => self.feed_file(&name, once),
            None => self.type_line(src),
        }
    }

    fn read_u32(&self, addr: u32) -> Option<u32> {
        let b = self.emu.read_mem(addr, 4).ok()?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// A fresh board with `image` in flash, booted to its first prompt.
fn start(target: &Target, image: &Image, budget: u64) -> Result<Emulator, Diagnostic> {
    let fail = |why: String| Diagnostic::new(None, why);
    let mut emu = Emulator::new(target).map_err(|e| fail(e.to_string()))?;
    emu.flash_as_chip().map_err(|e| fail(e.to_string()))?;
    emu.set_strict(true);
    emu.load(image.flash_base, &image.flash)
        .map_err(|e| fail(e.to_string()))?;
    emu.set_symbols(emulator_symbols(&image.symbols));
    match emu.boot(budget) {
        Ok(Exit::InputEnded) => {
            emu.take_output();
            Ok(emu)
        }
        Ok(other) => Err(fail(format!(
            "the image did not reach its console prompt ({other:?})"
        ))),
        Err(fault) => Err(fail(format!("the image did not boot:\n{fault}"))),
    }
}

/// An image's symbols as the emulator names code in fault reports.
pub fn emulator_symbols(symbols: &[image::Symbol]) -> Vec<emu::Symbol> {
    symbols
        .iter()
        .map(|s| emu::Symbol {
            name: s.name.clone(),
            addr: s.addr,
            size: s.size,
        })
        .collect()
}

/// The console transcript of one typed line without the board's echo of
/// it and the prompt after it: what the line itself printed.
fn what_the_line_printed(src: &str, output: &str) -> String {
    let echoed: String = src
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let rest = output.strip_prefix(echoed.as_str()).unwrap_or(output);
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    for prompt in ["ok\n", "compiled\n"] {
        if let Some(r) = rest.strip_suffix(prompt) {
            return r.to_owned();
        }
    }
    rest.to_owned()
}

fn canonical(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

fn parent(path: &Path) -> PathBuf {
    path.canonicalize()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::what_the_line_printed;

    #[test]
    fn the_echo_and_the_prompt_are_not_the_lines_output() {
        assert_eq!(what_the_line_printed("7 .", "7 . 7 ok\n"), "7 ");
        assert_eq!(what_the_line_printed(": a", ": a compiled\n"), "");
        assert_eq!(
            what_the_line_printed("x\ty", "x y undefined word: x\n"),
            "undefined word: x\n"
        );
    }
}
