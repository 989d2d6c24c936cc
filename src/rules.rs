//! The etiquette engine: from the records, the policy and `now`, the actions a careful candidate
//! takes, each with its window and the reason for it.
//!
//! Pure: no file, clock, terminal or environment access. Times are judged in `now`'s time zone.

use crate::model::{
    ActionKey, ActionKind, Anchor, MarkState, Outcome, Process, ReplyKind, Round, Time, Uid,
};
use crate::policy::Policy;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike};
use serde::Serialize;
use std::fmt::{self, Write as _};

/// Where an action stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Overdue,
    Due,
    Upcoming,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Overdue => "overdue",
            Status::Due => "due",
            Status::Upcoming => "upcoming",
        })
    }
}

/// One thing to do, for one process (and one person, for per-person actions).
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub process: u32,
    pub key: ActionKey,
    /// The name of the interviewer a per-person action is owed to.
    pub to: Option<String>,
    pub from: Time,
    pub by: Option<Time>,
    pub status: Status,
    /// Which rule produced the action, in words.
    pub reason: String,
    /// The employer's instructions for following up, shown with every follow-up.
    pub instructions: Option<String>,
    /// The user snoozed it: `due` hides it until its (moved) window opens.
    pub snoozed: bool,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        self.key.action
    }
}

/// Every pending action of every process, most urgent first.
pub fn plan<Tz: TimeZone>(processes: &[Process], policy: &Policy, now: &DateTime<Tz>) -> Vec<Action>
where
    Tz::Offset: fmt::Display,
{
    let mut actions = plan_unsorted(processes, policy, now);
    sort_by_urgency(&mut actions);
    actions
}

/// The actions of `plan`, in the order the rules give them: process by process, as listed.
/// `sort_by_urgency` puts them in `plan`'s order.
pub fn plan_unsorted<Tz: TimeZone>(
    processes: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action>
where
    Tz::Offset: fmt::Display,
{
    let acceptances = acceptances(processes);
    let mut actions = Vec::new();
    for process in processes {
        Planner::new(process, policy, now).plan(&acceptances, &mut actions);
    }
    actions
}

/// The pending actions of one process, most urgent first. `all` is needed because accepting an
/// offer in one process means withdrawing from the others.
pub fn plan_process<Tz: TimeZone>(
    process: &Process,
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action>
where
    Tz::Offset: fmt::Display,
{
    let mut actions = Vec::new();
    Planner::new(process, policy, now).plan(&acceptances(all), &mut actions);
    sort_by_urgency(&mut actions);
    actions
}

/// Whether `plan` can give this process an action, now or later, or it changes the plan of the
/// others: an open process, an accepted offer (the others withdraw), or a rejection whose gracious
/// reply or stay-in-touch notes are still to come. The store keeps the others apart, so that
/// `due` reads only these; `plan` of all processes equals `plan` of those in play.
pub fn in_play(process: &Process) -> bool {
    let Some(closure) = &process.closed else {
        return true;
    };
    match closure.outcome {
        Outcome::Accepted => true,
        Outcome::Rejected => after_rejection(process).is_some_and(|after| {
            after.next_note.is_some()
                || !matches!(
                    process
                        .mark_for(&after.reply_graciously())
                        .map(|m| &m.state),
                    Some(MarkState::Done { .. } | MarkState::Dismissed { .. })
                )
        }),
        Outcome::Declined | Outcome::Withdrawn | Outcome::NoResponse => false,
    }
}

/// Where a rejected process stands: the reply that said no, and the next stay-in-touch note.
struct AfterRejection {
    anchor: Anchor,
    rejected_at: Time,
    /// The next note's number and the last contact it counts from; `None` once the user stopped
    /// the notes by dismissing one.
    next_note: Option<(u32, Time)>,
}

impl AfterRejection {
    fn reply_graciously(&self) -> ActionKey {
        key(ActionKind::ReplyGraciously, self.anchor, None, 0)
    }
}

/// `None` when no rejection was logged.
fn after_rejection(p: &Process) -> Option<AfterRejection> {
    let rejection = p.replies.iter().rfind(|r| r.kind == ReplyKind::Rejection)?;
    let anchor = Anchor::Reply(rejection.uid);
    // One note per period, until the user stops them: the notes sent so far set the next one.
    let mut last_contact = rejection.at;
    let mut seq = 1;
    let next_note = loop {
        match p
            .mark_for(&key(ActionKind::StayInTouch, anchor, None, seq))
            .map(|m| &m.state)
        {
            Some(MarkState::Done { at }) => {
                last_contact = (*at).max(last_contact);
                seq += 1;
            }
            Some(MarkState::Dismissed { .. }) => break None,
            _ => break Some((seq, last_contact)),
        }
    };
    Some(AfterRejection {
        anchor,
        rejected_at: rejection.at,
        next_note,
    })
}

/// The processes whose offer was accepted, and when.
fn acceptances(processes: &[Process]) -> Vec<(u32, Time)> {
    processes
        .iter()
        .filter_map(|p| match &p.closed {
            Some(c) if c.outcome == Outcome::Accepted => Some((p.id, c.at)),
            _ => None,
        })
        .collect()
}

/// Overdue, then due, then upcoming; within each, the nearest deadline (or start) first.
pub fn sort_by_urgency(actions: &mut [Action]) {
    let order = |x: &Action| urgency(x.status, x.from, x.by);
    actions.sort_by(|a, b| {
        (order(a), a.process, a.to.as_deref()).cmp(&(order(b), b.process, b.to.as_deref()))
    });
}

/// How urgent an action is, the most urgent smallest: by status, then upcoming actions by when
/// they open and the others by deadline, open-ended ones last.
pub fn urgency(status: Status, from: Time, by: Option<Time>) -> (Status, bool, Option<Time>) {
    match status {
        Status::Upcoming => (status, false, Some(from)),
        _ => (status, by.is_none(), by.or(Some(from))),
    }
}

/// Where an action open from `from` until `by` stands at `now`.
pub fn status_at(from: Time, by: Option<Time>, now: Time) -> Status {
    if now < from {
        Status::Upcoming
    } else if by.is_none_or(|b| now <= b) {
        Status::Due
    } else {
        Status::Overdue
    }
}

/// The warning owed when a follow-up or a stay-in-touch is marked sent at `at`: before its window
/// opens, or soon after the previous one ("don't pester").
pub fn pester_warning<Tz: TimeZone>(
    process: &Process,
    action: &Action,
    at: &DateTime<Tz>,
    policy: &Policy,
) -> Option<String>
where
    Tz::Offset: fmt::Display,
{
    let kind = action.kind();
    let period = match kind {
        ActionKind::FollowUp => policy.pester_days,
        ActionKind::StayInTouch => policy.stay_in_touch_days,
        _ => return None,
    };
    let show = |t: Time| show_time(&t.with_timezone(&at.timezone()), at.year(), Edge::Start);
    // Name the date the employer gave for this wait, if they gave one.
    let their_date = match kind {
        ActionKind::FollowUp => Planner::new(process, policy, at)
            .current_wait()
            .and_then(|wait| wait.stated)
            .map(|(text, date)| {
                format!(
                    " They said {text:?}, which is {}.",
                    show_date(date, at.year())
                )
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let at = at.fixed_offset();
    if at < action.from {
        return Some(format!(
            "this {kind} was planned from {}: sending it early can read as pestering.{their_date}",
            show(action.from),
        ));
    }
    let previous = process
        .marks
        .iter()
        .filter_map(|m| match &m.state {
            MarkState::Done { at: sent } if m.key.action == kind && *sent <= at => Some(*sent),
            _ => None,
        })
        .max()?;
    (at - previous < Duration::days(i64::from(period))).then(|| {
        format!(
            "your previous {kind} went out on {}, less than {period} days ago: more often can read as pestering.{their_date}",
            show(previous),
        )
    })
}

/// A follow-up wait: from an interview or a reply, until the employer answers.
struct Wait {
    anchor: Anchor,
    start: Time,
    /// The decision date the employer gave for this wait, if any.
    stated: Option<(String, NaiveDate)>,
    /// What the wait started with, in words ("the interview on Tue 17 Nov").
    began: String,
}

struct Planner<'a, Tz: TimeZone> {
    process: &'a Process,
    policy: &'a Policy,
    now: &'a DateTime<Tz>,
    tz: Tz,
}

impl<'a, Tz: TimeZone> Planner<'a, Tz>
where
    Tz::Offset: fmt::Display,
{
    fn new(process: &'a Process, policy: &'a Policy, now: &'a DateTime<Tz>) -> Self {
        Planner {
            process,
            policy,
            now,
            tz: now.timezone(),
        }
    }

    fn plan(&self, acceptances: &[(u32, Time)], out: &mut Vec<Action>) {
        let p = self.process;
        if let Some(closure) = &p.closed {
            if closure.outcome == Outcome::Rejected {
                self.after_rejection(out);
            }
            return;
        }
        // Accepting an offer elsewhere leaves one thing to do in the processes already under
        // way: tell them. A search started later is a new one.
        let started = p.rounds.iter().map(|r| r.at).min().unwrap_or(p.created);
        let accepted = acceptances
            .iter()
            .filter(|(id, at)| *id != p.id && started < *at)
            .map(|(_, at)| *at)
            .min();
        let withdraw = key(ActionKind::Withdraw, Anchor::Process, None, 0);
        let kept_going = matches!(
            p.mark_for(&withdraw).map(|m| &m.state),
            Some(MarkState::Dismissed { .. })
        );
        // Dismissing the withdraw means the user stays in this process: plan it as usual.
        if let Some(accepted_at) = accepted.filter(|_| !kept_going) {
            let by = self.end_of_day(
                self.business_days_after(accepted_at, self.policy.withdraw_business_days),
            );
            self.push(
                out,
                withdraw,
                accepted_at,
                Some(by),
                format!(
                    "you accepted an offer elsewhere on {}: tell them within {} business days, don't ghost them",
                    self.day(accepted_at),
                    self.policy.withdraw_business_days
                ),
                None,
            );
            return;
        }
        for round in &p.rounds {
            self.round_actions(round, out);
        }
        self.reply_actions(out);
        if let Some(wait) = self.current_wait() {
            self.follow_ups(&wait, out);
        }
    }

    fn round_actions(&self, round: &Round, out: &mut Vec<Action>) {
        let policy = self.policy;
        let anchor = Anchor::Round(round.uid);
        let at = round.at;
        let what = self.interview_words(round);
        let recommended = at + Duration::hours(i64::from(policy.thank_you_recommended_hours));
        let thank_reason = format!(
            "{what}; best within {} h (by {}), {} h at most",
            policy.thank_you_recommended_hours,
            self.deadline(recommended),
            policy.thank_you_latest_hours
        );
        let latest = at + Duration::hours(i64::from(policy.thank_you_latest_hours));
        if round.interviewers.is_empty() {
            self.push(
                out,
                key(ActionKind::ThankYou, anchor, None, 0),
                at,
                Some(latest),
                thank_reason.clone(),
                None,
            );
        }
        for person in &round.interviewers {
            let name = Some(person.uid);
            self.push(
                out,
                key(ActionKind::ThankYou, anchor, name, 0),
                at,
                Some(latest),
                thank_reason.clone(),
                None,
            );
            if policy.connect {
                self.push(
                    out,
                    key(ActionKind::Connect, anchor, name, 0),
                    at,
                    Some(self.days_after(at, policy.connect_days)),
                    format!(
                        "{what}; a personal invitation to stay connected, within {} days",
                        policy.connect_days
                    ),
                    None,
                );
            }
        }
        if round.debrief.is_empty() {
            self.push(
                out,
                key(ActionKind::Debrief, anchor, None, 0),
                at,
                Some(at + Duration::hours(i64::from(policy.debrief_hours))),
                format!("{what}; write down what was asked and how it went while it is fresh"),
                None,
            );
        } else {
            self.push(
                out,
                key(ActionKind::ReviewDebrief, anchor, None, 0),
                self.days_after(at, policy.review_debrief_from_days),
                Some(self.days_after(at, policy.review_debrief_by_days)),
                format!(
                    "{what}; with {} days' distance, pick what to improve and decide whether you want this job",
                    policy.review_debrief_from_days
                ),
                None,
            );
        }
    }

    fn reply_actions(&self, out: &mut Vec<Action>) {
        let p = self.process;
        let policy = self.policy;
        for reply in &p.replies {
            let anchor = Anchor::Reply(reply.uid);
            let note = reply
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            match reply.kind {
                ReplyKind::Request | ReplyKind::Offer => {
                    let (by, window) = match &reply.timeline {
                        Some(deadline) => (
                            // The employer's own deadline is kept as given, weekend or not.
                            self.end_of_day(deadline.date),
                            format!("by their deadline, {:?}", deadline.text),
                        ),
                        None => {
                            let days = if reply.kind == ReplyKind::Offer {
                                policy.offer_respond_business_days
                            } else {
                                policy.respond_business_days
                            };
                            let plural = if days == 1 { "" } else { "s" };
                            (
                                self.end_of_day(self.business_days_after(reply.at, days)),
                                format!("within {days} business day{plural}"),
                            )
                        }
                    };
                    let what = if reply.kind == ReplyKind::Offer {
                        "they made an offer"
                    } else {
                        "they asked for something"
                    };
                    self.push(
                        out,
                        key(ActionKind::Respond, anchor, None, 0),
                        reply.at,
                        Some(by),
                        format!("{what} on {}{note}; answer {window}", self.day(reply.at)),
                        None,
                    );
                }
                ReplyKind::NextRound => {
                    let Some(interview) = reply.next_interview else {
                        continue;
                    };
                    // Once the next round is recorded, its own actions take over.
                    if p.rounds.iter().any(|r| r.at >= reply.at) {
                        continue;
                    }
                    let from = self.days_before(interview, policy.prep_days).max(reply.at);
                    let stumped: Vec<&str> = p
                        .rounds
                        .iter()
                        .flat_map(|r| r.debrief.stumped.iter().map(String::as_str))
                        .collect();
                    let revisit = if stumped.is_empty() {
                        "revisit your debriefs and weak points".to_string()
                    } else {
                        format!("revisit what stumped you: {}", stumped.join("; "))
                    };
                    self.push(
                        out,
                        key(ActionKind::Prep, anchor, None, 0),
                        from,
                        Some(interview.max(from)),
                        format!("next interview on {}; {revisit}", self.moment(interview)),
                        None,
                    );
                }
                ReplyKind::Update | ReplyKind::Rejection => {}
            }
        }
    }

    /// The wait in force: the latest interview or reply decides it.
    fn current_wait(&self) -> Option<Wait> {
        let p = self.process;
        // Rounds before replies at the same moment: a reply answers an interview.
        let mut events: Vec<(Time, bool, usize)> = p
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| (r.at, false, i))
            .chain(p.replies.iter().enumerate().map(|(i, r)| (r.at, true, i)))
            .collect();
        events.sort();
        let mut wait: Option<Wait> = None;
        for (_, is_reply, index) in events {
            if !is_reply {
                let round = &p.rounds[index];
                wait = Some(Wait {
                    anchor: Anchor::Round(round.uid),
                    start: round.at,
                    stated: round.timeline.as_ref().map(|t| (t.text.clone(), t.date)),
                    began: self.interview_words(round),
                });
                continue;
            }
            let reply = &p.replies[index];
            let anchor = Anchor::Reply(reply.uid);
            wait = match reply.kind {
                ReplyKind::Update => Some(Wait {
                    anchor,
                    start: reply.at,
                    stated: reply.timeline.as_ref().map(|t| (t.text.clone(), t.date)),
                    began: format!("their update on {}", self.day(reply.at)),
                }),
                // The wait goes on once the request is answered.
                ReplyKind::Request => {
                    match p.mark_for(&key(ActionKind::Respond, anchor, None, 0)) {
                        Some(mark) => match mark.state {
                            MarkState::Done { at } | MarkState::Dismissed { at } => {
                                let answered = at.max(reply.at);
                                let answered_day = answered.with_timezone(&self.tz).date_naive();
                                Some(Wait {
                                    anchor,
                                    start: answered,
                                    stated: wait
                                        .and_then(|w| w.stated)
                                        .filter(|(_, date)| *date >= answered_day),
                                    began: format!(
                                        "your answer to their request on {}",
                                        self.day(answered)
                                    ),
                                })
                            }
                            MarkState::Snoozed { .. } => None,
                        },
                        None => None,
                    }
                }
                // Invited, but with no date yet: a nudge if the scheduling stalls.
                ReplyKind::NextRound if reply.next_interview.is_none() => Some(Wait {
                    anchor,
                    start: reply.at,
                    stated: None,
                    began: format!(
                        "their invitation to a next round on {} set no date",
                        self.day(reply.at)
                    ),
                }),
                ReplyKind::NextRound | ReplyKind::Offer | ReplyKind::Rejection => None,
            };
        }
        wait
    }

    fn follow_ups(&self, wait: &Wait, out: &mut Vec<Action>) {
        let p = self.process;
        let policy = self.policy;
        let instructions = p
            .rounds
            .iter()
            .filter(|r| r.at <= wait.start)
            .max_by_key(|r| r.at)
            .and_then(|r| r.instructions.clone());
        let mut last_sent: Option<Time> = None;
        for seq in 1..=policy.max_follow_ups {
            let (from, by, reason) = match last_sent {
                None => match &wait.stated {
                    Some((text, date)) => {
                        let from_day = policy
                            .add_business_days(*date, policy.follow_up_after_stated_business_days);
                        let by_day = policy
                            .add_business_days(from_day, policy.follow_up_window_business_days);
                        (
                            self.start_of_day(from_day).max(wait.start),
                            self.end_of_day(by_day),
                            format!(
                                "they said {text:?}, which is {}; {} business days later",
                                show_date(*date, self.now.year()),
                                policy.follow_up_after_stated_business_days
                            ),
                        )
                    }
                    None => (
                        self.rolled(wait.start, policy.follow_up_unstated_from_days),
                        self.rolled(wait.start, policy.follow_up_unstated_by_days),
                        format!(
                            "no decision date given ({}); {} days later",
                            wait.began, policy.follow_up_unstated_from_days
                        ),
                    ),
                },
                Some(sent) => (
                    self.rolled(sent, policy.follow_up_again_from_days),
                    self.rolled(sent, policy.follow_up_again_by_days),
                    format!(
                        "no reply to your follow-up of {}; {} days later",
                        self.day(sent),
                        policy.follow_up_again_from_days
                    ),
                ),
            };
            let reason = format!("{reason} (follow-up {seq} of {})", policy.max_follow_ups);
            let action_key = key(ActionKind::FollowUp, wait.anchor, None, seq);
            match p.mark_for(&action_key).map(|m| &m.state) {
                // A back-dated mark counts from the wait's start.
                Some(MarkState::Done { at }) => last_sent = Some((*at).max(wait.start)),
                Some(MarkState::Dismissed { .. }) => return,
                _ => {
                    self.push(
                        out,
                        action_key,
                        from,
                        Some(by),
                        reason,
                        instructions.clone(),
                    );
                    return;
                }
            }
        }
        // Every allowed follow-up went unanswered: know when to stop.
        let last = last_sent.unwrap_or(wait.start);
        self.push(
            out,
            key(ActionKind::MoveOn, wait.anchor, None, 0),
            self.days_after(last, policy.move_on_days),
            None,
            format!(
                "{} follow-ups unanswered, the last on {}: take the silence as an answer and put your energy elsewhere",
                policy.max_follow_ups,
                self.day(last)
            ),
            None,
        );
    }

    fn after_rejection(&self, out: &mut Vec<Action>) {
        let policy = self.policy;
        let Some(after) = after_rejection(self.process) else {
            return;
        };
        self.push(
            out,
            after.reply_graciously(),
            after.rejected_at,
            Some(self.days_after(after.rejected_at, policy.reply_graciously_days)),
            format!(
                "they said no on {}; thank them and leave the door open",
                self.day(after.rejected_at)
            ),
            None,
        );
        // Stay in the loop, gently: one note per period, until the user stops it.
        let Some((seq, last_contact)) = after.next_note else {
            return;
        };
        let from = self.days_after(last_contact, policy.stay_in_touch_days);
        let since = if seq == 1 {
            format!("their no on {}", self.day(last_contact))
        } else {
            format!("your last note on {}", self.day(last_contact))
        };
        self.push(
            out,
            key(ActionKind::StayInTouch, after.anchor, None, seq),
            from,
            Some(self.days_after(from, policy.stay_in_touch_window_days)),
            format!(
                "{} days since {since}; share something useful and say you are still interested",
                policy.stay_in_touch_days
            ),
            None,
        );
    }

    /// Adds an action unless it was done or dismissed; a snooze moves its window.
    fn push(
        &self,
        out: &mut Vec<Action>,
        key: ActionKey,
        from: Time,
        by: Option<Time>,
        reason: String,
        instructions: Option<String>,
    ) {
        let (mut from, mut by) = (from, by);
        let mut reason = reason;
        let mut snoozed = false;
        match self.process.mark_for(&key).map(|m| &m.state) {
            Some(MarkState::Done { .. } | MarkState::Dismissed { .. }) => return,
            Some(MarkState::Snoozed { until }) if *until > from => {
                let shift = *until - from;
                from = *until;
                by = by.map(|b| b + shift);
                snoozed = true;
                reason.push_str(&format!("; snoozed until {}", self.moment(*until)));
            }
            _ => {}
        }
        let status = status_at(from, by, self.now.fixed_offset());
        let to = key
            .person
            .and_then(|uid| self.process.interviewer(uid))
            .map(|person| person.name.clone());
        out.push(Action {
            process: self.process.id,
            key,
            to,
            from: from.with_timezone(&self.tz).fixed_offset(),
            by: by.map(|b| b.with_timezone(&self.tz).fixed_offset()),
            status,
            reason,
            instructions,
            snoozed,
        });
    }

    /// `days` calendar days after `at`, at the same local time of day (a clock change doesn't
    /// move it by an hour).
    fn days_after(&self, at: Time, days: u32) -> Time {
        self.shifted(at, i64::from(days), false)
    }

    fn days_before(&self, at: Time, days: u32) -> Time {
        self.shifted(at, -i64::from(days), false)
    }

    /// `days` calendar days after `at`, moved to the next business day if it lands on a day off.
    fn rolled(&self, at: Time, days: u32) -> Time {
        self.shifted(at, i64::from(days), true)
    }

    fn shifted(&self, at: Time, days: i64, business: bool) -> Time {
        let local = at.with_timezone(&self.tz);
        let Some(day) = local.date_naive().checked_add_signed(Duration::days(days)) else {
            return at;
        };
        let day = if business {
            self.policy.roll_to_business_day(day)
        } else {
            day
        };
        self.at_local(day, local.time())
    }

    fn business_days_after(&self, at: Time, days: u32) -> NaiveDate {
        let day = at.with_timezone(&self.tz).date_naive();
        self.policy.add_business_days(day, days)
    }

    fn start_of_day(&self, date: NaiveDate) -> Time {
        self.at_local(date, NaiveTime::MIN)
    }

    fn end_of_day(&self, date: NaiveDate) -> Time {
        self.at_local(
            date,
            NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"),
        )
    }

    /// A local wall-clock time; in a DST gap, the first moment after it.
    fn at_local(&self, date: NaiveDate, time: NaiveTime) -> Time {
        let naive = date.and_time(time);
        match self.tz.from_local_datetime(&naive).earliest() {
            Some(t) => t.fixed_offset(),
            None => {
                let later = naive + Duration::hours(1);
                self.tz
                    .from_local_datetime(&later)
                    .earliest()
                    .map(|t| t.fixed_offset())
                    .unwrap_or_else(|| self.tz.from_utc_datetime(&naive).fixed_offset())
            }
        }
    }

    fn interview_words(&self, round: &Round) -> String {
        match &round.label {
            Some(label) => format!("{label} on {}", self.moment(round.at)),
            None => format!("interview on {}", self.moment(round.at)),
        }
    }

    /// A day in words: "Fri 13 Nov".
    fn day(&self, at: Time) -> String {
        show_date(at.with_timezone(&self.tz).date_naive(), self.now.year())
    }

    /// A day and time in words: "Fri 13 Nov 14:30".
    fn moment(&self, at: Time) -> String {
        show_time(&at.with_timezone(&self.tz), self.now.year(), Edge::Start)
    }

    /// A deadline in words.
    fn deadline(&self, at: Time) -> String {
        show_time(&at.with_timezone(&self.tz), self.now.year(), Edge::End)
    }
}

/// Which end of a window a moment is: a window opening at midnight, or closing a second before
/// it, is shown as the day alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// A moment in words: "Fri 13 Nov 14:30", with the year when it is not `now_year`; a whole day
/// ("Fri 13 Nov") when it is the start (for [`Edge::Start`]) or the end (for [`Edge::End`]) of
/// that day.
pub fn show_time<Tz: TimeZone>(at: &DateTime<Tz>, now_year: i32, edge: Edge) -> String
where
    Tz::Offset: fmt::Display,
{
    let time = at.time();
    let whole_day = match edge {
        Edge::Start => time == NaiveTime::MIN,
        Edge::End => (time.hour(), time.minute(), time.second()) == (23, 59, 59),
    };
    let mut text = show_date(at.date_naive(), now_year);
    if !whole_day {
        let _ = write!(text, " {:02}:{:02}", time.hour(), time.minute());
    }
    text
}

/// A day in words: "Fri 13 Nov", with the year when it is not `now_year`. Written by hand: it is
/// in every reason `due` prints.
pub fn show_date(date: NaiveDate, now_year: i32) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = DAYS[date.weekday().num_days_from_monday() as usize];
    let month = MONTHS[date.month0() as usize];
    if date.year() == now_year {
        format!("{weekday} {} {month}", date.day())
    } else {
        format!("{weekday} {} {month} {}", date.day(), date.year())
    }
}

fn key(action: ActionKind, anchor: Anchor, person: Option<Uid>, seq: u32) -> ActionKey {
    ActionKey {
        action,
        anchor,
        person,
        seq,
    }
}

#[cfg(test)]
pub(crate) mod tests;
