//! 帮助: the yearly cycle of a unit and of the office as numbered steps naming the buttons as they appear,
//! what each status, warning and review state means (labels from the core, the texts the evaluation
//! shows), how files travel, and what to do when something is refused. Printable on A4 (style/help.css).
//! Every page has a small "？" ([`HelpLink`]) opening its section here; the next-step sentences shown after
//! 提交, 审核通过 / 退回 live here too, so help and messages name the same buttons.

use super::state::{use_app, Tab};
use super::welcome::{use_welcome, DEMO_DOOR, OFFICE_DOOR, START_UNIT, UNIT_DOOR};
use leptos::prelude::*;
use lishu_core::review::{state_label, ReviewState};
use lishu_core::eval::WarningKind;
use lishu_core::Status;

/// Label of the unit's export button in 数据交换 (unit mode).
pub const EXPORT_UNIT_BUTTON: &str = "导出本单位数据";
/// Label of the same button for the office (any unit or the whole district).
pub const EXPORT_BUTTON: &str = "导出数据文件";
/// Label of the import confirmation button.
pub const CONFIRM_IMPORT: &str = "确认导入";

/// What to do after a unit submitted a year (shown after the core's own sentence, see `AppState::dispatch_then`).
pub fn after_submit() -> String {
    format!("下一步：点“{EXPORT_UNIT_BUTTON}”（在“数据交换”页），把文件发给区妇儿工委办。")
}

/// What to do after the office accepted a unit's year.
pub fn after_accept(unit: &str) -> String {
    format!("下一步：在“导出”中选择“{unit}”，点“{EXPORT_BUTTON}”，把文件发回{unit}（对方导入后可看到审核结果）。")
}

/// What to do after the office returned a unit's year.
pub fn after_return(unit: &str) -> String {
    format!("下一步：在“导出”中选择“{unit}”，点“{EXPORT_BUTTON}”，把文件发回{unit}；对方导入后可看到退回理由，改正后再次提交。")
}

/// Sections of the help page: (element id, title).
pub const SECTIONS: [(&str, &str); 6] = [
    ("help-unit", "各单位：每年怎样填报"),
    ("help-office", "区妇儿工委办：每年怎样汇总、审核、出报告"),
    ("help-files", "文件怎样传递"),
    ("help-status", "评估状态、预警和报送状态的含义"),
    ("help-refused", "被拒绝或出错时怎么办"),
    ("help-data", "数据保存在哪里，怎样备份"),
];

/// The help section a page's "？" opens.
pub fn section_of(tab: Tab) -> &'static str {
    match tab {
        Tab::Browse => "help-unit",
        Tab::Dashboard => "help-status",
        Tab::Report | Tab::Settings => "help-office",
        Tab::Sharing => "help-files",
        Tab::Data => "help-data",
        Tab::Help => "help-unit",
    }
}

/// What a status means (its label comes from the core).
pub fn status_meaning(s: Status) -> &'static str {
    match s {
        Status::AchievedEarly => "在规划期末之前已经达到目标值。",
        Status::Achieved => "评估年份的数值达到了目标值。",
        Status::Basic => "与目标值只差一点，在规定的允许范围之内。",
        Status::Gap => "还没有达到目标值，需要继续努力。",
        Status::Regress => "与基数年相比，朝着相反的方向变化了。",
        Status::NoData => "缺少评估需要的数据（评估年份或基数年未填，或填写有误），无法评估。",
    }
}

/// What an early warning means (its label comes from the core).
pub fn warning_meaning(k: WarningKind) -> &'static str {
    match k {
        WarningKind::HardToReach => "按近几年的变化速度推算，到规划期末可能达不到目标。",
        WarningKind::Volatile => "某一年比上一年变化特别大，请核对该年数据是否填错。",
        WarningKind::Regress => "最近的数值比以前变差了。",
        WarningKind::NotHeld => "要求保持的目标，有某一年没有保持住。",
        WarningKind::Unstable => "发生的事件数很少，单年的比率起伏大，评估时参考近三年的合并率。",
    }
}

/// Every warning kind, in the order shown.
pub const WARNINGS: [WarningKind; 5] =
    [WarningKind::HardToReach, WarningKind::Volatile, WarningKind::Regress, WarningKind::NotHeld, WarningKind::Unstable];

/// What a review state means (labels from the core; None = not yet submitted).
pub fn review_rows() -> Vec<(&'static str, &'static str)> {
    vec![
        (state_label(None), "该年数据还没有提交，可以随时修改。"),
        (ReviewState::Submitted.label(), "已提交，等待区妇儿工委办审核；审核前仍可修改，修改后请重新提交。"),
        (ReviewState::Accepted.label(), "区妇儿工委办已审核通过，该年数值锁定（🔒），不能再改；如需更正，请联系区妇儿工委办写明理由解锁。"),
        (ReviewState::Returned.label(), "区妇儿工委办退回了，退回理由写在“说明”一栏；按理由改正后再次点“提交”。"),
    ]
}

/// The small "？" in a page's title row: opens the page's help section.
#[component]
pub fn HelpLink(tab: Tab) -> impl IntoView {
    let app = use_app();
    let section = section_of(tab);
    view! {
        <button type="button" class="help-link" data-testid="page-help" title="本页说明（帮助）" aria-label="本页说明（帮助）"
            on:click=move |_| open_section(app, section)>"？"</button>
    }
}

/// Shows the help page scrolled to `section`.
pub fn open_section(app: super::state::AppState, section: &'static str) {
    app.tab.set(Tab::Help);
    set_timeout(
        move || {
            if let Some(el) = document().get_element_by_id(section) {
                el.scroll_into_view();
            }
        },
        std::time::Duration::from_millis(0),
    );
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let app = use_app();
    let welcome = use_welcome();
    let office = "区妇儿工委办";
    view! {
        <article class="help-page" data-testid="help-page">
            <header class="help-head">
                <h2>"帮助"</h2>
                <div class="row no-print">
                    {welcome.map(|w| view! {
                        <button type="button" data-testid="reopen-welcome" on:click=move |_| w.reopen(&app)>"重新打开开始页面（选择身份）"</button>
                    })}
                    <button type="button" data-testid="print-help" on:click=move |_| { let _ = window().print(); }>"打印本帮助"</button>
                </div>
                <nav aria-label="帮助目录" class="help-toc">
                    <ol>{SECTIONS.iter().map(|(id, t)| view! { <li><a href=format!("#{id}")>{*t}</a></li> }).collect_view()}</ol>
                </nav>
            </header>

            <section id="help-unit" class="help-section">
                <h3>{SECTIONS[0].1}</h3>
                <ol class="steps">
                    <li>{format!("打开本文件。第一次打开时点“{UNIT_DOOR}”，选择本单位，再点“{START_UNIT}”。以后打开会直接进入本单位（也可在页面顶部“单位模式”中更换）。")}</li>
                    <li>"在“目标目录/数据填报”页，左侧列出本单位负责的指标；点一项指标，右边出现填报表格。"</li>
                    <li>"在表格中填写各年份的数据。按 Tab 或 Enter 移到下一格。填写的内容自动保存在这台电脑的浏览器里，不需要另外点保存。"</li>
                    <li>"格子变红是填写有误，格子下面写着错在哪里、应该怎样填；黄色的“请核对”只是提醒，核对无误可以不改。"</li>
                    <li>"本单位的指标都填好后，在填报表格下方的“报送审核”表中，找到该年份，点“提交”。"</li>
                    <li>{format!("到“数据交换”页，点“{EXPORT_UNIT_BUTTON}”，浏览器会下载一个文件；把这个文件（用单位内网、电子邮件或 U 盘）发给{office}。")}</li>
                    <li>{format!("{office}审核后会把文件发回来：在“数据交换”页“导入与合并”中选择这个文件，点“{CONFIRM_IMPORT}”，就能看到审核结果。审核通过的年份锁定；被退回的年份按退回理由改正后，再次提交、导出、发送。")}</li>
                    <li>"每隔一段时间，在“数据与备份”页点“导出备份文件（全部数据）”，把文件另外保存好。"</li>
                </ol>
            </section>

            <section id="help-office" class="help-section">
                <h3>{SECTIONS[1].1}</h3>
                <ol class="steps">
                    <li>{format!("第一次打开时点“{OFFICE_DOOR}”。页面顶部“单位模式”选“全部指标（区妇儿工委办）”。")}</li>
                    <li>{format!("各单位发来文件后，在“数据交换”页“导入与合并”中点“选择文件（可多选）…”，可一次选多个文件。先出现导入预览：逐条列出新增、更新和冲突，有错误的地方写明文件、指标、年份和哪一栏。核对后点“{CONFIRM_IMPORT}”；导入之前自动保存快照，点“撤销本次导入”可以恢复。")}</li>
                    <li>"在“数据交换”页“报送审核”中，逐个单位、逐个年份核对：无误点“审核通过”（该单位该年的数值随即锁定）；有问题先填写“退回理由”，再点“退回”。"</li>
                    <li>{format!("审核后，在“导出”中选择该单位，点“{EXPORT_BUTTON}”，把文件发回该单位，对方导入后就能看到审核结果和退回理由。")}</li>
                    <li>"在“总览”查看各项目标的评估状态和预警；在“评估报告”页生成年度评估报告，可以打印，也可以下载为 Word 文件。"</li>
                    <li>"“设置”页管理单位名单、指标分工和目标目录；每隔一段时间在“数据与备份”页导出备份文件。"</li>
                </ol>
            </section>

            <section id="help-files" class="help-section">
                <h3>{SECTIONS[2].1}</h3>
                <table class="grid help-files">
                    <thead><tr><th scope="col">"谁"</th><th scope="col">"在哪里得到文件"</th><th scope="col">"发给谁"</th><th scope="col">"对方怎样用"</th></tr></thead>
                    <tbody>
                        <tr><td>"各单位"</td><td>{format!("“数据交换”页点“{EXPORT_UNIT_BUTTON}”")}</td><td>{office}</td><td>{format!("在“导入与合并”中选择文件，核对预览后点“{CONFIRM_IMPORT}”")}</td></tr>
                        <tr><td>"各单位（习惯用表格时）"</td><td>"“数据交换”页点“下载填报模板（Excel）”，在 Excel 或 WPS 中填写黄色格子并保存"</td><td>"自己导入，或发给区妇儿工委办"</td><td>"在“导入与合并”中选择填好的表格；有误的行会列出，其余的行照常导入"</td></tr>
                        <tr><td>{office}</td><td>{format!("审核后在“导出”中选择该单位，点“{EXPORT_BUTTON}”")}</td><td>"该单位"</td><td>"导入后可以看到审核结果、锁定的年份和退回理由"</td></tr>
                        <tr><td>"任何人"</td><td>"“数据与备份”页点“导出备份文件（全部数据）”"</td><td>"自己保存（U 盘或另一台电脑）"</td><td>"换电脑或浏览器数据丢失时，在“导入与合并”中选择备份文件即可恢复"</td></tr>
                    </tbody>
                </table>
                <p class="muted small">"文件只在各人之间传递，本程序不联网，不会把数据发到任何地方。"</p>
            </section>

            <section id="help-status" class="help-section">
                <h3>{SECTIONS[3].1}</h3>
                <h4>"评估状态"</h4>
                <dl class="help-terms" data-testid="help-statuses">
                    {Status::ALL.into_iter().map(|s| view! {
                        <dt><span class="dot" style:background-color=s.color() aria-hidden="true"></span>" "{s.label()}</dt>
                        <dd>{status_meaning(s)}</dd>
                    }).collect_view()}
                </dl>
                <h4>"预警"</h4>
                <dl class="help-terms" data-testid="help-warnings">
                    {WARNINGS.into_iter().map(|k| view! { <dt>{k.label()}</dt><dd>{warning_meaning(k)}</dd> }).collect_view()}
                </dl>
                <h4>"报送状态"</h4>
                <dl class="help-terms" data-testid="help-reviews">
                    {review_rows().into_iter().map(|(l, m)| view! { <dt>{l}</dt><dd>{m}</dd> }).collect_view()}
                </dl>
            </section>

            <section id="help-refused" class="help-section">
                <h3>{SECTIONS[4].1}</h3>
                <dl class="help-terms">
                    <dt>"格子变红（填写有误）"</dt>
                    <dd>"格子下面写着错在哪里、应该填什么。填写的内容不会丢，改正后红色消失。有误的年份评估时按无数据处理。"</dd>
                    <dt>"导入时文件被拒绝"</dt>
                    <dd>"导入预览列出每一处错误：哪个文件、哪项指标、哪一年、哪一栏。被拒绝的文件不会改动任何数据。请告诉发文件的单位，按所列的地方改正后重新导出再发。"</dd>
                    <dt>"填报模板（Excel）中有填错的格子"</dt>
                    <dd>{format!("预览写明是第几行哪一格、错在哪里、应该怎样填，并列出不导入的行；其余填对的行可以点“{CONFIRM_IMPORT}”照常导入。改正表格后再导入一次即可补上。")}</dd>
                    <dt>"导出前提示有问题"</dt>
                    <dd>"导出前会检查本单位的数据；列出的问题点“去修改”即可找到那项指标。改正后再导出，否则区妇儿工委办导入时会被拒绝。"</dd>
                    <dt>"数值锁定（🔒）改不了"</dt>
                    <dd>"该年已审核通过。确需更正时，请区妇儿工委办在该指标下写明理由解锁，解锁记入修改记录。"</dd>
                    <dt>"提示“另一个窗口保存了数据”"</dt>
                    <dd>"同时开了两个窗口。按提示选择保留哪一份；没有选用的那份会存为快照，不会丢失。"</dd>
                    <dt>"提示浏览器存储不可用或已满"</dt>
                    <dd>"数据可能保存不了。请马上在“数据与备份”页导出备份文件，再请电脑管理员检查浏览器设置。"</dd>
                </dl>
            </section>

            <section id="help-data" class="help-section">
                <h3>{SECTIONS[5].1}</h3>
                <ul>
                    <li>"填写的数据保存在这台电脑的这个浏览器里；换电脑、换浏览器或清理浏览器数据后就看不到了，所以要定期导出备份文件。"</li>
                    <li>"清空数据、载入演示数据、导入之前都会自动保存快照；在“数据与备份”页可以一键恢复。页面顶部的“撤销”可以撤回最近的修改。"</li>
                    <li>{format!("“{DEMO_DOOR}”会载入一套虚构的示例数据，页面顶部出现“演示数据”提示；点“移除演示数据”即可移除。")}</li>
                </ul>
            </section>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_a_help_section() {
        for t in Tab::ALL {
            let s = section_of(t);
            assert!(SECTIONS.iter().any(|(id, _)| *id == s), "{t:?} → {s}");
        }
    }

    #[test]
    fn next_steps_name_the_real_buttons() {
        // The export button of 数据交换 is labelled with these constants (a renamed button fails here).
        let export = include_str!("sharing/export.rs");
        assert!(export.contains("EXPORT_UNIT_BUTTON") && export.contains("EXPORT_BUTTON"), "export.rs must use the help's labels");
        let import = include_str!("sharing/import_view.rs");
        assert!(import.contains("CONFIRM_IMPORT"), "import_view.rs must use the help's label");
        assert_eq!(after_submit(), "下一步：点“导出本单位数据”（在“数据交换”页），把文件发给区妇儿工委办。");
        assert!(after_accept("区教育局").contains("把文件发回区教育局"));
        assert!(after_return("区教育局").contains("改正后再次提交"));
    }

    #[test]
    fn meanings_are_given_for_every_status_and_warning() {
        for s in Status::ALL {
            assert!(!status_meaning(s).is_empty());
        }
        let mut kinds = WARNINGS.to_vec();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), WARNINGS.len());
        assert_eq!(review_rows().len(), 4);
    }
}
