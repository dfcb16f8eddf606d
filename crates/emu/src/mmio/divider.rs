//! The RP2040's SIO integer divider (datasheet 2.3.1.5): one per core, in
//! the SIO page. Writing an operand starts a division, signed through the
//! S aliases and unsigned through the U aliases; eight cycles later the
//! quotient and remainder can be read. Division by zero does not trap: the
//! quotient is all ones unsigned, -1 or +1 signed (by the dividend's sign),
//! and the remainder is the dividend; the most negative number divided by
//! -1 gives itself with remainder 0.
//!
//! The emulator counts instructions, not cycles. CSR.READY reads 1 only
//! once eight instructions have run since the operand write: no instruction
//! takes less than a cycle, so whenever the model says ready the chip is
//! ready too. The results themselves read as computed at any time: code
//! that waits a fixed eight cycles (the SDK's four taken branches) is right
//! on the chip, and an instruction count cannot tell it from code that
//! waits too little, so the model does not refuse it.

/// The divider's registers, as offsets from the SIO base.
pub(crate) const UDIVIDEND: u32 = 0x60;
pub(crate) const UDIVISOR: u32 = 0x64;
pub(crate) const SDIVIDEND: u32 = 0x68;
pub(crate) const SDIVISOR: u32 = 0x6c;
pub(crate) const QUOTIENT: u32 = 0x70;
pub(crate) const REMAINDER: u32 = 0x74;
pub(crate) const CSR: u32 = 0x78;

const CSR_READY: u32 = 1 << 0;
const CSR_DIRTY: u32 = 1 << 1;
/// Cycles from an operand write to results that can be read.
const LATENCY: u64 = 8;

#[derive(Debug, Default)]
pub(crate) struct Divider {
    dividend: u32,
    divisor: u32,
    quotient: u32,
    remainder: u32,
    dirty: bool,
    /// Instructions executed when the last operand write started a division.
    started: Option<u64>,
}

impl Divider {
    /// Whether `offset` (from the SIO base) is one of the divider's registers.
    pub fn owns(offset: u32) -> bool {
        (UDIVIDEND..=CSR).contains(&(offset & !3))
    }

    /// The register at `offset`; `now` is the instructions executed so far.
    /// Reading the quotient clears DIRTY, as the datasheet says.
    pub fn read(&mut self, offset: u32, now: u64) -> u32 {
        match offset & !3 {
            UDIVIDEND | SDIVIDEND => self.dividend,
            UDIVISOR | SDIVISOR => self.divisor,
            QUOTIENT => {
                self.dirty = false;
                self.quotient
            }
            REMAINDER => self.remainder,
            CSR => {
                let ready = self.started.is_none_or(|at| now >= at + LATENCY);
                (u32::from(ready) * CSR_READY) | (u32::from(self.dirty) * CSR_DIRTY)
            }
            _ => 0,
        }
    }

    /// A write at `offset`: an operand starts a division, a result register
    /// is set directly (for save and restore) and ends any division in
    /// progress. Every write sets DIRTY.
    pub fn write(&mut self, offset: u32, value: u32, now: u64) {
        self.dirty = true;
        match offset & !3 {
            UDIVIDEND | SDIVIDEND => self.dividend = value,
            UDIVISOR | SDIVISOR => self.divisor = value,
            QUOTIENT => {
                self.quotient = value;
                self.started = None;
                return;
            }
            REMAINDER => {
                self.remainder = value;
                self.started = None;
                return;
            }
            _ => return,
        }
        let signed = matches!(offset & !3, SDIVIDEND | SDIVISOR);
        (self.quotient, self.remainder) = divide(self.dividend, self.divisor, signed);
        self.started = Some(now);
    }
}

/// Quotient and remainder as the divider gives them.
fn divide(dividend: u32, divisor: u32, signed: bool) -> (u32, u32) {
    if divisor == 0 {
        let quotient = if signed && (dividend as i32) < 0 {
            1
        } else {
            u32::MAX
        };
        return (quotient, dividend);
    }
    if signed {
        let (n, d) = (dividend as i32, divisor as i32);
        (n.wrapping_div(d) as u32, n.wrapping_rem(d) as u32)
    } else {
        (dividend / divisor, dividend % divisor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(signed: bool, n: i64, d: i64) -> (u32, u32) {
        let mut div = Divider::default();
        let (a, b) = if signed {
            (SDIVIDEND, SDIVISOR)
        } else {
            (UDIVIDEND, UDIVISOR)
        };
        div.write(a, n as u32, 100);
        div.write(b, d as u32, 101);
        (div.read(QUOTIENT, 109), div.read(REMAINDER, 109))
    }

    #[test]
    fn signed_results_truncate_toward_zero_and_the_remainder_takes_the_dividends_sign() {
        assert_eq!(run(true, 100, 9), (11, 1));
        assert_eq!(run(true, -100, 9), (-11i32 as u32, -1i32 as u32));
        assert_eq!(run(true, 100, -9), (-11i32 as u32, 1));
        assert_eq!(run(true, -100, -9), (11, -1i32 as u32));
    }

    #[test]
    fn the_most_negative_number_by_minus_one_is_itself_remainder_zero() {
        assert_eq!(run(true, i32::MIN as i64, -1), (i32::MIN as u32, 0));
    }

    #[test]
    fn division_by_zero_gives_all_ones_or_one_and_the_dividend_back() {
        assert_eq!(run(true, 100, 0), (u32::MAX, 100));
        assert_eq!(run(true, -100, 0), (1, -100i32 as u32));
        assert_eq!(run(true, 0, 0), (u32::MAX, 0));
        assert_eq!(run(false, 100, 0), (u32::MAX, 100));
    }

    #[test]
    fn unsigned_division_sees_the_whole_word() {
        assert_eq!(run(false, u32::MAX as i64, 3), (0x5555_5555, 0));
        assert_eq!(run(false, -7, 2), (0x7fff_fffc, 1));
    }

    #[test]
    fn ready_eight_instructions_after_the_last_operand_write_and_dirty_until_the_quotient_is_read()
    {
        let mut div = Divider::default();
        assert_eq!(div.read(CSR, 0), CSR_READY, "idle after reset");
        div.write(SDIVIDEND, 7, 10);
        div.write(SDIVISOR, 2, 11);
        assert_eq!(
            div.read(CSR, 18),
            CSR_DIRTY,
            "busy for 8 after the write at 11"
        );
        assert_eq!(div.read(CSR, 19), CSR_READY | CSR_DIRTY);
        assert_eq!(div.read(REMAINDER, 19), 1);
        assert_eq!(
            div.read(CSR, 19),
            CSR_READY | CSR_DIRTY,
            "the remainder keeps it"
        );
        assert_eq!(div.read(QUOTIENT, 19), 3);
        assert_eq!(div.read(CSR, 19), CSR_READY, "the quotient clears DIRTY");
    }

    #[test]
    fn a_new_dividend_alone_divides_by_the_divisor_already_there() {
        let mut div = Divider::default();
        div.write(UDIVISOR, 10, 0);
        div.write(UDIVIDEND, 95, 1);
        assert_eq!((div.read(QUOTIENT, 9), div.read(REMAINDER, 9)), (9, 5));
        div.write(UDIVIDEND, 42, 10);
        assert_eq!((div.read(QUOTIENT, 18), div.read(REMAINDER, 18)), (4, 2));
    }

    #[test]
    fn writing_a_result_register_ends_the_division_and_sets_dirty() {
        let mut div = Divider::default();
        div.write(SDIVIDEND, 7, 0);
        div.write(QUOTIENT, 1234, 1);
        assert_eq!(div.read(CSR, 1), CSR_READY | CSR_DIRTY);
        assert_eq!(div.read(QUOTIENT, 1), 1234);
        assert!(!Divider::owns(0x5c) && Divider::owns(UDIVIDEND) && Divider::owns(CSR));
    }
}
