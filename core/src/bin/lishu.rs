//! Native command line over the same core the app uses.
//!
//! ```text
//! lishu catalogue                         目标目录（JSON）输出到标准输出
//! lishu catalogue draft PLAN.txt [-o OUT.toml] [--id ID] [--version V]
//!                                         由规划文本生成目标目录草稿（TOML，须人工核对）
//! lishu evaluate FILE.json [--year Y]     评估数据文件，输出评估结果（JSON，每项指标附计算过程 explanation）
//! lishu merge A.json B.json … -o OUT.json 合并各单位数据文件，冲突列在标准错误
//! ```
//! Exit codes: 0 ok, 1 usage error, 2 bad input file(s).

use lishu_core::catalogue::draft::{draft_catalogue, draft_toml, DraftOptions};
use lishu_core::eval::{IndicatorResult, Rollup, Warning};
use lishu_core::dataset::InputError;
use lishu_core::io::{self, time::format_iso_beijing};
use lishu_core::{evaluate, Catalogue, Evaluation};
use serde::Serialize;
use std::process::ExitCode;

const USAGE: &str = "用法：
  lishu catalogue                          输出完整目标目录（JSON）
  lishu catalogue draft 规划.txt [-o 草稿.toml] [--id 编号] [--version 版本]
                                           由规划文本生成目标目录草稿（须人工核对，搜索 review =）
  lishu evaluate 文件.json [--year 年份]   评估数据文件（默认评估年份 = 数据中最近的年份）
  lishu merge 甲.json 乙.json … -o 输出.json  合并多个单位的数据文件";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cat = Catalogue::embedded();
    let result = match args.first().map(String::as_str) {
        Some("catalogue") if args.len() == 1 => catalogue(cat),
        Some("catalogue") if args.get(1).is_some_and(|a| a == "draft") => cmd_draft(&args[2..]),
        Some("evaluate") => cmd_evaluate(cat, &args[1..]),
        Some("merge") => cmd_merge(cat, &args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(CliError::Usage("未知命令或参数".into())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Usage(msg)) => {
            eprintln!("错误：{msg}\n{USAGE}");
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

enum CliError {
    Usage(String),
    Input(Vec<String>),
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

fn catalogue(cat: &Catalogue) -> Result<(), CliError> {
    println!("{}", to_json(cat)?);
    Ok(())
}

/// `lishu catalogue draft 规划.txt [-o 草稿.toml] [--id 编号] [--version 版本]`: the draft goes to the output file
/// (or standard output), the summary to standard error.
fn cmd_draft(args: &[String]) -> Result<(), CliError> {
    let (mut file, mut out) = (None, None);
    let mut opts = DraftOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |what: &str| it.next().cloned().ok_or_else(|| CliError::Usage(format!("{a} 后缺少{what}")));
        match a.as_str() {
            "-o" | "--output" => out = Some(value("输出文件名")?),
            "--id" => opts.id = Some(value("目录编号")?),
            "--version" => opts.version = Some(value("目录版本")?),
            f if file.is_none() && !f.starts_with('-') => file = Some(f.to_string()),
            other => return Err(CliError::Usage(format!("多余的参数“{other}”"))),
        }
    }
    let path = file.ok_or_else(|| CliError::Usage("缺少规划文本文件".into()))?;
    let bytes = read(&path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        CliError::Input(vec![format!("{path}：不是 UTF-8 文本（第 {} 字节起无法识别），请另存为 UTF-8 编码", e.valid_up_to())])
    })?;
    let draft = draft_catalogue(text, &opts).map_err(|errors| CliError::Input(errors.iter().map(|e| format!("{path}：{}", e.message())).collect()))?;
    let toml = draft_toml(&draft).map_err(|e| CliError::Input(vec![e]))?;
    match out {
        Some(o) => {
            std::fs::write(&o, toml).map_err(|e| CliError::Input(vec![format!("无法写入 {o}：{e}")]))?;
            eprintln!("已生成目标目录草稿 {o}：{}。请在文件中搜索“review = ”逐项核对。", draft.summary.message());
        }
        None => {
            print!("{toml}");
            eprintln!("目标目录草稿：{}。请搜索“review = ”逐项核对。", draft.summary.message());
        }
    }
    Ok(())
}

fn read(path: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::Input(vec![format!("无法读取文件 {path}：{e}")]))
}

fn cmd_evaluate(cat: &Catalogue, args: &[String]) -> Result<(), CliError> {
    let mut file = None;
    let mut year = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--year" => {
                let y = it.next().ok_or_else(|| CliError::Usage("--year 后缺少年份".into()))?;
                let y: u16 = y.parse().map_err(|_| CliError::Usage(format!("年份“{y}”不是数字")))?;
                if !(2020..=2025).contains(&y) {
                    return Err(CliError::Usage(format!("年份 {y} 须在 2020–2025 之间")));
                }
                year = Some(y);
            }
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            other => return Err(CliError::Usage(format!("多余的参数“{other}”"))),
        }
    }
    let path = file.ok_or_else(|| CliError::Usage("缺少数据文件".into()))?;
    let bytes = read(&path)?;
    let (report, dataset) = io::read_file(&path, &bytes, cat);
    for n in &report.notices {
        eprintln!("提示：{n}");
    }
    let Some(dataset) = dataset else {
        return Err(CliError::Input(report.messages(cat)));
    };
    let year = year.unwrap_or_else(|| {
        dataset.data.values().flat_map(|m| m.keys().copied()).filter(|y| (2020..=2025).contains(y)).max().unwrap_or(2025)
    });
    let ev = evaluate(cat, &dataset, year);
    println!("{}", to_json(&explained(cat, &ev))?);
    Ok(())
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

fn cmd_merge(cat: &Catalogue, args: &[String]) -> Result<(), CliError> {
    let mut inputs = Vec::new();
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-o" || a == "--output" {
            out = Some(it.next().ok_or_else(|| CliError::Usage("-o 后缺少输出文件名".into()))?.clone());
        } else {
            inputs.push(a.clone());
        }
    }
    let out = out.ok_or_else(|| CliError::Usage("缺少 -o 输出文件".into()))?;
    if inputs.is_empty() {
        return Err(CliError::Usage("至少需要一个输入文件".into()));
    }
    let mut files = Vec::new();
    for p in &inputs {
        files.push((p.clone(), read(p)?));
    }
    let at = now();
    let result = io::merge(&files, cat, &at);
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
    if !rejected.is_empty() {
        return Err(CliError::Input(rejected));
    }
    let json = io::export_dataset(&result.dataset, "", &at, cat);
    std::fs::write(&out, json).map_err(|e| CliError::Input(vec![format!("无法写入 {out}：{e}")]))?;
    eprintln!("已合并 {} 个文件，{} 处冲突，写入 {out}", files.len(), result.conflicts.len());
    Ok(())
}
