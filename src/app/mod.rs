use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <h1>"梨树区妇女儿童发展规划监测评估"</h1> }
}
