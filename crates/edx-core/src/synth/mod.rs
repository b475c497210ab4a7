//! Simulated nerves and muscles with known ground truth.
//!
//! Every simulation is deterministic for a given seed, so demos look the same on every visit and
//! accuracy tests can compare what the analysis finds with what the model put in.

pub mod accuracy;
pub mod amplifier;
pub mod demos;
pub mod fibre_needle;
pub mod ncs;
pub mod needle;
pub mod needle_accuracy;
mod random;
pub mod simulator;
pub mod study;
pub mod study_accuracy;
pub mod test_tones;

pub use random::Random;
