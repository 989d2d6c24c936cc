//! The export a person works in: the workbook read by a reader that is not ours (calamine, and
//! its XML for the frozen header and filters), the CSV's byte-order mark and local date columns
//! read by pandas, and the format named by the file's extension.

use crate::common::*;
use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use chrono::NaiveDateTime;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-20 09:00";

/// The workbook's process columns: the CSV export's, without the local ones.
const PROCESS_COLUMNS: &[&str] = crate::common::CSV_COLUMNS.split_at(26).0;

const PLAN_COLUMNS: [&str; 9] = [
    "process", "company", "role", "action", "who", "opens", "due_by", "status", "why",
];

/// An action as the plan sheet and `due` both give it: process, company, action, opens, due by
/// (local clock times to the minute), status.
type PlanRow = (u64, String, String, Option<String>, Option<String>, String);

/// A summer interview at Gamma (Paris at +02:00), two rounds at Acme in winter (+01:00), the
/// second with a recruiter as the contact, and an application at Beta with no interview yet.
fn search() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-06-10 18:00",
        &[
            "add",
            "-c",
            "Gamma",
            "-r",
            "Dev",
            "--at",
            "today 15:30",
            "-i",
            "Bob Li",
        ],
    );
    env.ok(
        "2026-06-20 10:00",
        &["log-reply", "gamma", "--kind", "rejection"],
    );
    env.ok(
        "2026-11-12 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 10:00",
            "--round",
            "phone screen",
            "--contact",
            "Sam Roe <sam@acme.test>, Recruiter",
        ],
    );
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 14:30",
            "--round",
            "onsite",
            "-i",
            "Jane Doe <jane@acme.test>, Head of Platform",
        ],
    );
    env.ok(
        "2026-11-16 09:00",
        &["apply", "-c", "Beta", "-r", "SRE", "--at", "today 08:15"],
    );
    env
}

fn moment(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// The cell as a date, which it must be.
fn date_cell(cell: &Data) -> NaiveDateTime {
    assert!(
        matches!(cell, Data::DateTime(_)),
        "not a date cell: {cell:?}"
    );
    cell.as_datetime().expect("a date")
}

fn text_cell(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.clone(),
        Data::Empty => String::new(),
        other => panic!("not a text cell: {other:?}"),
    }
}

fn number_cell(cell: &Data) -> f64 {
    match cell {
        Data::Float(n) => *n,
        Data::Int(n) => *n as f64,
        other => panic!("not a number cell: {other:?}"),
    }
}

/// A sheet's rows as calamine reads them.
fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("calamine opens the workbook");
    let range = book.worksheet_range(name).expect("the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn header(rows: &[Vec<Data>]) -> Vec<String> {
    rows[0].iter().map(text_cell).collect()
}

/// A file inside the workbook (a zip of XML files).
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).expect("a zip file");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|err| panic!("{name}: {err}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_has_date_cells_a_frozen_header_and_filters() {
    let env = search();
    let path = env.root.path().join("search.xlsx");
    // The extension names the format.
    let said = env.ok(NOW, &["export", "-o", path.to_str().unwrap()]);
    assert_eq!(
        said,
        format!(
            "Wrote 4 rows and {} planned actions to {}.\n",
            {
                let due = env.due(NOW, 3660);
                due["actions"].as_array().unwrap().len()
            },
            path.display()
        )
    );
    let book: Xlsx<_> = open_workbook(&path).expect("calamine opens the workbook");
    assert_eq!(book.sheet_names(), ["Processes", "Plan"]);

    let rows = sheet(&path, "Processes");
    assert_eq!(header(&rows), PROCESS_COLUMNS);
    assert_eq!(
        rows.len(),
        1 + 4,
        "a row per round, and one for the application"
    );
    let col = |name: &str| PROCESS_COLUMNS.iter().position(|c| *c == name).unwrap();
    let by_company = |company: &str| -> Vec<&Vec<Data>> {
        rows[1..]
            .iter()
            .filter(|row| text_cell(&row[col("company")]) == company)
            .collect()
    };
    let gamma = by_company("Gamma");
    // Summer and winter: the clock time, with no offset to trip over.
    assert_eq!(
        date_cell(&gamma[0][col("date")]),
        moment("2026-06-10 15:30")
    );
    assert_eq!(
        date_cell(&gamma[0][col("closed")]),
        moment("2026-06-20 10:00")
    );
    assert_eq!(text_cell(&gamma[0][col("status")]), "rejected");
    let acme = by_company("Acme");
    assert_eq!(acme.len(), 2);
    assert_eq!(number_cell(&acme[0][col("id")]), 2.0);
    assert_eq!(
        [
            number_cell(&acme[0][col("round")]),
            number_cell(&acme[1][col("round")])
        ],
        [1.0, 2.0]
    );
    assert_eq!(date_cell(&acme[0][col("date")]), moment("2026-11-12 10:00"));
    assert_eq!(date_cell(&acme[1][col("date")]), moment("2026-11-19 14:30"));
    assert_eq!(text_cell(&acme[1][col("label")]), "onsite");
    assert_eq!(
        text_cell(&acme[1][col("interviewers")]),
        "Jane Doe <jane@acme.test>, Head of Platform"
    );
    assert_eq!(acme[0][col("closed")], Data::Empty);
    let beta = by_company("Beta");
    assert_eq!(beta.len(), 1, "the application has its row");
    assert_eq!(beta[0][col("round")], Data::Empty);
    assert_eq!(beta[0][col("date")], Data::Empty);
    assert_eq!(
        date_cell(&beta[0][col("applied")]),
        moment("2026-11-16 08:15")
    );
    assert_eq!(text_cell(&beta[0][col("status")]), "open");

    // The plan: every pending action, as `due` plans it.
    let plan = sheet(&path, "Plan");
    assert_eq!(header(&plan), PLAN_COLUMNS);
    let due = env.due(NOW, 3660);
    let local = |rfc3339: &Value| {
        rfc3339.as_str().map(|text| {
            chrono::DateTime::parse_from_rfc3339(text)
                .unwrap()
                .naive_local()
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
    };
    let wanted: BTreeSet<PlanRow> = due["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["process"].as_u64().unwrap(),
                a["company"].as_str().unwrap().to_string(),
                a["action"].as_str().unwrap().to_string(),
                local(&a["from"]),
                local(&a["by"]),
                a["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let shown = |cell: &Data| match cell {
        Data::Empty => None,
        cell => Some(date_cell(cell).format("%Y-%m-%d %H:%M").to_string()),
    };
    let got: BTreeSet<_> = plan[1..]
        .iter()
        .map(|row| {
            (
                number_cell(&row[0]) as u64,
                text_cell(&row[1]),
                text_cell(&row[3]),
                shown(&row[5]),
                shown(&row[6]),
                text_cell(&row[7]),
            )
        })
        .collect();
    assert_eq!(got, wanted);
    assert_eq!(plan.len() - 1, wanted.len(), "one row per action");
    let row = |action: &str, who: &str| {
        plan[1..]
            .iter()
            .find(|row| text_cell(&row[3]) == action && text_cell(&row[4]) == who)
            .unwrap_or_else(|| panic!("no {action} to {who:?} in {plan:?}"))
    };
    let thanks = row("thank-you", "Jane Doe");
    assert_eq!(text_cell(&thanks[1]), "Acme");
    assert_eq!(text_cell(&thanks[2]), "Backend Engineer");
    assert_eq!(date_cell(&thanks[5]), moment("2026-11-19 14:30"));
    assert_eq!(date_cell(&thanks[6]), moment("2026-11-21 14:30"));
    assert_eq!(text_cell(&thanks[7]), "due");
    assert!(
        text_cell(&thanks[8]).contains("onsite on Thu 19 Nov 14:30"),
        "{thanks:?}"
    );
    // A message to the company goes to its contact.
    let follow_up = row("follow-up", "Sam Roe");
    assert_eq!(text_cell(&follow_up[1]), "Acme");
    // What is not a message goes to nobody, contact or not.
    for row in plan[1..].iter().filter(|r| text_cell(&r[1]) == "Acme") {
        if ["debrief", "review-debrief", "move-on", "prep"].contains(&text_cell(&row[3]).as_str()) {
            assert_eq!(text_cell(&row[4]), "", "{row:?}");
        }
    }
    assert!(
        plan[1..]
            .iter()
            .any(|r| text_cell(&r[1]) == "Acme" && text_cell(&r[3]) == "debrief"),
        "{plan:?}"
    );
    let stay = row("stay-in-touch", "");
    assert_eq!(text_cell(&stay[1]), "Gamma");
    assert_eq!(date_cell(&stay[5]), moment("2026-09-18 00:00"));

    // Created at now, 09:00 in Paris, which is 08:00 UTC.
    let core = part(&path, "docProps/core.xml");
    assert!(core.contains(">2026-11-20T08:00:00Z<"), "{core}");
    // What calamine does not read: the frozen header row and the filters, in the sheets' XML.
    for (sheet, range) in [
        ("xl/worksheets/sheet1.xml", "A1:Z5"),
        ("xl/worksheets/sheet2.xml", &*format!("A1:I{}", plan.len())),
    ] {
        let xml = part(&path, sheet);
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}: {xml}"
        );
        assert!(
            xml.contains(&format!(r#"<autoFilter ref="{range}"/>"#)),
            "{sheet}: {xml}"
        );
    }
    // Exported twice, the same file.
    let again = env.root.path().join("again.xlsx");
    env.ok(NOW, &["export", "-o", again.to_str().unwrap()]);
    assert!(fs::read(&again).unwrap() == fs::read(&path).unwrap());
}

#[test]
fn an_empty_store_is_a_workbook_of_headers() {
    let env = TestEnv::new();
    let path = env.root.path().join("empty.xlsx");
    env.ok(
        NOW,
        &["export", "--format", "xlsx", "-o", path.to_str().unwrap()],
    );
    let processes = sheet(&path, "Processes");
    assert_eq!(processes.len(), 1);
    assert_eq!(header(&processes), PROCESS_COLUMNS);
    assert_eq!(header(&sheet(&path, "Plan")), PLAN_COLUMNS);
}

#[test]
fn a_workbook_names_whom_the_instructions_name_as_the_drafts_do() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-02 12:00",
        &[
            "add",
            "-c",
            "Initech",
            "-r",
            "Analyst",
            "--at",
            "2026-11-02 10:00",
            "--interviewer",
            "Sam Lee",
            "--interviewer",
            "Jane Doe",
            "--instructions",
            "write to Jane, not to the panel",
        ],
    );
    let now = "2026-11-17 09:00";
    let draft = env.ok(now, &["draft", "initech", "follow-up"]);
    assert!(draft.contains("Jane"), "{draft}");
    let path = env.root.path().join("plan.xlsx");
    env.ok(now, &["export", "-o", path.to_str().unwrap()]);
    let plan = sheet(&path, "Plan");
    let follow_up = plan[1..]
        .iter()
        .find(|row| text_cell(&row[3]) == "follow-up")
        .unwrap_or_else(|| panic!("no follow-up in {plan:?}"));
    assert_eq!(text_cell(&follow_up[4]), "Jane Doe");
}

/// Runs a Python script with `args`; stdout as JSON. Fails naming pandas when it is missing.
fn python(script: &str, args: &[&Path]) -> Value {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect(
            "this test needs python3 with pandas (apt install python3-pip; pip install pandas)",
        );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'pandas'"),
        "this test needs pandas: pip install pandas"
    );
    assert!(out.status.success(), "python failed: {stderr}");
    serde_json::from_slice(&out.stdout).unwrap()
}

const PANDAS: &str = r#"
import json, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], parse_dates=["date_local", "closed_local", "applied_local"])
print(json.dumps({
    "columns": list(frame.columns),
    "kinds": {c: frame[c].dtype.kind for c in ["date_local", "closed_local", "applied_local"]},
    "date_kind": pd.read_csv(sys.argv[1], parse_dates=["date"])["date"].dtype.kind,
    "date_local": [None if pd.isna(v) else v.isoformat() for v in frame["date_local"]],
    "applied_local": [None if pd.isna(v) else v.isoformat() for v in frame["applied_local"]],
    "company": list(frame["company"]),
}))
"#;

#[test]
fn the_csv_has_a_bom_on_request_and_local_dates_that_pandas_reads_as_dates() {
    let env = search();
    let plain = env.ok(NOW, &["export", "--format", "csv"]);
    assert!(
        plain.starts_with("id,company,"),
        "no BOM unless asked: {plain}"
    );
    let path = env.root.path().join("search.csv");
    env.ok(NOW, &["export", "--bom", "-o", path.to_str().unwrap()]);
    let bytes = fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
    assert_eq!(
        &bytes[3..],
        plain.as_bytes(),
        "the same file after the mark"
    );

    let mut reader = csv::Reader::from_reader(plain.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cell = |row: usize, name: &str| {
        let at = header.iter().position(|h| h == name).unwrap();
        rows[row][at].to_string()
    };
    // Across the change to winter time: RFC 3339 with each offset, and the local clock time.
    assert_eq!(
        [cell(0, "date"), cell(0, "date_local")],
        ["2026-06-10T15:30:00+02:00", "2026-06-10 15:30"]
    );
    assert_eq!(
        [cell(0, "closed"), cell(0, "closed_local")],
        ["2026-06-20T10:00:00+02:00", "2026-06-20 10:00"]
    );
    assert_eq!(
        [cell(2, "date"), cell(2, "date_local")],
        ["2026-11-19T14:30:00+01:00", "2026-11-19 14:30"]
    );
    assert_eq!(
        [
            cell(3, "company"),
            cell(3, "round"),
            cell(3, "date"),
            cell(3, "applied"),
            cell(3, "applied_local")
        ],
        [
            "Beta",
            "",
            "",
            "2026-11-16T08:15:00+01:00",
            "2026-11-16 08:15"
        ]
    );

    // pandas, with the mark (it reads the first header as "id", not "\u{feff}id").
    let read = python(PANDAS, &[&path]);
    assert_eq!(read["columns"][0], "id");
    assert_eq!(
        read["kinds"],
        serde_json::json!({"date_local": "M", "closed_local": "M", "applied_local": "M"}),
        "datetime columns"
    );
    assert_eq!(
        read["date_local"],
        serde_json::json!([
            "2026-06-10T15:30:00",
            "2026-11-12T10:00:00",
            "2026-11-19T14:30:00",
            null
        ])
    );
    assert_eq!(read["applied_local"][3], "2026-11-16T08:15:00");
    // What the local column is for: the offsets of summer and winter make `date` text to pandas.
    assert_ne!(read["date_kind"], "M");
}

#[test]
fn an_export_with_local_columns_and_a_bom_imports_back_the_same() {
    let env = TestEnv::new();
    env.ok(
        "2026-06-10 18:00",
        &[
            "add",
            "-c",
            "Gamma",
            "-r",
            "Dev",
            "--at",
            "today 15:30",
            "-i",
            "Bob Li",
        ],
    );
    env.ok(
        "2026-11-19 16:00",
        &["add", "-c", "Acme", "-r", "Backend", "--at", "today 14:30"],
    );
    let first = env.ok(NOW, &["export", "--format", "csv"]);
    for (name, flags) in [("with-bom.csv", &["--bom"][..]), ("tabs.tsv", &[][..])] {
        let path = env.root.path().join(name);
        let mut args = vec!["export", "-o", path.to_str().unwrap()];
        args.extend_from_slice(flags);
        env.ok(NOW, &args);
        let other = TestEnv::new();
        let out = other
            .at(NOW)
            .args(["import", "--format", "csv", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "Imported 2 processes (2 rounds).\nSet aside as history, their time past when imported: 1 thank-you, 1 debrief, 1 connect, 1 follow-up (dismissed; `followup show ID` lists them).\n"
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{name}: the local columns are known, not warned about"
        );
        assert_eq!(
            other.ok(NOW, &["export", "--format", "csv"]),
            first,
            "{name}"
        );
    }
    let tsv = fs::read_to_string(env.root.path().join("tabs.tsv")).unwrap();
    assert!(tsv.starts_with("id\tcompany\trole\t"), "{tsv}");
}

#[test]
fn the_extension_names_the_format_and_an_unknown_one_is_refused() {
    let env = search();
    let root = env.root.path();
    for (name, starts) in [
        ("plan.ics", "BEGIN:VCALENDAR"),
        ("store.JSON", "{"),
        ("rows.csv", "id,company,"),
        ("rows.tsv", "id\tcompany\t"),
        ("book.xlsx", "PK"),
    ] {
        let path = root.join(name);
        env.ok(NOW, &["export", "-o", path.to_str().unwrap()]);
        let bytes = fs::read(&path).unwrap();
        assert!(bytes.starts_with(starts.as_bytes()), "{name}");
    }
    // --format wins over the extension.
    let path = root.join("rows.txt");
    env.ok(
        NOW,
        &["export", "--format", "csv", "-o", path.to_str().unwrap()],
    );
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("id,company,")
    );

    let accepted = "give --format, or a file ending in .csv, .tsv, .json, .ics or .xlsx";
    let refused = |args: &[&str]| env.refused(env.at(NOW).args(args), 2);
    assert_eq!(
        refused(&["export", "-o", "notes.txt"]),
        format!("followup: --output notes.txt: the extension .txt names no format: {accepted}")
    );
    assert_eq!(
        refused(&["export", "-o", "notes"]),
        format!("followup: --output notes: no extension names the format: {accepted}")
    );
    assert_eq!(
        refused(&["export"]),
        "followup: give --format (csv, tsv, json, ics or xlsx), or an --output file ending in \
         .csv, .tsv, .json, .ics or .xlsx"
    );
    assert_eq!(
        refused(&["export", "--bom", "-o", "store.json"]),
        "followup: --bom goes with --format csv or tsv: the other formats say their encoding themselves"
    );
    assert!(!root.join("notes.txt").exists() && !root.join("notes").exists());
}

#[test]
fn a_workbook_is_not_written_to_a_terminal_but_may_be_piped() {
    let env = search();
    // `script` gives the run a terminal for its output.
    let bin = env
        .std_command()
        .get_program()
        .to_string_lossy()
        .into_owned();
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("'{bin}' export --format xlsx"),
            "/dev/null",
        ])
        .envs(
            env.std_command()
                .get_envs()
                .filter_map(|(k, v)| Some((k, v?))),
        )
        .current_dir(env.root.path())
        .env("FOLLOWUP_NOW", NOW)
        .output()
        .expect("this test needs script (util-linux: apt install bsdutils)");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains(
            "a workbook is binary, not for a terminal: give --output FILE.xlsx, or pipe it"
        ),
        "{shown}"
    );
    assert!(!shown.contains("PK"), "{shown}");
    // Piped, the bytes as they are.
    let out = env
        .at(NOW)
        .args(["export", "--format", "xlsx", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let path = env.root.path().join("piped.xlsx");
    fs::write(&path, &out.stdout).unwrap();
    assert_eq!(header(&sheet(&path, "Plan")), PLAN_COLUMNS);
}

#[test]
fn a_text_too_long_for_a_cell_is_refused_naming_its_process() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &["add", "-c", "Acme", "-r", "Backend", "--at", "today 14:30"],
    );
    // 16 384 emoji are 32 768 UTF-16 units, one more than a cell holds.
    env.ok(NOW, &["note", "acme", &"😀".repeat(16_384)]);
    let path = env.root.path().join("search.xlsx");
    let err = env.refused(
        env.at(NOW).args(["export", "-o", path.to_str().unwrap()]),
        1,
    );
    assert!(
        err.contains("#1 Acme · Backend: the notes cell holds 32768 characters, more than a spreadsheet cell holds (32767)"),
        "{err}"
    );
    assert!(!path.exists());
}

#[test]
fn a_cancelled_round_stays_cancelled_through_the_spreadsheet() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Initech",
            "-r",
            "Dev",
            "--at",
            "2026-11-27 10:00",
            "-i",
            "Bill",
        ],
    );
    env.ok(NOW, &["edit", "initech", "--cancel"]);
    let path = env.root.path().join("rounds.csv");
    env.ok(NOW, &["export", "-o", path.to_str().unwrap()]);
    let text = fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "cancelled").unwrap();
    assert_eq!(row[column], "yes", "{text}");
    let other = TestEnv::new();
    other.ok(NOW, &["import", path.to_str().unwrap()]);
    let due = other.ok(NOW, &["due", "--days", "30"]);
    assert!(
        !due.contains("prep"),
        "a cancelled round needs no prep:\n{due}"
    );
    assert_eq!(other.ok(NOW, &["export", "--format", "csv"]), text);
}
