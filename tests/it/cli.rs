//! Command-line tests of `followup`.
//!
//! Each test owns a private data folder and runs the real binary with a fixed `FOLLOWUP_NOW` in
//! the Europe/Paris time zone, so every date below is exact. JSON output is parsed, never
//! grepped. Bad input must leave the store byte-for-byte as it was.

use crate::common::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{self, Stdio};

// ---------------------------------------------------------------------------------------------
// 1. Thank-yous, a stated timeline and the employer's instructions.

#[test]
fn story_thank_yous_then_a_follow_up_after_the_stated_date() {
    let env = TestEnv::new();
    // Thursday 19 November 2026, 14:30: a panel interview; they will decide "end of next week".
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "--company",
            "Acme",
            "--role",
            "Backend Engineer",
            "--at",
            "2026-11-19 14:30",
            "--interviewer",
            "Jane Doe <jane@acme.test>, Head of Platform",
            "--interviewer",
            "Bob Smith",
            "--timeline",
            "end of next week",
            "--instructions",
            "Email Jane directly, not the recruiter",
        ],
    );
    let round = &env.store()["processes"][0]["rounds"][0];
    assert_eq!(
        round["timeline"],
        json!({"text": "end of next week", "date": "2026-11-27"})
    );
    assert_eq!(round["interviewers"][0]["email"], json!("jane@acme.test"));
    assert_eq!(round["interviewers"][0]["title"], json!("Head of Platform"));

    // Friday morning: a thank-you to each interviewer, within 48 hours.
    let due = env.due("2026-11-20 09:00", 7);
    assert_eq!(due["now"], json!("2026-11-20T09:00:00+01:00"));
    assert_eq!(due["open_processes"], json!(1));
    assert_eq!(
        plan(&due),
        expect(&[
            "#1 thank-you [Jane Doe] 2026-11-19T14:30:00+01:00 .. 2026-11-21T14:30:00+01:00 due",
            "#1 thank-you [Bob Smith] 2026-11-19T14:30:00+01:00 .. 2026-11-21T14:30:00+01:00 due",
            "#1 connect [Jane Doe] 2026-11-19T14:30:00+01:00 .. 2026-11-26T14:30:00+01:00 due",
            "#1 connect [Bob Smith] 2026-11-19T14:30:00+01:00 .. 2026-11-26T14:30:00+01:00 due",
            "#1 debrief 2026-11-19T14:30:00+01:00 .. 2026-11-20T14:30:00+01:00 due",
        ])
    );

    // Two people are owed a thank-you: the tool asks which one.
    let err = env.refused(
        env.at("2026-11-20 10:00")
            .args(["done", "acme", "thank-you"]),
        2,
    );
    assert!(
        err.contains("--to") && err.contains("Bob Smith") && err.contains("Jane Doe"),
        "{err}"
    );

    env.ok(
        "2026-11-20 10:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    let due = env.due("2026-11-20 10:05", 7);
    assert!(
        due["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| !(a["action"] == "thank-you" && a["person"] == "Jane Doe")),
        "Jane's thank-you was sent: {due:#}"
    );
    assert_eq!(
        action(&due, 1, "thank-you", Some("Bob Smith"))["status"],
        json!("due")
    );

    // Done twice is done once: nothing changes.
    let before = env.store_snapshot();
    let out = env.ok(
        "2026-11-20 11:00",
        &["done", "acme", "thank-you", "--to", "Jane"],
    );
    assert!(out.contains("already marked done"), "{out}");
    assert!(
        before == env.store_snapshot(),
        "done twice rewrote the store"
    );

    // Sunday: Bob's thank-you is late but still listed; the follow-up shows in the 14-day view.
    let due = env.due("2026-11-22 09:00", 14);
    assert_eq!(
        plan(&due),
        expect(&[
            "#1 thank-you [Bob Smith] 2026-11-19T14:30:00+01:00 .. 2026-11-21T14:30:00+01:00 overdue",
            "#1 connect [Jane Doe] 2026-11-19T14:30:00+01:00 .. 2026-11-26T14:30:00+01:00 due",
            "#1 connect [Bob Smith] 2026-11-19T14:30:00+01:00 .. 2026-11-26T14:30:00+01:00 due",
            "#1 debrief 2026-11-19T14:30:00+01:00 .. 2026-11-20T14:30:00+01:00 overdue",
            // Fri 27 Nov + 3 business days = Wed 2 Dec; + 5 business days = Wed 9 Dec.
            "#1 follow-up 2026-12-02T00:00:00+01:00 .. 2026-12-09T23:59:59+01:00 upcoming",
        ])
    );
    assert_most_urgent_first(&due);
    let follow_up = action(&due, 1, "follow-up", None);
    assert_eq!(
        follow_up["instructions"],
        json!("Email Jane directly, not the recruiter")
    );
    assert_eq!(follow_up["company"], json!("Acme"));
    assert_eq!(follow_up["role"], json!("Backend Engineer"));
    // The instructions go with follow-ups only.
    assert_eq!(
        action(&due, 1, "thank-you", Some("Bob Smith"))["instructions"],
        Value::Null
    );

    // The human view says the same.
    let text = env.ok("2026-11-22 09:00", &["due", "--days", "14"]);
    assert!(text.contains("thank-you to Bob Smith"), "{text}");
    assert!(!text.contains("thank-you to Jane Doe"), "{text}");
    assert!(
        text.contains("Email Jane directly, not the recruiter"),
        "{text}"
    );
    assert!(text.contains("Only 1 process is open"), "{text}");
    assert!(!text.contains("Nothing due."), "{text}");
}

#[test]
fn a_stated_timeline_counts_the_configured_working_days_and_holidays() {
    let env = TestEnv::new();
    // A Sunday-to-Thursday week, and Sunday 29 November 2026 off.
    env.write_config(
        "[policy]\nworking_days = [\"Sun\", \"Mon\", \"Tue\", \"Wed\", \"Thu\"]\n\
         holidays = [2026-11-29]\n",
    );
    // Wednesday 25 November: Thursday 26, then Monday 30 and Tuesday 1 December (Monday to
    // Friday would give Monday 30).
    env.ok(
        "2026-11-25 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-25 10:00",
            "--timeline",
            "3 business days",
        ],
    );
    let store = env.store();
    assert_eq!(
        store["processes"][0]["rounds"][0]["timeline"],
        json!({"text": "3 business days", "date": "2026-12-01"})
    );
    // The rules count from it with the same week: Wed 2, Thu 3, Sun 6; then five more to Sun 13.
    let shown = env.show("2026-11-25 12:00", "acme");
    let follow_up = shown["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "follow-up")
        .expect("a follow-up");
    assert_eq!(follow_up["from"], json!("2026-12-06T00:00:00+01:00"));
    assert_eq!(follow_up["by"], json!("2026-12-13T23:59:59+01:00"));
    // Its week runs Sunday to Saturday and ends on Thursday 26 (Monday to Friday: Friday 27).
    env.ok(
        "2026-11-25 12:00",
        &["edit", "acme", "--timeline", "end of the week"],
    );
    assert_eq!(
        env.store()["processes"][0]["rounds"][0]["timeline"],
        json!({"text": "end of the week", "date": "2026-11-26"})
    );
}

// ---------------------------------------------------------------------------------------------
// 2. No timeline: two follow-ups, then moving on.

#[test]
fn story_no_timeline_two_follow_ups_then_move_on() {
    let env = TestEnv::new();
    // Saturday 14 November 2026: + 14 days is a Saturday too, so the follow-up moves to Monday.
    env.ok(
        "2026-11-14 12:00",
        &[
            "add",
            "-c",
            "Globex",
            "-r",
            "SRE",
            "--at",
            "2026-11-14 10:00",
            "--notes",
            "Went well; they liked the incident story",
        ],
    );
    let due = env.due("2026-11-14 12:00", 30);
    assert_eq!(
        plan(&due),
        expect(&[
            "#1 thank-you 2026-11-14T10:00:00+01:00 .. 2026-11-16T10:00:00+01:00 due",
            "#1 review-debrief 2026-11-16T00:00:00+01:00 .. 2026-11-19T23:59:59+01:00 upcoming",
            "#1 follow-up 2026-11-30T00:00:00+01:00 .. 2026-12-07T23:59:59+01:00 upcoming",
        ])
    );
    env.ok("2026-11-15 09:00", &["done", "globex", "thank-you"]);
    env.ok("2026-11-17 09:00", &["done", "1", "review-debrief"]);

    // Sat 28 Nov: the follow-up opens Monday 30 Nov at the interview's time of day.
    assert_eq!(
        env.plan("2026-11-28 09:00", 7),
        expect(&["#1 follow-up 2026-11-30T00:00:00+01:00 .. 2026-12-07T23:59:59+01:00 upcoming"])
    );
    assert_eq!(
        env.plan("2026-11-30 10:00", 7),
        expect(&["#1 follow-up 2026-11-30T00:00:00+01:00 .. 2026-12-07T23:59:59+01:00 due"])
    );

    // Tue 1 Dec 09:30: first follow-up sent; the second one is 14 to 21 days later.
    env.ok("2026-12-01 09:30", &["done", "globex", "follow-up"]);
    assert_eq!(
        env.plan("2026-12-01 09:31", 30),
        expect(&["#1 follow-up 2026-12-15T00:00:00+01:00 .. 2026-12-22T23:59:59+01:00 upcoming"])
    );

    // Wed 16 Dec 10:00: second follow-up sent; only move-on remains, with no deadline.
    env.ok("2026-12-16 10:00", &["done", "globex", "follow-up"]);
    assert_eq!(
        env.plan("2026-12-16 10:01", 30),
        expect(&["#1 move-on 2026-12-30T00:00:00+01:00 .. - upcoming"])
    );
    let due = env.due("2026-12-31 10:00", 7);
    assert_eq!(
        plan(&due),
        expect(&["#1 move-on 2026-12-30T00:00:00+01:00 .. - due"])
    );
    assert_eq!(action(&due, 1, "move-on", None)["by"], Value::Null);

    let out = env.ok("2026-12-31 10:00", &["done", "globex", "move-on"]);
    assert!(out.contains("no-response"), "{out}");
    let list = env.json("2026-12-31 10:01", &["list", "--all", "--json"]);
    assert_eq!(status_of(&list, 1), "no-response");
    assert_eq!(env.json("2026-12-31 10:01", &["list", "--json"]), json!([]));
    let due = env.due("2026-12-31 10:01", 365);
    assert_eq!(due["open_processes"], json!(0));
    assert_eq!(due["actions"], json!([]));
    // Nothing is left to do for it: the store keeps it apart, where `due` does not read.
    let store = env.store();
    assert_eq!(store["processes"], json!([]));
    assert_eq!(
        env.archive()["processes"][0]["closed"],
        json!({"outcome": "no-response", "at": "2026-12-31T10:00:00+01:00"})
    );
}

// ---------------------------------------------------------------------------------------------
// 3. The employer answers.

/// One interview on Tue 10 Nov 2026 10:00 with a debrief, its thank-you and review done, so that
/// only the follow-up logic is left in the plan.
fn interviewed(env: &TestEnv, company: &str, extra: &[&str]) -> u64 {
    let mut args = vec![
        "--company",
        company,
        "--role",
        "Developer",
        "--at",
        "2026-11-10 10:00",
        "--notes",
        "fine",
    ];
    args.extend_from_slice(extra);
    let id = env.add("2026-11-10 12:00", &args);
    let id_text = id.to_string();
    env.ok("2026-11-11 09:00", &["done", &id_text, "thank-you"]);
    env.ok("2026-11-12 18:00", &["done", &id_text, "review-debrief"]);
    id
}

#[test]
fn update_with_a_timeline_restarts_the_wait_from_the_new_date() {
    let env = TestEnv::new();
    // Fri 20 Nov + 3 business days = Wed 25 Nov; + 5 = Wed 2 Dec.
    interviewed(&env, "Initech", &["--timeline", "by Nov 20"]);
    assert_eq!(
        env.plan("2026-11-20 09:00", 30),
        expect(&["#1 follow-up 2026-11-25T00:00:00+01:00 .. 2026-12-02T23:59:59+01:00 upcoming"])
    );

    env.ok(
        "2026-11-24 11:00",
        &[
            "log-reply",
            "initech",
            "--kind",
            "update",
            "--timeline",
            "by Dec 4",
            "--note",
            "still interviewing",
        ],
    );
    // The old follow-up is gone; Fri 4 Dec + 3 business days = Wed 9 Dec; + 5 = Wed 16 Dec.
    assert_eq!(
        env.plan("2026-11-26 09:00", 30),
        expect(&["#1 follow-up 2026-12-09T00:00:00+01:00 .. 2026-12-16T23:59:59+01:00 upcoming"])
    );
    let reply = &env.store()["processes"][0]["replies"][0];
    assert_eq!(reply["kind"], json!("update"));
    assert_eq!(
        reply["timeline"],
        json!({"text": "by Dec 4", "date": "2026-12-04"})
    );
    assert_eq!(reply["at"], json!("2026-11-24T11:00:00+01:00"));
}

#[test]
fn update_without_a_timeline_waits_fourteen_days_from_the_reply() {
    let env = TestEnv::new();
    interviewed(&env, "Initech", &[]);
    assert_eq!(
        env.plan("2026-11-20 09:00", 30),
        expect(&["#1 follow-up 2026-11-24T00:00:00+01:00 .. 2026-12-01T23:59:59+01:00 upcoming"])
    );
    env.ok(
        "2026-11-20 11:00",
        &[
            "log-reply",
            "1",
            "--kind",
            "update",
            "--at",
            "2026-11-20 11:00",
        ],
    );
    // Fri 20 Nov 11:00 + 14 days = Fri 4 Dec; + 21 days = Fri 11 Dec.
    assert_eq!(
        env.plan("2026-11-20 11:05", 30),
        expect(&["#1 follow-up 2026-12-04T00:00:00+01:00 .. 2026-12-11T23:59:59+01:00 upcoming"])
    );
}

#[test]
fn request_asks_for_a_response_by_the_next_business_day_then_the_wait_resumes() {
    let env = TestEnv::new();
    interviewed(&env, "Hooli", &[]);
    env.ok(
        "2026-11-17 11:00",
        &[
            "reply",
            "hooli",
            "--kind",
            "request",
            "--note",
            "three references",
        ],
    );
    // Tue 17 Nov: respond by the end of Wed 18 Nov; no follow-up while they wait for us.
    let due = env.due("2026-11-17 11:05", 60);
    assert_eq!(
        plan(&due),
        expect(&["#1 respond 2026-11-17T11:00:00+01:00 .. 2026-11-18T23:59:59+01:00 due"])
    );
    let reason = action(&due, 1, "respond", None)["reason"].as_str().unwrap();
    assert!(reason.contains("three references"), "{reason}");

    // Answered Wed 18 Nov 09:00: a new wait counts from the answer.
    env.ok("2026-11-18 09:00", &["done", "hooli", "respond"]);
    assert_eq!(
        env.plan("2026-11-18 09:05", 60),
        expect(&["#1 follow-up 2026-12-02T00:00:00+01:00 .. 2026-12-09T23:59:59+01:00 upcoming"])
    );
}

#[test]
fn request_on_a_friday_is_answered_by_monday() {
    let env = TestEnv::new();
    interviewed(&env, "Hooli", &[]);
    env.ok(
        "2026-11-20 16:00",
        &["log-reply", "hooli", "--kind", "request"],
    );
    assert_eq!(
        env.plan("2026-11-20 16:05", 7),
        expect(&["#1 respond 2026-11-20T16:00:00+01:00 .. 2026-11-23T23:59:59+01:00 due"])
    );
}

#[test]
fn request_on_a_saturday_is_answered_by_monday() {
    let env = TestEnv::new();
    interviewed(&env, "Hooli", &[]);
    env.ok(
        "2026-11-21 11:00",
        &["log-reply", "hooli", "--kind", "request"],
    );
    assert_eq!(
        env.plan("2026-11-21 11:05", 7),
        expect(&["#1 respond 2026-11-21T11:00:00+01:00 .. 2026-11-23T23:59:59+01:00 due"])
    );
}

#[test]
fn next_round_schedules_the_round_and_recording_it_fills_it_in() {
    let env = TestEnv::new();
    interviewed(&env, "Umbrella", &["--stumped", "designing a rate limiter"]);
    env.ok(
        "2026-11-17 11:00",
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-26 15:00",
        ],
    );
    // The next interview is round 2, scheduled: no interviewers yet.
    let rounds = &env.store()["processes"][0]["rounds"];
    assert_eq!(rounds.as_array().unwrap().len(), 2);
    assert_eq!(rounds[1]["at"], json!("2026-11-26T15:00:00+01:00"));
    assert_eq!(rounds[1]["interviewers"], json!([]));
    assert_eq!(rounds[1].get("cancelled"), None);
    // Its prep, three days before, with what stumped you; no follow-up while it is ahead.
    let plan = env.plan("2026-11-17 11:05", 60);
    assert!(
        plan.contains(
            &"#1 prep 2026-11-23T15:00:00+01:00 .. 2026-11-26T15:00:00+01:00 upcoming".to_string()
        ),
        "{plan:#?}"
    );
    assert!(!plan.iter().any(|a| a.contains("follow-up")), "{plan:#?}");
    let due = env.due("2026-11-24 09:00", 0);
    let prep = action(&due, 1, "prep", None);
    assert!(
        prep["reason"]
            .as_str()
            .unwrap()
            .contains("designing a rate limiter"),
        "{prep:#}"
    );
    // Moved by another next-round reply: still one round, one prep, at the new time.
    env.ok(
        "2026-11-24 10:00",
        &[
            "log-reply",
            "umbrella",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-30 10:00",
        ],
    );
    let preps: Vec<String> = env
        .plan("2026-11-24 10:05", 60)
        .into_iter()
        .filter(|a| a.contains("prep"))
        .collect();
    assert_eq!(
        preps,
        ["#1 prep 2026-11-27T10:00:00+01:00 .. 2026-11-30T10:00:00+01:00 upcoming"]
    );
    env.ok(
        "2026-11-24 10:10",
        &["edit", "umbrella", "--at", "2026-11-26 15:00"],
    );
    // The round happens and is recorded at its time: it fills in round 2, with its own plan.
    env.ok(
        "2026-11-26 17:00",
        &[
            "add",
            "-c",
            "UMBRELLA",
            "-r",
            "developer",
            "--at",
            "2026-11-26 15:00",
            "-i",
            "Zoe Park",
        ],
    );
    let list = env.json("2026-11-26 17:00", &["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["rounds"], json!(2));
    assert_eq!(
        env.plan("2026-11-26 17:00", 30),
        expect(&[
            "#1 debrief 2026-11-26T15:00:00+01:00 .. 2026-11-27T15:00:00+01:00 due",
            "#1 thank-you [Zoe Park] 2026-11-26T15:00:00+01:00 .. 2026-11-28T15:00:00+01:00 due",
            "#1 connect [Zoe Park] 2026-11-26T15:00:00+01:00 .. 2026-12-03T15:00:00+01:00 due",
            "#1 follow-up 2026-12-10T00:00:00+01:00 .. 2026-12-17T23:59:59+01:00 upcoming",
        ])
    );
}

#[test]
fn rejection_closes_the_process_then_reply_graciously_and_stay_in_touch() {
    let env = TestEnv::new();
    // Spring and summer 2026, all in summer time.
    env.ok(
        "2026-03-31 12:00",
        &[
            "add",
            "-c",
            "Stark",
            "-r",
            "Engineer",
            "--at",
            "2026-03-31 10:00",
            "--notes",
            "ok",
        ],
    );
    env.ok(
        "2026-04-02 11:00",
        &[
            "log-reply",
            "stark",
            "--kind",
            "rejection",
            "--note",
            "went with someone internal",
        ],
    );
    let list = env.json("2026-04-02 11:05", &["list", "--all", "--json"]);
    assert_eq!(status_of(&list, 1), "rejected");
    assert_eq!(env.json("2026-04-02 11:05", &["list", "--json"]), json!([]));

    // Only the rejection's own actions remain: no thank-you, no follow-up.
    let due = env.due("2026-04-02 11:05", 365);
    assert_eq!(due["open_processes"], json!(0));
    assert_eq!(
        plan(&due),
        expect(&[
            "#1 reply-graciously 2026-04-02T11:00:00+02:00 .. 2026-04-04T23:59:59+02:00 due",
            "#1 stay-in-touch 2026-07-01T00:00:00+02:00 .. 2026-07-15T23:59:59+02:00 upcoming",
        ])
    );
    env.ok("2026-04-03 09:00", &["done", "stark", "reply-graciously"]);

    // About a hundred days later, staying in touch is due.
    assert_eq!(
        env.plan("2026-07-10 09:00", 7),
        expect(&["#1 stay-in-touch 2026-07-01T00:00:00+02:00 .. 2026-07-15T23:59:59+02:00 due"])
    );
    env.ok("2026-07-10 09:00", &["done", "stark", "stay-in-touch"]);
    // Then every 90 days after the last note.
    assert_eq!(env.plan("2026-07-10 09:05", 7), Vec::<String>::new());
    assert_eq!(
        env.plan("2026-07-10 09:05", 120),
        expect(&[
            "#1 stay-in-touch 2026-10-08T00:00:00+02:00 .. 2026-10-22T23:59:59+02:00 upcoming"
        ])
    );
    // Dismissing it stops it for good.
    env.ok("2026-10-09 09:00", &["dismiss", "stark", "stay-in-touch"]);
    assert_eq!(env.plan("2026-10-09 09:05", 3650), Vec::<String>::new());
    assert_eq!(env.plan("2027-06-01 09:00", 3650), Vec::<String>::new());

    // A closed process takes no more replies.
    env.refused(
        env.at("2026-10-09 10:00")
            .args(["log-reply", "stark", "--kind", "update"]),
        2,
    );
}

#[test]
fn offer_asks_for_a_response_and_stops_the_follow_ups() {
    let env = TestEnv::new();
    interviewed(&env, "Wayne", &[]);
    interviewed(&env, "Cyberdyne", &[]);
    // Thu 19 Nov: an offer with no deadline: thanks by the next business day (Fri 20 Nov), the
    // answer from 3 to 5 business days later.
    env.ok(
        "2026-11-19 16:00",
        &["log-reply", "wayne", "--kind", "offer"],
    );
    // An offer with a deadline: thanks by Friday too, the answer by that day.
    env.ok(
        "2026-11-19 16:00",
        &[
            "log-reply",
            "cyberdyne",
            "--kind",
            "offer",
            "--timeline",
            "by Nov 27",
        ],
    );
    assert_eq!(
        env.plan("2026-11-19 16:05", 60),
        expect(&[
            // Each offer's answer; Wayne hears of Cyberdyne's deadline.
            "#1 decide 2026-11-24T00:00:00+01:00 .. 2026-11-26T23:59:59+01:00 upcoming",
            "#1 expedite 2026-11-19T16:00:00+01:00 .. 2026-11-25T23:59:59+01:00 due",
            "#1 respond 2026-11-19T16:00:00+01:00 .. 2026-11-20T23:59:59+01:00 due",
            "#2 respond 2026-11-19T16:00:00+01:00 .. 2026-11-20T23:59:59+01:00 due",
            "#2 decide 2026-11-25T00:00:00+01:00 .. 2026-11-27T23:59:59+01:00 upcoming",
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Accepting an offer: don't ghost the others.

#[test]
fn accepting_an_offer_leaves_only_withdrawals_elsewhere() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 10:00",
            "-i",
            "Jane",
        ],
    );
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Beta",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 11:00",
            "-i",
            "Bob",
            "--timeline",
            "two weeks",
        ],
    );
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Gamma",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 11:30",
        ],
    );
    // Fri 20 Nov 16:00: Acme's offer accepted; tell the others by the end of Tue 24 Nov.
    let out = env.ok(
        "2026-11-20 16:00",
        &["close", "acme", "--outcome", "accepted"],
    );
    assert!(out.contains("#2 Beta") && out.contains("#3 Gamma"), "{out}");
    let due = env.due("2026-11-20 16:05", 365);
    assert_eq!(due["open_processes"], json!(2));
    assert_eq!(
        plan(&due),
        expect(&[
            "#2 withdraw 2026-11-20T16:00:00+01:00 .. 2026-11-24T23:59:59+01:00 due",
            "#3 withdraw 2026-11-20T16:00:00+01:00 .. 2026-11-24T23:59:59+01:00 due",
        ])
    );

    // A search started after the acceptance is not withdrawn from.
    env.ok(
        "2026-11-23 09:00",
        &[
            "add",
            "-c",
            "Delta",
            "-r",
            "Dev",
            "--at",
            "2026-11-23 08:00",
            "--notes",
            "x",
        ],
    );
    let due = env.due("2026-11-23 09:00", 30);
    let delta: Vec<&Value> = due["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["process"] == json!(4))
        .collect();
    assert!(
        !delta.is_empty() && delta.iter().all(|a| a["action"] != "withdraw"),
        "{due:#}"
    );

    env.ok("2026-11-23 09:00", &["done", "beta", "withdraw"]);
    env.ok("2026-11-23 09:00", &["done", "3", "withdraw"]);
    let list = env.json("2026-11-23 09:05", &["list", "--all", "--json"]);
    assert_eq!(status_of(&list, 1), "accepted");
    assert_eq!(status_of(&list, 2), "withdrawn");
    assert_eq!(status_of(&list, 3), "withdrawn");
    assert_eq!(status_of(&list, 4), "open");
    let due = env.due("2026-11-23 09:05", 365);
    assert_eq!(due["open_processes"], json!(1));
    assert!(
        due["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["process"] == json!(4)),
        "{due:#}"
    );
}

#[test]
fn accepting_on_a_saturday_gives_two_business_days_to_withdraw() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-10 12:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-10 10:00"],
    );
    env.ok(
        "2026-11-10 12:00",
        &["add", "-c", "Beta", "-r", "Dev", "--at", "2026-11-10 11:00"],
    );
    env.ok(
        "2026-11-21 10:00",
        &["close", "acme", "--outcome", "accepted"],
    );
    // Sat 21 Nov + 2 business days = Tue 24 Nov.
    assert_eq!(
        env.plan("2026-11-21 10:05", 7),
        expect(&["#2 withdraw 2026-11-21T10:00:00+01:00 .. 2026-11-24T23:59:59+01:00 due"])
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Don't pester.

#[test]
fn an_early_follow_up_warns_but_is_recorded() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 14:30",
            "--notes",
            "x",
            "--timeline",
            "end of next week",
        ],
    );
    // The follow-up opens Wed 2 Dec; sending it on Wed 25 Nov is early.
    let out = env
        .at("2026-11-25 10:00")
        .args(["done", "acme", "follow-up"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("warning: "), "{stderr}");
    assert!(stderr.contains("pestering"), "{stderr}");
    assert!(
        stderr.contains("end of next week") && stderr.contains("Fri 27 Nov"),
        "the warning names the date they gave: {stderr}"
    );
    let store = env.store();
    let round = &store["processes"][0]["rounds"][0]["uid"];
    assert_eq!(round.as_str().map(str::len), Some(16), "{store}");
    assert_eq!(
        store["processes"][0]["marks"],
        json!([{"action": "follow-up", "anchor": {"round": round}, "seq": 1,
                 "state": "done", "at": "2026-11-25T10:00:00+01:00"}])
    );
    // The second follow-up counts from when the first was sent.
    let due = env.due("2026-11-25 10:05", 30);
    assert_eq!(
        action(&due, 1, "follow-up", None)["from"],
        json!("2026-12-09T00:00:00+01:00")
    );
    assert_eq!(
        action(&due, 1, "follow-up", None)["by"],
        json!("2026-12-16T23:59:59+01:00")
    );
}

#[test]
fn a_follow_up_in_its_window_does_not_warn() {
    let env = TestEnv::new();
    interviewed(&env, "Acme", &[]);
    env.at("2026-11-25 10:00")
        .args(["done", "acme", "follow-up"])
        .assert()
        .success()
        .stderr("");
}

// ---------------------------------------------------------------------------------------------
// 6. Bad input: exit 2, one line, nothing changed.

/// Three processes: #1 Acme (Jane, Bob), #2 Acme Labs, #3 Beta.
fn three_processes() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 10:00",
            "-i",
            "Jane Doe",
            "-i",
            "Bob Smith",
        ],
    );
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Acme Labs",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 10:00",
        ],
    );
    env.ok(
        "2026-11-10 12:00",
        &["add", "-c", "Beta", "-r", "QA", "--at", "2026-11-10 10:00"],
    );
    env
}

const NOW: &str = "2026-11-11 09:00";

#[test]
fn unknown_id_is_refused() {
    let env = three_processes();
    for args in [
        vec!["done", "9", "debrief"],
        vec!["show", "9"],
        vec!["log-reply", "9", "--kind", "update"],
        vec!["close", "9", "--outcome", "declined"],
        vec!["note", "9", "text"],
        vec!["rm", "9", "--yes"],
    ] {
        let err = env.refused(env.at(NOW).args(&args), 2);
        assert!(err.contains("no process with id 9"), "{args:?}: {err}");
    }
}

#[test]
fn unknown_company_prefix_is_refused() {
    let env = three_processes();
    let err = env.refused(env.at(NOW).args(["done", "zed", "debrief"]), 2);
    assert!(err.contains("\"zed\""), "{err}");
}

#[test]
fn ambiguous_prefix_lists_the_candidates() {
    let env = three_processes();
    let err = env.refused(env.at(NOW).args(["done", "ac", "debrief"]), 2);
    assert!(
        err.contains("#1 Acme") && err.contains("#2 Acme Labs"),
        "{err}"
    );
    assert!(!err.contains("#3"), "{err}");
    // The exact name is not ambiguous.
    env.ok(NOW, &["done", "acme", "debrief"]);
    assert_eq!(
        env.store()["processes"][0]["marks"][0]["action"],
        json!("debrief")
    );
}

#[test]
fn unreadable_dates_are_refused_naming_the_value_and_the_forms() {
    let env = three_processes();
    let cases: Vec<Vec<&str>> = vec![
        vec!["done", "beta", "debrief", "--at", "blursday"],
        vec!["add", "-c", "New", "-r", "Dev", "--at", "blursday"],
        vec!["snooze", "beta", "debrief", "--until", "blursday"],
        vec![
            "log-reply",
            "beta",
            "--kind",
            "next-round",
            "--next-interview",
            "blursday",
        ],
        vec!["close", "beta", "--outcome", "declined", "--at", "blursday"],
        vec!["edit", "beta", "--at", "blursday"],
    ];
    for args in cases {
        let err = env.refused(env.at(NOW).args(&args), 2);
        assert!(err.contains("\"blursday\""), "{args:?}: {err}");
        assert!(
            err.contains("2026-11-20 14:30"),
            "{args:?} lists the forms: {err}"
        );
    }
}

#[test]
fn unreadable_timelines_are_refused() {
    let env = three_processes();
    for args in [
        vec![
            "add",
            "-c",
            "New",
            "-r",
            "Dev",
            "--timeline",
            "when pigs fly",
        ],
        vec![
            "log-reply",
            "beta",
            "--kind",
            "update",
            "--timeline",
            "when pigs fly",
        ],
        vec!["edit", "beta", "--timeline", "when pigs fly"],
    ] {
        let err = env.refused(env.at(NOW).args(&args), 2);
        assert!(err.contains("\"when pigs fly\""), "{args:?}: {err}");
        assert!(
            err.contains("end of next week"),
            "{args:?} lists the forms: {err}"
        );
    }
}

#[test]
fn empty_company_or_role_is_refused() {
    let env = three_processes();
    for (args, flag) in [
        (vec!["add", "--company", "", "--role", "Dev"], "--company"),
        (
            vec!["add", "--company", "   ", "--role", "Dev"],
            "--company",
        ),
        (vec!["add", "--company", "New", "--role", ""], "--role"),
        (vec!["edit", "beta", "--company", " "], "--company"),
    ] {
        let err = env.refused(env.at(NOW).args(&args), 2);
        assert!(
            err.contains(flag) && err.contains("empty"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn unknown_action_name_lists_the_valid_ones() {
    let env = three_processes();
    for verb in ["done", "dismiss"] {
        let err = env.refused(env.at(NOW).args([verb, "beta", "thankyou"]), 2);
        assert!(err.contains("\"thankyou\""), "{err}");
        for name in [
            "thank-you",
            "debrief",
            "review-debrief",
            "connect",
            "follow-up",
            "move-on",
            "respond",
            "prep",
            "reply-graciously",
            "stay-in-touch",
            "withdraw",
        ] {
            assert!(err.contains(name), "{name} missing from: {err}");
        }
    }
    let err = env.refused(
        env.at(NOW)
            .args(["snooze", "beta", "thankyou", "--until", "tomorrow"]),
        2,
    );
    assert!(err.contains("\"thankyou\""), "{err}");
}

#[test]
fn to_naming_nobody_is_refused_with_the_interviewers() {
    let env = three_processes();
    let err = env.refused(
        env.at(NOW)
            .args(["done", "acme", "thank-you", "--to", "zed"]),
        2,
    );
    assert!(err.contains("\"zed\""), "{err}");
    assert!(
        err.contains("Jane Doe") && err.contains("Bob Smith"),
        "{err}"
    );
    // Beta named nobody.
    env.refused(
        env.at(NOW)
            .args(["done", "beta", "thank-you", "--to", "jane"]),
        2,
    );
}

#[test]
fn relative_followup_dir_is_refused() {
    let env = TestEnv::new();
    let err = env.refused(
        env.at(NOW)
            .env("FOLLOWUP_DIR", "relative/data")
            .args(["add", "-c", "Acme", "-r", "Dev"]),
        2,
    );
    assert!(
        err.contains("FOLLOWUP_DIR") && err.contains("relative/data"),
        "{err}"
    );
    assert!(!env.root.path().join("relative").exists());
    assert!(!env.data_dir().exists());
    env.refused(
        env.at(NOW)
            .env("FOLLOWUP_DIR", "relative/data")
            .args(["due"]),
        2,
    );
}

#[test]
fn bad_followup_now_is_refused() {
    let env = three_processes();
    for args in [
        vec!["due"],
        vec!["list"],
        vec!["add", "-c", "New", "-r", "Dev"],
        vec!["done", "beta", "debrief"],
    ] {
        let err = env.refused(env.at("next blursday").args(&args), 2);
        assert!(
            err.contains("FOLLOWUP_NOW") && err.contains("\"next blursday\""),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn rm_without_yes_and_without_a_terminal_refuses() {
    let env = three_processes();
    let err = env.refused(env.at(NOW).args(["rm", "beta"]).write_stdin("y\n"), 2);
    assert!(err.contains("--yes"), "{err}");
    let list = env.json(NOW, &["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Store trouble: exit 1, the path named, the file untouched.

#[test]
fn a_damaged_or_newer_store_is_refused_by_every_command() {
    let env = TestEnv::new();
    env.ok("2026-11-10 12:00", &["add", "-c", "Acme", "-r", "Dev"]);
    let good = env.store_bytes().unwrap();
    let path = env.store_path();
    let path_text = path.display().to_string();
    let contents: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good[..good.len() / 2].to_vec()),
        ("not JSON", b"this is not JSON\n".to_vec()),
        (
            "version 99",
            br#"{"version": 99, "next_id": 1, "processes": []}"#.to_vec(),
        ),
        (
            "version 99, other fields",
            br#"{"version": 99, "shiny": true}"#.to_vec(),
        ),
    ];
    let commands: Vec<Vec<&str>> = vec![
        vec!["due"],
        vec!["due", "--json"],
        vec!["list"],
        vec!["list", "--all", "--json"],
        vec!["show", "1"],
        vec!["add", "-c", "Beta", "-r", "Dev"],
        vec!["done", "1", "debrief"],
        vec!["dismiss", "1", "debrief"],
        vec!["snooze", "1", "debrief", "--until", "tomorrow"],
        vec!["log-reply", "1", "--kind", "update"],
        vec!["close", "1", "--outcome", "declined"],
        vec!["edit", "1", "--role", "Other"],
        vec!["note", "1", "text"],
        vec!["rm", "1", "--yes"],
    ];
    for (what, bytes) in &contents {
        fs::write(&path, bytes).unwrap();
        for args in &commands {
            let err = env.refused(env.at(NOW).args(args), 1);
            assert!(
                err.contains(&path_text),
                "{what}, {args:?}: the message names the store: {err}"
            );
            assert_eq!(&fs::read(&path).unwrap(), bytes, "{what}, {args:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 7. The `due --json` contract.

#[test]
fn due_json_has_exactly_the_documented_keys() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 14:30",
            "-i",
            "Jane Doe",
            "--instructions",
            "Call Ann",
        ],
    );
    // An RFC 3339 FOLLOWUP_NOW in another zone is reported in the local one.
    let due = env.due("2026-12-03T08:00:00Z", 7);
    let top: BTreeSet<&str> = due
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, BTreeSet::from(["now", "open_processes", "actions"]));
    assert_eq!(due["now"], json!("2026-12-03T09:00:00+01:00"));
    assert_eq!(due["open_processes"], json!(1));
    let actions = due["actions"].as_array().unwrap();
    // debrief and connect are overdue, the thank-you expired; the follow-up opens Thu 3 Dec.
    assert_eq!(actions.len(), 3, "{due:#}");
    let keys = BTreeSet::from([
        "id",
        "process",
        "company",
        "role",
        "action",
        "person",
        "from",
        "by",
        "target",
        "status",
        "reason",
        "instructions",
        "done",
    ]);
    for a in actions {
        let got: BTreeSet<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(got, keys, "{a:#}");
        assert!(a["process"].is_u64());
        assert!(a["reason"].as_str().is_some_and(|r| !r.is_empty()), "{a:#}");
        assert!(a["person"].is_null() || a["person"].is_string());
        assert!(a["instructions"].is_null() || a["instructions"].is_string());
    }
    let follow_up = action(&due, 1, "follow-up", None);
    assert_eq!(
        follow_up,
        &json!({
            "id": follow_up["id"],
            "process": 1,
            "company": "Acme",
            "role": "Dev",
            "action": "follow-up",
            "person": null,
            "from": "2026-12-03T00:00:00+01:00",
            "by": "2026-12-10T23:59:59+01:00",
            "target": null,
            "status": "due",
            "reason": follow_up["reason"],
            "instructions": "Call Ann",
            "done": format!("followup done 1 follow-up --id {}", follow_up["id"].as_str().unwrap()),
        })
    );
    assert!(follow_up["id"].is_string(), "{follow_up:#}");
    assert!(
        follow_up["reason"].as_str().unwrap().contains(
            "the thank-you to Jane Doe for the interview on Thu 19 Nov 14:30 expired unsent"
        ),
        "{follow_up:#}"
    );
}

#[test]
fn due_days_limits_the_upcoming_actions() {
    let env = TestEnv::new();
    interviewed(&env, "Acme", &[]);
    // The follow-up opens Tue 24 Nov.
    assert_eq!(env.plan("2026-11-17 10:00", 6), Vec::<String>::new());
    assert_eq!(
        env.plan("2026-11-17 10:00", 7),
        expect(&["#1 follow-up 2026-11-24T00:00:00+01:00 .. 2026-12-01T23:59:59+01:00 upcoming"])
    );
    // The default is 7 days.
    let due = env.json("2026-11-17 10:00", &["due", "--json"]);
    assert_eq!(due["actions"].as_array().unwrap().len(), 1);
    let due = env.json("2026-11-16 23:59", &["due", "--json"]);
    assert_eq!(due["actions"], json!([]));
    // Nothing is due yet, whatever is coming.
    let text = env.ok("2026-11-17 10:00", &["due"]);
    assert!(text.starts_with("Nothing due."), "{text}");
    assert!(text.contains("follow-up"), "{text}");
}

#[test]
fn due_warns_when_fewer_than_three_processes_are_open() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "A", "-r", "Dev", "--notes", "x"]);
    env.ok(NOW, &["add", "-c", "B", "-r", "Dev", "--notes", "x"]);
    let text = env.ok(NOW, &["due"]);
    assert!(text.contains("Only 2 processes are open"), "{text}");
    env.ok(NOW, &["add", "-c", "C", "-r", "Dev", "--notes", "x"]);
    let text = env.ok(NOW, &["due"]);
    assert!(
        !text.contains("is open") && !text.contains("are open"),
        "three open processes are enough: {text}"
    );
    assert_eq!(env.due(NOW, 7)["open_processes"], json!(3));
}

// ---------------------------------------------------------------------------------------------
// The other commands.

#[test]
fn same_company_and_role_is_a_new_round_unless_new() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "2026-11-10 10:00",
        ],
    );
    let out = env.ok(
        "2026-11-17 12:00",
        &[
            "add",
            "-c",
            "ACME",
            "-r",
            "backend engineer",
            "--at",
            "2026-11-17 10:00",
            "--round",
            "onsite",
        ],
    );
    assert!(out.contains("round 2"), "{out}");
    let list = env.json("2026-11-17 12:00", &["list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["rounds"], json!(2));
    assert_eq!(
        list[0]["last_interview"],
        json!("2026-11-17T10:00:00+01:00")
    );
    assert_eq!(
        env.store()["processes"][0]["rounds"][1]["label"],
        json!("onsite")
    );
    // Another role at the same company is another process with --new; so is the same one.
    env.ok(
        "2026-11-17 12:00",
        &["add", "-c", "Acme", "-r", "SRE", "--new"],
    );
    env.ok(
        "2026-11-17 12:00",
        &["add", "-c", "Acme", "-r", "Backend Engineer", "--new"],
    );
    let ids: Vec<u64> = env.store()["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn ids_are_never_reused_after_rm() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "A", "-r", "Dev"]);
    env.ok(NOW, &["add", "-c", "B", "-r", "Dev"]);
    env.ok(NOW, &["add", "-c", "C", "-r", "Dev"]);
    let out = env.ok(NOW, &["rm", "3", "--yes"]);
    assert!(out.contains("#3 C"), "{out}");
    env.ok(NOW, &["add", "-c", "D", "-r", "Dev"]);
    env.ok(NOW, &["rm", "b", "--yes"]);
    env.ok(NOW, &["add", "-c", "E", "-r", "Dev"]);
    let list = env.json(NOW, &["list", "--all", "--json"]);
    let rows: Vec<(u64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_u64().unwrap(), r["company"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(1, "A"), (4, "D"), (5, "E")]);
}

#[test]
fn note_turns_the_debrief_into_a_review() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-19 14:30"],
    );
    assert_eq!(
        action(&env.due("2026-11-19 16:00", 7), 1, "debrief", None)["by"],
        json!("2026-11-20T14:30:00+01:00")
    );
    env.ok("2026-11-19 17:00", &["note", "acme", "Asked about Kafka"]);
    env.ok("2026-11-19 17:05", &["note", "1", "Felt rushed at the end"]);
    let show = env.show("2026-11-19 17:10", "acme");
    assert_eq!(
        show["process"]["rounds"][0]["debrief"]["notes"],
        json!("Asked about Kafka\nFelt rushed at the end")
    );
    let due = env.due("2026-11-19 17:10", 7);
    assert!(
        due["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["action"] != "debrief"),
        "{due:#}"
    );
    let review = action(&due, 1, "review-debrief", None);
    assert_eq!(review["from"], json!("2026-11-21T00:00:00+01:00"));
    assert_eq!(review["by"], json!("2026-11-24T23:59:59+01:00"));
    assert_eq!(review["status"], json!("upcoming"));
}

#[test]
fn show_json_holds_the_stored_record_and_its_plan() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 14:30",
            "--question",
            "Why us?",
            "--highlight",
            "shipped the billing rewrite",
            "--stumped",
            "consensus algorithms",
            "--red-flag",
            "three managers in a year",
        ],
    );
    env.ok("2026-11-19 16:00", &["add", "-c", "Beta", "-r", "Dev"]);
    let show = env.show("2026-11-20 09:00", "acme");
    let keys: BTreeSet<&str> = show
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["process", "actions", "expired"]));
    assert_eq!(show["process"], env.store()["processes"][0]);
    assert_eq!(
        show["process"]["rounds"][0]["debrief"],
        json!({
            "questions": ["Why us?"],
            "highlights": ["shipped the billing rewrite"],
            "stumped": ["consensus algorithms"],
            "red_flags": ["three managers in a year"],
        })
    );
    // Only Acme's actions, the same as in `due`, upcoming ones included.
    let due = env.due("2026-11-20 09:00", 30);
    let acme_in_due: Vec<String> = plan(&due)
        .into_iter()
        .filter(|l| l.starts_with("#1 "))
        .collect();
    assert_eq!(plan(&show), acme_in_due);
    assert_eq!(
        plan(&show),
        expect(&[
            "#1 thank-you 2026-11-19T14:30:00+01:00 .. 2026-11-21T14:30:00+01:00 due",
            "#1 review-debrief 2026-11-21T00:00:00+01:00 .. 2026-11-24T23:59:59+01:00 upcoming",
            "#1 follow-up 2026-12-03T00:00:00+01:00 .. 2026-12-10T23:59:59+01:00 upcoming",
        ])
    );
}

#[test]
fn edit_changes_the_record_and_the_plan() {
    let env = TestEnv::new();
    interviewed(&env, "Acme", &[]);
    assert_eq!(
        env.plan("2026-11-20 09:00", 30),
        expect(&["#1 follow-up 2026-11-24T00:00:00+01:00 .. 2026-12-01T23:59:59+01:00 upcoming"])
    );
    env.ok(
        "2026-11-20 09:00",
        &[
            "edit",
            "acme",
            "--company",
            "Acme Corp",
            "--timeline",
            "by Dec 4",
            "--instructions",
            "LinkedIn only",
        ],
    );
    let due = env.due("2026-11-20 09:05", 30);
    assert_eq!(
        plan(&due),
        expect(&["#1 follow-up 2026-12-09T00:00:00+01:00 .. 2026-12-16T23:59:59+01:00 upcoming"])
    );
    let follow_up = action(&due, 1, "follow-up", None);
    assert_eq!(follow_up["company"], json!("Acme Corp"));
    assert_eq!(follow_up["instructions"], json!("LinkedIn only"));

    env.ok(
        "2026-11-20 09:10",
        &["edit", "1", "--timeline", "none", "--instructions", "none"],
    );
    let due = env.due("2026-11-20 09:15", 30);
    assert_eq!(
        plan(&due),
        expect(&["#1 follow-up 2026-11-24T00:00:00+01:00 .. 2026-12-01T23:59:59+01:00 upcoming"])
    );
    assert_eq!(
        action(&due, 1, "follow-up", None)["instructions"],
        Value::Null
    );

    // Changing nothing, or a round that does not exist, is refused.
    env.refused(env.at(NOW).args(["edit", "1"]), 2);
    let err = env.refused(
        env.at(NOW)
            .args(["edit", "1", "--round-number", "2", "--round", "onsite"]),
        2,
    );
    assert!(err.contains("--round-number 2"), "{err}");
}

#[test]
fn dismiss_drops_an_action_and_snooze_moves_it() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-19 14:30",
            "-i",
            "Jane Doe",
            "-i",
            "Bob Smith",
            "--notes",
            "x",
        ],
    );
    env.ok(
        "2026-11-20 09:00",
        &["dismiss", "acme", "connect", "--to", "bob"],
    );
    env.ok(
        "2026-11-20 09:00",
        &[
            "snooze",
            "acme",
            "connect",
            "--to",
            "jane",
            "--until",
            "2026-11-23 09:00",
        ],
    );
    // Jane's connect window keeps its 7-day length from the new start.
    let due = env.due("2026-11-20 09:05", 7);
    assert!(
        due["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["person"] != "Bob Smith" || a["action"] != "connect"),
        "{due:#}"
    );
    // Snoozed: out of sight until the date, even within --days.
    assert!(
        due["actions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["action"] != "connect"),
        "{due:#}"
    );
    let due = env.due("2026-11-23 09:05", 7);
    let connect = action(&due, 1, "connect", Some("Jane Doe"));
    assert_eq!(connect["from"], json!("2026-11-23T09:00:00+01:00"));
    assert_eq!(connect["by"], json!("2026-11-30T09:00:00+01:00"));
    assert_eq!(connect["status"], json!("due"));
    // A snooze into the past is refused.
    let err = env.refused(
        env.at("2026-11-20 09:10").args([
            "snooze",
            "acme",
            "review-debrief",
            "--until",
            "yesterday",
        ]),
        2,
    );
    assert!(err.contains("--until"), "{err}");
}

#[test]
fn day_counted_windows_keep_the_local_time_across_a_clock_change() {
    let env = TestEnv::new();
    // Tue 20 Oct 2026 14:30 summer time; clocks go back on Sun 25 Oct.
    env.ok(
        "2026-10-20 16:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-10-20 14:30",
            "-i",
            "Jane Doe",
            "--notes",
            "x",
        ],
    );
    let due = env.due("2026-10-20 16:00", 30);
    // Windows counted in days are whole local days across the change...
    assert_eq!(
        action(&due, 1, "follow-up", None)["from"],
        json!("2026-11-03T00:00:00+01:00")
    );
    assert_eq!(
        action(&due, 1, "review-debrief", None)["by"],
        json!("2026-10-25T23:59:59+01:00")
    );
    // ...and the connect keeps the time of day.
    assert_eq!(
        action(&due, 1, "connect", Some("Jane Doe"))["by"],
        json!("2026-10-27T14:30:00+01:00")
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Files, permissions, concurrency and pipes.

#[test]
fn read_only_commands_on_a_missing_folder_create_nothing() {
    let env = TestEnv::new();
    let text = env.ok(NOW, &["due"]);
    assert!(
        text.contains("Nothing due: nothing is recorded yet.") && text.contains("followup apply"),
        "{text}"
    );
    let due = env.due(NOW, 7);
    assert_eq!(due["open_processes"], json!(0));
    assert_eq!(due["actions"], json!([]));
    assert_eq!(env.json(NOW, &["list", "--all", "--json"]), json!([]));
    env.ok(NOW, &["list"]);
    env.refused(env.at(NOW).args(["show", "1"]), 2);
    env.refused(env.at(NOW).args(["show", "acme", "--json"]), 2);
    assert!(
        !env.data_dir().exists(),
        "a read-only command created the data folder"
    );
    let leftovers: Vec<_> = fs::read_dir(env.root.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_missing_store_file_is_an_empty_store() {
    let env = TestEnv::new();
    fs::create_dir(env.data_dir()).unwrap();
    let due = env.due(NOW, 7);
    assert_eq!(due["open_processes"], json!(0));
    assert_eq!(env.json(NOW, &["list", "--json"]), json!([]));
    assert!(env.data_files().is_empty(), "{:?}", env.data_files());
    env.ok(NOW, &["add", "-c", "Acme", "-r", "Dev"]);
    let store = env.store();
    assert_eq!(store["version"], json!(5));
    assert_eq!(store["processes"].as_array().unwrap().len(), 1);
    assert_eq!(store["processes"][0]["id"], json!(1));
}

#[test]
fn the_store_is_private_and_versioned() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Acme", "-r", "Dev", "-i", "Jane Doe"]);
    env.ok(NOW, &["done", "acme", "thank-you"]);
    env.ok(NOW, &["note", "acme", "fine"]);
    assert_eq!(mode(&env.data_dir()), 0o700);
    assert_eq!(mode(&env.store_path()), 0o600);
    assert_eq!(env.data_files(), ["backups", "store.json"]);
    let store = env.store();
    assert_eq!(store["version"], json!(5));
    assert_eq!(store["processes"][0]["company"], json!("Acme"));
}

#[test]
fn concurrent_adds_all_land() {
    let env = TestEnv::new();
    let children: Vec<process::Child> = (1..=8)
        .map(|i| {
            env.std_command()
                .env("FOLLOWUP_NOW", NOW)
                .args(["add", "--company", &format!("Company {i}"), "--role", "Dev"])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("followup starts")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a concurrent add failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = env.store();
    let processes = store["processes"].as_array().unwrap();
    assert_eq!(processes.len(), 8);
    let ids: BTreeSet<u64> = processes
        .iter()
        .map(|p| p["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (1..=8).collect());
    let companies: BTreeSet<&str> = processes
        .iter()
        .map(|p| p["company"].as_str().unwrap())
        .collect();
    assert_eq!(companies.len(), 8);
    assert_eq!(env.data_files(), ["backups", "store.json"]);
}

#[test]
fn a_closed_output_pipe_is_not_an_error() {
    let env = TestEnv::new();
    // Enough actions that `due` writes far more than a pipe holds.
    for i in 1..=100 {
        env.ok(
            "2026-11-19 16:00",
            &[
                "add",
                "--company",
                &format!("Company number {i}"),
                "--role",
                "Senior Backend Engineer, Payments Platform",
                "--at",
                "2026-11-19 14:30",
                "-i",
                "Alice Anderson",
                "-i",
                "Bruno Bianchi",
                "-i",
                "Chloe Chevalier",
                "-i",
                "Dmitri Dostoevsky",
                "--instructions",
                "Email the recruiter, not the hiring manager, and mention the reference number",
            ],
        );
    }
    for args in [["due", "--days", "365"], ["due", "--json", "--days=365"]] {
        let full = env.ok("2026-11-20 09:00", &args);
        assert!(
            full.len() > 128 * 1024,
            "only {} bytes of output",
            full.len()
        );

        let mut child = env
            .std_command()
            .env("FOLLOWUP_NOW", "2026-11-20 09:00")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("followup starts");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        drop(reader);
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} | head -1: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{args:?} | head -1"
        );
    }
}

#[test]
fn a_weekday_for_something_that_happened_is_the_last_one() {
    let env = TestEnv::new();
    // Friday 20 Nov: "thursday" is yesterday, not next week.
    env.ok(
        "2026-11-20 09:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "thursday 14:30"],
    );
    let store = env.store();
    assert_eq!(
        store["processes"][0]["rounds"][0]["at"],
        json!("2026-11-19T14:30:00+01:00")
    );
    // A moment still to come is refused for what already happened...
    let err = env.refused(
        env.at("2026-11-20 09:00")
            .args(["done", "acme", "debrief", "--at", "today 17:00"]),
        2,
    );
    assert!(
        err.contains("--at") && err.contains("still to come"),
        "{err}"
    );
    let err = env.refused(
        env.at("2026-11-20 09:00").args([
            "log-reply",
            "acme",
            "--kind",
            "update",
            "--at",
            "tomorrow",
        ]),
        2,
    );
    assert!(err.contains("\"tomorrow\""), "{err}");
    // ...and a year no one means is refused everywhere.
    let err = env.refused(
        env.at("2026-11-20 09:00")
            .args(["snooze", "acme", "debrief", "--until", "9999-12-31"]),
        2,
    );
    assert!(err.contains("too far"), "{err}");
}

#[test]
fn due_days_has_a_sane_limit() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Acme", "-r", "Dev"]);
    let before = env.store_bytes();
    let out = env
        .at(NOW)
        .args(["due", "--days", "200000000"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let first = err.lines().next().unwrap();
    assert!(
        first.contains("200000000") && first.contains("0..=3660"),
        "{err}"
    );
    assert_eq!(env.store_bytes(), before);
    env.json(NOW, &["due", "--json", "--days", "3660"]);
}

#[test]
fn editing_the_time_of_a_round_counts_its_timeline_again() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-20 09:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-10-01 10:00",
            "--timeline",
            "two weeks",
        ],
    );
    env.ok(
        "2026-11-20 09:00",
        &["edit", "acme", "--at", "2026-11-19 10:00"],
    );
    let shown = env.json("2026-11-20 09:00", &["show", "acme", "--json"]);
    let timeline = &shown["process"]["rounds"][0]["timeline"];
    assert_eq!(timeline["text"], json!("two weeks"));
    assert_eq!(timeline["date"], json!("2026-12-03"));
    let follow_up = shown["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "follow-up")
        .expect("a follow-up");
    // Thu 3 Dec + 3 business days = Tue 8 Dec.
    assert_eq!(follow_up["from"], json!("2026-12-08T00:00:00+01:00"));
}

#[test]
fn a_bad_id_on_a_fresh_machine_creates_nothing() {
    let env = TestEnv::new();
    for args in [
        &["done", "1", "thank-you"][..],
        &["note", "acme", "x"],
        &["rm", "1", "--yes"],
        &["close", "acme", "--outcome", "withdrawn"],
    ] {
        env.refused(env.at(NOW).args(args), 2);
        assert!(!env.data_dir().exists(), "{args:?} created the data folder");
    }
}

#[test]
fn a_deadline_at_midnight_shows_its_time() {
    let env = TestEnv::new();
    // An interview recorded by date alone starts at midnight: its thank-you ends at midnight too.
    env.ok(
        "2026-11-20 09:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-18"],
    );
    let out = env.ok("2026-11-20 09:00", &["show", "acme"]);
    assert!(out.contains("by Fri 20 Nov 00:00"), "{out}");
    assert!(out.contains("interview on Wed 18 Nov;"), "{out}");
}

#[test]
fn the_whole_name_beats_a_longer_one() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add", "-c", "Acme", "-r", "Dev", "-i", "Sam", "-i", "Sam Lee",
        ],
    );
    env.ok(NOW, &["done", "acme", "thank-you", "--to", "sam"]);
    let due = env.due(NOW, 7);
    let left: Vec<&str> = due["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "thank-you")
        .map(|a| a["person"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["Sam Lee"]);
}

#[test]
fn an_older_json_export_is_not_imported_twice() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Acme", "-r", "Dev", "-i", "Jane Doe"]);
    let backup = env.root.path().join("backup.json");
    env.ok(
        NOW,
        &["export", "--format", "json", "-o", backup.to_str().unwrap()],
    );
    env.ok(NOW, &["done", "acme", "thank-you"]);
    let out = env.ok(
        NOW,
        &["import", "--format", "json", backup.to_str().unwrap()],
    );
    assert!(out.contains("Nothing imported"), "{out}");
    let list = env.json(NOW, &["list", "--all", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// The store keeps the processes with nothing left to do apart.

/// Two processes: Acme open, Globex withdrawn (out of play).
fn one_open_one_withdrawn() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-10 11:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "-i",
            "Jane Doe",
            "--at",
            "2026-11-10 10:00",
        ],
    );
    env.ok(
        "2026-11-10 12:00",
        &[
            "add",
            "-c",
            "Globex",
            "-r",
            "Ops",
            "--at",
            "2026-11-10 11:00",
        ],
    );
    env.ok(
        "2026-11-10 13:00",
        &["close", "globex", "--outcome", "withdrawn"],
    );
    env
}

#[test]
fn a_rejection_whose_notes_are_stopped_is_archived_once_its_gracious_reply_expired() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-02 12:00",
        &[
            "add",
            "-c",
            "Stark",
            "-r",
            "Engineer",
            "--at",
            "2026-11-02 10:00",
        ],
    );
    env.ok(
        "2026-11-03 11:00",
        &["log-reply", "stark", "--kind", "rejection"],
    );
    // The gracious reply is still owed: stopping the notes keeps the process in play.
    env.ok("2026-11-05 09:00", &["dismiss", "stark", "stay-in-touch"]);
    assert_eq!(env.store()["processes"].as_array().unwrap().len(), 1);
    // It expires at the rejection + 14 days (11:00); the next change after that archives it.
    env.ok(
        "2026-11-17 10:59",
        &["add", "-c", "Acme", "-r", "Ops", "--at", "2026-11-17 10:00"],
    );
    assert_eq!(env.store()["processes"][0]["company"], json!("Stark"));
    env.ok(
        "2026-11-18 12:00",
        &[
            "add",
            "-c",
            "Globex",
            "-r",
            "Ops",
            "--at",
            "2026-11-18 10:00",
        ],
    );
    let store = env.store();
    let companies: Vec<&Value> = store["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["company"])
        .collect();
    assert_eq!(companies, [&json!("Acme"), &json!("Globex")]);
    assert_eq!(env.archive()["processes"][0]["company"], json!("Stark"));
}

#[test]
fn a_gracious_reply_expires_for_the_archive_when_it_leaves_the_plan_across_a_clock_change() {
    let env = TestEnv::new();
    for company in ["Stark", "Beta"] {
        env.ok(
            "2026-10-20 11:00",
            &[
                "add",
                "-c",
                company,
                "-r",
                "Dev",
                "--at",
                "2026-10-19 10:00",
            ],
        );
    }
    env.ok(
        "2026-10-20 11:00",
        &[
            "log-reply",
            "stark",
            "--kind",
            "rejection",
            "--at",
            "2026-10-20 10:00",
        ],
    );
    env.ok("2026-10-20 11:05", &["dismiss", "stark", "stay-in-touch"]);
    let stark_plan = |at: &str| -> Vec<String> {
        env.plan(at, 0)
            .into_iter()
            .filter(|line| line.starts_with("#1 "))
            .collect()
    };
    // Summer time ended on 25 October: the reply expires at 10:00 of 3 November, local time.
    env.ok("2026-11-03 09:30", &["note", "beta", "hi"]);
    assert_eq!(env.store()["processes"].as_array().unwrap().len(), 2);
    assert_eq!(
        stark_plan("2026-11-03 09:31"),
        expect(&[
            "#1 reply-graciously 2026-10-20T10:00:00+02:00 .. 2026-10-22T23:59:59+02:00 overdue"
        ])
    );
    env.ok("2026-11-03 10:00", &["note", "beta", "again"]);
    assert_eq!(env.store()["processes"].as_array().unwrap().len(), 1);
    assert_eq!(stark_plan("2026-11-03 10:01"), Vec::<String>::new());
}

#[test]
fn processes_out_of_play_are_archived_where_due_and_list_do_not_read() {
    let env = one_open_one_withdrawn();
    let store = env.store();
    assert_eq!(store["processes"][0]["company"], json!("Acme"));
    assert_eq!(store["processes"].as_array().unwrap().len(), 1);
    assert_eq!(store["next_id"], json!(3));
    let archive = env.archive();
    assert_eq!(archive["processes"][0]["company"], json!("Globex"));
    assert_eq!(archive["processes"].as_array().unwrap().len(), 1);
    assert_eq!(env.data_files(), ["archive.json", "backups", "store.json"]);
    assert_eq!(mode(&env.data_dir().join("archive.json")), 0o600);

    let due = env.due(NOW, 7);
    assert_eq!(due["open_processes"], json!(1));
    assert!(
        plan(&due).iter().all(|line| line.starts_with("#1 ")),
        "{due}"
    );
    let all = env.json(NOW, &["list", "--all", "--json"]);
    assert_eq!(status_of(&all, 2), "withdrawn");
    assert_eq!(
        env.json(NOW, &["show", "globex", "--json"])["process"]["company"],
        json!("Globex")
    );

    // Damage in the archive is noticed by everything that reads it, and left as it is.
    let path = env.data_dir().join("archive.json");
    let mut bytes = fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = text.find("\"Globex\"").unwrap() + 1;
    bytes[at] = b'H';
    fs::write(&path, &bytes).unwrap();
    for args in [
        &["list", "--all"][..],
        &["show", "2"],
        &["export", "--format", "json"],
        &["note", "globex", "x"],
    ] {
        let err = env.refused(env.at(NOW).args(args), 1);
        assert!(
            err.contains("archive.json") && err.contains("does not match its checksum"),
            "{args:?}: {err}"
        );
    }
    // What does not read it goes on: the plan of what is in play, and a change to it.
    env.ok(NOW, &["due"]);
    env.ok(NOW, &["note", "1", "still fine"]);
    assert_eq!(fs::read(&path).unwrap(), bytes, "left untouched");
}

#[test]
fn a_process_moves_between_the_files_as_it_leaves_or_comes_back_into_play() {
    let env = one_open_one_withdrawn();
    // Undo the withdrawal: Globex is open again, in the store, and out of the archive.
    env.ok(NOW, &["undo"]);
    let companies = |v: &Value| -> Vec<String> {
        v["processes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["company"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(companies(&env.store()), ["Acme", "Globex"]);
    assert_eq!(companies(&env.archive()), Vec::<String>::new());
    // Closing it again moves it back; removing it takes it out of the archive.
    env.ok(NOW, &["close", "2", "--outcome", "withdrawn"]);
    assert_eq!(companies(&env.store()), ["Acme"]);
    assert_eq!(companies(&env.archive()), ["Globex"]);
    env.ok(NOW, &["rm", "globex", "--yes"]);
    assert_eq!(companies(&env.archive()), Vec::<String>::new());
    assert_eq!(
        env.json(NOW, &["list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn hand_edits_are_read_and_split_again_at_the_next_change() {
    let env = one_open_one_withdrawn();
    // By hand, with the checksum lines deleted: the withdrawn process moved into the store.
    let mut store = env.store();
    let archive = env.archive();
    store["processes"]
        .as_array_mut()
        .unwrap()
        .push(archive["processes"][0].clone());
    store.as_object_mut().unwrap().remove("checksum");
    fs::write(env.store_path(), serde_json::to_vec_pretty(&store).unwrap()).unwrap();
    fs::remove_file(env.data_dir().join("archive.json")).unwrap();
    let due = env.due(NOW, 7);
    assert_eq!(due["open_processes"], json!(1));
    assert_eq!(
        env.json(NOW, &["list", "--json"]).as_array().unwrap().len(),
        1
    );
    assert_eq!(
        env.json(NOW, &["list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // The next change splits them again.
    env.ok(NOW, &["note", "acme", "they use Rust"]);
    let store = env.store();
    assert_eq!(store["processes"].as_array().unwrap().len(), 1);
    assert_eq!(env.archive()["processes"][0]["company"], json!("Globex"));
}

#[test]
fn a_format_2_store_is_read_and_written_as_format_5_at_the_next_change() {
    let env = one_open_one_withdrawn();
    // Format 2: one file, the processes in play, then the others in `archived`, after a head
    // line, with a checksum over the rest.
    let store = env.store();
    let body = serde_json::to_string_pretty(&json!({
        "head": "bytes:000000000123 in-play:1",
        "version": 2,
        "next_id": store["next_id"],
        "processes": store["processes"],
        "archived": env.archive()["processes"],
    }))
    .unwrap();
    let rest = format!("{}\n", &body[2..]);
    let v2 = format!(
        "{{\n  \"checksum\": \"crc32:{:08x}\",\n{rest}",
        crc32fast::hash(rest.as_bytes())
    );
    fs::remove_dir_all(env.data_dir()).unwrap();
    fs::create_dir(env.data_dir()).unwrap();
    fs::write(env.store_path(), &v2).unwrap();
    let due = env.due(NOW, 7);
    assert_eq!(due["open_processes"], json!(1));
    assert_eq!(
        env.json(NOW, &["list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        env.store_bytes().unwrap(),
        v2.as_bytes(),
        "reading changes nothing"
    );

    env.ok(NOW, &["note", "acme", "they use Rust"]);
    assert_eq!(env.store()["version"], json!(5));
    assert_eq!(env.archive()["processes"][0]["company"], json!("Globex"));
    // The format 2 file is the newest backup, and undo puts its records back.
    let backups: Vec<_> = fs::read_dir(env.data_dir().join("backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    let backup = backups[0].as_ref().unwrap().path().join("store.json");
    assert_eq!(fs::read(backup).unwrap(), v2.as_bytes());
    env.ok(NOW, &["undo"]);
    let notes = env.json(NOW, &["show", "acme", "--json"]);
    assert!(!notes.to_string().contains("they use Rust"), "{notes}");
    assert_eq!(
        env.json(NOW, &["list", "--all", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// The calendar UIDs of the export at `now`, by the start of their summary.
fn calendar_uids(env: &TestEnv, now: &str) -> BTreeMap<String, String> {
    let text = env
        .ok(now, &["export", "--format", "ics"])
        .replace("\r\n ", "");
    let mut uids = BTreeMap::new();
    for event in text.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap()
                .to_string()
        };
        uids.insert(field("SUMMARY:"), field("UID:"));
    }
    uids
}

#[test]
fn renaming_an_interviewer_keeps_what_was_done_for_them_and_their_calendar_events() {
    let env = TestEnv::new();
    let at = "2026-11-10 12:00";
    env.ok(
        at,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-10 10:00",
            "-i",
            "Jane Doe <jane@acme.test>",
            "-i",
            "Bob",
        ],
    );
    env.ok(at, &["done", "acme", "thank-you", "--to", "jane"]);
    let before = calendar_uids(&env, at);
    let bob = "thank-you to Bob · Acme (Dev)";
    assert!(before.contains_key(bob), "{before:?}");

    // Jane's name corrected (her email kept), Bob given his full name (at his place).
    env.ok(
        at,
        &[
            "edit",
            "acme",
            "-i",
            "Janet Doe <jane@acme.test>",
            "-i",
            "Robert Smith",
        ],
    );
    let plan = env.plan(at, 7);
    assert!(
        !plan.iter().any(|l| l.contains("thank-you [Janet Doe]")),
        "Jane's thank-you was sent: {plan:?}"
    );
    assert!(
        plan.iter().any(|l| l.contains("thank-you [Robert Smith]")),
        "{plan:?}"
    );
    let after = calendar_uids(&env, at);
    assert_eq!(
        after["thank-you to Robert Smith · Acme (Dev)"], before[bob],
        "the same event, renamed"
    );
    assert_eq!(
        after["connect to Janet Doe · Acme (Dev)"],
        before["connect to Jane Doe · Acme (Dev)"]
    );
    // A round added later changes no other event either.
    env.ok(
        "2026-11-12 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-11-12 10:00",
            "-i",
            "Priya",
        ],
    );
    let later = calendar_uids(&env, "2026-11-12 12:00");
    assert_eq!(
        later["connect to Janet Doe · Acme (Dev)"],
        before["connect to Jane Doe · Acme (Dev)"]
    );
}

#[test]
fn a_format_2_store_keeps_every_mark_by_name_through_the_upgrade() {
    let env = TestEnv::new();
    fs::create_dir(env.data_dir()).unwrap();
    // As followup 0.1.0 wrote it (its checksum line deleted, as after a hand edit): marks name
    // the round by its place and the interviewer by name.
    let v2 = json!({
        "head": "bytes:000000000000 in-play:1",
        "version": 2,
        "next_id": 2,
        "processes": [{
            "id": 1, "company": "Acme", "role": "Dev", "created": "2026-11-10T12:00:00+01:00",
            "rounds": [
                {"at": "2026-11-03T10:00:00+01:00", "interviewers": [{"name": "Ann"}]},
                {"at": "2026-11-10T10:00:00+01:00",
                 "interviewers": [{"name": "Jane Doe"}, {"name": "Bob"}],
                 "debrief": {"notes": "went well"}}
            ],
            "replies": [{"at": "2026-11-05T10:00:00+01:00", "kind": "next-round"}],
            "marks": [
                {"action": "thank-you", "anchor": {"round": 1}, "person": "Ann",
                 "state": "done", "at": "2026-11-03T15:00:00+01:00"},
                {"action": "connect", "anchor": {"round": 1}, "person": "Ann",
                 "state": "dismissed", "at": "2026-11-03T15:00:00+01:00"},
                {"action": "debrief", "anchor": {"round": 1},
                 "state": "dismissed", "at": "2026-11-03T15:00:00+01:00"},
                {"action": "thank-you", "anchor": {"round": 2}, "person": "Jane Doe",
                 "state": "done", "at": "2026-11-10T15:00:00+01:00"},
                {"action": "connect", "anchor": {"round": 2}, "person": "Bob",
                 "state": "snoozed", "until": "2026-11-20T09:00:00+01:00"}
            ]
        }],
        "archived": []
    });
    fs::write(env.store_path(), serde_json::to_vec_pretty(&v2).unwrap()).unwrap();
    let at = "2026-11-10 16:00";
    let plan = env.plan(at, 30);
    let uids = calendar_uids(&env, at);
    assert!(!plan.iter().any(|l| l.contains("Ann")), "{plan:?}");
    assert!(
        !plan.iter().any(|l| l.contains("thank-you [Jane Doe]")),
        "{plan:?}"
    );
    assert!(
        plan.iter().any(|l| l.contains("thank-you [Bob]")),
        "{plan:?}"
    );
    assert!(
        !plan.iter().any(|l| l.contains("debrief 2026-11-03")),
        "{plan:?}"
    );
    assert!(
        !plan.iter().any(|l| l.contains("connect [Bob]")),
        "snoozed out of sight: {plan:?}"
    );
    let snoozed = env.plan("2026-11-20 10:00", 30);
    assert!(
        snoozed
            .iter()
            .any(|l| l.starts_with("#1 connect [Bob] 2026-11-20T09:00")),
        "the snooze is kept: {snoozed:?}"
    );
    // Read again, the same ids: the calendar does not change before the upgrade.
    assert_eq!(calendar_uids(&env, at), uids);

    env.ok(at, &["note", "1", "upgraded"]);
    let store = env.store();
    assert_eq!(store["version"], json!(5));
    let marks = store["processes"][0]["marks"].as_array().unwrap();
    assert_eq!(marks.len(), 5);
    let rounds = &store["processes"][0]["rounds"];
    assert_eq!(marks[3]["anchor"]["round"], rounds[1]["uid"]);
    assert_eq!(marks[3]["person"], rounds[1]["interviewers"][0]["uid"]);
    assert_eq!(env.plan(at, 30), plan, "the same plan");
    assert_eq!(calendar_uids(&env, at), uids, "the same calendar");
}

#[test]
fn enum_values_are_named_as_stored_and_a_rejection_is_not_the_users_to_close_with() {
    let env = TestEnv::new();
    env.ok(NOW, &["add", "-c", "Acme", "-r", "Dev"]);
    for (args, names) in [
        (
            &["close", "acme", "--outcome", "rejected"][..],
            "accepted, declined, withdrawn, no-response",
        ),
        (
            &["log-reply", "acme", "--kind", "nope"][..],
            "update, next-round, offer, rejection, request",
        ),
    ] {
        let out = env.at(NOW).args(args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(names), "{args:?}: {err}");
    }
    env.ok(NOW, &["log-reply", "acme", "--kind", "next-round"]);
    assert_eq!(
        env.store()["processes"][0]["replies"][0]["kind"],
        json!("next-round")
    );
}

#[test]
fn a_relative_home_puts_no_store_in_the_current_folder() {
    let env = TestEnv::new();
    let err = env.refused(
        env.at(NOW)
            .env_remove("FOLLOWUP_DIR")
            .env_remove("XDG_DATA_HOME")
            .env("HOME", "relative-home")
            .current_dir(env.root.path())
            .args(["add", "-c", "Acme", "-r", "Dev"]),
        2,
    );
    assert!(err.contains("HOME is not an absolute path"), "{err}");
    assert!(!env.root.path().join("relative-home").exists());
}

#[test]
fn the_thank_you_target_is_given_in_the_zone_of_now_across_a_clock_change() {
    let env = TestEnv::new();
    // Saturday 24 October 10:00 summer time; the clocks go back in the night.
    env.ok(
        "2026-10-24 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "--at",
            "2026-10-24 10:00",
            "-i",
            "Jane Doe",
        ],
    );
    let due = env.due("2026-10-24 12:05", 0);
    let thank_you = action(&due, 1, "thank-you", Some("Jane Doe"));
    assert_eq!(thank_you["target"], "2026-10-25T09:00:00+01:00");
    assert_eq!(thank_you["by"], "2026-10-26T09:00:00+01:00");
}

#[test]
fn declining_is_for_an_offer_and_refused_without_one() {
    let env = TestEnv::new();
    env.add(
        "2026-11-10 12:00",
        &["-c", "Acme", "-r", "Dev", "--at", "2026-11-10 10:00"],
    );
    let err = env.refused(
        env.at("2026-11-12 09:00")
            .args(["close", "acme", "--outcome", "declined"]),
        2,
    );
    assert_eq!(
        err,
        "followup: --outcome declined: #1 Acme · Dev has no offer logged, and declining is turning one down: `followup close 1 --outcome withdrawn` ends it on your side, or log the offer first with `followup log-reply 1 --kind offer`"
    );
    assert_eq!(env.store()["processes"][0]["closed"], Value::Null);

    // Once an offer is logged, declining it closes the process.
    env.ok(
        "2026-11-13 09:00",
        &["log-reply", "acme", "--kind", "offer"],
    );
    let out = env.ok(
        "2026-11-14 09:00",
        &["close", "acme", "--outcome", "declined"],
    );
    assert!(out.contains("Closed #1 Acme · Dev as declined."), "{out}");
    assert_eq!(
        env.store()["processes"][0]["closed"]["outcome"],
        json!("declined")
    );
}

#[test]
fn show_names_the_id_an_import_kept() {
    let env = TestEnv::new();
    let sheet = env.root.path().join("tracker.csv");
    fs::write(
        &sheet,
        "id,company,role,applied,link\nJOB_20261102_001,Acme,Dev,2026-11-02,https://acme.test/1\n",
    )
    .unwrap();
    env.ok(NOW, &["import", sheet.to_str().unwrap()]);
    env.ok(NOW, &["apply", "-c", "Beta", "-r", "Dev"]);
    let shown = env.ok(NOW, &["show", "acme"]);
    assert!(
        shown.starts_with(
            "#1 Acme · Dev\nopen since Wed 11 Nov 09:00\napplied Mon 2 Nov\nposting: https://acme.test/1\ntracker id: JOB_20261102_001\n\nPlan\n"
        ),
        "{shown}"
    );
    // A process typed in by hand has none, nor one of a sheet without an id column.
    let shown = env.ok(NOW, &["show", "beta"]);
    assert!(!shown.contains("tracker id"), "{shown}");
    fs::write(&sheet, "company,role,applied\nGlobex,Ops,2026-11-03\n").unwrap();
    env.ok(NOW, &["import", sheet.to_str().unwrap()]);
    let shown = env.ok(NOW, &["show", "globex"]);
    assert!(shown.contains("applied Tue 3 Nov"), "{shown}");
    assert!(!shown.contains("tracker id"), "{shown}");
}

#[test]
fn a_scheduled_round_is_not_moved_before_the_reply_that_scheduled_it() {
    let env = TestEnv::new();
    env.add(
        "2026-11-10 12:00",
        &["-c", "Acme", "-r", "Dev", "--at", "2026-11-10 10:00"],
    );
    env.ok(
        "2026-11-12 09:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-11-20 10:00",
        ],
    );
    let err = env.refused(
        env.at("2026-11-13 09:00")
            .args(["edit", "acme", "--at", "2026-11-11 15:00"]),
        2,
    );
    assert_eq!(
        err,
        "followup: --at \"2026-11-11 15:00\" is Wed 11 Nov 15:00, before the next-round reply of Thu 12 Nov 09:00 that scheduled round 2 of #1 Acme · Dev: give a time after that reply (a reply's time is not edited: if it is the one that is wrong, `followup undo` back to before it and log it again with --at)"
    );
    // After the reply is fine, even if already past; so is moving round 1, which no reply set.
    env.ok(
        "2026-11-13 09:00",
        &["edit", "acme", "--at", "2026-11-12 16:00"],
    );
    assert_eq!(
        env.store()["processes"][0]["rounds"][1]["at"],
        json!("2026-11-12T16:00:00+01:00")
    );
    env.ok(
        "2026-11-13 09:00",
        &[
            "edit",
            "acme",
            "--round-number",
            "1",
            "--at",
            "2026-11-09 10:00",
        ],
    );
    assert_eq!(
        env.store()["processes"][0]["rounds"][0]["at"],
        json!("2026-11-09T10:00:00+01:00")
    );
    // With another round after the reply, moving round 2 leaves the reply its round; moving
    // that last one too would not.
    env.ok(
        "2026-11-13 09:00",
        &[
            "add",
            "--process",
            "1",
            "--at",
            "2026-11-13 08:00",
            "-i",
            "Bob Roe",
        ],
    );
    env.ok(
        "2026-11-13 09:05",
        &[
            "edit",
            "acme",
            "--round-number",
            "2",
            "--at",
            "2026-11-11 16:00",
        ],
    );
    let err = env.refused(
        env.at("2026-11-13 09:10").args([
            "edit",
            "acme",
            "--round-number",
            "3",
            "--at",
            "2026-11-11 17:00",
        ]),
        2,
    );
    assert!(
        err.contains("before the next-round reply of Thu 12 Nov 09:00"),
        "{err}"
    );
}
