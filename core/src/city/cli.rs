//! The bodies of `lishu rollup map`, `lishu rollup check-map` and `lishu rollup`, over bytes already read
//! (the command line reads every file with its size bound and writes the output only when these succeed).
//! Every problem is a [`CityError`]; all are collected before returning.

use super::error::CityError;
use super::map::{proposal_report, propose_map, read_map, MapRead};
use super::sum::{roll_up, CountyPart, Summed};
use crate::catalogue::Catalogue;
use crate::io::{export_dataset, read_file};
use serde::Deserialize;

/// Checks the county catalogues given (file name, catalogue): none is the city's, none is given twice, all
/// share the city's plan period.
pub fn check_counties(city: &Catalogue, counties: &[(String, Catalogue)]) -> Vec<CityError> {
    let mut errors = Vec::new();
    for (k, (file, cat)) in counties.iter().enumerate() {
        if cat.id == city.id {
            errors.push(CityError::CityAsCounty { file: file.clone(), catalogue: cat.id.clone() });
        }
        if let Some((first, _)) = counties[..k].iter().find(|(_, c)| c.id == cat.id) {
            errors.push(CityError::CountyCatalogueTwice { first: first.clone(), second: file.clone(), catalogue: cat.id.clone() });
        }
        if cat.period != city.period {
            let p = |c: &Catalogue| format!("{}（基数年 {}）", c.period.label(), c.period.base);
            errors.push(CityError::CountyPeriod { file: file.clone(), county: cat.region.clone(), found: p(cat), expected: p(city) });
        }
    }
    errors
}

/// What `lishu rollup map` writes (the map) and prints (the report).
#[derive(Debug, Clone, PartialEq)]
pub struct MapOutcome {
    pub toml: String,
    pub report: String,
}

/// Proposes the map of `city` and the county catalogues given.
pub fn map_files(city: &Catalogue, counties: &[(String, Catalogue)]) -> Result<MapOutcome, Vec<CityError>> {
    let errors = check_counties(city, counties);
    if !errors.is_empty() {
        return Err(errors);
    }
    let cats: Vec<&Catalogue> = counties.iter().map(|(_, c)| c).collect();
    let p = propose_map(city, &cats);
    Ok(MapOutcome { report: proposal_report(city, &cats, &p.counties), toml: p.toml })
}

/// Checks a map file against the city and county catalogues; every county given must be in the map.
pub fn check_map_file(city: &Catalogue, counties: &[(String, Catalogue)], map_name: &str, map: &[u8]) -> Result<MapRead, Vec<CityError>> {
    let mut errors = check_counties(city, counties);
    if !errors.is_empty() {
        // Another period or a county given twice: the map and the data would only repeat it.
        return Err(errors);
    }
    let cats: Vec<&Catalogue> = counties.iter().map(|(_, c)| c).collect();
    let read = match read_map(map_name, map, city, &cats) {
        Ok(r) => Some(r),
        Err(es) => {
            errors.extend(es);
            None
        }
    };
    if let Some(r) = &read {
        for (file, cat) in counties {
            if !r.map.counties.iter().any(|c| c.catalogue == cat.id) {
                errors.push(CityError::CountyNotInMap {
                    file: file.clone(),
                    county: cat.region.clone(),
                    catalogue: cat.id.clone(),
                    map: map_name.to_string(),
                });
            }
        }
    }
    match read {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

/// What `lishu rollup` writes (the city's data file) and prints.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupOutcome {
    pub json: String,
    pub report: String,
    pub notices: Vec<String>,
}

/// The header members a data file names its catalogue and unit by (the rest is read by `io::read_file`).
#[derive(Deserialize)]
struct Peek {
    #[serde(default)]
    catalogue_id: String,
    #[serde(default)]
    catalogue_version: String,
}

/// The checked inputs of a roll-up: the map read and, per county catalogue given (same order), its data file
/// (name, dataset) when one was given; the notices to print.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub map: MapRead,
    pub data: Vec<Option<(String, crate::Dataset)>>,
    pub notices: Vec<String>,
}

impl Inputs {
    /// The map's counties in the map's order (every one is given: [`check_map_file`]), with their data.
    pub fn parts<'a>(&'a self, counties: &'a [(String, Catalogue)]) -> Vec<CountyPart<'a>> {
        let mut parts = Vec::new();
        for cm in &self.map.map.counties {
            let Some(k) = counties.iter().position(|(_, c)| c.id == cm.catalogue) else { continue };
            let d = self.data.get(k).and_then(|d| d.as_ref()).map(|(_, ds)| ds);
            parts.push(CountyPart { catalogue: &counties[k].1, map: cm, data: d });
        }
        parts
    }
}

/// Checks every input of a roll-up (the county catalogues, the map, the data files (name, bytes)): each data
/// file is matched to its county by the catalogue it names and checked with its county's catalogue
/// (`io::read_file`). Every problem is returned.
pub fn read_inputs(
    city: &Catalogue,
    map_name: &str,
    map: &[u8],
    counties: &[(String, Catalogue)],
    files: &[(String, Vec<u8>)],
) -> Result<Inputs, Vec<CityError>> {
    let county_errors = check_counties(city, counties);
    if !county_errors.is_empty() {
        return Err(county_errors);
    }
    let checked = check_map_file(city, counties, map_name, map);
    let mut errors = Vec::new();
    let given: Vec<String> = counties.iter().map(|(_, c)| format!("{}（{}）", c.id, c.region)).collect();
    // county index → (file name, dataset)
    let mut data: Vec<Option<(String, crate::Dataset)>> = vec![None; counties.len()];
    let mut file_notices = Vec::new();
    for (name, bytes) in files {
        let peek = serde_json::from_slice::<Peek>(bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes));
        let Ok(peek) = peek else {
            // Not a data file: the reader's own messages say why (size, encoding, JSON syntax, format).
            let (rep, _) = read_file(name, bytes, city);
            errors.push(CityError::DataFile { file: name.clone(), messages: rep.messages(city) });
            continue;
        };
        if peek.catalogue_id.trim().is_empty() {
            errors.push(CityError::DataNoCatalogue { file: name.clone() });
            continue;
        }
        let Some(k) = counties.iter().position(|(_, c)| c.id == peek.catalogue_id) else {
            errors.push(CityError::DataUnknownCatalogue {
                file: name.clone(),
                catalogue: peek.catalogue_id.clone(),
                version: peek.catalogue_version.clone(),
                given: given.clone(),
            });
            continue;
        };
        let cat = &counties[k].1;
        if peek.catalogue_version != cat.version {
            errors.push(CityError::DataVersion {
                file: name.clone(),
                county: cat.region.clone(),
                found: peek.catalogue_version.clone(),
                expected: cat.version.clone(),
            });
            continue;
        }
        let (rep, ds) = read_file(name, bytes, cat);
        let Some(ds) = ds else {
            errors.push(CityError::DataFile { file: name.clone(), messages: rep.messages(cat) });
            continue;
        };
        if !rep.unit.trim().is_empty() {
            errors.push(CityError::DataUnitFile { file: name.clone(), county: cat.region.clone(), unit: rep.unit.clone() });
            continue;
        }
        if let Some((first, _)) = &data[k] {
            errors.push(CityError::DataTwice { first: first.clone(), second: name.clone(), county: cat.region.clone() });
            continue;
        }
        file_notices.extend(rep.notices.iter().map(|n| format!("{name}：{n}")));
        data[k] = Some((name.clone(), ds));
    }
    let read = match checked {
        Ok(r) => r,
        Err(es) => {
            let mut all = es;
            all.extend(errors);
            return Err(all);
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut notices = read.notices.clone();
    notices.extend(file_notices);
    for (k, (_, cat)) in counties.iter().enumerate() {
        if data[k].is_none() && read.map.counties.iter().any(|c| c.catalogue == cat.id) {
            notices.push(format!("{}（目录 {}）没有给出数据文件：按未报送数据汇总", cat.region, cat.id));
        }
    }
    Ok(Inputs { map: read, data, notices })
}

/// Rolls the county data files (name, bytes) up into a data file of `city` (see [`super::sum`]); the inputs
/// are checked by [`read_inputs`]; the file written is read back with the city's catalogue before it is
/// returned.
pub fn rollup_files(
    city: &Catalogue,
    map_name: &str,
    map: &[u8],
    counties: &[(String, Catalogue)],
    files: &[(String, Vec<u8>)],
    at: &str,
) -> Result<RollupOutcome, Vec<CityError>> {
    let inputs = read_inputs(city, map_name, map, counties, files)?;
    let parts = inputs.parts(counties);
    let checked = summed_checked(city, &parts, at)?;
    let summed = &checked.summed;
    let with_data = parts.iter().filter(|p| p.data.is_some()).count();
    let report = format!(
        "已汇总 {} 个县区（其中 {with_data} 个给出数据文件）到{}：指标 {} 个，年度条目 {} 条（其中 {} 条有市级数值，其余只列各县区情况）",
        parts.len(),
        city.describe(),
        summed.indicators,
        summed.entries,
        summed.valued
    );
    Ok(RollupOutcome { json: checked.json, report, notices: inputs.notices })
}

/// A roll-up written as the city's data file and read back.
#[derive(Debug, Clone)]
pub struct CheckedSum {
    pub summed: Summed,
    /// The city's data file.
    pub json: String,
    /// The file as read back with the city's catalogue ([`summed_checked`]), or the dataset rolled up
    /// ([`summed_unchecked`]; then `summed.dataset` is left empty).
    pub dataset: crate::Dataset,
}

/// Rolls `parts` up and reads the city's data file back with the city's catalogue (a program error if it
/// does not read): the command line's path, which writes the file.
pub fn summed_checked(city: &Catalogue, parts: &[CountyPart<'_>], at: &str) -> Result<CheckedSum, Vec<CityError>> {
    let (summed, json) = summed_file(city, parts, at)?;
    let (back, ok) = read_file("汇总结果", json.as_bytes(), city);
    match ok {
        Some(dataset) => Ok(CheckedSum { summed, json, dataset }),
        None => Err(vec![CityError::Internal { messages: back.messages(city) }]),
    }
}

/// Rolls `parts` up and writes the city's data file, refused when it would be too large to import; the
/// dataset is the one rolled up, not read back (the 市级汇总 screen's path: reading a province's file back
/// took a third of its time; tests read every file the screen offers back).
pub fn summed_unchecked(city: &Catalogue, parts: &[CountyPart<'_>], at: &str) -> Result<CheckedSum, Vec<CityError>> {
    let (mut summed, json) = summed_file(city, parts, at)?;
    let dataset = std::mem::take(&mut summed.dataset);
    Ok(CheckedSum { summed, json, dataset })
}

fn summed_file(city: &Catalogue, parts: &[CountyPart<'_>], at: &str) -> Result<(Summed, String), Vec<CityError>> {
    let summed = roll_up(city, parts, at);
    let json = export_dataset(&summed.dataset, "", at, city);
    if json.len() > crate::io::MAX_FILE_BYTES {
        return Err(vec![CityError::TooLarge { bytes: json.len(), limit: crate::io::MAX_FILE_BYTES, counties: parts.len() }]);
    }
    Ok((summed, json))
}

/// What `lishu rollup report` writes (the report, rendered by the command line) and prints.
#[derive(Debug, Clone)]
pub struct ReportOutcome {
    pub spec: crate::report::document::DocumentSpec,
    pub comparison: super::compare::Comparison,
    pub notices: Vec<String>,
}

/// The city report of `year` ([`super::report`]): the inputs checked as for a roll-up ([`read_inputs`]), the
/// counties rolled up into the city's data, compared ([`super::compare`]) and laid out, dated `date`.
#[allow(clippy::too_many_arguments)]
pub fn report_files(
    city: &Catalogue,
    map_name: &str,
    map: &[u8],
    counties: &[(String, Catalogue)],
    files: &[(String, Vec<u8>)],
    year: u16,
    at: &str,
    date: &str,
) -> Result<ReportOutcome, Vec<CityError>> {
    let inputs = read_inputs(city, map_name, map, counties, files)?;
    let parts = inputs.parts(counties);
    let sum = summed_checked(city, &parts, at)?;
    let comparison = super::compare::compare(city, &sum.dataset, &parts, year);
    let spec = super::report::city_report(city, &comparison, date);
    Ok(ReportOutcome { spec, comparison, notices: inputs.notices })
}
