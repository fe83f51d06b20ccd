//! 市级汇总 in the app (issue 27): the city's office opens 数据交换 → 市级汇总（供市、省妇儿工委办使用） and
//! follows only the numbered steps on the screen: ① the city catalogue, ② two county catalogues and a county
//! data file that carries its catalogue (附带目标目录), ④ the other two counties' data files, ⑤ 汇总并比较 (after a
//! first try with 乙县's catalogue left out, refused naming 乙县's data file). The
//! city's newborn death rate on the screen is the hand sum Σ numerators ÷ Σ denominators; the Word report
//! downloads and LibreOffice reads it. The fixtures are `core/tests/fixtures/city/` (generated and checked by core/tests/city_screen.rs).
//! Headless Chromium at 1366×768 on the release single file. Run by `make test-e2e` (after `make dist`).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::*;
use thirtyfour::prelude::*;


fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core/tests/fixtures/city").join(name)
}

/// Picks `files` in the file input inside the label that says `label`.
async fn pick(b: &WebDriver, label: &str, files: &[&str]) {
    for _ in 0..100 {
        let found = b
            .execute(
                "for (const l of document.querySelectorAll('label')) { \
                   if (l.textContent.includes(arguments[0]) && l.getClientRects().length) { \
                     const i = l.querySelector('input[type=file]'); if (i) return i; } } return null;",
                vec![json!(label)],
            )
            .await
            .expect("find input");
        if let Ok(e) = found.element() {
            let paths: Vec<String> = files.iter().map(|f| fixture(f).display().to_string()).collect();
            e.send_keys(paths.join("\n")).await.expect("choose files");
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no file input labelled {label:?}");
}

/// The cells of the row `id` in the table captioned `caption`.
async fn table_row(b: &WebDriver, caption: &str, id: &str) -> Vec<String> {
    let v = b
        .execute(
            "for (const t of document.querySelectorAll('table')) { \
               if (!t.caption || t.caption.textContent.trim() !== arguments[0]) continue; \
               for (const r of t.tBodies[0].rows) if (r.cells[0].textContent.trim() === arguments[1]) \
                 return [...r.cells].map(c => c.textContent.trim()); } return null;",
            vec![json!(caption), json!(id)],
        )
        .await
        .expect("row");
    match serde_json::from_value(v.json().clone()) {
        Ok(row) => row,
        Err(_) => panic!("no row {id:?} in table {caption:?}:\n{}", page_text(b).await),
    }
}

async fn keep_screen(b: &WebDriver, name: &str) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let png = b.screenshot_as_png().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "blank screenshot?");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screens");
    let _ = std::fs::create_dir_all(&dir);
    std::fs::write(dir.join(name), &png).expect("write screenshot");
}

/// The text of a .docx converted to PDF by LibreOffice (fresh profile), without whitespace.
fn libreoffice_text(docx: &Path) -> String {
    let dir = docx.parent().expect("dir").join("lo");
    std::fs::create_dir_all(&dir).expect("dir");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("profile").display());
    let out = std::process::Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(docx)
        .output()
        .expect("soffice (make setup installs LibreOffice)");
    assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join(docx.with_extension("pdf").file_name().expect("name"));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (make setup)");
    String::from_utf8_lossy(&text.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_city_rolls_up_three_counties_compares_them_and_downloads_its_report() {
    let p = TempDir::new("city");
    let downloads = p.0.join("downloads");
    let driver = Driver::start().await;
    let b = driver.browser(&p.0).await;
    let dev = thirtyfour::extensions::cdp::ChromeDevTools::new(b.handle.clone());
    dev.execute_cdp_with_params("Emulation.setDeviceMetricsOverride", json!({ "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false }))
        .await
        .expect("screen size");
    allow_downloads(&b, &downloads).await;
    b.goto(dist_url()).await.expect("open file");
    b.execute("localStorage.setItem('lishu-monitor:welcome-done', '1'); location.reload();", vec![]).await.expect("skip welcome");
    wait_for(&b, "[data-testid=catalogue]").await;

    press(&b, "数据交换").await;
    press(&b, "市级汇总（供市、省妇儿工委办使用）").await;
    let text = wait_words(&b, "① 选择市级目标目录（.toml）").await;
    for step in ["② 选择各区县目标目录，或带目标目录的区县数据文件", "③ 选择指标对照表（可选", "④ 选择各区县数据文件", "⑤ 汇总并比较"] {
        assert!(text.contains(step), "{step} missing:\n{text}");
    }

    // First a mistake: 乙县's catalogue left out at ② → its data file is refused, naming the file; nothing produced.
    pick(&b, "① 选择市级目标目录", &["四平市目标目录.toml"]).await;
    wait_words(&b, "已选择：四平市目标目录.toml").await;
    pick(&b, "② 选择各区县目标目录", &["甲县目标目录.toml", "丙县监测数据-附带目标目录.json"]).await;
    wait_words(&b, "已选择：甲县目标目录.toml、丙县监测数据-附带目标目录.json").await;
    pick(&b, "④ 选择各区县数据文件", &["甲县监测数据.json", "乙县监测数据.json"]).await;
    wait_words(&b, "已选择：甲县监测数据.json、乙县监测数据.json").await;
    press(&b, "⑤ 汇总并比较").await;
    let text = wait_words(&b, "未能汇总").await;
    assert!(text.contains("数据文件“乙县监测数据.json”是目录 yi-2021-2025") && text.contains("未在第②步选择"), "{text}");
    assert!(!text.contains("年市级汇总数值"), "nothing produced");

    // The right way: 丙县's file (carrying its catalogue) at ②, the other two data files at ④.
    pick(&b, "② 选择各区县目标目录", &["甲县目标目录.toml", "乙县目标目录.toml", "丙县监测数据-附带目标目录.json"]).await;
    wait_words(&b, "乙县目标目录.toml、丙县监测数据-附带目标目录.json").await;
    press(&b, "⑤ 汇总并比较").await;
    let text = wait_words(&b, "2021年市级汇总数值").await;
    assert!(!text.contains("未能汇总"), "{text}");
    assert!(text.contains("四平市妇女儿童发展规划（2021-2025年）2021年度各县区比较报告"), "{text}");
    assert!(text.contains("二、各县区比较") && text.contains("三、拖后腿的县区"), "{text}");
    // 科技人才中女性比例 (提高, no number) has one year: a value and 无数据, explained under the status table.
    assert!(text.contains("33.3% 无数据") && text.contains("这不是未填报"), "{text}");

    // 新生儿死亡率 (W1-1-1): 甲 12/1000, 乙 30/2500 (entered in %), 丙 9/1500 → Σ numerators ÷ Σ denominators.
    let (n, d) = (12 + 30 + 9, 1000 + 2500 + 1500);
    let want = format!("{:.1}‰", f64::from(n) / f64::from(d) * 1000.0);
    assert_eq!(want, "10.2‰");
    let row = table_row(&b, "2021年市级汇总数值", "W1-1-1").await;
    assert_eq!(row[2], want, "{row:?}");
    assert_eq!(row[3], format!("{n} / {d}"), "{row:?}");
    assert!(row[4].contains("覆盖3个县区中的3个"), "{row:?}");
    // Automatic matching: 甲县 and 丙县 use the city's ids and names, nothing to check; 乙县's % is marked.
    let jia = table_row(&b, "各区县指标对照情况", "甲县").await;
    assert_eq!(jia[3], "0", "{jia:?}");
    let review = table_row(&b, "需核对的对照", "乙县").await;
    assert!(review[3].contains("单位不同"), "{review:?}");

    // The steps and the top of the result.
    b.execute("document.querySelector('[data-testid=sharing-city]').scrollIntoView({block: 'start'});", vec![]).await.expect("scroll");
    keep_screen(&b, "city-steps-1366x768.png").await;
    b.execute(
        "const t = [...document.querySelectorAll('caption')].find(c => c.textContent.includes('市级汇总数值')); \
         t.scrollIntoView({block: 'start'}); window.scrollBy(0, -90);",
        vec![],
    )
    .await
    .expect("scroll");
    keep_screen(&b, "city-rollup-1366x768.png").await;
    b.execute(
        "const p = [...document.querySelectorAll('p')].find(e => e.textContent.includes('这不是未填报')); \
         p.scrollIntoView({block: 'end'}); window.scrollBy(0, 200);",
        vec![],
    )
    .await
    .expect("scroll");
    keep_screen(&b, "city-status-note-1366x768.png").await;

    // The city report (Word), read by LibreOffice.
    press(&b, "下载市级报告（Word）").await;
    let docx = wait_download(&downloads, ".docx").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        docx.file_name().and_then(|n| n.to_str()),
        Some("四平市妇女儿童发展规划（2021-2025年）2021年度各县区比较报告.docx")
    );
    let kept = p.0.join("city.docx");
    std::fs::rename(&docx, &kept).expect("move");
    let text = libreoffice_text(&kept);
    for words in ["2021年度各县区比较报告", "一、汇总情况", "二、各县区比较", "三、拖后腿的县区", "四、缺数据情况", "附件：各县区情况", "甲县", "乙县", "丙县", "10.2‰"] {
        assert!(text.contains(words), "{words} missing from LibreOffice's PDF:\n{text}");
    }

    // The city's data file.
    press(&b, "下载市级数据文件（JSON）").await;
    let json = wait_download(&downloads, ".json").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let city = lishu_core::catalogue::file::read_catalogue(&std::fs::read(fixture("四平市目标目录.toml")).expect("fixture")).expect("city");
    let (rep, ds) = lishu_core::io::read_file("市级.json", &std::fs::read(&json).expect("json"), &city);
    let ds = ds.unwrap_or_else(|| panic!("{:?}", rep.messages(&city)));
    let e = ds.entry("W1-1-1", 2021).expect("entry");
    assert_eq!((e.numerator.clone(), e.denominator.clone()), (n.to_string(), d.to_string()));
    b.quit().await.expect("quit");
}
