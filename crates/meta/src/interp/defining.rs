//! The intrinsics that make words and data: the defining words
//! interpreted (a header and the word's code shape), string literals, and
//! `to`, `is` and `action-of` on a value's or defer's cell.

use crate::diag::Diagnostic;
use crate::dict::Kind;
use crate::emit::{Code, EmitError};
use crate::intrinsic::Intrinsic;
use crate::layout::*;
use crate::session::Session;
use crate::templates;

impl Session {
    /// The defining words, interpreted: a header and the word's code shape.
    pub(super) fn define(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        let arg = match intr {
            Constant | Value | Buffer | TwoValue => Some(self.pop(token)?),
            _ => None,
        };
        let below = match intr {
            TwoValue => self.pop(token)?,
            _ => 0,
        };
        let (name, span) = self.parse_name(token)?;
        self.machine.span = Some(span);
        match intr {
            Constant => {
                let v = arg.unwrap_or(0);
                self.machine.header(&name, false, Kind::Constant(v))?;
                self.template(|code| templates::constant(code, v))
            }
            Variable => self.data_word(&name, 4),
            TwoVariable => self.data_word(&name, 8),
            Buffer => self.data_word(&name, arg.unwrap_or(0)),
            Value | Defer => self.indirect_word(intr, &name, arg.unwrap_or(0)),
            TwoValue => self.two_value_word(&name, below, arg.unwrap_or(0)),
            Create => {
                self.machine.header(&name, false, Kind::Created)?;
                self.template(templates::create)
            }
            _ => unreachable!("not a defining intrinsic"),
        }
    }

    /// Lays down a word's code shape at HERE.
    fn template(
        &mut self,
        shape: impl FnOnce(&mut Code) -> Result<(), EmitError>,
    ) -> Result<(), Diagnostic> {
        shape(&mut self.machine.code).map_err(|e| self.compiler().emit_err(e))
    }

    /// A variable or buffer of `size` bytes: a constant holding the address
    /// of RAM it is given when compiling to flash, else a created word with
    /// its body in the RAM dictionary.
    fn data_word(&mut self, name: &str, size: u32) -> Result<(), Diagnostic> {
        let m = &mut self.machine;
        // A negative size reads as nearly 4 GiB: refuse it before a byte
        // of the body is made, not after.
        let room = m.ram_room(size)?;
        if m.to_flash() {
            let addr = m.ram_allot(room)?;
            m.ram_named.push((addr, addr + room, name.to_owned()));
            m.header(name, false, Kind::Constant(addr))?;
            self.template(|code| templates::constant(code, addr))
        } else {
            m.header(name, false, Kind::Created)?;
            let r = self.template(templates::create);
            self.machine.code.raw(&vec![0; room as usize]);
            r
        }
    }

    /// A value or defer: its cell in RAM (restored at boot) holds `init`.
    fn indirect_word(&mut self, intr: Intrinsic, name: &str, init: u32) -> Result<(), Diagnostic> {
        let m = &mut self.machine;
        let cell = m.ram_allot(4)?;
        m.ram_init_cells.push(cell);
        m.poke(cell, &init.to_le_bytes())?;
        if intr == Intrinsic::Value {
            m.header(name, false, Kind::Value(cell))?;
            self.template(|code| templates::value(code, cell))
        } else {
            m.header(name, false, Kind::Defer(cell))?;
            self.template(|code| templates::defer(code, cell))
        }
    }

    /// A 2value: its two cells in RAM (restored at boot) hold `x1 x2` as
    /// `2!` stores them.
    fn two_value_word(&mut self, name: &str, x1: u32, x2: u32) -> Result<(), Diagnostic> {
        let m = &mut self.machine;
        let cell = m.ram_allot(8)?;
        m.ram_init_cells.extend([cell, cell + 4]);
        m.poke(cell, &x2.to_le_bytes())?;
        m.poke(cell + 4, &x1.to_le_bytes())?;
        m.header(name, false, Kind::TwoValue(cell))?;
        self.template(|code| templates::two_value(code, cell))
    }

    /// `to`, `is`, `action-of` on the RAM cell of the value or defer named
    /// next; `to` on a local or a 2value.
    pub(super) fn indirect(&mut self, intr: Intrinsic, token: &str) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        let (name, span) = self.parse_name(token)?;
        if intr == To {
            if let Some(i) = self.local_named(&name) {
                return self.compiler().compile_local_store(i);
            }
        }
        let i = self.find_word(&name, span)?;
        if let (Kind::TwoValue(cell), To) = (&self.machine.dict.get(i).kind, intr) {
            return self.store_two_value(*cell);
        }
        let cell = match (&self.machine.dict.get(i).kind, intr) {
            (Kind::Value(c), To) | (Kind::Defer(c), Is | ActionOf) => *c,
            _ => {
                return Err(Diagnostic::new(
                    Some(span),
                    format!(
                        "`{name}` is not a {}",
                        if intr == To { "value" } else { "deferred word" }
                    ),
                ))
            }
        };
        if !self.machine.compiling() {
            if intr == ActionOf {
                let v = self.machine.read_u32(cell)?;
                self.machine.stack.push(v);
            } else {
                let v = self.pop(if intr == To { "to" } else { "is" })?;
                self.machine.poke(cell, &v.to_le_bytes())?;
            }
            return Ok(());
        }
        self.compiler().compile_literal(cell)?;
        let xt = self.kernel_xt(if intr == ActionOf { "@" } else { "!" })?;
        let i = self.machine.dict.by_xt(xt).expect("kernel word");
        self.compiler().compile_word(i)
    }

    /// `to` a 2value whose cells are at `cell`: stored now, or compiled as
    /// `2!`.
    fn store_two_value(&mut self, cell: u32) -> Result<(), Diagnostic> {
        if !self.machine.compiling() {
            let x2 = self.pop("to")?;
            let x1 = self.pop("to")?;
            self.machine.poke(cell, &x2.to_le_bytes())?;
            return self.machine.poke(cell + 4, &x1.to_le_bytes());
        }
        self.compiler().compile_literal(cell)?;
        let xt = self.kernel_xt("2!")?;
        let i = self.machine.dict.by_xt(xt).expect("kernel word");
        self.compiler().compile_word(i)
    }

    /// `s"`, `s\"`, `c"`, `."` and `abort"`: the text up to the next `"`.
    pub(super) fn string(&mut self, intr: Intrinsic) -> Result<(), Diagnostic> {
        use Intrinsic::*;
        let text = if intr == SBackslashQuote {
            self.parse_escaped()?
        } else {
            self.parse_until(b'"').into_bytes()
        };
        if text.len() > 255 && intr == CQuote {
            return Err(Diagnostic::new(
                self.machine.span,
                "a counted string holds at most 255 characters",
            ));
        }
        if !self.machine.compiling() {
            return self.interpreted_string(intr, &text);
        }
        if intr == AbortQuote {
            self.compiler().cf_if()?;
        }
        let counted = intr == CQuote;
        let mut data = Vec::with_capacity(text.len() + 1);
        if counted {
            data.push(text.len() as u8);
        }
        data.extend_from_slice(&text);
        let mut c = self.compiler();
        let addr = c.compile_data(&data)?;
        c.compile_literal(addr)?;
        if !counted {
            c.compile_literal(text.len() as u32)?;
        }
        match intr {
            DotQuote => {
                let xt = self.kernel_xt("type")?;
                self.compiler().compile_call(xt)
            }
            AbortQuote => {
                let xt = self.kernel_xt("(abort\")")?;
                let mut c = self.compiler();
                c.compile_call(xt)?;
                c.cf_then()
            }
            _ => Ok(()),
        }
    }

    /// An interpreted `."` prints; an interpreted `s"` leaves its text in
    /// one of two transient buffers.
    fn interpreted_string(&mut self, intr: Intrinsic, text: &[u8]) -> Result<(), Diagnostic> {
        let m = &mut self.machine;
        if intr == Intrinsic::DotQuote {
            m.print(String::from_utf8_lossy(text).as_bytes());
            return Ok(());
        }
        let len = text.len().min(STRING_BUFFER_SIZE as usize);
        let addr = m.ram + STRING_BUFFERS + STRING_BUFFER_SIZE * (self.string_buffer % 2);
        self.string_buffer += 1;
        m.poke(addr, &text[..len])?;
        m.stack.push(addr);
        m.stack.push(len as u32);
        Ok(())
    }
}
