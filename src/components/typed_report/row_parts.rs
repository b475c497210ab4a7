//! The parts both tables of the report form share: a row's side, and its last cell with the
//! remove button and the mark, in words, of a row that needs the user.

use leptos::prelude::*;

/// A row's side: "—", Right or Left.
#[component]
pub fn SideSelect(
    /// The list's label, naming the row.
    label: String,
    /// Its test identifier.
    test_id: &'static str,
    /// The side as typed.
    #[prop(into)]
    value: Signal<String>,
    /// `"true"` while an entry of the side cannot be read.
    #[prop(into)]
    invalid: Signal<String>,
    /// Called with the side chosen.
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <select aria-label=label aria-invalid=invalid data-testid=test_id on:change=move |event| on_change.run(event_target_value(&event))>
            <option value="" prop:selected=move || value.get().is_empty()>"—"</option>
            <option value="Right" prop:selected=move || value.get() == "Right">"Right"</option>
            <option value="Left" prop:selected=move || value.get() == "Left">"Left"</option>
        </select>
    }
}

/// A row's last cell: its remove button, and "✱ check" while an entry cannot be read or
/// "? check" while a value waits to be confirmed.
#[component]
pub fn RowEnd(
    /// The remove button's label, naming the row.
    remove_label: String,
    /// Whether an entry of the row cannot be read.
    #[prop(into)]
    invalid: Signal<bool>,
    /// Whether a value of the row waits to be confirmed.
    #[prop(into)]
    questioned: Signal<bool>,
    /// Called when the row is removed.
    on_remove: Callback<()>,
) -> impl IntoView {
    view! {
        <td>
            <button type="button" class="link-button" aria-label=remove_label on:click=move |_| on_remove.run(())>"Remove"</button>
            {move || invalid.get().then(|| view! { <span class="typed-row-mark">"✱ check"</span> })}
            {move || (!invalid.get() && questioned.get()).then(|| view! { <span class="typed-row-mark questioned-mark">"? check"</span> })}
        </td>
    }
}
