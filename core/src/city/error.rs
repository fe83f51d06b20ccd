//! The typed errors of the city roll-up ([`super`]): each names the file, the county, the indicator and, for
//! the map file, the line where it can.

use std::fmt;

/// Where in the map file: its name and (1-based) line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    pub file: String,
    pub line: Option<usize>,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "文件“{}”第 {l} 行", self.file),
            None => write!(f, "文件“{}”", self.file),
        }
    }
}

/// One problem of a roll-up: of the map, of a county catalogue or of a county data file. Nothing is written
/// while any is found.
#[derive(Debug, Clone, PartialEq)]
pub enum CityError {
    /// The map file is not TOML of the map's shape (syntax, unknown or missing member, wrong type).
    MapSyntax { at: At, detail: String },
    /// The map is made for another city catalogue (id or version).
    MapOtherCity { at: At, found: String, expected: String },
    /// The map names a county catalogue that was not given (`--county-catalogue`).
    MapUnknownCounty { at: At, catalogue: String, given: Vec<String> },
    /// The map names a county catalogue by another version than the one given.
    MapCountyVersion { at: At, county: String, found: String, expected: String },
    /// The same county catalogue appears twice in the map.
    MapCountyTwice { at: At, catalogue: String },
    /// A city indicator id the city catalogue does not have.
    UnknownCityIndicator { at: At, county: String, id: String },
    /// A county indicator id the county's catalogue does not have.
    UnknownCountyIndicator { at: At, county: String, city_id: String, id: String },
    /// One county indicator feeds two city indicators.
    CountyIndicatorTwice { at: At, county: String, id: String, first: String, second: String },
    /// Units that cannot be converted (% and 人 …), or different non-rate units without a `scale`.
    UnitMismatch { at: At, county: String, city_id: String, county_id: String, city_unit: String, county_unit: String },
    /// A `scale` that contradicts the conversion of the units (% → ‰ is 10), or is not a positive number.
    BadScale { at: At, county: String, city_id: String, found: f64, expected: Option<f64> },
    /// Different entry kinds (a rate fed by a female/male pair …).
    EntryMismatch { at: At, county: String, city_id: String, county_id: String, city_entry: String, county_entry: String },
    /// A `review` or `scale` entry for a city indicator the county's `[county.map]` does not map.
    Unmapped { at: At, county: String, city_id: String, table: &'static str },
    /// The city catalogue was also given as a county's.
    CityAsCounty { file: String, catalogue: String },
    /// Two county catalogues with the same id.
    CountyCatalogueTwice { first: String, second: String, catalogue: String },
    /// A county catalogue of another plan period than the city's.
    CountyPeriod { file: String, county: String, found: String, expected: String },
    /// A county catalogue the map has no `[[county]]` for.
    CountyNotInMap { file: String, county: String, catalogue: String, map: String },
    /// A data file that could not be read or checked (damaged, not a data file, wrong values …).
    DataFile { file: String, messages: Vec<String> },
    /// A data file that does not name its catalogue.
    DataNoCatalogue { file: String },
    /// A data file whose catalogue was not given.
    DataUnknownCatalogue { file: String, catalogue: String, version: String, given: Vec<String> },
    /// A data file of another version of the county's catalogue.
    DataVersion { file: String, county: String, found: String, expected: String },
    /// A unit's data file (a county office's district file is needed).
    DataUnitFile { file: String, county: String, unit: String },
    /// Two data files of the same county.
    DataTwice { first: String, second: String, county: String },
    /// The rolled-up file would exceed the data-file size bound (`io::MAX_FILE_BYTES`), so it could not be
    /// read back here or anywhere: too many counties in one roll-up (each city entry lists every county's parts).
    TooLarge { bytes: usize, limit: usize, counties: usize },
    /// The rolled-up file does not read back with the city catalogue (a program error).
    Internal { messages: Vec<String> },
}

impl fmt::Display for CityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use CityError::*;
        match self {
            MapSyntax { at, detail } => write!(f, "{at}：对应表格式有误：{detail}"),
            MapOtherCity { at, found, expected } => {
                write!(f, "{at}：对应表是为市级目录 {found} 制作的，而给出的市级目录是 {expected}；请用同一目录重新生成（lishu rollup map）")
            }
            MapUnknownCounty { at, catalogue, given } => write!(
                f,
                "{at}：对应表中的县区目录 {catalogue} 未用 --county-catalogue 给出（给出的县区目录：{}）",
                list(given)
            ),
            MapCountyVersion { at, county, found, expected } => {
                write!(f, "{at}：{county}：对应表按目录版本 {found} 制作，而给出的目录版本为 {expected}；请重新生成或核对对应表")
            }
            MapCountyTwice { at, catalogue } => write!(f, "{at}：县区目录 {catalogue} 在对应表中出现两次"),
            UnknownCityIndicator { at, county, id } => write!(f, "{at}：{county}：市级目录中没有指标 {id}"),
            UnknownCountyIndicator { at, county, city_id, id } => {
                write!(f, "{at}：{county}：市级指标 {city_id} 对应的县区指标 {id} 不在{county}的目录中")
            }
            CountyIndicatorTwice { at, county, id, first, second } => write!(
                f,
                "{at}：{county}：县区指标 {id} 同时对应市级指标 {first} 和 {second}；一个县区指标只能汇入一个市级指标"
            ),
            UnitMismatch { at, county, city_id, county_id, city_unit, county_unit } => write!(
                f,
                "{at}：{county}：市级指标 {city_id}（单位“{city_unit}”）与县区指标 {county_id}（单位“{county_unit}”）单位不同且无法换算，不能汇总"
            ),
            BadScale { at, county, city_id, found, expected } => match expected {
                Some(e) => write!(
                    f,
                    "{at}：{county}：市级指标 {city_id} 的 scale = {} 与单位换算不符（应为 {}）",
                    crate::catalogue::fmt_num(*found),
                    crate::catalogue::fmt_num(*e)
                ),
                None => write!(f, "{at}：{county}：市级指标 {city_id} 的 scale = {} 须为正数", crate::catalogue::fmt_num(*found)),
            },
            EntryMismatch { at, county, city_id, county_id, city_entry, county_entry } => write!(
                f,
                "{at}：{county}：市级指标 {city_id}（填报{city_entry}）与县区指标 {county_id}（填报{county_entry}）填报方式不同，不能汇总"
            ),
            Unmapped { at, county, city_id, table } => {
                write!(f, "{at}：{county}：[county.{table}] 中的市级指标 {city_id} 在 [county.map] 中没有对应的县区指标")
            }
            CityAsCounty { file, catalogue } => {
                write!(f, "文件“{file}”：县区目录 {catalogue} 就是市级目录，请给出各县区自己的目录")
            }
            CountyCatalogueTwice { first, second, catalogue } => {
                write!(f, "文件“{first}”和“{second}”是同一个县区目录 {catalogue}，同一县区只能给出一次")
            }
            CountyPeriod { file, county, found, expected } => write!(
                f,
                "文件“{file}”：{county}的目录规划期为 {found}，与市级目录的规划期 {expected}不同，不能汇总；请给出同一规划期的县区目录"
            ),
            CountyNotInMap { file, county, catalogue, map } => {
                write!(f, "文件“{file}”：{county}（目录 {catalogue}）在对应表“{map}”中没有 [[county]]，请先补充对应表（lishu rollup map）")
            }
            DataFile { file, messages } => {
                write!(f, "数据文件“{file}”无法汇总：{}", messages.join("；"))
            }
            DataNoCatalogue { file } => {
                write!(f, "数据文件“{file}”没有写明目录编号（catalogue_id），无法判断是哪个县区的数据；请用应用重新导出")
            }
            DataUnknownCatalogue { file, catalogue, version, given } => write!(
                f,
                "数据文件“{file}”是目录 {catalogue}（版本 {version}）的数据，而该目录未用 --county-catalogue 给出（给出的县区目录：{}）",
                list(given)
            ),
            DataVersion { file, county, found, expected } => write!(
                f,
                "数据文件“{file}”：{county}的数据按目录版本 {found} 填报，而给出的{county}目录版本为 {expected}；请用同一版本的目录或数据"
            ),
            DataUnitFile { file, county, unit } => write!(
                f,
                "数据文件“{file}”是{county}单位“{unit}”的数据文件；汇总须用{county}妇儿工委办合并后的全区（县）数据文件"
            ),
            DataTwice { first, second, county } => {
                write!(f, "数据文件“{first}”和“{second}”都是{county}的数据，同一县区只能给出一个数据文件")
            }
            TooLarge { bytes, limit, counties } => write!(
                f,
                "汇总结果约 {:.1} MB，超过数据文件 {} MB 的上限（超过上限的文件本工具和上级都无法导入），未写出文件：一次汇总了 {counties} 个县区，\
                 每项市级数值的说明都列出全部县区的分子分母。请分级汇总：各市先汇总本市的县区，省再汇总各市的数据文件",
                *bytes as f64 / 1_048_576.0,
                limit / 1_048_576
            ),
            Internal { messages } => write!(f, "汇总后的数据未通过市级目录的检查（程序错误），未写出文件：{}", messages.join("；")),
        }
    }
}

impl std::error::Error for CityError {}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "无".to_string()
    } else {
        v.join("、")
    }
}
