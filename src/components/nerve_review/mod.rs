//! The review of a study's nerve conductions: its actions (save, CSV, reset, print), its
//! findings, the comparisons, the same nerve on both sides, and a panel per nerve conduction
//! study (`panel`: traces with draggable markers and the measurement tables; `late_responses`:
//! F-wave and H-reflex rasters), all following the markers as the user moves them and the
//! reference profile as it is chosen.

mod comparisons;
mod findings;
mod late_raster;
mod late_responses;
mod late_table;
mod left_right;
mod markers_overlay;
mod panel;
mod plot;
mod tables;
mod traces;

use edx_core::display::traces::{fitting_scale, TraceScale, SENSITIVITY_PRESETS_UV_PER_DIV, SWEEP_PRESETS_MS_PER_DIV};
use edx_core::interpret::{review_study, StudyReview};
use edx_core::model::{NerveConduction, NerveConductionKind, Study};
use edx_core::ncs::{
    automatic_markers, initial_markers, LateCorrection, MarkerKind, MarkerSource, ResponseMarkers, StudyAdjustments,
};
use edx_core::view_link::{MovedMarker, NerveScale, StudyView};
use leptos::prelude::*;

use crate::settings::use_settings;
use comparisons::ComparisonTable;
use findings::FindingsSummary;
use late_responses::{LateCorrections, LateResponsePanel};
use left_right::{left_right_pairs, LeftRightTraces};
use panel::{NerveStudyPanel, StudyMarkers};

/// The physician's work on a study's nerve conductions, kept while another study is on screen:
/// every nerve's markers, every late-response study's corrections and every nerve's scale.
#[derive(Debug, Clone, Copy)]
pub struct NerveReviewState {
    /// `[nerve_idx][site_idx]`, as the physician left them.
    pub markers: StudyMarkers,
    /// `[nerve_idx][sweep_idx]` of the F-wave and H-reflex studies.
    pub late_corrections: LateCorrections,
    /// `[nerve_idx]`: the sensitivity and sweep each nerve's traces are shown at.
    pub scales: RwSignal<Vec<TraceScale>>,
    /// `[nerve_idx]`: the scale each nerve opened at, the smallest presets showing it whole.
    opened_scales: StoredValue<Vec<TraceScale>>,
}

impl NerveReviewState {
    /// The state `nerves` open with: the markers and corrections a study file saved, otherwise
    /// automatic markers and none, and the scales that show each nerve whole.
    pub fn new(nerves: &[NerveConduction]) -> NerveReviewState {
        let scales: Vec<TraceScale> = nerves.iter().map(opening_scale).collect();
        NerveReviewState {
            markers: RwSignal::new(nerves.iter().map(initial_markers).collect()),
            late_corrections: RwSignal::new(nerves.iter().map(saved_corrections).collect()),
            scales: RwSignal::new(scales.clone()),
            opened_scales: StoredValue::new(scales),
        }
    }

    /// Makes room for `nerves` added to the study, as they open.
    pub fn add_nerves(&self, nerves: &[NerveConduction]) {
        self.markers.update(|markers| markers.extend(nerves.iter().map(initial_markers)));
        self.late_corrections.update(|corrections| corrections.extend(nerves.iter().map(saved_corrections)));
        let added: Vec<TraceScale> = nerves.iter().map(opening_scale).collect();
        self.scales.update(|scales| scales.extend(added.iter().copied()));
        self.opened_scales.update_value(|scales| scales.extend(added));
    }

    /// The scales changed from how the nerves opened, and the markers moved by hand, as a link
    /// holds them (tracked).
    pub fn linked(&self) -> (Vec<NerveScale>, Vec<MovedMarker>) {
        let scales = self.scales.with(|scales| {
            self.opened_scales.with_value(|opened| {
                scales
                    .iter()
                    .zip(opened)
                    .enumerate()
                    .filter(|(_, (scale, opened))| scale != opened)
                    .map(|(nerve_idx, (scale, _))| NerveScale { nerve_idx, scale: *scale })
                    .collect()
            })
        });
        let moved = self.markers.with(|markers| {
            let mut moved = Vec::new();
            for (nerve_idx, sites) in markers.iter().enumerate() {
                for (site_idx, site_markers) in sites.iter().enumerate() {
                    let Some(site_markers) = site_markers else { continue };
                    for kind in MarkerKind::ALL {
                        let marker = kind.get(site_markers);
                        if marker.source == MarkerSource::Manual {
                            moved.push(MovedMarker { nerve_idx, site_idx, kind, time_ms: marker.time_ms });
                        }
                    }
                }
            }
            moved
        });
        (scales, moved)
    }

    /// Shows the scales a link names (presets the controls offer, for nerves the study has) and
    /// moves the markers it names, where the site has markers to move.
    pub fn restore(&self, view: &StudyView) {
        self.scales.update(|scales| {
            for NerveScale { nerve_idx, scale } in &view.nerve_scales {
                let offered = SENSITIVITY_PRESETS_UV_PER_DIV.contains(&scale.sensitivity_uv_per_div)
                    && SWEEP_PRESETS_MS_PER_DIV.contains(&scale.sweep_ms_per_div);
                if let Some(shown) = scales.get_mut(*nerve_idx).filter(|_| offered) {
                    *shown = *scale;
                }
            }
        });
        self.markers.update(|markers| {
            for moved in &view.moved_markers {
                let site = markers.get_mut(moved.nerve_idx).and_then(|sites| sites.get_mut(moved.site_idx));
                if let Some(Some(site_markers)) = site {
                    moved.kind.set(site_markers, moved.time_ms);
                }
            }
        });
    }
}

/// The scale `nerve`'s traces open at: the smallest presets that show every sweep whole.
fn opening_scale(nerve: &NerveConduction) -> TraceScale {
    fitting_scale(nerve, &SENSITIVITY_PRESETS_UV_PER_DIV, &SWEEP_PRESETS_MS_PER_DIV)
}

/// The late-response corrections a study file saved with `nerve`.
fn saved_corrections(nerve: &NerveConduction) -> Vec<Option<LateCorrection>> {
    nerve.sites.first().map_or_else(Vec::new, |site| site.saved_late_corrections.clone())
}

/// The review of `study`'s nerve conductions, following the markers and corrections of
/// `review_state` as the user moves them and the reference profile as it is chosen: made once
/// per study page, for the nerve conduction review and the study's impression alike.
pub fn study_review(study: &Study, review_state: NerveReviewState) -> Memo<StudyReview> {
    let profile = use_settings().profile();
    let NerveReviewState { markers, late_corrections, .. } = review_state;
    let patient = study.patient;
    let nerves = StoredValue::new(study.nerve_conductions.clone());
    Memo::new(move |_| {
        markers.with(|markers| {
            late_corrections.with(|corrections| {
                nerves.with_value(|nerves| {
                    let adjustments = StudyAdjustments::at_markers(markers).with_late_corrections(corrections);
                    profile.with(|profile| review_study(nerves, adjustments, profile, &patient))
                })
            })
        })
    })
}

/// A study's nerve conductions: the study's actions, its findings, the comparisons, and a panel
/// per nerve, all following `review` (see [`study_review`]).
#[component]
pub fn NerveConductionReview(
    /// The study on screen (its nerve conduction studies and patient are reviewed).
    study: Study,
    /// The markers and corrections as the physician left them.
    review_state: NerveReviewState,
    /// The review at those markers and the chosen profile.
    review: Memo<StudyReview>,
) -> impl IntoView {
    let settings = use_settings();
    let NerveReviewState { markers, late_corrections, scales, .. } = review_state;
    let automatic: Vec<Vec<Option<ResponseMarkers>>> = study.nerve_conductions.iter().map(automatic_markers).collect();
    let automatic = StoredValue::new(automatic);
    let n_nerves = study.nerve_conductions.len();
    let side_pairs = left_right_pairs(&study.nerve_conductions);
    let nerves = StoredValue::new(study.nerve_conductions);
    let reset_every_marker = move |_| {
        markers.set(automatic.get_value());
        late_corrections.set(vec![Vec::new(); n_nerves]);
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <section class="nerve-review" data-testid="study-view">
            <div class="study-actions no-print">
                <button type="button" class="secondary-button" data-testid="reset-study-markers" on:click=reset_every_marker>"Reset every marker to automatic"</button>
                <button type="button" class="secondary-button" data-testid="print" on:click=print>"Print"</button>
            </div>
            <FindingsSummary review/>
            <ComparisonTable review/>
            <div class:hidden=move || settings.patient_view.get()>
                {side_pairs.into_iter().map(|(right_idx, left_idx)| view! { <LeftRightTraces nerves right_idx left_idx/> }).collect_view()}
                {(0..n_nerves)
                    .map(|nerve_idx| {
                        let is_late = nerves.with_value(|nerves| matches!(nerves[nerve_idx].kind, NerveConductionKind::FWave | NerveConductionKind::HReflex));
                        if is_late {
                            view! { <LateResponsePanel nerve_idx nerves review corrections=late_corrections/> }.into_any()
                        } else {
                            view! { <NerveStudyPanel nerve_idx nerves markers automatic review scales/> }.into_any()
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
