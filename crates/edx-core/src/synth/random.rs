//! A small seeded random source for reproducible simulations.
//!
//! SplitMix64 (Steele, Lea and Flood, OOPSLA 2014) passes BigCrush and is a dozen lines; a
//! simulation needs reproducibility across native and wasm32, not cryptographic quality, so this
//! avoids a dependency in the wasm bundle.

/// A deterministic pseudo-random number generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Random {
    state: u64,
}

impl Random {
    /// A generator whose sequence depends only on `seed`.
    pub fn new(seed: u64) -> Random {
        Random { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut mixed = self.state;
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^ (mixed >> 31)
    }

    /// A uniform value in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A standard normal value (mean 0, standard deviation 1), by the Box–Muller transform.
    pub fn standard_normal(&mut self) -> f64 {
        let radius_uniform = 1.0 - self.uniform();
        let angle_uniform = self.uniform();
        (-2.0 * radius_uniform.ln()).sqrt() * (std::f64::consts::TAU * angle_uniform).cos()
    }

    /// A normal value with the given mean and standard deviation.
    pub fn normal(&mut self, mean: f64, standard_deviation: f64) -> f64 {
        mean + standard_deviation * self.standard_normal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut first = Random::new(7);
        let mut second = Random::new(7);
        for _ in 0..100 {
            assert_eq!(first.next_u64(), second.next_u64());
        }
    }

    #[test]
    fn normal_values_have_the_requested_moments() {
        let mut random = Random::new(42);
        let n_values = 200_000;
        let values: Vec<f64> = (0..n_values).map(|_| random.normal(3.0, 2.0)).collect();
        let mean = values.iter().sum::<f64>() / n_values as f64;
        let variance = values.iter().map(|value| (value - mean).powi(2)).sum::<f64>() / n_values as f64;
        assert!((mean - 3.0).abs() < 0.02, "mean {mean}");
        assert!((variance.sqrt() - 2.0).abs() < 0.02, "standard deviation {}", variance.sqrt());
    }
}
