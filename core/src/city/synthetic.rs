//! Synthetic counties for the roll-up benchmarks (`lishu-bench rollup` natively, `bench/web.rs` in the
//! browser; issue 27: a province of 120 counties × 300 indicators × 10 years): each county on its own
//! catalogue (own id and region, the same indicators as the city's), data for every indicator and year. The
//! years start at the embedded catalogue's base year (no plan year is written in code). Not used by the app.
//! Two forms: [`Province`] in memory (the roll-up alone) and [`screen_input`] as files (the whole screen path).

use super::map::{CountyMap, Pair};
use super::screen::{CityFile, CityInput};
use super::sum::CountyPart;
use crate::catalogue::file::read_catalogue;
use crate::io::export_dataset;
use crate::{Catalogue, Dataset, YearEntry};

/// Indicators of every synthetic catalogue.
pub const INDICATORS: usize = 300;
/// The synthetic plans start where the embedded catalogue does (no plan year is written in code): a base year
/// and nine plan years, ten data years.
pub fn base() -> u16 {
    Catalogue::embedded().period.base
}
pub fn last() -> u16 {
    base() + 9
}
pub fn at() -> String {
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
pub fn catalogue_toml(id: &str, region: &str) -> String {
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
pub fn dataset(county: usize) -> Dataset {
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
pub fn identity_map(cat: &Catalogue) -> CountyMap {
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


/// A province in memory, as `lishu-bench rollup` (natively) and bench/web.rs (in the browser) time the roll-up
/// itself: the city catalogue, one catalogue per county (its own id and region, the same indicators), each
/// county's identity map and data.
pub struct Province {
    pub city: Catalogue,
    pub counties: Vec<Catalogue>,
    pub maps: Vec<CountyMap>,
    pub data: Vec<Dataset>,
}

impl Province {
    /// `counties` counties. Err: the generated catalogue does not read (a program error).
    pub fn generate(counties: usize) -> Result<Province, String> {
        let city = read_catalogue(catalogue_toml("city", "全省").as_bytes())
            .map_err(|e| e.iter().map(|x| x.message()).collect::<Vec<_>>().join("；"))?;
        let cats: Vec<Catalogue> = (0..counties)
            .map(|k| {
                let mut c = city.clone();
                c.id = format!("county-{k}");
                c.region = format!("县{k}");
                c
            })
            .collect();
        let maps = cats.iter().map(identity_map).collect();
        let data = (0..counties).map(dataset).collect();
        Ok(Province { city, counties: cats, maps, data })
    }

    /// The roll-up's input: every county with its map and data.
    pub fn parts(&self) -> Vec<CountyPart<'_>> {
        self.counties
            .iter()
            .zip(&self.maps)
            .zip(&self.data)
            .map(|((catalogue, map), d)| CountyPart { catalogue, map, data: Some(d) })
            .collect()
    }

    /// County entries in all (counties × indicators × years).
    pub fn entries(&self) -> usize {
        self.counties.len() * INDICATORS * usize::from(last() - base() + 1)
    }
}

/// The 市级汇总 screen's input for `counties` counties, as the files a city office picks: the city
/// catalogue (.toml), each county's catalogue (.toml) and data file (.json, exported as a county exports
/// it); no map (matched automatically, as when the office gives none). Err: the generated catalogue does
/// not read (a program error).
pub fn screen_input(counties: usize) -> Result<CityInput, String> {
    let city = catalogue_toml("city", "全省");
    let mut input = CityInput {
        city: Some(CityFile { name: "全省目标目录.toml".into(), bytes: city.into_bytes() }),
        counties: Vec::with_capacity(counties),
        map: None,
        data: Vec::with_capacity(counties),
        year: 0,
        at: at(),
        date: String::new(),
    };
    for k in 0..counties {
        let toml = catalogue_toml(&format!("county-{k}"), &format!("县{k}"));
        let cat = read_catalogue(toml.as_bytes())
            .map_err(|e| e.iter().map(|x| x.message()).collect::<Vec<_>>().join("；"))?;
        let json = export_dataset(&dataset(k), "", &at(), &cat);
        input.counties.push(CityFile { name: format!("县{k}目标目录.toml"), bytes: toml.into_bytes() });
        input.data.push(CityFile { name: format!("县{k}监测数据.json"), bytes: json.into_bytes() });
    }
    Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::city::screen::{city_screen, TABLE};

    #[test]
    fn a_small_synthetic_province_rolls_up_through_the_screen() {
        let input = screen_input(3).expect("generated");
        let screen = city_screen(&input).expect("rolled up");
        // Indicator 2 is a count (n % 4 == 2): the city value of the latest year is the sum of the three
        // counties' values, as `dataset` makes them.
        let county = |k: usize, n: usize, year: u16| 1000 + (k * 7 + n * 3 + usize::from(year - base())) % 977;
        let sum: usize = (0..3).map(|k| county(k, 2, last())).sum();
        let table = screen
            .blocks
            .iter()
            .find(|b| b.level == TABLE && b.text.ends_with("市级汇总数值"))
            .expect("the table of city values");
        let row = table.rows.iter().find(|r| r[0] == "W1-1-2").expect("W1-1-2");
        assert_eq!(row[2], format!("{sum}人"), "{row:?}");
    }

    #[test]
    fn a_roll_up_too_large_to_read_back_is_refused_in_plain_words() {
        // Each city entry lists every county's parts: 48 counties make a city file of about 4 MB, and some
        // 400 would pass the 32 MB bound (too slow to generate in a test); the refusal's words are checked on
        // the error the roll-up returns there, with the size this roll-up measured.
        let input = screen_input(48).expect("generated");
        let s = city_screen(&input).expect("48 counties roll up");
        assert!(s.data_json.len() > 3_000_000 && s.data_json.len() < crate::io::MAX_FILE_BYTES, "{}", s.data_json.len());
        let e = crate::city::CityError::TooLarge { bytes: s.data_json.len() * 10, limit: crate::io::MAX_FILE_BYTES, counties: 480 }
            .to_string();
        assert!(e.contains("超过数据文件 32 MB 的上限") && e.contains("480 个县区") && e.contains("分级汇总"), "{e}");
        assert!(!e.contains("程序错误"), "{e}");
    }
}
