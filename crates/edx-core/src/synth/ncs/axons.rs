//! A simulated nerve's axons: each drawn with its velocity, its size (Henneman's size
//! principle), whether it is lost and, per segment, its slowing or block; when its potential
//! arrives from a site; and the compound response the arrivals sum to.

use super::potentials::{motor_unit_potential, sensory_fibre_potential};
use super::NerveSpec;
use crate::model::NerveConductionKind;
use crate::synth::Random;

/// Henneman's size principle: larger motor neurons have thicker, faster axons and more muscle
/// fibres, so a unit's size grows with its velocity (log units per standard deviation of velocity)
/// and the fastest units make a sharp takeoff.
const SIZE_VELOCITY_COUPLING: f64 = 0.5;

/// One axon: its healthy velocity, its size, and its fate in each segment.
pub(super) struct Axon {
    /// Velocity in a healthy segment, m/s.
    pub(super) velocity_m_per_s: f64,
    /// Size relative to the nerve's typical unit: the height of its potential.
    pub(super) relative_size: f64,
    /// Lost everywhere along the nerve (axon loss).
    pub(super) is_lost: bool,
    /// Per segment: velocity in that segment, or `None` where the axon is blocked.
    pub(super) segment_velocities: Vec<Option<f64>>,
}

impl NerveSpec {
    /// Draws the axons: velocities, sizes, losses and, per segment, velocity or block.
    pub(super) fn axons(&self, random: &mut Random) -> Vec<Axon> {
        let lowest = 0.6 * self.mean_conduction_velocity_m_per_s;
        let highest = 1.4 * self.mean_conduction_velocity_m_per_s;
        (0..self.n_units)
            .map(|_| {
                let velocity_z = random.standard_normal();
                let velocity_m_per_s = (self.mean_conduction_velocity_m_per_s
                    + velocity_z * self.conduction_velocity_sd_m_per_s)
                    .clamp(lowest, highest);
                let relative_size = (SIZE_VELOCITY_COUPLING * velocity_z + random.normal(0.0, 0.3)).exp();
                let is_lost = random.uniform() < self.axon_loss_fraction;
                let segment_velocities = self
                    .sites
                    .iter()
                    .map(|site| {
                        let pathology = site.pathology;
                        let is_blocked = random.uniform() < pathology.block_fraction;
                        let factor = (pathology.velocity_factor
                            * (1.0 + pathology.dispersion * random.standard_normal()))
                        .max(0.15);
                        (!is_blocked).then_some(velocity_m_per_s * factor)
                    })
                    .collect();
                Axon { velocity_m_per_s, relative_size, is_lost, segment_velocities }
            })
            .collect()
    }

    /// When the axon's potential arrives from site `site_idx`, or `None` if it does not.
    pub(super) fn latency_ms(&self, axon: &Axon, site_idx: usize) -> Option<f64> {
        if axon.is_lost {
            return None;
        }
        let mut latency_ms = self.residual_latency_ms;
        for (site, velocity) in self.sites.iter().zip(&axon.segment_velocities).take(site_idx + 1) {
            latency_ms += site.distance_mm / (*velocity)?;
        }
        Some(latency_ms)
    }

    /// The noise-free response (unscaled) at each time, from each axon's arrival time.
    pub(super) fn response(&self, axons: &[Axon], latencies: &[Option<f64>], times_ms: &[f64]) -> Vec<f64> {
        times_ms
            .iter()
            .map(|time_ms| {
                axons
                    .iter()
                    .zip(latencies)
                    .filter_map(|(axon, latency)| {
                        latency.map(|latency| axon.relative_size * self.unit_potential(time_ms - latency))
                    })
                    .sum()
            })
            .collect()
    }

    /// When the noise-free response first reaches `level` (negative, unscaled), to a microsecond.
    pub(super) fn takeoff_ms(
        &self,
        axons: &[Axon],
        latencies: &[Option<f64>],
        level: f64,
        first_unit_latency_ms: f64,
    ) -> f64 {
        let mut time_ms = first_unit_latency_ms;
        while self.response(axons, latencies, &[time_ms])[0] > level && time_ms < self.post_stimulus_ms {
            time_ms += 0.001;
        }
        time_ms
    }

    /// One unit's potential, `time_ms` after its arrival, in arbitrary units.
    pub(super) fn unit_potential(&self, time_ms: f64) -> f64 {
        match self.kind {
            NerveConductionKind::Motor | NerveConductionKind::FWave | NerveConductionKind::HReflex => {
                motor_unit_potential(time_ms)
            }
            _ => sensory_fibre_potential(time_ms),
        }
    }
}
