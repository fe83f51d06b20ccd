//! An accessible data table with exactly the numbers of a chart, derived from the chart's option JSON
//! (so chart and table can never disagree). Used under every chart for screen readers and copying to Excel.

use charming::Chart;
use lishu_core::catalogue::fmt_num;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A table: caption, column headers (the first is the row-header column) and rows (row header + cells).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataTable {
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

fn text(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), fmt_num),
        Value::String(s) => s.clone(),
        Value::Null => "—".to_string(),
        Value::Object(o) => o.get("value").map_or_else(|| "—".to_string(), text),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Bool(b) => b.to_string(),
    }
}

fn axes(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) => vec![v],
        _ => Vec::new(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Builds the data table of a chart: pies become (name, value) rows; category charts become one row per
/// category and one column per series, plus one column per horizontal reference line (target, base …).
pub fn table_from_chart(chart: &Chart) -> DataTable {
    // Through a JSON string, not `to_value`: the chart component serialises charts to strings already, and
    // a second serialiser would add another copy of charming's large `Serialize` code to the wasm.
    let Ok(json) = serde_json::to_string(chart).and_then(|s| serde_json::from_str::<Value>(&s)) else {
        return DataTable::default();
    };
    let title = json.get("title").map(axes).unwrap_or_default();
    let mut caption = title.first().and_then(|t| str_of(t, "text")).unwrap_or("图表数据").to_string();
    if let Some(sub) = title.first().and_then(|t| str_of(t, "subtext")) {
        caption.push_str(&format!("（{sub}）"));
    }
    let series: Vec<&Value> = json.get("series").and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
    let data_of = |s: &Value| s.get("data").and_then(Value::as_array).cloned().unwrap_or_default();

    if series.first().and_then(|s| str_of(s, "type")) == Some("pie") {
        let s = series[0];
        let rows = data_of(s)
            .iter()
            .map(|d| (str_of(d, "name").unwrap_or("").to_string(), vec![text(d)]))
            .collect();
        let col = str_of(s, "name").unwrap_or("数值").to_string();
        return DataTable { caption, headers: vec!["类别".to_string(), col], rows };
    }

    // The category axis (x or y) gives the rows.
    let all_axes: Vec<&Value> = ["xAxis", "yAxis"].iter().flat_map(|k| json.get(*k).map(axes).unwrap_or_default()).collect();
    let Some(cat_axis) = all_axes.iter().find(|a| str_of(a, "type") == Some("category")) else {
        return DataTable { caption, ..Default::default() };
    };
    let categories: Vec<String> =
        cat_axis.get("data").and_then(Value::as_array).map(|a| a.iter().map(text).collect()).unwrap_or_default();
    let mut headers = vec![str_of(cat_axis, "name").unwrap_or("类别").to_string()];
    let mut columns: Vec<Vec<String>> = Vec::new();
    for s in &series {
        headers.push(str_of(s, "name").unwrap_or("数值").to_string());
        let d = data_of(s);
        columns.push((0..categories.len()).map(|i| d.get(i).map_or_else(|| "—".to_string(), text)).collect());
    }
    // Horizontal reference lines (markLine items with a yAxis value) as constant columns.
    for s in &series {
        let marks = s.get("markLine").and_then(|m| m.get("data")).and_then(Value::as_array).cloned().unwrap_or_default();
        for m in marks {
            if let (Some(name), Some(y)) = (str_of(&m, "name"), m.get("yAxis")) {
                headers.push(name.to_string());
                columns.push(vec![text(y); categories.len()]);
            }
        }
    }
    let rows = categories
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c, columns.iter().map(|col| col[i].clone()).collect()))
        .collect();
    DataTable { caption, headers, rows }
}
