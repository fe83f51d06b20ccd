//! `rollup`: the city roll-up (`lishu_core::city::sum::roll_up`, issue 27) at the size of a province — 120
//! counties × 300 indicators × 10 data years, goal < 1 s natively — and of the whole country (2,800 counties).
//! The catalogues (one per county, the city's the same indicators), the identity map and the datasets are
//! generated in memory; only the roll-up itself is timed (the province's median of 5 runs, the country once). Peak memory is the process's VmHWM
//! (/proc/self/status), printed after the inputs are generated and after the roll-up.

use lishu_core::city::sum::roll_up;
use lishu_core::city::synthetic::{at, base, last, Province, INDICATORS};
use std::time::{Duration, Instant};

/// Goal for rolling up a province (issue 27).
const PROVINCE_GOAL: Duration = Duration::from_secs(1);
/// VmHWM (peak resident memory) of this process in MB, from /proc/self/status; None where there is none.
pub fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn mb(v: Option<f64>) -> String {
    v.map_or("unknown (no /proc/self/status)".to_string(), |m| format!("{m:.0} MB"))
}

/// Generates `counties` counties and rolls them up `runs` times; returns the median roll-up time (the machine
/// may be shared: the minimum is printed beside it).
fn one_run(label: &str, counties: usize, runs: usize) -> Option<Duration> {
    let t = Instant::now();
    let province = match Province::generate(counties) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("rollup: the generated catalogue does not read: {e}");
            return None;
        }
    };
    let parts = province.parts();
    let city = &province.city;
    println!(
        "{label}: {counties} counties × {INDICATORS} indicators × {} years = {} county entries generated in {:.1} s; peak memory so far {}",
        last() - base() + 1,
        province.entries(),
        t.elapsed().as_secs_f64(),
        mb(peak_mb())
    );
    let mut times = Vec::new();
    let mut summed = None;
    for _ in 0..runs.max(1) {
        drop(summed.take());
        let t = Instant::now();
        let s = roll_up(city, &parts, &at());
        times.push(t.elapsed());
        summed = Some(s);
    }
    let summed = summed?;
    times.sort();
    let took = times[times.len() / 2];
    let note_bytes: usize = summed.dataset.data.values().flat_map(|m| m.values()).map(|e| e.note.len()).sum();
    println!(
        "{label}: roll-up {:.3} s (median of {}; min {:.3} s) → {} city indicators, {} entries ({} with a city value; notes {:.0} MB); peak memory {}",
        took.as_secs_f64(),
        times.len(),
        times[0].as_secs_f64(),
        summed.indicators,
        summed.entries,
        summed.valued,
        note_bytes as f64 / 1e6,
        mb(peak_mb())
    );
    Some(took)
}

/// `rollup [province]`: the province (goal < 1 s) and, unless only the province is asked for, the country. Returns whether the
/// province meets its goal.
pub fn bench_rollup(national: bool) -> bool {
    let Some(took) = one_run("province", 120, 5) else { return false };
    let meets = took < PROVINCE_GOAL;
    println!(
        "province roll-up: {:.3} s (goal < {} s: {})",
        took.as_secs_f64(),
        PROVINCE_GOAL.as_secs(),
        if meets { "meets" } else { "MISSES" }
    );
    // The same province the way the 市级汇总 screen gets it: files (catalogues .toml, data .json) read,
    // matched automatically (no map), rolled up, compared and laid out (`city::screen::city_screen`); the
    // browser's figure for the same path is bench/web.rs (make bench).
    match lishu_core::city::synthetic::screen_input(120) {
        Ok(input) => {
            let t = Instant::now();
            let outcome = match lishu_core::city::screen::city_screen(&input) {
                Ok(s) => format!("laid out, {} blocks", s.blocks.len()),
                Err(e) => format!("refused: {}", e.join("；")),
            };
            println!(
                "province through the 市级汇总 screen (files read, matched, rolled up, compared): {:.3} s; {outcome}; peak memory {}",
                t.elapsed().as_secs_f64(),
                mb(peak_mb())
            );
        }
        Err(e) => eprintln!("rollup: the generated files do not read: {e}"),
    }
    if national {
        if let Some(t) = one_run("national", 2800, 1) {
            println!("national roll-up: {:.3} s (no goal)", t.as_secs_f64());
        }
    }
    meets
}
