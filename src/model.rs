//! The records a user keeps: processes, their interview rounds, the employer's replies and what
//! the user did about each planned action.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A moment as stored: RFC 3339 with the offset it was recorded in.
pub type Time = DateTime<FixedOffset>;

/// An enum whose variants each have one name, written once here and used to show, read and
/// store them, with a line of help each (for `--help`).
macro_rules! named {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( #[doc = $help:literal] $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( #[doc = $help] #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }

            pub fn help(self) -> &'static str {
                match self {
                    $($name::$variant => $help.trim()),*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}
pub(crate) use named;

/// The id of a record that never changes, whatever is edited: 64 bits, written as 16 hex digits.
/// Zero is no id yet; the store gives every record one (see [`Process::fill_uids`]).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(into = "String", try_from = "String")]
pub struct Uid(pub u64);

impl Uid {
    pub fn is_none(&self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl From<Uid> for String {
    fn from(uid: Uid) -> String {
        uid.to_string()
    }
}

impl TryFrom<String> for Uid {
    type Error = String;

    fn try_from(text: String) -> Result<Uid, String> {
        match u64::from_str_radix(&text, 16) {
            Ok(n) if text.len() == 16 => Ok(Uid(n)),
            _ => Err(format!("{text:?} is not an id (16 hex digits)")),
        }
    }
}

/// How far ahead an interview may be scheduled: further is most likely a wrong year.
pub const SCHEDULE_HORIZON_DAYS: i64 = 366;

/// One application: a company and a role. `id` is the short number people use (`#3`), `uid`
/// the id other records refer to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Process {
    pub id: u32,
    #[serde(default, skip_serializing_if = "Uid::is_none")]
    pub uid: Uid,
    pub company: String,
    pub role: String,
    pub created: Time,
    /// When the user applied, for a process that started with an application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied: Option<Time>,
    /// The job posting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The point of contact (usually the recruiter): follow-ups, responses, decisions, declines,
    /// expedites and withdrawals go to them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Interviewer>,
    /// The id another tracker gave it (`JOB_20261102_001`), kept from an imported spreadsheet
    /// so that importing the file again recognises it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<String>,
    #[serde(default)]
    pub rounds: Vec<Round>,
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// What the user did about planned actions: done, dismissed or snoozed.
    #[serde(default)]
    pub marks: Vec<Mark>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closure>,
}

impl Process {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// The most recent interview round, by time.
    pub fn latest_round(&self) -> Option<&Round> {
        self.rounds.iter().max_by_key(|r| r.at)
    }

    pub fn latest_round_mut(&mut self) -> Option<&mut Round> {
        self.rounds.iter_mut().max_by_key(|r| r.at)
    }

    /// Every moment recorded in the process.
    pub fn times(&self) -> impl Iterator<Item = &Time> {
        let rounds = self.rounds.iter().map(|r| &r.at);
        let replies = self
            .replies
            .iter()
            .flat_map(|r| std::iter::once(&r.at).chain(&r.next_interview));
        let marks = self.marks.iter().map(|m| match &m.state {
            MarkState::Done { at } | MarkState::Dismissed { at } => at,
            MarkState::Snoozed { until } => until,
        });
        let closed = self.closed.iter().map(|c| &c.at);
        std::iter::once(&self.created)
            .chain(&self.applied)
            .chain(rounds)
            .chain(replies)
            .chain(marks)
            .chain(closed)
    }

    /// Where the process stands at `now`: closed ones by how they ended; an open one with an
    /// offer is at `offer`; without a round (or with only cancelled ones) at `applied`; with its
    /// latest round still ahead at `scheduled`, else `interviewing`.
    pub fn stage(&self, now: &Time) -> Stage {
        if let Some(closure) = &self.closed {
            return Stage::from(closure.outcome);
        }
        if self.replies.iter().any(|r| r.kind == ReplyKind::Offer) {
            return Stage::Offer;
        }
        match self.latest_held_or_scheduled() {
            None => Stage::Applied,
            Some(round) if round.at > *now => Stage::Scheduled,
            Some(_) => Stage::Interviewing,
        }
    }

    /// The latest round that is not cancelled, by time.
    pub fn latest_held_or_scheduled(&self) -> Option<&Round> {
        self.rounds
            .iter()
            .filter(|r| !r.cancelled)
            .max_by_key(|r| r.at)
    }

    /// The round still ahead of `now` and not cancelled, if any (there is at most one).
    pub fn scheduled_round(&self, now: &Time) -> Option<usize> {
        self.rounds
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.cancelled && r.at > *now)
            .max_by_key(|(_, r)| r.at)
            .map(|(i, _)| i)
    }

    /// The last contact with the employer in either direction by `now`: an interview held, a
    /// reply, a message marked sent, the application.
    pub fn last_contact(&self, now: &Time) -> Option<Contact> {
        let rounds = self
            .rounds
            .iter()
            .filter(|r| !r.cancelled)
            .map(|r| Contact {
                at: r.at,
                what: ContactKind::Interview,
            });
        let replies = self.replies.iter().map(|r| Contact {
            at: r.at,
            what: ContactKind::Reply(r.kind),
        });
        let sent = self.marks.iter().filter_map(|m| match m.state {
            MarkState::Done { at } if m.key.action.is_sent() => Some(Contact {
                at,
                what: ContactKind::Sent(m.key.action),
            }),
            _ => None,
        });
        let applied = self.applied.map(|at| Contact {
            at,
            what: ContactKind::Application,
        });
        rounds
            .chain(replies)
            .chain(sent)
            .chain(applied)
            .filter(|c| c.at <= *now)
            .max_by_key(|c| c.at)
    }

    /// The latest state recorded for an action, if any.
    pub fn mark_for(&self, key: &ActionKey) -> Option<&Mark> {
        self.marks.iter().rev().find(|m| &m.key == key)
    }

    /// Gives every record of the process that has no id one from `fresh`, skipping ids in use
    /// (rounds, replies and interviewers are told apart within their process).
    pub fn fill_uids(&mut self, mut fresh: impl FnMut() -> Uid) {
        if self.uid.is_none() {
            self.uid = fresh();
        }
        for person in self
            .contact
            .iter_mut()
            .chain(self.replies.iter_mut().flat_map(|r| &mut r.from))
        {
            if person.uid.is_none() {
                person.uid = fresh();
            }
        }
        let mut used: std::collections::HashSet<Uid> = self
            .rounds
            .iter()
            .flat_map(|r| std::iter::once(r.uid).chain(r.interviewers.iter().map(|i| i.uid)))
            .chain(self.replies.iter().map(|r| r.uid))
            .chain([self.uid])
            .collect();
        let mut next = || loop {
            let uid = fresh();
            if !uid.is_none() && used.insert(uid) {
                break uid;
            }
        };
        for round in &mut self.rounds {
            if round.uid.is_none() {
                round.uid = next();
            }
            for person in &mut round.interviewers {
                if person.uid.is_none() {
                    person.uid = next();
                }
            }
        }
        for reply in &mut self.replies {
            if reply.uid.is_none() {
                reply.uid = next();
            }
        }
    }

    /// The interviewer with this id.
    pub fn interviewer(&self, uid: Uid) -> Option<&Interviewer> {
        self.rounds
            .iter()
            .flat_map(|r| &r.interviewers)
            .find(|i| i.uid == uid)
    }
}

/// A moment the user and the employer were in touch, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact {
    pub at: Time,
    pub what: ContactKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactKind {
    /// An interview was held: both ways.
    Interview,
    /// The employer wrote.
    Reply(ReplyKind),
    /// The user sent a message (a done mark of an action that is one).
    Sent(ActionKind),
    /// The user applied.
    Application,
}

named! {
    /// Where a process stands, for the pipeline view (`list`).
    pub enum Stage {
        /// Applied, no interview yet.
        Applied = "applied",
        /// The next interview is ahead.
        Scheduled = "scheduled",
        /// Interviews held, waiting or talking.
        Interviewing = "interviewing",
        /// An offer is open.
        Offer = "offer",
        /// You accepted their offer.
        Accepted = "accepted",
        /// You declined their offer.
        Declined = "declined",
        /// You withdrew.
        Withdrawn = "withdrawn",
        /// They never answered.
        NoResponse = "no-response",
        /// They turned you down.
        Rejected = "rejected",
    }
}

impl From<Outcome> for Stage {
    fn from(outcome: Outcome) -> Stage {
        match outcome {
            Outcome::Accepted => Stage::Accepted,
            Outcome::Declined => Stage::Declined,
            Outcome::Withdrawn => Stage::Withdrawn,
            Outcome::NoResponse => Stage::NoResponse,
            Outcome::Rejected => Stage::Rejected,
        }
    }
}

/// One interview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    #[serde(default, skip_serializing_if = "Uid::is_none")]
    pub uid: Uid,
    pub at: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default)]
    pub interviewers: Vec<Interviewer>,
    /// When the employer said they would decide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    /// How the employer asked to be followed up with (channel, person, timing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default)]
    pub debrief: Debrief,
    /// Called off: it plans nothing and starts no wait.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
}

impl Round {
    /// Replaces the interviewers, each keeping the id (and so what was done for them) of the one
    /// they replace: the one with the same email, else the same name, else at the same place.
    pub fn replace_interviewers(&mut self, mut people: Vec<Interviewer>) {
        let mut old: Vec<Option<&Interviewer>> = self.interviewers.iter().map(Some).collect();
        // First by email, then by name.
        let same = |by_email: bool, a: &Interviewer, b: &Interviewer| match (by_email, &a.email) {
            (true, Some(email)) => b
                .email
                .as_ref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email)),
            (true, None) => false,
            (false, _) => a.name == b.name,
        };
        for by_email in [true, false] {
            for person in people.iter_mut().filter(|p| p.uid.is_none()) {
                let found = old
                    .iter_mut()
                    .find(|o| o.is_some_and(|o| same(by_email, o, person)));
                if let Some(was) = found.and_then(Option::take) {
                    person.uid = was.uid;
                }
            }
        }
        // At the same place, unless their emails say they are two people.
        for (index, person) in people.iter_mut().enumerate() {
            let Some(slot) = old.get_mut(index) else {
                continue;
            };
            let other = |was: &Interviewer| {
                was.email.is_some() && person.email.is_some() && !same(true, was, person)
            };
            if person.uid.is_none()
                && slot.is_some_and(|was| !other(was))
                && let Some(was) = slot.take()
            {
                person.uid = was.uid;
            }
        }
        self.interviewers = people;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interviewer {
    #[serde(default, skip_serializing_if = "Uid::is_none")]
    pub uid: Uid,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Interviewer {
    /// Reads `Name`, `Name <email>` or `Name <email>, Title`.
    pub fn parse(text: &str) -> Result<Interviewer, String> {
        let text = text.trim();
        let (person, title) = match text.rsplit_once('>') {
            Some((head, tail)) => {
                let tail = tail.trim().trim_start_matches(',').trim();
                (format!("{head}>"), non_empty(tail))
            }
            None => match text.split_once(',') {
                Some((name, title)) => (name.to_string(), non_empty(title.trim())),
                None => (text.to_string(), None),
            },
        };
        let (name, email) = match person.split_once('<') {
            Some((name, rest)) => {
                let email = rest.trim_end_matches('>').trim();
                if !email.contains('@')
                    || email.contains(|c: char| {
                        c.is_whitespace() || c.is_control() || "<>,;\"".contains(c)
                    })
                {
                    return Err(format!(
                        "interviewer {text:?}: {email:?} is not an email address; use \"Name\", \"Name <email>\" or \"Name <email>, Title\""
                    ));
                }
                (name.trim().to_string(), Some(email.to_string()))
            }
            None => (person.trim().to_string(), None),
        };
        if name.is_empty() {
            return Err(format!(
                "interviewer {text:?} has no name; use \"Name\", \"Name <email>\" or \"Name <email>, Title\""
            ));
        }
        Ok(Interviewer {
            uid: Uid::default(),
            name,
            email,
            title,
        })
    }
}

impl fmt::Display for Interviewer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(email) = &self.email {
            write!(f, " <{email}>")?;
        }
        if let Some(title) = &self.title {
            write!(f, ", {title}")?;
        }
        Ok(())
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// An employer's stated decision timeline: their words and the date they resolve to.
///
/// Words that name no date ("soon", "ASAP") are kept with no `date`, and count as no stated
/// date. Stores written before such words were kept always have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl Timeline {
    /// The words and the date they name, when they name one.
    pub fn stated(&self) -> Option<(String, NaiveDate)> {
        Some((self.text.clone(), self.date?))
    }
}

/// The user's notes on an interview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Debrief {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stumped: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<String>,
    /// How you answered.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub answers: String,
    /// How you felt about the interviewers and the company.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub feelings: String,
    /// Whether you want this job, and why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub want_it: String,
}

impl Debrief {
    pub fn is_empty(&self) -> bool {
        self.notes.trim().is_empty()
            && self.answers.trim().is_empty()
            && self.feelings.trim().is_empty()
            && self.want_it.trim().is_empty()
            && self.questions.is_empty()
            && self.highlights.is_empty()
            && self.stumped.is_empty()
            && self.red_flags.is_empty()
    }
}

/// An answer from the employer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    #[serde(default, skip_serializing_if = "Uid::is_none")]
    pub uid: Uid,
    pub at: Time,
    pub kind: ReplyKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A new decision date (for an update) or the deadline (for an offer or a request).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Timeline>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_interview: Option<Time>,
    /// Who wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Interviewer>,
}

named! {
    /// What the employer's answer was.
    pub enum ReplyKind {
        /// News on the process, perhaps a new decision date.
        Update = "update",
        /// Invited to another round.
        NextRound = "next-round",
        /// An offer.
        Offer = "offer",
        /// Not selected.
        Rejection = "rejection",
        /// They asked for something: references, availability, documents.
        Request = "request",
    }
}

/// How a process ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closure {
    pub outcome: Outcome,
    pub at: Time,
}

named! {
    /// How a process ended.
    pub enum Outcome {
        /// You accepted their offer.
        Accepted = "accepted",
        /// You declined their offer.
        Declined = "declined",
        /// You withdrew.
        Withdrawn = "withdrawn",
        /// They never answered.
        NoResponse = "no-response",
        /// They turned you down (set by `log-reply --kind rejection`).
        Rejected = "rejected",
    }
}

named! {
    /// The actions of ETIQUETTE.md.
    pub enum ActionKind {
        /// A personal note to an interviewer.
        ThankYou = "thank-you",
        /// Notes on the interview while it is fresh.
        Debrief = "debrief",
        /// A second look at the debrief, with some distance.
        ReviewDebrief = "review-debrief",
        /// An invitation to stay connected.
        Connect = "connect",
        /// A polite question on where things stand.
        FollowUp = "follow-up",
        /// Taking the silence as an answer.
        MoveOn = "move-on",
        /// An answer to an offer or a request.
        Respond = "respond",
        /// Your answer to an offer, by its deadline.
        Decide = "decide",
        /// Telling another employer you have an offer with a deadline.
        Expedite = "expedite",
        /// A gracious no to an offer you declined.
        Decline = "decline",
        /// Preparing the next interview.
        Prep = "prep",
        /// Thanks for their answer, leaving the door open.
        ReplyGraciously = "reply-graciously",
        /// A note to stay in their mind.
        StayInTouch = "stay-in-touch",
        /// Telling them you accepted an offer elsewhere.
        Withdraw = "withdraw",
    }
}

impl ActionKind {
    /// Actions owed to each interviewer rather than to the company.
    pub fn is_per_person(self) -> bool {
        matches!(self, ActionKind::ThankYou | ActionKind::Connect)
    }

    /// Actions that are a message to the employer: done, they are a contact.
    pub fn is_sent(self) -> bool {
        !matches!(
            self,
            ActionKind::Debrief | ActionKind::ReviewDebrief | ActionKind::MoveOn | ActionKind::Prep
        )
    }
}

impl FromStr for ActionKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        ActionKind::ALL
            .iter()
            .copied()
            .find(|kind| {
                kind.name() == wanted || (wanted == "thanks" && *kind == ActionKind::ThankYou)
            })
            .ok_or_else(|| {
                let names: Vec<&str> = ActionKind::ALL.iter().map(|k| k.name()).collect();
                let hint = crate::dates::closest(&wanted, names.iter().copied())
                    .map(|name| format!("did you mean {name}? "))
                    .unwrap_or_default();
                format!(
                    "unknown action {s:?}: {hint}use one of {}",
                    names.join(", ")
                )
            })
    }
}

/// What an action hangs on: an interview round, an employer's reply (by their ids), or the
/// process itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    Round(Uid),
    Reply(Uid),
    Process,
}

/// Names one planned action, so that what the user did about it can be found again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActionKey {
    pub action: ActionKind,
    pub anchor: Anchor,
    /// The interviewer it is owed to, for per-person actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Uid>,
    /// Which one of a repeated action (the second follow-up of a wait is 2).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub seq: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What the user did about a planned action, stored as one flat object:
/// `{"action": "thank-you", "anchor": ..., "state": "done", "at": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    #[serde(flatten)]
    pub key: ActionKey,
    #[serde(flatten)]
    pub state: MarkState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum MarkState {
    Done { at: Time },
    Dismissed { at: Time },
    Snoozed { until: Time },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interviewer_forms() {
        let plain = Interviewer::parse("Jane Doe").unwrap();
        assert_eq!(plain.name, "Jane Doe");
        assert_eq!(plain.email, None);
        let full = Interviewer::parse(" Jane Doe <jane@acme.test>, Head of Platform ").unwrap();
        assert_eq!(full.name, "Jane Doe");
        assert_eq!(full.email.as_deref(), Some("jane@acme.test"));
        assert_eq!(full.title.as_deref(), Some("Head of Platform"));
        assert_eq!(
            full.to_string(),
            "Jane Doe <jane@acme.test>, Head of Platform"
        );
        let titled = Interviewer::parse("Bob, CTO").unwrap();
        assert_eq!(
            (titled.name.as_str(), titled.title.as_deref()),
            ("Bob", Some("CTO"))
        );
        assert!(Interviewer::parse("<jane@acme.test>").is_err());
        assert!(Interviewer::parse("Jane <not an email>").is_err());
        assert!(Interviewer::parse("  ").is_err());
    }

    #[test]
    fn action_names_round_trip() {
        for &kind in ActionKind::ALL {
            assert_eq!(kind.name().parse::<ActionKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
        assert_eq!("Thank_You".parse::<ActionKind>(), Ok(ActionKind::ThankYou));
        let err = "thankyou".parse::<ActionKind>().unwrap_err();
        assert!(
            err.contains("\"thankyou\"") && err.contains("stay-in-touch"),
            "{err}"
        );
        // a typo names the action it is near
        assert!(err.contains("did you mean thank-you?"), "{err}");
        let err = "thank-yuo".parse::<ActionKind>().unwrap_err();
        assert!(err.contains("did you mean thank-you?"), "{err}");
        let err = "folow-up".parse::<ActionKind>().unwrap_err();
        assert!(err.contains("did you mean follow-up?"), "{err}");
        let err = "xyzzy".parse::<ActionKind>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn fill_uids_gives_an_id_to_what_has_none_and_keeps_the_others() {
        let at = DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        let person = |uid, name: &str| Interviewer {
            uid: Uid(uid),
            name: name.into(),
            email: None,
            title: None,
        };
        let round = |uid, people| Round {
            cancelled: false,
            uid: Uid(uid),
            at,
            label: None,
            interviewers: people,
            timeline: None,
            instructions: None,
            debrief: Debrief::default(),
        };
        let mut p = Process {
            applied: None,
            contact: None,
            external_ref: None,
            link: None,
            id: 1,
            uid: Uid(0),
            company: "Acme".into(),
            role: "Dev".into(),
            created: at,
            rounds: vec![
                round(2, vec![person(0, "A"), person(5, "B")]),
                round(0, vec![]),
            ],
            replies: vec![],
            marks: vec![],
            closed: None,
        };
        // A source that offers ids in use (2, 5) and zero: they are skipped.
        let mut offered = [9, 2, 0, 5, 3, 4].into_iter();
        p.fill_uids(|| Uid(offered.next().unwrap()));
        assert_eq!(p.uid, Uid(9));
        assert_eq!(p.rounds[0].uid, Uid(2));
        assert_eq!(p.rounds[0].interviewers[0].uid, Uid(3));
        assert_eq!(p.rounds[0].interviewers[1].uid, Uid(5));
        assert_eq!(p.rounds[1].uid, Uid(4));
    }

    #[test]
    fn replaced_interviewers_keep_the_ids_of_those_they_replace() {
        let person = |uid, text: &str| Interviewer {
            uid: Uid(uid),
            ..Interviewer::parse(text).unwrap()
        };
        let mut round = Round {
            cancelled: false,
            uid: Uid(1),
            at: DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
            label: None,
            interviewers: vec![
                person(10, "Jane Doe <jane@acme.test>"),
                person(11, "Bob"),
                person(12, "Raj"),
            ],
            timeline: None,
            instructions: None,
            debrief: Debrief::default(),
        };
        // Jane renamed (same email), Bob moved, Raj replaced at his place, one more person.
        let new = ["Bob", "Janet Doe <JANE@acme.test>", "Priya", "Zoe"]
            .map(|text| Interviewer::parse(text).unwrap());
        round.replace_interviewers(new.to_vec());
        let uids: Vec<u64> = round.interviewers.iter().map(|i| i.uid.0).collect();
        assert_eq!(uids, [11, 10, 12, 0]);
        // Someone else at Jane's place, by another email, is not Jane.
        round.replace_interviewers(vec![
            Interviewer::parse("Bob").unwrap(),
            Interviewer::parse("Max <max@other.test>").unwrap(),
        ]);
        let uids: Vec<u64> = round.interviewers.iter().map(|i| i.uid.0).collect();
        assert_eq!(uids, [11, 0]);
    }

    #[test]
    fn stage_and_last_contact() {
        let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let now = t("2026-11-20T09:00:00+01:00");
        let round = |at: &str, cancelled| Round {
            cancelled,
            uid: Uid(0),
            at: t(at),
            label: None,
            interviewers: vec![],
            timeline: None,
            instructions: None,
            debrief: Debrief::default(),
        };
        let mut p = Process {
            applied: Some(t("2026-11-02T00:00:00+01:00")),
            contact: None,
            external_ref: None,
            link: None,
            id: 1,
            uid: Uid(0),
            company: "Acme".into(),
            role: "Dev".into(),
            created: now,
            rounds: vec![],
            replies: vec![],
            marks: vec![],
            closed: None,
        };
        assert_eq!(p.stage(&now), Stage::Applied);
        let applied = Contact {
            at: t("2026-11-02T00:00:00+01:00"),
            what: ContactKind::Application,
        };
        assert_eq!(p.last_contact(&now), Some(applied));
        // A round ahead is scheduled, even after a held one, and is no contact yet; a cancelled
        // one counts for nothing.
        p.rounds.push(round("2026-11-10T10:00:00+01:00", false));
        p.rounds.push(round("2026-11-24T10:00:00+01:00", false));
        assert_eq!(p.stage(&now), Stage::Scheduled);
        assert_eq!(p.scheduled_round(&now), Some(1));
        assert_eq!(
            p.last_contact(&now).map(|c| c.what),
            Some(ContactKind::Interview)
        );
        p.rounds[1].cancelled = true;
        assert_eq!(p.stage(&now), Stage::Interviewing);
        assert_eq!(p.scheduled_round(&now), None);
        // A done debrief is no message; a done follow-up is.
        let done = |action, at: &str| Mark {
            key: ActionKey {
                action,
                anchor: Anchor::Process,
                person: None,
                seq: 0,
            },
            state: MarkState::Done { at: t(at) },
        };
        p.marks
            .push(done(ActionKind::Debrief, "2026-11-19T10:00:00+01:00"));
        assert_eq!(
            p.last_contact(&now).map(|c| c.at),
            Some(t("2026-11-10T10:00:00+01:00"))
        );
        p.marks
            .push(done(ActionKind::FollowUp, "2026-11-18T10:00:00+01:00"));
        assert_eq!(
            p.last_contact(&now).map(|c| c.what),
            Some(ContactKind::Sent(ActionKind::FollowUp))
        );
        p.replies.push(Reply {
            uid: Uid(0),
            at: t("2026-11-19T12:00:00+01:00"),
            kind: ReplyKind::Offer,
            note: None,
            timeline: None,
            next_interview: None,
            from: None,
        });
        assert_eq!(p.stage(&now), Stage::Offer);
        p.closed = Some(Closure {
            outcome: Outcome::Accepted,
            at: now,
        });
        assert_eq!(p.stage(&now), Stage::Accepted);
        assert_eq!(Stage::from(Outcome::NoResponse).name(), "no-response");
    }

    #[test]
    fn marks_serialise_flat() {
        let mark = Mark {
            key: ActionKey {
                action: ActionKind::ThankYou,
                anchor: Anchor::Round(Uid(0x1f)),
                person: Some(Uid(u64::MAX)),
                seq: 0,
            },
            state: MarkState::Done {
                at: DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap(),
            },
        };
        let json = serde_json::to_value(&mark).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"action": "thank-you", "anchor": {"round": "000000000000001f"},
                "person": "ffffffffffffffff", "state": "done", "at": "2026-11-20T10:00:00+01:00"})
        );
        for bad in ["1f", "000000000000001g", "0000000000000001f"] {
            let json = serde_json::json!({"action": "thank-you", "anchor": "process",
                "person": bad, "state": "done", "at": "2026-11-20T10:00:00+01:00"});
            assert!(serde_json::from_value::<Mark>(json).is_err(), "{bad}");
        }
        let back: Mark = serde_json::from_value(json).unwrap();
        assert_eq!(back, mark);
    }
}
