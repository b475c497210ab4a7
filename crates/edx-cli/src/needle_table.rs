//! The needle examination table of `edx analyze`: one row per muscle and side, every cell with
//! its source and, where edxview derived it, what it rests on (layout in docs/cli.md).

use edx_core::model::NeedleExamination;
use edx_core::needle::examination::{Column, PrintedCell};
use serde::Serialize;

/// One row of the table.
#[derive(Debug, Serialize)]
pub struct RowReport {
    muscle: String,
    muscle_id: Option<String>,
    in_catalogue: bool,
    side: Option<String>,
    channel: Option<String>,
    recording_not_open: Option<String>,
    cells: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
struct CellReport {
    value: Option<String>,
    abnormal: bool,
    source: &'static str,
    basis: Option<String>,
}

/// The table's rows; `channel_label` names the channel a row was analysed from.
pub fn rows(examination: &NeedleExamination, channel_label: impl Fn(usize, usize) -> Option<String>) -> Vec<RowReport> {
    examination
        .rows
        .iter()
        .map(|row| {
            let cells = Column::ALL
                .into_iter()
                .map(|column| {
                    let PrintedCell { text, abnormal, source, basis } = column.printed(row);
                    let cell =
                        CellReport { value: (text != "—").then_some(text), abnormal, source: source.key(), basis };
                    (column.key().to_string(), serde_json::to_value(cell).expect("a cell serialises"))
                })
                .collect();
            RowReport {
                muscle: row.muscle.clone(),
                muscle_id: row.muscle_id.clone(),
                in_catalogue: row.muscle_id.is_some(),
                side: row.side.map(|side| side.to_string()),
                channel: row.recording.and_then(|link| channel_label(link.recording_idx, link.channel_idx)),
                recording_not_open: row.recording_not_open(),
                cells,
            }
        })
        .collect()
}

/// Prints the table as text: a cell's value, `*` after an abnormal one, and its source as a
/// letter (A analysed, T typed, F from a file).
pub fn print_text(rows: &[RowReport]) {
    if rows.is_empty() {
        return;
    }
    println!("\n  Needle examination (source: A analysed, T typed, F from a file; * abnormal; — not assessed)");
    let widths = [30, 6, 12, 10, 15, 10, 10, 12, 12, 12, 12, 12];
    let header: Vec<&str> = ["muscle", "side"].into_iter().chain(Column::ALL.map(Column::heading)).collect();
    print_line(&header.iter().map(|text| text.to_string()).collect::<Vec<_>>(), &widths);
    for row in rows {
        let muscle =
            if row.in_catalogue { row.muscle.clone() } else { format!("{} (not in the catalogue)", row.muscle) };
        let mut texts = vec![muscle, row.side.clone().unwrap_or_else(|| "—".into())];
        for column in Column::ALL {
            let cell = &row.cells[column.key()];
            let value = cell["value"].as_str().unwrap_or("—");
            let mark = if cell["abnormal"].as_bool() == Some(true) { "*" } else { "" };
            let source = match cell["source"].as_str() {
                Some("analysed") => " A",
                Some("typed") => " T",
                _ if cell["value"].is_null() => "",
                _ => " F",
            };
            texts.push(format!("{value}{mark}{source}"));
        }
        print_line(&texts, &widths);
        if let Some(note) = &row.recording_not_open {
            println!("      {note}");
        }
    }
}

fn print_line(texts: &[String], widths: &[usize]) {
    let line: Vec<String> = texts.iter().zip(widths).map(|(text, &width)| format!("{text:<width$}")).collect();
    println!("    {}", line.join(" ").trim_end());
}
