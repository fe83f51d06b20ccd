//! `lishu-bench screens [dist.html] [out-dir]`: screenshots of every page of the single file with the demo
//! data loaded (for looking at the app as a user would; not a test).

use crate::browser::{allow_downloads, click, open_indicator, select, wait_for, Driver, TempDir};
use std::path::Path;
use std::time::Duration;

pub async fn screens(url: &str, out: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let driver = Driver::start().await;
    let profile = TempDir::new("screens");
    let b = driver.browser(&profile.0).await;
    allow_downloads(&b, &profile.0.join("downloads")).await;
    b.goto(url).await.map_err(|e| e.to_string())?;
    wait_for(&b, "[data-testid=catalogue]").await;
    let mut written = Vec::new();
    let mut shot = |name: &str, png: Vec<u8>| -> Result<(), String> {
        let p = out.join(format!("{name}.png"));
        std::fs::write(&p, png).map_err(|e| e.to_string())?;
        written.push(p.display().to_string());
        Ok(())
    };
    shot("01-start", b.screenshot_as_png().await.map_err(|e| e.to_string())?)?;
    click(&b, "tab-data").await;
    click(&b, "load-demo").await;
    wait_for(&b, "[data-testid=demo-banner]").await;
    select(&b, "year", &lishu_core::Catalogue::embedded().period.midterm.to_string()).await;
    click(&b, "tab-browse").await;
    open_indicator(&b, "W1-4-2").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    shot("02-entry", b.screenshot_as_png().await.map_err(|e| e.to_string())?)?;
    for (tab, name) in [("dashboard", "03-dashboard"), ("report", "04-report"), ("sharing", "05-sharing"), ("settings", "06-settings"), ("data", "07-data")] {
        click(&b, &format!("tab-{tab}")).await;
        // Each page from its top (the previous page may have been scrolled).
        let _ = b.execute("window.scrollTo(0, 0)", vec![]).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        shot(name, b.screenshot_as_png().await.map_err(|e| e.to_string())?)?;
        if tab == "sharing" {
            // The district panel (completeness, 报送审核, 修改记录) lies below the first screen.
            if let Ok(table) = b.find(thirtyfour::By::Css("[data-testid=review-table]")).await {
                table.scroll_into_view().await.map_err(|e| e.to_string())?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                shot(&format!("{name}-review"), b.screenshot_as_png().await.map_err(|e| e.to_string())?)?;
            }
        }
        if tab == "dashboard" {
            // Every chart whole (most lie below the first screen).
            let charts = b.find_all(thirtyfour::By::Css("[data-testid=chart] .chart-box")).await.map_err(|e| e.to_string())?;
            for (i, c) in charts.iter().enumerate() {
                c.scroll_into_view().await.map_err(|e| e.to_string())?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                shot(&format!("{name}-chart-{}", i + 1), c.screenshot_as_png().await.map_err(|e| e.to_string())?)?;
            }
        }
    }
    let _ = b.quit().await;
    Ok(written)
}
