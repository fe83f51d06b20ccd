//! Golden test over the REAL embedded catalogue: evaluates the deterministic demo dataset
//! (`lishu_core::demo::demo_dataset`) for every assessed year and compares a summary with
//! tests/golden/eval_summary.json. Regenerate after an intended change with
//! `UPDATE_GOLDEN=1 cargo test -p lishu-core --test eval_golden` and review the diff.

use lishu_core::catalogue::Catalogue;
use lishu_core::demo::demo_dataset;
use lishu_core::eval::{evaluate, Rollup, Status, WarningKind};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

fn round4(x: Option<f64>) -> Value {
    x.map(|v| json!((v * 10_000.0).round() / 10_000.0))
        .unwrap_or(Value::Null)
}

fn rollup(r: &Rollup) -> Value {
    let counts: Map<String, Value> = r
        .counts
        .iter()
        .map(|(s, n)| (s.label().to_string(), json!(n)))
        .collect();
    json!({ "total": r.total, "monitorable": r.monitorable, "achieved": r.achieved, "no_data": r.no_data,
            "rate": round4(r.rate), "counts": counts })
}

fn summary(cat: &Catalogue) -> Value {
    let ds = demo_dataset(cat);
    let mut years = Map::new();
    for y in cat.period.years() {
        let ev = evaluate(cat, &ds, y);
        let mut warn = Map::new();
        for k in [
            WarningKind::HardToReach,
            WarningKind::Volatile,
            WarningKind::Regress,
            WarningKind::NotHeld,
        ] {
            warn.insert(
                k.label().into(),
                json!(ev.warnings.iter().filter(|(_, w)| w.kind == k).count()),
            );
        }
        let by_plan: Map<String, Value> = ev
            .by_plan
            .iter()
            .map(|r| (r.key.clone(), rollup(r)))
            .collect();
        let by_domain: Map<String, Value> = ev
            .by_domain
            .iter()
            .map(|r| (r.key.clone(), json!([r.achieved, r.monitorable, r.total])))
            .collect();
        years.insert(
            y.to_string(),
            json!({ "overall": rollup(&ev.overall), "by_plan": by_plan, "by_domain": by_domain, "warnings": warn,
                    "input_errors": ev.errors.len() + ev.results.iter().map(|r| r.errors.len()).sum::<usize>() }),
        );
    }
    let detail = |y: u16| -> Map<String, Value> {
        evaluate(cat, &ds, y)
            .results
            .iter()
            .map(|r| {
                (
                    r.id.clone(),
                    json!([
                        r.status.label(),
                        round4(r.latest),
                        round4(r.target),
                        round4(r.cs),
                        round4(r.projection)
                    ]),
                )
            })
            .collect()
    };
    json!({
        "catalogue_version": cat.version,
        "indicators": cat.indicators().len(),
        "demo_entries": ds.filled_count(),
        "years": years,
        "detail_2023": detail(2023),
        "detail_2025": detail(2025),
    })
}

#[test]
fn golden_summary_of_demo_evaluation() {
    let cat = Catalogue::embedded();
    let got = summary(cat);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/eval_summary.json");
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        let text = serde_json::to_string_pretty(&got).expect("serialize") + "\n";
        std::fs::write(&path, text).expect("write golden file");
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}); run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    let want: Value = serde_json::from_str(&text).expect("golden file is JSON");
    if got != want {
        let g = serde_json::to_string_pretty(&got).unwrap_or_default();
        let first_diff = g.lines().zip(text.lines()).position(|(a, b)| a != b);
        panic!(
            "evaluation summary differs from {} (first differing line: {:?}); if intended, rerun with UPDATE_GOLDEN=1 and review the diff",
            path.display(),
            first_diff.map(|i| (i + 1, g.lines().nth(i)))
        );
    }
}

/// The demo data must be valid input: no input errors for any indicator in any year.
#[test]
fn demo_dataset_is_valid_and_shows_every_status() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    assert!(ds.demo);
    let ev = evaluate(cat, &ds, 2025);
    assert!(ev.errors.is_empty(), "{:?}", ev.errors);
    for r in &ev.results {
        assert!(r.errors.is_empty(), "{}: {:?}", r.id, r.errors);
    }
    // Once the catalogue is filled, the demo shows every status in the final assessment.
    if cat.indicators().len() >= 50 {
        for s in [
            Status::Achieved,
            Status::Basic,
            Status::Gap,
            Status::Regress,
            Status::NoData,
        ] {
            assert!(
                ev.results.iter().any(|r| r.status == s),
                "no {} in the demo evaluation",
                s.label()
            );
        }
        let mid = evaluate(cat, &ds, 2023);
        assert!(mid
            .results
            .iter()
            .any(|r| r.status == Status::AchievedEarly));
    }
}

/// Every demo result explains itself with its own verdict, the same after a JSON round trip.
#[test]
fn demo_explanations_match_results_and_survive_json() {
    let cat = Catalogue::embedded();
    let ds = demo_dataset(cat);
    for y in [2023, 2025] {
        let ev = evaluate(cat, &ds, y);
        let back: lishu_core::Evaluation =
            serde_json::from_str(&serde_json::to_string(&ev).expect("json")).expect("evaluation");
        assert_eq!(back, ev);
        for (r, b) in ev.results.iter().zip(&back.results) {
            let lines = r.explanation(cat);
            let verdict = format!("结论：{}", r.status.label());
            assert_eq!(
                lines.iter().filter(|l| l.starts_with(&verdict)).count(),
                1,
                "{}: {lines:?}",
                r.id
            );
            assert!(
                !lines.iter().any(|l| l.starts_with("注意：")),
                "{}: {lines:?}",
                r.id
            );
            assert_eq!(b.explanation(cat), lines, "{}", r.id);
        }
    }
}
