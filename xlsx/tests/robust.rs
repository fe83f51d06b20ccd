//! Robustness: arbitrary bytes and damaged .xlsx files never panic the reader (10 000 cases each); what
//! still reads goes through the template checks without panicking either; arbitrary edits of a template's
//! cells give a clean report.

#[path = "../../core/tests/io_support/mod.rs"]
mod io_support;

use io_support::mutation::{apply_byte_mutation, byte_mutation, ByteMutation};
use io_support::*;
use lishu_core::io::workbook::{read_template, template_workbook, Grid, DATA_SHEET};
use lishu_core::io::{import_reports, FileReport};
use lishu_core::Dataset;
use proptest::prelude::*;
use std::sync::OnceLock;

const AT: &str = "2026-11-29T09:30:00+08:00";

fn valid_xlsx() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| lishu_xlsx::write(&template_workbook(&cat(), &sample(), "", AT)).expect("writes"))
}

/// A report is consistent: accepted exactly when there is a dataset and no error.
fn check(rep: &FileReport, ds: &Option<Dataset>) -> Result<(), TestCaseError> {
    prop_assert_eq!(rep.accepted, ds.is_some());
    prop_assert_eq!(rep.accepted, rep.errors.is_empty());
    for m in rep.messages(&cat()) {
        prop_assert!(m.starts_with("文件“"), "{}", m);
    }
    Ok(())
}

fn read_all_the_way(bytes: &[u8]) -> Result<(), TestCaseError> {
    match lishu_xlsx::read(bytes) {
        Ok(grid) => {
            let (rep, ds) = read_template("变异.xlsx", &grid, &cat());
            check(&rep, &ds)?;
            let _ = import_reports(vec![(rep, ds)], &cat(), &sample());
        }
        Err(e) => prop_assert!(!e.is_empty()),
    }
    Ok(())
}

fn mutate(bytes: &[u8], muts: &[ByteMutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in muts {
        apply_byte_mutation(&mut b, m);
    }
    b
}

/// A cell edit of the template grid: any sheet/row/column near the table, any short text.
fn edit() -> impl Strategy<Value = (usize, usize, usize, String)> {
    (0usize..2, 0usize..40, 0usize..14, "[0-9a-zA-Z .,%‰\\-（）年编号分子一二]{0,8}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        read_all_the_way(&bytes)?;
        // The same bytes behind a zip signature reach the zip reader's header parsing.
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&bytes);
        read_all_the_way(&zipped)?;
    }

    #[test]
    fn damaged_xlsx_files_never_panic(muts in proptest::collection::vec(byte_mutation(64), 1..4)) {
        read_all_the_way(&mutate(valid_xlsx(), &muts))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    #[test]
    fn edited_templates_give_a_clean_report(edits in proptest::collection::vec(edit(), 1..6)) {
        let mut grid: Grid = template_workbook(&cat(), &sample(), "", AT).to_grid();
        for (sheet, row, col, text) in edits {
            let n = grid.sheets.len();
            let s = &mut grid.sheets[sheet % n];
            if s.rows.len() <= row {
                s.rows.resize(row + 1, Vec::new());
            }
            let r = &mut s.rows[row];
            if r.len() <= col {
                r.resize(col + 1, String::new());
            }
            r[col] = text;
        }
        let (rep, ds) = read_template("编辑.xlsx", &grid, &cat());
        check(&rep, &ds)?;
        if let Some(ds) = &ds {
            // Whatever was accepted passes the JSON import's value checks too.
            prop_assert!(lishu_core::io::validate("x", ds, &cat()).is_empty());
        }
        prop_assert!(grid.sheet(DATA_SHEET).is_some());
    }
}
