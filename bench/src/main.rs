//! lishu-bench: timing of core operations (not a test). Usage:
//!   cargo run --release -p lishu-bench -- eval [runs]
//!   cargo run --release -p lishu-bench -- calib [runs]
//!   cargo run --release -p lishu-bench -- draft
//!   cargo run --release -p lishu-bench -- rollup [province]
//! Each subcommand prints median times; add new subcommands to `main`'s match.
//! With LISHU_BENCH_SPLIT=1, `eval` also times milestone indicators and the other kinds separately.
//! On a shared, loaded machine the median suffers from preemption: the minimum and the `calib` figure
//! (effective clock speed) help to judge a result.

mod drafting;
mod rollup;

use lishu_core::catalogue::Catalogue;
use lishu_core::dataset::resolve;
use lishu_core::demo::demo_dataset;
use lishu_core::eval::evaluate;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Goal for one evaluation of the whole catalogue × 6 years (issue 3).
const EVAL_GOAL: Duration = Duration::from_millis(1);

/// Runs `f` `runs` times after a short warm-up and returns the sorted durations. Only the call is timed:
/// dropping its result happens outside the timed region.
pub fn time_runs<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    for _ in 0..runs.min(20) {
        black_box(f());
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = black_box(f());
            let el = t.elapsed();
            drop(out);
            el
        })
        .collect();
    times.sort();
    times
}

pub fn median(times: &[Duration]) -> Duration {
    times.get(times.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Median, min and max of a timing as text.
fn summary(times: &[Duration]) -> String {
    format!(
        "{} (median of {}; min {}, max {})",
        ms(median(times)),
        times.len(),
        ms(times.first().copied().unwrap_or_default()),
        ms(times.last().copied().unwrap_or_default())
    )
}

/// `eval`: the embedded catalogue × the full synthetic demo dataset (every data year), assessed as of the last
/// plan year and as of the mid-term year (when projections, CS and AP are computed too). Returns whether the median meets the goal.
fn bench_eval(runs: usize) -> bool {
    let cat = Catalogue::embedded();
    let data = demo_dataset(cat);
    let refs = cat.indicators();
    println!(
        "catalogue {} {}: {} indicators; demo dataset: {} entries ({})",
        cat.id,
        cat.version,
        refs.len(),
        data.filled_count(),
        cat.period.data_range()
    );
    let mut ok = true;
    let (last, midterm) = (cat.period.last, cat.period.midterm);
    for year in [last, midterm] {
        let times = time_runs(runs, || evaluate(cat, &data, year));
        let meets = median(&times) <= EVAL_GOAL;
        ok &= meets;
        println!(
            "evaluate({year}): {} — goal ≤ {}: {}",
            summary(&times),
            ms(EVAL_GOAL),
            if meets { "met" } else { "NOT met" }
        );
    }
    // Share of the cost spent in dataset::resolve (parsing and rate derivation of every entry).
    let times = time_runs(runs, || {
        let mut n = 0usize;
        for r in &refs {
            if let Some(m) = data.data.get(&r.indicator.id) {
                for (y, e) in m {
                    if let Ok(v) = resolve(r.indicator, cat.period, *y, e) {
                        n += usize::from(v.value.is_some());
                    }
                }
            }
        }
        n
    });
    println!(
        "  of which dataset::resolve of all entries: {}",
        summary(&times)
    );
    // Explanations are written on demand (one indicator on screen; all of them for the CLI's output).
    let ev = evaluate(cat, &data, last);
    let times = time_runs(runs, || {
        ev.results
            .iter()
            .map(|r| r.explanation(cat).len())
            .sum::<usize>()
    });
    println!(
        "  explanations of all {} results (on demand, not part of evaluate): {}",
        ev.results.len(),
        summary(&times)
    );
    if std::env::var("LISHU_BENCH_SPLIT").is_ok() {
        let mut ms_cat = cat.clone();
        for l in &mut ms_cat.lines {
            l.indicators
                .retain(|i| i.kind == lishu_core::catalogue::Kind::Milestone);
        }
        let t = time_runs(runs, || evaluate(&ms_cat, &data, last));
        println!("  milestones only: {}", summary(&t));
        let mut num_cat = cat.clone();
        for l in &mut num_cat.lines {
            l.indicators
                .retain(|i| i.kind != lishu_core::catalogue::Kind::Milestone);
        }
        let t = time_runs(runs, || evaluate(&num_cat, &data, last));
        println!("  others only: {}", summary(&t));
    }
    ok
}

/// `calib`: a dependent multiply-add chain (≈ 4 cycles per step on x86-64) to estimate the clock speed
/// this process actually gets, for comparing results across machines and load.
fn bench_calib(runs: usize) -> bool {
    let times = time_runs(runs, || {
        let mut x: u64 = black_box(1);
        for _ in 0..1_000_000u32 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
        }
        x
    });
    let best = times.first().copied().unwrap_or_default().as_secs_f64();
    let median_s = median(&times).as_secs_f64();
    println!(
        "1M dependent multiply-adds: {} → about {:.2} GHz at best, {:.2} GHz at the median",
        summary(&times),
        4.0e6 / best.max(1e-9) / 1e9,
        4.0e6 / median_s.max(1e-9) / 1e9
    );
    true
}

fn usage() {
    eprintln!(
        "usage: lishu-bench <subcommand> [runs] [dist/lishu-monitor.html]\n  eval    evaluate the embedded catalogue × demo dataset (default 200 runs)\n  calib   estimate the effective clock speed of this machine\n  draft   draft a catalogue from a generated 1 MB plan text and from lines with 800 values\n  rollup  city roll-up of a province (120 counties × 300 indicators × 10 years, goal < 1 s) and of the country (2,800 counties); `rollup province` only the province (what `all` runs: the national run takes ~30 s and 5 GB)\n  size    raw and gzip size of the single file\n  load    navigation → app mounted in fresh headless Chromium, beside a blank page\n  browsers navigation → first paint / mounted / on screen in current Chromium and Chromium 109 (plain and CPU slowed 4×) and Firefox ESR, beside a blank page\n  tail    the single file with and without its inert tail (ECharts, file module texts): what the tail costs before mount\n  functions distinct wasm functions run before the app is mounted (trace of V8's lazy compilations; current Chromium and 109)\n  profile CPU profile of one load of the single file (top functions by self time)\n  all     every benchmark above (`make bench` passes the single file)"
    );
}

/// The single file named on the command line (a `.html` argument), else dist/lishu-monitor.html.
fn dist_arg(args: &[String]) -> std::path::PathBuf {
    args.iter()
        .find(|a| a.ends_with(".html"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist/lishu-monitor.html"))
}

/// Goal for the whole single file, gzipped (issue 7).
const SIZE_GOAL_GZ: u64 = 1_000_000;

/// `size`: raw and gzip size of the single file (goal ≤ 1.0 MB gzipped).
fn bench_size(args: &[String]) -> bool {
    let path = dist_arg(args);
    match lishu_bench::load::sizes(&path) {
        Ok(s) => {
            let kb = |g: Option<u64>| g.map(|g| format!("{:.0} KB", g as f64 / 1000.0)).unwrap_or_else(|| "?".into());
            println!("single file: {:.0} KB raw, {} gzip (with the Excel module)", s.raw as f64 / 1000.0, kb(s.gzip));
            let Some((raw, gz)) = s.without_excel else {
                println!("  no embedded Excel module found (expected between <!-- lishu:xlsx-wasm --> markers)");
                return false;
            };
            let ok = gz.is_some_and(|g| g <= SIZE_GOAL_GZ);
            println!(
                "  without the Excel module (loaded only on use): {:.0} KB raw, {} gzip (goal ≤ 1000 KB gzip: {})",
                raw as f64 / 1000.0,
                kb(gz),
                if ok { "meets" } else { "MISSES" }
            );
            ok
        }
        Err(e) => {
            println!("single file {}: {e} (run `make dist`)", path.display());
            false
        }
    }
}

/// Runs `f` with the single file's file:// URL on a tokio runtime; prints `what: …` when the file is
/// missing or `f` fails.
fn on_single_file<T, Fut>(what: &str, args: &[String], f: impl FnOnce(String) -> Fut) -> Option<T>
where
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let path = dist_arg(args);
    let Ok(path) = path.canonicalize() else {
        println!("{what}: {} missing (run `make dist`)", path.display());
        return None;
    };
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            println!("{what}: no tokio runtime: {e}");
            return None;
        }
    };
    match rt.block_on(f(format!("file://{}", path.display()))) {
        Ok(v) => Some(v),
        Err(e) => {
            println!("{what}: {e}");
            None
        }
    }
}

/// `load`: navigation → app mounted, median of fresh-browser loads beside a blank page (goal ≤ 4×, GOAL_RATIO_PLAIN).
fn bench_load(args: &[String]) -> bool {
    let Some(r) = on_single_file("load", args, |url| async move { lishu_bench::load::bench_load(&url, 11).await })
    else {
        return false;
    };
    let ratio = r.ratio();
    println!(
        "load (navigation → app mounted, fresh browser, median of {}): app {:.0} ms, blank page {:.0} ms, ratio {:.2}× (goal ≤ {}×: {})",
        r.app.len(),
        r.app_median(),
        r.blank_median(),
        ratio,
        lishu_bench::load::GOAL_RATIO_PLAIN,
        if ratio <= lishu_bench::load::GOAL_RATIO_PLAIN { "meets" } else { "MISSES" }
    );
    let mut prev = 0.0;
    let phases = r.phase_medians();
    let steps = phases.len().saturating_sub(1);
    for (i, (label, at)) in phases.into_iter().enumerate() {
        if i < steps {
            println!("  {at:>6.0} ms (+{:>4.0}) {label}", at - prev);
            prev = at;
        } else {
            println!("  {at:>6.0} ms         {label}");
        }
    }
    if let Some(floor) = r.ratio_at("lishu-main") {
        println!("  wasm instantiated, before any app code runs: already {floor:.2}× the blank page");
    }
    ratio <= lishu_bench::load::GOAL_RATIO_PLAIN
}

/// `browsers`: navigation → first paint and → mounted in current Chromium, Chromium 109 and Firefox ESR,
/// each beside a blank page in the same browser and run.
fn bench_browsers(args: &[String]) -> bool {
    let path = dist_arg(args);
    let Ok(path) = path.canonicalize() else {
        println!("browsers: {} missing (run `make dist`)", path.display());
        return false;
    };
    let runs = 5;
    println!(
        "start-up per browser (fresh browser each load, median of {runs}; blank page beside, same browser, rate and run; \
goals: mounted ≤ {}× the blank page's end-of-body script, ≤ {:.0} ms with the CPU slowed 4×):",
        lishu_bench::load::GOAL_RATIO_PLAIN,
        lishu_bench::load::GOAL_THROTTLED_MS
    );
    let mut ok = true;
    for r in lishu_bench::load::bench_browsers(&format!("file://{}", path.display()), runs) {
        match r {
            Ok(b) => {
                let verdict = match b.meets_goal() {
                    Some(true) => "meets",
                    Some(false) => {
                        ok = false;
                        "MISSES"
                    }
                    None => "no goal",
                };
                let floor = match b.floor_within_goal() {
                    Some(true) => "within the goal",
                    Some(false) => "ALREADY OVER the goal before any app code runs",
                    None => "no goal",
                };
                println!(
                    "  {:<26} CPU ÷{:<2} app: first paint {:>5.0} ms, mounted {:>5.0} ms, on screen {:>5.0} ms | blank: first paint {:>4.0} ms, script at its end {:>4.0} ms, on screen {:>4.0} ms | mounted ÷ blank script {:.1}× ({verdict}), on screen ÷ blank on screen {:.1}×",
                    b.browser,
                    b.rate,
                    b.app_paint,
                    b.app_mounted,
                    b.app_frame,
                    b.blank_paint,
                    b.blank_done,
                    b.blank_frame,
                    b.ratio(),
                    b.app_frame / b.blank_frame
                );
                println!(
                    "  {:<26}         floor (file read, wasm instantiated, no app code yet) {:>5.0} ms = {:.1}× the blank script ({floor}); app code → mounted {:>4.0} ms",
                    "",
                    b.app_main,
                    b.over_blank(b.app_main),
                    b.app_mounted - b.app_main
                );
            }
            Err(e) => {
                println!("  (a browser failed: {e})");
                ok = false;
            }
        }
    }
    ok
}

/// `tail`: what the inert texts at the end of the single file (ECharts, the file module) cost before mount:
/// the page with and without them in current Chromium.
fn bench_tail(args: &[String]) -> bool {
    let path = dist_arg(args);
    match lishu_bench::load::bench_tail(&path, 5) {
        Ok((with, without)) => {
            println!(
                "inert tail (ECharts + file module texts, Chromium {}; median of 5): mounted {:.0} ms with it, {:.0} ms without → {:+.0} ms before mount",
                with.browser.trim_start_matches("Chromium "),
                with.app_mounted,
                without.app_mounted,
                with.app_mounted - without.app_mounted
            );
            true
        }
        Err(e) => {
            println!("tail: {e}");
            false
        }
    }
}

/// `functions`: distinct wasm functions run (lazily compiled) before the app is mounted, in current Chromium
/// and Chromium 109 (median of 3 fresh loads each; the count barely varies).
fn bench_functions(args: &[String]) -> bool {
    let path = dist_arg(args);
    let Ok(path) = path.canonicalize() else {
        println!("functions: {} missing (run `make dist`)", path.display());
        return false;
    };
    let url = format!("file://{}", path.display());
    let mut ok = true;
    for bin in [std::path::PathBuf::from("/usr/bin/chromium"), lishu_bench::cdp::old_chromium(109)] {
        let mut counts = Vec::new();
        let mut last = None;
        for _ in 0..3 {
            match lishu_bench::functions::count_functions(&bin, &url) {
                Ok(c) => {
                    counts.push((c.before_mount, c.until_end));
                    last = Some(c);
                }
                Err(e) => {
                    println!("functions ({}): {e}", bin.display());
                    ok = false;
                    break;
                }
            }
        }
        let Some(c) = last else { continue };
        counts.sort();
        let (before, after) = counts[counts.len() / 2];
        if c.eager > 0 && c.eager + 50 >= before {
            println!(
                "wasm functions before mount ({}): all {} compiled before instantiation (no lazy compilation in this browser)",
                c.browser, c.eager
            );
        } else if before == 0 {
            println!("wasm functions run before mount ({}): no compilation events; wasm trace events seen: {:?}", c.browser, c.wasm_events);
        } else {
            println!(
                "wasm functions run before mount ({}, lazily compiled, median of {}): {before} (runs: {}); {after} by 0.5 s after mount",
                c.browser,
                counts.len(),
                counts.iter().map(|(b, _)| b.to_string()).collect::<Vec<_>>().join(", ")
            );
        }
    }
    ok
}

/// `screens`: PNGs of every page with demo data (default out dir: target/screens).
fn take_screens(args: &[String]) -> bool {
    let out = args
        .iter()
        .skip(1)
        .find(|a| !a.ends_with(".html"))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screens"));
    let files = on_single_file("screens", args, |url| async move { lishu_bench::screens::screens(&url, &out).await });
    for f in files.iter().flatten() {
        println!("{f}");
    }
    files.is_some()
}

/// `profile`: CPU profile of one load of the single file (top functions by self time).
fn profile(args: &[String]) -> bool {
    on_single_file("profile", args, |url| async move { lishu_bench::profile::profile_load(&url, 40).await }).is_some()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A numeric argument is the number of runs; other arguments (e.g. the dist directory given by
    // `make bench`) are left to the subcommands that need them.
    let runs = args
        .iter()
        .skip(1)
        .find_map(|s| s.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(200);
    let ok = match args.first().map(String::as_str) {
        Some("eval") => bench_eval(runs),
        Some("calib") => bench_calib(runs),
        Some("draft") => drafting::bench_draft(),
        Some("size") => bench_size(&args),
        Some("load") => bench_load(&args),
        Some("screens") => take_screens(&args),
        Some("browsers") => bench_browsers(&args),
        Some("profile") => profile(&args),
        Some("tail") => bench_tail(&args),
        Some("functions") => bench_functions(&args),
        Some("rollup") => rollup::bench_rollup(!args.iter().any(|a| a == "province")),
        Some("all") => {
            let calib = bench_calib(runs.min(100));
            let eval = bench_eval(runs);
            let draft = drafting::bench_draft();
            let size = bench_size(&args);
            let load = bench_load(&args);
            let browsers = bench_browsers(&args);
            let functions = bench_functions(&args);
            let tail = bench_tail(&args);
            // The province only (about 1 s); the national run (about 30 s, 5 GB) is `rollup` on its own.
            let rollup = rollup::bench_rollup(false);
            eval && calib && draft && size && load && browsers && functions && tail && rollup
        }
        _ => {
            usage();
            std::process::exit(2);
        }
    };
    // Benchmarks inform, they don't gate: the verdict is printed above.
    let _ = ok;
}
