//! The whole search on the command line: applications, one process per company and role,
//! scheduled interviews, the contact, reopening and the pipeline view.
//!
//! "Now" is Friday 20 November 2026, 09:00, Europe/Paris (UTC+1) unless a test says otherwise.

use crate::common::*;
use serde_json::{Value, json};

const NOW: &str = "2026-11-20 09:00";

/// The stored process with this id (open ones are in `store.json`).
fn stored(env: &TestEnv, id: u64) -> Value {
    env.store()["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == json!(id))
        .unwrap_or_else(|| panic!("#{id} is not in the store"))
        .clone()
}

/// The row of `list --all --json` for a process.
fn row(env: &TestEnv, now: &str, id: u64) -> Value {
    env.json(now, &["list", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == json!(id))
        .unwrap_or_else(|| panic!("#{id} is not listed"))
        .clone()
}

fn count(env: &TestEnv) -> usize {
    env.store()["processes"].as_array().unwrap().len()
}

#[test]
fn apply_records_an_application_and_its_first_interview_becomes_round_1() {
    let env = TestEnv::new();
    let out = env.ok(
        NOW,
        &[
            "apply",
            "--company",
            "Acme Corp",
            "--role",
            "Backend Engineer",
            "--at",
            "2026-11-10",
            "--link",
            "https://jobs.acme.test/42",
            "--contact",
            "Sam Lee <sam@acme.test>, Recruiter",
        ],
    );
    assert!(
        out.starts_with(
            "Recorded the application to #1 Acme Corp · Backend Engineer (applied Tue 10 Nov)."
        ),
        "{out}"
    );
    assert!(
        out.contains("Contact: Sam Lee <sam@acme.test>, Recruiter."),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["applied"], json!("2026-11-10T00:00:00+01:00"));
    assert_eq!(p["link"], json!("https://jobs.acme.test/42"));
    assert_eq!(p["contact"]["name"], json!("Sam Lee"));
    assert_eq!(p["contact"]["email"], json!("sam@acme.test"));
    assert_eq!(p["contact"]["title"], json!("Recruiter"));
    assert_eq!(p["rounds"], json!([]));
    let r = row(&env, NOW, 1);
    assert_eq!(r["stage"], json!("applied"));
    assert_eq!(
        r["last_contact"],
        json!({"at": "2026-11-10T00:00:00+01:00", "what": "application", "direction": "out"})
    );

    // The same application again is refused, naming the process; so is one still to come.
    let err = env.refused(
        env.at(NOW)
            .args(["apply", "-c", "acme", "-r", "backend engineer"]),
        2,
    );
    assert!(
        err.contains("#1 Acme Corp · Backend Engineer is already recorded (applied)")
            && err.contains("--new"),
        "{err}"
    );
    let err = env.refused(
        env.at(NOW)
            .args(["apply", "-c", "Beta", "-r", "Dev", "--at", "tomorrow"]),
        2,
    );
    assert!(
        err.contains("--at \"tomorrow\"") && err.contains("still to come"),
        "{err}"
    );

    // The first interview, typed in short: round 1 of the application, and it says so.
    let out = env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "acme",
            "-r",
            "backend",
            "--at",
            "2026-11-19 14:00",
            "-i",
            "Jane Doe <jane@acme.test>",
        ],
    );
    assert!(
        out.starts_with("Added round 1 to #1 Acme Corp · Backend Engineer."),
        "{out}"
    );
    assert!(
        out.contains("It is the open process for \"acme\" and \"backend\""),
        "{out}"
    );
    assert_eq!(count(&env), 1);
    let p = stored(&env, 1);
    assert_eq!(p["rounds"].as_array().unwrap().len(), 1);
    assert_eq!(p["rounds"][0]["at"], json!("2026-11-19T14:00:00+01:00"));
    assert_eq!(p["rounds"][0]["interviewers"][0]["name"], json!("Jane Doe"));
    assert_eq!(p["applied"], json!("2026-11-10T00:00:00+01:00"));
    assert_eq!(row(&env, NOW, 1)["stage"], json!("interviewing"));
}

#[test]
fn matching_refusals_name_the_candidates_and_change_nothing() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Acme Corp", "-r", "Backend Engineer"]);
    env.ok(NOW, &["add", "-c", "Acme Labs", "-r", "Platform Engineer"]);
    env.ok(NOW, &["apply", "-c", "Beta", "-r", "Dev"]);

    // A company match for another role: refused, with the one candidate's --process.
    let err = env.refused(
        env.at(NOW)
            .args(["add", "-c", "beta", "-r", "Designer", "--at", "yesterday"]),
        2,
    );
    assert_eq!(
        err,
        "followup: company \"beta\" matches #3 Beta (Dev), open for another role than \"Designer\": add --process 3 to add this interview to it, or --new to start a separate process"
    );
    // "acme" fits two companies, none of them for a designer: all are named.
    let err = env.refused(env.at(NOW).args(["add", "-c", "acme", "-r", "designer"]), 2);
    assert!(
        err.contains("#1 Acme Corp (Backend Engineer)")
            && err.contains("#2 Acme Labs (Platform Engineer)")
            && err.contains("--process ID")
            && err.contains("--new"),
        "{err}"
    );
    let err = env.refused(env.at(NOW).args(["apply", "-c", "Acme", "-r", "SRE"]), 2);
    assert!(
        err.contains("to record the application on it") && err.contains("#1 Acme Corp"),
        "{err}"
    );

    // --new starts a separate process anyway.
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme Corp",
            "-r",
            "Backend Engineer II",
            "--new",
        ],
    );
    assert_eq!(count(&env), 4);
    // Now "backend" fits two roles at Acme Corp: refused; the exact role is not ambiguous.
    let err = env.refused(
        env.at(NOW)
            .args(["add", "-c", "acme corp", "-r", "backend"]),
        2,
    );
    assert!(
        err.contains("match several open processes")
            && err.contains("#1 Acme Corp (Backend Engineer)")
            && err.contains("#4 Acme Corp (Backend Engineer II)")
            && !err.contains("Acme Labs"),
        "{err}"
    );
    let out = env.ok(
        "2026-11-23 12:00",
        &[
            "add",
            "-c",
            "ACME CORP",
            "-r",
            "backend engineer",
            "--at",
            "2026-11-23 10:00",
        ],
    );
    assert!(
        out.starts_with("Added round 2 to #1 Acme Corp · Backend Engineer."),
        "{out}"
    );
    assert_eq!(stored(&env, 1)["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(stored(&env, 4)["rounds"].as_array().unwrap().len(), 1);

    // --process joins that one, whatever was typed; the output names it.
    let out = env.ok(
        NOW,
        &[
            "add",
            "-c",
            "beta",
            "-r",
            "Designer",
            "--process",
            "3",
            "--at",
            "yesterday 15:00",
        ],
    );
    assert!(out.starts_with("Added round 1 to #3 Beta · Dev."), "{out}");
    assert!(!out.contains("open process for"), "{out}");
    assert_eq!(
        stored(&env, 3)["rounds"][0]["at"],
        json!("2026-11-19T15:00:00+01:00")
    );
    assert_eq!(count(&env), 4);

    // --process on a closed process points to reopen; --new and --process do not go together.
    env.ok(NOW, &["close", "2", "--outcome", "withdrawn"]);
    let err = env.refused(env.at(NOW).args(["add", "--process", "2"]), 2);
    assert!(err.contains("`followup reopen 2`"), "{err}");
    let before = env.store_snapshot();
    let out = env
        .at(NOW)
        .args(["add", "-c", "X", "-r", "Y", "--new", "--process", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("'--new' cannot be used with '--process <ID>'"),
        "{err}"
    );
    assert!(before == env.store_snapshot());
}

#[test]
fn apply_on_a_process_records_its_application() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-18 10:00"],
    );
    env.ok(
        NOW,
        &[
            "apply",
            "--process",
            "acme",
            "--at",
            "2026-11-02",
            "--link",
            "https://a.test/1",
        ],
    );
    let p = stored(&env, 1);
    assert_eq!(p["applied"], json!("2026-11-02T00:00:00+01:00"));
    assert_eq!(p["link"], json!("https://a.test/1"));
    assert!(!out_of_apply_names_round_one(&env), "a process with rounds");
    let err = env.refused(env.at(NOW).args(["apply", "--process", "1"]), 2);
    assert!(
        err.contains("already has its application, on Mon 2 Nov"),
        "{err}"
    );
    let err = env.refused(
        env.at(NOW)
            .args(["apply", "-c", "B", "-r", "Dev", "--link", "see the site"]),
        2,
    );
    assert!(err.contains("\"see the site\""), "{err}");
}

/// Records the application of a second process with a round already held after it, and tells
/// whether the output still promises that the first interview "makes it round 1".
fn out_of_apply_names_round_one(env: &TestEnv) -> bool {
    env.ok(
        NOW,
        &["add", "-c", "Beta", "-r", "Ops", "--at", "2026-11-18 11:00"],
    );
    let err = env.refused(
        env.at(NOW)
            .args(["apply", "--process", "beta", "--at", "2026-11-19"]),
        2,
    );
    assert!(
        err.contains(
            "--at Thu 19 Nov is after the first interview of #2 Beta · Ops, on Wed 18 Nov"
        ),
        "{err}"
    );
    let out = env.ok(NOW, &["apply", "--process", "beta", "--at", "2026-11-10"]);
    assert!(
        out.contains("Recorded the application to #2 Beta · Ops"),
        "{out}"
    );
    out.contains("makes it round 1")
}

#[test]
fn the_contact_comes_from_the_flag_or_from_the_first_reply_that_names_who_wrote() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-18 10:00",
            "--contact",
            "Sam Lee <sam@acme.test>, Recruiter",
        ],
    );
    assert_eq!(stored(&env, 1)["contact"]["email"], json!("sam@acme.test"));
    env.ok(
        NOW,
        &["add", "-c", "Beta", "-r", "Dev", "--at", "2026-11-18 11:00"],
    );
    assert_eq!(stored(&env, 2).get("contact"), None);

    // Beta has no contact: the first person who writes becomes it, and the output says so.
    let out = env.ok(
        "2026-11-20 10:00",
        &[
            "log-reply",
            "beta",
            "--kind",
            "update",
            "--from",
            "Kim Park <kim@beta.test>, Talent Partner",
        ],
    );
    assert!(
        out.contains(
            "Kim Park <kim@beta.test>, Talent Partner is now the contact of #2 Beta · Dev"
        ),
        "{out}"
    );
    let p = stored(&env, 2);
    assert_eq!(p["contact"]["name"], json!("Kim Park"));
    assert_eq!(p["contact"]["title"], json!("Talent Partner"));
    assert_eq!(p["replies"][0]["from"]["email"], json!("kim@beta.test"));
    // Someone else writing later is recorded on the reply; the contact stays.
    let out = env.ok(
        "2026-11-20 11:00",
        &[
            "log-reply",
            "beta",
            "--kind",
            "request",
            "--from",
            "Lou <lou@beta.test>",
        ],
    );
    assert!(!out.contains("is now the contact"), "{out}");
    let p = stored(&env, 2);
    assert_eq!(p["contact"]["name"], json!("Kim Park"));
    assert_eq!(p["replies"][1]["from"]["name"], json!("Lou"));
    // Acme had its contact: a reply does not replace it.
    env.ok(
        "2026-11-20 11:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "update",
            "--from",
            "Lou <lou@acme.test>",
        ],
    );
    assert_eq!(stored(&env, 1)["contact"]["name"], json!("Sam Lee"));

    // edit sets and clears it; a bad one is refused naming it.
    env.ok(NOW, &["edit", "acme", "--contact", "Ann <ann@acme.test>"]);
    assert_eq!(stored(&env, 1)["contact"]["name"], json!("Ann"));
    env.ok(NOW, &["edit", "acme", "--contact", "none"]);
    assert_eq!(stored(&env, 1).get("contact"), None);
    let err = env.refused(
        env.at(NOW)
            .args(["edit", "acme", "--contact", "Ann <not an email>"]),
        2,
    );
    assert!(
        err.contains("--contact") && err.contains("\"not an email\""),
        "{err}"
    );
    let err = env.refused(
        env.at(NOW).args([
            "log-reply",
            "acme",
            "--kind",
            "update",
            "--from",
            "<x@y.test>",
        ]),
        2,
    );
    assert!(err.contains("--from") && err.contains("no name"), "{err}");
}

#[test]
fn an_interview_added_ahead_is_scheduled_and_recording_it_fills_it_in() {
    let env = TestEnv::new();
    let out = env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Initech",
            "-r",
            "Dev",
            "--at",
            "2026-11-24 10:00",
            "--round",
            "phone screen",
        ],
    );
    assert!(out.starts_with("Recorded #1 Initech · Dev."), "{out}");
    assert!(out.contains("Scheduled for Tue 24 Nov 10:00"), "{out}");
    assert!(
        out.contains("`followup edit 1 --round-number 1 --interviewer"),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"][0]["at"], json!("2026-11-24T10:00:00+01:00"));
    assert_eq!(p["rounds"][0]["label"], json!("phone screen"));
    assert_eq!(row(&env, NOW, 1)["stage"], json!("scheduled"));
    let text = env.ok(NOW, &["list"]);
    assert!(
        text.contains(
            "#1 Initech · Dev  [scheduled Tue 24 Nov 10:00]  (1 round; last contact: none yet)"
        ),
        "{text}"
    );
    // Once its time has passed it is held.
    assert_eq!(
        row(&env, "2026-11-24 10:01", 1)["stage"],
        json!("interviewing")
    );

    // More than a year ahead is most likely a mistyped year.
    let err = env.refused(
        env.at(NOW)
            .args(["add", "-c", "Hooli", "-r", "Dev", "--at", "2027-12-01"]),
        2,
    );
    assert!(
        err.contains("\"2027-12-01\"") && err.contains("more than a year ahead"),
        "{err}"
    );

    // Recorded after it took place, at its time: the same round, now with its interviewer.
    let out = env.ok(
        "2026-11-24 12:00",
        &[
            "add",
            "-c",
            "initech",
            "-r",
            "dev",
            "--at",
            "2026-11-24 10:00",
            "-i",
            "Zoe Park",
            "--notes",
            "went well",
        ],
    );
    assert!(
        out.starts_with(
            "Recorded round 1 of #1 Initech · Dev: the interview set for Tue 24 Nov 10:00."
        ),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"].as_array().unwrap().len(), 1);
    assert_eq!(p["rounds"][0]["interviewers"][0]["name"], json!("Zoe Park"));
    assert_eq!(p["rounds"][0]["label"], json!("phone screen"));
    assert_eq!(p["rounds"][0]["debrief"]["notes"], json!("went well"));
}

#[test]
fn add_without_a_time_on_the_day_of_a_scheduled_round_fills_it_and_another_time_is_another_round() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Umbrella",
            "-r",
            "Dev",
            "--at",
            "2026-11-18 10:00",
            "--notes",
            "ok",
        ],
    );
    env.ok(
        NOW,
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-24 14:00",
        ],
    );
    // Recorded that evening without --at: the scheduled round, at its time.
    let out = env.ok(
        "2026-11-24 18:00",
        &["add", "-c", "umbrella", "-r", "dev", "-i", "Raj"],
    );
    assert!(
        out.starts_with("Recorded round 2 of #1 Umbrella · Dev: the interview set for Tue 24 Nov 14:00.\nAnother interview that day?"),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(p["rounds"][1]["at"], json!("2026-11-24T14:00:00+01:00"));
    assert_eq!(p["rounds"][1]["interviewers"][0]["name"], json!("Raj"));
    // Another time, once the scheduled one has passed, is another round.
    env.ok(
        "2026-12-01 18:00",
        &[
            "add",
            "-c",
            "umbrella",
            "-r",
            "dev",
            "--at",
            "2026-12-01 16:00",
            "-i",
            "Mo",
        ],
    );
    assert_eq!(stored(&env, 1)["rounds"].as_array().unwrap().len(), 3);
}

#[test]
fn a_next_round_reply_schedules_the_round_then_moves_it() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Umbrella",
            "-r",
            "Dev",
            "--at",
            "2026-11-18 10:00",
        ],
    );
    let out = env.ok(
        NOW,
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-26 15:00",
        ],
    );
    assert!(
        out.contains("Scheduled round 2 for Thu 26 Nov 15:00; add who you will meet with `followup edit 1 --round-number 2 --interviewer"),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(p["rounds"][1]["at"], json!("2026-11-26T15:00:00+01:00"));
    assert_eq!(p["rounds"][1]["interviewers"], json!([]));
    assert_eq!(
        p["replies"][0]["next_interview"],
        json!("2026-11-26T15:00:00+01:00")
    );
    assert_eq!(row(&env, NOW, 1)["stage"], json!("scheduled"));

    // They reschedule: the same round moves; never two.
    let out = env.ok(
        "2026-11-23 09:00",
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-27 10:00",
        ],
    );
    assert!(
        out.contains("Moved round 2 from Thu 26 Nov 15:00 to Fri 27 Nov 10:00."),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"].as_array().unwrap().len(), 2);
    assert_eq!(p["rounds"][1]["at"], json!("2026-11-27T10:00:00+01:00"));
    assert_eq!(p["replies"].as_array().unwrap().len(), 2);

    // A next interview already past is refused, naming it.
    let err = env.refused(
        env.at("2026-11-23 09:00").args([
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "yesterday 10:00",
        ]),
        2,
    );
    assert_eq!(
        err,
        "followup: --next-interview \"yesterday 10:00\" is Sun 22 Nov 10:00, already past: it must be ahead of now (Mon 23 Nov 09:00); give when it will be, such as \"next tuesday 10:00\" or \"2026-12-08 14:30\""
    );

    // The interviewers are added later; edit moves it too.
    env.ok(
        "2026-11-23 09:00",
        &[
            "edit",
            "umbrella",
            "--round-number",
            "2",
            "--interviewer",
            "Raj <raj@umbrella.test>",
        ],
    );
    let out = env.ok(
        "2026-11-23 09:00",
        &[
            "edit",
            "umbrella",
            "--round-number",
            "2",
            "--at",
            "2026-11-30 14:00",
        ],
    );
    assert!(
        out.contains("Moved round 2 from Fri 27 Nov 10:00 to Mon 30 Nov 14:00."),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"][1]["at"], json!("2026-11-30T14:00:00+01:00"));
    assert_eq!(p["rounds"][1]["interviewers"][0]["name"], json!("Raj"));
}

#[test]
fn a_scheduled_round_can_be_cancelled() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Umbrella",
            "-r",
            "Dev",
            "--at",
            "2026-11-18 10:00",
        ],
    );
    env.ok(
        NOW,
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-26 15:00",
        ],
    );
    // The latest round is the default.
    let out = env.ok(NOW, &["edit", "umbrella", "--cancel"]);
    assert!(
        out.contains("Cancelled round 2 (Thu 26 Nov 15:00): it plans nothing now."),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"][1]["cancelled"], json!(true));
    assert_eq!(p["rounds"][0].get("cancelled"), None);
    assert_eq!(row(&env, NOW, 1)["stage"], json!("interviewing"));
    let err = env.refused(env.at(NOW).args(["edit", "umbrella", "--cancel"]), 2);
    assert!(
        err.contains("round 2 of #1 Umbrella · Dev is already cancelled"),
        "{err}"
    );
    let text = env.ok(NOW, &["show", "umbrella"]);
    assert!(
        text.contains("Round 2: interview, Thu 26 Nov 15:00 (cancelled)"),
        "{text}"
    );
    // A new date is a new scheduled round: the cancelled one stays cancelled.
    env.ok(
        NOW,
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-12-01 11:00",
        ],
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"].as_array().unwrap().len(), 3);
    assert_eq!(p["rounds"][1]["at"], json!("2026-11-26T15:00:00+01:00"));
    assert_eq!(p["rounds"][2]["at"], json!("2026-12-01T11:00:00+01:00"));
    assert_eq!(p["rounds"][2].get("cancelled"), None);
    // Moving a cancelled round sets it back on.
    env.ok(
        NOW,
        &[
            "edit",
            "umbrella",
            "--round-number",
            "2",
            "--at",
            "2026-11-27 15:00",
        ],
    );
    let p = stored(&env, 1);
    assert_eq!(p["rounds"][1]["at"], json!("2026-11-27T15:00:00+01:00"));
    assert_eq!(p["rounds"][1].get("cancelled"), None);
}

#[test]
fn reopen_and_a_late_reply_to_a_silence() {
    let env = TestEnv::new();
    env.ok(
        "2026-10-01 12:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-10-01 10:00"],
    );
    env.ok(
        "2026-11-10 12:00",
        &["close", "acme", "--outcome", "no-response"],
    );
    // Out of play, in the archive; a reply found by name reopens it.
    assert_eq!(env.store()["processes"], json!([]));
    let out = env.ok(
        NOW,
        &[
            "log-reply",
            "acme",
            "--kind",
            "next-round",
            "--note",
            "sorry for the wait",
        ],
    );
    assert!(
        out.starts_with("Reopened #1 Acme · Dev: it was closed as no-response on Tue 10 Nov 12:00, and they answered.\nLogged next-round from #1 Acme · Dev."),
        "{out}"
    );
    let p = stored(&env, 1);
    assert_eq!(p.get("closed"), None);
    assert_eq!(p["replies"][0]["note"], json!("sorry for the wait"));
    assert_eq!(row(&env, NOW, 1)["status"], json!("open"));

    // Other endings are the user's to undo: refused with the reopen hint.
    env.ok(NOW, &["close", "acme", "--outcome", "withdrawn"]);
    let err = env.refused(
        env.at(NOW).args(["log-reply", "acme", "--kind", "update"]),
        2,
    );
    assert!(
        err.contains("#1 Acme · Dev was closed (withdrawn)") && err.contains("`followup reopen 1`"),
        "{err}"
    );
    let out = env.ok(NOW, &["reopen", "acme"]);
    assert!(
        out.starts_with("Reopened #1 Acme · Dev (it was closed as withdrawn on Fri 20 Nov 09:00)."),
        "{out}"
    );
    assert_eq!(stored(&env, 1).get("closed"), None);
    let err = env.refused(env.at(NOW).args(["reopen", "1"]), 2);
    assert!(err.contains("#1 Acme · Dev is open"), "{err}");
    let err = env.refused(env.at(NOW).args(["reopen", "7"]), 2);
    assert!(err.contains("no process with id 7"), "{err}");
}

#[test]
fn list_shows_each_stage_and_the_last_contact() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "apply",
            "-c",
            "Applied Co",
            "-r",
            "Dev",
            "--at",
            "2026-11-16",
        ],
    );
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Scheduled Co",
            "-r",
            "Dev",
            "--at",
            "2026-11-25 10:00",
        ],
    );
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Talking Co",
            "-r",
            "Dev",
            "--at",
            "2026-11-12 10:00",
        ],
    );
    env.ok(
        "2026-11-13 09:00",
        &["done", "talking", "thank-you", "--at", "2026-11-12 18:00"],
    );
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Offer Co",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 10:00",
        ],
    );
    env.ok(
        "2026-11-18 16:00",
        &[
            "log-reply",
            "offer",
            "--kind",
            "offer",
            "--timeline",
            "by Dec 4",
        ],
    );
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Rejected Co",
            "-r",
            "Dev",
            "--at",
            "2026-11-09 10:00",
        ],
    );
    env.ok(
        "2026-11-19 09:00",
        &["log-reply", "rejected", "--kind", "rejection"],
    );
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Silent Co",
            "-r",
            "Dev",
            "--at",
            "2026-10-01 10:00",
        ],
    );
    env.ok(NOW, &["close", "silent", "--outcome", "no-response"]);

    let list = env.json(NOW, &["list", "--all", "--json"]);
    let stages: Vec<(&str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["company"].as_str().unwrap(), r["stage"].as_str().unwrap()))
        .collect();
    assert_eq!(
        stages,
        [
            ("Applied Co", "applied"),
            ("Scheduled Co", "scheduled"),
            ("Talking Co", "interviewing"),
            ("Offer Co", "offer"),
            ("Rejected Co", "rejected"),
            ("Silent Co", "no-response"),
        ]
    );
    let contact = |i: usize| list[i]["last_contact"].clone();
    assert_eq!(
        contact(1),
        Value::Null,
        "an interview still ahead is no contact yet"
    );
    assert_eq!(
        contact(2),
        json!({"at": "2026-11-12T18:00:00+01:00", "what": "thank-you", "direction": "out"})
    );
    assert_eq!(
        contact(3),
        json!({"at": "2026-11-18T16:00:00+01:00", "what": "offer", "direction": "in"})
    );
    assert_eq!(
        contact(5),
        json!({"at": "2026-10-01T10:00:00+02:00", "what": "interview", "direction": "both"})
    );

    let text = env.ok(NOW, &["list", "--all"]);
    for line in [
        "#1 Applied Co · Dev  [applied]  (no interview yet; last contact: you applied, 4 days ago)",
        "#2 Scheduled Co · Dev  [scheduled Wed 25 Nov 10:00]  (1 round; last contact: none yet)",
        "#3 Talking Co · Dev  [interviewing]  (1 round; last contact: you sent the thank-you, 8 days ago)",
        "#4 Offer Co · Dev  [offer]  (1 round; last contact: their offer, 2 days ago)",
        "#5 Rejected Co · Dev  [rejected]  (1 round; last contact: their rejection, yesterday)",
        "#6 Silent Co · Dev  [no-response]  (1 round; last contact: interview, 50 days ago)",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
    // Without --all, the closed ones are left out.
    let open = env.json(NOW, &["list", "--json"]);
    assert_eq!(open.as_array().unwrap().len(), 4);
}

#[test]
fn due_on_an_empty_store_says_how_to_start() {
    let env = TestEnv::new();
    let text = env.ok(NOW, &["due"]);
    assert_eq!(
        text,
        "Nothing due: nothing is recorded yet.\n\
         Start with an application, `followup apply --company C --role R`, or an interview, `followup add --company C --role R --at WHEN`.\n\
         `followup demo` shows a week at work in a throwaway store.\n"
    );
    assert!(!env.data_dir().exists(), "due created the data folder");
    // Once something was recorded, even all closed, it is the usual report.
    env.ok(
        NOW,
        &["add", "-c", "A", "-r", "Dev", "--at", "2026-11-01 10:00"],
    );
    env.ok(NOW, &["close", "a", "--outcome", "withdrawn"]);
    let text = env.ok(NOW, &["due"]);
    assert!(
        text.contains("No process is open: keep applying") && !text.contains("nothing is recorded"),
        "{text}"
    );
}

#[test]
fn the_keep_applying_nudge_goes_once_an_offer_is_accepted_and_declining_still_closes() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &["add", "-c", "A", "-r", "Dev", "--at", "2026-11-10 10:00"],
    );
    env.ok(
        NOW,
        &["add", "-c", "B", "-r", "Dev", "--at", "2026-11-11 10:00"],
    );
    let text = env.ok(NOW, &["due"]);
    assert!(text.contains("Only 2 processes are open"), "{text}");
    env.ok(NOW, &["log-reply", "b", "--kind", "offer"]);
    let out = env.ok(NOW, &["close", "b", "--outcome", "declined"]);
    assert!(out.contains("Closed #2 B · Dev as declined."), "{out}");
    env.ok(NOW, &["close", "a", "--outcome", "accepted"]);
    let text = env.ok(NOW, &["due"]);
    assert!(!text.contains("keep applying"), "{text}");
}

#[test]
fn a_scheduled_round_and_an_application_survive_export_and_import() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "apply",
            "-c",
            "Globex",
            "-r",
            "SRE",
            "--link",
            "https://globex.test/1",
        ],
    );
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-26 10:00",
            "--contact",
            "Sam <sam@acme.test>",
        ],
    );
    let path = env.root.path().join("export.json");
    env.ok(
        NOW,
        &["export", "--format", "json", "-o", path.to_str().unwrap()],
    );
    let fresh = TestEnv::new();
    fresh.ok(NOW, &["import", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(without_uids(&fresh.store()), without_uids(&env.store()));
    assert_eq!(
        fresh.plan(NOW, 30),
        env.plan(NOW, 30),
        "the same plan, the prep of the scheduled round included"
    );
    assert!(fresh.plan(NOW, 30).iter().any(|a| a.starts_with("#2 prep")));
}

#[test]
fn a_company_prefix_of_two_companies_joins_neither() {
    let env = TestEnv::new();
    env.ok(NOW, &["apply", "-c", "Acme Corp", "-r", "Backend Engineer"]);
    env.ok(NOW, &["apply", "-c", "Acme Labs", "-r", "Data Engineer"]);
    let before = env.store_bytes();
    let err = env.refused(
        env.at(NOW).args([
            "add",
            "-c",
            "acme",
            "-r",
            "backend",
            "--at",
            "2026-11-19 10:00",
        ]),
        2,
    );
    assert!(
        err.contains("#1 Acme Corp (Backend Engineer), #2 Acme Labs (Data Engineer)")
            && err.contains("--process ID"),
        "{err}"
    );
    assert_eq!(env.store_bytes(), before);
    // The whole name joins.
    let out = env.ok(
        NOW,
        &[
            "add",
            "-c",
            "acme corp",
            "-r",
            "backend",
            "--at",
            "2026-11-19 10:00",
        ],
    );
    assert!(out.contains("#1 Acme Corp"), "{out}");
}
