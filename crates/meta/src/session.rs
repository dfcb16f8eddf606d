//! One build: the emulated board holding the dictionary, the host's view of
//! it, and the traffic between them. The system variables live in target
//! RAM; the host keeps a copy that it writes before and reads after every
//! build-time execution, so Forth code on the target and the host compiler
//! see the same HERE, LATEST, STATE, BASE, >IN, input line and search order.

// Faults are full reports that end a build; they are returned by value.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use emu::{Emulator, Fault, FaultKind};
use target::Target;
use thumb::Profile;

use crate::compile::{Definition, Fold};
use crate::diag::Diagnostic;
use crate::dict::{Dictionary, Kind, Word};
use crate::emit::Code;
use crate::interp::{Intrinsic, Multiline};
use crate::layout::{self, *};
use crate::source::{FileId, Sources, Span};

/// Instructions one build-time execution may run before it counts as runaway.
pub const DEFAULT_CALL_BUDGET: u64 = 200_000_000;
/// The `svc` number of the kernel's `evaluate`: the host interprets.
pub const SERVICE_EVALUATE: u8 = 1;
/// Return stack a nested `evaluate` needs left to start.
pub const MIN_EVALUATE_RETURN_STACK: u32 = 256;
/// Deepest data stack a build-time execution may leave.
pub const MAX_BUILD_STACK: usize = 4096;
/// Room the stacks get below the data stack base at build time; the RAM
/// between the RAM dictionary and this room is guarded, so a runaway stack
/// stops there instead of overwriting the dictionary and the system
/// variables.
pub const BUILD_DATA_STACK_ROOM: u32 = 8 * MAX_BUILD_STACK as u32;
/// Free RAM above RAM HERE left outside the guard.
pub const GUARD_SLACK: u32 = 0x1000;

/// The input line being interpreted.
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub file: FileId,
    pub line_no: u32,
    pub text: String,
    /// The target's input buffer does not hold `text` yet.
    pub dirty: bool,
    /// Where the text already is in target memory (`evaluate`): SOURCE
    /// points there instead of at a copy in the input buffer.
    pub origin: Option<u32>,
}

pub struct Session {
    pub emu: Emulator,
    pub target: Target,
    pub profile: Profile,
    pub sources: Sources,
    pub dict: Dictionary,
    pub ram: u32,
    sys: [u32; (SYSVARS_SIZE / 4) as usize],
    sys_dirty: bool,
    /// The search order as read from the system variables (kept current by
    /// `set_sys` and after every build-time execution).
    pub order: Vec<u16>,
    /// LATEST as the host last indexed it.
    indexed_latest: u32,
    /// The build's data stack while interpreting (deepest first).
    pub stack: Vec<u32>,
    pub input: Input,
    /// Code and data appended at HERE and not yet written to the target.
    pub code: Code,
    /// The colon definition being compiled, if any.
    pub def: Option<Definition>,
    /// Kernel words the host compiles itself: xt -> what it does.
    pub intrinsics: HashMap<u32, Intrinsic>,
    /// Intrinsics by name: what a name means before the kernel defines it.
    pub intrinsic_names: HashMap<&'static str, Intrinsic>,
    /// Literal-folding rules of kernel words: xt -> rule.
    pub folds: HashMap<u32, Fold>,
    /// Loading the kernel: words named like intrinsics and folds bind to them.
    pub kernel_mode: bool,
    /// Files `require`d or `include`d, by canonical path.
    pub loaded: HashSet<PathBuf>,
    /// RAM cells (values, defers) whose build-time contents boot restores.
    pub ram_init_cells: Vec<u32>,
    pub call_budget: u64,
    /// Console output is printed as it comes (else collected in `console`).
    pub echo: bool,
    pub console: Vec<u8>,
    /// Instructions run by build-time execution.
    pub executed: u64,
    /// Wall time spent in build-time execution (for the compile-speed benchmark).
    pub execution_time: std::time::Duration,
    /// The span of the token being processed, for diagnostics.
    pub span: Option<Span>,
    /// Counter for the two transient string buffers.
    pub string_buffer: u32,
    /// The source files' directories, innermost last, for relative includes.
    pub dir_stack: Vec<PathBuf>,
    /// The files being included, outermost first (canonical path, name as
    /// given): an include of one of them again is a cycle.
    pub including: Vec<(PathBuf, String)>,
    /// `evaluate`s the target asked the host for and that are still running.
    pub evaluate_depth: usize,
    /// Where the outermost of those was started, for the runaway message.
    pub evaluate_origin: Option<Span>,
    /// Where `require`/`include` look after the including file's directory.
    pub include_paths: Vec<PathBuf>,
    /// Built-in sources (the kernel) by virtual path.
    pub builtin: HashMap<&'static str, &'static str>,
    /// Files that `include` and `require` find by name before the disk:
    /// sources held in memory (an editor's buffers, a fuzzer's inputs).
    pub virtual_files: HashMap<String, String>,
    /// Bytes of flash each built-in file took when it was included, in order.
    pub builtin_sizes: Vec<(String, u32)>,
    /// A comment, skipped `[if]` branch or `code` body spanning lines.
    pub multiline: Option<Multiline>,
    /// The definition being compiled is a `:noname`.
    pub noname: bool,
    /// RAM the build gave to named data (variables and buffers made while
    /// compiling to flash): (start, end, name), for messages.
    pub ram_named: Vec<(u32, u32, String)>,
    /// Named parts of the image's fixed start (vector table, boot block,
    /// start-up code), for messages about stores into them: (start, end, name).
    pub image_parts: Vec<(u32, u32, String)>,
    /// Flash below this address is the standard image, which build-time code
    /// may not store into (0 while the standard image itself is loading).
    pub standard_end: u32,
    /// Where the flash dictionary may grow to: the record sector starts here.
    pub flash_limit: u32,
}

impl Session {
    pub fn new(target: &Target) -> Result<Session, Diagnostic> {
        let profile: Profile = target
            .profile
            .name()
            .parse()
            .map_err(|e: String| Diagnostic::new(None, e))?;
        let emu = Emulator::new(target)
            .map_err(|e| Diagnostic::new(None, format!("cannot build the emulated board: {e}")))?;
        let ram = target.ram.origin;
        let mut s = Session {
            emu,
            target: target.clone(),
            profile,
            sources: Sources::default(),
            dict: Dictionary::default(),
            ram,
            sys: [0; (SYSVARS_SIZE / 4) as usize],
            sys_dirty: true,
            order: vec![FORTH_WORDLIST],
            indexed_latest: 0,
            stack: Vec::new(),
            input: Input::default(),
            code: Code::new(target.flash.origin, profile),
            def: None,
            intrinsics: HashMap::new(),
            intrinsic_names: crate::interp::intrinsic_table(),
            folds: HashMap::new(),
            kernel_mode: true,
            loaded: HashSet::new(),
            ram_init_cells: Vec::new(),
            call_budget: DEFAULT_CALL_BUDGET,
            echo: false,
            console: Vec::new(),
            executed: 0,
            execution_time: std::time::Duration::ZERO,
            span: None,
            string_buffer: 0,
            dir_stack: Vec::new(),
            including: Vec::new(),
            evaluate_depth: 0,
            evaluate_origin: None,
            include_paths: Vec::new(),
            builtin: HashMap::new(),
            virtual_files: HashMap::new(),
            builtin_sizes: Vec::new(),
            multiline: None,
            noname: false,
            ram_named: Vec::new(),
            image_parts: Vec::new(),
            standard_end: 0,
            flash_limit: target.flash.end().min(u32::MAX as u64) as u32,
        };
        s.set_sys(BASE, 10);
        s.set_sys(RAM_DP, ram + RAM_DICT);
        s.set_sys(TIB_PTR, ram + TIB);
        s.set_sys(FLASH_FLAG, u32::MAX);
        s.set_sys(WID_COUNTER, FIRST_USER_WID);
        s.set_sys(NUM_ORDER, 1);
        s.set_sys(ORDER, FORTH_WORDLIST as u32);
        s.set_sys(HLD, ram + HOLD_END);
        Ok(s)
    }

    // --- system variables ---------------------------------------------------

    pub fn sys(&self, offset: u32) -> u32 {
        self.sys[(offset / 4) as usize]
    }

    pub fn set_sys(&mut self, offset: u32, v: u32) {
        self.sys[(offset / 4) as usize] = v;
        self.sys_dirty = true;
        if offset == NUM_ORDER || (ORDER..ORDER + 4 * ORDER_CAPACITY).contains(&offset) {
            self.order = self.read_order();
        }
    }

    pub fn compiling(&self) -> bool {
        self.sys(STATE) != 0
    }

    pub fn base(&self) -> u32 {
        self.sys(BASE)
    }

    pub fn to_flash(&self) -> bool {
        self.sys(FLASH_FLAG) != 0
    }

    fn dp_offset(&self) -> u32 {
        if self.to_flash() {
            DP
        } else {
            RAM_DP
        }
    }

    pub fn order(&self) -> Vec<u16> {
        self.order.clone()
    }

    fn read_order(&self) -> Vec<u16> {
        let n = self.sys(NUM_ORDER).min(ORDER_CAPACITY);
        (0..n).map(|i| self.sys(ORDER + 4 * i) as u16).collect()
    }

    /// `>IN`, in bytes. Target code sets it too (and sees at most the input
    /// buffer's 256 bytes of a line), so it can fall inside a character the
    /// host holds as UTF-8: whatever slices the line takes it back to the
    /// character's start (`source::char_floor`).
    pub fn to_in(&self) -> usize {
        self.sys(TO_IN) as usize
    }

    pub fn set_to_in(&mut self, v: usize) {
        self.set_sys(TO_IN, v as u32);
    }

    // --- memory ---------------------------------------------------------------

    pub fn here(&self) -> u32 {
        self.code.here()
    }

    /// Writes pending code to the target and moves the active dictionary
    /// pointer past it.
    pub fn flush(&mut self) -> Result<(), Diagnostic> {
        if !self.code.bytes.is_empty() {
            let (origin, here) = (self.code.origin, self.code.here());
            // Bytes at HERE have never run, so no translation of them can
            // be stale: skip the (costly) cache invalidation. Patches to
            // older code go through `poke`, which invalidates.
            self.emu.write_data(origin, &self.code.bytes).map_err(|e| {
                Diagnostic::new(
                    self.span,
                    format!("the dictionary does not fit in target memory: {e}"),
                )
            })?;
            self.code.bytes.clear();
            self.code.origin = here;
        }
        let off = self.dp_offset();
        if self.sys(off) != self.code.origin {
            self.set_sys(off, self.code.origin);
        }
        Ok(())
    }

    /// Starts a new code buffer at the active dictionary pointer.
    pub fn reorigin(&mut self) {
        let here = self.sys(self.dp_offset());
        self.code = Code::new(here, self.profile);
    }

    /// Switches between flash and RAM dictionary space.
    pub fn set_space(&mut self, flash: bool) -> Result<(), Diagnostic> {
        self.flush()?;
        self.set_sys(FLASH_FLAG, if flash { u32::MAX } else { 0 });
        self.reorigin();
        Ok(())
    }

    pub fn read(&self, addr: u32, len: usize) -> Result<Vec<u8>, Diagnostic> {
        let mut out = match self.emu.read_mem(addr, len) {
            Ok(b) => b,
            Err(e) => return Err(Diagnostic::new(self.span, e.to_string())),
        };
        // Bytes still in the code buffer are newer than the target's.
        let (o, h) = (self.code.origin as u64, self.code.here() as u64);
        for (i, b) in out.iter_mut().enumerate() {
            let a = addr as u64 + i as u64;
            if a >= o && a < h {
                *b = self.code.bytes[(a - o) as usize];
            }
        }
        Ok(out)
    }

    pub fn read_u32(&self, addr: u32) -> Result<u32, Diagnostic> {
        let b = self.read(addr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Writes `bytes` at `addr`, in the code buffer or in the target.
    pub fn poke(&mut self, addr: u32, bytes: &[u8]) -> Result<(), Diagnostic> {
        let o = self.code.origin;
        if addr >= o && addr as u64 + bytes.len() as u64 <= self.code.here() as u64 {
            let off = (addr - o) as usize;
            self.code.bytes[off..off + bytes.len()].copy_from_slice(bytes);
            return Ok(());
        }
        self.emu
            .write_mem(addr, bytes)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))
    }

    /// The end of RAM dictionary space (`ram-limit`): the data stack's room
    /// starts there.
    pub fn ram_limit(&self) -> u32 {
        self.emu.data_stack_base() - DATA_STACK_ROOM
    }

    /// Reserves RAM dictionary space (what `variable` and `buffer:` take when
    /// compiling to flash).
    pub fn ram_allot(&mut self, n: u32) -> Result<u32, Diagnostic> {
        if !self.to_flash() {
            self.flush()?;
        }
        // Cells are aligned: a Cortex-M0 faults on an unaligned `ldr`, and
        // RAM HERE may sit after code ending on a halfword.
        let addr = self.sys(RAM_DP).next_multiple_of(4);
        let end = addr as u64 + n as u64;
        if end > self.ram_limit() as u64 {
            return Err(Diagnostic::new(self.span, "RAM dictionary space is full"));
        }
        self.set_sys(RAM_DP, end as u32);
        if !self.to_flash() {
            self.reorigin();
        }
        Ok(addr)
    }

    // --- headers -------------------------------------------------------------

    /// Lays down a header for `name` at HERE in the current wordlist and
    /// makes it LATEST; returns the dictionary index. The word starts
    /// visible unless `hidden`.
    pub fn header(&mut self, name: &str, hidden: bool, kind: Kind) -> Result<usize, Diagnostic> {
        if name.is_empty() {
            return Err(Diagnostic::new(self.span, "a definition needs a name"));
        }
        if name.len() > MAX_NAME_LEN {
            return Err(Diagnostic::new(
                self.span,
                format!(
                    "the name is {} characters long; at most {MAX_NAME_LEN} fit a header",
                    name.len()
                ),
            ));
        }
        self.code.align4();
        let header = self.code.here();
        let flags = if hidden { 0 } else { FLAG_VISIBLE };
        let wid = self.sys(CURRENT) as u16;
        self.code.word(self.sys(LATEST));
        self.code.half(flags);
        self.code.half(wid);
        self.code.raw(&[name.len() as u8]);
        self.code.raw(name.as_bytes());
        while self.code.here() % 4 != 0 {
            self.code.raw(&[0]);
        }
        let xt = self.code.here() | 1;
        self.set_sys(LATEST, header);
        self.set_sys(LATEST_XT, xt);
        self.indexed_latest = header;
        let i = self.dict.add(Word {
            name: name.to_owned(),
            wid,
            header,
            xt,
            flags,
            kind,
            defined_at: self.span,
        });
        self.bind_intrinsic(i);
        Ok(i)
    }

    /// Sets or clears flag bits of a word, in its header and the index.
    pub fn set_flags(&mut self, i: usize, set: u16, clear: u16) -> Result<(), Diagnostic> {
        let w = self.dict.get_mut(i);
        w.flags = (w.flags | set) & !clear;
        let (header, flags) = (w.header, w.flags);
        self.poke(header + 4, &flags.to_le_bytes())
    }

    /// While the kernel loads, a word named like an intrinsic becomes that
    /// intrinsic (so the kernel's Forth `if` is the `if` the host compiles),
    /// and one named like a folding rule gets the rule.
    fn bind_intrinsic(&mut self, i: usize) {
        if !self.kernel_mode {
            return;
        }
        let w = self.dict.get(i);
        let name = w.name.to_ascii_lowercase();
        if let Some(&intr) = self.intrinsic_names.get(name.as_str()) {
            if !self.intrinsics.values().any(|&x| x == intr) {
                self.intrinsics.insert(w.xt, intr);
            }
        }
        if let Some(f) = Fold::by_name(&name) {
            if !self.folds.values().any(|&x| x == f) {
                self.folds.insert(w.xt, f);
            }
        }
    }

    /// Adds to the index every header the target made since the host last
    /// looked, and refreshes the flags of the newest one.
    fn index_new_words(&mut self) -> Result<(), Diagnostic> {
        let latest = self.sys(LATEST);
        if latest != self.indexed_latest {
            let mut headers = Vec::new();
            let mut h = latest;
            while h != 0 && h != self.indexed_latest && headers.len() < 100_000 {
                headers.push(h);
                h = self.read_u32(h)?;
            }
            for &h in headers.iter().rev() {
                let w = self.read_header(h)?;
                let i = self.dict.add(w);
                self.bind_intrinsic(i);
            }
            self.indexed_latest = latest;
        }
        if let Some(i) = self.dict.by_header(latest) {
            let b = self.read(latest + 4, 2)?;
            self.dict.get_mut(i).flags = u16::from_le_bytes([b[0], b[1]]);
        }
        Ok(())
    }

    fn read_header(&self, h: u32) -> Result<Word, Diagnostic> {
        let b = self.read(h + 4, 5)?;
        let flags = u16::from_le_bytes([b[0], b[1]]);
        let wid = u16::from_le_bytes([b[2], b[3]]);
        let len = b[4] as usize;
        let name =
            String::from_utf8_lossy(&self.read(h + HEADER_NAME_OFFSET + 1, len)?).into_owned();
        let code = layout::xt_of_header(h, len);
        let kind = self.recognise(code)?;
        Ok(Word {
            name,
            wid,
            header: h,
            xt: code | 1,
            flags,
            kind,
            defined_at: None,
        })
    }

    /// Recognises the fixed code shapes of constants and created words.
    fn recognise(&self, code: u32) -> Result<Kind, Diagnostic> {
        let Ok(bytes) = self.emu.read_mem(code, 16) else {
            return Ok(Kind::Colon);
        };
        if bytes[..CONSTANT_VALUE_OFFSET as usize]
            == crate::templates::constant_head(self.profile)[..]
        {
            let v = &bytes[8..12];
            return Ok(Kind::Constant(u32::from_le_bytes([v[0], v[1], v[2], v[3]])));
        }
        if bytes[..CREATE_DOES_CELL as usize] == crate::templates::create_head(self.profile)[..] {
            return Ok(Kind::Created);
        }
        let cell = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
        let head = INDIRECT_CELL_OFFSET as usize;
        if bytes[..head] == crate::templates::value_head(self.profile)[..] {
            return Ok(Kind::Value(cell));
        }
        if bytes[..head] == crate::templates::defer_head(self.profile)[..] {
            return Ok(Kind::Defer(cell));
        }
        Ok(Kind::Colon)
    }

    // --- build-time execution ------------------------------------------------

    /// Makes the target's memory and variables what the host has.
    fn sync_out(&mut self) -> Result<(), Diagnostic> {
        self.flush()?;
        // A page above RAM HERE stays open: words use the space there before
        // they allot it (`h,` stores, then moves HERE).
        let guard_start = self.sys(RAM_DP).saturating_add(GUARD_SLACK);
        let guard_end = self.emu.data_stack_base() - BUILD_DATA_STACK_ROOM;
        self.emu
            .set_stack_guard(Some((guard_start, guard_end)), self.ram + RAM_DP)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
        if let (true, Some(origin)) = (self.input.dirty, self.input.origin) {
            self.set_sys(NUM_TIB, self.input.text.len() as u32);
            self.set_sys(TIB_PTR, origin);
            self.input.dirty = false;
        }
        if self.input.dirty {
            let mut line = self.input.text.as_bytes().to_vec();
            line.truncate(TIB_SIZE as usize);
            self.set_sys(NUM_TIB, line.len() as u32);
            self.set_sys(TIB_PTR, self.ram + TIB);
            if !line.is_empty() {
                self.emu
                    .write_data(self.ram + TIB, &line)
                    .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
            }
            self.input.dirty = false;
        }
        if self.sys_dirty {
            let bytes: Vec<u8> = self.sys.iter().flat_map(|c| c.to_le_bytes()).collect();
            self.emu
                .write_data(self.ram, &bytes)
                .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
            self.sys_dirty = false;
        }
        Ok(())
    }

    /// Takes the system variables and the header chain from target memory
    /// after the host changed it behind the session's back (a reset to the
    /// state boot leaves).
    pub fn reload_from_target(&mut self) -> Result<(), Diagnostic> {
        self.sync_in()
    }

    /// Takes the target's variables back after it ran.
    fn sync_in(&mut self) -> Result<(), Diagnostic> {
        let bytes = self
            .emu
            .read_mem(self.ram, SYSVARS_SIZE as usize)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))?;
        for (i, c) in bytes.chunks_exact(4).enumerate() {
            self.sys[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
        self.sys_dirty = false;
        self.order = self.read_order();
        self.reorigin();
        self.index_new_words()?;
        let out = self.emu.take_output();
        if !out.is_empty() {
            if self.echo {
                use std::io::Write;
                let mut so = std::io::stdout().lock();
                let _ = so.write_all(&out);
                let _ = so.flush();
            } else {
                self.console.extend_from_slice(&out);
            }
        }
        Ok(())
    }

    /// Runs `xt` on the target with the build's data stack. A raised,
    /// uncaught exception, a fault, `bye` and a stack left out of bounds are
    /// errors naming `what`.
    pub fn execute(&mut self, xt: u32, what: &str) -> Result<(), Diagnostic> {
        let trampoline = self.intrinsic_word("(host-execute)");
        let mut args = std::mem::take(&mut self.stack);
        let entry = match trampoline {
            Some(t) => {
                args.push(xt | 1);
                t
            }
            None => xt,
        };
        let started = std::time::Instant::now();
        self.sync_out()?;
        let pointers = (self.sys(DP), self.sys(RAM_DP));
        let before = self.emu.instructions();
        let mut result = self.emu.call(entry & !1, &args, self.call_budget);
        while let Err(Fault {
            kind: FaultKind::Svc(SERVICE_EVALUATE),
            pc,
            ..
        }) = result
        {
            result = self.serve_evaluate(pc)?;
        }
        self.executed += self.emu.instructions() - before;
        self.sync_in()?;
        self.execution_time += started.elapsed();
        if result.is_ok() {
            self.check_dictionary_pointers(pointers, what)?;
        }
        match result {
            Ok(mut stack) => {
                if trampoline.is_some() {
                    // The trampoline pushes its exception code on whatever
                    // the word left. A word that took one cell more than
                    // the stack held leaves r7 one cell above the base, and
                    // that push brings it back to an empty stack: no code
                    // at all means the word underflowed (two or more cells
                    // too many are caught by the emulator's depth check).
                    let Some(exc) = stack.pop() else {
                        self.stack.clear();
                        return Err(Diagnostic::new(
                            self.span,
                            format!("stack underflow in `{what}` during build-time execution"),
                        ));
                    };
                    if exc != 0 {
                        self.stack = stack;
                        return Err(self.uncaught(exc, what));
                    }
                }
                if stack.len() > MAX_BUILD_STACK {
                    self.stack.clear();
                    return Err(Diagnostic::new(
                        self.span,
                        format!(
                            "data stack overflow: `{what}` left {} items on the stack (at most {MAX_BUILD_STACK})",
                            stack.len()
                        ),
                    ));
                }
                self.stack = stack;
                self.adopt_target_definition();
                Ok(())
            }
            Err(mut fault) => {
                self.stack.clear();
                // The emulator knows no symbols during a build: name the
                // word from the dictionary.
                if fault.symbol.is_none() {
                    fault.symbol = crate::see::word_at(self, fault.pc);
                }
                Err(self.fault_diagnostic(&fault, what))
            }
        }
    }

    /// A word may move HERE and RAM HERE (`allot`, `ram-allot`), but not out
    /// of their regions: past the end, the next definition would land outside
    /// memory or on the stacks (`$7FFFFFFF ram-allot`). The pointers go back
    /// to what they were and the word is named.
    fn check_dictionary_pointers(
        &mut self,
        (dp0, ram_dp0): (u32, u32),
        what: &str,
    ) -> Result<(), Diagnostic> {
        let (dp, ram_dp) = (self.sys(DP), self.sys(RAM_DP));
        let flash_start = self.target.flash.origin;
        let ram_start = self.ram + RAM_DICT;
        let ram_limit = self.ram_limit();
        let problem = if dp != dp0 && !(flash_start..=self.flash_limit).contains(&dp) {
            Some(format!(
                "`{what}` moved the flash dictionary pointer to {dp:#010x}, outside flash \
                 dictionary space ({flash_start:#010x}..{:#010x}); {} bytes were left",
                self.flash_limit,
                self.flash_limit.saturating_sub(dp0)
            ))
        } else if ram_dp != ram_dp0 && !(ram_start..=ram_limit).contains(&ram_dp) {
            Some(format!(
                "`{what}` moved the RAM dictionary pointer to {ram_dp:#010x}, outside RAM \
                 dictionary space ({ram_start:#010x}..{ram_limit:#010x}); {} bytes were left",
                ram_limit.saturating_sub(ram_dp0)
            ))
        } else {
            None
        };
        let Some(message) = problem else {
            return Ok(());
        };
        self.set_sys(DP, dp0);
        self.set_sys(RAM_DP, ram_dp0);
        self.reorigin();
        Err(Diagnostic::new(self.span, message))
    }

    /// What lives at `addr` in the finished part of flash, for messages.
    fn image_part_at(&self, addr: u32) -> String {
        if let Some((_, _, name)) = self
            .image_parts
            .iter()
            .find(|(start, end, _)| (*start..*end).contains(&addr))
        {
            return name.clone();
        }
        match crate::see::word_at(self, addr) {
            Some(at) => {
                let word = at.rsplit_once("+0x").map_or(at.as_str(), |(w, _)| w);
                format!("the code of the standard image's `{word}`")
            }
            None => "the standard image".to_owned(),
        }
    }

    /// Makes flash below `boundary` what it is on the chip (tethered tests
    /// run after the build, against the image as the board has it), or
    /// protects the standard image while user code builds.
    pub fn set_flash_boundary(
        &mut self,
        boundary: Option<(u32, emu::BelowBoundary)>,
    ) -> Result<(), Diagnostic> {
        self.emu
            .set_flash_boundary(boundary)
            .map_err(|e| Diagnostic::new(self.span, e.to_string()))
    }

    /// The flash dictionary pointer, with code not yet written counted.
    pub fn flash_here(&self) -> u32 {
        if self.to_flash() {
            self.here()
        } else {
            self.sys(DP)
        }
    }

    /// The target's `evaluate` (an `svc` at `pc`) asks the host to
    /// interpret a string: the host does, with the target's data stack and
    /// a return stack below the suspended one, then resumes the target.
    fn serve_evaluate(&mut self, pc: u32) -> Result<Result<Vec<u32>, Fault>, Diagnostic> {
        const KEPT: [u8; 9] = [4, 5, 8, 9, 10, 11, 12, 13, 14];
        let saved: Vec<(u8, u32)> = KEPT.iter().map(|&r| (r, self.emu.reg(r))).collect();
        let mut stack = self
            .emu
            .data_stack()
            .map_err(|why| Diagnostic::new(self.span, format!("`evaluate`: {why}")))?;
        self.sync_in()?;
        let (Some(len), Some(addr)) = (stack.pop(), stack.pop()) else {
            return Err(Diagnostic::new(
                self.span,
                "stack underflow: `evaluate` needs addr u",
            ));
        };
        self.stack = stack;
        let (base, top) = (self.emu.data_stack_base(), self.emu.return_stack_top());
        let below = (self.emu.reg(13).saturating_sub(64)) & !7;
        // Each nested `evaluate` runs its words on the return stack below
        // the suspended one; when too little is left, the nesting is runaway
        // (`: e s" e" evaluate ; e`), not a deeper program.
        if below < base + MIN_EVALUATE_RETURN_STACK {
            self.stack.clear();
            let outermost = self.evaluate_origin.map(|s| {
                format!(
                    "the outermost `evaluate` ran from {}:{}:{}",
                    self.sources.get(s.file).name,
                    s.line,
                    s.col
                )
            });
            return Err(Diagnostic::new(
                self.span,
                format!(
                    "`evaluate` nested too deeply: {} levels used up the return stack",
                    self.evaluate_depth + 1
                ),
            )
            .note(outermost.unwrap_or_default()));
        }
        self.emu.set_call_stacks(base, below);
        if self.evaluate_depth == 0 {
            self.evaluate_origin = self.span;
        }
        self.evaluate_depth += 1;
        let r = stacker::maybe_grow(
            crate::interp::STACK_RED_ZONE,
            crate::interp::STACK_SEGMENT,
            || self.evaluate(addr, len),
        );
        self.evaluate_depth -= 1;
        self.emu.set_call_stacks(base, top);
        r?;
        self.sync_out()?;
        for (r, v) in saved {
            self.emu.set_reg(r, v);
        }
        let stack = std::mem::take(&mut self.stack);
        Ok(self.emu.resume(pc + 2, &stack, self.call_budget))
    }

    /// `evaluate`: interprets the `len` bytes at `addr` as the input (one
    /// line, SOURCE-ID -1, SOURCE pointing at them), then returns to the
    /// input in progress.
    pub fn evaluate(&mut self, addr: u32, len: u32) -> Result<(), Diagnostic> {
        let bytes = self.read(addr, len.min(64 * 1024) as usize)?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let file = self.sources.add("<evaluate>".into(), None, text.clone());
        let saved_input = std::mem::replace(
            &mut self.input,
            Input {
                file,
                line_no: 1,
                text,
                dirty: true,
                origin: Some(addr),
            },
        );
        let saved_to_in = self.to_in();
        let saved_source = self.sys(SOURCE_ID);
        self.set_sys(SOURCE_ID, u32::MAX);
        self.set_to_in(0);
        let r = self.interpret_input();
        self.set_sys(SOURCE_ID, saved_source);
        self.input = saved_input;
        self.input.dirty = true;
        self.set_to_in(saved_to_in);
        r
    }

    /// The target started a definition (the kernel's `:` or `:noname` ran):
    /// the host goes on compiling it, or it stopped one the host was
    /// compiling (the kernel's `;` or `[`).
    fn adopt_target_definition(&mut self) {
        if self.compiling() && self.def.is_none() {
            let latest = self.sys(LATEST);
            let xt = self.sys(LATEST_XT);
            let word = self
                .dict
                .by_header(latest)
                .filter(|&i| self.dict.get(i).xt == xt);
            let name = word.map_or_else(|| ":noname".to_owned(), |i| self.dict.get(i).name.clone());
            self.def = Some(Definition::new(word, xt, name, self.span, self.stack.len()));
            // A target `:noname` has already pushed its xt.
            self.noname = false;
        }
    }

    fn fault_diagnostic(&self, fault: &Fault, what: &str) -> Diagnostic {
        let inner = fault
            .symbol
            .as_ref()
            .map(|s| format!(" (at {s})"))
            .unwrap_or_default();
        let msg = match &fault.kind {
            FaultKind::Other(s) if s.contains("underflow") => {
                format!("stack underflow in `{what}` during build-time execution")
            }
            FaultKind::ProtectedStore(addr) => format!(
                "`{what}` stored into {addr:#010x}, which holds {}: build-time code may write \
                 only the dictionary it is building",
                self.image_part_at(*addr)
            ),
            FaultKind::StackGuard(_) if fault.regs[13] < self.emu.data_stack_base() => format!(
                "return stack overflow in `{what}`{inner} during build-time execution: \
                 recursion too deep, or without end"
            ),
            FaultKind::StackGuard(_) => format!(
                "data stack overflow in `{what}`{inner} during build-time execution: \
                 it pushed more than {} cells",
                BUILD_DATA_STACK_ROOM / 4
            ),
            FaultKind::Exited(status) => format!("`{what}` ended the program (status {status})"),
            FaultKind::BudgetExhausted(n) => {
                format!(
                    "`{what}` ran {n} instructions without returning: runaway build-time execution"
                )
            }
            _ => format!(
                "`{what}` faulted during build-time execution: {}",
                fault.summary()
            ),
        };
        let mut d = Diagnostic::new(self.span, msg);
        if let FaultKind::Exited(status) = fault.kind {
            d.exit_status = Some(status);
        }
        match &fault.kind {
            FaultKind::Other(s) if s.contains("underflow") => d,
            FaultKind::Exited(_) | FaultKind::StackGuard(_) => d,
            FaultKind::ProtectedStore(_) => d.note(format!(
                "in {}",
                fault
                    .symbol
                    .as_deref()
                    .unwrap_or("a word the build does not know")
            )),
            _ => d.note(fault.to_string()),
        }
    }

    /// An exception nobody caught: the kernel's `.exception` prints its
    /// message (running the exception's xt, or naming a thrown number by the
    /// standard's codes), as the board's console would.
    fn uncaught(&mut self, exc: u32, what: &str) -> Diagnostic {
        let saved = std::mem::take(&mut self.console);
        let echo = std::mem::replace(&mut self.echo, false);
        let (entry, args) = match self.intrinsic_word(".exception") {
            Some(report) => (report, vec![exc]),
            None => (exc, Vec::new()),
        };
        let message = match self.sync_out().and_then(|_| {
            self.emu
                .call(entry & !1, &args, 1_000_000)
                .map_err(|f| Diagnostic::new(None, f.summary()))
        }) {
            Ok(_) => {
                let _ = self.sync_in();
                String::from_utf8_lossy(&self.console).trim().to_owned()
            }
            Err(_) => String::new(),
        };
        self.console = saved;
        self.echo = echo;
        let text = match self.dict.by_xt(exc).map(|i| self.dict.get(i).name.clone()) {
            Some(name) if message.is_empty() => name,
            Some(name) => format!("{message} ({name})"),
            None if message.is_empty() => format!("{}", exc as i32),
            None => message,
        };
        Diagnostic::new(
            self.span,
            format!("uncaught exception in `{what}` at build time: {text}"),
        )
    }

    /// The xt of a kernel word the host relies on, if the kernel has it yet.
    pub fn intrinsic_word(&self, name: &str) -> Option<u32> {
        self.dict
            .find(name, &[FORTH_WORDLIST])
            .map(|i| self.dict.get(i).xt)
    }

    /// Back to interpreting after an error, as a terminal does: any
    /// definition in progress is abandoned and the stack emptied.
    pub fn recover(&mut self) {
        self.def = None;
        self.noname = false;
        self.set_sys(STATE, 0);
        self.stack.clear();
        self.multiline = None;
        // A definition cut short keeps its (hidden) header and partial
        // code, so LATEST and the header chain stay whole.
        if self.flush().is_err() {
            self.reorigin();
        }
    }

    /// `file:line:col` for messages and symbols.
    pub fn span_here(&self, start: usize, end: usize) -> Span {
        let line = &self.input.text;
        let col = crate::source::column_of(line, start);
        let (start, end) = (
            crate::source::char_floor(line, start),
            crate::source::char_floor(line, end),
        );
        let len = line[start..end.max(start)].chars().count() as u32;
        Span {
            file: self.input.file,
            line: self.input.line_no,
            col,
            len,
        }
    }
}
