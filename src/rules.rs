//! The etiquette engine: from the records, the policy and `now`, the actions a careful candidate
//! takes, each with its window and the reason for it.
//!
//! Pure: no file, clock, terminal or environment access. Times are judged in `now`'s time zone.

use crate::model::{
    ActionKey, ActionKind, Anchor, MarkState, Outcome, Process, ReplyKind, Round, Time, Timeline,
    Uid,
};
use crate::policy::Policy;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone};
use std::cell::RefCell;

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
    /// Thanks that expired unsent and that this action carries instead: set on the first
    /// follow-up after an interview whose thank-yous expired, and on the first stay-in-touch
    /// after a rejection whose gracious reply expired. Drafts read it to include the thanks.
    pub folded_thanks: Option<FoldedThanks>,
}

/// Thanks owed that expired unsent, folded into a later note (ETIQUETTE.md, "When an overdue
/// action expires").
#[derive(Debug, Clone, PartialEq)]
pub enum FoldedThanks {
    /// The thank-yous of this interview, to these interviewers (none named: to the company).
    Interview {
        interview: Interview,
        to: Vec<String>,
    },
    /// The gracious reply to the rejection of this moment.
    Rejection { rejected: Time },
}

/// An overdue action that went past its expiry: no longer planned, and `show` says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Expired {
    pub action: Action,
    /// When it expired.
    pub at: Time,
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
    /// Preparing a scheduled round, or the interview a next-round reply named in a store that has
    /// no round for it (no label, then).
    PrepRound {
        interview: Interview,
        stumped: Vec<String>,
    },
    /// Giving an answer to an offer.
    Decide {
        offer: Time,
        /// The deadline in the employer's words and the date it is.
        deadline: Option<(String, NaiveDate)>,
        /// With a deadline, how many business days before it the answer is worked on; without,
        /// within how many business days of the offer it is given.
        business_days: u32,
    },
    /// Telling this employer about an offer with a deadline from another process.
    Expedite {
        process: u32,
        company: String,
        offer: Time,
        deadline: (String, NaiveDate),
    },
    /// A gracious no to an offer the user declined.
    Decline {
        declined: Time,
        within_business_days: u32,
    },
    /// Taking the silence after an application as an answer.
    ApplicationMoveOn {
        applied: Time,
        /// When the follow-up went out; `None` when it was never sent.
        follow_up: Option<Time>,
        days: u32,
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
    /// Taking the silence as an answer once a follow-up was set aside after its window closed
    /// unsent (an old interview brought in by `import`): `since` is the last contact.
    MoveOnAfterWindow {
        since: Time,
        closed: Time,
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
    /// No date given: days after what started the wait. `words` are what they said when it
    /// named no date ("we'll be in touch soon").
    Unstated {
        since: WaitStart,
        days: u32,
        words: Option<String>,
    },
    /// The previous follow-up, unanswered.
    Unanswered { sent: Time, days: u32 },
    /// An application, unanswered.
    Application { applied: Time, days: u32 },
}

/// What started a wait for the employer.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitStart {
    Interview(Interview),
    Update(Time),
    AnsweredRequest(Time),
    InvitationWithoutDate(Time),
    Application(Time),
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

    /// The recommended time, before the deadline: a thank-you's 24 h mark. `None` for the other
    /// actions.
    pub fn target(&self) -> Option<Time> {
        match &self.reason {
            Reason::ThankYou { best_by, .. } => Some(*best_by),
            _ => None,
        }
    }
}

/// Whether marking `kind` done again records another one (a follow-up, a stay-in-touch), so that
/// a second mark soon after the first is most likely a slip.
pub fn is_repeatable(kind: ActionKind) -> bool {
    matches!(kind, ActionKind::FollowUp | ActionKind::StayInTouch)
}

/// The last `done` mark of a repeatable `kind` recorded within the policy's slip window of `at`
/// (before or after it): a second mark then is most likely the first one typed twice.
pub fn double_mark(process: &Process, kind: ActionKind, at: Time, policy: &Policy) -> Option<Time> {
    if !is_repeatable(kind) {
        return None;
    }
    let window = Duration::minutes(i64::from(policy.double_mark_minutes));
    process
        .marks
        .iter()
        .filter(|m| m.key.action == kind)
        .filter_map(|m| match m.state {
            MarkState::Done { at } => Some(at),
            _ => None,
        })
        .filter(|previous| (at - *previous).abs() < window)
        .max()
}

/// Every pending action of every process, most urgent first.
pub fn plan<Tz: TimeZone>(
    processes: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action> {
    plan_among(processes, processes, policy, now).0
}

/// The pending actions of one process, most urgent first. `all` is needed because accepting an
/// offer in one process means withdrawing from the others.
pub fn plan_process<Tz: TimeZone>(
    process: &Process,
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Action> {
    plan_among(std::slice::from_ref(process), all, policy, now).0
}

/// The actions of one process that expired unsent by `now`, in the order they expired.
pub fn expired_process<Tz: TimeZone>(
    process: &Process,
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<Expired> {
    let mut expired = plan_among(std::slice::from_ref(process), all, policy, now).1;
    expired.sort_by_key(|e| (e.at, e.action.kind(), e.action.to.clone()));
    expired
}

/// The actions of `processes`, with the acceptances of `all`: overdue, then due, then upcoming;
/// within each, upcoming actions by when they open and the others by the nearest deadline,
/// open-ended ones last. Then the actions that expired.
fn plan_among<Tz: TimeZone>(
    processes: &[Process],
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> (Vec<Action>, Vec<Expired>) {
    let others = Others::of(all);
    let mut actions = Vec::new();
    let mut expired = Vec::new();
    for process in processes {
        let planner = Planner::new(process, policy, now);
        planner.plan(&others, &mut actions);
        expired.append(&mut planner.expired.borrow_mut());
    }
    let urgency = |a: &Action| match a.status {
        Status::Upcoming => (a.status, false, Some(a.from)),
        _ => (a.status, a.by.is_none(), a.by.or(Some(a.from))),
    };
    actions.sort_by(|a, b| {
        (urgency(a), a.process, a.to.as_deref()).cmp(&(urgency(b), b.process, b.to.as_deref()))
    });
    (actions, expired)
}

/// Whether `plan` can give this process an action, now or later, or it changes the plan of the
/// others: an open process, an accepted offer (the others withdraw), a declined offer whose
/// gracious no is still to be sent, or a rejection whose gracious reply or stay-in-touch notes
/// are still to come. The store keeps the others apart, so that `due` reads only these; `plan` of
/// all processes equals `plan` of those in play.
///
/// Judged from the process alone, so a rejection's notes count even when an offer accepted
/// elsewhere has ended them: [`in_play_among`] knows the others and says so.
pub fn in_play(process: &Process) -> bool {
    in_play_among(process, std::slice::from_ref(process))
}

/// [`in_play`], knowing the other processes: a rejected process whose stay-in-touch notes an
/// acceptance elsewhere ended is out of play once its gracious reply is sent. `all` needs the
/// accepted processes (they are always in play).
pub fn in_play_among(process: &Process, all: &[Process]) -> bool {
    still_to_do(process, all, |_| false)
}

/// [`in_play_among`] at `now`: a gracious reply to a rejection stops keeping the process in play
/// once it expired unsent, as it leaves the plan then. What the store should archive by.
pub fn in_play_at<Tz: TimeZone>(
    process: &Process,
    all: &[Process],
    policy: &Policy,
    now: &DateTime<Tz>,
) -> bool {
    let planner = Planner::new(process, policy, now);
    still_to_do(process, all, |rejected| {
        now.fixed_offset() >= planner.days_after(rejected, policy.reply_graciously_expires_days)
    })
}

/// Whether a process has anything left to do, `reply_expired` saying whether the gracious reply
/// to a rejection of that moment has expired.
fn still_to_do(process: &Process, all: &[Process], reply_expired: impl Fn(Time) -> bool) -> bool {
    let Some(closure) = &process.closed else {
        return true;
    };
    let pending = |key: &ActionKey| is_pending(process, key);
    match closure.outcome {
        Outcome::Accepted => true,
        Outcome::Rejected => after_rejection(process).is_some_and(|after| {
            (after.next_note.is_some() && accepted_elsewhere(process, &acceptances(all)).is_none())
                || (pending(&after.reply_graciously()) && !reply_expired(after.rejected_at))
        }),
        Outcome::Declined => pending(&decline_key()),
        Outcome::Withdrawn | Outcome::NoResponse => false,
    }
}

/// Whether the search is over: an offer was accepted and no process started after it (a process
/// started later is a new search). `due` then stops asking to keep applying.
pub fn search_over(processes: &[Process]) -> bool {
    acceptances(processes).iter().any(|(id, accepted)| {
        processes
            .iter()
            .all(|p| p.id == *id || started(p) < *accepted)
    })
}

/// When a process began: its application, its first interview or its record, whichever is first.
fn started(p: &Process) -> Time {
    p.rounds
        .iter()
        .filter(|r| !r.cancelled)
        .map(|r| r.at)
        .chain(p.applied)
        .fold(p.created, Time::min)
}

/// The first acceptance of an offer in another process after this one began, which ended its
/// search (a search started later is a new one).
fn accepted_elsewhere(p: &Process, acceptances: &[(u32, Time)]) -> Option<Time> {
    let started = started(p);
    acceptances
        .iter()
        .filter(|(id, at)| *id != p.id && started < *at)
        .map(|(_, at)| *at)
        .min()
}

/// Whether an action was neither done nor dismissed.
fn is_pending(process: &Process, key: &ActionKey) -> bool {
    !matches!(
        process.mark_for(key).map(|m| &m.state),
        Some(MarkState::Done { .. } | MarkState::Dismissed { .. })
    )
}

fn decline_key() -> ActionKey {
    key(ActionKind::Decline, Anchor::Process, None, 0)
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

/// What the other processes change for one: the offers accepted, and those still open that have a
/// deadline.
struct Others {
    acceptances: Vec<(u32, Time)>,
    offers: Vec<OpenOffer>,
}

/// An open process's latest offer, when it has a deadline.
struct OpenOffer {
    process: u32,
    company: String,
    at: Time,
    deadline: (String, NaiveDate),
}

impl Others {
    fn of(all: &[Process]) -> Others {
        let offers = all
            .iter()
            .filter(|p| p.is_open())
            .filter_map(|p| {
                let offer = latest_offer(p)?;
                let deadline = offer.timeline.as_ref()?.stated()?;
                Some(OpenOffer {
                    process: p.id,
                    company: p.company.clone(),
                    at: offer.at,
                    deadline,
                })
            })
            .collect();
        Others {
            acceptances: acceptances(all),
            offers,
        }
    }
}

/// The offer that stands: the latest (a revised offer replaces the one before).
pub fn latest_offer(p: &Process) -> Option<&crate::model::Reply> {
    p.replies
        .iter()
        .filter(|r| r.kind == ReplyKind::Offer)
        .max_by_key(|r| r.at)
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
    /// What they said, when it named no date.
    words: Option<String>,
    /// What the wait started with.
    began: WaitStart,
}

impl Wait {
    /// A wait from `start`, with the date the employer gave in `timeline` (or the words they
    /// said when it named none).
    fn new(anchor: Anchor, start: Time, timeline: Option<&Timeline>, began: WaitStart) -> Wait {
        Wait {
            anchor,
            start,
            stated: timeline.and_then(Timeline::stated),
            words: timeline
                .filter(|t| t.date.is_none())
                .map(|t| t.text.clone()),
            began,
        }
    }
}

struct Planner<'a, Tz: TimeZone> {
    process: &'a Process,
    policy: &'a Policy,
    now: &'a DateTime<Tz>,
    tz: Tz,
    /// What `push` found expired.
    expired: RefCell<Vec<Expired>>,
}

impl<'a, Tz: TimeZone> Planner<'a, Tz> {
    fn new(process: &'a Process, policy: &'a Policy, now: &'a DateTime<Tz>) -> Self {
        Planner {
            process,
            policy,
            now,
            tz: now.timezone(),
            expired: RefCell::new(Vec::new()),
        }
    }

    fn plan(&self, others: &Others, out: &mut Vec<Action>) {
        let p = self.process;
        if let Some(closure) = &p.closed {
            match closure.outcome {
                Outcome::Rejected => {
                    self.after_rejection(accepted_elsewhere(p, &others.acceptances).is_some(), out);
                }
                Outcome::Declined => self.decline(closure.at, out),
                Outcome::Accepted | Outcome::Withdrawn | Outcome::NoResponse => {}
            }
            return;
        }
        // Accepting an offer elsewhere leaves one thing to do in the processes already under
        // way: tell them.
        let accepted = accepted_elsewhere(p, &others.acceptances);
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
        // A cancelled round plans nothing; a round still ahead plans its prep only. Once held,
        // its prep is not listed as expired: a round has no record of when it was entered, so
        // whether it ever had a prep is unknown.
        let mut ahead = false;
        for round in p.rounds.iter().filter(|r| !r.cancelled) {
            if self.is_ahead(round) {
                ahead = true;
                self.prep(round, out);
            } else {
                self.round_actions(round, out);
            }
        }
        self.reply_actions(out);
        self.expedites(others, out);
        // No follow-up while an interview is ahead: there is nothing to chase.
        if !ahead && let Some(wait) = self.current_wait() {
            self.follow_ups(&wait, out);
        }
    }

    /// A scheduled round: its time is still to come.
    fn is_ahead(&self, round: &Round) -> bool {
        round.at > self.now.fixed_offset()
    }

    /// Held: not cancelled, and its time has come.
    fn is_held(&self, round: &Round) -> bool {
        !round.cancelled && !self.is_ahead(round)
    }

    /// The prep of a scheduled round: from `prep_days` before it (at the earliest when it was
    /// recorded, or the reply that set it), until it starts, when it expires.
    fn prep(&self, round: &Round, out: &mut Vec<Action>) {
        let p = self.process;
        let at = round.at;
        let set_by_reply = p
            .replies
            .iter()
            .filter(|r| r.kind == ReplyKind::NextRound && r.next_interview.is_some() && r.at <= at)
            .map(|r| r.at)
            .max();
        let recorded = set_by_reply.map_or(p.created, |reply| reply.max(p.created));
        let from = self
            .shifted(at, -i64::from(self.policy.prep_days))
            .max(recorded)
            .min(at);
        let stumped = p
            .rounds
            .iter()
            .filter(|r| !r.cancelled && r.at < at)
            .flat_map(|r| r.debrief.stumped.iter().cloned())
            .collect();
        self.push_expiring(
            out,
            key(ActionKind::Prep, Anchor::Round(round.uid), None, 0),
            from,
            Some(at),
            Reason::PrepRound {
                interview: interview(round),
                stumped,
            },
            Some(at),
        );
    }

    /// An answer to the offer that stands, by its deadline; it stays until the process closes.
    fn decide(&self, out: &mut Vec<Action>) {
        let policy = self.policy;
        let Some(offer) = latest_offer(self.process) else {
            return;
        };
        let offer_day = offer.at.with_timezone(&self.tz).date_naive();
        let (from_day, by_day, business_days) = match offer.timeline.as_ref().and_then(|t| t.date) {
            Some(deadline) => {
                let days = policy.decide_before_deadline_business_days;
                (self.business_days_before(deadline, days), deadline, days)
            }
            None => {
                let days = policy.decide_without_deadline_by_business_days;
                (
                    self.add_business_days(
                        offer_day,
                        policy.decide_without_deadline_from_business_days,
                    ),
                    self.add_business_days(offer_day, days),
                    days,
                )
            }
        };
        let from = self.at_local(from_day, NaiveTime::MIN).max(offer.at);
        self.push(
            out,
            key(ActionKind::Decide, Anchor::Reply(offer.uid), None, 0),
            from,
            Some(self.end_of_day(by_day).max(from)),
            Reason::Decide {
                offer: offer.at,
                deadline: offer.timeline.as_ref().and_then(Timeline::stated),
                business_days,
            },
        );
    }

    /// A note to this employer for each offer with a deadline another open process made, once
    /// this process has had an interview; each goes at the offer's deadline.
    fn expedites(&self, others: &Others, out: &mut Vec<Action>) {
        let policy = self.policy;
        if !policy.expedite {
            return;
        }
        let p = self.process;
        let Some(interviewed) = p
            .rounds
            .iter()
            .filter(|r| self.is_held(r))
            .map(|r| r.at)
            .min()
        else {
            return;
        };
        for offer in others.offers.iter().filter(|o| o.process != p.id) {
            let (_, deadline) = &offer.deadline;
            let expires = self.end_of_day(*deadline);
            let offer_day = offer.at.with_timezone(&self.tz).date_naive();
            // Never after the deadline itself, and a whole day at least once it opens.
            let by_day = self
                .business_days_before(*deadline, policy.expedite_before_deadline_business_days)
                .max(self.add_business_days(offer_day, policy.expedite_at_least_business_days))
                .min(*deadline);
            let from = offer.at.max(interviewed);
            let from_day = from.with_timezone(&self.tz).date_naive();
            self.push_expiring(
                out,
                key(ActionKind::Expedite, Anchor::Process, None, offer.process),
                from,
                Some(self.end_of_day(by_day.max(from_day)).min(expires)),
                Reason::Expedite {
                    process: offer.process,
                    company: offer.company.clone(),
                    offer: offer.at,
                    deadline: offer.deadline.clone(),
                },
                Some(expires),
            );
        }
    }

    /// A gracious no to the offer declined, by the next business day.
    fn decline(&self, declined: Time, out: &mut Vec<Action>) {
        let days = self.policy.decline_business_days;
        self.push(
            out,
            decline_key(),
            declined,
            Some(self.business_days_after(declined, days)),
            Reason::Decline {
                declined,
                within_business_days: days,
            },
        );
    }

    fn round_actions(&self, round: &Round, out: &mut Vec<Action>) {
        let policy = self.policy;
        let anchor = Anchor::Round(round.uid);
        let at = round.at;
        let interview = interview(round);
        let thank_you = Reason::ThankYou {
            interview: interview.clone(),
            best_within_hours: policy.thank_you_recommended_hours,
            // In the zone of now, as the other times of the plan (a clock change may lie between).
            best_by: (at + Duration::hours(i64::from(policy.thank_you_recommended_hours)))
                .with_timezone(&self.tz)
                .fixed_offset(),
            latest_hours: policy.thank_you_latest_hours,
        };
        let latest = at + Duration::hours(i64::from(policy.thank_you_latest_hours));
        // One thank-you for the company when no interviewer is named.
        let unnamed = round.interviewers.is_empty().then_some(None);
        let people = round.interviewers.iter().map(|person| Some(person.uid));
        let thanks_expire = self.thank_you_expiry(round);
        for person in unnamed.into_iter().chain(people) {
            let thank = key(ActionKind::ThankYou, anchor, person, 0);
            let expires = Some(thanks_expire);
            self.push_expiring(out, thank, at, Some(latest), thank_you.clone(), expires);
            if person.is_some() && policy.connect {
                self.push_expiring(
                    out,
                    key(ActionKind::Connect, anchor, person, 0),
                    at,
                    Some(self.days_after(at, policy.connect_days)),
                    Reason::Connect {
                        interview: interview.clone(),
                        within_days: policy.connect_days,
                    },
                    Some(self.days_after(at, policy.connect_expires_days)),
                );
            }
        }
        // Measured in hours, the debrief keeps exact times; its review, in days, whole days.
        if round.debrief.is_empty() {
            self.push_expiring(
                out,
                key(ActionKind::Debrief, anchor, None, 0),
                at,
                Some(at + Duration::hours(i64::from(policy.debrief_hours))),
                Reason::Debrief { interview },
                Some(self.days_after(at, policy.debrief_expires_days)),
            );
        } else {
            let by = self.day_end_after(at, policy.review_debrief_by_days, false);
            self.push_expiring(
                out,
                key(ActionKind::ReviewDebrief, anchor, None, 0),
                self.day_start_after(at, policy.review_debrief_from_days, false),
                Some(by),
                Reason::ReviewDebrief {
                    interview,
                    after_days: policy.review_debrief_from_days,
                },
                Some(self.days_after(by, policy.review_debrief_expires_days)),
            );
        }
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
                    // By the next business day (by default), or the employer's own deadline
                    // if sooner, kept as given, weekend or not. An offer's deadline is for the
                    // decision: the thanks come first.
                    let soon = self.business_days_after(reply.at, days);
                    let by = match reply.timeline.as_ref().and_then(|t| t.date) {
                        Some(deadline) => self.end_of_day(deadline).min(soon),
                        None => soon,
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
                    // Once the next round is recorded, its own actions take over; a store
                    // written before rounds were scheduled ahead has none. Prep expires at the
                    // interview.
                    if p.rounds.iter().any(|r| r.at >= reply.at) {
                        continue;
                    }
                    let from = self
                        .shifted(interview, -i64::from(policy.prep_days))
                        .max(reply.at);
                    let stumped = p
                        .rounds
                        .iter()
                        .flat_map(|r| r.debrief.stumped.iter().cloned())
                        .collect();
                    self.push_expiring(
                        out,
                        key(ActionKind::Prep, anchor, None, 0),
                        from,
                        Some(interview.max(from)),
                        Reason::PrepRound {
                            interview: Interview {
                                label: None,
                                at: interview,
                            },
                            stumped,
                        },
                        Some(interview),
                    );
                }
                ReplyKind::Update | ReplyKind::Rejection => {}
            }
        }
        self.decide(out);
    }

    /// The wait in force: the latest interview or reply decides it.
    fn current_wait(&self) -> Option<Wait> {
        let p = self.process;
        // An application waits until its first interview is held.
        let application = p
            .applied
            .filter(|_| !p.rounds.iter().any(|r| self.is_held(r)))
            .map(|at| (at, Event::Application, 0));
        // Rounds before replies at the same moment: a reply answers an interview. Rounds still
        // ahead, or cancelled, start no wait.
        let mut events: Vec<(Time, Event, usize)> = p
            .rounds
            .iter()
            .enumerate()
            .filter(|(_, r)| self.is_held(r))
            .map(|(i, r)| (r.at, Event::Round, i))
            .chain(
                p.replies
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.at, Event::Reply, i)),
            )
            .chain(application)
            .collect();
        events.sort();
        let mut wait: Option<Wait> = None;
        for (at, event, index) in events {
            wait = match event {
                Event::Application => Some(Wait::new(
                    Anchor::Process,
                    at,
                    None,
                    WaitStart::Application(at),
                )),
                Event::Round => {
                    let round = &p.rounds[index];
                    Some(Wait::new(
                        Anchor::Round(round.uid),
                        round.at,
                        round.timeline.as_ref(),
                        WaitStart::Interview(interview(round)),
                    ))
                }
                Event::Reply => self.reply_wait(&p.replies[index], wait),
            };
        }
        wait
    }

    /// The wait a reply starts, given the one it answers.
    fn reply_wait(&self, reply: &crate::model::Reply, before: Option<Wait>) -> Option<Wait> {
        let anchor = Anchor::Reply(reply.uid);
        let respond = key(ActionKind::Respond, anchor, None, 0);
        match reply.kind {
            ReplyKind::Update => Some(Wait::new(
                anchor,
                reply.at,
                reply.timeline.as_ref(),
                WaitStart::Update(reply.at),
            )),
            // The wait goes on once the request is answered.
            ReplyKind::Request => match self.process.mark_for(&respond).map(|m| &m.state) {
                Some(MarkState::Done { at } | MarkState::Dismissed { at }) => {
                    let answered = (*at).max(reply.at);
                    let answered_day = answered.with_timezone(&self.tz).date_naive();
                    Some(Wait {
                        stated: before
                            .and_then(|w| w.stated)
                            .filter(|(_, date)| *date >= answered_day),
                        ..Wait::new(anchor, answered, None, WaitStart::AnsweredRequest(answered))
                    })
                }
                _ => None,
            },
            // Invited, but with no date yet: a nudge if the scheduling stalls.
            ReplyKind::NextRound if reply.next_interview.is_none() => Some(Wait::new(
                anchor,
                reply.at,
                None,
                WaitStart::InvitationWithoutDate(reply.at),
            )),
            ReplyKind::NextRound | ReplyKind::Offer | ReplyKind::Rejection => None,
        }
    }

    fn follow_ups(&self, wait: &Wait, out: &mut Vec<Action>) {
        if let WaitStart::Application(applied) = wait.began {
            return self.application_follow_up(applied, out);
        }
        let p = self.process;
        let policy = self.policy;
        let mut last_sent: Option<Time> = None;
        for seq in 1..=policy.max_follow_ups {
            let action_key = key(ActionKind::FollowUp, wait.anchor, None, seq);
            let mark = p.mark_for(&action_key).map(|m| &m.state);
            // A back-dated mark counts from the wait's start.
            if let Some(MarkState::Done { at }) = mark {
                last_sent = Some((*at).max(wait.start));
                continue;
            }
            let (from, by, after) = match (last_sent, &wait.stated) {
                (Some(sent), _) => (
                    self.day_start_after(sent, policy.follow_up_again_from_days, true),
                    self.day_end_after(sent, policy.follow_up_again_by_days, true),
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
                    self.day_start_after(wait.start, policy.follow_up_unstated_from_days, true),
                    self.day_end_after(wait.start, policy.follow_up_unstated_by_days, true),
                    FollowUpAfter::Unstated {
                        since: wait.began.clone(),
                        days: policy.follow_up_unstated_from_days,
                        words: wait.words.clone(),
                    },
                ),
            };
            if let Some(MarkState::Dismissed { at }) = mark {
                // Dismissed in its window: no more follow-ups, and no move-on either. Set aside
                // once the window had closed unsent: what is ahead is knowing when to stop.
                if *at > by {
                    self.push(
                        out,
                        key(ActionKind::MoveOn, wait.anchor, None, 0),
                        self.day_start_after(by, policy.move_on_days, false),
                        None,
                        Reason::MoveOnAfterWindow {
                            since: last_sent.unwrap_or(wait.start),
                            closed: by,
                        },
                    );
                }
                return;
            }
            let reason = Reason::FollowUp {
                after,
                number: seq,
                of: policy.max_follow_ups,
            };
            // The first follow-up after an interview carries its thanks once they expired.
            let folded_thanks = match wait.anchor {
                Anchor::Round(uid) if seq == 1 => p
                    .rounds
                    .iter()
                    .find(|r| r.uid == uid)
                    .and_then(|round| self.expired_thanks(round)),
                _ => None,
            };
            if let Some(action) = self.push(out, action_key, from, Some(by), reason) {
                action.instructions = p
                    .rounds
                    .iter()
                    .filter(|r| r.at <= wait.start)
                    .max_by_key(|r| r.at)
                    .and_then(|r| r.instructions.clone());
                action.folded_thanks = folded_thanks;
            }
            return;
        }
        // Every allowed follow-up went unanswered: know when to stop.
        let last = last_sent.unwrap_or(wait.start);
        self.push(
            out,
            key(ActionKind::MoveOn, wait.anchor, None, 0),
            self.day_start_after(last, policy.move_on_days, false),
            None,
            Reason::MoveOn {
                follow_ups: policy.max_follow_ups,
                last,
            },
        );
    }

    /// One follow-up on an application, then `move-on` some days after it was sent (or after
    /// its window closed unsent). Windows are whole days.
    fn application_follow_up(&self, applied: Time, out: &mut Vec<Action>) {
        let policy = self.policy;
        let follow_up = key(ActionKind::FollowUp, Anchor::Process, None, 1);
        let by = self.day_end_after(applied, policy.application_follow_up_by_days, true);
        let mark = self.process.mark_for(&follow_up).map(|m| &m.state);
        let sent = match mark {
            Some(MarkState::Done { at }) => Some((*at).max(applied)),
            _ => None,
        };
        let after = match (sent, mark) {
            (Some(sent), _) => sent,
            // Dismissed in its window: nothing more. Set aside once it had closed unsent (an old
            // application brought in by `import`): the move-on is still ahead.
            (None, Some(MarkState::Dismissed { at })) if *at <= by => return,
            (None, Some(MarkState::Dismissed { .. })) => by,
            (None, _) => {
                let from =
                    self.day_start_after(applied, policy.application_follow_up_from_days, true);
                let reason = Reason::FollowUp {
                    after: FollowUpAfter::Application {
                        applied,
                        days: policy.application_follow_up_from_days,
                    },
                    number: 1,
                    of: 1,
                };
                // A snooze moves the window, and the move-on after it.
                self.push(out, follow_up, from, Some(by), reason)
                    .and_then(|action| action.by)
                    .unwrap_or(by)
            }
        };
        let days = policy.application_move_on_days;
        self.push(
            out,
            key(ActionKind::MoveOn, Anchor::Process, None, 0),
            self.day_start_after(after, days, false),
            None,
            Reason::ApplicationMoveOn {
                applied,
                follow_up: sent,
                days,
            },
        );
    }

    fn after_rejection(&self, search_ended: bool, out: &mut Vec<Action>) {
        let policy = self.policy;
        let Some(after) = after_rejection(self.process) else {
            return;
        };
        let rejected = after.rejected_at;
        let reply_expires = self.days_after(rejected, policy.reply_graciously_expires_days);
        self.push_expiring(
            out,
            after.reply_graciously(),
            rejected,
            Some(self.day_end_after(rejected, policy.reply_graciously_days, false)),
            Reason::ReplyGraciously { rejected },
            Some(reply_expires),
        );
        // Stay in the loop, gently: one note per period, until the user stops it or takes a job
        // elsewhere.
        let Some((seq, last_contact)) = after.next_note.filter(|_| !search_ended) else {
            return;
        };
        let from = self.day_start_after(last_contact, policy.stay_in_touch_days, false);
        // The first note carries the thanks of a gracious reply that expired unsent.
        let folded_thanks = (seq == 1
            && self.now.fixed_offset() >= reply_expires
            && is_pending(self.process, &after.reply_graciously()))
        .then_some(FoldedThanks::Rejection { rejected });
        if let Some(action) = self.push(
            out,
            key(ActionKind::StayInTouch, after.anchor, None, seq),
            from,
            Some(self.day_end_after(from, policy.stay_in_touch_window_days, false)),
            Reason::StayInTouch {
                days: policy.stay_in_touch_days,
                since: last_contact,
                first: seq == 1,
            },
        ) {
            action.folded_thanks = folded_thanks;
        }
    }

    /// Adds an action unless it was done or dismissed; a snooze moves its window. Gives the
    /// action added.
    fn push<'o>(
        &self,
        out: &'o mut Vec<Action>,
        key: ActionKey,
        from: Time,
        by: Option<Time>,
        reason: Reason,
    ) -> Option<&'o mut Action> {
        self.push_expiring(out, key, from, by, reason, None)
    }

    /// [`Self::push`], for an action that expires at `expires` (a snooze does not move it):
    /// from then on it goes to the expired ones instead.
    fn push_expiring<'o>(
        &self,
        out: &'o mut Vec<Action>,
        key: ActionKey,
        mut from: Time,
        mut by: Option<Time>,
        reason: Reason,
        expires: Option<Time>,
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
        let action = Action {
            process: self.process.id,
            key,
            to,
            from: from.with_timezone(&self.tz).fixed_offset(),
            by: by.map(|b| b.with_timezone(&self.tz).fixed_offset()),
            status,
            reason,
            instructions: None,
            snoozed,
            folded_thanks: None,
        };
        // An expiry at "+ 7 days" has happened when now ≥ the start + 7 days.
        if let Some(at) = expires.filter(|at| now >= *at) {
            let at = at.with_timezone(&self.tz).fixed_offset();
            self.expired.borrow_mut().push(Expired { action, at });
            return None;
        }
        out.push(action);
        out.last_mut()
    }

    /// When a round's thank-yous expire.
    fn thank_you_expiry(&self, round: &Round) -> Time {
        self.days_after(round.at, self.policy.thank_you_expires_days)
    }

    /// The thank-yous of a held round that expired unsent, for its first follow-up to carry.
    fn expired_thanks(&self, round: &Round) -> Option<FoldedThanks> {
        if self.now.fixed_offset() < self.thank_you_expiry(round) {
            return None;
        }
        let anchor = Anchor::Round(round.uid);
        let pending = |person: Option<Uid>| {
            is_pending(self.process, &key(ActionKind::ThankYou, anchor, person, 0))
        };
        let to: Vec<String> = round
            .interviewers
            .iter()
            .filter(|person| pending(Some(person.uid)))
            .map(|person| person.name.clone())
            .collect();
        let unsent = if round.interviewers.is_empty() {
            pending(None)
        } else {
            !to.is_empty()
        };
        unsent.then(|| FoldedThanks::Interview {
            interview: interview(round),
            to,
        })
    }

    /// The start of the day `days` calendar days after `at`'s, moved to the next business day
    /// when `business` and it is a day off.
    fn day_start_after(&self, at: Time, days: u32, business: bool) -> Time {
        let day = self.day_after(at, days, business);
        self.at_local(day, NaiveTime::MIN)
    }

    /// The end of the day `days` calendar days after `at`'s (see [`Self::day_start_after`]).
    fn day_end_after(&self, at: Time, days: u32, business: bool) -> Time {
        let day = self.day_after(at, days, business);
        self.end_of_day(day)
    }

    fn day_after(&self, at: Time, days: u32, business: bool) -> NaiveDate {
        let local = at.with_timezone(&self.tz).date_naive();
        let day = local
            .checked_add_signed(Duration::days(i64::from(days)))
            .unwrap_or(local);
        if business {
            self.policy.workweek().roll_to_business_day(day)
        } else {
            day
        }
    }

    /// `days` calendar days after `at`, at the same local time of day (a clock change doesn't
    /// move it by an hour).
    fn days_after(&self, at: Time, days: u32) -> Time {
        self.shifted(at, i64::from(days))
    }

    /// `days` calendar days after `at` (before it when negative), at the same local time of day.
    fn shifted(&self, at: Time, days: i64) -> Time {
        let local = at.with_timezone(&self.tz);
        let Some(day) = local.date_naive().checked_add_signed(Duration::days(days)) else {
            return at;
        };
        self.at_local(day, local.time())
    }

    /// The date `days` business days after `date` (`date` itself if the count cannot be made).
    fn add_business_days(&self, date: NaiveDate, days: u32) -> NaiveDate {
        let week = self.policy.workweek();
        week.add_business_days(date, u64::from(days))
            .unwrap_or(date)
    }

    /// The date `days` business days before `date` (`date` itself for 0; the calendar's first day
    /// if the count cannot be made).
    fn business_days_before(&self, date: NaiveDate, days: u32) -> NaiveDate {
        let week = self.policy.workweek();
        let mut day = date;
        let mut left = days;
        // With no business day at all in a year, stop rather than walk the whole calendar.
        let mut idle = 0;
        while left > 0 && idle < 366 {
            let Some(before) = day.pred_opt() else {
                break;
            };
            day = before;
            if week.is_business_day(day) {
                left -= 1;
                idle = 0;
            } else {
                idle += 1;
            }
        }
        day
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

/// What a wait can start with, in the order of events at the same moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Application,
    Round,
    Reply,
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
