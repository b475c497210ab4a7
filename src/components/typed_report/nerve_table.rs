//! The nerve conduction table of the report form: one row per stimulation site, as reports
//! print them, each study chosen from those edxview holds normal limits for (or typed in full
//! as another study, whose values are shown but not judged).

use edx_core::formats::typed_report::{
    kind_key, known_studies, EntryProblem, KnownStudy, Question, TypedNerveRow, TypedReport, KINDS,
};
use edx_core::model::NerveConductionKind;
use leptos::prelude::*;

use super::row_parts::{RowEnd, SideSelect};

/// Which text field of a row a cell edits.
type Field = fn(&mut TypedNerveRow) -> &mut String;

/// The table, with a button that adds a row continuing the last one's study.
#[component]
pub fn NerveTable(
    report: RwSignal<TypedReport>,
    problems: Memo<Vec<EntryProblem>>,
    questions: Memo<Vec<Question>>,
) -> impl IntoView {
    let known = StoredValue::new(known_studies());
    let n_rows = Memo::new(move |_| report.with(|report| report.nerve_rows.len()));
    let add_row = move |_| {
        report.update(|report| {
            let row = report.nerve_rows.last().map_or_else(TypedNerveRow::default, |last| TypedNerveRow {
                nerve: last.nerve.clone(),
                kind: last.kind.clone(),
                recording_site: last.recording_site.clone(),
                side: last.side.clone(),
                amplitude_unit: last.amplitude_unit.clone(),
                distance_unit: last.distance_unit.clone(),
                ..TypedNerveRow::default()
            });
            report.nerve_rows.push(row);
        })
    };
    view! {
        <section class="typed-nerves" aria-labelledby="typed-nerves-title">
            <h3 id="typed-nerves-title">"Nerve conduction studies"</h3>
            <p class="hint">
                "One row per stimulation site, as the report prints them: the first row of a nerve is its most distal site (its distance is to the recording electrode), each next row a site further up (its distance is from the row above). Type NR where the report says no response. A decimal comma is fine."
            </p>
            <div class="table-scroll">
                <table class="measurements typed-table">
                    <thead>
                        <tr>
                            <th scope="col">"Study"</th>
                            <th scope="col">"Side"</th>
                            <th scope="col">"Stimulation site"</th>
                            <th scope="col">"Distance"</th>
                            <th scope="col">"Unit"</th>
                            <th scope="col">"Onset latency (ms)"</th>
                            <th scope="col">"Peak latency (ms)"</th>
                            <th scope="col">"Amplitude"</th>
                            <th scope="col">"Unit"</th>
                            <th scope="col">"Velocity (m/s)"</th>
                            <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || (0..n_rows.get()).map(|row_idx| view! { <NerveRow row_idx report known problems questions/> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <datalist id="typed-stimulation-sites">
                {edx_core::formats::typed_report::COMMON_STIMULATION_SITES
                    .iter()
                    .map(|site| view! { <option value=*site></option> })
                    .collect_view()}
            </datalist>
            <button type="button" class="secondary-button" data-testid="typed-add-nerve-row" on:click=add_row>
                "Add a nerve conduction row"
            </button>
        </section>
    }
}

/// One row: its study, side, site and values, and (for another study) its nerve, kind and
/// recording site.
#[component]
fn NerveRow(
    row_idx: usize,
    report: RwSignal<TypedReport>,
    known: StoredValue<Vec<KnownStudy>>,
    problems: Memo<Vec<EntryProblem>>,
    questions: Memo<Vec<Question>>,
) -> impl IntoView {
    let row = move || report.with(|report| report.nerve_rows.get(row_idx).cloned().unwrap_or_default());
    let known_idx = move || known.with_value(|known| known.iter().position(|study| study.describes(&row())));
    let other_chosen = RwSignal::new(known_idx().is_none() && !row().nerve.trim().is_empty());
    let study_value = move || match known_idx() {
        Some(idx) => idx.to_string(),
        None if other_chosen.get() => "other".to_string(),
        None => String::new(),
    };
    let edit = move |change: Box<dyn FnOnce(&mut TypedNerveRow)>| {
        report.update(|report| {
            if let Some(row) = report.nerve_rows.get_mut(row_idx) {
                change(row);
            }
        })
    };
    let choose_study = move |event: leptos::ev::Event| {
        let chosen = event_target_value(&event);
        match known.with_value(|known| chosen.parse::<usize>().ok().and_then(|idx| known.get(idx).cloned())) {
            Some(study) => {
                other_chosen.set(false);
                edit(Box::new(move |row| {
                    row.nerve = study.nerve;
                    row.kind = kind_key(study.kind).into();
                    row.recording_site = study.recording_site;
                }));
            }
            None => {
                other_chosen.set(chosen == "other");
                edit(Box::new(|row| {
                    row.nerve.clear();
                    row.recording_site.clear();
                    row.kind = kind_key(NerveConductionKind::Motor).into();
                }));
            }
        }
    };
    let number = row_idx + 1;
    let invalid = move |field: Option<&'static str>| {
        problems.with(|problems| problems.iter().any(|problem| problem.is_in_nerve_row(number, field))).to_string()
    };
    let questioned = move |field: Option<&'static str>| {
        questions.with(|questions| questions.iter().any(|question| question.asks_about_nerve_row(number, field)))
    };
    let kind = move || KINDS.into_iter().find(|kind| kind_key(*kind) == row().kind.trim());
    let unit = move || match row().amplitude_unit.trim() {
        "" if kind().is_some_and(|kind| !kind.amplitudes_in_millivolts()) => "µV".to_string(),
        "" => "mV".to_string(),
        unit => unit.to_string(),
    };
    let cell = move |field: Field, name: &'static str, label: &'static str, test_id: &'static str| {
        view! {
            <td>
                <input
                    type="text"
                    inputmode="decimal"
                    size="5"
                    aria-label=format!("Row {number}, {label}")
                    aria-invalid=move || invalid(Some(name))
                    class:questioned=move || questioned(Some(name))
                    data-testid=test_id
                    prop:value=move || { let mut row = row(); field(&mut row).clone() }
                    on:input=move |event| {
                        let typed = event_target_value(&event);
                        edit(Box::new(move |row| *field(row) = typed));
                    }
                />
            </td>
        }
    };
    view! {
        <tr data-testid="typed-nerve-row" class:invalid=move || invalid(None) == "true">
            <td>
                <select aria-label=format!("Row {number}, study") aria-invalid=move || invalid(Some("nerve")) data-testid="typed-study" on:change=choose_study>
                    <option value="" prop:selected=move || study_value().is_empty()>"Choose the study…"</option>
                    {known.with_value(|known| {
                        known
                            .iter()
                            .enumerate()
                            .map(|(idx, study)| view! {
                                <option value=idx.to_string() prop:selected=move || study_value() == idx.to_string()>{study.label()}</option>
                            })
                            .collect_view()
                    })}
                    <option value="other" prop:selected=move || study_value() == "other">"Another study (not judged)…"</option>
                </select>
            </td>
            <td>
                <SideSelect
                    label=format!("Row {number}, side")
                    test_id="typed-side"
                    value=Signal::derive(move || row().side)
                    invalid=Signal::derive(move || invalid(Some("side")))
                    on_change=Callback::new(move |side: String| edit(Box::new(move |row| row.side = side)))
                />
            </td>
            <td>
                <input
                    type="text"
                    list="typed-stimulation-sites"
                    size="10"
                    aria-label=format!("Row {number}, stimulation site")
                    aria-invalid=move || invalid(Some("stimulation site"))
                    data-testid="typed-site"
                    prop:value=move || row().stimulation_site
                    on:input=move |event| {
                        let typed = event_target_value(&event);
                        edit(Box::new(move |row| row.stimulation_site = typed));
                    }
                />
            </td>
            {cell(|row| &mut row.distance_mm, "distance", "distance", "typed-distance")}
            <td>
                <select
                    aria-label=format!("Row {number}, distance unit")
                    aria-invalid=move || invalid(Some("distance unit"))
                    on:change=move |event| {
                        let chosen = event_target_value(&event);
                        edit(Box::new(move |row| row.distance_unit = chosen));
                    }
                >
                    <option value="mm" prop:selected=move || row().distance_unit != "cm">"mm"</option>
                    <option value="cm" prop:selected=move || row().distance_unit == "cm">"cm"</option>
                </select>
            </td>
            {cell(|row| &mut row.onset_latency_ms, "onset latency", "onset latency (ms)", "typed-onset")}
            {cell(|row| &mut row.peak_latency_ms, "peak latency", "peak latency (ms)", "typed-peak")}
            {cell(|row| &mut row.amplitude, "amplitude", "amplitude", "typed-amplitude")}
            <td>
                <select
                    aria-label=format!("Row {number}, amplitude unit")
                    aria-invalid=move || invalid(Some("amplitude unit"))
                    on:change=move |event| {
                        let chosen = event_target_value(&event);
                        edit(Box::new(move |row| row.amplitude_unit = chosen));
                    }
                >
                    <option value="mV" prop:selected=move || unit() == "mV">"mV"</option>
                    <option value="µV" prop:selected=move || unit() != "mV">"µV"</option>
                </select>
            </td>
            {cell(|row| &mut row.velocity_m_per_s, "velocity", "velocity (m/s)", "typed-velocity")}
            <RowEnd
                remove_label=format!("Remove row {number}")
                invalid=Signal::derive(move || invalid(None) == "true")
                questioned=Signal::derive(move || questioned(None))
                on_remove=Callback::new(move |()| report.update(|report| drop(report.nerve_rows.remove(row_idx))))
            />
        </tr>
        {move || other_chosen.get().then(|| view! { <OtherStudy row_idx report/> })}
    }
}

/// The nerve, kind and recording site of a study edxview holds no limits for, typed in full.
#[component]
fn OtherStudy(row_idx: usize, report: RwSignal<TypedReport>) -> impl IntoView {
    let row = move || report.with(|report| report.nerve_rows.get(row_idx).cloned().unwrap_or_default());
    let set = move |field: Field, typed: String| {
        report.update(|report| {
            if let Some(row) = report.nerve_rows.get_mut(row_idx) {
                *field(row) = typed;
            }
        })
    };
    let number = row_idx + 1;
    view! {
        <tr class="typed-other-study">
            <td colspan="11">
                <label>
                    "Nerve "
                    <input type="text" size="14" aria-label=format!("Row {number}, nerve") prop:value=move || row().nerve on:input=move |event| set(|row| &mut row.nerve, event_target_value(&event))/>
                </label>
                " "
                <label>
                    "Kind "
                    <select aria-label=format!("Row {number}, kind of study") on:change=move |event| set(|row| &mut row.kind, event_target_value(&event))>
                        {KINDS
                            .into_iter()
                            .map(|kind| view! { <option value=kind_key(kind) prop:selected=move || row().kind == kind_key(kind)>{kind.to_string()}</option> })
                            .collect_view()}
                    </select>
                </label>
                " "
                <label>
                    "Recording site "
                    <input type="text" size="14" aria-label=format!("Row {number}, recording site") prop:value=move || row().recording_site on:input=move |event| set(|row| &mut row.recording_site, event_target_value(&event))/>
                </label>
                <span class="hint">" Where edxview holds no normal limits for a study, its values are shown but not judged."</span>
            </td>
        </tr>
    }
}
