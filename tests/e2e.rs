//! End-to-end tests in headless Chromium via WebDriver, driving the release single file from file://.
//! Run with `make test-e2e` (builds dist/lishu-monitor.html first).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::{dist_url, wait_for, Driver, TempDir};

#[tokio::test(flavor = "multi_thread")]
async fn single_file_mounts_from_disk_and_lists_the_catalogue() {
    let driver = Driver::start().await;
    let profile = TempDir::new("mount");
    let b = driver.browser(&profile.0).await;
    b.goto(dist_url()).await.expect("open file");
    let cat = wait_for(&b, "[data-testid=catalogue]").await;
    let text = cat.text().await.expect("text");
    for domain in ["妇女与健康", "妇女与法律", "儿童与健康", "儿童与法律保护"] {
        assert!(text.contains(domain), "catalogue lacks {domain}");
    }
    // Both plans, all 15 domains.
    let domains = b.find_all(thirtyfour::By::Css("[data-testid^=domain-]")).await.expect("domains");
    assert_eq!(domains.len(), 15);
    let title = b.title().await.expect("title");
    assert!(title.contains("梨树区"), "{title}");
    b.quit().await.expect("quit");
}
