//! End-to-end: the review rules a unit lives with, in headless Chromium on the release single file.
//! 提交 lists what is filled and missing and asks to confirm (a year with nothing filled cannot be
//! submitted); 撤回 takes back a submission not yet reviewed; changing a submitted year asks first and takes
//! the year back to 填报中. Run with `make test-e2e`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::*;
use thirtyfour::prelude::*;

async fn value_of(b: &WebDriver, testid: &str) -> String {
    let e = wait_for(b, &format!("[data-testid=\"{testid}\"]")).await;
    e.prop("value").await.expect("value").unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn submit_confirms_withdraw_and_editing_a_submitted_year_asks_first() {
    let unit = "区卫健局";
    let driver = Driver::start().await;
    let profile = TempDir::new("review-rules");
    let b = driver.browser(&profile.0).await;
    b.goto(dist_url()).await.expect("open file");
    wait_for(&b, "[data-testid=catalogue]").await;
    select(&b, "unit-mode", unit).await;
    open_indicator(&b, "W1-4-1").await;

    // Nothing filled: the confirmation says so and cannot be confirmed.
    click(&b, "submit-2023").await;
    let panel = wait_text(&b, "submit-confirm", "已填 0 项").await;
    assert!(panel.contains("不能提交"), "{panel}");
    let yes = wait_for(&b, "[data-testid=submit-confirm-yes]").await;
    assert!(!yes.is_enabled().await.expect("enabled?"), "confirming is disabled");
    click(&b, "submit-confirm-no").await;
    wait_text(&b, "submission-state-2023", "填报中").await;

    // Filled: the confirmation lists what is filled and missing; confirmed, the year is 已提交.
    type_into(&b, "input-W1-4-1-2023-numerator", "930").await;
    type_into(&b, "input-W1-4-1-2023-denominator", "1000").await;
    click(&b, "submit-2023").await;
    let panel = wait_text(&b, "submit-confirm", "已填 1 项").await;
    assert!(panel.contains("未填") && panel.contains("确定提交"), "{panel}");
    // Keep a screenshot of the confirmation for people to look at (target/screens/e2e-submit-confirm.png).
    b.set_window_rect(0, 0, 1366, 768).await.expect("1366×768");
    b.execute("document.querySelector('[data-testid=submit-confirm]').scrollIntoView({block: 'center'})", vec![])
        .await
        .expect("scroll");
    let png = b.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "blank screenshot?");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("e2e-submit-confirm.png"), &png);
    click(&b, "submit-confirm-yes").await;
    wait_text(&b, "submission-state-2023", "已提交").await;

    // 撤回 before the office reviews it.
    click(&b, "withdraw-2023").await;
    wait_text(&b, "submission-state-2023", "填报中").await;
    click(&b, "submit-2023").await;
    click(&b, "submit-confirm-yes").await;
    wait_text(&b, "submission-state-2023", "已提交").await;

    // Changing a submitted value asks first; 取消 keeps the submitted value and the state.
    type_into(&b, "input-W1-4-1-2023-numerator", "950").await;
    let ask = wait_text(&b, "edit-confirm", "已提交").await;
    assert!(ask.contains("填报中"), "{ask}");
    click(&b, "edit-confirm-no").await;
    assert_eq!(value_of(&b, "input-W1-4-1-2023-numerator").await, "930");
    wait_text(&b, "submission-state-2023", "已提交").await;
    // Confirmed: the value changes and the year is 填报中 again.
    type_into(&b, "input-W1-4-1-2023-numerator", "950").await;
    wait_for(&b, "[data-testid=edit-confirm]").await;
    click(&b, "edit-confirm-yes").await;
    wait_text(&b, "submission-state-2023", "填报中").await;
    assert_eq!(value_of(&b, "input-W1-4-1-2023-numerator").await, "950");
    b.quit().await.expect("quit");
}
