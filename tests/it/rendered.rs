//! What people read, against expected files for one fixed story: `due`, `show` and drafts. A
//! change of wording is one reviewed diff of `tests/it/rendered/`; `UPDATE_EXPECTED=1 cargo
//! test rendered` rewrites the files.

use crate::common::*;
use std::fs;
use std::path::PathBuf;

/// A panel interview with a stated timeline, an earlier round with a debrief, a thank-you sent,
/// and an offer from a second company.
fn story() -> TestEnv {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\nemail = \"alex@example.test\"\n");
    env.ok(
        "2026-11-12 12:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "2026-11-12 10:00",
            "--round",
            "phone screen",
            "-i",
            "Sam Lee <sam@acme.test>, Recruiter",
            "--notes",
            "friendly; asked about on-call",
            "--stumped",
            "sharding",
        ],
    );
    env.ok(
        "2026-11-18 17:00",
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "2026-11-18 14:30",
            "--round",
            "onsite",
            "-i",
            "Jane Doe <jane@acme.test>, Head of Platform",
            "-i",
            "Bob Smith",
            "--timeline",
            "end of next week",
            "--instructions",
            "write to Sam, not to the panel",
            "--highlight",
            "Jane: the caching design",
        ],
    );
    env.ok(
        "2026-11-18 18:00",
        &["done", "acme", "thank-you", "--to", "jane"],
    );
    env.ok(
        "2026-11-10 11:00",
        &[
            "add",
            "-c",
            "Globex",
            "-r",
            "SRE",
            "--at",
            "2026-11-10 10:00",
        ],
    );
    env.ok(
        "2026-11-19 09:00",
        &[
            "log-reply",
            "globex",
            "--kind",
            "offer",
            "--timeline",
            "2026-11-27",
            "--note",
            "base 95k",
        ],
    );
    env
}

fn check(name: &str, actual: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "it", "rendered", name]
        .iter()
        .collect();
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (UPDATE_EXPECTED=1 writes it)", path.display()));
    assert!(
        expected == actual,
        "{name} differs from {}:\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

#[test]
fn due_show_and_drafts_read_as_expected() {
    let env = story();
    let now = "2026-11-20 09:00";
    check("due.expected", &env.ok(now, &["due"]));
    check(
        "due-30-days.expected",
        &env.ok(now, &["due", "--days", "30"]),
    );
    check("show-acme.expected", &env.ok(now, &["show", "acme"]));
    check(
        "draft-thank-you.expected",
        &env.ok(now, &["draft", "acme", "thank-you", "--to", "bob"]),
    );
    check(
        "draft-follow-up.expected",
        &env.ok(
            "2026-12-01 09:00",
            &["draft", "acme", "follow-up", "--to", "jane"],
        ),
    );
    // Without --to, to the person their instructions name ("write to Sam, not to the panel").
    check(
        "draft-follow-up-instructions.expected",
        &env.ok("2026-12-01 09:00", &["draft", "acme", "follow-up"]),
    );
    check(
        "draft-respond.expected",
        &env.ok(now, &["draft", "globex", "respond"]),
    );
    check(
        "draft-decide.expected",
        &env.ok("2026-11-25 09:00", &["draft", "globex", "decide"]),
    );
    check(
        "draft-expedite.expected",
        &env.ok(now, &["draft", "acme", "expedite"]),
    );
    env.ok(
        "2026-11-26 10:00",
        &["close", "globex", "--outcome", "declined"],
    );
    check(
        "draft-decline.expected",
        &env.ok("2026-11-26 11:00", &["draft", "globex", "decline"]),
    );
}

#[test]
fn the_follow_up_of_an_application_reads_as_expected() {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\n");
    crate::drafts::seed(
        &env,
        "2026-11-10 09:00",
        serde_json::json!([crate::drafts::application()]),
    );
    check(
        "draft-follow-up-application.expected",
        &env.ok("2026-11-10 09:00", &["draft", "initech", "follow-up"]),
    );
}

/// A panel of three on Thu 19 Nov 14:30: one line per action kind with the people named, a
/// command per person; a week on, the thank-yous expired and the follow-up carries them.
#[test]
fn a_panel_reads_as_one_line_per_action() {
    let env = TestEnv::new();
    env.ok(
        "2026-11-19 16:00",
        &[
            "add",
            "-c",
            "Initech",
            "-r",
            "Platform Engineer",
            "--at",
            "2026-11-19 14:30",
            "-i",
            "Jane Doe",
            "-i",
            "Bob Li",
            "-i",
            "Ann Wu",
        ],
    );
    check("due-panel.expected", &env.ok("2026-11-20 09:30", &["due"]));
    env.ok(
        "2026-11-20 10:00",
        &["done", "initech", "thank-you", "--to", "jane"],
    );
    check(
        "show-panel-expired.expected",
        &env.ok("2026-12-04 09:00", &["show", "initech"]),
    );
}
