//! The etiquette engine: from the records, the policy and `now`, the actions a careful candidate
//! takes, each with its window and the reason for it.
//!
//! Pure: no file, clock, terminal or environment access. Times are judged in `now`'s time zone.

use crate::model::{
    ActionKey, ActionKind, Anchor, MarkState, Outcome, Process, ReplyKind, Round, Time, Uid,
};
use crate::policy::Policy;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone};

crate::model::named! {
    /// Where an action stands at `now`.
    pub enum Status {
        /// Its deadline has passed.
        Overdue = "overdue",
        /// Its window is open.
        Due = "due",
        /// Its window opens later.
        Upcoming = "upcoming",
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
    /// Which rule produced the action, with its values (`render::reason` puts it in words).
    pub reason: Reason,
    /// The employer's instructions for following up, shown with every follow-up.
    pub instructions: Option<String>,
    /// Until when the user snoozed it: `due` hides it until its (moved) window opens.
    pub snoozed: Option<Time>,
}

/// Why an action is planned: the rule of ETIQUETTE.md and the values it used.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    ThankYou {
        interview: Interview,
        best_within_hours: u32,
        best_by: Time,
        latest_hours: u32,
    },
    Connect {
        interview: Interview,
        within_days: u32,
    },
    Debrief {
        interview: Interview,
    },
    ReviewDebrief {
        interview: Interview,
        after_days: u32,
    },
    Withdraw {
        accepted: Time,
        within_business_days: u32,
    },
    Respond {
        offer: bool,
        on: Time,
        note: Option<String>,
        /// The deadline in the employer's words, if they gave one.
        their_deadline: Option<String>,
        within_business_days: u32,
    },
    Prep {
        interview: Time,
        stumped: Vec<String>,
    },
    FollowUp {
        after: FollowUpAfter,
        number: u32,
        of: u32,
    },
    MoveOn {
        follow_ups: u32,
        last: Time,
    },
    ReplyGraciously {
        rejected: Time,
    },
    StayInTouch {
        days: u32,
        /// Their no, for the first note; the last note sent, for the others.
        since: Time,
        first: bool,
    },
}

/// An interview as a reason names it: its label ("onsite") and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Interview {
    pub label: Option<String>,
    pub at: Time,
}

/// What a follow-up waits after.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUpAfter {
    /// The date the employer gave, in their words, and the business days after it.
    Stated {
        text: String,
        date: NaiveDate,
        business_days: u32,
    },
    /// No date given: days after what started the wait.
    Unstated { since: WaitStart, days: u32 },
    /// The previous follow-up, unanswered.
    Unanswered { sent: Time, days: u32 },
}

/// What started a wait for the employer.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitStart {
    Interview(Interview),
    Update(Time),
    AnsweredRequest(Time),
    InvitationWithoutDate(Time),
}

/// Why marking an action sent now can read as pestering.
#[derive(Debug, Clone, PartialEq)]
pub enum Pester {
    /// Before its window opened.
    Early { kind: ActionKind, from: Time },
    /// Less than `days` after the previous one.
    Often {
        kind: ActionKind,
        previous: Time,
        days: u32,
    },
}

/// A pester warning, with the date the employer gave for the wait, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct PesterWarning {
    pub pester: Pester,
    pub stated: Option<(String, NaiveDate)>,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        self.key.action
    }
}

/// Every pending action of every process, most urgent first.
pub fn plan<Tz: TimeZone>(
    processes: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action> {
    plan_among(processes, processes, policy, now)
}

/// The pending actions of one process, most urgent first. `all` is needed because accepting an
/// offer in one process means withdrawing from the others.
pub fn plan_process<Tz: TimeZone>(
    process: &Process,
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action> {
    plan_among(std::slice::from_ref(process), all, policy, now)
}

/// The actions of `processes`, with the acceptances of `all`: overdue, then due, then upcoming;
/// within each, upcoming actions by when they open and the others by the nearest deadline,
/// open-ended ones last.
fn plan_among<Tz: TimeZone>(
    processes: &[Process],
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action> {
    let acceptances = acceptances(all);
    let mut actions = Vec::new();
    for process in processes {
        Planner::new(process, policy, now).plan(&acceptances, &mut actions);
    }
    let urgency = |a: &Action| match a.status {
        Status::Upcoming => (a.status, false, Some(a.from)),
        _ => (a.status, a.by.is_none(), a.by.or(Some(a.from))),
    };
    actions.sort_by(|a, b| {
        (urgency(a), a.process, a.to.as_deref()).cmp(&(urgency(b), b.process, b.to.as_deref()))
    });
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

/// The warning owed when a follow-up or a stay-in-touch is marked sent at `at`: before its window
/// opens, or soon after the previous one ("don't pester").
pub fn pester_warning<Tz: TimeZone>(
    process: &Process,
    action: &Action,
    at: &DateTime<Tz>,
    policy: &Policy,
) -> Option<PesterWarning> {
    let kind = action.kind();
    // Name the date the employer gave for this wait, if they gave one.
    let (period, stated) = match kind {
        ActionKind::FollowUp => (
            policy.pester_days,
            Planner::new(process, policy, at)
                .current_wait()
                .and_then(|wait| wait.stated),
        ),
        ActionKind::StayInTouch => (policy.stay_in_touch_days, None),
        _ => return None,
    };
    let at = at.fixed_offset();
    if at < action.from {
        let pester = Pester::Early {
            kind,
            from: action.from,
        };
        return Some(PesterWarning { pester, stated });
    }
    let previous = process
        .marks
        .iter()
        .filter_map(|m| match &m.state {
            MarkState::Done { at: sent } if m.key.action == kind && *sent <= at => Some(*sent),
            _ => None,
        })
        .max()?;
    (at - previous < Duration::days(i64::from(period))).then_some(PesterWarning {
        pester: Pester::Often {
            kind,
            previous,
            days: period,
        },
        stated,
    })
}

/// A follow-up wait: from an interview or a reply, until the employer answers.
struct Wait {
    anchor: Anchor,
    start: Time,
    /// The decision date the employer gave for this wait, if any.
    stated: Option<(String, NaiveDate)>,
    /// What the wait started with.
    began: WaitStart,
}

struct Planner<'a, Tz: TimeZone> {
    process: &'a Process,
    policy: &'a Policy,
    now: &'a DateTime<Tz>,
    tz: Tz,
}

impl<'a, Tz: TimeZone> Planner<'a, Tz> {
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
            let days = self.policy.withdraw_business_days;
            self.push(
                out,
                withdraw,
                accepted_at,
                Some(self.business_days_after(accepted_at, days)),
                Reason::Withdraw {
                    accepted: accepted_at,
                    within_business_days: days,
                },
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
        let interview = interview(round);
        let thank_you = Reason::ThankYou {
            interview: interview.clone(),
            best_within_hours: policy.thank_you_recommended_hours,
            best_by: at + Duration::hours(i64::from(policy.thank_you_recommended_hours)),
            latest_hours: policy.thank_you_latest_hours,
        };
        let latest = at + Duration::hours(i64::from(policy.thank_you_latest_hours));
        // One thank-you for the company when no interviewer is named.
        let unnamed = round.interviewers.is_empty().then_some(None);
        let people = round.interviewers.iter().map(|person| Some(person.uid));
        for person in unnamed.into_iter().chain(people) {
            let thank = key(ActionKind::ThankYou, anchor, person, 0);
            self.push(out, thank, at, Some(latest), thank_you.clone());
            if person.is_some() && policy.connect {
                self.push(
                    out,
                    key(ActionKind::Connect, anchor, person, 0),
                    at,
                    Some(self.days_after(at, policy.connect_days)),
                    Reason::Connect {
                        interview: interview.clone(),
                        within_days: policy.connect_days,
                    },
                );
            }
        }
        let (kind, from, by, reason) = if round.debrief.is_empty() {
            let by = at + Duration::hours(i64::from(policy.debrief_hours));
            (ActionKind::Debrief, at, by, Reason::Debrief { interview })
        } else {
            (
                ActionKind::ReviewDebrief,
                self.days_after(at, policy.review_debrief_from_days),
                self.days_after(at, policy.review_debrief_by_days),
                Reason::ReviewDebrief {
                    interview,
                    after_days: policy.review_debrief_from_days,
                },
            )
        };
        self.push(out, key(kind, anchor, None, 0), from, Some(by), reason);
    }

    fn reply_actions(&self, out: &mut Vec<Action>) {
        let p = self.process;
        let policy = self.policy;
        for reply in &p.replies {
            let anchor = Anchor::Reply(reply.uid);
            match reply.kind {
                ReplyKind::Request | ReplyKind::Offer => {
                    let offer = reply.kind == ReplyKind::Offer;
                    let days = if offer {
                        policy.offer_respond_business_days
                    } else {
                        policy.respond_business_days
                    };
                    let by = match &reply.timeline {
                        // The employer's own deadline is kept as given, weekend or not.
                        Some(deadline) => self.end_of_day(deadline.date),
                        None => self.business_days_after(reply.at, days),
                    };
                    self.push(
                        out,
                        key(ActionKind::Respond, anchor, None, 0),
                        reply.at,
                        Some(by),
                        Reason::Respond {
                            offer,
                            on: reply.at,
                            note: reply.note.clone(),
                            their_deadline: reply.timeline.as_ref().map(|t| t.text.clone()),
                            within_business_days: days,
                        },
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
                    let from = self
                        .shifted(interview, -i64::from(policy.prep_days), false)
                        .max(reply.at);
                    let stumped = p
                        .rounds
                        .iter()
                        .flat_map(|r| r.debrief.stumped.iter().cloned())
                        .collect();
                    self.push(
                        out,
                        key(ActionKind::Prep, anchor, None, 0),
                        from,
                        Some(interview.max(from)),
                        Reason::Prep { interview, stumped },
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
                    began: WaitStart::Interview(interview(round)),
                });
                continue;
            }
            let reply = &p.replies[index];
            let anchor = Anchor::Reply(reply.uid);
            let respond = key(ActionKind::Respond, anchor, None, 0);
            wait = match reply.kind {
                ReplyKind::Update => Some(Wait {
                    anchor,
                    start: reply.at,
                    stated: reply.timeline.as_ref().map(|t| (t.text.clone(), t.date)),
                    began: WaitStart::Update(reply.at),
                }),
                // The wait goes on once the request is answered.
                ReplyKind::Request => match p.mark_for(&respond).map(|m| &m.state) {
                    Some(MarkState::Done { at } | MarkState::Dismissed { at }) => {
                        let answered = (*at).max(reply.at);
                        let answered_day = answered.with_timezone(&self.tz).date_naive();
                        Some(Wait {
                            anchor,
                            start: answered,
                            stated: wait
                                .and_then(|w| w.stated)
                                .filter(|(_, date)| *date >= answered_day),
                            began: WaitStart::AnsweredRequest(answered),
                        })
                    }
                    _ => None,
                },
                // Invited, but with no date yet: a nudge if the scheduling stalls.
                ReplyKind::NextRound if reply.next_interview.is_none() => Some(Wait {
                    anchor,
                    start: reply.at,
                    stated: None,
                    began: WaitStart::InvitationWithoutDate(reply.at),
                }),
                ReplyKind::NextRound | ReplyKind::Offer | ReplyKind::Rejection => None,
            };
        }
        wait
    }

    fn follow_ups(&self, wait: &Wait, out: &mut Vec<Action>) {
        let p = self.process;
        let policy = self.policy;
        let mut last_sent: Option<Time> = None;
        for seq in 1..=policy.max_follow_ups {
            let action_key = key(ActionKind::FollowUp, wait.anchor, None, seq);
            match p.mark_for(&action_key).map(|m| &m.state) {
                // A back-dated mark counts from the wait's start.
                Some(MarkState::Done { at }) => {
                    last_sent = Some((*at).max(wait.start));
                    continue;
                }
                Some(MarkState::Dismissed { .. }) => return,
                _ => {}
            }
            let (from, by, after) = match (last_sent, &wait.stated) {
                (Some(sent), _) => (
                    self.rolled(sent, policy.follow_up_again_from_days),
                    self.rolled(sent, policy.follow_up_again_by_days),
                    FollowUpAfter::Unanswered {
                        sent,
                        days: policy.follow_up_again_from_days,
                    },
                ),
                (None, Some((text, date))) => {
                    let business_days = policy.follow_up_after_stated_business_days;
                    let from_day = self.add_business_days(*date, business_days);
                    let by_day =
                        self.add_business_days(from_day, policy.follow_up_window_business_days);
                    (
                        self.at_local(from_day, NaiveTime::MIN).max(wait.start),
                        self.end_of_day(by_day),
                        FollowUpAfter::Stated {
                            text: text.clone(),
                            date: *date,
                            business_days,
                        },
                    )
                }
                (None, None) => (
                    self.rolled(wait.start, policy.follow_up_unstated_from_days),
                    self.rolled(wait.start, policy.follow_up_unstated_by_days),
                    FollowUpAfter::Unstated {
                        since: wait.began.clone(),
                        days: policy.follow_up_unstated_from_days,
                    },
                ),
            };
            let reason = Reason::FollowUp {
                after,
                number: seq,
                of: policy.max_follow_ups,
            };
            if let Some(action) = self.push(out, action_key, from, Some(by), reason) {
                action.instructions = p
                    .rounds
                    .iter()
                    .filter(|r| r.at <= wait.start)
                    .max_by_key(|r| r.at)
                    .and_then(|r| r.instructions.clone());
            }
            return;
        }
        // Every allowed follow-up went unanswered: know when to stop.
        let last = last_sent.unwrap_or(wait.start);
        self.push(
            out,
            key(ActionKind::MoveOn, wait.anchor, None, 0),
            self.days_after(last, policy.move_on_days),
            None,
            Reason::MoveOn {
                follow_ups: policy.max_follow_ups,
                last,
            },
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
            Reason::ReplyGraciously {
                rejected: after.rejected_at,
            },
        );
        // Stay in the loop, gently: one note per period, until the user stops it.
        let Some((seq, last_contact)) = after.next_note else {
            return;
        };
        let from = self.days_after(last_contact, policy.stay_in_touch_days);
        self.push(
            out,
            key(ActionKind::StayInTouch, after.anchor, None, seq),
            from,
            Some(self.days_after(from, policy.stay_in_touch_window_days)),
            Reason::StayInTouch {
                days: policy.stay_in_touch_days,
                since: last_contact,
                first: seq == 1,
            },
        );
    }

    /// Adds an action unless it was done or dismissed; a snooze moves its window. Gives the
    /// action added.
    fn push<'o>(
        &self,
        out: &'o mut Vec<Action>,
        key: ActionKey,
        mut from: Time,
        mut by: Option<Time>,
        reason: Reason,
    ) -> Option<&'o mut Action> {
        let mut snoozed = None;
        match self.process.mark_for(&key).map(|m| &m.state) {
            Some(MarkState::Done { .. } | MarkState::Dismissed { .. }) => return None,
            Some(MarkState::Snoozed { until }) if *until > from => {
                let shift = *until - from;
                from = *until;
                by = by.map(|b| b + shift);
                snoozed = Some(*until);
            }
            _ => {}
        }
        let now = self.now.fixed_offset();
        let status = if now < from {
            Status::Upcoming
        } else if by.is_none_or(|b| now <= b) {
            Status::Due
        } else {
            Status::Overdue
        };
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
            instructions: None,
            snoozed,
        });
        out.last_mut()
    }

    /// `days` calendar days after `at`, at the same local time of day (a clock change doesn't
    /// move it by an hour).
    fn days_after(&self, at: Time, days: u32) -> Time {
        self.shifted(at, i64::from(days), false)
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
            self.policy.workweek().roll_to_business_day(day)
        } else {
            day
        };
        self.at_local(day, local.time())
    }

    /// The date `days` business days after `date` (`date` itself if the count cannot be made).
    fn add_business_days(&self, date: NaiveDate, days: u32) -> NaiveDate {
        let week = self.policy.workweek();
        week.add_business_days(date, u64::from(days))
            .unwrap_or(date)
    }

    /// The end of the day `days` business days after `at`'s.
    fn business_days_after(&self, at: Time, days: u32) -> Time {
        let day = at.with_timezone(&self.tz).date_naive();
        self.end_of_day(self.add_business_days(day, days))
    }

    fn end_of_day(&self, date: NaiveDate) -> Time {
        self.at_local(date, END_OF_DAY)
    }

    /// A local wall-clock time; in a DST gap, the first moment after it.
    fn at_local(&self, date: NaiveDate, time: NaiveTime) -> Time {
        let naive = date.and_time(time);
        crate::dates::place_local(&self.tz, naive)
            .unwrap_or_else(|| self.tz.from_utc_datetime(&naive).fixed_offset())
    }
}

/// Actions measured in days close at the last second of their last day.
const END_OF_DAY: NaiveTime = NaiveTime::from_hms_opt(23, 59, 59).expect("a valid time");

fn interview(round: &Round) -> Interview {
    Interview {
        label: round.label.clone(),
        at: round.at,
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
