//! Three months of a search, played from the shell and checked each morning: three
//! applications, a phone screen and a panel scheduled ahead, an offer with a deadline, an
//! expedite to the other company that interviewed, the acceptance and the withdrawals.
//!
//! Europe/Paris: summer time (UTC+2) until Sunday 25 October 2026, then UTC+1.

use crate::common::*;

/// The stage of each process in `list --all --json`, by id.
fn stages(env: &TestEnv, now: &str) -> Vec<(u64, String)> {
    env.json(now, &["list", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["id"].as_u64().unwrap(),
                row["stage"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn stages_are(env: &TestEnv, now: &str, expected: &[(u64, &str)]) {
    let expected: Vec<(u64, String)> = expected.iter().map(|(i, s)| (*i, s.to_string())).collect();
    assert_eq!(stages(env, now), expected, "stages at {now}");
}

/// An .eml draft's To address.
fn draft_to(env: &TestEnv, now: &str, args: &[&str]) -> String {
    let path = env.root.path().join("draft.eml");
    let mut all = args.to_vec();
    let path_text = path.to_str().unwrap().to_string();
    all.extend(["--eml", path_text.as_str()]);
    env.ok(now, &all);
    let bytes = std::fs::read(&path).unwrap();
    let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
    let to: Vec<String> = message
        .to()
        .map(|to| {
            to.iter()
                .filter_map(|a| a.address().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    to.join(", ")
}

#[test]
fn three_months_from_the_first_applications_to_the_withdrawals() {
    let env = TestEnv::new();
    // Monday 7 September: three applications, Acme's with its recruiter.
    env.ok(
        "2026-09-07 09:00",
        &[
            "apply",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--link",
            "https://acme.test/jobs/42",
            "--contact",
            "Sam Lee <sam@acme.test>, Recruiter",
        ],
    );
    env.ok("2026-09-07 09:05", &["apply", "-c", "Globex", "-r", "SRE"]);
    env.ok(
        "2026-09-07 09:10",
        &["apply", "-c", "Initech", "-r", "Platform Engineer"],
    );
    assert!(
        env.plan("2026-09-13 08:00", 0).is_empty(),
        "nothing before a week"
    );
    // A week later, one follow-up on each application, for that week.
    assert_eq!(
        env.plan("2026-09-14 08:00", 0),
        expect(&[
            "#1 follow-up 2026-09-14T00:00:00+02:00 .. 2026-09-21T23:59:59+02:00 due",
            "#2 follow-up 2026-09-14T00:00:00+02:00 .. 2026-09-21T23:59:59+02:00 due",
            "#3 follow-up 2026-09-14T00:00:00+02:00 .. 2026-09-21T23:59:59+02:00 due",
        ])
    );
    assert_eq!(
        draft_to(&env, "2026-09-14 08:05", &["draft", "acme", "follow-up"]),
        "sam@acme.test",
        "the application follow-up goes to the recruiter"
    );

    // Acme invites to a phone screen next Tuesday; the Globex follow-up goes out.
    env.ok(
        "2026-09-15 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-09-22 10:00",
        ],
    );
    env.ok("2026-09-15 11:00", &["done", "globex", "follow-up"]);
    assert_eq!(
        env.plan("2026-09-16 08:00", 30),
        expect(&[
            "#1 prep 2026-09-19T10:00:00+02:00 .. 2026-09-22T10:00:00+02:00 upcoming",
            "#2 move-on 2026-09-29T00:00:00+02:00 .. - upcoming",
            "#3 follow-up 2026-09-14T00:00:00+02:00 .. 2026-09-21T23:59:59+02:00 due",
            "#3 move-on 2026-10-05T00:00:00+02:00 .. - upcoming",
        ])
    );
    stages_are(
        &env,
        "2026-09-16 08:00",
        &[(1, "scheduled"), (2, "applied"), (3, "applied")],
    );

    // The phone screen happens and is recorded: it fills in the scheduled round.
    env.ok("2026-09-19 12:00", &["done", "acme", "prep"]);
    env.ok(
        "2026-09-22 11:00",
        &[
            "add",
            "-c",
            "acme",
            "-r",
            "backend",
            "--at",
            "2026-09-22 10:00",
            "-i",
            "Jane Doe <jane@acme.test>, Engineering Manager",
        ],
    );
    assert_eq!(
        env.plan("2026-09-22 11:05", 0),
        expect(&[
            "#1 connect [Jane Doe] 2026-09-22T10:00:00+02:00 .. 2026-09-29T10:00:00+02:00 due",
            "#1 debrief 2026-09-22T10:00:00+02:00 .. 2026-09-23T10:00:00+02:00 due",
            "#1 thank-you [Jane Doe] 2026-09-22T10:00:00+02:00 .. 2026-09-24T10:00:00+02:00 due",
            "#3 follow-up 2026-09-14T00:00:00+02:00 .. 2026-09-21T23:59:59+02:00 overdue",
        ])
    );
    assert_eq!(
        draft_to(
            &env,
            "2026-09-22 11:10",
            &["draft", "acme", "thank-you", "--to", "jane"]
        ),
        "jane@acme.test"
    );
    env.ok(
        "2026-09-22 18:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    env.ok("2026-09-22 18:05", &["done", "acme", "debrief"]);

    // Acme schedules the panel; Initech interviews.
    env.ok(
        "2026-09-23 09:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "next-round",
            "--next-interview",
            "2026-10-06 14:00",
            "--from",
            "Sam Lee <sam@acme.test>",
        ],
    );
    env.ok(
        "2026-09-28 16:00",
        &[
            "add",
            "-c",
            "initech",
            "-r",
            "platform",
            "--at",
            "2026-09-28 15:00",
            "-i",
            "Bob Smith",
        ],
    );
    // Globex never answered its follow-up: time to move on; no follow-up at Acme while the
    // panel is ahead.
    assert_eq!(
        env.plan("2026-09-29 08:00", 0),
        expect(&[
            "#1 connect [Jane Doe] 2026-09-22T10:00:00+02:00 .. 2026-09-29T10:00:00+02:00 due",
            "#2 move-on 2026-09-29T00:00:00+02:00 .. - due",
            "#3 connect [Bob Smith] 2026-09-28T15:00:00+02:00 .. 2026-10-05T15:00:00+02:00 due",
            "#3 debrief 2026-09-28T15:00:00+02:00 .. 2026-09-29T15:00:00+02:00 due",
            "#3 thank-you [Bob Smith] 2026-09-28T15:00:00+02:00 .. 2026-09-30T15:00:00+02:00 due",
        ])
    );
    for args in [
        &["done", "initech", "thank-you"][..],
        &["done", "initech", "debrief"],
        &["done", "acme", "connect", "--to", "jane"],
        &["dismiss", "globex", "move-on"],
    ] {
        env.ok("2026-09-29 09:00", args);
    }
    assert_eq!(
        env.plan("2026-10-05 08:00", 0),
        expect(&[
            "#1 prep 2026-10-03T14:00:00+02:00 .. 2026-10-06T14:00:00+02:00 due",
            "#3 connect [Bob Smith] 2026-09-28T15:00:00+02:00 .. 2026-10-05T15:00:00+02:00 due",
        ])
    );
    stages_are(
        &env,
        "2026-10-05 08:00",
        &[(1, "scheduled"), (2, "applied"), (3, "interviewing")],
    );

    // The panel, with a stated timeline.
    env.ok(
        "2026-10-06 16:00",
        &[
            "add",
            "-c",
            "acme",
            "-r",
            "backend",
            "--at",
            "2026-10-06 14:00",
            "-i",
            "Raj Patel",
            "-i",
            "Mia Wong",
            "--timeline",
            "two weeks",
        ],
    );
    for args in [
        &["done", "acme", "thank-you", "--to", "raj"][..],
        &["done", "acme", "thank-you", "--to", "mia"],
        &["done", "acme", "debrief"],
        &["done", "acme", "connect", "--to", "raj"],
        &["done", "acme", "connect", "--to", "mia"],
        &["done", "initech", "connect"],
    ] {
        env.ok("2026-10-06 18:00", args);
    }
    // They said two weeks (Tue 20 Oct): the follow-up opens 3 business days after.
    let report = env.due("2026-10-06 18:05", 30);
    assert_eq!(
        plan(&report)
            .into_iter()
            .filter(|a| a.starts_with("#1"))
            .collect::<Vec<_>>(),
        ["#1 follow-up 2026-10-23T00:00:00+02:00 .. 2026-10-30T23:59:59+01:00 upcoming"]
    );

    // Wednesday 21 October: the offer, to answer by Friday 30 October.
    env.ok(
        "2026-10-21 15:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "2026-10-30",
            "--note",
            "base 95k",
        ],
    );
    assert_eq!(
        env.plan("2026-10-22 08:00", 0),
        expect(&[
            "#1 respond 2026-10-21T15:00:00+02:00 .. 2026-10-22T23:59:59+02:00 due",
            "#3 expedite 2026-10-21T15:00:00+02:00 .. 2026-10-28T23:59:59+01:00 due",
            "#3 follow-up 2026-10-12T00:00:00+02:00 .. 2026-10-19T23:59:59+02:00 overdue",
        ])
    );
    stages_are(
        &env,
        "2026-10-22 08:00",
        &[(1, "offer"), (2, "applied"), (3, "interviewing")],
    );
    assert_eq!(
        draft_to(&env, "2026-10-22 08:05", &["draft", "acme", "respond"]),
        "sam@acme.test"
    );
    let expedite = env.ok("2026-10-22 08:05", &["draft", "initech", "expedite"]);
    assert!(
        expedite.contains("30 October") && !expedite.contains("Acme"),
        "the deadline, not the other company: {expedite}"
    );
    env.ok("2026-10-22 09:00", &["done", "acme", "respond"]);
    env.ok("2026-10-22 09:30", &["done", "initech", "expedite"]);
    env.ok("2026-10-22 09:35", &["done", "initech", "follow-up"]);
    // The decision, two business days before the deadline (after the clocks changed).
    assert_eq!(
        env.plan("2026-10-28 08:00", 0),
        expect(&["#1 decide 2026-10-28T00:00:00+01:00 .. 2026-10-30T23:59:59+01:00 due"])
    );
    assert_eq!(
        draft_to(&env, "2026-10-28 08:05", &["draft", "acme", "decide"]),
        "sam@acme.test"
    );

    // Accepted: don't ghost the others.
    let out = env.ok(
        "2026-10-29 10:00",
        &["close", "acme", "--outcome", "accepted"],
    );
    assert!(
        out.contains("#2 Globex · SRE, #3 Initech · Platform Engineer"),
        "{out}"
    );
    assert_eq!(
        env.plan("2026-10-29 10:05", 30),
        expect(&[
            "#2 withdraw 2026-10-29T10:00:00+01:00 .. 2026-11-02T23:59:59+01:00 due",
            "#3 withdraw 2026-10-29T10:00:00+01:00 .. 2026-11-02T23:59:59+01:00 due",
        ])
    );
    // The search is over: no "keep applying", though only two processes are open.
    let after = env.ok("2026-10-29 10:05", &["due"]);
    assert!(!after.contains("keep applying"), "{after}");
    env.ok("2026-10-30 09:00", &["done", "initech", "withdraw"]);
    env.ok("2026-10-30 09:01", &["done", "globex", "withdraw"]);
    assert_eq!(env.plan("2026-11-02 08:00", 90), Vec::<String>::new());
    stages_are(
        &env,
        "2026-11-02 08:00",
        &[(1, "accepted"), (2, "withdrawn"), (3, "withdrawn")],
    );
}
