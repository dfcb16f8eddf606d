//! The one random source of the project's tests, benchmarks and fuzzers:
//! xorshift64 (shifts 13, 7, 17), seeded by one `u64`.
//!
//! Runs must replay from the seed they print, on any machine and with any
//! toolchain, so the generator cannot lean on a library whose streams may
//! change between versions; and the allocator benchmark's published
//! instruction counts come from traces drawn with exactly this sequence.
//! Nothing here needs more than a few lines and one word of state.

/// A deterministic pseudo-random number generator.
#[derive(Clone, Debug)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator seeded with `seed`; xorshift's state must not be 0, so a
    /// zero seed starts from a fixed odd constant instead.
    pub fn new(seed: u64) -> Rng {
        Rng {
            state: if seed == 0 {
                0x9e37_79b9_7f4a_7c15
            } else {
                seed
            },
        }
    }

    /// The next 64 bits: one xorshift64 step's state.
    pub fn next_u64(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// The next 32 bits: bits 16 to 47 of the next state.
    pub fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 16) as u32
    }

    /// In `lo..=hi`, by the remainder of the next 32 bits (the allocator
    /// traces are drawn this way; its bias is small for their ranges).
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.next_u32() % (hi - lo + 1)
    }

    /// Uniform in `0..n`. The multiply-shift keeps the bias below 2^-32 for
    /// the small ranges used here, without a rejection loop.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "empty range");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        assert!(lo <= hi, "empty range");
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform in `[0, 1)`: one draw split over several weighted outcomes.
    pub fn fraction(&mut self) -> f64 {
        // 53 bits fill an f64 mantissa exactly, so every value is as likely.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.fraction() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `k` distinct values from `0..n`, in ascending order (a partial
    /// Fisher-Yates shuffle).
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        assert!(k <= n, "sample larger than population");
        let mut pool: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below((n - i) as u64) as usize;
            pool.swap(i, j);
        }
        let mut chosen = pool[..k].to_vec();
        chosen.sort_unstable();
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_xorshift64_and_replays_from_its_seed() {
        let mut a = Rng::new(1);
        // 1 ^ 1<<13 = 0x2001; ^ >>7 = 0x2041; ^ <<17 = 0x4082_2041.
        assert_eq!(a.next_u64(), 0x4082_2041);
        let mut b = Rng::new(1);
        b.next_u64();
        assert_eq!(a.next_u32(), b.next_u32());
        assert_ne!(Rng::new(0).next_u64(), 0, "a zero seed still moves");
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut rng = Rng::new(42);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            assert!((3..=9).contains(&rng.range(3, 9)));
            assert!((-5..=5).contains(&rng.between(-5, 5)));
            assert!((0.0..1.0).contains(&rng.fraction()));
        }
        let s = rng.sample(16, 5);
        assert_eq!(s.len(), 5);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }
}
