//! The normal nerves a simulation starts from: median, ulnar, peroneal and tibial motor studies
//! and median, ulnar, radial, lateral antebrachial cutaneous, superficial peroneal and sural
//! antidromic sensory studies, with latencies, amplitudes and
//! velocities like healthy adults'; demos and tests add disease to them.

use super::{NerveSpec, SiteSpec};
use crate::model::{Nerve, NerveConductionKind, Side};

impl NerveSpec {
    /// A normal right median motor study recording abductor pollicis brevis, stimulated at the
    /// wrist (70 mm) and the elbow (230 mm further): distal latency about 3.6 ms, amplitude
    /// about 9 mV, forearm velocity about 58 m/s, like Buschbacher's healthy adults (domain.md §2.3).
    pub fn median_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Median,
            side: Side::Right,
            kind: NerveConductionKind::Motor,
            recording_site: "APB".into(),
            n_units: 160,
            mean_conduction_velocity_m_per_s: 53.0,
            conduction_velocity_sd_m_per_s: 3.5,
            residual_latency_ms: 2.2,
            healthy_distal_amplitude_uv: 9_200.0,
            axon_loss_fraction: 0.0,
            sites: vec![SiteSpec::healthy("Wrist", 70.0), SiteSpec::healthy("Elbow", 230.0)],
            noise_rms_uv: 10.0,
            sampling_rate_hz: 20_000.0,
            pre_stimulus_ms: 2.0,
            post_stimulus_ms: 28.0,
            skin_temperature_c: 33.0,
            seed: 1,
        }
    }

    /// A normal right ulnar motor study recording abductor digiti minimi, stimulated at the
    /// wrist (70 mm), below the elbow (220 mm) and above the elbow (100 mm).
    pub fn ulnar_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Ulnar,
            recording_site: "ADM".into(),
            mean_conduction_velocity_m_per_s: 55.0,
            residual_latency_ms: 1.8,
            healthy_distal_amplitude_uv: 10_500.0,
            sites: vec![
                SiteSpec::healthy("Wrist", 70.0),
                SiteSpec::healthy("Below elbow", 220.0),
                SiteSpec::healthy("Above elbow", 100.0),
            ],
            seed: 2,
            ..NerveSpec::median_motor()
        }
    }

    /// A normal right peroneal (fibular) motor study recording extensor digitorum brevis,
    /// stimulated at the ankle (90 mm), below the fibular head (300 mm) and at the popliteal
    /// fossa (100 mm).
    pub fn peroneal_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Peroneal,
            recording_site: "EDB".into(),
            n_units: 120,
            mean_conduction_velocity_m_per_s: 44.0,
            conduction_velocity_sd_m_per_s: 2.5,
            residual_latency_ms: 2.6,
            healthy_distal_amplitude_uv: 6_000.0,
            sites: vec![
                SiteSpec::healthy("Ankle", 90.0),
                SiteSpec::healthy("Below fibular head", 300.0),
                SiteSpec::healthy("Popliteal fossa", 100.0),
            ],
            post_stimulus_ms: 38.0,
            skin_temperature_c: 31.5,
            seed: 3,
            ..NerveSpec::median_motor()
        }
    }

    /// A normal right tibial motor study recording abductor hallucis, stimulated at the ankle
    /// (90 mm) and the popliteal fossa (400 mm).
    pub fn tibial_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Tibial,
            recording_site: "AH".into(),
            n_units: 150,
            mean_conduction_velocity_m_per_s: 43.0,
            conduction_velocity_sd_m_per_s: 2.5,
            residual_latency_ms: 2.4,
            healthy_distal_amplitude_uv: 12_000.0,
            sites: vec![SiteSpec::healthy("Ankle", 90.0), SiteSpec::healthy("Popliteal fossa", 400.0)],
            post_stimulus_ms: 38.0,
            skin_temperature_c: 31.5,
            seed: 4,
            ..NerveSpec::median_motor()
        }
    }

    /// A normal right median antidromic sensory study recording digit 2, stimulated at the
    /// wrist 130 mm away: peak latency about 3 ms, amplitude about 35 µV.
    pub fn median_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Median,
            side: Side::Right,
            kind: NerveConductionKind::SensoryAntidromic,
            recording_site: "Digit 2".into(),
            n_units: 300,
            mean_conduction_velocity_m_per_s: 50.0,
            conduction_velocity_sd_m_per_s: 3.5,
            residual_latency_ms: 0.0,
            healthy_distal_amplitude_uv: 35.0,
            axon_loss_fraction: 0.0,
            sites: vec![SiteSpec::healthy("Wrist", 130.0)],
            noise_rms_uv: 1.0,
            sampling_rate_hz: 20_000.0,
            pre_stimulus_ms: 2.0,
            post_stimulus_ms: 13.0,
            skin_temperature_c: 33.0,
            seed: 11,
        }
    }

    /// A normal right ulnar antidromic sensory study recording digit 5 from the wrist, 110 mm.
    pub fn ulnar_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Ulnar,
            recording_site: "Digit 5".into(),
            mean_conduction_velocity_m_per_s: 49.0,
            healthy_distal_amplitude_uv: 28.0,
            sites: vec![SiteSpec::healthy("Wrist", 110.0)],
            seed: 12,
            ..NerveSpec::median_sensory()
        }
    }

    /// This sensory study recorded from the ring finger (digit 4) at 140 mm, the comparison site
    /// the median and ulnar nerves share, with a smaller response than at their own digits.
    pub fn at_ring_finger(mut self, seed: u64) -> NerveSpec {
        self.recording_site = "Digit 4".into();
        self.sites[0].distance_mm = 140.0;
        self.healthy_distal_amplitude_uv *= 0.6;
        self.seed = seed;
        self
    }

    /// A normal right superficial peroneal (fibular) sensory study recorded at the lateral ankle,
    /// stimulated 120 mm proximal on the lateral leg.
    pub fn superficial_peroneal_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::SuperficialPeroneal,
            recording_site: "Lateral ankle".into(),
            mean_conduction_velocity_m_per_s: 45.0,
            healthy_distal_amplitude_uv: 12.0,
            sites: vec![SiteSpec::healthy("Lateral leg", 120.0)],
            skin_temperature_c: 31.5,
            seed: 17,
            ..NerveSpec::median_sensory()
        }
    }

    /// A normal right sural antidromic sensory study recording behind the lateral malleolus,
    /// stimulated 140 mm proximal on the calf.
    pub fn sural_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Sural,
            recording_site: "Lateral malleolus".into(),
            mean_conduction_velocity_m_per_s: 43.0,
            healthy_distal_amplitude_uv: 18.0,
            sites: vec![SiteSpec::healthy("Calf", 140.0)],
            skin_temperature_c: 31.5,
            seed: 13,
            ..NerveSpec::median_sensory()
        }
    }

    /// A normal right superficial radial sensory study recorded at the anatomic snuffbox,
    /// stimulated 100 mm proximal on the forearm: amplitude about 25 µV.
    pub fn radial_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Radial,
            recording_site: "Snuffbox".into(),
            mean_conduction_velocity_m_per_s: 52.0,
            healthy_distal_amplitude_uv: 25.0,
            sites: vec![SiteSpec::healthy("Forearm", 100.0)],
            seed: 14,
            ..NerveSpec::median_sensory()
        }
    }

    /// A normal right lateral antebrachial cutaneous sensory study (the end of the
    /// musculocutaneous nerve) recorded on the lateral forearm, stimulated at the elbow 120 mm
    /// proximal: amplitude about 18 µV, as Buschbacher's mean (domain.md §2.3).
    pub fn lateral_antebrachial_cutaneous_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Other("Lateral antebrachial cutaneous".into()),
            recording_site: "Lateral forearm".into(),
            mean_conduction_velocity_m_per_s: 60.0,
            healthy_distal_amplitude_uv: 18.0,
            sites: vec![SiteSpec::healthy("Elbow", 120.0)],
            seed: 15,
            ..NerveSpec::median_sensory()
        }
    }

    /// This median sensory study recorded from the thumb (digit 1) at 100 mm, the fibres of the
    /// upper trunk and lateral cord.
    pub fn at_thumb(mut self, seed: u64) -> NerveSpec {
        self.recording_site = "Digit 1".into();
        self.sites[0].distance_mm = 100.0;
        self.healthy_distal_amplitude_uv *= 0.8;
        self.seed = seed;
        self
    }
}
