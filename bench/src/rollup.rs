//! `rollup`: the city roll-up (`lishu_core::city::sum::roll_up`, issue 27) at the size of a province — 120
//! counties × 300 indicators × 10 data years, goal < 1 s natively — and of the whole country (2,800 counties).
//! The catalogues (one per county, the city's the same indicators), the identity map and the datasets are
//! generated in memory; only the roll-up itself is timed (the province's median of 5 runs, the country once). Peak memory is the process's VmHWM
//! (/proc/self/status), printed after the inputs are generated and after the roll-up.

use lishu_core::catalogue::file::read_catalogue;
use lishu_core::city::map::{CountyMap, Pair};
use lishu_core::city::sum::{roll_up, CountyPart};
use lishu_core::{Catalogue, Dataset, YearEntry};
use std::time::{Duration, Instant};

/// Goal for rolling up a province (issue 27).
const PROVINCE_GOAL: Duration = Duration::from_secs(1);
const INDICATORS: usize = 300;
/// The synthetic plans start where the embedded catalogue does (no plan year is written in code): a base year
/// and nine plan years, ten data years.
fn base() -> u16 {
    Catalogue::embedded().period.base
}
fn last() -> u16 {
    base() + 9
}
fn at() -> String {
    format!("{}-12-05T10:00:00+08:00", base() + 6)
}

/// The body of indicator `n` (without its id): four kinds in turn — a rate in ‰ (events), a rate in %, a count
/// and a female/male share.
fn indicator_body(n: usize) -> String {
    match n % 4 {
        0 => format!("name = \"死亡率{n}\"\nclause = \"死亡率{n}控制在5‰以下\"\nkind = \"max\"\nop = \"<=\"\nvalue = 5\nunit = \"‰\"\ndirection = \"down\"\nentry = \"rate\"\nnumerator = \"死亡数\"\ndenominator = \"活产数\"\nscale = 1000"),
        1 => format!("name = \"覆盖率{n}\"\nclause = \"覆盖率{n}达到90%以上\"\nkind = \"min\"\nop = \">=\"\nvalue = 90\nunit = \"%\"\ndirection = \"up\"\nentry = \"rate\"\nnumerator = \"覆盖人数\"\ndenominator = \"应覆盖人数\"\nscale = 100\nevents = false"),
        2 => format!("name = \"参保人数{n}\"\nclause = \"参保人数{n}逐步增加\"\nkind = \"directional\"\nunit = \"人\"\ndirection = \"up\"\nentry = \"value\""),
        _ => format!("name = \"女性比例{n}\"\nclause = \"女性比例{n}提高\"\nkind = \"directional\"\nunit = \"%\"\ndirection = \"up\"\nentry = \"female_male\""),
    }
}

/// A catalogue of `INDICATORS` indicators over ten data years, as a TOML file an office would write.
fn catalogue_toml(id: &str, region: &str) -> String {
    let (base, last) = (base(), last());
    let (first, mid) = (base + 1, base + 5);
    let mut t = format!(
        "id = \"{id}\"\nversion = \"1\"\nregion = \"{region}\"\ntitle = \"{region}妇女发展规划（{first}-{last}年）\"\n\n\
[period]\nbase = {base}\nfirst = {first}\nlast = {last}\nmidterm = {mid}\n\n\
[[plans]]\nplan = \"women\"\ntitle = \"{region}妇女发展规划\"\nshort = \"妇女规划\"\n\n\
[defaults]\napprox_band = 2.0\nbalance_low = 45.0\nbalance_high = 55.0\nbasic_tolerance = 0.01\nmin_change = 0.0\n\n\
[[domains]]\nid = \"W1\"\nplan = \"women\"\nnumber = 1\nname = \"妇女与健康\"\nshort = \"健康\"\n\n\
[[goals]]\nid = \"W1-1\"\ndomain = \"W1\"\nnumber = 1\ntext = \"提高妇女健康水平。\"\n"
    );
    for n in 1..=INDICATORS {
        t.push_str(&format!(
            "\n[[lines]]\nid = \"W1-1-{n}\"\ngoal = \"W1-1\"\nnumber = {n}\ntext = \"第{n}条。\"\n\n[[lines.indicators]]\nid = \"W1-1-{n}\"\n{}\n",
            indicator_body(n)
        ));
    }
    t
}

/// A county's data: every indicator, every year, with figures varying by county, indicator and year.
fn dataset(county: usize) -> Dataset {
    let mut ds = Dataset::default();
    for n in 1..=INDICATORS {
        let id = format!("W1-1-{n}");
        for year in base()..=last() {
            let k = county * 7 + n * 3 + usize::from(year - base());
            let mut e = YearEntry { updated_at: at(), ..YearEntry::default() };
            match n % 4 {
                0 => (e.numerator, e.denominator) = ((k % 9).to_string(), (1000 + k % 500).to_string()),
                1 => (e.numerator, e.denominator) = ((800 + k % 150).to_string(), (1000 + k % 50).to_string()),
                2 => e.value = (1000 + k % 977).to_string(),
                _ => (e.female, e.male) = ((30 + k % 40).to_string(), (60 + k % 30).to_string()),
            }
            ds.set_entry(&id, year, e);
        }
    }
    ds
}

/// The identity map of a county: every city indicator fed by the county indicator of the same id.
fn identity_map(cat: &Catalogue) -> CountyMap {
    CountyMap {
        catalogue: cat.id.clone(),
        version: cat.version.clone(),
        region: cat.region.clone(),
        pairs: (1..=INDICATORS)
            .map(|n| {
                let id = format!("W1-1-{n}");
                Pair { city: id.clone(), county: id, factor: 1.0, review: String::new(), line: None }
            })
            .collect(),
    }
}

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
    let city = match read_catalogue(catalogue_toml("city", "全省").as_bytes()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("rollup: the generated catalogue does not read: {:?}", e.iter().map(|x| x.message()).collect::<Vec<_>>());
            return None;
        }
    };
    // One catalogue per county (its own id and region; the same indicators).
    let mut cats = Vec::with_capacity(counties);
    for k in 0..counties {
        let mut c = city.clone();
        c.id = format!("county-{k}");
        c.region = format!("县{k}");
        cats.push(c);
    }
    let maps: Vec<CountyMap> = cats.iter().map(identity_map).collect();
    let data: Vec<Dataset> = (0..counties).map(dataset).collect();
    let parts: Vec<CountyPart<'_>> =
        cats.iter().zip(&maps).zip(&data).map(|((catalogue, map), d)| CountyPart { catalogue, map, data: Some(d) }).collect();
    let entries = counties * INDICATORS * usize::from(last() - base() + 1);
    println!(
        "{label}: {counties} counties × {INDICATORS} indicators × {} years = {entries} county entries generated in {:.1} s; peak memory so far {}",
        last() - base() + 1,
        t.elapsed().as_secs_f64(),
        mb(peak_mb())
    );
    let mut times = Vec::new();
    let mut summed = None;
    for _ in 0..runs.max(1) {
        drop(summed.take());
        let t = Instant::now();
        let s = roll_up(&city, &parts, &at());
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
    if national {
        if let Some(t) = one_run("national", 2800, 1) {
            println!("national roll-up: {:.3} s (no goal)", t.as_secs_f64());
        }
    }
    meets
}
