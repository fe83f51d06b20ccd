//! WorkbookSpec → .xlsx bytes with rust_xlsxwriter.

use lishu_core::io::workbook::{Cell, SheetSpec, Style, Value, WorkbookSpec};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

/// Fallback creation time when the spec's is empty or unreadable: the DOS/zip epoch, clearly not a real date.
const DEFAULT_CREATED: (u16, u8, u8) = (1980, 1, 1);

/// Writes the workbook. Errors (e.g. an invalid sheet name) are in Chinese.
pub fn write(spec: &WorkbookSpec) -> Result<Vec<u8>, String> {
    build(spec).map_err(|e| format!("生成 Excel 文件失败：{e}"))
}

fn build(spec: &WorkbookSpec) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let props = DocProperties::new().set_title(&spec.title).set_creation_datetime(&created(&spec.created)?);
    wb.set_properties(&props);
    let styles = Styles::new();
    for sheet in &spec.sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet, &styles)?;
    }
    wb.save_to_buffer()
}

/// "2026-11-29T09:30:00+08:00" → that local date and time (the offset is dropped: Excel keeps none).
fn created(iso: &str) -> Result<ExcelDateTime, XlsxError> {
    let num = |a: usize, b: usize| iso.get(a..b).and_then(|s| s.parse::<u16>().ok());
    let date = (num(0, 4), num(5, 7), num(8, 10));
    let time = (num(11, 13), num(14, 16), num(17, 19));
    let parsed = match (date, time) {
        ((Some(y), Some(m), Some(d)), (h, mi, s)) => ExcelDateTime::from_ymd(y, m as u8, d as u8)
            .and_then(|dt| dt.and_hms(h.unwrap_or(0).min(23), mi.unwrap_or(0).min(59) as u8, s.unwrap_or(0).min(59))),
        _ => Err(XlsxError::ParameterError(String::new())),
    };
    match parsed {
        Ok(dt) => Ok(dt),
        Err(_) => ExcelDateTime::from_ymd(DEFAULT_CREATED.0, DEFAULT_CREATED.1, DEFAULT_CREATED.2),
    }
}

struct Styles {
    text: Format,
    title: Format,
    header: Format,
    number: Format,
    percent: Format,
    input: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color(Color::RGB(0xBFBFBF));
        let font = |f: Format| f.set_font_size(11);
        Styles {
            text: border(font(Format::new()).set_text_wrap().set_align(FormatAlign::VerticalCenter)),
            title: font(Format::new()).set_bold().set_font_size(14),
            header: border(font(Format::new()))
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xE7E6E6)),
            number: border(font(Format::new())).set_align(FormatAlign::VerticalCenter),
            percent: border(font(Format::new())).set_num_format("0.0%").set_align(FormatAlign::VerticalCenter),
            input: border(font(Format::new()))
                .set_unlocked()
                .set_num_format("@")
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xFFF9DB)),
            note: font(Format::new()).set_font_size(10).set_italic().set_font_color(Color::RGB(0x666666)),
        }
    }

    fn of(&self, style: &Style) -> Format {
        match style {
            Style::Text => self.text.clone(),
            Style::Title => self.title.clone(),
            Style::Header => self.header.clone(),
            Style::Number => self.number.clone(),
            Style::Percent => self.percent.clone(),
            Style::Input => self.input.clone(),
            Style::Note => self.note.clone(),
            Style::Status(hex) => self
                .number
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(hex_rgb(hex).unwrap_or(0x9E9E9E))),
        }
    }
}

/// "#2e9d4f" → 0x2E9D4F.
fn hex_rgb(hex: &str) -> Option<u32> {
    let h = hex.trim().trim_start_matches('#');
    (h.len() == 6).then(|| u32::from_str_radix(h, 16).ok()).flatten()
}

fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::ParameterError(format!("第 {} 列超出范围", c + 1)))
}

fn row(r: usize) -> Result<u32, XlsxError> {
    u32::try_from(r).map_err(|_| XlsxError::ParameterError(format!("第 {} 行超出范围", r + 1)))
}

fn write_sheet(ws: &mut Worksheet, sheet: &SheetSpec, styles: &Styles) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    for (c, w) in sheet.column_widths.iter().enumerate() {
        ws.set_column_width(col(c)?, *w)?;
    }
    for c in &sheet.hidden_columns {
        ws.set_column_hidden(*c)?;
    }
    let mut last_col = 0;
    for (r, cells) in sheet.rows.iter().enumerate() {
        last_col = last_col.max(cells.len().saturating_sub(1));
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, row(r)?, col(c)?, cell, styles)?;
        }
    }
    if sheet.freeze_rows > 0 || sheet.freeze_cols > 0 {
        ws.set_freeze_panes(sheet.freeze_rows, sheet.freeze_cols)?;
    }
    if sheet.autofilter && sheet.rows.len() > sheet.freeze_rows as usize {
        let header = sheet.freeze_rows.saturating_sub(1);
        ws.autofilter(header, 0, row(sheet.rows.len() - 1)?, col(last_col)?)?;
    }
    if sheet.protect {
        let options = ProtectionOptions {
            format_columns: true,
            format_rows: true,
            use_autofilter: true,
            ..ProtectionOptions::new()
        };
        ws.protect_with_options(&options);
    }
    if sheet.hidden {
        ws.set_hidden(true);
    }
    Ok(())
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, cell: &Cell, styles: &Styles) -> Result<(), XlsxError> {
    let format = styles.of(&cell.style);
    match &cell.value {
        Value::Empty => ws.write_blank(r, c, &format)?,
        Value::Text(s) => ws.write_string_with_format(r, c, lishu_core::text::clean(s), &format)?,
        Value::Number(v) => ws.write_number_with_format(r, c, *v, &format)?,
    };
    if !cell.choices.is_empty() {
        let dv = DataValidation::new()
            .allow_list_strings(&cell.choices)?
            .set_error_title("无效的选项")?
            .set_error_message("请从下拉列表中选择。")?;
        ws.add_data_validation(r, c, r, c, &dv)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours() {
        assert_eq!(hex_rgb("#2e9d4f"), Some(0x2E9D4F));
        assert_eq!(hex_rgb("2E9D4F"), Some(0x2E9D4F));
        assert_eq!(hex_rgb("#abc"), None);
        assert_eq!(hex_rgb("#zzzzzz"), None);
    }

    #[test]
    fn creation_time_from_iso_or_default() {
        let dt = created("2026-11-29T09:30:05+08:00").expect("date");
        assert_eq!(dt.to_excel(), ExcelDateTime::from_ymd(2026, 11, 29).and_then(|d| d.and_hms(9, 30, 5)).map(|d| d.to_excel()).expect("ok"));
        let fallback = created("").expect("fallback").to_excel();
        assert_eq!(fallback, ExcelDateTime::from_ymd(1980, 1, 1).expect("ok").to_excel());
        assert_eq!(created("2026-13-40").expect("fallback").to_excel(), fallback);
    }
}
