//! Evaluation reports (issue 6).
use leptos::prelude::*;

#[component]
pub fn ReportView() -> impl IntoView {
    view! { <section data-testid="report"><h2>"评估报告"</h2></section> }
}
