//! Dashboard (issue 6).
use leptos::prelude::*;

#[component]
pub fn Dashboard() -> impl IntoView {
    view! { <section data-testid="dashboard"><h2>"总览"</h2></section> }
}
