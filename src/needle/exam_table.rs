//! The needle examination table: a row per muscle and side, every cell a list the keyboard
//! drives (Tab from cell to cell, a key per value: `0`–`4` for the grade, `n`ormal,
//! `i`ncreased, `p`resent…), each cell marked with where its value came from and, when abnormal,
//! by a mark and words as well as colour. The rows and their analysed cells come from edx-core
//! (`needle::examination`); this view only shows them and records what the physician types.

use std::rc::Rc;

use edx_core::interpret::export::needle_table_csv;
use edx_core::model::{CellSource, NeedleExamRow, NeedleExamination, Side};
use edx_core::muscles::CATALOGUE;
use edx_core::needle::examination::{table_of, Column};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::review::NeedleReviewState;
use crate::opened_study::OpenedStudy;

/// The table of `opened`, with the physician's edits in `review`.
#[component]
pub fn NeedleExamTable(
    /// The study and its needle analyses.
    opened: Rc<OpenedStudy>,
    /// The edited rows and the channel on screen.
    review: NeedleReviewState,
    /// The table as shown: the edited rows joined with the analyses ([`shown_table`]).
    shown: Memo<NeedleExamination>,
) -> impl IntoView {
    let opened = StoredValue::new_local(opened);
    let n_rows = Memo::new(move |_| shown.with(|table| table.rows.len()));
    let export_error = RwSignal::new(None::<String>);
    let csv_name = opened
        .with_value(|opened| format!("{}-needle-examination.csv", crate::download::file_stem(&opened.study.title)));
    let discard = move |_| opened.with_value(|opened| review.discard_restored(&opened.study, &opened.needle));
    let download_csv = move |_| {
        let csv = shown.with(needle_table_csv);
        export_error.set(crate::download::save_text(&csv_name, "text/csv", &csv).err());
    };
    view! {
        <section class="needle-exam" aria-labelledby="needle-exam-title" data-testid="needle-exam">
            <h3 id="needle-exam-title">"Needle examination"</h3>
            <p class="hint">
                "Each cell says where its value came from: A analysed by edxview from the recording (its basis under the row's Basis), T typed, F from a file. Tab moves from cell to cell; a key chooses a value (0–4 for the grade, n normal, i increased, d decreased, p present, r reduced…); “—” is not assessed. Abnormal values are marked ✱."
            </p>
            {move || review.restored.get().then(|| view! {
                <p class="hint" role="status" data-testid="needle-exam-restored">
                    "Your edits to this table were restored: edxview keeps them in this browser, on this device only, until the study is saved. "
                    <button type="button" class="link-button" on:click=discard>"Discard them"</button>
                </p>
            })}
            <table class="measurements needle-exam-table">
                <thead>
                    <tr>
                        <th scope="col">"Muscle"</th>
                        <th scope="col">"Side"</th>
                        {Column::ALL.into_iter().map(|column| view! { <th scope="col">{column.heading()}</th> }).collect_view()}
                        <th scope="col">"Recording"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || (0..n_rows.get()).map(|row_idx| view! { <ExamRow row_idx shown review opened/> }).collect_view()}
                </tbody>
            </table>
            <AddMuscle review/>
            <div class="study-actions no-print">
                <button type="button" class="secondary-button" data-testid="download-needle-csv" on:click=download_csv>
                    "Download the needle examination (CSV)"
                </button>
            </div>
            {move || export_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </section>
    }
}

/// The table of `opened` as shown, following the physician's edits in `review` and the duration
/// markers moved by hand: made once per study page, for the table and the channel tabs alike.
pub fn shown_table(opened: &Rc<OpenedStudy>, review: NeedleReviewState) -> Memo<NeedleExamination> {
    let opened = StoredValue::new_local(opened.clone());
    Memo::new(move |_| {
        opened.with_value(|opened| {
            let channels = review.channels_at_markers(&opened.needle);
            review.typed_rows.with(|typed| table_of(typed, &opened.study, &channels))
        })
    })
}

/// One row: its muscle, side, cells and the way to its recording, then its bases when asked.
#[component]
fn ExamRow(
    row_idx: usize,
    shown: Memo<NeedleExamination>,
    review: NeedleReviewState,
    opened: StoredValue<Rc<OpenedStudy>, LocalStorage>,
) -> impl IntoView {
    let row = move || shown.with(|table| table.rows.get(row_idx).cloned());
    let (bases_shown, set_bases_shown) = signal(false);
    let muscle = move || {
        row().map(|row| match row.muscle_id {
            Some(_) => row.muscle,
            None => format!("{} (not in the catalogue)", row.muscle),
        })
    };
    let side = move || row().and_then(|row| row.side).map_or_else(|| "—".to_string(), |side| side.to_string());
    let channel_position = move || {
        let link = row()?.recording?;
        opened.with_value(|opened| {
            opened.needle.iter().position(|channel| {
                channel.recording_idx == link.recording_idx && channel.channel_idx == link.channel_idx
            })
        })
    };
    let open_recording = move |_| {
        if let Some(position) = channel_position() {
            review.chosen_channel.set(position);
            if let Some(section) = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.get_element_by_id("needle-section"))
                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            {
                section.scroll_into_view();
                let _ = section.focus();
            }
        }
    };
    let bases = move || {
        let row = row()?;
        let lines: Vec<String> = Column::ALL
            .iter()
            .filter_map(|column| {
                let cell = column.printed(&row);
                (cell.source == CellSource::Analysed)
                    .then(|| format!("{}: {}", column.heading(), cell.basis.unwrap_or_default()))
            })
            .collect();
        Some(lines)
    };
    let (renaming, set_renaming) = signal(false);
    view! {
        <tr data-testid="needle-exam-row">
            <th scope="row">
                <span data-testid="needle-exam-muscle">{muscle}</span>
                " "
                <button type="button" class="link-button no-print" aria-expanded=move || renaming.get().to_string() on:click=move |_| set_renaming.update(|shown| *shown = !*shown)>
                    "Change"
                </button>
                {move || renaming.get().then(|| view! { <ChangeMuscle row_idx review done=set_renaming/> })}
            </th>
            <td>{side}</td>
            {Column::ALL.into_iter().map(|column| view! { <ExamCell row_idx column shown review/> }).collect_view()}
            <td class="exam-links">
                {move || channel_position().map(|_| view! {
                    <button type="button" class="link-button" on:click=open_recording>"Open recording"</button>
                })}
                <button type="button" class="link-button" aria-expanded=move || bases_shown.get().to_string() on:click=move |_| set_bases_shown.update(|shown| *shown = !*shown)>
                    "Basis"
                </button>
            </td>
        </tr>
        {move || row().and_then(|row| row.recording_not_open()).map(|note| view! {
            <tr class="exam-bases">
                <td colspan=(Column::ALL.len() + 3).to_string() data-testid="needle-exam-not-open">{note}</td>
            </tr>
        })}
        {move || bases_shown.get().then(|| view! {
            <tr class="exam-bases">
                <td colspan=(Column::ALL.len() + 3).to_string()>
                    <ul>
                        {bases().unwrap_or_default().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                </td>
            </tr>
        })}
    }
}

/// One cell: a list of the column's values, its source, and its abnormal mark.
#[component]
fn ExamCell(
    row_idx: usize,
    column: Column,
    shown: Memo<NeedleExamination>,
    review: NeedleReviewState,
) -> impl IntoView {
    let printed = Memo::new(move |_| shown.with(|table| table.rows.get(row_idx).map(|row| column.printed(row))));
    let label = move || {
        shown.with(|table| {
            table.rows.get(row_idx).map(|row| {
                let side = row.side.map(|side| format!(" {}", side.to_string().to_lowercase())).unwrap_or_default();
                format!("{}{side}, {}", row.muscle, column.description())
            })
        })
    };
    let value = move || printed.with(|cell| cell.as_ref().map(|cell| cell.text.clone()).unwrap_or_default());
    let abnormal = move || printed.with(|cell| cell.as_ref().is_some_and(|cell| cell.abnormal));
    // A cell nobody filled has no source to show.
    let source = move || {
        printed.with(|cell| {
            cell.as_ref().filter(|cell| cell.text != "—" || cell.source != CellSource::FromFile).map(|cell| cell.source)
        })
    };
    let on_change = move |event: web_sys::Event| {
        let Some(select) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return;
        };
        let chosen = select.value();
        review.typed_rows.update(|typed| {
            if let Some(row) = typed.rows.get_mut(row_idx) {
                // Every choice the list offers is the column's own.
                let _ = column.set(row, Some(&chosen), CellSource::Typed);
            }
        });
    };
    view! {
        <td class:abnormal=abnormal data-column=column.heading()>
            <select aria-label=label on:change=on_change>
                <option value="—" prop:selected=move || value() == "—">"—"</option>
                {column
                    .choices()
                    .iter()
                    .map(|&choice| view! { <option value=choice prop:selected=move || value() == choice>{choice}</option> })
                    .collect_view()}
            </select>
            {move || abnormal().then(|| view! { <span class="exam-mark" aria-hidden="true">"✱"</span> })}
            {move || abnormal().then(|| view! { <span class="visually-hidden">"abnormal"</span> })}
            <abbr class="exam-source" title=move || source_title(source())>{move || source_letter(source())}</abbr>
        </td>
    }
}

fn source_letter(source: Option<CellSource>) -> &'static str {
    match source {
        Some(CellSource::Analysed) => "A",
        Some(CellSource::Typed) => "T",
        Some(CellSource::FromFile) => "F",
        None => "",
    }
}

fn source_title(source: Option<CellSource>) -> &'static str {
    match source {
        Some(CellSource::Analysed) => "analysed by edxview from the recording",
        Some(CellSource::Typed) => "typed",
        Some(CellSource::FromFile) => "from a file",
        None => "not filled",
    }
}

/// The muscle and side of row `row_idx`, chosen from the catalogue (or typed, and kept as
/// written when not in it): for a recording whose label named no muscle, or the wrong one.
#[component]
fn ChangeMuscle(row_idx: usize, review: NeedleReviewState, done: WriteSignal<bool>) -> impl IntoView {
    let initial = review
        .typed_rows
        .with_untracked(|typed| typed.rows.get(row_idx).map(|row| (row.muscle.clone(), row.side)))
        .unwrap_or_default();
    let rename = Callback::new(move |renamed: NeedleExamRow| {
        review.typed_rows.update(|typed| {
            if let Some(row) = typed.rows.get_mut(row_idx) {
                row.muscle = renamed.muscle;
                row.muscle_id = renamed.muscle_id;
                row.side = renamed.side;
            }
        });
        done.set(false);
    });
    view! { <MuscleForm initial action="Apply" class="change-muscle" name_test_id="change-muscle-name" on_submit=rename/> }
}

/// A row for a muscle examined without a recording here.
#[component]
fn AddMuscle(review: NeedleReviewState) -> impl IntoView {
    let add = Callback::new(move |row: NeedleExamRow| review.typed_rows.update(|typed| typed.rows.push(row)));
    view! {
        <MuscleForm initial=(String::new(), None) action="Add muscle" class="add-muscle" name_test_id="add-muscle-name" on_submit=add/>
        <datalist id="muscle-catalogue">
            {CATALOGUE.iter().map(|muscle| view! { <option value=muscle.name></option> }).collect_view()}
        </datalist>
    }
}

/// A muscle's name (read through the muscle catalogue, or kept as typed and marked as not in
/// it) and side, made into a row for `on_submit`; an empty name does nothing, and the name is
/// cleared once used when the form started empty.
#[component]
fn MuscleForm(
    /// The name and side the form starts with.
    initial: (String, Option<Side>),
    /// The submit button's words.
    action: &'static str,
    /// The form's class.
    class: &'static str,
    /// The name field's test identifier.
    name_test_id: &'static str,
    /// What is done with the row.
    on_submit: Callback<NeedleExamRow>,
) -> impl IntoView {
    let (initial_name, initial_side) = initial;
    let clear_after = initial_name.is_empty();
    let (name, set_name) = signal(initial_name);
    let (side, set_side) = signal(initial_side.map(|side| side.to_string()).unwrap_or_default());
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let typed_name = name.get_untracked();
        if typed_name.trim().is_empty() {
            return;
        }
        on_submit.run(NeedleExamRow::new(&typed_name, Side::from_name(&side.get_untracked())));
        if clear_after {
            set_name.set(String::new());
        }
    };
    view! {
        <form class=class on:submit=submit>
            <label>
                "Muscle "
                <input type="text" list="muscle-catalogue" prop:value=name on:input=move |event| set_name.set(event_target_value(&event)) data-testid=name_test_id/>
            </label>
            <label>
                "Side "
                <select on:change=move |event| set_side.set(event_target_value(&event))>
                    <option value="" prop:selected=move || side.get().is_empty()>"—"</option>
                    <option value="Left" prop:selected=move || side.get() == "Left">"Left"</option>
                    <option value="Right" prop:selected=move || side.get() == "Right">"Right"</option>
                </select>
            </label>
            <button type="submit" class="secondary-button">{action}</button>
        </form>
    }
}
