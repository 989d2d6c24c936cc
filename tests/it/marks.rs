//! Marks typed twice: a follow-up marked done again within the hour of the last one is taken
//! as a slip and refused, unless `--again`.

use crate::common::*;

/// An interview on Sun 1 Nov 2026 10:00 with no date stated, and its first follow-up marked
/// done on Mon 16 Nov at 10:00.
fn followed_up() -> TestEnv {
    let env = TestEnv::new();
    env.ok(
        "2026-11-01 11:00",
        &["add", "-c", "Acme", "-r", "Dev", "--at", "2026-11-01 10:00"],
    );
    env.ok("2026-11-16 10:00", &["done", "acme", "follow-up"]);
    env
}

fn follow_ups_done(env: &TestEnv) -> usize {
    env.store()["processes"][0]["marks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["action"] == "follow-up" && m["state"] == "done")
        .count()
}

#[test]
fn a_second_follow_up_59_minutes_later_is_refused() {
    let env = followed_up();
    assert_eq!(follow_ups_done(&env), 1);
    let err = env.refused(
        env.at("2026-11-16 10:59")
            .args(["done", "acme", "follow-up"]),
        2,
    );
    assert!(
        err.contains("already recorded at Mon 16 Nov 10:00") && err.contains("--again"),
        "{err}"
    );
    // Back-dated to within the hour of the first: the same slip.
    let err = env.refused(
        env.at("2026-11-17 09:00")
            .args(["done", "acme", "follow-up", "--at", "2026-11-16 10:30"]),
        2,
    );
    assert!(err.contains("Mon 16 Nov 10:00"), "{err}");
    // Said on purpose, it is recorded.
    let out = env.ok(
        "2026-11-16 10:59",
        &["done", "acme", "follow-up", "--again"],
    );
    assert!(out.contains("follow-up done."), "{out}");
    assert_eq!(follow_ups_done(&env), 2);
}

#[test]
fn a_second_follow_up_61_minutes_later_is_recorded() {
    let env = followed_up();
    let out = env.ok("2026-11-16 11:01", &["done", "acme", "follow-up"]);
    assert!(out.contains("follow-up done."), "{out}");
    assert_eq!(follow_ups_done(&env), 2);
}
