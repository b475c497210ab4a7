//! The needle examination table of the report form: a muscle from edxview's muscle list (or
//! as the report names it), its side, and each column as printed, chosen from the column's
//! values.

use edx_core::formats::typed_report::{EntryProblem, Question, TypedNeedleRow, TypedReport};
use edx_core::muscles::CATALOGUE;
use edx_core::needle::examination::Column;
use leptos::prelude::*;

use super::row_parts::{RowEnd, SideSelect};

/// The table, with a button that adds a muscle on the last row's side.
#[component]
pub fn NeedleTable(
    report: RwSignal<TypedReport>,
    problems: Memo<Vec<EntryProblem>>,
    questions: Memo<Vec<Question>>,
) -> impl IntoView {
    let n_rows = Memo::new(move |_| report.with(|report| report.needle_rows.len()));
    let add_row = move |_| {
        report.update(|report| {
            let side = report.needle_rows.last().map(|last| last.side.clone()).unwrap_or_default();
            report.needle_rows.push(TypedNeedleRow { side, ..TypedNeedleRow::default() });
        })
    };
    view! {
        <section class="typed-needle" aria-labelledby="typed-needle-title">
            <h3 id="typed-needle-title">"Needle examination"</h3>
            <p class="hint">
                "One row per muscle. Type the muscle's name as the report prints it (the list suggests edxview's names); choose each column's value as printed, or leave “—” where the report gives none."
            </p>
            <div class="table-scroll">
                <table class="measurements typed-table">
                    <thead>
                        <tr>
                            <th scope="col">"Muscle"</th>
                            <th scope="col">"Side"</th>
                            {Column::ALL.into_iter().map(|column| view! { <th scope="col">{column.heading()}</th> }).collect_view()}
                            <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || (0..n_rows.get()).map(|row_idx| view! { <NeedleRow row_idx report problems questions/> }).collect_view()}
                    </tbody>
                </table>
            </div>
            <datalist id="typed-muscle-catalogue">
                {CATALOGUE.iter().map(|muscle| view! { <option value=muscle.name></option> }).collect_view()}
            </datalist>
            <button type="button" class="secondary-button" data-testid="typed-add-needle-row" on:click=add_row>
                "Add a muscle"
            </button>
        </section>
    }
}

/// One muscle's row.
#[component]
fn NeedleRow(
    row_idx: usize,
    report: RwSignal<TypedReport>,
    problems: Memo<Vec<EntryProblem>>,
    questions: Memo<Vec<Question>>,
) -> impl IntoView {
    let row = move || report.with(|report| report.needle_rows.get(row_idx).cloned().unwrap_or_default());
    let edit = move |change: Box<dyn FnOnce(&mut TypedNeedleRow)>| {
        report.update(|report| {
            if let Some(row) = report.needle_rows.get_mut(row_idx) {
                change(row);
            }
        })
    };
    let number = row_idx + 1;
    let invalid = move |field: Option<&'static str>| {
        problems.with(|problems| problems.iter().any(|problem| problem.is_in_needle_row(number, field))).to_string()
    };
    let questioned = move |field: Option<&'static str>| {
        questions.with(|questions| questions.iter().any(|question| question.asks_about_needle_row(number, field)))
    };
    let column_cell = move |column: Column| {
        let value = move || row().cells.get(column.key()).cloned().unwrap_or_default();
        view! {
            <td>
                <select
                    aria-label=format!("Muscle {number}, {}", column.description())
                    aria-invalid=move || invalid(Some(column.heading()))
                    data-column=column.key()
                    on:change=move |event| {
                        let chosen = event_target_value(&event);
                        edit(Box::new(move |row| {
                            if chosen.is_empty() {
                                row.cells.remove(column.key());
                            } else {
                                row.cells.insert(column.key().to_string(), chosen);
                            }
                        }));
                    }
                >
                    <option value="" prop:selected=move || value().is_empty()>"—"</option>
                    {column
                        .choices()
                        .iter()
                        .map(|&choice| view! { <option value=choice prop:selected=move || value().eq_ignore_ascii_case(choice)>{choice}</option> })
                        .collect_view()}
                </select>
            </td>
        }
    };
    view! {
        <tr data-testid="typed-needle-row" class:invalid=move || invalid(None) == "true">
            <td>
                <input
                    type="text"
                    list="typed-muscle-catalogue"
                    size="18"
                    aria-label=format!("Muscle {number}, name")
                    aria-invalid=move || invalid(Some("muscle"))
                    class:questioned=move || questioned(Some("muscle"))
                    data-testid="typed-muscle"
                    prop:value=move || row().muscle
                    on:input=move |event| {
                        let typed = event_target_value(&event);
                        edit(Box::new(move |row| row.muscle = typed));
                    }
                />
            </td>
            <td>
                <SideSelect
                    label=format!("Muscle {number}, side")
                    test_id="typed-muscle-side"
                    value=Signal::derive(move || row().side)
                    invalid=Signal::derive(move || invalid(Some("side")))
                    on_change=Callback::new(move |side: String| edit(Box::new(move |row| row.side = side)))
                />
            </td>
            {Column::ALL.into_iter().map(column_cell).collect_view()}
            <RowEnd
                remove_label=format!("Remove muscle {number}")
                invalid=Signal::derive(move || invalid(None) == "true")
                questioned=Signal::derive(move || questioned(None))
                on_remove=Callback::new(move |()| report.update(|report| drop(report.needle_rows.remove(row_idx))))
            />
        </tr>
    }
}
