//! Dates as people write them and timelines in the employer's words, through the command line:
//! the order of day and month from the config or the locale, typos answered with "did you
//! mean", and timelines found inside a sentence.

use crate::common::*;
use assert_cmd::Command;
use serde_json::json;

/// Friday 27 November 2026, evening.
const FRIDAY: &str = "2026-11-27 18:00";

/// The binary at `now` in a given locale, the variables that could override it cleared.
fn in_locale(env: &TestEnv, now: &str, locale: &str) -> Command {
    let mut cmd = env.at(now);
    cmd.env_remove("LC_ALL")
        .env_remove("LC_TIME")
        .env("LANG", locale);
    cmd
}

fn first_round(env: &TestEnv) -> serde_json::Value {
    env.store()["processes"][0]["rounds"][0].clone()
}

#[test]
fn a_timeline_is_found_in_the_employers_sentence() {
    let rows = [
        // said on a friday: "by friday" is the next one, never that day
        ("by Friday", "2026-12-04"),
        ("We'll let you know in two weeks.", "2026-12-11"),
        ("a week or two", "2026-12-11"),
        ("in 5 business days", "2026-12-04"),
        ("early next week", "2026-12-01"),
        ("end of the week", "2026-12-04"),
        ("mid December", "2026-12-15"),
        // on the 27th of a 30-day month, the end of the month is still this one's
        ("end of the month", "2026-11-30"),
    ];
    for (said, date) in rows {
        let env = TestEnv::new();
        env.ok(
            FRIDAY,
            &[
                "add",
                "-c",
                "Acme",
                "-r",
                "Dev",
                "--at",
                "2026-11-27 14:00",
                "--timeline",
                said,
            ],
        );
        assert_eq!(
            first_round(&env)["timeline"],
            json!({"text": said, "date": date}),
            "{said:?}"
        );
    }
}

#[test]
fn words_with_no_date_are_kept_and_wait_as_if_nothing_was_said() {
    let plan_for = |timeline: Option<&str>| {
        let env = TestEnv::new();
        let mut args = vec!["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-27 14:00"];
        if let Some(said) = timeline {
            args.extend(["--timeline", said]);
        }
        env.ok(FRIDAY, &args);
        (first_round(&env)["timeline"].clone(), env.plan(FRIDAY, 30))
    };
    let (kept, soon) = plan_for(Some("We'll be in touch soon."));
    assert_eq!(kept, json!({"text": "We'll be in touch soon."}));
    let (none, unstated) = plan_for(None);
    assert_eq!(none, json!(null));
    assert_eq!(soon, unstated);
    // and a date said does change the plan
    let (_, stated) = plan_for(Some("by Friday"));
    assert_ne!(stated, unstated);
    // show says the words had no date
    let env = TestEnv::new();
    env.ok(
        FRIDAY,
        &["add", "-c", "Acme", "-r", "Dev", "--timeline", "ASAP"],
    );
    let shown = env.ok(FRIDAY, &["show", "acme"]);
    assert!(shown.contains("they said: ASAP (no date)"), "{shown}");
}

#[test]
fn a_timeline_before_the_interview_is_refused_naming_its_date() {
    let env = TestEnv::new();
    let err = env.refused(
        env.at("2026-10-26 18:00").args([
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-10-26 10:00",
            "--timeline",
            "by October 1, 2026",
        ]),
        2,
    );
    assert!(
        err.contains("Thursday 1 October 2026") && err.contains("before Monday 26 October 2026"),
        "{err}"
    );
    // without a year it would be next October: implausible, refused as such
    let err = env.refused(
        env.at("2026-10-26 18:00").args([
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-10-26 10:00",
            "--timeline",
            "Oct 1",
        ]),
        2,
    );
    assert!(err.contains("Friday 1 October 2027"), "{err}");
    assert!(env.store_bytes().is_none(), "nothing was recorded");
}

#[test]
fn a_reply_timeline_in_words_and_an_email_date() {
    let env = TestEnv::new();
    env.add(
        "2026-11-17 18:00",
        &["-c", "Acme", "-r", "Dev", "--at", "2026-11-17 10:00"],
    );
    env.ok(
        "2026-11-20 09:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "update",
            "--at",
            "Thu, 19 Nov 2026 14:30:00 +0100",
            "--timeline",
            "Still interviewing, we expect to decide in 3-5 business days",
        ],
    );
    let reply = &env.store()["processes"][0]["replies"][0];
    assert_eq!(reply["at"], json!("2026-11-19T14:30:00+01:00"));
    assert_eq!(reply["timeline"]["date"], json!("2026-11-26"));
}

#[test]
fn an_ambiguous_date_is_refused_without_an_order_and_read_with_one() {
    let env = TestEnv::new();
    let args = ["add", "-c", "Acme", "-r", "Dev", "--at", "11/3/26, 9:12 AM"];
    for locale in ["C", "C.UTF-8", "POSIX", ""] {
        let err = env.refused(in_locale(&env, FRIDAY, locale).args(args), 2);
        assert!(
            err.contains("\"11/3/26, 9:12 AM\"")
                && err.contains("Tuesday 3 November 2026 (month first)")
                && err.contains("Wednesday 11 March 2026 (day first)")
                && err.contains("date_order"),
            "{locale:?}: {err}"
        );
    }
    // a US locale reads month first
    in_locale(&env, FRIDAY, "en_US.UTF-8")
        .args(args)
        .assert()
        .success();
    assert_eq!(first_round(&env)["at"], json!("2026-11-03T09:12:00+01:00"));
}

#[test]
fn the_locale_and_the_setting_choose_the_order() {
    let at = |env: &TestEnv, cmd: &mut Command| {
        cmd.args([
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "10/11/2026 9.30am",
        ])
        .assert()
        .success();
        first_round(env)["at"].clone()
    };
    let day_first = json!("2026-11-10T09:30:00+01:00");
    let month_first = json!("2026-10-11T09:30:00+02:00");
    let env = TestEnv::new();
    assert_eq!(
        at(&env, &mut in_locale(&env, FRIDAY, "en_GB.UTF-8")),
        day_first
    );
    // LC_TIME comes before LANG, and LC_ALL before both
    let env = TestEnv::new();
    let mut cmd = in_locale(&env, FRIDAY, "en_GB.UTF-8");
    cmd.env("LC_TIME", "en_US.UTF-8");
    assert_eq!(at(&env, &mut cmd), month_first);
    let env = TestEnv::new();
    let mut cmd = in_locale(&env, FRIDAY, "en_US.UTF-8");
    cmd.env("LC_TIME", "en_US.UTF-8")
        .env("LC_ALL", "de_DE.UTF-8");
    assert_eq!(at(&env, &mut cmd), day_first);
    // the setting wins over the locale
    let env = TestEnv::new();
    env.write_config("[user]\ndate_order = \"mdy\"\n");
    assert_eq!(
        at(&env, &mut in_locale(&env, FRIDAY, "en_GB.UTF-8")),
        month_first
    );
    // a bad setting is refused, naming the values it takes
    env.write_config("[user]\ndate_order = \"us\"\n");
    let err = env.refused(in_locale(&env, FRIDAY, "C").args(["list"]), 2);
    assert!(err.contains("date_order") && err.contains("mdy"), "{err}");
}

#[test]
fn dates_as_people_write_them_on_every_flag() {
    let env = TestEnv::new();
    let id = env.add(
        FRIDAY,
        &["-c", "Umbrella", "-r", "Dev", "--at", "19-Nov-2026 10:00"],
    );
    assert_eq!(first_round(&env)["at"], json!("2026-11-19T10:00:00+01:00"));
    env.ok(
        FRIDAY,
        &["done", &id.to_string(), "thank-you", "--at", "this morning"],
    );
    env.ok(
        FRIDAY,
        &["done", &id.to_string(), "debrief", "--at", "last night"],
    );
    let marks = &env.store()["processes"][0]["marks"];
    assert_eq!(marks[0]["at"], json!("2026-11-27T09:00:00+01:00"));
    assert_eq!(marks[1]["at"], json!("2026-11-26T20:00:00+01:00"));
    env.ok(
        FRIDAY,
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026/12/03 noon",
        ],
    );
    assert_eq!(
        env.store()["processes"][0]["replies"][0]["next_interview"],
        json!("2026-12-03T12:00:00+01:00")
    );
}

#[test]
fn a_typo_is_answered_with_did_you_mean() {
    let env = TestEnv::new();
    env.add(
        FRIDAY,
        &["-c", "Umbrella", "-r", "Dev", "--at", "2026-11-27 10:00"],
    );
    for (args, says) in [
        (
            vec!["done", "umbrella", "thank-you", "--at", "fridya"],
            "did you mean \"friday\"?",
        ),
        (
            vec!["snooze", "umbrella", "debrief", "--until", "tomorow 9am"],
            "did you mean \"tomorrow 9am\"?",
        ),
        (
            vec!["done", "umbrella", "thank-you", "--at", "nxt"],
            "did you mean \"next\"?",
        ),
        (
            vec!["done", "umbrella", "thank-yuo"],
            "did you mean thank-you?",
        ),
        (vec!["show", "umbrela"], "did you mean \"Umbrella\" (#1)?"),
        (
            vec!["edit", "umbrella", "--timeline", "by fridya"],
            "did you mean \"by friday\"?",
        ),
    ] {
        let err = env.refused(env.at(FRIDAY).args(&args), 2);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    // nothing near: no guess
    let err = env.refused(env.at(FRIDAY).args(["show", "zzz"]), 2);
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn a_spreadsheet_reads_the_same_forms() {
    let env = TestEnv::new();
    let path = env.root.path().join("sheet.csv");
    std::fs::write(
        &path,
        "company,role,date,timeline\n\
         Acme,Dev,19-Nov-2026 10:00,we'll let you know in two weeks\n\
         Beta,SRE,\"Thu, 19 Nov 2026 14:30:00 +0100\",soon\n",
    )
    .unwrap();
    env.ok(
        FRIDAY,
        &["import", "--format", "csv", path.to_str().unwrap()],
    );
    let store = env.store();
    let rounds: Vec<_> = store["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rounds"][0].clone())
        .collect();
    assert_eq!(rounds[0]["at"], json!("2026-11-19T10:00:00+01:00"));
    assert_eq!(rounds[0]["timeline"]["date"], json!("2026-12-03"));
    assert_eq!(rounds[1]["at"], json!("2026-11-19T14:30:00+01:00"));
    assert_eq!(rounds[1]["timeline"], json!({"text": "soon"}));
}

#[test]
fn words_without_a_date_are_kept_and_the_reason_says_so() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-20 10:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-20 09:00",
            "--timeline",
            "we'll be in touch soon",
        ],
    );
    let due = env.due("2026-11-20 10:05", 30);
    let follow_up = action(&due, 1, "follow-up", None);
    assert_eq!(follow_up["from"], "2026-12-04T00:00:00+01:00");
    assert!(
        follow_up["reason"]
            .as_str()
            .unwrap()
            .starts_with("they said \"we'll be in touch soon\", which names no date"),
        "{follow_up:#}"
    );
}

#[test]
fn an_import_reads_numeric_dates_in_the_order_of_the_locale_and_the_setting() {
    let env = TestEnv::new();
    let file = env.root.path().join("tracker.csv");
    std::fs::write(&file, "company;role;date\nAcme;Dev;5/11/2026\n").unwrap();
    let path = file.to_str().unwrap();
    // No order to go by: refused, naming both readings.
    let err = env.refused(
        in_locale(&env, "2026-11-20 09:00", "C.UTF-8").args(["import", "--format", "csv", path]),
        2,
    );
    assert!(err.contains("date_order"), "{err}");
    // A German locale reads it day first.
    in_locale(&env, "2026-11-20 09:00", "de_DE.UTF-8")
        .args(["import", "--format", "csv", path])
        .assert()
        .success();
    assert_eq!(
        first_round(&env)["at"].as_str().unwrap()[..10],
        *"2026-11-05"
    );
    // The setting wins over a US locale.
    let other = TestEnv::new();
    other.write_config("[user]\ndate_order = \"dmy\"\n");
    in_locale(&other, "2026-11-20 09:00", "en_US.UTF-8")
        .args(["import", "--format", "csv", path])
        .assert()
        .success();
    assert_eq!(
        first_round(&other)["at"].as_str().unwrap()[..10],
        *"2026-11-05"
    );
}

#[test]
fn days_left_are_counted_on_the_wall_clock_across_the_clock_change() {
    // Paris leaves summer time on Sun 25 Oct 2026: the week after an interview on Mon 19 Oct
    // lasts 7 days and an hour.
    let env = TestEnv::new();
    env.ok(
        "2026-10-19 10:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-10-19 09:00",
            "-i",
            "Ana Lopez",
        ],
    );
    let due = env.ok("2026-10-19 10:00", &["due"]);
    let connect = due
        .lines()
        .find(|l| l.contains("connect to Ana Lopez"))
        .unwrap();
    assert!(connect.ends_with("6 days left"), "{due}");
}
