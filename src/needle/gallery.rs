//! The motor unit gallery: for each unit, its discharges superimposed with the template drawn
//! over them, draggable duration markers whose parameters recompute at once, and its numbers.

use edx_core::display;
use edx_core::needle::{MotorUnit, MuapMeasures, NeedleAnalysis};
use js_sys::Float32Array;
use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use super::review::ChannelMarkers;
use super::unit_colour;

/// Discharges drawn behind each template.
const SUPERIMPOSED: usize = 20;
/// Card canvas size, CSS pixels.
const CARD_WIDTH_CSS_PX: f64 = 280.0;
const CARD_HEIGHT_CSS_PX: f64 = 170.0;
/// A pointer this close to a marker grabs it, CSS pixels.
const GRAB_CSS_PX: f64 = 8.0;

/// Every unit's card.
#[component]
pub fn MotorUnitGallery(
    /// The channel's analysis: its units, their templates and discharges.
    analysis: StoredValue<NeedleAnalysis>,
    /// The analysed segment's samples, in the channel's unit.
    samples: StoredValue<Float32Array, LocalStorage>,
    /// Samples per second.
    sampling_rate_hz: f64,
    /// Converts the channel's unit to µV.
    to_microvolts: f32,
    /// Recording time of the segment's start, s.
    segment_start_s: f64,
    /// Moves the screen to a time and plays it.
    jump_to: Callback<f64>,
    /// The units' duration markers as the physician moved them.
    markers: ChannelMarkers,
    /// The muscle and side the units were recorded from, as the heading names them.
    muscle: Signal<String>,
) -> impl IntoView {
    let units = analysis.with_value(|analysis| analysis.units.clone());
    let n_units = units.len();
    let signal = DischargeSource { samples, sampling_rate_hz, to_microvolts, segment_start_s };
    view! {
        <section class="unit-gallery" aria-labelledby="unit-gallery-heading">
            <h4 id="unit-gallery-heading" data-testid="unit-gallery-heading">{move || format!("Motor units of {} ({n_units})", muscle.get())}</h4>
            {(n_units == 0).then(|| view! { <p>"No motor units were found: there was no voluntary activity to decompose."</p> })}
            <div class="unit-cards">
                {units.into_iter().enumerate().map(|(unit_idx, unit)| view! { <UnitCard unit_idx unit signal jump_to markers/> }).collect_view()}
            </div>
        </section>
    }
}

/// Where a unit's discharges are cut from: the analysed segment and how to read it.
#[derive(Clone, Copy)]
struct DischargeSource {
    samples: StoredValue<Float32Array, LocalStorage>,
    sampling_rate_hz: f64,
    to_microvolts: f32,
    segment_start_s: f64,
}

/// One unit: superimposed discharges, template, duration markers and numbers.
#[component]
fn UnitCard(
    /// The unit's position in the analysis, from 0.
    unit_idx: usize,
    /// The unit as measured, with its duration markers.
    unit: MotorUnit,
    /// The segment its discharges are cut from.
    signal: DischargeSource,
    /// Moves the screen to a time and plays it.
    jump_to: Callback<f64>,
    /// The units' duration markers as the physician moved them.
    markers: ChannelMarkers,
) -> impl IntoView {
    let rate = signal.sampling_rate_hz;
    let period_ms = 1000.0 / rate;
    let half = unit.alignment_idx;
    // Where the analysis put the markers; an unmeasured unit's stand 2 ms either side.
    let automatic = unit.measures.map_or((-2.0, 2.0), |measures| (measures.start_ms, measures.end_ms));
    let shown = move || markers.moved(unit_idx).unwrap_or(automatic);
    let n_discharges = unit.discharge_times_s.len();
    let middle_discharge_s =
        signal.segment_start_s + unit.discharge_times_s.get(n_discharges / 2).copied().unwrap_or(0.0);
    let snippets =
        signal.samples.with_value(|samples| superimposed_discharges(samples, &unit, half, rate, signal.to_microvolts));
    let snippets = StoredValue::new(snippets);
    let firing = format!(
        "{} discharges{}{}",
        n_discharges,
        unit.firing_rate_hz.map(|rate| format!(", {} Hz", display::fixed(rate, 1))).unwrap_or_default(),
        unit.interval_cv.map(|cv| format!(" (interval CV {})", display::fixed(cv, 2))).unwrap_or_default()
    );
    let superimpositions = unit.n_resolved_superimpositions;
    let unit = StoredValue::new(unit);
    let measures = Memo::new(move |_| match markers.moved(unit_idx) {
        None => unit.with_value(|unit| unit.measures),
        Some((start_ms, end_ms)) => unit.with_value(|unit| unit.measured_between(rate, start_ms, end_ms)),
    });
    // A marker placed at `at_ms`, snapped to a sample and kept on its own side of the other.
    let place = move |marker: DurationMarker, at_ms: f64| {
        let mut moved = shown();
        marker.place(&mut moved, MotorUnit::snap_ms(rate, at_ms), period_ms);
        markers.set(unit_idx, Some(moved));
    };
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let colour = unit_colour(unit_idx);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let (start_ms, end_ms) = shown();
        unit.with_value(|unit| {
            snippets.with_value(|snippets| {
                draw_card(&canvas, &unit.template_uv, snippets, period_ms, colour, start_ms, end_ms)
            })
        });
    });
    let dragging = StoredValue::new(None::<DurationMarker>);
    let window_ms = 2.0 * half as f64 * period_ms;
    let card_width = move || {
        canvas_ref.get_untracked().map_or(CARD_WIDTH_CSS_PX, |canvas| f64::from(canvas.client_width()).max(1.0))
    };
    let ms_at = move |event: &web_sys::PointerEvent| (f64::from(event.offset_x()) / card_width() - 0.5) * window_ms;
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        let grab_ms = GRAB_CSS_PX / card_width() * window_ms;
        let (at, (start_ms, end_ms)) = (ms_at(&event), shown());
        let grabbed = if (at - start_ms).abs() <= grab_ms {
            Some(DurationMarker::Start)
        } else if (at - end_ms).abs() <= grab_ms {
            Some(DurationMarker::End)
        } else {
            None
        };
        if grabbed.is_some() {
            dragging.set_value(grabbed);
            if let Some(canvas) = canvas_ref.get_untracked() {
                let _ = canvas.set_pointer_capture(event.pointer_id());
            }
            event.prevent_default();
        }
    };
    let on_pointer_move = move |event: web_sys::PointerEvent| {
        if let Some(marker) = dragging.get_value() {
            place(marker, ms_at(&event));
        }
    };
    let release = move |_: web_sys::PointerEvent| dragging.set_value(None);
    let label = format!("Motor unit {}: its discharges superimposed, template drawn over them, negative up, with duration markers S (start) and E (end) that can be dragged or set in the fields below.", unit_idx + 1);
    view! {
        <article class=format!("unit-card unit-colour-{}", unit_idx % super::UNIT_COLOURS.len()) data-testid="unit-card">
            <h5>{format!("Unit {}", unit_idx + 1)}</h5>
            <canvas node_ref=canvas_ref class="unit-canvas" role="img" aria-label=label
                on:pointerdown=on_pointer_down on:pointermove=on_pointer_move on:pointerup=release on:pointercancel=release></canvas>
            <DurationMarkerInputs shown=Signal::derive(shown) period_ms place=Callback::new(move |(marker, at_ms)| place(marker, at_ms)) reset=Callback::new(move |()| markers.set(unit_idx, None))/>
            <dl class="unit-numbers" data-testid="unit-numbers">
                <dt>"Firing"</dt><dd>{firing}</dd>
                {move || numbers(measures.get())}
                <dt>"Superimpositions resolved"</dt><dd>{superimpositions}</dd>
            </dl>
            <button type="button" class="link-button" on:click=move |_| jump_to.run(middle_discharge_s)>"Show and play a discharge"</button>
        </article>
    }
}

/// One of a unit's two duration markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DurationMarker {
    /// Where the potential departs from the baseline (S).
    Start,
    /// Where it returns to it (E).
    End,
}

impl DurationMarker {
    /// Moves this marker of `markers` (start and end, ms from the alignment point) to `at_ms`,
    /// keeping it at least one sample (`period_ms`) on its own side of the other.
    fn place(self, markers: &mut (f64, f64), at_ms: f64, period_ms: f64) {
        let (start_ms, end_ms) = markers;
        match self {
            DurationMarker::Start => *start_ms = at_ms.min(*end_ms - period_ms),
            DurationMarker::End => *end_ms = at_ms.max(*start_ms + period_ms),
        }
    }
}

/// A unit's duration markers as numbers the user can type, in ms from the alignment point,
/// with a button back to where the analysis put them.
#[component]
fn DurationMarkerInputs(
    /// The start and end markers shown, ms from the alignment point.
    shown: Signal<(f64, f64)>,
    /// Time between samples, ms: the inputs' step.
    period_ms: f64,
    /// Places a marker at a time typed in, ms.
    place: Callback<(DurationMarker, f64)>,
    /// Returns the markers to where the analysis put them.
    reset: Callback<()>,
) -> impl IntoView {
    let marker_input = move |marker: DurationMarker| {
        move |event: leptos::ev::Event| {
            if let Ok(value) = event_target_value(&event).parse::<f64>() {
                place.run((marker, value));
            }
        }
    };
    let step_ms = format!("{period_ms}");
    view! {
        <div class="unit-markers">
            <label>"Start (S) " <input type="number" step=step_ms.clone() data-testid="unit-start" prop:value=move || format!("{:.2}", shown.get().0) on:change=marker_input(DurationMarker::Start)/> " ms"</label>
            <label>"End (E) " <input type="number" step=step_ms data-testid="unit-end" prop:value=move || format!("{:.2}", shown.get().1) on:change=marker_input(DurationMarker::End)/> " ms"</label>
            <button type="button" class="link-button" on:click=move |_| reset.run(())>"Automatic markers"</button>
        </div>
    }
}

/// Up to [`SUPERIMPOSED`] of `unit`'s discharges, spread over the recording, cut `half` samples
/// either side from `samples` (the analysed segment, in the channel's unit), converted to µV and
/// each levelled on the median of its own ends, to draw behind the template.
fn superimposed_discharges(
    samples: &Float32Array,
    unit: &MotorUnit,
    half: usize,
    rate: f64,
    to_microvolts: f32,
) -> Vec<Vec<f32>> {
    let step = (unit.discharge_times_s.len() / SUPERIMPOSED).max(1);
    unit.discharge_times_s
        .iter()
        .step_by(step)
        .take(SUPERIMPOSED)
        .filter_map(|&time_s| {
            let centre = (time_s * rate).round() as i64;
            let first = u32::try_from(centre - half as i64).ok()?;
            let last = first + 2 * half as u32 + 1;
            (last <= samples.length()).then(|| {
                let values: Vec<f32> =
                    samples.subarray(first, last).to_vec().into_iter().map(|value| value * to_microvolts).collect();
                let edge = (values.len() / 10).max(1);
                let mut ends: Vec<f32> = values[..edge].iter().chain(&values[values.len() - edge..]).copied().collect();
                ends.sort_by(f32::total_cmp);
                let level = ends[ends.len() / 2];
                values.into_iter().map(|value| value - level).collect()
            })
        })
        .collect()
}

fn numbers(measures: Option<MuapMeasures>) -> AnyView {
    let Some(measures) = measures else {
        return view! { <dt>"Parameters"</dt><dd>"not measurable between these markers"</dd> }.into_any();
    };
    view! {
        <dt>"Amplitude"</dt><dd data-testid="unit-amplitude">{format!("{} µV", display::fixed(measures.amplitude_uv, 0))}</dd>
        <dt>"Duration"</dt><dd data-testid="unit-duration">{format!("{} ms", display::fixed(measures.duration_ms, 1))}</dd>
        <dt>"Phases"</dt><dd>{format!("{}{}", measures.phases, if measures.is_polyphasic() { " (polyphasic)" } else { "" })}</dd>
        <dt>"Turns"</dt><dd>{measures.turns}</dd>
        <dt>"Area"</dt><dd>{format!("{} µV·ms", display::fixed(measures.area_uv_ms, 0))}</dd>
        <dt>"Thickness"</dt><dd>{format!("{} ms", display::fixed(measures.thickness_ms, 2))}</dd>
        <dt>"Size index"</dt><dd>{display::fixed(measures.size_index, 2)}</dd>
        <dt>"Satellites"</dt><dd>{measures.satellites}</dd>
    }
    .into_any()
}

fn draw_card(
    canvas: &HtmlCanvasElement,
    template: &[f32],
    snippets: &[Vec<f32>],
    period_ms: f64,
    colour: &str,
    start_ms: f64,
    end_ms: f64,
) {
    let Ok(sized) = crate::canvas::size(canvas, Some(CARD_HEIGHT_CSS_PX), 120.0) else { return };
    let Some(context) = crate::canvas::context_2d(canvas, true) else { return };
    let ratio = sized.pixel_ratio;
    let (width, height) = (sized.px(sized.css_width), sized.px(CARD_HEIGHT_CSS_PX));
    let (lowest, highest) = template
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
    let span_uv = f64::from((highest - lowest).max(20.0)) * 1.5;
    let plot_height = height - 22.0 * ratio;
    let centre = plot_height / 2.0 + f64::from(highest + lowest) / 2.0 / span_uv * plot_height;
    let n = template.len().max(2);
    let x_of = |idx: usize| idx as f64 / (n - 1) as f64 * width;
    // Negative up.
    let y_of = |value: f32| (centre - f64::from(value) / span_uv * plot_height).clamp(0.0, plot_height);
    let stroke = |values: &[f32], style: &str, line_width: f64| {
        context.set_stroke_style_str(style);
        context.set_line_width(line_width);
        context.begin_path();
        for (idx, &value) in values.iter().enumerate() {
            if idx == 0 {
                context.move_to(x_of(idx), y_of(value));
            } else {
                context.line_to(x_of(idx), y_of(value));
            }
        }
        context.stroke();
    };
    for snippet in snippets {
        stroke(snippet, "rgba(120, 128, 140, 0.35)", ratio);
    }
    stroke(template, colour, 2.0 * ratio);
    let window_ms = (n - 1) as f64 * period_ms;
    let x_of_ms = |ms: f64| (ms / window_ms + 0.5) * width;
    context.set_font(&format!("600 {}px sans-serif", (11.0 * ratio).round()));
    for (ms, letter) in [(start_ms, "S"), (end_ms, "E")] {
        let x = x_of_ms(ms);
        context.set_stroke_style_str("#c0392b");
        context.set_line_width(1.5 * ratio);
        let _ = context.set_line_dash(&js_sys::Array::of2(&(4.0 * ratio).into(), &(3.0 * ratio).into()));
        context.begin_path();
        context.move_to(x, 0.0);
        context.line_to(x, plot_height);
        context.stroke();
        let _ = context.set_line_dash(&js_sys::Array::new());
        context.set_fill_style_str("#c0392b");
        let _ = context.fill_text(letter, x + 3.0 * ratio, 12.0 * ratio);
    }
    // Scale bars: 5 ms across, and a round number of µV down.
    let bar_uv = [50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0]
        .into_iter()
        .find(|bar| *bar >= span_uv / 5.0)
        .unwrap_or(5_000.0);
    let bar_px = bar_uv / span_uv * plot_height;
    let five_ms_px = 5.0 / window_ms * width;
    let base_y = height - 6.0 * ratio;
    context.set_stroke_style_str("#28303c");
    context.set_line_width(1.5 * ratio);
    context.begin_path();
    context.move_to(6.0 * ratio, base_y);
    context.line_to(6.0 * ratio + five_ms_px, base_y);
    context.move_to(6.0 * ratio, base_y);
    context.line_to(6.0 * ratio, base_y - bar_px.min(plot_height));
    context.stroke();
    context.set_fill_style_str("#28303c");
    let bar_label = if bar_uv >= 1_000.0 { format!("{} mV", bar_uv / 1_000.0) } else { format!("{bar_uv} µV") };
    let _ = context.fill_text(&format!("5 ms · {bar_label}"), 10.0 * ratio + five_ms_px, base_y - 2.0 * ratio);
}
