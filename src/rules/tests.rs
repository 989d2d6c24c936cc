//! Every rule of ETIQUETTE.md, with a fixed `now` in a fixed zone (UTC+1).

use super::*;
use crate::model::{Closure, Debrief, Interviewer, Mark, Reply, Timeline};
use crate::testing;
use chrono::FixedOffset;
use proptest::prelude::*;

fn t(text: &str) -> Time {
    DateTime::parse_from_rfc3339(&format!("{text}+01:00")).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn round(at: &str, people: &[&str]) -> Round {
    Round {
        cancelled: false,
        uid: Default::default(),
        at: t(at),
        label: None,
        interviewers: people.iter().map(|name| person(name)).collect(),
        timeline: None,
        instructions: None,
        debrief: Debrief::default(),
    }
}

fn person(name: &str) -> Interviewer {
    Interviewer {
        uid: person_uid(name),
        name: name.to_string(),
        email: None,
        title: None,
    }
}

/// The id the tests give an interviewer: one per name.
fn person_uid(name: &str) -> Uid {
    Uid(u64::from(crc32fast::hash(name.as_bytes())) + 1)
}

/// Rounds and replies without an id get their place (from 1), as `Anchor::Round(Uid(1))` says.
fn with_ids(processes: &[Process]) -> Vec<Process> {
    let mut processes = processes.to_vec();
    for p in &mut processes {
        for (i, round) in p.rounds.iter_mut().enumerate() {
            if round.uid.is_none() {
                round.uid = Uid(i as u64 + 1);
            }
        }
        for (i, reply) in p.replies.iter_mut().enumerate() {
            if reply.uid.is_none() {
                reply.uid = Uid(i as u64 + 1);
            }
        }
    }
    processes
}

// The engine's entry points, on processes given their ids first.

fn plan<Tz: TimeZone>(processes: &[Process], policy: &Policy, now: &DateTime<Tz>) -> Vec<Action> {
    super::plan(&with_ids(processes), policy, now)
}

fn plan_process<Tz: TimeZone>(
    process: &Process,
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action> {
    let all = with_ids(all);
    let process = &with_ids(std::slice::from_ref(process))[0];
    super::plan_process(process, &all, policy, now)
}

fn in_play(process: &Process) -> bool {
    super::in_play(&with_ids(std::slice::from_ref(process))[0])
}

fn pester_warning<Tz: TimeZone>(
    process: &Process,
    action: &Action,
    at: &DateTime<Tz>,
    policy: &Policy,
) -> Option<String> {
    let process = &with_ids(std::slice::from_ref(process))[0];
    super::pester_warning(process, action, at, policy)
        .map(|warning| crate::render::pester(&warning, at))
}

/// A reason in words, as `due` shows it in the tests' year and zone.
trait Words {
    fn words(&self) -> String;
}

impl Words for Action {
    fn words(&self) -> String {
        crate::render::reason(self, &t("2026-11-20T09:00:00"))
    }
}

fn with_timeline(mut r: Round, text: &str, d: &str) -> Round {
    r.timeline = Some(Timeline {
        text: text.into(),
        date: Some(date(d)),
    });
    r
}

fn process(id: u32, rounds: Vec<Round>) -> Process {
    Process {
        applied: None,
        contact: None,
        external_ref: None,
        link: None,
        uid: Default::default(),
        id,
        company: format!("Company {id}"),
        role: "Engineer".into(),
        created: rounds
            .first()
            .map(|r| r.at)
            .unwrap_or_else(|| t("2026-01-01T00:00:00")),
        rounds,
        replies: vec![],
        marks: vec![],
        closed: None,
    }
}

fn reply(at: &str, kind: ReplyKind) -> Reply {
    Reply {
        from: None,
        uid: Default::default(),
        at: t(at),
        kind,
        note: None,
        timeline: None,
        next_interview: None,
    }
}

fn mark(
    p: &mut Process,
    action: ActionKind,
    anchor: Anchor,
    person: Option<&str>,
    seq: u32,
    state: MarkState,
) {
    p.marks.push(Mark {
        key: key(action, anchor, person.map(person_uid), seq),
        state,
    });
}

fn done(at: &str) -> MarkState {
    MarkState::Done { at: t(at) }
}

fn at(now: &str) -> DateTime<FixedOffset> {
    t(now)
}

fn plan_at(processes: &[Process], now: &str) -> Vec<Action> {
    plan(processes, &Policy::default(), &at(now))
}

fn only(actions: &[Action], kind: ActionKind) -> Vec<&Action> {
    actions.iter().filter(|a| a.kind() == kind).collect()
}

fn one(actions: &[Action], kind: ActionKind) -> &Action {
    let found = only(actions, kind);
    assert_eq!(found.len(), 1, "expected one {kind}, got {actions:#?}");
    found[0]
}

fn kinds(actions: &[Action]) -> Vec<ActionKind> {
    let mut kinds: Vec<ActionKind> = actions.iter().map(Action::kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

// Thu 19 Nov 2026, 14:30.
const INTERVIEW: &str = "2026-11-19T14:30:00";

#[test]
fn a_thank_you_per_interviewer_within_two_days() {
    let p = process(1, vec![round(INTERVIEW, &["Jane Doe", "Bob Smith"])]);
    let actions = plan_at(&[p], "2026-11-20T09:00:00");
    let thanks = only(&actions, ActionKind::ThankYou);
    let mut people: Vec<_> = thanks.iter().map(|a| a.to.clone().unwrap()).collect();
    people.sort();
    assert_eq!(people, ["Bob Smith", "Jane Doe"]);
    for a in thanks {
        assert_eq!(a.from, t(INTERVIEW));
        assert_eq!(a.by, Some(t("2026-11-21T14:30:00")));
        assert_eq!(a.status, Status::Due);
        assert!(
            a.words().contains("best within 24 h (by Fri 20 Nov 14:30)"),
            "{}",
            a.words()
        );
    }
}

#[test]
fn one_thank_you_for_the_company_when_nobody_is_named() {
    let p = process(1, vec![round(INTERVIEW, &[])]);
    let actions = plan_at(&[p], "2026-11-20T09:00:00");
    assert_eq!(one(&actions, ActionKind::ThankYou).key.person, None);
    assert!(only(&actions, ActionKind::Connect).is_empty());
}

#[test]
fn an_overdue_thank_you_stays_listed() {
    let p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    let actions = plan_at(&[p], "2026-11-25T09:00:00");
    assert_eq!(one(&actions, ActionKind::ThankYou).status, Status::Overdue);
}

#[test]
fn statuses_at_the_window_edges() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    // Recorded ahead of time.
    p.created = t("2026-11-10T09:00:00");
    let status = |now: &str| {
        one(
            &plan_at(std::slice::from_ref(&p), now),
            ActionKind::ThankYou,
        )
        .status
    };
    // A second before, the interview is still ahead: its prep, no thank-you yet.
    let ahead = plan_at(std::slice::from_ref(&p), "2026-11-19T14:29:59");
    assert_eq!(kinds(&ahead), [ActionKind::Prep]);
    assert_eq!(one(&ahead, ActionKind::Prep).from, t("2026-11-16T14:30:00"));
    assert_eq!(one(&ahead, ActionKind::Prep).status, Status::Due);
    assert_eq!(status("2026-11-19T14:30:00"), Status::Due);
    assert_eq!(status("2026-11-21T14:30:00"), Status::Due);
    assert_eq!(status("2026-11-21T14:30:01"), Status::Overdue);
}

#[test]
fn debrief_then_review_once_notes_exist() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-19T15:00:00");
    let debrief = one(&actions, ActionKind::Debrief);
    assert_eq!(debrief.by, Some(t("2026-11-20T14:30:00")));
    assert!(only(&actions, ActionKind::ReviewDebrief).is_empty());

    p.rounds[0]
        .debrief
        .stumped
        .push("consistent hashing".into());
    let actions = plan_at(&[p], "2026-11-19T15:00:00");
    assert!(only(&actions, ActionKind::Debrief).is_empty());
    let review = one(&actions, ActionKind::ReviewDebrief);
    assert_eq!(review.from, t("2026-11-21T00:00:00"));
    assert_eq!(review.by, Some(t("2026-11-24T23:59:59")));
    assert_eq!(review.status, Status::Upcoming);
}

#[test]
fn connect_per_interviewer_unless_turned_off() {
    let p = process(1, vec![round(INTERVIEW, &["Jane", "Bob"])]);
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-20T09:00:00");
    let connects = only(&actions, ActionKind::Connect);
    assert_eq!(connects.len(), 2);
    assert_eq!(connects[0].by, Some(t("2026-11-26T14:30:00")));
    let quiet = Policy {
        connect: false,
        ..Policy::default()
    };
    let actions = plan(&[p], &quiet, &at("2026-11-20T09:00:00"));
    assert!(only(&actions, ActionKind::Connect).is_empty());
}

#[test]
fn follow_up_three_business_days_after_the_stated_date() {
    // They said Fri 13 Nov: Mon, Tue, Wed → from Wed 18 Nov; five business days on, Wed 25 Nov.
    let r = with_timeline(
        round("2026-11-06T10:00:00", &["Jane"]),
        "by Friday 13th",
        "2026-11-13",
    );
    let mut r = r;
    r.instructions = Some("email the recruiter, not Jane".into());
    let actions = plan_at(&[process(1, vec![r])], "2026-11-16T09:00:00");
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.from, t("2026-11-18T00:00:00"));
    assert_eq!(follow_up.by, Some(t("2026-11-25T23:59:59")));
    assert_eq!(follow_up.status, Status::Upcoming);
    assert!(
        follow_up
            .words()
            .contains("\"by Friday 13th\", which is Fri 13 Nov; 3 business days later"),
        "{}",
        follow_up.words()
    );
    assert_eq!(
        follow_up.instructions.as_deref(),
        Some("email the recruiter, not Jane")
    );
}

#[test]
fn a_stated_date_on_a_weekend_counts_business_days_from_it() {
    let r = with_timeline(round("2026-11-06T10:00:00", &[]), "the 14th", "2026-11-14");
    let actions = plan_at(&[process(1, vec![r])], "2026-11-16T09:00:00");
    assert_eq!(
        one(&actions, ActionKind::FollowUp).from,
        t("2026-11-18T00:00:00")
    );
}

#[test]
fn follow_up_two_to_three_weeks_after_when_no_date_was_stated() {
    let actions = plan_at(
        &[process(1, vec![round(INTERVIEW, &["Jane"])])],
        "2026-11-20T09:00:00",
    );
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.from, t("2026-12-03T00:00:00"));
    assert_eq!(follow_up.by, Some(t("2026-12-10T23:59:59")));
    assert!(
        follow_up.words().contains("no decision date given"),
        "{}",
        follow_up.words()
    );
}

#[test]
fn a_follow_up_on_a_weekend_moves_to_monday() {
    // A Saturday interview: +14 and +21 days are Saturdays too.
    let actions = plan_at(
        &[process(1, vec![round("2026-11-07T10:00:00", &[])])],
        "2026-11-20T09:00:00",
    );
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.from, t("2026-11-23T00:00:00"));
    assert_eq!(follow_up.by, Some(t("2026-11-30T23:59:59")));
}

#[test]
fn holidays_are_not_business_days() {
    let policy = Policy {
        holidays: vec![date("2026-11-23")],
        ..Policy::default()
    };
    let p = process(1, vec![round("2026-11-07T10:00:00", &[])]);
    let actions = plan(&[p], &policy, &at("2026-11-20T09:00:00"));
    assert_eq!(
        one(&actions, ActionKind::FollowUp).from,
        t("2026-11-24T00:00:00")
    );
}

#[test]
fn repeated_follow_ups_then_move_on() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        1,
        done("2026-12-03T09:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&p), "2026-12-04T09:00:00");
    let second = one(&actions, ActionKind::FollowUp);
    assert_eq!(second.key.seq, 2);
    assert_eq!(second.from, t("2026-12-17T00:00:00"));
    assert_eq!(second.by, Some(t("2026-12-24T23:59:59")));
    assert!(
        second
            .words()
            .contains("no reply to your follow-up of Thu 3 Dec"),
        "{}",
        second.words()
    );
    assert!(only(&actions, ActionKind::MoveOn).is_empty());

    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        2,
        done("2026-12-17T09:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&p), "2026-12-18T09:00:00");
    assert!(
        only(&actions, ActionKind::FollowUp).is_empty(),
        "know when to stop"
    );
    let move_on = one(&actions, ActionKind::MoveOn);
    assert_eq!(move_on.from, t("2026-12-31T00:00:00"));
    assert_eq!(move_on.by, None);
    assert_eq!(move_on.status, Status::Upcoming);
    let later = plan_at(&[p], "2027-03-01T09:00:00");
    assert_eq!(
        one(&later, ActionKind::MoveOn).status,
        Status::Due,
        "no deadline: never overdue"
    );
}

#[test]
fn the_number_of_follow_ups_is_configurable() {
    let policy = Policy {
        max_follow_ups: 3,
        ..Policy::default()
    };
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        1,
        done("2026-12-03T09:00:00"),
    );
    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        2,
        done("2026-12-17T09:00:00"),
    );
    let actions = plan(&[p], &policy, &at("2026-12-18T09:00:00"));
    assert_eq!(one(&actions, ActionKind::FollowUp).key.seq, 3);
    assert!(only(&actions, ActionKind::MoveOn).is_empty());
}

#[test]
fn dismissing_a_follow_up_ends_the_chain_and_snoozing_moves_it() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    let follow_up = key(ActionKind::FollowUp, Anchor::Round(Uid(1)), None, 1);
    p.marks.push(Mark {
        key: follow_up.clone(),
        state: MarkState::Snoozed {
            until: t("2026-12-07T00:00:00"),
        },
    });
    let actions = plan_at(std::slice::from_ref(&p), "2026-12-04T09:00:00");
    let snoozed = one(&actions, ActionKind::FollowUp);
    assert_eq!(snoozed.from, t("2026-12-07T00:00:00"));
    // The window keeps its length: a week.
    assert_eq!(snoozed.by, Some(t("2026-12-14T23:59:59")));
    assert_eq!(snoozed.status, Status::Upcoming);

    p.marks.push(Mark {
        key: follow_up,
        state: MarkState::Dismissed {
            at: t("2026-12-08T00:00:00"),
        },
    });
    let actions = plan_at(&[p], "2026-12-08T09:00:00");
    assert!(only(&actions, ActionKind::FollowUp).is_empty());
    assert!(only(&actions, ActionKind::MoveOn).is_empty());
}

#[test]
fn a_follow_up_set_aside_after_its_window_closed_leaves_the_move_on() {
    // Nothing said: the follow-up's window closes 21 days after the interview.
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    let follow_up = key(ActionKind::FollowUp, Anchor::Round(Uid(1)), None, 1);
    let by = one(
        &plan_at(std::slice::from_ref(&p), INTERVIEW),
        ActionKind::FollowUp,
    )
    .by
    .unwrap();
    p.marks.push(Mark {
        key: follow_up,
        state: MarkState::Dismissed {
            at: by + chrono::Duration::days(30),
        },
    });
    let later = (by + chrono::Duration::days(30)).to_rfc3339();
    let actions = plan_at(std::slice::from_ref(&p), &later[..19]);
    assert!(only(&actions, ActionKind::FollowUp).is_empty());
    let move_on = one(&actions, ActionKind::MoveOn);
    // 14 days after the window closed on Thu 10 Dec.
    assert_eq!(by, t("2026-12-10T23:59:59"));
    assert_eq!(move_on.from, t("2026-12-24T00:00:00"));
    assert!(
        matches!(move_on.reason, Reason::MoveOnAfterWindow { closed, .. } if closed == by),
        "{:?}",
        move_on.reason
    );
}

#[test]
fn an_update_with_a_date_starts_a_new_wait() {
    let mut p = process(
        1,
        vec![with_timeline(
            round(INTERVIEW, &[]),
            "two weeks",
            "2026-12-03",
        )],
    );
    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        1,
        done("2026-12-08T09:00:00"),
    );
    let mut update = reply("2026-12-09T11:00:00", ReplyKind::Update);
    update.timeline = Some(Timeline {
        text: "by Dec 18".into(),
        date: Some(date("2026-12-18")),
    });
    p.replies.push(update);
    let actions = plan_at(&[p], "2026-12-10T09:00:00");
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Reply(Uid(1)));
    assert_eq!(follow_up.key.seq, 1, "the new wait starts its own count");
    assert_eq!(follow_up.from, t("2026-12-23T00:00:00"));
    assert!(
        follow_up.words().contains("\"by Dec 18\""),
        "{}",
        follow_up.words()
    );
}

#[test]
fn an_update_without_a_date_waits_as_if_nothing_was_said() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    p.replies
        .push(reply("2026-11-25T11:00:00", ReplyKind::Update));
    let actions = plan_at(&[p], "2026-11-26T09:00:00");
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.from, t("2026-12-09T00:00:00"));
    assert!(
        follow_up.words().contains("their update on Wed 25 Nov"),
        "{}",
        follow_up.words()
    );
}

#[test]
fn a_request_is_answered_first_then_the_wait_goes_on() {
    let mut p = process(
        1,
        vec![with_timeline(
            round(INTERVIEW, &[]),
            "end of the month",
            "2026-11-30",
        )],
    );
    // Friday afternoon: the next business day is Monday.
    p.replies
        .push(reply("2026-11-20T16:00:00", ReplyKind::Request));
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-20T17:00:00");
    let respond = one(&actions, ActionKind::Respond);
    assert_eq!(respond.by, Some(t("2026-11-23T23:59:59")));
    assert!(
        only(&actions, ActionKind::FollowUp).is_empty(),
        "no follow-up while we owe them"
    );

    mark(
        &mut p,
        ActionKind::Respond,
        Anchor::Reply(Uid(1)),
        None,
        0,
        done("2026-11-21T10:00:00"),
    );
    let actions = plan_at(&[p], "2026-11-21T11:00:00");
    assert!(only(&actions, ActionKind::Respond).is_empty());
    let follow_up = one(&actions, ActionKind::FollowUp);
    // Their date still stands: Mon 30 Nov + 3 business days.
    assert_eq!(follow_up.from, t("2026-12-03T00:00:00"));
}

#[test]
fn a_next_round_means_prep_and_no_follow_up() {
    let mut r = round(INTERVIEW, &["Jane"]);
    r.debrief.stumped = vec!["sharding".into(), "CAP theorem".into()];
    let mut p = process(1, vec![r]);
    let mut invite = reply("2026-11-24T10:00:00", ReplyKind::NextRound);
    invite.next_interview = Some(t("2026-12-02T15:00:00"));
    p.replies.push(invite);
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-25T09:00:00");
    let prep = one(&actions, ActionKind::Prep);
    assert_eq!(prep.from, t("2026-11-29T15:00:00"));
    assert_eq!(prep.by, Some(t("2026-12-02T15:00:00")));
    assert!(
        prep.words().contains("sharding; CAP theorem"),
        "{}",
        prep.words()
    );
    assert!(only(&actions, ActionKind::FollowUp).is_empty());

    // The round happens and is recorded: its own thank-yous and wait take over.
    p.rounds.push(round("2026-12-02T15:00:00", &["Raj"]));
    let actions = plan_at(&[p], "2026-12-02T18:00:00");
    assert!(only(&actions, ActionKind::Prep).is_empty());
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Round(Uid(2)));
    assert_eq!(follow_up.from, t("2026-12-16T00:00:00"));
    let raj = only(&actions, ActionKind::ThankYou)
        .into_iter()
        .find(|a| a.to.as_deref() == Some("Raj"))
        .expect("a thank-you for the new round");
    assert_eq!(raj.by, Some(t("2026-12-04T15:00:00")));
}

#[test]
fn an_offer_is_thanked_for_by_the_next_business_day_and_decided_by_its_deadline() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    let mut offer = reply("2026-11-26T10:00:00", ReplyKind::Offer);
    offer.timeline = Some(Timeline {
        text: "by Saturday".into(),
        date: Some(date("2026-11-28")),
    });
    p.replies.push(offer);
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-26T11:00:00");
    // Thursday + 1 business day: the thanks come before the decision.
    assert_eq!(
        one(&actions, ActionKind::Respond).by,
        Some(t("2026-11-27T23:59:59"))
    );
    assert_eq!(
        one(&actions, ActionKind::Decide).by,
        Some(t("2026-11-28T23:59:59")),
        "their deadline is kept, weekend or not"
    );
    assert!(only(&actions, ActionKind::FollowUp).is_empty());

    // A request due sooner than the next business day keeps its own deadline.
    let mut request = reply("2026-11-27T10:00:00", ReplyKind::Request);
    request.timeline = Some(Timeline {
        text: "today".into(),
        date: Some(date("2026-11-27")),
    });
    let mut q = process(2, vec![round(INTERVIEW, &[])]);
    q.replies.push(request);
    let actions = plan_at(&[q], "2026-11-27T11:00:00");
    assert_eq!(
        one(&actions, ActionKind::Respond).by,
        Some(t("2026-11-27T23:59:59"))
    );

    p.replies[0].timeline = None;
    let actions = plan_at(&[p], "2026-11-26T11:00:00");
    assert_eq!(
        one(&actions, ActionKind::Respond).by,
        Some(t("2026-11-27T23:59:59"))
    );
}

#[test]
fn a_rejection_gets_a_gracious_reply_then_news_every_quarter() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    p.replies
        .push(reply("2026-11-27T10:00:00", ReplyKind::Rejection));
    p.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2026-11-27T10:00:00"),
    });
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-27T11:00:00");
    assert_eq!(
        kinds(&actions),
        [ActionKind::ReplyGraciously, ActionKind::StayInTouch]
    );
    assert_eq!(
        one(&actions, ActionKind::ReplyGraciously).by,
        Some(t("2026-11-29T23:59:59"))
    );
    let first = one(&actions, ActionKind::StayInTouch);
    assert_eq!(first.from, t("2027-02-25T00:00:00"));
    assert_eq!(first.by, Some(t("2027-03-11T23:59:59")));
    assert_eq!(first.status, Status::Upcoming);

    mark(
        &mut p,
        ActionKind::ReplyGraciously,
        Anchor::Reply(Uid(1)),
        None,
        0,
        done("2026-11-27T12:00:00"),
    );
    mark(
        &mut p,
        ActionKind::StayInTouch,
        Anchor::Reply(Uid(1)),
        None,
        1,
        done("2027-03-01T10:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&p), "2027-03-02T10:00:00");
    let second = one(&actions, ActionKind::StayInTouch);
    assert_eq!(second.key.seq, 2);
    assert_eq!(
        second.from,
        t("2027-05-30T00:00:00"),
        "90 days after the last contact"
    );

    mark(
        &mut p,
        ActionKind::StayInTouch,
        Anchor::Reply(Uid(1)),
        None,
        2,
        MarkState::Dismissed {
            at: t("2027-03-02T10:00:00"),
        },
    );
    assert!(
        plan_at(&[p], "2027-06-01T10:00:00").is_empty(),
        "the user stopped it"
    );
}

#[test]
fn a_closed_process_has_nothing_left() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    p.closed = Some(Closure {
        outcome: Outcome::Withdrawn,
        at: t("2026-11-20T10:00:00"),
    });
    assert!(plan_at(std::slice::from_ref(&p), "2026-11-20T11:00:00").is_empty());
    // Declining leaves the gracious no alone.
    p.closed = Some(Closure {
        outcome: Outcome::Declined,
        at: t("2026-11-20T10:00:00"),
    });
    assert_eq!(
        kinds(&plan_at(&[p], "2026-11-20T11:00:00")),
        [ActionKind::Decline]
    );
}

#[test]
fn accepting_an_offer_means_withdrawing_from_the_others() {
    let mut accepted = process(1, vec![round("2026-11-02T10:00:00", &[])]);
    accepted.closed = Some(Closure {
        outcome: Outcome::Accepted,
        // Thursday.
        at: t("2026-11-26T17:00:00"),
    });
    let other = process(2, vec![round(INTERVIEW, &["Jane"])]);
    let mut rejected = process(3, vec![round(INTERVIEW, &[])]);
    rejected.closed = Some(Closure {
        outcome: Outcome::Declined,
        at: t("2026-11-25T10:00:00"),
    });
    let later_search = process(4, vec![round("2027-02-01T10:00:00", &[])]);
    let actions = plan_at(
        &[accepted, other, rejected, later_search],
        "2027-02-01T11:00:00",
    );
    let withdraws = only(&actions, ActionKind::Withdraw);
    assert_eq!(withdraws.len(), 1);
    let withdraw = withdraws[0];
    assert_eq!(withdraw.process, 2);
    assert_eq!(withdraw.from, t("2026-11-26T17:00:00"));
    // Thursday + 2 business days = Monday.
    assert_eq!(withdraw.by, Some(t("2026-11-30T23:59:59")));
    assert_eq!(withdraw.status, Status::Overdue);
    assert!(
        actions
            .iter()
            .filter(|a| a.process == 2)
            .all(|a| a.kind() == ActionKind::Withdraw)
    );
    assert!(
        actions
            .iter()
            .any(|a| a.process == 4 && a.kind() == ActionKind::ThankYou)
    );
}

#[test]
fn done_and_dismissed_actions_disappear() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane", "Bob"])]);
    mark(
        &mut p,
        ActionKind::ThankYou,
        Anchor::Round(Uid(1)),
        Some("Jane"),
        0,
        done("2026-11-19T18:00:00"),
    );
    mark(
        &mut p,
        ActionKind::Debrief,
        Anchor::Round(Uid(1)),
        None,
        0,
        MarkState::Dismissed {
            at: t("2026-11-19T18:00:00"),
        },
    );
    let actions = plan_at(&[p], "2026-11-20T09:00:00");
    let thanks = only(&actions, ActionKind::ThankYou);
    assert_eq!(thanks.len(), 1);
    assert_eq!(thanks[0].to.as_deref(), Some("Bob"));
    assert!(only(&actions, ActionKind::Debrief).is_empty());
}

#[test]
fn most_urgent_first() {
    let old = process(1, vec![round("2026-11-10T10:00:00", &[])]);
    let new = process(2, vec![round(INTERVIEW, &[])]);
    let actions = plan_at(&[new, old], "2026-11-20T09:00:00");
    let statuses: Vec<Status> = actions.iter().map(|a| a.status).collect();
    let mut sorted = statuses.clone();
    sorted.sort();
    assert_eq!(statuses, sorted);
    assert_eq!(actions[0].status, Status::Overdue);
    assert_eq!(actions[0].process, 1);
    assert_eq!(
        actions[0].kind(),
        ActionKind::Debrief,
        "the earliest deadline first"
    );
}

#[test]
fn marking_a_follow_up_early_or_twice_in_a_week_warns() {
    let policy = Policy::default();
    let mut p = process(
        1,
        vec![with_timeline(
            round(INTERVIEW, &[]),
            "end of next week",
            "2026-11-27",
        )],
    );
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-25T09:00:00");
    let follow_up = one(&actions, ActionKind::FollowUp).clone();
    let early = pester_warning(&p, &follow_up, &at("2026-11-25T09:00:00"), &policy).expect("warns");
    assert!(early.contains("planned from Wed 2 Dec"), "{early}");
    assert!(early.contains("\"end of next week\""), "{early}");
    assert_eq!(
        pester_warning(&p, &follow_up, &at("2026-12-02T09:00:00"), &policy),
        None
    );

    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        1,
        done("2026-12-02T09:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&p), "2026-12-05T09:00:00");
    let second = one(&actions, ActionKind::FollowUp).clone();
    let soon = pester_warning(&p, &second, &at("2026-12-20T09:00:00"), &policy);
    assert_eq!(soon, None, "in its window, two weeks later: fine");
    let mut second_early = second.clone();
    second_early.from = t("2026-12-01T00:00:00");
    let twice =
        pester_warning(&p, &second_early, &at("2026-12-05T09:00:00"), &policy).expect("warns");
    assert!(twice.contains("less than 7 days"), "{twice}");
    let thank_you = one(
        &plan_at(&[p.clone()], "2026-11-20T09:00:00"),
        ActionKind::ThankYou,
    )
    .clone();
    assert_eq!(
        pester_warning(&p, &thank_you, &at("2026-11-19T15:00:00"), &policy),
        None
    );
}

/// A timeline stated at `at`: "N days", and the date N days later.
fn in_days(at: Time, days: i64) -> Timeline {
    Timeline {
        text: format!("{days} days"),
        date: Some(at.date_naive() + Duration::days(days)),
    }
}

fn arbitrary_process() -> impl Strategy<Value = Process> {
    let base = t("2026-01-05T09:00:00");
    let round_offsets = prop::collection::vec(
        (
            0i64..400 * 24,
            0usize..3,
            prop::option::of(-10i64..60),
            prop::bool::weighted(0.2),
        ),
        0..4,
    );
    // Some processes start with an application, up to a month before anything else.
    let applied = prop::option::of(0i64..30 * 24);
    let replies = prop::collection::vec(
        (
            0i64..600 * 24,
            prop::sample::select(ReplyKind::ALL),
            prop::option::of(0i64..40),
            prop::option::of(1i64..30),
        ),
        0..4,
    );
    let marks = prop::collection::vec(
        (
            prop::sample::select(ActionKind::ALL),
            0u32..3,
            0u32..4,
            0i64..700 * 24,
            0u32..3,
        ),
        0..8,
    );
    (round_offsets, applied, replies, marks, prop::bool::ANY).prop_map(
        move |(rounds, applied, replies, marks, rejected)| {
            let names = ["Ann", "Ben", "Cy"];
            let rounds: Vec<Round> = rounds
                .into_iter()
                .map(|(hours, people, stated, cancelled)| {
                    let at = base + Duration::hours(hours);
                    Round {
                        cancelled,
                        uid: Default::default(),
                        at,
                        label: None,
                        interviewers: names[..people].iter().map(|name| person(name)).collect(),
                        timeline: stated.map(|days| in_days(at, days)),
                        instructions: None,
                        debrief: Debrief::default(),
                    }
                })
                .collect();
            let applied = applied.map(|hours| {
                rounds
                    .iter()
                    .map(|r| r.at)
                    .min()
                    .unwrap_or(base + Duration::days(30))
                    - Duration::hours(hours)
            });
            let first = rounds
                .iter()
                .map(|r| r.at)
                .chain(applied)
                .min()
                .unwrap_or(base);
            let replies: Vec<Reply> = replies
                .into_iter()
                .map(|(hours, kind, stated, next)| {
                    let at = first + Duration::hours(hours);
                    Reply {
                        from: None,
                        uid: Default::default(),
                        at,
                        kind,
                        note: None,
                        timeline: stated.map(|days| in_days(at, days)),
                        next_interview: next.map(|days| at + Duration::days(days)),
                    }
                })
                .collect();
            let marks = marks
                .into_iter()
                .map(|(action, anchor, seq, hours, state)| {
                    let when = first + Duration::hours(hours);
                    Mark {
                        key: ActionKey {
                            action,
                            anchor: testing::anchor(anchor, Uid(u64::from(seq.max(1)))),
                            person: None,
                            seq,
                        },
                        state: testing::mark_state(state, when),
                    }
                })
                .collect();
            let closed = rejected
                .then(|| replies.iter().rfind(|r| r.kind == ReplyKind::Rejection))
                .flatten()
                .map(|r| Closure {
                    outcome: Outcome::Rejected,
                    at: r.at,
                });
            with_ids(&[Process {
                applied,
                contact: None,
                external_ref: None,
                link: None,
                uid: Uid(1),
                id: 1,
                company: "Acme".into(),
                role: "Engineer".into(),
                created: first,
                rounds,
                replies,
                marks,
                closed,
            }])
            .remove(0)
        },
    )
}

proptest! {
    /// No action is ever due before the interview it belongs to.
    #[test]
    fn nothing_is_due_before_its_interview(p in arbitrary_process(), now_hours in 0i64..800 * 24) {
        let now = t("2026-01-05T09:00:00") + Duration::hours(now_hours);
        let first = p.rounds.iter().map(|r| r.at).chain(p.applied).fold(p.created, Time::min);
        let ahead = p.rounds.iter().any(|r| !r.cancelled && r.at > now);
        for action in plan(std::slice::from_ref(&p), &Policy::default(), &now) {
            prop_assert!(action.from >= first, "{action:?} starts before the process");
            if let Anchor::Round(uid) = action.key.anchor {
                let round = p.rounds.iter().find(|r| r.uid == uid).unwrap();
                prop_assert!(!round.cancelled, "{action:?} hangs on a cancelled round");
                if action.kind() == ActionKind::Prep {
                    // Before the round, and only while it is ahead.
                    prop_assert!(round.at > now, "{action:?} after its interview");
                    if action.snoozed.is_none() {
                        prop_assert_eq!(action.by, Some(round.at));
                    }
                } else {
                    prop_assert!(round.at <= now, "{action:?} for a round still ahead");
                    prop_assert!(action.from >= round.at, "{action:?} starts before its interview {}", round.at);
                }
            }
            if ahead {
                prop_assert!(
                    !matches!(action.kind(), ActionKind::FollowUp | ActionKind::MoveOn),
                    "{action:?} while an interview is ahead"
                );
            }
            if let Anchor::Reply(uid) = action.key.anchor {
                let reply = p.replies.iter().find(|r| r.uid == uid).unwrap();
                prop_assert!(action.from >= reply.at, "{action:?} starts before its reply");
            }
            if action.status != Status::Upcoming {
                prop_assert!(now >= action.from);
            }
            if let Some(by) = action.by {
                prop_assert!(by >= action.from, "{action:?} ends before it starts");
            }
        }
    }
}

proptest! {
    /// Marking an action done removes it, and marking it done again changes nothing.
    #[test]
    fn marking_done_is_idempotent(p in arbitrary_process(), now_hours in 0i64..800 * 24, pick in 0usize..64) {
        let now = t("2026-01-05T09:00:00") + Duration::hours(now_hours);
        let policy = Policy::default();
        let actions = plan(std::slice::from_ref(&p), &policy, &now);
        prop_assume!(!actions.is_empty());
        let chosen = &actions[pick % actions.len()];
        let mut once = p.clone();
        once.marks.push(Mark { key: chosen.key.clone(), state: MarkState::Done { at: now.fixed_offset() } });
        let mut twice = once.clone();
        twice.marks.push(Mark { key: chosen.key.clone(), state: MarkState::Done { at: now.fixed_offset() } });
        let after_once = plan(std::slice::from_ref(&once), &policy, &now);
        prop_assert!(after_once.iter().all(|a| a.key != chosen.key), "{chosen:?} is still planned");
        prop_assert_eq!(after_once, plan(std::slice::from_ref(&twice), &policy, &now));
    }
}

#[test]
fn dismissing_the_withdraw_keeps_the_process_going() {
    let mut accepted = process(1, vec![round("2026-11-02T10:00:00", &[])]);
    accepted.closed = Some(Closure {
        outcome: Outcome::Accepted,
        at: t("2026-11-26T17:00:00"),
    });
    let mut other = process(2, vec![round(INTERVIEW, &[])]);
    mark(
        &mut other,
        ActionKind::Withdraw,
        Anchor::Process,
        None,
        0,
        MarkState::Dismissed {
            at: t("2026-11-26T18:00:00"),
        },
    );
    let mut offer = reply("2026-11-27T10:00:00", ReplyKind::Offer);
    offer.note = Some("counter-offer".into());
    other.replies.push(offer);
    let actions = plan_at(&[accepted, other], "2026-11-27T11:00:00");
    assert!(only(&actions, ActionKind::Withdraw).is_empty());
    assert_eq!(one(&actions, ActionKind::Respond).process, 2);
}

#[test]
fn a_next_round_without_a_date_waits_for_the_scheduling() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    p.replies
        .push(reply("2026-11-24T10:00:00", ReplyKind::NextRound));
    let actions = plan_at(&[p], "2026-11-25T09:00:00");
    assert!(only(&actions, ActionKind::Prep).is_empty());
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Reply(Uid(1)));
    assert_eq!(follow_up.from, t("2026-12-08T00:00:00"));
    assert!(
        follow_up
            .words()
            .contains("next round on Tue 24 Nov set no date"),
        "{}",
        follow_up.words()
    );
}

#[test]
fn the_pester_warning_names_the_date_of_its_own_wait() {
    let policy = Policy::default();
    let mut p = process(
        1,
        vec![with_timeline(
            round(INTERVIEW, &[]),
            "end of next week",
            "2026-11-27",
        )],
    );
    let mut offer = reply("2026-11-20T10:00:00", ReplyKind::Request);
    offer.timeline = Some(Timeline {
        text: "by Monday".into(),
        date: Some(date("2026-11-23")),
    });
    p.replies.push(offer);
    mark(
        &mut p,
        ActionKind::Respond,
        Anchor::Reply(Uid(1)),
        None,
        0,
        done("2026-11-20T12:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-21T09:00:00");
    let follow_up = one(&actions, ActionKind::FollowUp).clone();
    let warning =
        pester_warning(&p, &follow_up, &at("2026-11-21T09:00:00"), &policy).expect("early");
    assert!(warning.contains("\"end of next week\""), "{warning}");
    assert!(!warning.contains("by Monday"), "{warning}");
}

#[test]
fn staying_in_touch_twice_in_a_quarter_warns() {
    let policy = Policy::default();
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    p.replies
        .push(reply("2026-11-27T10:00:00", ReplyKind::Rejection));
    p.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2026-11-27T10:00:00"),
    });
    mark(
        &mut p,
        ActionKind::StayInTouch,
        Anchor::Reply(Uid(1)),
        None,
        1,
        done("2027-03-01T10:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&p), "2027-03-01T10:05:00");
    let next = one(&actions, ActionKind::StayInTouch).clone();
    let warning = pester_warning(&p, &next, &at("2027-03-01T10:05:00"), &policy).expect("too soon");
    assert!(
        warning.contains("stay-in-touch was planned from Sun 30 May"),
        "{warning}"
    );
}

/// One to four processes, each open, rejected as generated, or closed another way.
fn some_processes() -> impl Strategy<Value = Vec<Process>> {
    prop::collection::vec((arbitrary_process(), 0usize..7, 0i64..500 * 24), 1..5).prop_map(
        |processes| {
            let all: Vec<Process> = processes
                .into_iter()
                .enumerate()
                .map(|(index, (mut p, outcome, hours))| {
                    p.id = index as u32 + 1;
                    // Keep the generated rejection (outcome 5), open it (6), or close it another way.
                    match outcome {
                        5 => {}
                        6 => p.closed = None,
                        n => {
                            p.closed = Some(Closure {
                                outcome: Outcome::ALL[n],
                                at: p.created + Duration::hours(hours),
                            })
                        }
                    }
                    p
                })
                .collect();
            with_ids(&all)
        },
    )
}

proptest! {
    /// The processes out of play change nothing: the plan of all is the plan of those in play,
    /// whatever the outcome, the marks and the moment.
    #[test]
    fn processes_out_of_play_have_no_actions(
        all in some_processes(),
        now_hours in 0i64..900 * 24,
    ) {
        let now = t("2026-01-05T09:00:00") + Duration::hours(now_hours);
        let policy = Policy::default();
        let kept: Vec<Process> = all.iter().filter(|p| super::in_play_among(p, &all)).cloned().collect();
        prop_assert_eq!(plan(&all, &policy, &now), plan(&kept, &policy, &now));
        for p in all.iter().filter(|p| !super::in_play_among(p, &all)) {
            prop_assert!(plan_process(p, &all, &policy, &now).is_empty(), "{p:?} is out of play but has actions");
        }
        // Judged alone, a process is in play whenever it is among the others.
        for p in &all {
            prop_assert!(in_play(p) || !super::in_play_among(p, &all), "{p:?}");
            prop_assert_eq!(super::in_play_among(p, &all), super::in_play_among(p, &kept));
        }
    }
}

proptest! {
    /// Judged at a moment, a process out of play has no action then nor later: archiving by
    /// `in_play_at` loses nothing `due` would show. It is never in play when the clock-free
    /// judgement says it is not.
    #[test]
    fn processes_out_of_play_at_a_moment_have_no_actions_then_or_later(
        all in some_processes(),
        now_hours in 0i64..900 * 24,
        later_hours in 0i64..400 * 24,
    ) {
        let now = t("2026-01-05T09:00:00") + Duration::hours(now_hours);
        let later = now + Duration::hours(later_hours);
        let policy = Policy::default();
        let in_play_at = |p: &Process| super::in_play_at(p, &all, &policy, &now);
        let kept: Vec<Process> = all.iter().filter(|p| in_play_at(p)).cloned().collect();
        prop_assert_eq!(plan(&all, &policy, &now), plan(&kept, &policy, &now));
        prop_assert_eq!(plan(&all, &policy, &later), plan(&kept, &policy, &later));
        for p in &all {
            prop_assert!(!in_play_at(p) || super::in_play_among(p, &all), "{p:?}");
        }
    }
}

#[test]
fn a_rejection_stays_in_play_until_its_notes_are_stopped_and_its_reply_sent() {
    let mut p = process(1, vec![round(INTERVIEW, &["Ann"])]);
    p.replies
        .push(reply("2026-11-24T10:00:00", ReplyKind::Rejection));
    p.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2026-11-24T10:00:00"),
    });
    assert!(in_play(&p));
    let stopped = MarkState::Dismissed {
        at: t("2027-03-01T10:00:00"),
    };
    mark(
        &mut p,
        ActionKind::StayInTouch,
        Anchor::Reply(Uid(1)),
        None,
        1,
        stopped,
    );
    // The gracious reply is still owed.
    assert!(in_play(&p));
    let sent = MarkState::Done {
        at: t("2026-11-24T12:00:00"),
    };
    mark(
        &mut p,
        ActionKind::ReplyGraciously,
        Anchor::Reply(Uid(1)),
        None,
        0,
        sent,
    );
    assert!(!in_play(&p));
    assert!(plan_at(&[p.clone()], "2027-06-01T09:00:00").is_empty());

    // Any other ending is out of play at once, except an accepted offer.
    for (outcome, expected) in [
        // Until its gracious no is sent.
        (Outcome::Declined, true),
        (Outcome::Withdrawn, false),
        (Outcome::NoResponse, false),
        (Outcome::Accepted, true),
    ] {
        let mut closed = process(2, vec![round(INTERVIEW, &["Ann"])]);
        closed.closed = Some(Closure {
            outcome,
            at: t("2026-11-24T10:00:00"),
        });
        assert_eq!(in_play(&closed), expected, "{outcome:?}");
    }
    assert!(in_play(&process(3, vec![round(INTERVIEW, &[])])));
}

#[test]
fn a_rejection_leaves_play_once_its_notes_are_stopped_and_its_reply_expired() {
    // Rejected Tue 24 Nov: the gracious reply is due by Thu 26 Nov and expires Tue 8 Dec.
    let mut p = process(1, vec![round(INTERVIEW, &["Ann"])]);
    p.replies
        .push(reply("2026-11-24T10:00:00", ReplyKind::Rejection));
    p.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2026-11-24T10:00:00"),
    });
    let policy = Policy::default();
    let in_play_at = |p: &Process, now: &str| {
        let all = with_ids(std::slice::from_ref(p));
        super::in_play_at(&all[0], &all, &policy, &t(now))
    };
    // The stay-in-touch notes keep it in play, expired reply or not: until the user stops them.
    assert!(in_play_at(&p, "2026-12-20T09:00:00"));
    mark(
        &mut p,
        ActionKind::StayInTouch,
        Anchor::Reply(Uid(1)),
        None,
        1,
        MarkState::Dismissed {
            at: t("2026-11-25T10:00:00"),
        },
    );
    // Stopped: the reply alone keeps it in play, until it expires a second before 8 Dec 10:00.
    assert!(in_play_at(&p, "2026-12-08T09:59:59"));
    assert!(!in_play_at(&p, "2026-12-08T10:00:00"));
    assert!(plan_at(&[p.clone()], "2026-12-08T10:00:00").is_empty());
    // A longer expiry keeps it longer.
    let patient = Policy {
        reply_graciously_expires_days: 30,
        ..Policy::default()
    };
    let all = with_ids(std::slice::from_ref(&p));
    assert!(super::in_play_at(
        &all[0],
        &all,
        &patient,
        &t("2026-12-20T09:00:00")
    ));
    // Judged without a clock, an unsent reply keeps it in play.
    assert!(in_play(&p));
}

// ---------------------------------------------------------------------------------------------
// The whole search: scheduled rounds, applications, offers, declines, the end of the search.

/// Round 1 held Thu 19 Nov (with a stumped question), then a next round invited on Tue 24 Nov
/// for Wed 2 Dec 15:00, recorded as round 2.
fn with_next_round() -> Process {
    let mut first = round(INTERVIEW, &["Jane"]);
    first.debrief.stumped = vec!["sharding".into()];
    let mut p = process(1, vec![first, round("2026-12-02T15:00:00", &["Raj"])]);
    let mut invite = reply("2026-11-24T10:00:00", ReplyKind::NextRound);
    invite.next_interview = Some(t("2026-12-02T15:00:00"));
    p.replies.push(invite);
    p
}

#[test]
fn a_scheduled_round_plans_only_its_prep_until_its_time() {
    let p = with_next_round();
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-25T09:00:00");
    let prep = one(&actions, ActionKind::Prep);
    assert_eq!(
        prep.key.anchor,
        Anchor::Round(Uid(2)),
        "the prep hangs on the round"
    );
    assert_eq!(prep.from, t("2026-11-29T15:00:00"));
    assert_eq!(prep.by, Some(t("2026-12-02T15:00:00")));
    assert_eq!(prep.status, Status::Upcoming);
    assert_eq!(
        prep.words(),
        "next interview on Wed 2 Dec 15:00; revisit what stumped you: sharding"
    );
    assert!(only(&actions, ActionKind::FollowUp).is_empty());
    assert!(only(&actions, ActionKind::MoveOn).is_empty());
    assert!(
        actions.iter().all(|a| a.to.as_deref() != Some("Raj")),
        "nothing for the round's interviewers yet"
    );

    // Its time has come: its own actions from its time, its wait, no prep.
    let actions = plan_at(std::slice::from_ref(&p), "2026-12-02T18:00:00");
    assert!(only(&actions, ActionKind::Prep).is_empty());
    let raj = only(&actions, ActionKind::ThankYou)
        .into_iter()
        .find(|a| a.to.as_deref() == Some("Raj"))
        .expect("a thank-you for the round held");
    assert_eq!(raj.from, t("2026-12-02T15:00:00"));
    assert_eq!(raj.by, Some(t("2026-12-04T15:00:00")));
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Round(Uid(2)));
    assert_eq!(follow_up.from, t("2026-12-16T00:00:00"));
}

#[test]
fn a_prep_starts_no_earlier_than_the_round_was_set() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    let mut invite = reply("2026-11-30T10:00:00", ReplyKind::NextRound);
    invite.next_interview = Some(t("2026-12-01T15:00:00"));
    p.replies.push(invite);
    p.rounds.push(round("2026-12-01T15:00:00", &[]));
    let actions = plan_at(&[p], "2026-11-30T11:00:00");
    let prep = one(&actions, ActionKind::Prep);
    assert_eq!(prep.from, t("2026-11-30T10:00:00"));
    assert_eq!(prep.status, Status::Due);
    // A first interview recorded ahead: from when the process was recorded.
    let mut ahead = process(2, vec![round("2026-12-04T10:00:00", &["Kim"])]);
    ahead.created = t("2026-12-02T08:00:00");
    let actions = plan_at(&[ahead], "2026-12-02T09:00:00");
    assert_eq!(kinds(&actions), [ActionKind::Prep]);
    assert_eq!(
        one(&actions, ActionKind::Prep).from,
        t("2026-12-02T08:00:00")
    );
}

#[test]
fn moving_a_scheduled_round_moves_its_one_prep() {
    let mut p = with_next_round();
    // In the original prep window (Sun 29 Nov to Wed 2 Dec), moved to Fri 11 Dec 10:00.
    let now = "2026-11-30T09:00:00";
    assert_eq!(
        one(&plan_at(std::slice::from_ref(&p), now), ActionKind::Prep).status,
        Status::Due
    );
    p.rounds[1].at = t("2026-12-11T10:00:00");
    let actions = plan_at(std::slice::from_ref(&p), now);
    let prep = one(&actions, ActionKind::Prep);
    assert_eq!(prep.key.anchor, Anchor::Round(Uid(2)));
    assert_eq!(prep.from, t("2026-12-08T10:00:00"));
    assert_eq!(prep.by, Some(t("2026-12-11T10:00:00")));
    assert_eq!(prep.status, Status::Upcoming);

    // Moved into the past (it happened this morning): the prep is gone, the round's own
    // actions and wait start from its time.
    p.rounds[1].at = t("2026-11-30T08:00:00");
    let actions = plan_at(std::slice::from_ref(&p), now);
    assert!(only(&actions, ActionKind::Prep).is_empty());
    let debrief = only(&actions, ActionKind::Debrief)
        .into_iter()
        .find(|a| a.key.anchor == Anchor::Round(Uid(2)))
        .expect("a debrief of the round held");
    assert_eq!(debrief.by, Some(t("2026-12-01T08:00:00")));
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Round(Uid(2)));
    assert_eq!(follow_up.from, t("2026-12-14T00:00:00"));
}

#[test]
fn a_next_round_without_its_round_keeps_its_prep_until_the_interview() {
    // A store written before rounds were scheduled ahead: the reply alone.
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    let mut invite = reply("2026-11-24T10:00:00", ReplyKind::NextRound);
    invite.next_interview = Some(t("2026-12-02T15:00:00"));
    p.replies.push(invite);
    let prep = one(
        &plan_at(std::slice::from_ref(&p), "2026-12-02T14:00:00"),
        ActionKind::Prep,
    )
    .clone();
    assert_eq!(prep.key.anchor, Anchor::Reply(Uid(1)));
    assert!(
        only(&plan_at(&[p], "2026-12-02T16:00:00"), ActionKind::Prep).is_empty(),
        "prep ends at the interview"
    );
}

#[test]
fn a_cancelled_round_plans_nothing_and_starts_no_wait() {
    // Round 2 on Wed 25 Nov, called off.
    let mut p = process(
        1,
        vec![
            round(INTERVIEW, &["Jane"]),
            round("2026-11-25T10:00:00", &["Raj"]),
        ],
    );
    p.rounds[1].cancelled = true;
    for now in ["2026-11-23T09:00:00", "2026-11-26T09:00:00"] {
        let actions = plan_at(std::slice::from_ref(&p), now);
        assert!(only(&actions, ActionKind::Prep).is_empty(), "{now}");
        assert!(
            actions
                .iter()
                .all(|a| a.key.anchor != Anchor::Round(Uid(2))),
            "{now}: {actions:#?}"
        );
        // The wait of the round held goes on.
        let follow_up = one(&actions, ActionKind::FollowUp);
        assert_eq!(follow_up.key.anchor, Anchor::Round(Uid(1)));
        assert_eq!(follow_up.from, t("2026-12-03T00:00:00"));
    }
}

/// An application on Mon 2 Nov 10:00, nothing else yet.
fn application(id: u32, applied: &str) -> Process {
    let mut p = process(id, vec![]);
    p.applied = Some(t(applied));
    p.created = t(applied);
    p
}

#[test]
fn an_application_gets_one_follow_up_then_move_on() {
    let p = application(1, "2026-11-02T10:00:00");
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-09T08:00:00");
    assert_eq!(kinds(&actions), [ActionKind::FollowUp, ActionKind::MoveOn]);
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(
        follow_up.key,
        key(ActionKind::FollowUp, Anchor::Process, None, 1)
    );
    // Whole days: from Mon 9 Nov 00:00 to the end of Mon 16 Nov.
    assert_eq!(follow_up.from, t("2026-11-09T00:00:00"));
    assert_eq!(follow_up.by, Some(t("2026-11-16T23:59:59")));
    assert_eq!(follow_up.status, Status::Due);
    assert_eq!(
        follow_up.words(),
        "no answer to your application of Mon 2 Nov; 7 days later (follow-up 1 of 1)"
    );
    // Not sent: move on 14 days after its window closed.
    let move_on = one(&actions, ActionKind::MoveOn);
    assert_eq!(move_on.from, t("2026-11-30T00:00:00"));
    assert_eq!(move_on.by, None);
    assert_eq!(
        move_on.words(),
        "no answer to your application of Mon 2 Nov and no follow-up sent in its window; 14 days on, take the silence as an answer and put your energy elsewhere"
    );

    // Sent on Wed 11 Nov: move on 14 days after it, and no second follow-up.
    let mut sent = p.clone();
    mark(
        &mut sent,
        ActionKind::FollowUp,
        Anchor::Process,
        None,
        1,
        done("2026-11-11T09:00:00"),
    );
    let actions = plan_at(std::slice::from_ref(&sent), "2026-11-26T09:00:00");
    assert_eq!(kinds(&actions), [ActionKind::MoveOn]);
    let move_on = one(&actions, ActionKind::MoveOn);
    assert_eq!(move_on.from, t("2026-11-25T00:00:00"));
    assert_eq!(move_on.status, Status::Due);
    assert!(
        move_on
            .words()
            .contains("nor to your follow-up of Wed 11 Nov"),
        "{}",
        move_on.words()
    );
}

#[test]
fn an_application_on_a_saturday_follows_up_on_business_days() {
    // Sat 7 Nov: + 7 is Sat 14 Nov, + 14 Sat 21 Nov; both move to Monday.
    let actions = plan_at(
        &[application(1, "2026-11-07T10:00:00")],
        "2026-11-10T09:00:00",
    );
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.from, t("2026-11-16T00:00:00"));
    assert_eq!(follow_up.by, Some(t("2026-11-23T23:59:59")));
    assert_eq!(follow_up.status, Status::Upcoming);
    let policy = Policy {
        application_follow_up_from_days: 3,
        application_follow_up_by_days: 4,
        application_move_on_days: 10,
        ..Policy::default()
    };
    let actions = plan(
        &[application(1, "2026-11-02T10:00:00")],
        &policy,
        &at("2026-11-03T09:00:00"),
    );
    assert_eq!(
        one(&actions, ActionKind::FollowUp).by,
        Some(t("2026-11-06T23:59:59"))
    );
    assert_eq!(
        one(&actions, ActionKind::MoveOn).from,
        t("2026-11-16T00:00:00")
    );
}

#[test]
fn a_reply_or_the_first_interview_ends_the_application_wait() {
    let mut p = application(1, "2026-11-02T10:00:00");
    p.replies
        .push(reply("2026-11-05T11:00:00", ReplyKind::Update));
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-06T09:00:00");
    assert!(only(&actions, ActionKind::MoveOn).is_empty());
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Reply(Uid(1)));
    assert_eq!(follow_up.from, t("2026-11-19T00:00:00"));

    // A phone screen scheduled for Tue 10 Nov: its prep, no follow-up meanwhile.
    let mut p = application(1, "2026-11-02T10:00:00");
    p.rounds.push(round("2026-11-10T10:00:00", &["Sam"]));
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-09T09:00:00");
    assert_eq!(kinds(&actions), [ActionKind::Prep]);
    // Held: its own plan takes over.
    let actions = plan_at(&[p], "2026-11-10T12:00:00");
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(follow_up.key.anchor, Anchor::Round(Uid(1)));
    assert_eq!(follow_up.from, t("2026-11-24T00:00:00"));
    assert!(only(&actions, ActionKind::MoveOn).is_empty());
}

fn offer(at: &str, deadline: Option<(&str, &str)>) -> Reply {
    let mut offer = reply(at, ReplyKind::Offer);
    offer.timeline = deadline.map(|(text, d)| Timeline {
        text: text.into(),
        date: Some(date(d)),
    });
    offer
}

#[test]
fn an_offer_with_a_deadline_on_a_weekend() {
    // Thu 19 Nov: an offer to answer by Sat 28 Nov; #2 has interviewed, #3 only applied.
    let mut offering = process(1, vec![round("2026-11-10T10:00:00", &[])]);
    offering.company = "Globex".into();
    offering.replies.push(offer(
        "2026-11-19T09:00:00",
        Some(("by Saturday 28th", "2026-11-28")),
    ));
    let other = process(2, vec![round("2026-11-12T10:00:00", &["Jane"])]);
    let applied = application(3, "2026-11-02T10:00:00");
    let all = [offering, other, applied];
    let actions = plan_at(&all, "2026-11-20T09:00:00");
    // Two business days before Saturday: Thursday.
    let decide = one(&actions, ActionKind::Decide);
    assert_eq!(decide.process, 1);
    assert_eq!(decide.key.anchor, Anchor::Reply(Uid(1)));
    assert_eq!(decide.from, t("2026-11-26T00:00:00"));
    assert_eq!(decide.by, Some(t("2026-11-28T23:59:59")));
    assert_eq!(
        decide.words(),
        "they made an offer on Thu 19 Nov and want your answer by \"by Saturday 28th\", which is Sat 28 Nov; decide from 2 business days before it"
    );
    let expedite = one(&actions, ActionKind::Expedite);
    assert_eq!(
        expedite.process, 2,
        "not the application, not the offering one"
    );
    assert_eq!(
        expedite.key,
        key(ActionKind::Expedite, Anchor::Process, None, 1)
    );
    assert_eq!(expedite.from, t("2026-11-19T09:00:00"));
    assert_eq!(expedite.by, Some(t("2026-11-26T23:59:59")));
    assert_eq!(
        expedite.words(),
        "you have an offer from #1 Globex (on Thu 19 Nov) with a deadline, \"by Saturday 28th\", which is Sat 28 Nov: tell them politely, in case they want to move faster"
    );
    // The expedite goes at the deadline; the decision stays, overdue.
    let actions = plan_at(&all, "2026-11-29T09:00:00");
    assert!(only(&actions, ActionKind::Expedite).is_empty());
    assert_eq!(one(&actions, ActionKind::Decide).status, Status::Overdue);
    // Turned off: no expedite.
    let quiet = Policy {
        expedite: false,
        ..Policy::default()
    };
    let actions = plan(&all, &quiet, &at("2026-11-20T09:00:00"));
    assert!(only(&actions, ActionKind::Expedite).is_empty());
}

#[test]
fn an_expedite_gives_the_others_at_least_a_business_day() {
    // Thu 26 Nov, an offer to answer by Fri 27 Nov: two business days before is Wed 25 Nov,
    // before the offer; the other employer gets until the end of Friday.
    let mut offering = process(1, vec![round("2026-11-10T10:00:00", &[])]);
    offering.replies.push(offer(
        "2026-11-26T16:00:00",
        Some(("tomorrow", "2026-11-27")),
    ));
    let other = process(2, vec![round("2026-11-12T10:00:00", &[])]);
    let actions = plan_at(&[offering, other], "2026-11-26T17:00:00");
    let expedite = one(&actions, ActionKind::Expedite);
    assert_eq!(expedite.by, Some(t("2026-11-27T23:59:59")));
    let decide = one(&actions, ActionKind::Decide);
    assert_eq!(
        decide.from,
        t("2026-11-26T16:00:00"),
        "not before the offer"
    );
    assert_eq!(decide.by, Some(t("2026-11-27T23:59:59")));
}

#[test]
fn an_expedite_is_never_due_after_the_deadline_nor_at_an_hour() {
    // Fri 13 Mar, an offer to answer by Sunday 15 Mar: at least a business day would be Monday,
    // after the deadline; the deadline wins.
    let mut offering = process(1, vec![round("2026-03-02T10:00:00", &[])]);
    offering.replies.push(offer(
        "2026-03-13T16:00:00",
        Some(("by Sunday", "2026-03-15")),
    ));
    let other = process(2, vec![round("2026-03-03T10:00:00", &[])]);
    let actions = plan_at(&[offering.clone(), other], "2026-03-13T17:00:00");
    assert_eq!(
        one(&actions, ActionKind::Expedite).by,
        Some(t("2026-03-15T23:59:59"))
    );
    // An interview elsewhere on the very day the expedite would be due: the whole day, not
    // the interview's hour.
    let mut offering = process(1, vec![round("2026-03-16T10:00:00", &[])]);
    offering.replies.push(offer(
        "2026-03-26T16:00:00",
        Some(("by 4 April", "2026-04-04")),
    ));
    let late = process(2, vec![round("2026-04-03T09:30:00", &[])]);
    let actions = plan_at(&[offering, late], "2026-04-03T10:00:00");
    let expedite = one(&actions, ActionKind::Expedite);
    assert_eq!(expedite.from, t("2026-04-03T09:30:00"));
    assert_eq!(expedite.by, Some(t("2026-04-03T23:59:59")));
    assert_eq!(expedite.status, Status::Due);
}

#[test]
fn an_offer_without_a_deadline_is_decided_within_five_business_days() {
    // Fri 20 Nov 16:00.
    let mut offering = process(1, vec![round("2026-11-10T10:00:00", &[])]);
    offering.replies.push(offer("2026-11-20T16:00:00", None));
    let other = process(2, vec![round("2026-11-12T10:00:00", &[])]);
    let mut all = [offering, other];
    let actions = plan_at(&all, "2026-11-21T09:00:00");
    assert!(
        only(&actions, ActionKind::Expedite).is_empty(),
        "no deadline, no expedite"
    );
    let decide = one(&actions, ActionKind::Decide);
    assert_eq!(decide.from, t("2026-11-25T00:00:00"));
    assert_eq!(decide.by, Some(t("2026-11-27T23:59:59")));
    assert_eq!(
        decide.words(),
        "they made an offer on Fri 20 Nov with no deadline; give your answer within 5 business days"
    );
    // Acknowledged: the decision is still owed, until the process closes.
    mark(
        &mut all[0],
        ActionKind::Respond,
        Anchor::Reply(Uid(1)),
        None,
        0,
        done("2026-11-21T10:00:00"),
    );
    let actions = plan_at(&all, "2026-12-15T09:00:00");
    assert!(only(&actions, ActionKind::Respond).is_empty());
    assert_eq!(one(&actions, ActionKind::Decide).status, Status::Overdue);
    assert!(
        only(&actions, ActionKind::FollowUp)
            .iter()
            .all(|a| a.process == 2)
    );
    all[0].closed = Some(Closure {
        outcome: Outcome::Accepted,
        at: t("2026-12-15T10:00:00"),
    });
    let actions = plan_at(&all, "2026-12-15T11:00:00");
    assert!(only(&actions, ActionKind::Decide).is_empty());
}

#[test]
fn two_offers_at_once_each_plan_their_expedites() {
    let mut first = process(1, vec![round("2026-11-10T10:00:00", &[])]);
    first
        .replies
        .push(offer("2026-11-19T09:00:00", Some(("Nov 27", "2026-11-27"))));
    let mut second = process(2, vec![round("2026-11-11T10:00:00", &[])]);
    // Fri 20 Nov, to answer by Wed 2 Dec.
    second
        .replies
        .push(offer("2026-11-20T11:00:00", Some(("Dec 2", "2026-12-02"))));
    let third = process(3, vec![round("2026-11-12T10:00:00", &[])]);
    let mut closed = process(4, vec![round("2026-11-12T10:00:00", &[])]);
    closed.closed = Some(Closure {
        outcome: Outcome::Withdrawn,
        at: t("2026-11-13T10:00:00"),
    });
    let actions = plan_at(&[first, second, third, closed], "2026-11-20T12:00:00");
    let mut expedites: Vec<(u32, u32, Option<Time>)> = only(&actions, ActionKind::Expedite)
        .iter()
        .map(|a| (a.process, a.key.seq, a.by))
        .collect();
    expedites.sort();
    let to_first = Some(t("2026-11-25T23:59:59"));
    let to_second = Some(t("2026-11-30T23:59:59"));
    assert_eq!(
        expedites,
        [
            (1, 2, to_second),
            (2, 1, to_first),
            (3, 1, to_first),
            (3, 2, to_second)
        ]
    );
    assert_eq!(only(&actions, ActionKind::Decide).len(), 2);
}

#[test]
fn a_declined_offer_gets_a_gracious_no_then_leaves_play() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    p.replies.push(offer("2026-11-19T16:00:00", None));
    // Fri 20 Nov 16:00: the next business day is Monday.
    p.closed = Some(Closure {
        outcome: Outcome::Declined,
        at: t("2026-11-20T16:00:00"),
    });
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-20T17:00:00");
    assert_eq!(kinds(&actions), [ActionKind::Decline]);
    let decline = one(&actions, ActionKind::Decline);
    assert_eq!(
        decline.key,
        key(ActionKind::Decline, Anchor::Process, None, 0)
    );
    assert_eq!(decline.from, t("2026-11-20T16:00:00"));
    assert_eq!(decline.by, Some(t("2026-11-23T23:59:59")));
    assert_eq!(
        decline.words(),
        "you declined their offer on Fri 20 Nov: say no graciously within 1 business day, and leave the door open"
    );
    assert_eq!(
        one(
            &plan_at(std::slice::from_ref(&p), "2027-01-10T09:00:00"),
            ActionKind::Decline
        )
        .status,
        Status::Overdue,
        "it stays until sent"
    );
    assert!(in_play(&p));
    mark(
        &mut p,
        ActionKind::Decline,
        Anchor::Process,
        None,
        0,
        done("2026-11-21T10:00:00"),
    );
    assert!(!in_play(&p));
    assert!(plan_at(&[p], "2026-11-21T11:00:00").is_empty());
}

#[test]
fn accepting_an_offer_ends_the_stay_in_touch_elsewhere() {
    // #1 said no on Fri 27 Nov; #2's offer was accepted on Thu 10 Dec.
    let mut rejected = process(1, vec![round(INTERVIEW, &["Jane"])]);
    rejected
        .replies
        .push(reply("2026-11-27T10:00:00", ReplyKind::Rejection));
    rejected.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2026-11-27T10:00:00"),
    });
    let mut accepted = process(2, vec![round("2026-11-16T10:00:00", &[])]);
    accepted.closed = Some(Closure {
        outcome: Outcome::Accepted,
        at: t("2026-12-10T10:00:00"),
    });
    let before = plan_at(std::slice::from_ref(&rejected), "2026-12-11T09:00:00");
    assert_eq!(
        one(&before, ActionKind::StayInTouch).from,
        t("2027-02-25T00:00:00")
    );
    let all = [rejected.clone(), accepted.clone()];
    let actions = plan_at(&all, "2026-12-11T09:00:00");
    assert!(only(&actions, ActionKind::StayInTouch).is_empty());
    // The gracious reply is still owed: in play until it is sent.
    assert_eq!(one(&actions, ActionKind::ReplyGraciously).process, 1);
    let all = with_ids(&all);
    assert!(super::in_play_among(&all[0], &all));
    let mut sent = all.clone();
    mark(
        &mut sent[0],
        ActionKind::ReplyGraciously,
        Anchor::Reply(Uid(1)),
        None,
        0,
        done("2026-11-27T12:00:00"),
    );
    assert!(!super::in_play_among(&sent[0], &sent));
    assert!(super::in_play(&sent[0]), "alone, its notes still count");
    assert!(super::plan(&sent, &Policy::default(), &at("2027-03-01T09:00:00")).is_empty());

    // A rejection in a search begun after the acceptance keeps its notes.
    let mut later = process(3, vec![round("2027-03-01T10:00:00", &[])]);
    later
        .replies
        .push(reply("2027-03-10T10:00:00", ReplyKind::Rejection));
    later.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2027-03-10T10:00:00"),
    });
    let actions = plan_at(&[accepted, later], "2027-03-11T09:00:00");
    assert_eq!(one(&actions, ActionKind::StayInTouch).process, 3);
}

#[test]
fn the_search_is_over_once_an_offer_is_accepted() {
    let open = process(1, vec![round(INTERVIEW, &[])]);
    let mut accepted = process(2, vec![round("2026-11-16T10:00:00", &[])]);
    assert!(!search_over(&[open.clone(), accepted.clone()]));
    accepted.closed = Some(Closure {
        outcome: Outcome::Accepted,
        at: t("2026-12-10T10:00:00"),
    });
    assert!(search_over(&[open.clone(), accepted.clone()]));
    // Applying again after it starts a new search.
    let again = application(3, "2027-03-01T10:00:00");
    assert!(!search_over(&[open, accepted, again]));
    assert!(!search_over(&[]));
}

// ---------------------------------------------------------------------------------------------
// Issue 14: deadlines that guide, aging, day windows, double marks.

/// Europe/Paris in 2026, enough for the tests: summer time (UTC+2) until Sun 25 Oct 01:00 UTC
/// (03:00 local goes back to 02:00), winter time (UTC+1) after.
#[derive(Debug, Clone, Copy)]
struct Paris;

impl Paris {
    fn summer(utc: &chrono::NaiveDateTime) -> bool {
        let start = date("2026-03-29").and_hms_opt(1, 0, 0).unwrap();
        let end = date("2026-10-25").and_hms_opt(1, 0, 0).unwrap();
        (start..end).contains(utc)
    }

    fn offset(summer: bool) -> FixedOffset {
        FixedOffset::east_opt(if summer { 7200 } else { 3600 }).unwrap()
    }
}

impl TimeZone for Paris {
    type Offset = FixedOffset;

    fn from_offset(_: &FixedOffset) -> Self {
        Paris
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> chrono::MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    fn offset_from_local_datetime(
        &self,
        local: &chrono::NaiveDateTime,
    ) -> chrono::MappedLocalTime<FixedOffset> {
        let fits = |summer: bool| {
            local
                .checked_sub_offset(Paris::offset(summer))
                .is_some_and(|utc| Paris::summer(&utc) == summer)
        };
        match (fits(true), fits(false)) {
            (true, true) => {
                chrono::MappedLocalTime::Ambiguous(Paris::offset(true), Paris::offset(false))
            }
            (true, false) => chrono::MappedLocalTime::Single(Paris::offset(true)),
            (false, true) => chrono::MappedLocalTime::Single(Paris::offset(false)),
            (false, false) => chrono::MappedLocalTime::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &chrono::NaiveDateTime) -> FixedOffset {
        Paris::offset(Paris::summer(utc))
    }
}

fn rfc(at: &Time) -> String {
    at.to_rfc3339()
}

#[test]
fn windows_across_the_clock_change_in_paris() {
    // Fri 23 Oct 2026 10:00 summer time; clocks go back on Sun 25 Oct.
    let interview = DateTime::parse_from_rfc3339("2026-10-23T10:00:00+02:00").unwrap();
    let mut r = round("2026-10-23T09:00:00", &["Jane"]);
    r.at = interview;
    r.debrief.notes = "fine".into();
    let p = process(1, vec![r]);
    let now = Paris.from_local_datetime(&date("2026-10-23").and_hms_opt(12, 0, 0).unwrap());
    let actions = plan(&[p], &Policy::default(), &now.unwrap());
    // Hours are exact: 48 h after 10:00 summer time is 09:00 winter time.
    let thank_you = one(&actions, ActionKind::ThankYou);
    assert_eq!(rfc(&thank_you.by.unwrap()), "2026-10-25T09:00:00+01:00");
    assert_eq!(
        rfc(&thank_you.target().unwrap()),
        "2026-10-24T10:00:00+02:00"
    );
    // The connect is measured in hours too; seven days keep the time of day.
    let connect = one(&actions, ActionKind::Connect);
    assert_eq!(rfc(&connect.by.unwrap()), "2026-10-30T10:00:00+01:00");
    // Days are whole local days: the review opens at midnight summer time on the day of the
    // change and closes at the last second of Wed 28 Oct, winter time.
    let review = one(&actions, ActionKind::ReviewDebrief);
    assert_eq!(rfc(&review.from), "2026-10-25T00:00:00+02:00");
    assert_eq!(rfc(&review.by.unwrap()), "2026-10-28T23:59:59+01:00");
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(rfc(&follow_up.from), "2026-11-06T00:00:00+01:00");
    assert_eq!(rfc(&follow_up.by.unwrap()), "2026-11-13T23:59:59+01:00");
    assert_eq!(connect.target(), None);
}

#[test]
fn a_thank_you_expires_at_exactly_seven_days_into_the_first_follow_up() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane Doe", "Bob Smith"])]);
    mark(
        &mut p,
        ActionKind::ThankYou,
        Anchor::Round(Uid(1)),
        Some("Jane Doe"),
        0,
        done("2026-11-20T09:00:00"),
    );
    let all = with_ids(std::slice::from_ref(&p));
    let policy = Policy::default();
    // One second before Thu 26 Nov 14:30, Bob's thank-you is still owed, and late.
    let before = at("2026-11-26T14:29:59");
    let actions = super::plan(&all, &policy, &before);
    let bob = one(&actions, ActionKind::ThankYou);
    assert_eq!(bob.to.as_deref(), Some("Bob Smith"));
    assert_eq!(bob.status, Status::Overdue);
    assert_eq!(one(&actions, ActionKind::FollowUp).folded_thanks, None);
    assert!(super::expired_process(&all[0], &all, &policy, &before).is_empty());

    // At exactly seven days it is gone: the first follow-up carries the thanks.
    let seven = at("2026-11-26T14:30:00");
    let actions = super::plan(&all, &policy, &seven);
    assert!(only(&actions, ActionKind::ThankYou).is_empty());
    let follow_up = one(&actions, ActionKind::FollowUp);
    assert_eq!(
        follow_up.folded_thanks,
        Some(FoldedThanks::Interview {
            interview: Interview {
                label: None,
                at: t(INTERVIEW)
            },
            to: vec!["Bob Smith".to_string()],
        })
    );
    assert!(
        follow_up.words().ends_with(
            "the thank-you to Bob Smith for the interview on Thu 19 Nov 14:30 expired unsent: thank them in this note"
        ),
        "{}",
        follow_up.words()
    );
    let expired = super::expired_process(&all[0], &all, &policy, &seven);
    assert_eq!(expired.len(), 1, "{expired:#?}");
    assert_eq!(expired[0].action.kind(), ActionKind::ThankYou);
    assert_eq!(expired[0].at, t("2026-11-26T14:30:00"));
    assert_eq!(
        crate::render::expired(&expired[0], &seven),
        "expired: thank-you to Bob Smith, on Thu 26 Nov"
    );
    // The second follow-up does not carry them again.
    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        1,
        done("2026-12-03T10:00:00"),
    );
    let second = one(&plan_at(&[p], "2026-12-04T10:00:00"), ActionKind::FollowUp).clone();
    assert_eq!((second.key.seq, second.folded_thanks), (2, None));
}

#[test]
fn overdue_actions_expire_as_the_rulebook_says() {
    let mut r = round(INTERVIEW, &["Jane"]);
    r.debrief.notes = "ok".into();
    let reviewed = process(1, vec![r]);
    let unwritten = process(2, vec![round(INTERVIEW, &["Jane"])]);
    let kinds_at = |p: &Process, now: &str| kinds(&plan_at(std::slice::from_ref(p), now));
    // The review closes Tue 24 Nov 23:59:59 and expires a week later.
    assert!(kinds_at(&reviewed, "2026-12-01T23:59:58").contains(&ActionKind::ReviewDebrief));
    assert!(!kinds_at(&reviewed, "2026-12-01T23:59:59").contains(&ActionKind::ReviewDebrief));
    // The debrief stops being asked for at fourteen days.
    assert!(kinds_at(&unwritten, "2026-12-03T14:29:59").contains(&ActionKind::Debrief));
    assert!(!kinds_at(&unwritten, "2026-12-03T14:30:00").contains(&ActionKind::Debrief));
    // The connect at thirty.
    assert!(kinds_at(&unwritten, "2026-12-19T14:29:59").contains(&ActionKind::Connect));
    assert!(!kinds_at(&unwritten, "2026-12-19T14:30:00").contains(&ActionKind::Connect));
    // Others never: the follow-up stays overdue months on.
    let late = plan_at(std::slice::from_ref(&unwritten), "2027-06-01T10:00:00");
    assert_eq!(one(&late, ActionKind::FollowUp).status, Status::Overdue);
    // The numbers are the policy's.
    let policy = Policy {
        connect_expires_days: 60,
        ..Policy::default()
    };
    let still = plan(&[unwritten], &policy, &at("2026-12-19T14:30:00"));
    assert_eq!(one(&still, ActionKind::Connect).status, Status::Overdue);
}

#[test]
fn an_unsent_gracious_reply_expires_into_the_first_stay_in_touch() {
    let mut p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    p.replies
        .push(reply("2026-11-27T10:00:00", ReplyKind::Rejection));
    p.closed = Some(Closure {
        outcome: Outcome::Rejected,
        at: t("2026-11-27T10:00:00"),
    });
    let before = plan_at(std::slice::from_ref(&p), "2026-12-11T09:59:59");
    assert_eq!(
        one(&before, ActionKind::ReplyGraciously).status,
        Status::Overdue
    );
    assert_eq!(one(&before, ActionKind::StayInTouch).folded_thanks, None);
    let after = plan_at(std::slice::from_ref(&p), "2026-12-11T10:00:00");
    assert!(only(&after, ActionKind::ReplyGraciously).is_empty());
    let first = one(&after, ActionKind::StayInTouch);
    assert_eq!(
        first.folded_thanks,
        Some(FoldedThanks::Rejection {
            rejected: t("2026-11-27T10:00:00")
        })
    );
    assert!(
        first
            .words()
            .contains("your reply to their no of Fri 27 Nov expired unsent"),
        "{}",
        first.words()
    );
    // The process stays in play for its notes, and `in_play` never drops what `plan` shows.
    assert!(in_play(&p));
}

#[test]
fn an_expedite_expires_at_the_offers_deadline() {
    let mut offering = process(1, vec![round("2026-11-10T10:00:00", &[])]);
    offering.replies.push(offer(
        "2026-11-19T09:00:00",
        Some(("by Friday", "2026-11-27")),
    ));
    let other = process(2, vec![round(INTERVIEW, &[])]);
    let all = with_ids(&[offering, other]);
    let policy = Policy::default();
    let expedites = |now: &str| {
        let actions = super::plan(&all, &policy, &at(now));
        only(&actions, ActionKind::Expedite).len()
    };
    assert_eq!(expedites("2026-11-27T23:59:58"), 1);
    assert_eq!(expedites("2026-11-27T23:59:59"), 0);
    let expired = super::expired_process(&all[1], &all, &policy, &at("2026-11-28T09:00:00"));
    let kinds: Vec<ActionKind> = expired.iter().map(|e| e.action.kind()).collect();
    assert_eq!(kinds, [ActionKind::ThankYou, ActionKind::Expedite]);
    assert_eq!(expired[1].at, t("2026-11-27T23:59:59"));
}

#[test]
fn the_thank_you_headline_counts_to_the_mark_then_to_the_limit() {
    let p = process(1, vec![round(INTERVIEW, &["Jane"])]);
    let headline = |now: &str| {
        let actions = plan_at(std::slice::from_ref(&p), now);
        let local = chrono::Local.from_utc_datetime(&at(now).naive_utc());
        crate::render::relative(one(&actions, ActionKind::ThankYou), &local)
    };
    // The 24 h mark is Fri 20 Nov 14:30, the limit Sat 21 Nov 14:30.
    assert_eq!(headline("2026-11-20T12:30:00"), "2 h to the 24 h mark");
    assert_eq!(headline("2026-11-20T14:29:00"), "1 min to the 24 h mark");
    assert_eq!(
        headline("2026-11-20T14:30:00"),
        "late for 24 h; 24 h to the 48 h limit"
    );
    assert_eq!(
        headline("2026-11-20T18:30:00"),
        "late for 24 h; 20 h to the 48 h limit"
    );
    assert_eq!(headline("2026-11-22T14:30:00"), "24 h late");
    // Other actions count to their deadline.
    let actions = plan_at(std::slice::from_ref(&p), "2026-11-20T12:30:00");
    let local = chrono::Local.from_utc_datetime(&at("2026-11-20T12:30:00").naive_utc());
    assert_eq!(
        crate::render::relative(one(&actions, ActionKind::Connect), &local),
        "6 days left"
    );
}

#[test]
fn a_repeatable_action_marked_again_within_the_hour_is_a_slip() {
    let mut p = process(1, vec![round(INTERVIEW, &[])]);
    let policy = Policy::default();
    mark(
        &mut p,
        ActionKind::FollowUp,
        Anchor::Round(Uid(1)),
        None,
        1,
        done("2026-12-04T10:30:00"),
    );
    let again = |at: &str, kind| double_mark(&p, kind, t(at), &policy);
    assert_eq!(
        again("2026-12-04T11:29:00", ActionKind::FollowUp),
        Some(t("2026-12-04T10:30:00"))
    );
    // A back-dated one is as close.
    assert_eq!(
        again("2026-12-04T09:31:00", ActionKind::FollowUp),
        Some(t("2026-12-04T10:30:00"))
    );
    assert_eq!(again("2026-12-04T11:30:00", ActionKind::FollowUp), None);
    assert_eq!(again("2026-12-04T11:31:00", ActionKind::FollowUp), None);
    // Only repeatable actions.
    assert_eq!(again("2026-12-04T10:31:00", ActionKind::Debrief), None);
    let strict = Policy {
        double_mark_minutes: 120,
        ..Policy::default()
    };
    assert!(double_mark(&p, ActionKind::FollowUp, t("2026-12-04T11:31:00"), &strict).is_some());
}
