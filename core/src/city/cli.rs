//! The bodies of `lishu rollup map`, `lishu rollup check-map` and `lishu rollup`, over bytes already read
//! (the command line reads every file with its size bound and writes the output only when these succeed).
//! Every problem is a [`CityError`]; all are collected before returning.

use super::error::CityError;
use super::map::{proposal_report, propose_map, read_map, MapRead};
use super::sum::{roll_up, CountyPart};
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

/// Rolls the county data files (name, bytes) up into a data file of `city` (see [`super::sum`]). Each data
/// file is matched to its county by the catalogue it names; every file is checked with its county's catalogue
/// (`io::read_file`); the file written is read back with the city's catalogue before it is returned.
pub fn rollup_files(
    city: &Catalogue,
    map_name: &str,
    map: &[u8],
    counties: &[(String, Catalogue)],
    files: &[(String, Vec<u8>)],
    at: &str,
) -> Result<RollupOutcome, Vec<CityError>> {
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
    // The map's counties in the map's order (every one is given: check_map_file).
    let mut parts = Vec::new();
    for cm in &read.map.counties {
        let Some(k) = counties.iter().position(|(_, c)| c.id == cm.catalogue) else { continue };
        let d = data[k].as_ref().map(|(_, ds)| ds);
        if d.is_none() {
            notices.push(format!("{}（目录 {}）没有给出数据文件：按未报送数据汇总", cm.region, cm.catalogue));
        }
        parts.push(CountyPart { catalogue: &counties[k].1, map: cm, data: d });
    }
    let summed = roll_up(city, &parts, at);
    let json = export_dataset(&summed.dataset, "", at, city);
    let (back, ok) = read_file("汇总结果", json.as_bytes(), city);
    if ok.is_none() {
        return Err(vec![CityError::Internal { messages: back.messages(city) }]);
    }
    let with_data = parts.iter().filter(|p| p.data.is_some()).count();
    let report = format!(
        "已汇总 {} 个县区（其中 {with_data} 个给出数据文件）到{}：指标 {} 个，年度条目 {} 条（其中 {} 条有市级数值，其余只列各县区情况）",
        parts.len(),
        city.describe(),
        summed.indicators,
        summed.entries,
        summed.valued
    );
    Ok(RollupOutcome { json, report, notices })
}
