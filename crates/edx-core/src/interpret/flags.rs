//! Values held against a reference profile: each flag names the value, the limit and its source,
//! and a value no limit applies to stays unlabelled.

use super::profiles::{Bound, Evidence, Filters, Limit, Measure, ReferenceProfile};
use crate::display;
use crate::display::capitalised;
use crate::model::{Nerve, NerveConduction, NerveConductionKind, Patient};
use crate::ncs::NerveAnalysis;

/// Where on the nerve a value was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A stimulation site's response, by index (distal first).
    Site(usize),
    /// A segment between neighbouring sites, by index (distal first).
    Segment(usize),
}

/// A value compared with a limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// Where the value was measured.
    pub place: Place,
    /// The measure held against the limit (distal latency, amplitude, velocity…).
    pub measure: Measure,
    /// The value, in the measure's unit; `None` for an absent response.
    pub value: Option<f64>,
    /// The limit it was held against.
    pub limit: Limit,
    /// Whether the value lies outside the limit.
    pub is_abnormal: bool,
}

impl Flag {
    /// The value and its limit as reports print them, e.g. `amplitude 9.2 mV (normal ≥ 4.0 mV)`;
    /// amplitudes in mV or µV as the limit's kind of study prints them
    /// ([`NerveConductionKind::amplitudes_in_millivolts`]).
    pub fn describe(&self) -> String {
        let (value, limit, unit) = self.printed();
        let value = value.map_or_else(|| "absent".to_string(), |value| format!("{value} {unit}"));
        format!("{} {value} (normal {} {unit})", self.measure.label(), self.limit.bound.describe(&limit))
    }

    /// The value (`None`: absent) and the limit as reports print them, with their unit:
    /// amplitudes in mV or µV as the limit's kind of study prints them.
    pub fn printed(&self) -> (Option<String>, String, &'static str) {
        let in_millivolts = self.limit.kind.amplitudes_in_millivolts();
        match self.measure {
            Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude => {
                let (limit, unit) = display::amplitude(self.limit.bound.value(), in_millivolts);
                (self.value.map(|value| display::amplitude(value, in_millivolts).0), limit, unit)
            }
            Measure::DistalOnsetLatency | Measure::DistalPeakLatency | Measure::FWaveMinimumLatency => {
                (self.value.map(display::latency_ms), display::fixed(self.limit.bound.value(), 1), "ms")
            }
            Measure::ConductionVelocity | Measure::VelocityDropAcrossJoint => {
                (self.value.map(display::velocity_m_per_s), display::fixed(self.limit.bound.value(), 0), "m/s")
            }
            Measure::AmplitudeDropAcrossJoint => {
                (self.value.map(|value| display::fixed(value, 0)), display::fixed(self.limit.bound.value(), 0), "%")
            }
        }
    }

    /// Where the value lies against its limit, in the words a table gives it beside the
    /// value (and a screen reader reads): `within normal limits`, `below the lower limit` or
    /// `above the upper limit`. An absent response that fails a limit reads as below it.
    pub fn status_label(&self) -> &'static str {
        match (self.is_abnormal, self.limit.bound) {
            (false, _) => "within normal limits",
            (true, Bound::AtLeast(_)) => "below the lower limit",
            (true, Bound::AtMost(_)) => "above the upper limit",
        }
    }

    /// The arrow a table puts before an abnormal value, pointing the way it departs from the
    /// limit: `▼` below a lower limit, `▲` above an upper one; `None` within limits. Never the
    /// only sign: [`Flag::status_label`] and [`Flag::verdict_label`] say it in words.
    pub fn direction_symbol(&self) -> Option<&'static str> {
        match (self.is_abnormal, self.limit.bound) {
            (false, _) => None,
            (true, Bound::AtLeast(_)) => Some("▼"),
            (true, Bound::AtMost(_)) => Some("▲"),
        }
    }

    /// `abnormal` or `normal`: the verdict in one word, as tables add it in parentheses for
    /// those who cannot see the mark or its colour.
    pub fn verdict_label(&self) -> &'static str {
        if self.is_abnormal {
            "abnormal"
        } else {
            "normal"
        }
    }

    /// The limit and where it comes from, as a table shows it on hover and focus:
    /// `Normal ≥ 4000.0 — Preston & Shapiro …`, the limit in the measure's own unit
    /// ([`Measure::unit`]: amplitudes in µV) with one decimal, and ` (secondary source)` after
    /// a limit read in a secondary copy of its source (domain.md §0).
    pub fn limit_text(&self) -> String {
        let evidence = if self.limit.evidence == Evidence::Secondary { " (secondary source)" } else { "" };
        format!(
            "Normal {} — {}{evidence}",
            self.limit.bound.describe(&display::fixed(self.limit.bound.value(), 1)),
            self.limit.source
        )
    }

    /// The value as a share of the limit, in % (130 = 30 % beyond an upper limit).
    pub fn percent_of_limit(&self) -> Option<f64> {
        self.value.map(|value| 100.0 * value / self.limit.bound.value())
    }
}

/// Every flag of a nerve, and notes on what could not be labelled and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NerveFlags {
    /// Each value held against a limit of the profile that applies to this study and patient.
    pub flags: Vec<Flag>,
    /// Why some values were not labelled, and warnings such as a cool limb.
    pub notes: Vec<String>,
}

impl NerveFlags {
    /// The flag for `measure` at `place`, if one was made.
    pub fn get(&self, place: Place, measure: Measure) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.place == place && flag.measure == measure)
    }

    /// Whether any flag is abnormal.
    pub fn any_abnormal(&self) -> bool {
        self.flags.iter().any(|flag| flag.is_abnormal)
    }
}

/// Skin temperatures below which a limb counts as cool: 32 °C for the arm, 30 °C for the leg,
/// the common laboratory convention (domain.md §3.6 marks it unverified; the Norwegian KNF
/// guideline recommends 34 °C). Below them edxview warns and never corrects.
const COOL_ARM_C: f64 = 32.0;
const COOL_LEG_C: f64 = 30.0;

/// Holds the nerve's values against `profile`, for `patient` (whose age and height decide which
/// banded limits apply). A limit is used only where the study matches the technique it states
/// (distance, filters, skin temperature, age and height); where it does not, or the study does
/// not say, the value is measured but not labelled, and a note says why.
pub fn flag_nerve(
    nerve: &NerveConduction,
    analysis: &NerveAnalysis,
    profile: &ReferenceProfile,
    patient: &Patient,
) -> NerveFlags {
    let mut result = NerveFlags::default();
    let study_filters = nerve.acquisition_filters.as_deref().and_then(Filters::parse);
    let is_motor = nerve.kind == NerveConductionKind::Motor;
    let distal = analysis.sites.first();
    let distal_measures = distal.and_then(|site| site.measures);
    let distal_distance_mm = nerve.sites.first().and_then(|site| site.distance_mm);
    let compare = |place: Place, measure: Measure, value: Option<f64>, result: &mut NerveFlags| {
        // NaN: a value a typed-in report did not give. Not measured is not absent.
        if value.is_some_and(f64::is_nan) {
            return;
        }
        let mut n_applied = 0usize;
        let mut outside_bands = Vec::new();
        for limit in profile.limits_for(&nerve.nerve, nerve.kind, &nerve.recording_site, measure) {
            if limit.evidence == Evidence::Unverified {
                continue;
            }
            match technique_mismatch(limit, measure, nerve, study_filters, distal_distance_mm, patient) {
                Some(Mismatch::Note(note)) => {
                    push_once(&mut result.notes, note);
                    continue;
                }
                Some(Mismatch::OutsideBand(band)) => {
                    outside_bands.push(band);
                    continue;
                }
                None => {}
            }
            n_applied += 1;
            let is_abnormal = match value {
                Some(value) => !limit.bound.admits(value),
                // An absent response fails a lower limit of amplitude, and absent F waves fail
                // their latency limit (EFNS/PNS counts absent F waves, domain.md §3); other
                // latencies and velocities cannot be measured, so they are not labelled.
                None => {
                    (matches!(limit.bound, Bound::AtLeast(_))
                        && matches!(measure, Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude))
                        || measure == Measure::FWaveMinimumLatency
                }
            };
            if value.is_some() || is_abnormal {
                if let Some(caveat) = &limit.caveat {
                    push_once(&mut result.notes, format!("{}: {caveat}", capitalised(measure.label())));
                }
                result.flags.push(Flag { place, measure, value, limit: limit.clone(), is_abnormal });
            }
        }
        if n_applied == 0 && !outside_bands.is_empty() {
            push_once(
                &mut result.notes,
                format!(
                    "The {} is not labelled: the profile's limits hold for {}; the patient is {}.",
                    measure.label(),
                    outside_bands.join(" or "),
                    describe_patient(patient)
                ),
            );
        }
    };

    compare(
        Place::Site(0),
        Measure::DistalAmplitude,
        distal.map(|site| site.measures.map_or(0.0, |measures| measures.amplitude_uv)),
        &mut result,
    );
    compare(
        Place::Site(0),
        Measure::DistalPeakToPeakAmplitude,
        distal.map(|site| site.measures.map_or(0.0, |measures| measures.peak_to_peak_uv)),
        &mut result,
    );
    compare(
        Place::Site(0),
        Measure::DistalOnsetLatency,
        distal_measures.map(|measures| measures.onset_latency_ms),
        &mut result,
    );
    compare(
        Place::Site(0),
        Measure::DistalPeakLatency,
        distal_measures.map(|measures| measures.peak_latency_ms),
        &mut result,
    );
    if let Some(crate::ncs::LateAnalysis::FWaves(f_waves)) = &analysis.late {
        compare(Place::Site(0), Measure::FWaveMinimumLatency, f_waves.minimum_latency_ms, &mut result);
    }
    if is_motor {
        for (segment_idx, segment) in analysis.segments.iter().enumerate() {
            compare(
                Place::Segment(segment_idx),
                Measure::ConductionVelocity,
                segment.conduction_velocity_m_per_s,
                &mut result,
            );
        }
        // With three or more sites, the last segment crosses the joint (elbow, fibular head) and
        // the one before it is the reference below the joint.
        if analysis.segments.len() >= 2 {
            let across_idx = analysis.segments.len() - 1;
            let (below, across) = (&analysis.segments[across_idx - 1], &analysis.segments[across_idx]);
            let velocity_drop = below
                .conduction_velocity_m_per_s
                .zip(across.conduction_velocity_m_per_s)
                .map(|(below, across)| below - across);
            compare(Place::Segment(across_idx), Measure::VelocityDropAcrossJoint, velocity_drop, &mut result);
            compare(
                Place::Segment(across_idx),
                Measure::AmplitudeDropAcrossJoint,
                across.amplitude_change_pct.map(|change| -change),
                &mut result,
            );
        }
    } else {
        compare(
            Place::Site(0),
            Measure::ConductionVelocity,
            distal.and_then(|site| site.sensory_velocity_m_per_s),
            &mut result,
        );
    }

    if let Some(temperature_c) = nerve.skin_temperature_c {
        let threshold_c = if is_leg_nerve(&nerve.nerve) { COOL_LEG_C } else { COOL_ARM_C };
        if temperature_c < threshold_c {
            result.notes.push(format!(
                "Cool limb: skin temperature {temperature_c:.1} °C (below {threshold_c:.0} °C). Cooling prolongs latencies and slows conduction, so some slowing may not be real; warming and repeating is better than correcting (Wu 1993)."
            ));
        }
    }
    result
}

/// Why a limit does not apply to this study.
enum Mismatch {
    /// The study's technique differs from the limit's, or the study does not state it.
    Note(String),
    /// The patient's age or height lies outside the limit's band (described): another band's
    /// limit may apply.
    OutsideBand(String),
}

/// Whether `limit` applies to the study, and if not, why.
fn technique_mismatch(
    limit: &Limit,
    measure: Measure,
    nerve: &NerveConduction,
    study_filters: Option<Filters>,
    distal_distance_mm: Option<f64>,
    patient: &Patient,
) -> Option<Mismatch> {
    let not_labelled = |why: String| Some(Mismatch::Note(format!("The {} is not labelled: {why}.", measure.label())));
    if let (Some(expected_mm), true) =
        (limit.distance_mm, matches!(measure, Measure::DistalOnsetLatency | Measure::DistalPeakLatency))
    {
        match distal_distance_mm {
            Some(distance_mm) if (distance_mm - expected_mm).abs() <= limit.distance_tolerance_mm => {}
            Some(distance_mm) => {
                return not_labelled(format!(
                    "the limit assumes {expected_mm:.0} mm, this study used {distance_mm:.0} mm"
                ))
            }
            None => {
                return not_labelled(format!("the study gives no distance and the limit assumes {expected_mm:.0} mm"))
            }
        }
    }
    if let Some(filters) = limit.filters {
        match study_filters {
            Some(found) if filters.match_study(found) => {}
            Some(found) => {
                return not_labelled(format!(
                    "the limit was collected with filters {}, this study used {}",
                    filters.describe(),
                    found.describe()
                ))
            }
            None => {
                return not_labelled(format!(
                    "the limit was collected with filters {} and the study does not state its filters",
                    filters.describe()
                ))
            }
        }
    }
    if let Some(minimum_c) = limit.min_skin_temperature_c {
        match nerve.skin_temperature_c {
            Some(temperature_c) if temperature_c >= minimum_c => {}
            Some(temperature_c) => {
                return not_labelled(format!(
                    "the limit assumes a skin temperature of at least {minimum_c:.1} °C, this limb was {temperature_c:.1} °C"
                ))
            }
            None => {
                return not_labelled(format!(
                    "the limit assumes a skin temperature of at least {minimum_c:.1} °C and the study gives none"
                ))
            }
        }
    }
    for (band, value, unit, what) in [
        (limit.age_years, patient.age_years.map(f64::from), "y", "age"),
        (limit.height_cm, patient.height_cm, "cm", "height"),
    ] {
        let Some(band) = band else { continue };
        match value {
            Some(value) if band.contains(value) => {}
            Some(_) => return Some(Mismatch::OutsideBand(format!("{what} {}", band.describe(unit)))),
            None => {
                return not_labelled(format!(
                    "the profile's limits depend on the patient's {what}, which the study does not give"
                ))
            }
        }
    }
    None
}

fn describe_patient(patient: &Patient) -> String {
    let age = patient.age_years.map(|years| format!("{years} y"));
    let height = patient.height_cm.map(|height_cm| format!("{height_cm:.0} cm"));
    let known: Vec<String> = age.into_iter().chain(height).collect();
    if known.is_empty() {
        "of unknown age and height".into()
    } else {
        known.join(", ")
    }
}

fn push_once(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        notes.push(note);
    }
}

fn is_leg_nerve(nerve: &Nerve) -> bool {
    matches!(nerve, Nerve::Peroneal | Nerve::Tibial | Nerve::Sural | Nerve::SuperficialPeroneal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::profiles::{builtin_profiles, Band};
    use crate::ncs::{analyse_nerve, Adjustments};

    /// The flags and notes of the demo's ulnar sensory study (Digit 5) against Preston &
    /// Shapiro, for `patient`.
    fn ulnar_sensory(patient: Patient) -> NerveFlags {
        let study = crate::synth::demos::build("upper-limb-normal").unwrap();
        let nerve = study
            .nerve_conductions
            .iter()
            .find(|nerve| nerve.nerve == Nerve::Ulnar && nerve.kind == NerveConductionKind::SensoryAntidromic)
            .unwrap();
        flag_nerve(nerve, &analyse_nerve(nerve, Adjustments::AS_SAVED), &builtin_profiles()[0], &patient)
    }

    #[test]
    fn an_age_banded_limit_applies_only_when_the_age_is_known_and_in_its_band() {
        let unknown = ulnar_sensory(Patient::default());
        assert!(unknown.get(Place::Site(0), Measure::DistalAmplitude).is_none(), "no age, no label");
        assert!(
            unknown.notes.iter().any(|note| note
                == "The amplitude is not labelled: the profile's limits depend on the patient's age, which the study does not give."),
            "{:?}",
            unknown.notes
        );
        assert!(unknown.get(Place::Site(0), Measure::ConductionVelocity).is_some(), "unbanded limits still apply");

        let younger = ulnar_sensory(Patient { age_years: Some(60), height_cm: None });
        let flag = younger.get(Place::Site(0), Measure::DistalAmplitude).unwrap();
        assert_eq!(flag.limit.bound, Bound::AtLeast(17.0));
        assert!(younger.notes.iter().all(|note| !note.contains("not labelled")), "{:?}", younger.notes);

        let older = ulnar_sensory(Patient { age_years: Some(61), height_cm: None });
        let flag = older.get(Place::Site(0), Measure::DistalAmplitude).unwrap();
        assert_eq!(flag.limit.bound, Bound::AtLeast(10.0));
        assert!(older.notes.iter().any(|note| note.starts_with("Amplitude: Over 60 years")), "{:?}", older.notes);
    }

    /// The median motor amplitude limit of Preston & Shapiro (≥ 4.0 mV), as a flag on `value_uv`
    /// with the limit's bound and evidence replaced by `bound` and `evidence`.
    fn amplitude_flag(value_uv: Option<f64>, bound: Bound, evidence: Evidence) -> Flag {
        let mut limit = laboratory_profile(|_| {}).limits[0].clone();
        (limit.bound, limit.evidence, limit.source) = (bound, evidence, "Source".into());
        let is_abnormal = value_uv.is_none_or(|value| !bound.admits(value));
        Flag { place: Place::Site(0), measure: Measure::DistalAmplitude, value: value_uv, limit, is_abnormal }
    }

    #[test]
    fn a_flag_words_its_status_its_direction_and_its_limit() {
        let check = |flag: Flag, status: &str, symbol: Option<&str>, verdict: &str, limit: &str| {
            assert_eq!(flag.status_label(), status, "{flag:?}");
            assert_eq!(flag.direction_symbol(), symbol, "{flag:?}");
            assert_eq!(flag.verdict_label(), verdict, "{flag:?}");
            assert_eq!(flag.limit_text(), limit, "{flag:?}");
        };
        let lower = Bound::AtLeast(4000.0);
        check(
            amplitude_flag(Some(9200.0), lower, Evidence::Verified),
            "within normal limits",
            None,
            "normal",
            "Normal ≥ 4000.0 — Source",
        );
        check(
            amplitude_flag(Some(1200.0), lower, Evidence::Secondary),
            "below the lower limit",
            Some("▼"),
            "abnormal",
            "Normal ≥ 4000.0 — Source (secondary source)",
        );
        check(
            amplitude_flag(None, lower, Evidence::Verified),
            "below the lower limit",
            Some("▼"),
            "abnormal",
            "Normal ≥ 4000.0 — Source",
        );
        check(
            amplitude_flag(Some(30_000.0), Bound::AtMost(25_000.0), Evidence::Verified),
            "above the upper limit",
            Some("▲"),
            "abnormal",
            "Normal ≤ 25000.0 — Source",
        );
    }

    #[test]
    fn a_flag_prints_amplitudes_in_the_unit_of_its_kind_of_study() {
        let motor = amplitude_flag(Some(9200.0), Bound::AtLeast(4000.0), Evidence::Verified);
        assert_eq!(motor.describe(), "amplitude 9.2 mV (normal ≥ 4.0 mV)");
        let mut sensory = motor.clone();
        sensory.limit.kind = NerveConductionKind::SensoryAntidromic;
        sensory.limit.bound = Bound::AtLeast(20.0);
        sensory.value = Some(35.4);
        assert_eq!(sensory.describe(), "amplitude 35.4 µV (normal ≥ 20.0 µV)");
    }

    /// A laboratory profile whose one limit states every technique field.
    fn laboratory_profile(edit: impl FnOnce(&mut Limit)) -> ReferenceProfile {
        let mut profile = builtin_profiles()[0].clone();
        profile.limits.retain(|limit| limit.nerve == "Median" && limit.measure == Measure::DistalAmplitude);
        edit(&mut profile.limits[0]);
        profile
    }

    fn median_motor_amplitude(profile: &ReferenceProfile, filters: Option<&str>, patient: Patient) -> NerveFlags {
        let study = crate::synth::demos::build("median-motor-normal").unwrap();
        let mut nerve = study.nerve_conductions[0].clone();
        nerve.acquisition_filters = filters.map(str::to_string);
        nerve.skin_temperature_c = Some(31.0);
        flag_nerve(&nerve, &analyse_nerve(&nerve, Adjustments::AS_SAVED), profile, &patient)
    }

    #[test]
    fn filters_temperature_and_height_must_match_the_limit() {
        let with_filters = laboratory_profile(|limit| {
            limit.filters = Some(Filters { high_pass_hz: Some(2.0), low_pass_hz: Some(10_000.0) });
        });
        let labelled = median_motor_amplitude(&with_filters, Some("HP:2Hz LP:10kHz"), Patient::default());
        assert!(labelled.get(Place::Site(0), Measure::DistalAmplitude).is_some());
        for (filters, why) in [
            (Some("HP:10Hz LP:10kHz"), "this study used HP 10 Hz, LP 10000 Hz"),
            (None, "the study does not state its filters"),
        ] {
            let flags = median_motor_amplitude(&with_filters, filters, Patient::default());
            assert!(flags.get(Place::Site(0), Measure::DistalAmplitude).is_none(), "{filters:?}");
            assert!(flags.notes.iter().any(|note| note.contains(why)), "{filters:?}: {:?}", flags.notes);
        }

        let warm = laboratory_profile(|limit| limit.min_skin_temperature_c = Some(32.0));
        let flags = median_motor_amplitude(&warm, None, Patient::default());
        assert!(flags.get(Place::Site(0), Measure::DistalAmplitude).is_none(), "a 31 °C limb against a 32 °C limit");
        assert!(flags.notes.iter().any(|note| note.contains("this limb was 31.0 °C")), "{:?}", flags.notes);

        let by_height = laboratory_profile(|limit| limit.height_cm = Some(Band { from: Some(150.0), to: Some(180.0) }));
        let tall = median_motor_amplitude(&by_height, None, Patient { age_years: None, height_cm: Some(192.0) });
        assert!(tall.get(Place::Site(0), Measure::DistalAmplitude).is_none());
        assert!(
            tall.notes.iter().any(|note| note
                == "The amplitude is not labelled: the profile's limits hold for height 150–180 cm; the patient is 192 cm."),
            "{:?}",
            tall.notes
        );
        let average = median_motor_amplitude(&by_height, None, Patient { age_years: None, height_cm: Some(170.0) });
        assert!(average.get(Place::Site(0), Measure::DistalAmplitude).is_some());
    }
}
