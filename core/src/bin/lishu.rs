//! Native command line over the same core the app uses (parsed with clap; `lishu --help`, `lishu 命令
//! --help`).
//!
//! ```text
//! lishu [--catalogue 目录.toml] catalogue                 目标目录（JSON）输出到标准输出
//! lishu catalogue check 目录.toml                          检查目录文件，列出全部问题（行号、字段）
//! lishu catalogue draft 规划.txt [-o 草稿.toml] [--id 编号] [--version 版本]  从规划原文起草目录
//! lishu [--catalogue 目录.toml] evaluate 数据.json [--year Y]  评估数据文件，输出评估结果（JSON，附计算过程）
//! lishu [--catalogue 目录.toml] merge [--office 全区.json] 甲.json 乙.json … -o 全区.json
//!                                                          合并各单位数据文件，冲突列在标准错误
//! lishu log 数据.json [--indicator 编号] [--unit 单位]     列出修改记录
//! lishu report --kind annual|midterm|final [--year Y] --plan women|children|both [--unit 单位]
//!              [--format docx|html] -o 报告.docx 数据.json      评估报告（Word 或 HTML）
//! lishu demo -o 演示数据.json                               演示数据写成数据文件
//! lishu catalogue link 新目录.toml [--previous 上一期.toml] -o 输出.toml   与上一期目录对照（接续关系）
//! lishu --catalogue 新目录.toml carry 上一期数据.json [--previous 上一期.toml] -o 新数据.json  转入上一期数据
//! lishu rollup map --catalogue 市级.toml 甲县.toml 乙县.toml … -o 对应表.toml   生成市级汇总对应表
//! lishu rollup check-map --catalogue 市级.toml --county-catalogue 甲县.toml … 对应表.toml  检查对应表
//! lishu rollup --catalogue 市级.toml --map 对应表.toml --county-catalogue 甲县.toml … 甲县.json … -o 市级.json
//!                                                          各县区数据汇总为市级数据文件（lishu_core::city）
//! lishu rollup report --catalogue 市级.toml --map 对应表.toml --county-catalogue 甲县.toml … 甲县.json …
//!              --year Y [--format docx|html] -o 报告.docx       市级比较报告（各县区状态、排名、拖后腿、缺数据）
//! ```
//! `--catalogue` defaults to the embedded catalogue. `-` as an input file is standard input, `-o -` standard
//! output; every input is size-checked before it is read (data files 32 MB, catalogues 4 MB, plan texts 2 MB),
//! and an output that is one of the inputs is refused. Exit codes: 0 ok (also `--help`, and a closed output
//! pipe such as `lishu catalogue | head`), 1 usage error, 2 bad input file(s).

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use lishu_core::catalogue::check::review_marks;
use lishu_core::catalogue::draft::{draft_catalogue, draft_toml, DraftOptions};
use lishu_core::catalogue::file::read_catalogue;
use lishu_core::dataset::InputError;
use lishu_core::eval::{IndicatorResult, Rollup, Warning};
use lishu_core::io::{self, time::format_iso_beijing};
use lishu_core::{evaluate, Catalogue, Evaluation};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "lishu",
    version,
    about = "妇女儿童发展规划监测评估：命令行（与网页应用同一核心）",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    /// 使用的目标目录文件（.toml）；默认使用内置目录
    #[arg(long, global = true, value_name = "目录.toml")]
    catalogue: Option<PathBuf>,
    /// 显示帮助
    #[arg(short, long, global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 输出完整目标目录（JSON）；或检查、起草目录文件
    Catalogue {
        #[command(subcommand)]
        action: Option<CatalogueAction>,
    },
    /// 评估数据文件，输出评估结果（JSON，每项指标附计算过程 explanation）
    Evaluate {
        /// 数据文件（应用导出的 .json，含合并后的全区文件）
        #[arg(value_name = "数据.json")]
        file: PathBuf,
        /// 评估年份（默认：数据中最近的年份）
        #[arg(long, value_name = "年份")]
        year: Option<u16>,
    },
    /// 列出数据文件中的修改记录（录入、导入、合并、撤销、恢复快照、提交、审核、退回、解锁）
    Log {
        /// 数据文件
        #[arg(value_name = "数据.json")]
        file: PathBuf,
        /// 只列出此指标的记录
        #[arg(long, value_name = "指标编号")]
        indicator: Option<String>,
        /// 只列出与此单位有关的记录（单位所做、关于该单位、其牵头或配合指标的改动）
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
    },
    /// 合并多个单位的数据文件；任何文件有错误则不写输出；冲突采用最近填报的数值并列在标准错误；已审核锁定的数值保持不变
    Merge {
        /// 妇儿工委办自己的全区数据文件（上次合并或备份的结果）：只有它的审核状态、锁定和修改记录算作工委办的；
        /// 其余文件一律按单位文件检查
        #[arg(long, value_name = "全区.json")]
        office: Option<PathBuf>,
        /// 各单位的数据文件
        #[arg(required = true, value_name = "文件.json")]
        files: Vec<PathBuf>,
        /// 输出文件
        #[arg(short, long, value_name = "输出.json")]
        output: PathBuf,
    },
    /// 生成评估报告（Word .docx 或 HTML）：年度监测、中期或终期评估报告，一部或两部规划，全区或一个单位
    Report {
        /// 报告类型：annual（年度监测报告）、midterm（中期评估）、final（终期评估）
        #[arg(long, value_name = "类型", value_parser = ["annual", "midterm", "final"])]
        kind: String,
        /// 年度监测报告的年份（默认：数据中最近的规划年份）
        #[arg(long, value_name = "年份")]
        year: Option<u16>,
        /// 规划：women（妇女）、children（儿童）、both（两部规划）
        #[arg(long, value_name = "规划", default_value = "both", value_parser = ["women", "children", "both"])]
        plan: String,
        /// 单位自评报告：该单位牵头或配合的指标（默认全区）
        #[arg(long, value_name = "单位")]
        unit: Option<String>,
        /// 输出格式
        #[arg(long, value_name = "格式", default_value = "docx", value_parser = ["docx", "html"])]
        format: String,
        /// 输出文件
        #[arg(short, long, value_name = "报告.docx")]
        output: PathBuf,
        /// 数据文件（应用导出的 .json，含合并后的全区文件）
        #[arg(value_name = "数据.json")]
        file: PathBuf,
    },
    /// 转入上一期数据：按 --catalogue 给出的新一期目录（写明接续关系）把上一期数据文件中接续指标的数据转入新目录的数据文件
    Carry {
        /// 上一期的数据文件（应用导出的 .json，通常为合并后的全区文件）
        #[arg(value_name = "上一期数据.json")]
        file: PathBuf,
        /// 上一期目录文件（默认：内置目录）
        #[arg(long, value_name = "上一期目录.toml")]
        previous: Option<PathBuf>,
        /// 输出文件（新目录的数据文件）
        #[arg(short, long, value_name = "新数据.json")]
        output: PathBuf,
    },
    /// 市级汇总：按对应表把各县区的数据文件汇总为市级目录（--catalogue）的数据文件；rollup map 生成对应表，
    /// rollup check-map 检查对应表，rollup report 生成市级比较报告。任何文件有错误则不写输出
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Rollup {
        #[command(subcommand)]
        action: Option<RollupAction>,
        /// 对应表（lishu rollup map 生成，可编辑）
        #[arg(long, value_name = "对应表.toml")]
        map: Option<PathBuf>,
        /// 县区目录文件（每个县区一个，可重复给出）
        #[arg(long = "county-catalogue", value_name = "县区目录.toml")]
        county_catalogue: Vec<PathBuf>,
        /// 各县区的数据文件（县区合并后的全区数据文件，按文件中的目录编号对应县区）
        #[arg(value_name = "县区数据.json")]
        files: Vec<PathBuf>,
        /// 输出文件（市级目录的数据文件）
        #[arg(short, long, value_name = "市级数据.json")]
        output: Option<PathBuf>,
    },
    /// 把演示数据写成数据文件（可用于试用命令行、导入应用）
    Demo {
        /// 输出文件
        #[arg(short, long, value_name = "演示数据.json")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum CatalogueAction {
    /// 检查目录文件：格式、编号、规划期等，列出全部问题（行号、字段）
    Check {
        #[arg(value_name = "目录.toml")]
        file: PathBuf,
    },
    /// 从规划原文起草目录：结构逐字取自原文，指标按措辞分类，无把握处标注 review 供人工核对
    Draft {
        /// 规划原文（UTF-8 文本，含两部规划的全文）
        #[arg(value_name = "规划.txt")]
        file: PathBuf,
        /// 草稿输出文件（默认写到标准输出）
        #[arg(short, long, value_name = "草稿.toml")]
        output: Option<PathBuf>,
        /// 目录编号（小写字母、数字和连字符；默认 draft-起始年-结束年）
        #[arg(long, value_name = "编号")]
        id: Option<String>,
        /// 目录版本（默认：印发日期.draft）
        #[arg(long, value_name = "版本")]
        version: Option<String>,
    },
    /// 与上一期目录对照：为新一期目录的每个指标提出接续的上一期指标（previous），无把握处标注 review
    Link {
        /// 新一期目录文件
        #[arg(value_name = "新目录.toml")]
        file: PathBuf,
        /// 上一期目录文件（默认：内置目录）
        #[arg(long, value_name = "上一期目录.toml")]
        previous: Option<PathBuf>,
        /// 输出文件（写明接续关系的新目录）
        #[arg(short, long, value_name = "输出.toml")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum RollupAction {
    /// 生成对应表：为每个县区目录和市级目录（--catalogue）的每个指标提出汇入的县区指标，无把握处标注 review
    Map {
        /// 各县区目录文件
        #[arg(required = true, value_name = "县区目录.toml")]
        counties: Vec<PathBuf>,
        /// 输出文件（对应表）
        #[arg(short, long, value_name = "对应表.toml")]
        output: PathBuf,
    },
    /// 检查对应表：未知编号、重复对应、单位不能换算等，列出全部问题（行号）
    CheckMap {
        /// 县区目录文件（每个县区一个，可重复给出）
        #[arg(long = "county-catalogue", value_name = "县区目录.toml")]
        county_catalogue: Vec<PathBuf>,
        /// 对应表
        #[arg(value_name = "对应表.toml")]
        map: PathBuf,
    },
    /// 市级比较报告（Word .docx 或 HTML）：汇总各县区数据，列出市级和各县区状态、排名、拖后腿的县区和缺数据情况
    Report {
        /// 对应表（lishu rollup map 生成，可编辑）
        #[arg(long, value_name = "对应表.toml")]
        map: PathBuf,
        /// 县区目录文件（每个县区一个，可重复给出）
        #[arg(long = "county-catalogue", value_name = "县区目录.toml", required = true)]
        county_catalogue: Vec<PathBuf>,
        /// 各县区的数据文件（县区合并后的全区数据文件）
        #[arg(required = true, value_name = "县区数据.json")]
        files: Vec<PathBuf>,
        /// 评估年份（市级目录的规划年份）
        #[arg(long, value_name = "年份")]
        year: u16,
        /// 输出格式
        #[arg(long, value_name = "格式", default_value = "docx", value_parser = ["docx", "html"])]
        format: String,
        /// 输出文件
        #[arg(short, long, value_name = "报告.docx")]
        output: PathBuf,
    },
}

enum CliError {
    Usage(String),
    Input(Vec<String>),
    /// The reader of our output went away (e.g. `| head`): stop quietly.
    ClosedPipe,
}

/// The command with Chinese help headings on every subcommand.
fn command() -> clap::Command {
    fn localise(c: clap::Command) -> clap::Command {
        let mut t = String::from("{about}\n\n用法：{usage}");
        if c.get_subcommands().next().is_some() {
            t.push_str("\n\n命令：\n{subcommands}");
        }
        if c.get_positionals().next().is_some() {
            t.push_str("\n\n参数：\n{positionals}");
        }
        t.push_str("\n\n选项：\n{options}");
        c.help_template(t).mut_subcommands(localise)
    }
    localise(Cli::command())
}

fn main() -> ExitCode {
    let cli = match command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(c) => c,
        Err(e) => return clap_exit(e),
    };
    let result = run(cli);
    match result {
        Ok(()) | Err(CliError::ClosedPipe) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("错误：{msg}\n（lishu --help 查看用法）");
            ExitCode::from(1)
        }
        Err(CliError::Input(msgs)) => {
            for m in msgs {
                eprintln!("错误：{m}");
            }
            ExitCode::from(2)
        }
    }
}

/// clap's outcome for help/version (exit 0) and usage errors (exit 1, the reason in Chinese).
fn clap_exit(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
        _ => {}
    }
    let context = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("未知参数“{}”", context(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!("未知命令“{}”", context(ContextKind::InvalidSubcommand)),
        ErrorKind::MissingRequiredArgument => format!("缺少参数 {}", context(ContextKind::InvalidArg)),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("参数 {} 的值“{}”无效", context(ContextKind::InvalidArg), context(ContextKind::InvalidValue))
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("多余的参数“{}”", context(ContextKind::InvalidArg))
        }
        _ => "命令行参数有误".to_string(),
    };
    eprintln!("错误：{what}\n{}", e.render().to_string().trim_end());
    ExitCode::from(1)
}

fn run(cli: Cli) -> Result<(), CliError> {
    // Every input of the command (the catalogue file too) and its output: the output never overwrites an input.
    let (inputs, output): (Vec<&Path>, Option<&Path>) = match &cli.command {
        Command::Catalogue { action: Some(CatalogueAction::Check { file }) } => (vec![file.as_path()], None),
        Command::Catalogue { action: Some(CatalogueAction::Draft { file, output, .. }) } => (vec![file.as_path()], output.as_deref()),
        Command::Catalogue { action: None } => (vec![], None),
        Command::Evaluate { file, .. } | Command::Log { file, .. } => (vec![file.as_path()], None),
        Command::Merge { office, files, output } => {
            (office.iter().chain(files.iter()).map(PathBuf::as_path).collect(), Some(output.as_path()))
        }
        Command::Report { file, output, .. } => (vec![file.as_path()], Some(output.as_path())),
        Command::Demo { output } => (vec![], Some(output.as_path())),
        Command::Catalogue { action: Some(CatalogueAction::Link { file, previous, output }) } => {
            (std::iter::once(file).chain(previous).map(PathBuf::as_path).collect(), Some(output.as_path()))
        }
        Command::Carry { file, previous, output } => {
            (std::iter::once(file).chain(previous).map(PathBuf::as_path).collect(), Some(output.as_path()))
        }
        Command::Rollup { action: Some(RollupAction::Map { counties, output }), .. } => {
            (counties.iter().map(PathBuf::as_path).collect(), Some(output.as_path()))
        }
        Command::Rollup { action: Some(RollupAction::CheckMap { county_catalogue, map }), .. } => {
            (county_catalogue.iter().chain(std::iter::once(map)).map(PathBuf::as_path).collect(), None)
        }
        Command::Rollup { action: Some(RollupAction::Report { map, county_catalogue, files, output, .. }), .. } => {
            (std::iter::once(map).chain(county_catalogue).chain(files).map(PathBuf::as_path).collect(), Some(output.as_path()))
        }
        Command::Rollup { action: None, map, county_catalogue, files, output } => {
            (map.iter().chain(county_catalogue).chain(files).map(PathBuf::as_path).collect(), output.as_deref())
        }
    };
    let mut all = inputs;
    all.extend(cli.catalogue.as_deref());
    check_paths(&all, output)?;
    if matches!(cli.command, Command::Rollup { .. }) && cli.catalogue.is_none() {
        return Err(CliError::Usage("市级汇总须用 --catalogue 给出市级目录文件".to_string()));
    }
    let cat: &Catalogue = match &cli.catalogue {
        None => Catalogue::embedded(),
        Some(path) => Box::leak(Box::new(load_catalogue(path)?)),
    };
    match cli.command {
        Command::Catalogue { action: None } => print(&to_json(cat)?),
        Command::Catalogue { action: Some(CatalogueAction::Check { file }) } => check(&file),
        Command::Catalogue { action: Some(CatalogueAction::Draft { file, output, id, version }) } => {
            draft(&file, output.as_deref(), DraftOptions { id, version })
        }
        Command::Catalogue { action: Some(CatalogueAction::Link { file, previous, output }) } => {
            cmd_link(&file, previous.as_deref(), &output)
        }
        Command::Evaluate { file, year } => cmd_evaluate(cat, &file, year),
        Command::Merge { office, files, output } => cmd_merge(cat, office.as_deref(), &files, &output),
        Command::Log { file, indicator, unit } => cmd_log(cat, &file, indicator.as_deref(), unit.as_deref()),
        Command::Report { kind, year, plan, unit, format, output, file } => {
            cmd_report(cat, &ReportArgs { kind: &kind, year, plan: &plan, unit: unit.as_deref(), format: &format }, &file, &output)
        }
        Command::Carry { file, previous, output } => cmd_carry(cat, &file, previous.as_deref(), &output),
        Command::Rollup { action, map, county_catalogue, files, output } => {
            cmd_rollup(cat, action, map.as_deref(), &county_catalogue, &files, output.as_deref())
        }
        Command::Demo { output } => {
            let ds = lishu_core::demo::demo_dataset(cat);
            let json = io::export_dataset(&ds, "", &now(), cat);
            write_file(&output, json.as_bytes())?;
            eprintln!("已写出演示数据（{}）到 {}", cat.describe(), shown(&output));
            Ok(())
        }
    }
}

/// Writes to stdout; a closed pipe ends the program quietly.
fn print(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::ClosedPipe),
        Err(e) => Err(CliError::Input(vec![format!("无法写出结果：{e}")])),
    }
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    format_iso_beijing(secs)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(v).map_err(|e| CliError::Input(vec![format!("无法生成 JSON：{e}")]))
}

// The plan text limit is the drafter's own (one number, in the core).
use lishu_core::catalogue::draft::MAX_PLAN_TEXT_BYTES;

/// True for the path `-`: standard input (or standard output for `-o -`).
fn is_dash(path: &Path) -> bool {
    path.as_os_str() == "-"
}

fn mb(limit: usize) -> String {
    format!("{} MB", limit / (1024 * 1024))
}

/// Reads a file (or standard input for `-`) of at most `limit` bytes. The size is checked before reading
/// (a regular file's length), and every read goes through `take(limit + 1)`, so a device (`/dev/zero`) or an
/// endless pipe stops at the limit. `what` names the kind of file in the message.
fn read_bounded(path: &Path, limit: usize, what: &str) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let name = name_of(path);
    let too_large = || CliError::Input(vec![format!("{what}“{name}”过大：超过 {} 上限，未读取。请确认是否选错文件", mb(limit))]);
    let failed = |e: std::io::Error| CliError::Input(vec![format!("无法读取文件 {}（{what}）：{e}", path.display())]);
    let mut bytes = Vec::new();
    let reader: Box<dyn Read> = if is_dash(path) {
        Box::new(std::io::stdin().lock())
    } else {
        let meta = std::fs::metadata(path).map_err(failed)?;
        if meta.is_dir() {
            return Err(CliError::Input(vec![format!("无法读取文件 {}：这是文件夹，不是{what}", path.display())]));
        }
        if meta.is_file() && meta.len() > limit as u64 {
            return Err(too_large());
        }
        Box::new(std::fs::File::open(path).map_err(failed)?)
    };
    reader.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A data file (at most `io::MAX_FILE_BYTES`).
fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    read_bounded(path, io::MAX_FILE_BYTES, "数据文件")
}

fn name_of(path: &Path) -> String {
    if is_dash(path) {
        return "标准输入".to_string();
    }
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// Refuses an output that is one of the inputs (same file after resolving links and `..`), so a command
/// never overwrites what it reads; and more than one input read from standard input.
fn check_paths(inputs: &[&Path], output: Option<&Path>) -> Result<(), CliError> {
    if inputs.iter().filter(|p| is_dash(p)).count() > 1 {
        return Err(CliError::Usage("只能有一个输入文件来自标准输入（-）".to_string()));
    }
    let Some(out) = output.filter(|o| !is_dash(o)) else { return Ok(()) };
    let Ok(out_real) = std::fs::canonicalize(out) else { return Ok(()) };
    for i in inputs.iter().filter(|p| !is_dash(p)) {
        if std::fs::canonicalize(i).is_ok_and(|r| r == out_real) {
            return Err(CliError::Usage(format!(
                "输出文件 {} 就是输入文件 {}，写出会覆盖输入；请另选输出文件名",
                out.display(),
                i.display()
            )));
        }
    }
    Ok(())
}

/// Reads and checks a catalogue file; every problem as "文件“x.toml”：第 N 行：…".
fn load_catalogue(path: &Path) -> Result<Catalogue, CliError> {
    let bytes = read_bounded(path, lishu_core::catalogue::file::MAX_CATALOGUE_BYTES, "目录文件")?;
    let name = name_of(path);
    read_catalogue(&bytes).map_err(|errs| CliError::Input(errs.iter().map(|e| format!("文件“{name}”：{}", e.message())).collect()))
}

fn check(path: &Path) -> Result<(), CliError> {
    let cat = load_catalogue(path)?;
    let p = cat.period;
    let mut text = format!(
        "目录文件“{}”检查通过：{}\n{}\n规划期 {}–{} 年，基数年 {}，中期评估年 {}",
        name_of(path),
        cat.describe(),
        cat.summary().message(),
        p.first,
        p.last,
        p.base,
        p.midterm
    );
    for (id, why) in review_marks(&cat) {
        text.push_str(&format!("\n需人工核对：{id}：{why}"));
    }
    print(&text)
}

/// The draft goes to the output file (or standard output), the summary to standard error.
fn draft(path: &Path, out: Option<&Path>, opts: DraftOptions) -> Result<(), CliError> {
    let bytes = read_bounded(path, MAX_PLAN_TEXT_BYTES, "规划原文")?;
    let name = name_of(path);
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        CliError::Input(vec![format!("文件“{name}”：不是 UTF-8 文本（第 {} 字节起无法识别），请另存为 UTF-8 编码", e.valid_up_to())])
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let draft = draft_catalogue(text, &opts)
        .map_err(|errors| CliError::Input(errors.iter().map(|e| format!("文件“{name}”：{}", e.message())).collect()))?;
    let toml = draft_toml(&draft).map_err(|e| CliError::Input(vec![e.to_string()]))?;
    match out.filter(|o| !is_dash(o)) {
        Some(o) => {
            write_file(o, toml.as_bytes())?;
            eprintln!("已生成目标目录草稿 {}：{}。请在文件中搜索“review = ”逐项核对。", o.display(), draft.summary.message());
        }
        None => {
            print(&toml)?;
            eprintln!("目标目录草稿：{}。请搜索“review = ”逐项核对。", draft.summary.message());
        }
    }
    Ok(())
}

fn cmd_evaluate(cat: &Catalogue, path: &Path, year: Option<u16>) -> Result<(), CliError> {
    if let Some(y) = year {
        if !cat.period.contains(y) {
            return Err(CliError::Usage(format!("年份 {y} 须在 {} 之间", cat.period.data_range())));
        }
    }
    let bytes = read(path)?;
    let (report, dataset) = io::read_file(&name_of(path), &bytes, cat);
    for n in &report.notices {
        eprintln!("提示：{n}");
    }
    let Some(dataset) = dataset else {
        return Err(CliError::Input(report.messages(cat)));
    };
    // The same plausibility warnings the entry page shows (they never block).
    for w in lishu_core::check::dataset_warnings(cat, &dataset) {
        eprintln!("请核对：{}", w.message(cat));
    }
    let year = year.unwrap_or_else(|| {
        dataset
            .data
            .values()
            .flat_map(|m| m.keys().copied())
            .filter(|y| cat.period.contains(*y))
            .max()
            .unwrap_or(cat.period.last)
    });
    let ev = evaluate(cat, &dataset, year);
    print(&to_json(&explained(cat, &ev))?)
}

/// A result with its audit trail written out.
#[derive(Serialize)]
struct ExplainedResult<'a> {
    #[serde(flatten)]
    result: &'a IndicatorResult,
    /// 计算过程.
    explanation: Vec<String>,
}

/// The evaluation as printed: every field of `Evaluation`, each result with its `explanation`.
#[derive(Serialize)]
struct ExplainedEvaluation<'a> {
    year: u16,
    results: Vec<ExplainedResult<'a>>,
    overall: &'a Rollup,
    by_plan: &'a [Rollup],
    by_domain: &'a [Rollup],
    by_goal: &'a [Rollup],
    by_unit: &'a [Rollup],
    warnings: &'a [(String, Warning)],
    errors: &'a [InputError],
}

fn explained<'a>(cat: &Catalogue, ev: &'a Evaluation) -> ExplainedEvaluation<'a> {
    // Exhaustive on purpose: a new field of `Evaluation` must be added to the output too.
    let Evaluation { year, results, overall, by_plan, by_domain, by_goal, by_unit, warnings, errors } = ev;
    ExplainedEvaluation {
        year: *year,
        results: results
            .iter()
            .map(|result| ExplainedResult { result, explanation: result.explanation(cat) })
            .collect(),
        overall,
        by_plan,
        by_domain,
        by_goal,
        by_unit,
        warnings,
        errors,
    }
}

/// The previous period's catalogue: the file given, else the embedded catalogue.
fn previous_catalogue(path: Option<&Path>) -> Result<Catalogue, CliError> {
    path.map_or_else(|| Ok(Catalogue::embedded().clone()), load_catalogue)
}

fn cmd_link(file: &Path, previous: Option<&Path>, out: &Path) -> Result<(), CliError> {
    let old = previous_catalogue(previous)?;
    let linked = lishu_core::catalogue::link::link_file(&name_of(file), &read_bounded(file, lishu_core::catalogue::file::MAX_CATALOGUE_BYTES, "目录文件")?, &old).map_err(CliError::Input)?;
    write_file(out, linked.toml.as_bytes())?;
    eprintln!("已写出与上一期对照后的目录 {}（{}）", out.display(), linked.catalogue.describe());
    print(&linked.report)
}

fn cmd_carry(new: &Catalogue, file: &Path, previous: Option<&Path>, out: &Path) -> Result<(), CliError> {
    let old = previous_catalogue(previous)?;
    let carried = lishu_core::carry::carry_file(&name_of(file), &read(file)?, &old, new, &now()).map_err(CliError::Input)?;
    write_file(out, carried.json.as_bytes())?;
    eprintln!("已写出 {}（{}）", out.display(), new.describe());
    print(&carried.report)
}

/// `lishu rollup` and its `map` / `check-map` (bodies in `lishu_core::city::cli`; output only after success).
fn cmd_rollup(
    city: &Catalogue,
    action: Option<RollupAction>,
    map: Option<&Path>,
    county_catalogues: &[PathBuf],
    files: &[PathBuf],
    out: Option<&Path>,
) -> Result<(), CliError> {
    use lishu_core::city::{cli, CityError};
    let failed = |es: Vec<CityError>| CliError::Input(es.iter().map(ToString::to_string).collect());
    let counties = |paths: &[PathBuf]| -> Result<Vec<(String, Catalogue)>, CliError> {
        let mut all = Vec::new();
        let mut errors = Vec::new();
        for p in paths {
            match load_catalogue(p) {
                Ok(c) => all.push((name_of(p), c)),
                Err(CliError::Input(m)) => errors.extend(m),
                Err(e) => return Err(e),
            }
        }
        if errors.is_empty() { Ok(all) } else { Err(CliError::Input(errors)) }
    };
    let map_bytes = |p: &Path| read_bounded(p, lishu_core::catalogue::file::MAX_CATALOGUE_BYTES, "对应表");
    match action {
        Some(RollupAction::Map { counties: paths, output }) => {
            let made = cli::map_files(city, &counties(&paths)?).map_err(failed)?;
            write_file(&output, made.toml.as_bytes())?;
            eprintln!("已写出市级汇总对应表 {}（{}）；请搜索“review”逐项核对", shown(&output), city.describe());
            print(&made.report)
        }
        Some(RollupAction::CheckMap { county_catalogue, map }) => {
            if county_catalogue.is_empty() {
                return Err(CliError::Usage("请用 --county-catalogue 给出对应表中各县区的目录文件".to_string()));
            }
            let read = cli::check_map_file(city, &counties(&county_catalogue)?, &name_of(&map), &map_bytes(&map)?).map_err(failed)?;
            for n in &read.notices {
                eprintln!("提示：{n}");
            }
            let pairs: usize = read.map.counties.iter().map(|c| c.pairs.len()).sum();
            print(&format!("对应表“{}”检查通过：{} 个县区，对应 {pairs} 个", name_of(&map), read.map.counties.len()))
        }
        Some(RollupAction::Report { map, county_catalogue, files, year, format, output }) => {
            let p = city.period;
            if !p.is_plan_year(year) {
                return Err(CliError::Usage(format!("评估年份 {year} 须在市级目录的规划期 {}–{} 年之内", p.first, p.last)));
            }
            let cats = counties(&county_catalogue)?;
            let map_bytes = map_bytes(&map)?;
            let data = files.iter().map(|f| Ok((name_of(f), read(f)?))).collect::<Result<Vec<_>, CliError>>()?;
            let at = now();
            let date = lishu_core::io::time::chinese_date(&at);
            let done = cli::report_files(city, &name_of(&map), &map_bytes, &cats, &data, year, &at, &date).map_err(failed)?;
            for n in &done.notices {
                eprintln!("提示：{n}");
            }
            let mut spec = done.spec;
            spec.created = at;
            let bytes = match format.as_str() {
                "html" => lishu_core::report::html::to_html(&spec).into_bytes(),
                _ => lishu_core::report::docx::write_docx(&spec).map_err(|e| CliError::Input(vec![e.to_string()]))?,
            };
            write_file(&output, &bytes)?;
            let behind = done.comparison.indicators.iter().filter(|i| i.not_achieved()).count();
            eprintln!("已生成《{}》（{}），写入 {}", spec.title, if format == "html" { "HTML" } else { "Word" }, shown(&output));
            print(&format!("{} 个县区，市级指标 {} 项，其中未达标 {behind} 项", done.comparison.counties.len(), done.comparison.indicators.len()))
        }
        None => {
            let (Some(map), Some(out)) = (map, out) else {
                return Err(CliError::Usage("市级汇总须给出 --map 对应表.toml 和 -o 输出.json".to_string()));
            };
            if county_catalogues.is_empty() || files.is_empty() {
                return Err(CliError::Usage("请用 --county-catalogue 给出县区目录，并给出各县区的数据文件".to_string()));
            }
            let cats = counties(county_catalogues)?;
            let map_bytes = map_bytes(map)?;
            let mut data = Vec::new();
            for f in files {
                data.push((name_of(f), read(f)?));
            }
            let done = cli::rollup_files(city, &name_of(map), &map_bytes, &cats, &data, &now()).map_err(failed)?;
            for n in &done.notices {
                eprintln!("提示：{n}");
            }
            write_file(out, done.json.as_bytes())?;
            eprintln!("已写出市级数据 {}", shown(out));
            print(&done.report)
        }
    }
}

/// Writes a file, or standard output for `-`. A file is written through a temporary file next to it, renamed
/// at the end: a failed run leaves no half-written file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    if is_dash(path) {
        let mut out = std::io::stdout().lock();
        return match out.write_all(bytes).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(CliError::ClosedPipe),
            Err(e) => Err(CliError::Input(vec![format!("无法写出结果：{e}")])),
        };
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path)).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        CliError::Input(vec![format!("无法写入 {}：{e}", path.display())])
    })
}

/// Where an output went, for the closing message.
fn shown(path: &Path) -> String {
    if is_dash(path) {
        "标准输出".to_string()
    } else {
        path.display().to_string()
    }
}

struct ReportArgs<'a> {
    kind: &'a str,
    year: Option<u16>,
    plan: &'a str,
    unit: Option<&'a str>,
    format: &'a str,
}

fn cmd_report(cat: &Catalogue, a: &ReportArgs<'_>, path: &Path, out: &Path) -> Result<(), CliError> {
    use lishu_core::report::document::{report_document, PlanChoice};
    use lishu_core::report::html::to_html;
    use lishu_core::report::ReportKind;
    let p = cat.period;
    if let Some(y) = a.year {
        if a.kind != "annual" {
            return Err(CliError::Usage("--year 只用于年度监测报告（--kind annual）；中期、终期评估的年份取自目录".to_string()));
        }
        if !p.is_plan_year(y) {
            return Err(CliError::Usage(format!("年度监测报告的年份 {y} 须在规划期 {}–{} 年之内", p.first, p.last)));
        }
    }
    let choice = PlanChoice::parse(a.plan).ok_or_else(|| CliError::Usage(format!("未知的规划“{}”", a.plan)))?;
    let bytes = read(path)?;
    let (report, dataset) = io::read_file(&name_of(path), &bytes, cat);
    for n in &report.notices {
        eprintln!("提示：{n}");
    }
    let Some(ds) = dataset else {
        return Err(CliError::Input(report.messages(cat)));
    };
    let unit = a.unit.map(str::trim).filter(|u| !u.is_empty());
    if let Some(u) = unit {
        if !ds.unit_list(cat).iter().any(|x| x == u) {
            return Err(CliError::Usage(format!("单位“{u}”不在单位列表中（{}）", ds.unit_list(cat).join("、"))));
        }
    }
    let kind = match a.kind {
        "midterm" => ReportKind::MidTerm,
        "final" => ReportKind::Final,
        _ => {
            let latest = ds.data.values().flat_map(|m| m.keys().copied()).filter(|y| p.is_plan_year(*y)).max();
            ReportKind::Annual(a.year.or(latest).unwrap_or(p.first))
        }
    };
    let at = now();
    let date = lishu_core::io::time::chinese_date(&at);
    let mut spec = report_document(cat, &ds, kind, choice, unit, &date, &mut |_, _| None);
    spec.created = at;
    let bytes = match a.format {
        "html" => to_html(&spec).into_bytes(),
        _ => lishu_core::report::docx::write_docx(&spec).map_err(|e| CliError::Input(vec![e.to_string()]))?,
    };
    write_file(out, &bytes)?;
    eprintln!("已生成《{}》（{}），写入 {}", spec.title, if a.format == "html" { "HTML" } else { "Word" }, shown(out));
    Ok(())
}

fn cmd_log(cat: &Catalogue, path: &Path, indicator: Option<&str>, unit: Option<&str>) -> Result<(), CliError> {
    let bytes = read(path)?;
    let (report, dataset) = io::read_file(&name_of(path), &bytes, cat);
    let Some(ds) = dataset else {
        return Err(CliError::Input(report.messages(cat)));
    };
    if let Some(id) = indicator {
        if cat.indicator(id).is_none() {
            return Err(CliError::Usage(format!("目录中没有指标 {id}")));
        }
    }
    let entries = lishu_core::review::log_of(&ds, cat, indicator, unit);
    let mut text = String::new();
    let max = lishu_core::review::MAX_LOG;
    if ds.log.len() > max {
        text.push_str(&format!(
            "（此文件有 {} 条修改记录，超过上限 {max} 条：导入应用或合并时最早的 {} 条（审核动作除外）会移出）\n",
            ds.log.len(),
            ds.log.len() - max
        ));
    }
    for t in &ds.log_trimmed {
        text.push_str(&format!(
            "（{} 条更早的记录（至 {}）已于 {} 移出，见当时导出的备份文件）\n",
            t.count,
            lishu_core::io::time::short_time(&t.until),
            lishu_core::io::time::short_time(&t.at)
        ));
    }
    for e in &entries {
        text.push_str(&lishu_core::review::log_line(cat, e));
        text.push('\n');
    }
    text.push_str(&format!("共 {} 条记录", entries.len()));
    print(&text)
}

/// The office's file (`--office`, first) is the operator's own: its review states, locks and log are the
/// office's. Every other file is a unit's file whatever its `unit` says (`io::trust`).
fn cmd_merge(cat: &Catalogue, office: Option<&Path>, inputs: &[PathBuf], out: &Path) -> Result<(), CliError> {
    let mut files = Vec::new();
    for p in office.into_iter().chain(inputs.iter().map(PathBuf::as_path)) {
        files.push((name_of(p), read(p)?));
    }
    let at = now();
    let result = io::merge_with_office(&files, office.map(|_| 0), cat, &at);
    let mut rejected = Vec::new();
    for f in &result.files {
        for n in &f.notices {
            eprintln!("提示：{}：{n}", f.name);
        }
        if !f.accepted {
            rejected.extend(f.messages(cat));
        }
    }
    for n in &result.notices {
        eprintln!("提示：{n}");
    }
    for c in &result.conflicts {
        let name = cat.indicator(&c.conflict.indicator).map(|r| r.indicator.name.clone()).unwrap_or_default();
        eprintln!("冲突：{}（{}）{} 年", name, c.conflict.indicator, c.conflict.year);
        for cand in &c.conflict.candidates {
            let mark = if cand.source == c.chosen { "采用" } else { "保留为被替代值" };
            eprintln!("  [{mark}] {} {} {}：{}", cand.label, cand.unit, cand.time, cand.summary);
        }
    }
    for c in &result.refused {
        eprintln!("拒绝（已审核锁定）：{} {} 年，保留锁定的数值：{}", cat.indicator_label(&c.indicator), c.year, c.candidates[0].summary);
        for cand in c.candidates.iter().skip(1).filter(|x| x.entry.content() != c.candidates[0].entry.content()) {
            eprintln!("  未采用 {} {} {}：{}", cand.label, cand.unit, cand.time, cand.summary);
        }
    }
    if !rejected.is_empty() {
        return Err(CliError::Input(rejected));
    }
    let json = io::export_dataset(&result.dataset, "", &at, cat);
    write_file(out, json.as_bytes())?;
    eprintln!(
        "已合并 {} 个文件，{} 处冲突，{} 处因锁定被拒绝，写入 {}",
        files.len(),
        result.conflicts.len(),
        result.refused.len(),
        shown(out)
    );
    Ok(())
}
