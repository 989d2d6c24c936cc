//! Importing the spreadsheets people keep, as they are: the files in `trackers/` carry the
//! header rows of public trackers and exports (each named below), with rows written for these
//! tests. Each is imported without editing it, and the processes, contacts, stages and plans
//! it creates are read back with `list --json`, `show --json` and `due --json`.

use crate::common::*;
use serde_json::{Value, json};
use std::fs;
use std::path::PathBuf;

const NOW: &str = "2026-12-01 09:00";

fn tracker(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/trackers")
        .join(name)
}

/// Imports a tracker file (its format named by its extension); returns stdout and stderr.
fn import(env: &TestEnv, name: &str, flags: &[&str]) -> (String, String) {
    let path = tracker(name);
    let mut args = vec!["import", path.to_str().unwrap()];
    args.extend_from_slice(flags);
    let out = env.at(NOW).args(&args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// `list --all --json` as (id, company, role, stage) rows.
fn pipeline(env: &TestEnv) -> Vec<(u64, String, String, String)> {
    env.json(NOW, &["list", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_u64().unwrap(),
                r["company"].as_str().unwrap().to_string(),
                r["role"].as_str().unwrap().to_string(),
                r["stage"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rows(list: &[(u64, &str, &str, &str)]) -> Vec<(u64, String, String, String)> {
    list.iter()
        .map(|(id, c, r, s)| (*id, c.to_string(), r.to_string(), s.to_string()))
        .collect()
}

fn process(env: &TestEnv, id: &str) -> Value {
    env.show(NOW, id)["process"].clone()
}

/// The names of the interviewers of a process's rounds.
fn interviewers(process: &Value) -> Vec<Vec<String>> {
    process["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|round| {
            round["interviewers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_linkedin_data_export_becomes_applications_without_the_users_own_address() {
    // LinkedIn's data archive, "Jobs/Job Applications.csv": its header row as LinkedIn writes
    // it, and its dates as `11/3/26, 9:12 AM` (month first).
    let env = TestEnv::new();
    let (out, err) = import(
        &env,
        "linkedin-job-applications.csv",
        &["--date-order", "mdy"],
    );
    assert_eq!(
        out,
        "Imported 3 processes (3 applications).\nSet aside as history, their time past when imported: 1 follow-up (dismissed; `followup show ID` lists them).\n"
    );
    assert!(
        err.contains(
            "warning: a LinkedIn export: its \"Contact Email\" column is the address you applied with, not taken as a contact\n"
        ),
        "{err}"
    );
    assert_eq!(
        pipeline(&env),
        rows(&[
            (1, "Acme", "Backend Engineer", "applied"),
            (2, "Globex", "Site Reliability Engineer", "applied"),
            (3, "Initech", "Platform Lead", "applied"),
        ])
    );
    let acme = process(&env, "1");
    assert_eq!(acme["applied"], json!("2026-11-03T09:12:00+01:00"));
    assert_eq!(
        acme["link"],
        json!("http://www.linkedin.com/jobs/view/4001")
    );
    assert_eq!(acme["contact"], Value::Null);
    assert_eq!(acme["rounds"], json!([]));
    assert_eq!(
        env.plan(NOW, 14),
        // Its follow-up's window closed before the import: set aside, the move-on is ahead.
        expect(&[
            "#1 move-on 2026-12-01T00:00:00+01:00 .. - due",
            "#2 follow-up 2026-11-27T00:00:00+01:00 .. 2026-12-04T23:59:59+01:00 due",
            "#3 follow-up 2026-12-07T00:00:00+01:00 .. 2026-12-14T23:59:59+01:00 upcoming",
        ])
    );
    // With your address in the config, it is yours without a guess.
    let mine = TestEnv::new();
    mine.write_config("[user]\nname = \"Alex\"\nemail = \"Alex@example.test\"\n");
    let (_, err) = import(
        &mine,
        "linkedin-job-applications.csv",
        &["--date-order", "mdy"],
    );
    assert!(!err.contains("taken as yours"), "{err}");
    assert_eq!(process(&mine, "acme")["contact"], Value::Null);
    // Two rows are enough: the export is known by its shape.
    let two = TestEnv::new();
    let sheet = two.root.path().join("Job Applications.csv");
    let text = fs::read_to_string(tracker("linkedin-job-applications.csv")).unwrap();
    let lines: Vec<&str> = text.lines().take(3).collect();
    fs::write(&sheet, lines.join("\n")).unwrap();
    two.ok(
        NOW,
        &["import", sheet.to_str().unwrap(), "--date-order", "mdy"],
    );
    let contacts: Vec<Value> = pipeline(&two)
        .iter()
        .map(|(id, ..)| process(&two, &id.to_string())["contact"].clone())
        .collect();
    assert_eq!(contacts, [Value::Null, Value::Null]);
    // The archive's "Saved Jobs.csv": jobs not applied to, so nothing to follow up.
    let (out, err) = import(&mine, "linkedin-saved-jobs.csv", &["--date-order", "mdy"]);
    assert!(
        out.starts_with("Nothing to import: ")
            && out.ends_with(" lists only jobs saved, not applied to.\n"),
        "{out}"
    );
    assert!(
        err.contains("2 jobs saved but not applied to, not imported: Massive Dynamic (Staff Engineer), Acme (Backend Engineer)"),
        "{err}"
    );
    assert_eq!(pipeline(&mine).len(), 3);
    // Read day first, the same file names other dates: --date-order decides (a date that
    // reads one way only, 11/20/26, is read that way).
    let other = TestEnv::new();
    import(
        &other,
        "linkedin-job-applications.csv",
        &["--date-order", "dmy"],
    );
    assert_eq!(
        process(&other, "acme")["applied"],
        json!("2026-03-11T09:12:00+01:00")
    );
    assert_eq!(
        process(&other, "globex")["applied"],
        json!("2026-11-20T16:11:00+01:00")
    );
}

#[test]
fn a_teal_tracker_keeps_its_ids_and_says_what_it_could_not_place() {
    // Teal's job tracker columns (Job Position, Company, Max. Salary, Location, Status, Date
    // Saved, Deadline, Date Applied, Follow up, Excitement), with the ID column a public
    // `tracker.csv` built on them adds (JOB_YYYYMMDD_NNN).
    let env = TestEnv::new();
    let (out, err) = import(&env, "teal-job-tracker.csv", &[]);
    assert_eq!(
        out,
        "Imported 4 processes (4 applications).\nSet aside as history, their time past when imported: 3 follow-ups (dismissed; `followup show ID` lists them).\n"
    );
    assert!(
        err.contains("warning: status not known, imported as open: \"Waitlisted\" (line 5)\n"),
        "{err}"
    );
    assert!(
        err.contains("1 job saved but not applied to, not imported: Pied Piper (Analyst)"),
        "{err}"
    );
    assert_eq!(err.matches("status not known").count(), 1, "one warning");
    // Two rows of one company and role with their own ids are two processes.
    assert_eq!(
        pipeline(&env),
        rows(&[
            (1, "TechCorp", "Data Scientist", "applied"),
            (2, "Hooli", "ML Engineer", "no-response"),
            (3, "Umbrella", "Analyst", "applied"),
            (4, "Umbrella", "Analyst", "applied"),
        ])
    );
    let techcorp = process(&env, "1");
    assert_eq!(techcorp["external_ref"], json!("JOB_20261102_001"));
    assert_eq!(techcorp["applied"], json!("2026-11-02T00:00:00+01:00"));
    assert_eq!(
        process(&env, "4")["external_ref"],
        json!("JOB_20261102_005")
    );
    let hooli = process(&env, "2");
    assert_eq!(hooli["closed"]["outcome"], json!("no-response"));
    assert_eq!(hooli["closed"]["at"], json!("2026-11-03T00:00:00+01:00"));
}

#[test]
fn a_job_tracker_template_brings_contacts_interviews_and_only_what_is_still_ahead() {
    // The import template of a public job-application tracker app: "Company, Position,
    // Location, Type, Salary, Status, Applied Date, Response Date, Interview Date, Notes,
    // Contact Person, Contact Email, Website, Tags, Priority".
    let env = TestEnv::new();
    let (out, err) = import(&env, "job-tracker-import-template.csv", &[]);
    assert_eq!(
        out,
        "Imported 2 processes (2 rounds).\nSet aside as history, their time past when imported: \
         1 thank-you, 1 review-debrief (dismissed; `followup show ID` lists them).\n"
    );
    // "Type" here is full-time or not: left out, not read as the kind of interview.
    assert!(err.contains("\"Type\""), "{err}");
    let spotify = process(&env, "spotify");
    assert_eq!(
        without_uids(&spotify["contact"]),
        json!({"name": "Sarah Johnson", "email": "sarah.johnson@spotify.example"})
    );
    assert_eq!(spotify["applied"], json!("2026-11-02T00:00:00+01:00"));
    assert_eq!(
        spotify["rounds"][0]["at"],
        json!("2026-11-12T14:00:00+01:00")
    );
    assert_eq!(spotify["rounds"][0]["label"], Value::Null);
    assert_eq!(
        spotify["rounds"][0]["debrief"]["notes"],
        json!("Great talk about playlists")
    );
    assert_eq!(spotify["link"], json!("https://spotify.example/careers"));
    // Known only by an address, the contact is named by it.
    let klarna = process(&env, "klarna");
    assert_eq!(
        without_uids(&klarna["contact"]),
        json!({"name": "talent@klarna.example", "email": "talent@klarna.example"})
    );
    // Spotify's interview was weeks ago: its thank-you and review are history, the follow-up
    // is ahead. Klarna's was yesterday: everything is still to do.
    assert_eq!(
        env.plan(NOW, 30),
        expect(&[
            "#1 follow-up 2026-11-26T00:00:00+01:00 .. 2026-12-03T23:59:59+01:00 due",
            "#2 debrief 2026-11-30T10:00:00+01:00 .. 2026-12-01T10:00:00+01:00 due",
            "#2 follow-up 2026-12-14T00:00:00+01:00 .. 2026-12-21T23:59:59+01:00 upcoming",
            "#2 thank-you 2026-11-30T10:00:00+01:00 .. 2026-12-02T10:00:00+01:00 due",
        ])
    );
    let marks: Vec<(String, String)> = spotify["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["action"].as_str().unwrap().to_string(),
                m["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("thank-you".to_string(), "dismissed".to_string()),
            ("review-debrief".to_string(), "dismissed".to_string())
        ]
    );
    // The follow-up carries no thanks: they were history too.
    let show = env.ok(NOW, &["show", "spotify"]);
    assert!(
        show.contains("thank-you: dismissed Tue 1 Dec 09:00"),
        "{show}"
    );
    assert!(!show.contains("expired"), "{show}");
}

#[test]
fn a_notion_job_tracker_export_with_its_dates_and_emoji_statuses() {
    // A Notion "Job Application Tracker" database template, exported as CSV: its 24
    // properties in order (Company Name, Position, Status, Priority, ..., Application Date,
    // ..., Job URL, Company Website, Contact Person, Contact Email, ...), dates as Notion writes
    // them ("November 5, 2026"), a status with its emoji.
    let env = TestEnv::new();
    let (out, err) = import(&env, "notion-job-applications.csv", &[]);
    assert_eq!(
        out,
        "Imported 3 processes (3 applications).\nSet aside as history, their time past when imported: 3 follow-ups (dismissed; `followup show ID` lists them).\n"
    );
    assert!(
        err.contains("status not known, imported as open: \"On Hold\" (line 5)"),
        "{err}"
    );
    assert!(
        err.contains("not imported: Google DeepMind (Research Engineer)"),
        "{err}"
    );
    assert!(
        err.contains(
            "no interview date on lines 2, 3, 4: read as applications, without their notes"
        ),
        "{err}"
    );
    assert_eq!(
        pipeline(&env),
        rows(&[
            (1, "OpenAI", "AI Engineer", "applied"),
            (2, "FarmWise", "Senior ML Engineer", "applied"),
            (3, "Acme Robotics", "ML Engineer", "applied"),
        ])
    );
    let farmwise = process(&env, "farmwise");
    assert_eq!(farmwise["applied"], json!("2026-11-03T00:00:00+01:00"));
    assert_eq!(farmwise["link"], json!("https://farmwise.example/jobs/ml"));
    assert_eq!(
        without_uids(&farmwise["contact"]),
        json!({"name": "Priya Shah", "email": "priya@farmwise.example"})
    );
    // The follow-up of an application goes to its contact.
    let draft = env.ok(NOW, &["draft", "farmwise", "follow-up"]);
    assert!(
        draft.contains("To: Priya Shah <priya@farmwise.example>"),
        "{draft}"
    );
}

#[test]
fn a_sheet_with_one_date_column_reads_it_by_the_status() {
    // CareerForge's `job_search_tracker.csv`, its 14 columns as its documentation lists them:
    // "date" is the application date; "Draft" is not applied yet.
    let env = TestEnv::new();
    let (out, err) = import(&env, "careerforge-job-search-tracker.csv", &[]);
    assert_eq!(
        out,
        "Imported 2 processes (2 applications).\nSet aside as history, their time past when imported: 1 follow-up (dismissed; `followup show ID` lists them).\n"
    );
    assert!(
        err.contains("not imported: Contoso (Staff Engineer)"),
        "{err}"
    );
    assert_eq!(
        pipeline(&env),
        rows(&[
            (1, "Northwind", "Frontend Engineer", "applied"),
            (2, "Fabrikam", "Product Engineer", "rejected"),
        ])
    );
    let fabrikam = process(&env, "2");
    assert_eq!(fabrikam["applied"], json!("2026-11-06T00:00:00+01:00"));
    assert_eq!(fabrikam["contact"]["name"], json!("Dana Silva"));
    assert_eq!(fabrikam["rounds"], json!([]));
}

#[test]
fn a_german_excel_sheet_with_semicolons_and_a_title_row() {
    // A German "Bewerbungen" tracker as Excel saves it in German (semicolons, CRLF, a title
    // row and a blank one above the header, dates as 19.11.2026): Firma, Stelle,
    // Bewerbungsdatum, Status, Ansprechpartner, E-Mail, Vorstellungsgespräch,
    // Gesprächspartner.
    let env = TestEnv::new();
    let (out, _) = import(&env, "bewerbungen.csv", &["--date-order", "dmy"]);
    assert_eq!(
        out,
        "Imported 4 processes (2 rounds, 2 applications).\nSet aside as history, their time past \
         when imported: 4 thank-yous, 2 debriefs, 4 connects, 1 follow-up, 1 respond (dismissed; \
         `followup show ID` lists them).\n"
    );
    assert_eq!(
        pipeline(&env),
        rows(&[
            (1, "Siemens AG", "Softwareentwickler", "interviewing"),
            (2, "Bosch", "Testingenieur", "rejected"),
            (3, "SAP", "Berater", "applied"),
            (4, "Zalando", "Data Engineer", "offer"),
        ])
    );
    let siemens = process(&env, "siemens");
    assert_eq!(
        interviewers(&siemens),
        [["Richard Hendricks", "Dinesh Chugtai"]]
    );
    assert_eq!(
        siemens["rounds"][0]["at"],
        json!("2026-11-19T10:00:00+01:00")
    );
    assert_eq!(
        without_uids(&siemens["contact"]),
        json!({"name": "Frau Müller", "email": "mueller@siemens.example"})
    );
    let zalando = process(&env, "zalando");
    assert_eq!(
        without_uids(&zalando["rounds"][0]["interviewers"]),
        json!([{"name": "Jane Doe", "title": "VP Engineering"}, {"name": "Bob Li"}])
    );
    assert_eq!(zalando["replies"][0]["kind"], json!("offer"));
    // The offer's answer is still to give; its acknowledgement, weeks ago, is history.
    let due = env.due(NOW, 14);
    action(&due, 4, "decide", None);
    let kinds: Vec<&str> = due["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for past in ["thank-you", "connect", "debrief", "respond"] {
        assert!(!kinds.contains(&past), "{past}: {due:#}");
    }
}

#[test]
fn a_spanish_tsv_is_named_by_its_extension() {
    // A Spanish tracker saved as tab-separated text: Empresa, Puesto, Fecha de aplicación,
    // Estado, Contacto, Entrevista, Entrevistadores.
    let env = TestEnv::new();
    let (out, _) = import(&env, "candidaturas.tsv", &[]);
    assert_eq!(out, "Imported 1 process (1 round).\n");
    let cabify = process(&env, "cabify");
    assert_eq!(interviewers(&cabify), [["Ana García", "Luis Gómez"]]);
    assert_eq!(cabify["contact"]["email"], json!("lucia@cabify.example"));
    // Yesterday's interview: every thank-you is still to send.
    let due = env.due(NOW, 7);
    action(&due, 1, "thank-you", Some("Ana García"));
    action(&due, 1, "thank-you", Some("Luis Gómez"));
}

#[test]
fn importing_again_adds_nothing_even_after_edits() {
    let env = TestEnv::new();
    import(&env, "teal-job-tracker.csv", &[]);
    import(&env, "job-tracker-import-template.csv", &[]);
    // Edited since: a contact, a link, an interview recorded by hand.
    env.ok(
        NOW,
        &["edit", "1", "--contact", "Sam Lee <sam@techcorp.example>"],
    );
    env.ok(
        NOW,
        &["edit", "spotify", "--link", "https://spotify.example/9"],
    );
    env.ok(
        NOW,
        &[
            "add",
            "--process",
            "3",
            "--at",
            "2026-11-27 10:00",
            "-i",
            "Kim",
        ],
    );
    let before = env.store_snapshot();
    let (out, _) = import(&env, "teal-job-tracker.csv", &[]);
    assert_eq!(
        out,
        "Nothing imported: the 4 processes in the file are already recorded: \
         #1 TechCorp · Data Scientist (JOB_20261102_001), #2 Hooli · ML Engineer \
         (JOB_20261102_002), #3 Umbrella · Analyst (JOB_20261102_004), #4 Umbrella · Analyst \
         (JOB_20261102_005).\n"
    );
    // Without ids, by company, role and first date.
    let (out, _) = import(&env, "job-tracker-import-template.csv", &[]);
    assert_eq!(
        out,
        "Nothing imported: the 2 processes in the file are already recorded: \
         #5 Spotify · Backend Engineer, #6 Klarna · Data Scientist.\n"
    );
    assert!(before == env.store_snapshot(), "the store is not rewritten");
    assert_eq!(pipeline(&env).len(), 6);
}

#[test]
fn importing_again_adds_nothing_after_the_names_were_edited() {
    let env = TestEnv::new();
    let sheet = env.root.path().join("tracker.csv");
    fs::write(
        &sheet,
        "ID,Company,Role,Interview Date,Interviewers,Status,Date Applied\n\
         42,Initech,Analyst,2026-11-19 09:00,Bill Lumbergh,Interview,2026-11-01\n\
         ,Hooli,SRE,,,Applied,2026-11-03\n",
    )
    .unwrap();
    let path = sheet.to_str().unwrap();
    env.ok(NOW, &["import", path]);
    env.ok(NOW, &["edit", "42", "--company", "Initech LLC"]);
    env.ok(NOW, &["edit", "43", "--role", "Site Reliability Engineer"]);
    let out = env.ok(NOW, &["import", path]);
    assert_eq!(
        out,
        "Nothing imported: the 2 processes in the file are already recorded: \
         #42 Initech LLC · Analyst (42), #43 Hooli · Site Reliability Engineer.\n"
    );
    assert_eq!(
        pipeline(&env),
        rows(&[
            (42, "Initech LLC", "Analyst", "interviewing"),
            (43, "Hooli", "Site Reliability Engineer", "applied"),
        ])
    );
}

#[test]
fn an_updated_sheet_says_what_it_holds_that_is_not_recorded() {
    let env = TestEnv::new();
    let sheet = env.root.path().join("tracker.csv");
    let header = "Company,Role,Date Applied,Interview Date,Interviewers,Status\n";
    fs::write(
        &sheet,
        format!("{header}Hooli,SRE,2026-11-03,,,Applied\nInitech,Analyst,2026-11-02,,,Applied\n"),
    )
    .unwrap();
    let path = sheet.to_str().unwrap();
    env.ok(NOW, &["import", path]);
    // A week later: an interview at Hooli, a rejection from Initech.
    fs::write(
        &sheet,
        format!(
            "{header}Hooli,SRE,2026-11-03,2026-11-19 10:00,Gavin Belson,Interview\n\
             Initech,Analyst,2026-11-02,,,Rejected\n"
        ),
    )
    .unwrap();
    let before = env.store_snapshot();
    let out = env.at(NOW).args(["import", path]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "warning: #1 Hooli · SRE is already recorded, but the file says an interview on \
         2026-11-19 10:00: not imported; `followup add --process 1 --at \"2026-11-19 10:00\" \
         -i \"Gavin Belson\"` records it\n\
         warning: #2 Initech · Analyst is already recorded, but the file says rejected, recorded \
         as open: not imported; `followup log-reply 2 --kind rejection` records it\n"
    );
    assert!(before == env.store_snapshot(), "nothing changed");
    // The commands it names do it.
    env.ok(
        NOW,
        &[
            "add",
            "--process",
            "1",
            "--at",
            "2026-11-19 10:00",
            "-i",
            "Gavin Belson",
        ],
    );
    env.ok(NOW, &["log-reply", "2", "--kind", "rejection"]);
    let out = env.at(NOW).args(["import", path]).output().unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    assert_eq!(
        pipeline(&env),
        rows(&[
            (1, "Hooli", "SRE", "interviewing"),
            (2, "Initech", "Analyst", "rejected"),
        ])
    );
}

#[test]
fn undo_takes_an_import_back_but_not_the_first_change_of_a_new_store() {
    let env = TestEnv::new();
    import(&env, "teal-job-tracker.csv", &[]);
    let err = env.refused(env.at(NOW).arg("undo"), 1);
    assert!(err.contains("nothing to undo"), "{err}");
    import(&env, "job-tracker-import-template.csv", &[]);
    assert_eq!(pipeline(&env).len(), 6);
    env.ok(NOW, &["undo"]);
    assert_eq!(pipeline(&env).len(), 4, "the second import is taken back");
}

#[test]
fn a_workbook_is_refused_saying_to_save_it_as_csv() {
    let env = TestEnv::new();
    let book = env.root.path().join("Tracker.XLSX");
    fs::write(&book, b"PK\x03\x04").unwrap();
    let err = env.refused(env.at(NOW).arg("import").arg(&book), 2);
    assert!(
        err.contains("Tracker.XLSX is a workbook (.xlsx), which import does not read: save the workbook as CSV"),
        "{err}"
    );
    assert!(env.store_bytes().is_none(), "nothing written");
}

#[test]
fn a_dry_run_prints_what_would_be_created_and_planned_and_changes_nothing() {
    let env = TestEnv::new();
    env.add(NOW, &["-c", "Zeta", "-r", "Dev", "--at", "yesterday 10:00"]);
    let before = env.store_bytes().unwrap();
    let (out, _) = import(&env, "job-tracker-import-template.csv", &["--dry-run"]);
    assert!(
        out.starts_with(
            "Would import 2 processes (2 rounds).\nWould set aside as history, their time past \
             when imported: 1 thank-you, 1 review-debrief"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "\n#3 Klarna · Data Scientist: interviewing, 1 round, applied Tue 3 Nov, contact \
             talent@klarna.example <talent@klarna.example>\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("  due      thank-you (no interviewer named), by Wed 2 Dec 10:00\n"),
        "{out}"
    );
    assert!(
        out.ends_with("\nNothing was changed (--dry-run).\n"),
        "{out}"
    );
    assert_eq!(env.store_bytes().unwrap(), before, "the store is unchanged");
    assert_eq!(pipeline(&env).len(), 1);
    // On a fresh machine, not even the data folder is made.
    let fresh = TestEnv::new();
    import(&fresh, "teal-job-tracker.csv", &["--dry-run"]);
    assert!(!fresh.data_dir().exists());
}

#[test]
fn map_names_the_columns_import_does_not_know() {
    let env = TestEnv::new();
    let path = env.root.path().join("mine.csv");
    fs::write(
        &path,
        "Arbeitgeber,Was,Wann,Gehalt\nAcme,Backend,2026-11-30 10:00,50k\n",
    )
    .unwrap();
    let out = env.ok(
        NOW,
        &[
            "import",
            path.to_str().unwrap(),
            "--map",
            "was=role",
            "--map",
            "WANN=date",
            "--map",
            "Gehalt=ignore",
        ],
    );
    assert_eq!(out, "Imported 1 process (1 round).\n");
    let acme = process(&env, "acme");
    assert_eq!(acme["role"], json!("Backend"));
    assert_eq!(acme["rounds"][0]["at"], json!("2026-11-30T10:00:00+01:00"));
}

#[test]
fn every_refusal_names_the_line_and_the_value_and_changes_nothing() {
    let env = TestEnv::new();
    env.add(NOW, &["-c", "Zeta", "-r", "Dev", "--at", "yesterday 10:00"]);
    let path = env.root.path().join("bad.csv");
    let refuse = |text: &str, flags: &[&str]| {
        fs::write(&path, text).unwrap();
        let mut args = vec!["import", path.to_str().unwrap()];
        args.extend_from_slice(flags);
        env.refused(env.at(NOW).args(&args), 2)
    };
    let header = "Company,Job Title,Date Applied,Interview Date,Status,Interviewer,Contact Email,Job URL,ID\n";
    let good = "Acme,Dev,2026-11-02,,Applied,,,,\n";
    for (row, says) in [
        (
            "Beta,SRE,fridy,,,,,,",
            "line 3: could not read date \"fridy\": did you mean \"friday\"?",
        ),
        (
            "Beta,SRE,2026-11-02,2026-11-31 10:00,,,,,",
            "line 3: could not read date \"2026-11-31 10:00\"",
        ),
        (
            "Beta,SRE,2026-11-02,2026-11-20,,Jane <jane at beta>,,,",
            "line 3: interviewer \"Jane <jane at beta>\": \"jane at beta\" is not an email address",
        ),
        (
            "Beta,SRE,2026-11-02,,,,sam(at)beta,,",
            "line 3: contact email \"sam(at)beta\" is not an email address",
        ),
        (
            "Beta,SRE,2026-11-02,,,,,jobs at beta,",
            "line 3: link \"jobs at beta\" is not an address",
        ),
        (
            "Beta,SRE,2027-11-20,,,,,,",
            "line 3: applied \"2027-11-20\" is 2027-11-20T00:00:00+01:00, still to come",
        ),
        (
            "Beta,SRE,2026-11-02,2028-01-10,,,,,",
            "line 3: the interview on 2028-01-10T00:00:00+01:00 is more than 366 days ahead",
        ),
        ("Beta,,2026-11-02,,,,,,", "line 3: no role"),
        (
            "Beta,SRE,2026-11-02,,,,,,0",
            "line 3: id \"0\" is not a process id",
        ),
        (
            "Beta,SRE,2026-11-02,,,,,,JOB_1\nGamma,PM,2026-11-02,,,,,,JOB_1",
            "line 4: id \"JOB_1\" is Beta (SRE) on line 3, not Gamma (PM)",
        ),
    ] {
        let err = refuse(&format!("{header}{good}{row}\n"), &[]);
        assert!(
            err.contains(says) && err.ends_with("; nothing was imported"),
            "{row}: {err}"
        );
    }
    for (text, flags, says) in [
        (
            "Company,Job Title\nAcme,Dev\n",
            &["--map", "Salary=notes"][..],
            "--map \"Salary=notes\": the spreadsheet has no column \"Salary\"; its columns are \"Company\", \"Job Title\"",
        ),
        (
            "Company,Job Title\nAcme,Dev\n",
            &["--map", "Company=employer"],
            "--map \"Company=employer\": unknown field \"employer\": use one of id, company, role",
        ),
        (
            "Company,Salary\nAcme,50k\n",
            &[],
            "missing column: role (a spreadsheet needs company and role columns; found \"Company\", \"Salary\"",
        ),
        (
            "Company,Company Name,Role\nAcme,Acme Inc,Dev\n",
            &[],
            "columns \"Company\" and \"Company Name\" both give the company: keep one, or leave one out with --map \"Company Name=ignore\"",
        ),
    ] {
        let err = refuse(text, flags);
        assert!(err.contains(says), "{text:?}: {err}");
    }
    let err = env.refused(env.at(NOW).args(["import", "-"]), 2);
    assert!(
        err.contains(
            "standard input has no name to tell its format by: give --format csv, tsv or json"
        ),
        "{err}"
    );
    let json = env.root.path().join("backup.json");
    fs::write(&json, "{}").unwrap();
    let err = env.refused(
        env.at(NOW)
            .args(["import", json.to_str().unwrap(), "--map", "A=role"]),
        2,
    );
    assert!(
        err.contains("--map names the columns of a spreadsheet"),
        "{err}"
    );
    let other = env.root.path().join("jobs.txt");
    fs::write(&other, "x").unwrap();
    let err = env.refused(env.at(NOW).args(["import", other.to_str().unwrap()]), 2);
    assert!(
        err.contains("cannot tell the format of")
            && err.contains("jobs.txt")
            && err.contains("--format csv, tsv or json"),
        "{err}"
    );
}

#[test]
fn the_format_comes_from_the_extension_and_a_guess_is_said() {
    let env = TestEnv::new();
    let path = env.root.path().join("panel.CSV");
    fs::write(
        &path,
        "Company,Role,Interview Date,Interviewers\nAcme,Dev,2026-11-30 10:00,\"Bob, Alice\"\n",
    )
    .unwrap();
    let out = env
        .at(NOW)
        .args(["import", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: line 2: interviewers \"Bob, Alice\" read as \"Bob\" and \"Alice\": write \
         \"Name, Title\" or separate people with \";\" to say otherwise\n"
    );
    assert_eq!(interviewers(&process(&env, "acme")), [["Bob", "Alice"]]);
    // A JSON export by its name, into another store.
    let backup = env.root.path().join("backup.json");
    fs::write(&backup, env.ok(NOW, &["export", "--format", "json"])).unwrap();
    let other = TestEnv::new();
    assert_eq!(
        other.ok(NOW, &["import", backup.to_str().unwrap()]),
        "Imported 1 process (1 round).\n"
    );
    assert_eq!(
        without_uids(&process(&other, "1")),
        without_uids(&process(&env, "1"))
    );
}

#[test]
fn an_ending_with_no_date_and_several_bad_rows_are_said_by_line() {
    let env = TestEnv::new();
    let path = env.root.path().join("sheet.csv");
    fs::write(&path, "Company;Role;Datum;Stage\nEndFrame;Dev;;Ghosted\n").unwrap();
    let out = env
        .at(NOW)
        .args(["import", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("line 2: EndFrame (Dev) is no-response with no date on its row: recorded as ended at the import, 2026-12-01 09:00, not when it did"),
        "{stderr}"
    );
    let endframe = process(&env, "1");
    assert_eq!(endframe["closed"]["at"], json!("2026-12-01T09:00:00+01:00"));
    // A refusal lists every bad row, each with its value, and imports none.
    fs::write(
        &path,
        "Company,Role,Date Applied\nAcme,Dev,fridy\nBeta,SRE,2026-11-02\nGamma,PM,2027-11-20\n",
    )
    .unwrap();
    let err = env.refused(env.at(NOW).args(["import", path.to_str().unwrap()]), 2);
    assert!(
        err.contains("line 2: could not read date \"fridy\"")
            && err.contains(
                " | line 4: applied \"2027-11-20\" is 2027-11-20T00:00:00+01:00, still to come"
            )
            && err.ends_with("; nothing was imported"),
        "{err}"
    );
    assert_eq!(pipeline(&env).len(), 1, "nothing more was imported");
}
