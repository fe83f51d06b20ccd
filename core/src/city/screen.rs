//! 市级汇总 screen: everything the app's 市级汇总 section shows, worked out here and run in the file module
//! (office-only and rare, so none of it is linked into the app): the files the user picked go in as bytes
//! ([`CityInput`], sent across the module's ABI in the plain binary form of [`encode`]), and what comes back is
//! laid out already — headings, paragraphs and tables of plain strings ([`CityScreen`]) — plus the files to
//! download (the city's data file, the map used, the city report through the one report outline:
//! [`report_spec`]).
//!
//! The steps the user follows (the app shows them as numbered instructions):
//! ① the city catalogue (.toml); ② each county's catalogue, or a county data file that carries its catalogue
//! (附带目标目录, [`crate::io::carried`]; its data are used too); ③ the map (optional: without one, the map is
//! proposed automatically and the pairs to check are listed); ④ the counties' data files; ⑤ the roll-up and
//! the comparison, the report and the city's data file.
//!
//! Every problem (a damaged file, a county data file whose catalogue was not given, a county given twice, a
//! map naming unknown ids, a county of another period …) is returned as Chinese messages naming the file, and
//! nothing is produced.

use super::cli::{read_inputs, summed_unchecked};
use super::compare::compare;
use super::map::propose_map;
use crate::catalogue::file::read_catalogue;
use crate::catalogue::{Catalogue, Entry};
use crate::dataset::{resolve, Dataset};
use crate::report::document::{Block, DocumentSpec};
use crate::report::fmt_value;
use serde::{Deserialize, Serialize};

/// One picked file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CityFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The files of the steps, and the year (0: the latest year with city data), the time of the roll-up
/// (ISO 8601) and the report's date line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CityInput {
    pub city: Option<CityFile>,
    pub counties: Vec<CityFile>,
    pub map: Option<CityFile>,
    pub data: Vec<CityFile>,
    pub year: u16,
    pub at: String,
    pub date: String,
}

/// Kinds of file in [`encode`].
const CITY: u8 = 1;
const COUNTY: u8 = 2;
const MAP: u8 = 3;
const DATA: u8 = 4;

fn put(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The request as bytes: year (u16 LE), `at` and `date` (u32 LE length + UTF-8), then per file its kind
/// (1 city, 2 county, 3 map, 4 data), name and bytes (each u32 LE length + content). Files' bytes are passed
/// as they are (no JSON escaping of files of several MB).
pub fn encode(input: &CityInput) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&input.year.to_le_bytes());
    put(&mut out, input.at.as_bytes());
    put(&mut out, input.date.as_bytes());
    let files = input
        .city
        .iter()
        .map(|f| (CITY, f))
        .chain(input.counties.iter().map(|f| (COUNTY, f)))
        .chain(input.map.iter().map(|f| (MAP, f)))
        .chain(input.data.iter().map(|f| (DATA, f)));
    for (kind, f) in files {
        out.push(kind);
        put(&mut out, f.name.as_bytes());
        put(&mut out, &f.bytes);
    }
    out
}

/// A cursor over [`encode`]'s bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn chunk(&mut self) -> Option<&'a [u8]> {
        let l = self.take(4)?;
        let n = u32::from_le_bytes([l[0], l[1], l[2], l[3]]) as usize;
        self.take(n)
    }
    fn text(&mut self) -> Option<String> {
        String::from_utf8(self.chunk()?.to_vec()).ok()
    }
}

/// Reads [`encode`]'s bytes back.
pub fn decode(bytes: &[u8]) -> Result<CityInput, String> {
    let bad = || "市级汇总请求无法读取（程序错误）".to_string();
    let mut c = Cursor { bytes, at: 0 };
    let y = c.take(2).ok_or_else(bad)?;
    let mut input = CityInput { year: u16::from_le_bytes([y[0], y[1]]), ..Default::default() };
    input.at = c.text().ok_or_else(bad)?;
    input.date = c.text().ok_or_else(bad)?;
    while let Some(kind) = c.take(1) {
        let name = c.text().ok_or_else(bad)?;
        let f = CityFile { name, bytes: c.chunk().ok_or_else(bad)?.to_vec() };
        match kind[0] {
            CITY => input.city = Some(f),
            COUNTY => input.counties.push(f),
            MAP => input.map = Some(f),
            DATA => input.data.push(f),
            _ => return Err(bad()),
        }
    }
    Ok(input)
}

/// One block of the screen: a heading (`level` 1–2, `text`), a paragraph (`level` 0) or a table
/// (`level` [`TABLE`], `text` its caption, `head` and `rows` its cells).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScreenBlock {
    pub level: u8,
    pub text: String,
    #[serde(default)]
    pub head: Vec<String>,
    #[serde(default)]
    pub rows: Vec<Vec<String>>,
}

/// [`ScreenBlock::level`] of a table.
pub const TABLE: u8 = 9;

/// What the 市级汇总 section shows, and the files it offers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CityScreen {
    /// "四平市妇女儿童发展规划（2021-2025年）2021年度各县区比较报告".
    pub title: String,
    pub year: u16,
    /// The years with city data (for choosing another year).
    pub years: Vec<u16>,
    /// Notices: review marks left, counties without data, notices of the files.
    pub notices: Vec<String>,
    pub blocks: Vec<ScreenBlock>,
    /// The map used (proposed automatically when none was given) and its file name.
    pub map_name: String,
    pub map_toml: String,
    /// The city's data file (a normal data file of the city catalogue) and its name.
    pub data_name: String,
    pub data_json: String,
    /// The report's file name (.docx).
    pub report_name: String,
}

/// Does the file look like a JSON data file (not a .toml catalogue)?
fn is_json(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    b.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{')
}

fn catalogue_of(f: &CityFile, what: &str) -> Result<Catalogue, Vec<String>> {
    read_catalogue(&f.bytes).map_err(|es| es.iter().map(|e| format!("{what}“{}”：{}", f.name, e.message())).collect())
}

/// The messages of the roll-up's checks, worded for the screen (the command line's option names replaced by
/// the screen's step).
fn texts(es: &[super::CityError]) -> Vec<String> {
    es.iter().map(|e| e.to_string().replace("未用 --county-catalogue 给出", "未在第②步选择")).collect()
}

/// Everything worked out from the input.
struct Worked {
    city: Catalogue,
    counties: Vec<(String, Catalogue)>,
    map_name: String,
    map_toml: String,
    auto: bool,
    inputs: super::cli::Inputs,
    sum: super::cli::CheckedSum,
}

fn work(input: &CityInput) -> Result<Worked, Vec<String>> {
    let Some(city_file) = &input.city else { return Err(vec!["请先完成第①步：选择市级目标目录（.toml）".to_string()]) };
    let mut errors = Vec::new();
    let city = catalogue_of(city_file, "市级目标目录");
    if input.counties.is_empty() {
        errors.push("请完成第②步：选择各区县目标目录，或带目标目录的区县数据文件".to_string());
    }
    let mut counties = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for f in &input.counties {
        if is_json(&f.bytes) {
            match crate::io::carried::read_carried(&f.name, &f.bytes) {
                Ok(Some(cat)) => {
                    counties.push((f.name.clone(), cat));
                    files.push((f.name.clone(), f.bytes.clone()));
                }
                Ok(None) => errors.push(format!(
                    "文件“{}”是数据文件，但没有附带目标目录：请选择该区县的目标目录（.toml），或请该区县导出时勾选“附带目标目录”",
                    f.name
                )),
                Err(es) => errors.extend(es),
            }
        } else {
            match catalogue_of(f, "区县目标目录") {
                Ok(c) => counties.push((f.name.clone(), c)),
                Err(es) => errors.extend(es),
            }
        }
    }
    let city = match city {
        Ok(c) => c,
        Err(es) => {
            errors.splice(0..0, es);
            return Err(errors);
        }
    };
    for f in &input.data {
        // A data file carrying its catalogue (附带目标目录) given at step ④ gives its catalogue too, unless the
        // county's catalogue was given at step ②.
        if is_json(&f.bytes) {
            match crate::io::carried::read_carried(&f.name, &f.bytes) {
                Ok(Some(cat)) if !counties.iter().any(|(_, c)| c.id == cat.id) => counties.push((f.name.clone(), cat)),
                Err(es) if f.bytes.len() <= crate::io::MAX_FILE_BYTES => {
                    // A damaged file: its carried catalogue or its JSON; the data reader would only repeat it.
                    errors.extend(es);
                    continue;
                }
                _ => {}
            }
        }
        files.push((f.name.clone(), f.bytes.clone()));
    }
    if files.is_empty() && errors.is_empty() {
        errors.push("请完成第④步：选择各区县数据文件".to_string());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (map_name, map_bytes, auto) = match &input.map {
        Some(m) => (m.name.clone(), m.bytes.clone(), false),
        None => {
            let errs = super::cli::check_counties(&city, &counties);
            if !errs.is_empty() {
                return Err(texts(&errs));
            }
            let cats: Vec<&Catalogue> = counties.iter().map(|(_, c)| c).collect();
            ("自动对照的指标对照表".to_string(), propose_map(&city, &cats).toml.into_bytes(), true)
        }
    };
    let inputs = read_inputs(&city, &map_name, &map_bytes, &counties, &files).map_err(|es| texts(&es))?;
    let sum = {
        let parts = inputs.parts(&counties);
        summed_unchecked(&city, &parts, &input.at).map_err(|es| texts(&es))?
    };
    let map_toml = String::from_utf8(map_bytes).unwrap_or_default();
    Ok(Worked { city, counties, map_name, map_toml, auto, inputs, sum })
}

/// Years of the city's period with at least one city entry.
fn years_with_data(city: &Catalogue, ds: &Dataset) -> Vec<u16> {
    city.period.years().filter(|y| ds.data.values().any(|m| m.get(y).is_some_and(|e| !e.is_empty()))).collect()
}

fn chosen_year(city: &Catalogue, years: &[u16], asked: u16) -> u16 {
    if city.period.contains(asked) {
        asked
    } else {
        years.last().copied().unwrap_or(city.period.last)
    }
}

fn para(text: impl Into<String>) -> ScreenBlock {
    ScreenBlock { level: 0, text: text.into(), ..Default::default() }
}

fn heading(text: impl Into<String>) -> ScreenBlock {
    ScreenBlock { level: 1, text: text.into(), ..Default::default() }
}

fn table(caption: impl Into<String>, head: &[&str], rows: Vec<Vec<String>>) -> ScreenBlock {
    ScreenBlock { level: TABLE, text: caption.into(), head: head.iter().map(|h| h.to_string()).collect(), rows }
}

/// 指标对照: per county the pairs, those to check, the indicators unmapped both ways.
fn map_blocks(w: &Worked) -> Vec<ScreenBlock> {
    let map = &w.inputs.map.map;
    let mut b = vec![heading("指标对照")];
    b.push(para(if w.auto {
        "未选择指标对照表，已按指标编号、名称、单位和填报方式自动对照；标为“需核对”的对照请核对。如需修改，可下载对照表编辑后在第③步选择。"
            .to_string()
    } else {
        format!("按所选指标对照表“{}”汇总。", w.map_name)
    }));
    let total = w.city.indicators().len();
    let mut rows = Vec::new();
    let mut review = Vec::new();
    for cm in &map.counties {
        let Some((_, cat)) = w.counties.iter().find(|(_, c)| c.id == cm.catalogue) else { continue };
        let unsure = cm.pairs.iter().filter(|p| !p.review.is_empty()).count();
        rows.push(vec![
            cm.region.clone(),
            cm.catalogue.clone(),
            cm.pairs.len().to_string(),
            unsure.to_string(),
            total.saturating_sub(cm.pairs.len()).to_string(),
            cat.indicators().len().saturating_sub(cm.pairs.len()).to_string(),
        ]);
        for p in cm.pairs.iter().filter(|p| !p.review.is_empty()) {
            review.push(vec![cm.region.clone(), w.city.indicator_label(&p.city), cat.indicator_label(&p.county), p.review.clone()]);
        }
    }
    b.push(table("各区县指标对照情况", &["区县", "目录编号", "已对照", "需核对", "市级指标无对应", "区县指标未汇入"], rows));
    if !review.is_empty() {
        b.push(table("需核对的对照", &["区县", "市级指标", "区县指标", "理由"], review));
    }
    b
}

/// 市级汇总数值: per city indicator the year's value, its summed counts and the note of its parts.
fn sum_blocks(w: &Worked, year: u16) -> Vec<ScreenBlock> {
    let ds = &w.sum.dataset;
    let mut b = vec![heading(format!("市级汇总数值（{year}年）"))];
    b.push(para(format!(
        "比率 = 各区县分子之和 ÷ 各区县分母之和（不是各区县比率的平均）；人数相加；只填报了比率的区县不计入，在说明中列出。共汇总 {} 个区县，其中 {} 项市级指标有区县数据。",
        w.counties.len(),
        w.sum.summed.indicators
    )));
    let mut rows = Vec::new();
    for r in w.city.indicators() {
        let ind = r.indicator;
        let e = ds.entry(&ind.id, year);
        let value = e.and_then(|e| resolve(ind, w.city.period, year, e).ok()).and_then(|x| x.value);
        let value = if value.is_some() { fmt_value(value, &ind.unit) } else { "—".to_string() };
        let counts = match e {
            Some(e) if ind.entry == Entry::Rate && !e.numerator.is_empty() => format!("{} / {}", e.numerator, e.denominator),
            Some(e) if ind.entry == Entry::FemaleMale && !e.female.is_empty() => format!("女 {} / 男 {}", e.female, e.male),
            _ => "—".to_string(),
        };
        let note = e.map(|e| e.note.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| "无区县数据".to_string());
        rows.push(vec![ind.id.clone(), ind.name.clone(), value, counts, note]);
    }
    b.push(table(format!("{year}年市级汇总数值"), &["编号", "指标", "市级数值", "分子 / 分母（人数）", "汇总说明"], rows));
    b
}

/// The report's blocks up to its annex, as screen blocks (the title and subtitles left out).
fn report_blocks(spec: &DocumentSpec) -> Vec<ScreenBlock> {
    let mut out = Vec::new();
    for block in &spec.blocks {
        match block {
            Block::PageBreak => break,
            Block::Heading { level, text } => out.push(ScreenBlock { level: (*level).clamp(1, 2), text: text.clone(), ..Default::default() }),
            Block::Paragraph { lead, text } if lead.is_empty() => out.push(para(text.clone())),
            Block::Paragraph { lead, text } => out.push(para(format!("{lead}　{text}"))),
            Block::Note { text } => out.push(para(text.clone())),
            Block::Table { caption, header, rows, .. } => out.push(ScreenBlock {
                level: TABLE,
                text: caption.clone(),
                head: header.clone(),
                rows: rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect(),
            }),
            _ => {}
        }
    }
    out
}

fn comparison_spec(w: &Worked, year: u16, date: &str) -> (DocumentSpec, u16) {
    let parts = w.inputs.parts(&w.counties);
    let c = compare(&w.city, &w.sum.dataset, &parts, year);
    let y = c.year;
    (super::report::city_report(&w.city, &c, date), y)
}

/// The 市级汇总 screen of `input` (see the module doc), or every problem, each naming its file.
pub fn city_screen(input: &CityInput) -> Result<CityScreen, Vec<String>> {
    let w = work(input)?;
    let years = years_with_data(&w.city, &w.sum.dataset);
    let year = chosen_year(&w.city, &years, input.year);
    let (spec, year) = comparison_spec(&w, year, "");
    let mut blocks = map_blocks(&w);
    blocks.extend(sum_blocks(&w, year));
    blocks.extend(report_blocks(&spec));
    let day: String = input.at.trim().chars().take(10).collect();
    Ok(CityScreen {
        title: spec.title.clone(),
        year,
        years,
        notices: w.inputs.notices.clone(),
        blocks,
        map_name: if w.auto { format!("{}指标对照表-自动对照.toml", w.city.region) } else { w.map_name.clone() },
        map_toml: w.map_toml.clone(),
        data_name: format!("{}市级汇总数据-{day}.json", w.city.region),
        data_json: w.sum.json.clone(),
        report_name: format!("{}.docx", spec.title),
    })
}

/// The city report (比较报告) of `input` as one report outline (written as Word by `report::docx`), or every
/// problem.
pub fn report_spec(input: &CityInput) -> Result<DocumentSpec, Vec<String>> {
    let w = work(input)?;
    let years = years_with_data(&w.city, &w.sum.dataset);
    let year = chosen_year(&w.city, &years, input.year);
    Ok(comparison_spec(&w, year, &input.date).0)
}
