//! How far the needle analyses of a study being opened have come: one line with a progress
//! bar, naming the muscle just analysed and how many workers share the work.

use leptos::prelude::*;

use crate::protocol::NeedleProgress;

/// The line, while a study's needle recordings are being analysed.
#[component]
pub fn NeedleProgressNote(
    /// The latest report, or `None` when no analysis is running.
    #[prop(into)]
    progress: Signal<Option<NeedleProgress>>,
) -> impl IntoView {
    move || {
        progress.get().map(|NeedleProgress { done, total, latest, workers, .. }| {
            let sharing = if workers > 1 { format!(", {workers} workers at once") } else { String::new() };
            view! {
                <p class="needle-progress" role="status" data-testid="needle-progress" data-done=done.to_string() data-total=total.to_string()>
                    <progress max=total.to_string() value=done.to_string() aria-label="Needle recordings analysed"></progress>
                    " "
                    {format!("Needle recordings analysed on this device: {done} of {total}{sharing}; the last, {latest}.")}
                </p>
            }
        })
    }
}
