//! The random source of the fuzzer: SplitMix64.
//!
//! A run must be replayable from the seed it prints, on any machine and with
//! any toolchain, so the generator cannot lean on a library whose streams may
//! change between versions. SplitMix64 is a few lines, passes the usual
//! statistical batteries and has no state beyond one `u64`; nothing here needs
//! more than that.

/// A deterministic pseudo-random number generator seeded by one `u64`.
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits (the SplitMix64 step).
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
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
    /// Fisher-Yates shuffle): register lists must not repeat a register.
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
    fn ranges_stay_in_bounds() {
        let mut rng = Rng::new(42);
        for _ in 0..10_000 {
            assert!(rng.below(7) < 7);
            let v = rng.between(-3, 3);
            assert!((-3..=3).contains(&v));
        }
        let s = rng.sample(16, 5);
        assert_eq!(s.len(), 5);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_value_of_a_small_range_appears() {
        let mut rng = Rng::new(1);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            seen[rng.between(0, 4) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
