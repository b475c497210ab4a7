//! The comparison table: side-to-side and median-against-ulnar differences against their
//! published limits, as the core worded and judged them.

use edx_core::interpret::StudyReview;
use leptos::prelude::*;

use crate::settings::use_settings;

/// Side-to-side and median-against-ulnar comparisons, each against its published limit where
/// one exists; a symbol and words mark a difference beyond it.
#[component]
pub fn ComparisonTable(review: Memo<StudyReview>) -> impl IntoView {
    let settings = use_settings();
    let rows = move || {
        review.with(|review| {
            review
                .comparisons
                .iter()
                .map(|comparison| {
                    let abnormal = comparison.is_abnormal == Some(true);
                    let limit = comparison.limit.as_ref().map_or(String::new(), |(limit, source)| format!("{limit} · {source}"));
                    view! {
                        <tr>
                            <th scope="row">{comparison.title.clone()}</th>
                            <td>{comparison.measure}</td>
                            <td>{format!("{} {}", comparison.first.0, comparison.value_text(comparison.first.1))}</td>
                            <td>{format!("{} {}", comparison.second.0, comparison.value_text(comparison.second.1))}</td>
                            <td class="flagged" class:abnormal=abnormal tabindex="0" data-limit=limit.clone() title=limit>{comparison.difference_text()}</td>
                            <td>{comparison.verdict_text()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || !settings.patient_view.get() && review.with(|review| !review.comparisons.is_empty())>
            <table class="measurements comparisons" data-testid="comparisons">
                <caption>"Comparisons"</caption>
                <thead><tr><th>"Nerves"</th><th>"Measure"</th><th>"First"</th><th>"Second"</th><th>"Difference"</th><th>"Against the limit"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Show>
    }
}
