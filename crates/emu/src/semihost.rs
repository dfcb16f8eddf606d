//! ARM semihosting (`bkpt 0xab`, operation in r0, parameter in r1): how a
//! program ends with a status, and a few console calls.
//!
//! Exit conventions accepted:
//! - `SYS_EXIT` (0x18) with r1 = a reason code: `ADP_Stopped_ApplicationExit`
//!   (0x20026) is status 0, any other reason status 1 (as QEMU does);
//! - `SYS_EXIT` with r1 = the address of a `{reason, subcode}` block, and
//!   `SYS_EXIT_EXTENDED` (0x20) whose r1 always is one: reason 0x20026 gives
//!   status = subcode, any other reason status 1.
//!
//! Console calls: `SYS_WRITEC` (0x03), `SYS_WRITE0` (0x04) and `SYS_WRITE`
//! (0x05) to handles 1 and 2 append to the console output, as the UART does;
//! `SYS_READC` (0x07) takes the next console input byte (-1 when none);
//! `SYS_ISTTY` (0x09) says yes; `SYS_CLOCK` (0x10) gives centiseconds and
//! `SYS_TICKFREQ` (0x31) the target clock, both from the instruction count;
//! `SYS_ERRNO` (0x13) is 0. Anything else stops the program with a fault.

use crate::mmio::uart::Console;

/// How a program ended by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Semihosting exit with this status (0 for success).
    Semihost { status: u32 },
    /// The program waited for console input after all of it was read: a
    /// script fed to the console has been run. [`crate::Emulator::resume_console`]
    /// goes on once more input is given.
    InputEnded,
    /// The host stopped the run ([`crate::Emulator::set_interrupt`]).
    Interrupted,
}

pub(crate) const BKPT_SEMIHOST: u8 = 0xab;

const SYS_WRITEC: u32 = 0x03;
const SYS_WRITE0: u32 = 0x04;
const SYS_WRITE: u32 = 0x05;
const SYS_READC: u32 = 0x07;
const SYS_ISTTY: u32 = 0x09;
const SYS_CLOCK: u32 = 0x10;
const SYS_ERRNO: u32 = 0x13;
const SYS_EXIT: u32 = 0x18;
const SYS_EXIT_EXTENDED: u32 = 0x20;
const SYS_TICKFREQ: u32 = 0x31;

const ADP_STOPPED_APPLICATION_EXIT: u32 = 0x20026;
/// Reason codes are `ADP_Stopped_*`, 0x20000..=0x20031 in the specification.
const REASONS: std::ops::RangeInclusive<u32> = 0x20000..=0x2003f;
/// Longest string `SYS_WRITE0` will follow.
const MAX_STRING: u32 = 1 << 16;

/// What the host does after a semihosting call.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Continue after the `bkpt` with this value in r0.
    Return(u32),
    Exit(u32),
    Unsupported(u32),
}

/// What a semihosting call may use of the machine.
pub(crate) struct Env<'a> {
    pub read: &'a dyn Fn(u32, usize) -> Option<Vec<u8>>,
    pub console: &'a mut Console,
    pub executed: u64,
    pub clock_hz: u32,
}

fn word(env: &Env, addr: u32) -> Option<u32> {
    let b = (env.read)(addr, 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn exit_status(env: &Env, op: u32, param: u32) -> u32 {
    if op == SYS_EXIT && REASONS.contains(&param) {
        return (param != ADP_STOPPED_APPLICATION_EXIT) as u32;
    }
    match (word(env, param), word(env, param.wrapping_add(4))) {
        (Some(ADP_STOPPED_APPLICATION_EXIT), Some(subcode)) => subcode,
        _ => 1,
    }
}

pub(crate) fn call(env: &mut Env, op: u32, param: u32) -> Outcome {
    match op {
        SYS_EXIT | SYS_EXIT_EXTENDED => Outcome::Exit(exit_status(env, op, param)),
        SYS_WRITEC => {
            if let Some(b) = (env.read)(param, 1) {
                env.console.transmit(b[0]);
            }
            Outcome::Return(0)
        }
        SYS_WRITE0 => {
            let mut at = param;
            while at.wrapping_sub(param) < MAX_STRING {
                match (env.read)(at, 1) {
                    Some(b) if b[0] != 0 => env.console.transmit(b[0]),
                    _ => break,
                }
                at = at.wrapping_add(1);
            }
            Outcome::Return(0)
        }
        SYS_WRITE => {
            let (Some(handle), Some(buf), Some(len)) = (
                word(env, param),
                word(env, param.wrapping_add(4)),
                word(env, param.wrapping_add(8)),
            ) else {
                return Outcome::Return(u32::MAX);
            };
            if !(1..=2).contains(&handle) {
                return Outcome::Return(len);
            }
            match (env.read)(buf, len as usize) {
                Some(bytes) => {
                    bytes.iter().for_each(|&b| env.console.transmit(b));
                    Outcome::Return(0)
                }
                None => Outcome::Return(len),
            }
        }
        SYS_READC => Outcome::Return(env.console.input.pop_front().map_or(u32::MAX, u32::from)),
        SYS_ISTTY => Outcome::Return(1),
        SYS_CLOCK => {
            Outcome::Return((env.executed as u128 * 100 / env.clock_hz.max(1) as u128) as u32)
        }
        SYS_ERRNO => Outcome::Return(0),
        SYS_TICKFREQ => Outcome::Return(env.clock_hz),
        other => Outcome::Unsupported(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(op: u32, param: u32, mem: &[(u32, u32)]) -> (Outcome, Vec<u8>) {
        let mem = mem.to_vec();
        let read = move |addr: u32, len: usize| -> Option<Vec<u8>> {
            let mut out = Vec::new();
            for i in 0..len as u32 {
                let a = addr + i;
                let (_, w) = mem.iter().find(|(w, _)| *w == a & !3)?;
                out.push((w >> ((a & 3) * 8)) as u8);
            }
            Some(out)
        };
        let mut console = Console::default();
        let mut env = Env {
            read: &read,
            console: &mut console,
            executed: 0,
            clock_hz: 1,
        };
        let o = call(&mut env, op, param);
        (o, console.output)
    }

    #[test]
    fn application_exit_reason_is_status_zero() {
        assert_eq!(run(SYS_EXIT, 0x20026, &[]).0, Outcome::Exit(0));
        assert_eq!(run(SYS_EXIT, 0x20023, &[]).0, Outcome::Exit(1));
    }

    #[test]
    fn extended_exit_carries_the_subcode() {
        let block = [(0x2000_0000, 0x20026), (0x2000_0004, 3)];
        assert_eq!(
            run(SYS_EXIT_EXTENDED, 0x2000_0000, &block).0,
            Outcome::Exit(3)
        );
        assert_eq!(run(SYS_EXIT, 0x2000_0000, &block).0, Outcome::Exit(3));
        let other = [(0x2000_0000, 0x20023), (0x2000_0004, 3)];
        assert_eq!(
            run(SYS_EXIT_EXTENDED, 0x2000_0000, &other).0,
            Outcome::Exit(1)
        );
    }

    #[test]
    fn write0_sends_a_string_to_the_console() {
        let mem = [(0x100, u32::from_le_bytes(*b"ok\n\0"))];
        assert_eq!(
            run(SYS_WRITE0, 0x100, &mem),
            (Outcome::Return(0), b"ok\n".to_vec())
        );
    }

    #[test]
    fn unknown_operations_are_refused() {
        assert_eq!(run(0x01, 0, &[]).0, Outcome::Unsupported(0x01));
    }
}
