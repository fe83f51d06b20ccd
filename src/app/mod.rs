//! The Leptos UI: a thin layer over `lishu_core`.
use leptos::prelude::*;

pub mod dashboard;
pub mod report;
pub mod state;

#[component]
pub fn App() -> impl IntoView {
    view! { <h1>"梨树区妇女儿童发展规划监测评估"</h1> }
}
