//! 数据交换: export a unit's (or the whole district's) data file and the evaluation CSV; import one or many
//! files with a preview before anything changes, a choice per conflict, a snapshot first and one-click
//! undo; the district's completeness table and the record of superseded values.
//!
//! Logic lives in plain functions ([`flow`], [`export`]); the components only render and dispatch.

pub mod city;
pub mod district;
pub mod excel;
pub mod export;
pub mod flow;
pub mod import_view;
pub mod read_files;

pub use flow::{check_bytes, check_files, use_import_flow, ImportCheck, ImportFlow, ImportOutcome, PickedFile};

use leptos::prelude::*;

/// The 数据交换 page.
#[component]
pub fn Sharing() -> impl IntoView {
    let flow = use_import_flow();
    view! {
        <div class="sharing" data-testid="sharing">
            <h2>"数据交换"</h2>
            <p class="muted">
                "各单位：选择本单位后导出数据文件，发送给区妇儿工委办。区妇儿工委办：一次导入各单位文件，"
                "核对预览和冲突后确认合并，并查看各单位报送情况。"
            </p>
            <export::ExportPanel/>
            <import_view::ImportPanel flow=flow/>
            <district::DistrictPanel/>
            <city::CityPanel/>
        </div>
    }
}

#[cfg(test)]
mod tests;
