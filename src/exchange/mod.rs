//! Calendar, spreadsheet and JSON exchange: the plan as an iCalendar (RFC 5545) file
//! ([`calendar`]), the records as CSV rows ([`csv`], [`read_csv`]) or as JSON ([`json`],
//! [`read_json`]), and records read back merged into the store ([`merge`]).
//!
//! Pure: the commands read and write the files; here are only bytes in and values out. The time
//! zone is `now`'s.

mod csv;
pub(crate) mod ics;
mod json;
pub mod xlsx;

pub use self::csv::tsv;
pub use self::csv::{Sheet, SheetOptions, csv, fields, read_csv, read_map, read_sheet};
pub(crate) use self::ics::event_uid;
pub use self::ics::{Calendar, Planned, Pushed, State as CalendarState, calendar, planned};
pub use self::json::{json, read_json};

use crate::model::{
    ActionKind, Anchor, Interviewer, Mark, MarkState, Outcome, Process, Round, Time, Uid,
};
use crate::policy::Policy;
use crate::rules;
use crate::store::Data;
use crate::{dates, render};
use chrono::{DateTime, TimeZone};
use std::collections::{HashMap, HashSet};

/// Records read from a file, before they meet the store.
#[derive(Debug, Default)]
pub struct Incoming {
    /// Each process with the id the file gave it, if any.
    pub processes: Vec<(Option<u32>, Process)>,
    /// Columns of a spreadsheet that were not read.
    pub ignored_columns: Vec<String>,
    /// The `next_id` of a JSON export.
    pub next_id: Option<u32>,
    /// What reading the file guessed or left out, to tell the user.
    pub warnings: Vec<String>,
    /// Jobs a spreadsheet lists as saved, not applied to: not imported.
    pub saved: Vec<String>,
}

/// When an incoming process is one already recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Same {
    /// The same company, role and creation time (a JSON export, perhaps older than the store).
    Everything,
    /// A spreadsheet's process, edited since perhaps: the same external reference, else (with
    /// none, or the same) the same company and role in any case and the same first date (of
    /// the application, else of the first interview).
    Rows,
}

/// What recognises the processes already recorded.
struct Recorded {
    everything: HashMap<Vec<u8>, usize>,
    references: HashMap<String, usize>,
    names: HashMap<(String, String, Option<i64>), Vec<usize>>,
}

impl Recorded {
    fn of(processes: &[Process]) -> Recorded {
        let mut recorded = Recorded {
            everything: HashMap::new(),
            references: HashMap::new(),
            names: HashMap::new(),
        };
        for (index, process) in processes.iter().enumerate() {
            recorded.everything.insert(everything_key(process), index);
            if let Some(reference) = &process.external_ref {
                recorded.references.insert(reference.clone(), index);
            }
            recorded
                .names
                .entry(names_key(process))
                .or_default()
                .push(index);
        }
        recorded
    }

    /// The recorded process `process` is, if any.
    fn find(&self, process: &Process, same: Same, all: &[Process]) -> Option<usize> {
        match same {
            Same::Everything => self.everything.get(&everything_key(process)).copied(),
            Same::Rows => {
                let reference = process.external_ref.as_ref();
                if let Some(index) = reference.and_then(|r| self.references.get(r)) {
                    return Some(*index);
                }
                self.names
                    .get(&names_key(process))?
                    .iter()
                    .copied()
                    .find(|i| {
                        // A reference made from rows without an id says nothing of another
                        // tracker's id.
                        let theirs = all[*i].external_ref.as_deref().filter(|r| is_their_id(r));
                        theirs.is_none() || all[*i].external_ref.as_ref() == reference
                    })
            }
        }
    }
}

fn everything_key(process: &Process) -> Vec<u8> {
    // A process recorded by followup is known by when it was created, whatever was done about
    // it since the export.
    serde_json::to_vec(&(&process.company, &process.role, process.created))
        .expect("a process serialises")
}

/// The company and role in any case, and the first date: of the application, else of the
/// first interview.
fn names_key(process: &Process) -> (String, String, Option<i64>) {
    let first = process
        .applied
        .into_iter()
        .chain(process.rounds.iter().map(|r| r.at))
        .min();
    (
        process.company.trim().to_lowercase(),
        process.role.trim().to_lowercase(),
        first.map(|at| at.timestamp()),
    )
}

/// How an external reference made from a row without an id starts (see [`row_print`]).
const ROW_PRINT: &str = "row: ";

/// The external reference of a process read from rows without an id: its company, role and
/// first day as imported, so that the same rows are recognised when imported again even after
/// the process was edited.
pub(crate) fn row_print(company: &str, role: &str, first: Option<&Time>) -> String {
    let day = first.map(|at| at.format("%Y-%m-%d").to_string());
    let mut parts = vec![company.trim().to_lowercase(), role.trim().to_lowercase()];
    parts.extend(day);
    format!("{ROW_PRINT}{}", parts.join(" | "))
}

/// Whether an external reference is another tracker's id, to show, rather than one made from
/// a row without one (see [`row_print`]).
pub fn is_their_id(reference: &str) -> bool {
    !reference.starts_with(ROW_PRINT)
}

/// Refuses in a process read from a file what the command line refuses: an empty company, role
/// or interviewer name, an email address `add --interviewer` would not take, a date more than a
/// hundred years from `now`, an interview scheduled further ahead than `add` takes. The error
/// names the bad value.
pub fn check<Tz: TimeZone>(process: &Process, now: &DateTime<Tz>) -> Result<(), String> {
    for (what, text) in [("company", &process.company), ("role", &process.role)] {
        if text.trim().is_empty() {
            return Err(format!("the {what} {text:?} is empty"));
        }
    }
    for (index, round) in process.rounds.iter().enumerate() {
        check_round(round, now).map_err(|err| format!("round {}: {err}", index + 1))?;
    }
    if let Some(contact) = &process.contact {
        check_person(contact).map_err(|err| err.replacen("interviewer", "contact", 1))?;
    }
    // The rounds' dates passed `check_round` already.
    process.times().try_for_each(|at| near(at, now))
}

/// [`check`] for one interview.
pub fn check_round<Tz: TimeZone>(round: &Round, now: &DateTime<Tz>) -> Result<(), String> {
    near(&round.at, now)?;
    let horizon = chrono::Duration::days(crate::model::SCHEDULE_HORIZON_DAYS);
    if round.at > now.fixed_offset() + horizon {
        return Err(format!(
            "the interview on {} is more than {} days ahead (is the year right?)",
            render::rfc3339(&round.at),
            crate::model::SCHEDULE_HORIZON_DAYS
        ));
    }
    for person in &round.interviewers {
        check_person(person)?;
    }
    Ok(())
}

/// Refuses a person `add --interviewer` would not take: read as it reads them, the address must
/// be the one recorded.
fn check_person(person: &Interviewer) -> Result<(), String> {
    let text = person.to_string();
    if Interviewer::parse(&text)?.email != person.email {
        return Err(format!(
            "interviewer {text:?}: {:?} is not an email address",
            person.email.as_deref().unwrap_or_default()
        ));
    }
    Ok(())
}

/// Refuses a date more than a hundred years from `now`, a typo.
fn near<Tz: TimeZone>(at: &Time, now: &DateTime<Tz>) -> Result<(), String> {
    if dates::too_far(at, now) {
        return Err(format!(
            "the date {} is too far from today: give a date within a hundred years",
            render::rfc3339(at)
        ));
    }
    Ok(())
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Merged {
    pub processes: usize,
    pub rounds: usize,
    /// Incoming processes already recorded, left out: the recorded one's id, and the incoming
    /// one's external reference.
    pub skipped: Vec<(u32, Option<String>)>,
    /// Ids the file gave that were taken, with the id each process got instead.
    pub renumbered: Vec<(u32, u32)>,
    /// What the rows of a process already recorded say that its record does not (an interview,
    /// how it ended), each with the command that brings it in: the recorded process's id, what
    /// differs, the command.
    pub differ: Vec<(u32, String, String)>,
}

/// Adds the incoming processes to `data`, after the ones there. A process already recorded
/// (compared with those present before the import) is skipped; each keeps its id when free,
/// else gets a new one; `next_id` ends above every id.
pub fn merge(data: &mut Data, incoming: Incoming, same: Same) -> anyhow::Result<Merged> {
    let before = data.processes.len();
    let recorded = Recorded::of(&data.processes);
    let mut used: HashSet<u32> = data.processes.iter().map(|p| p.id).collect();
    let mut uids: HashSet<Uid> = data.processes.iter().map(|p| p.uid).collect();
    let mut merged = Merged::default();
    let mut unnumbered = Vec::new();
    for (id, mut process) in incoming.processes {
        if let Some(index) = recorded.find(&process, same, &data.processes[..before]) {
            if same == Same::Rows {
                merged
                    .differ
                    .extend(differences(&data.processes[index], &process));
            }
            let reference = process.external_ref.clone();
            merged.skipped.push((data.processes[index].id, reference));
            continue;
        }
        merged.processes += 1;
        merged.rounds += process.rounds.len();
        // A process's id is its own: one already taken (the same numbers' ids in another
        // store of format 2) is given a new one when the store is saved.
        if !uids.insert(process.uid) {
            process.uid = Uid::default();
        }
        // Numbers are for people to type: one beyond `KEPT_IDS` gets a new one, so that they
        // never run out.
        match id.filter(|id| KEPT_IDS.contains(id) && used.insert(*id)) {
            Some(id) => process.id = id,
            None => {
                process.id = 0;
                unnumbered.push((data.processes.len(), id));
            }
        }
        data.processes.push(process);
    }
    // New ids come after every kept one.
    let highest = data.processes.iter().map(|p| p.id).max().unwrap_or(0);
    data.next_id = data.next_id.max(highest.saturating_add(1));
    if before == 0
        && let Some(next_id) = incoming.next_id.filter(|n| *n <= *KEPT_IDS.end())
    {
        data.next_id = data.next_id.max(next_id);
    }
    for (index, wanted) in unnumbered {
        let Some(id) = data.allocate_id() else {
            anyhow::bail!("no process number is left for the records of this file");
        };
        data.processes[index].id = id;
        if let Some(wanted) = wanted.filter(|wanted| *wanted > 0) {
            merged.renumbered.push((wanted, id));
        }
    }
    Ok(merged)
}

/// What the rows of `incoming` hold that `recorded`, the same process, does not: an interview
/// at another time, a closure; each with the command that records it. An import does not
/// change what is recorded: the user may have edited it since, and knows better.
fn differences(recorded: &Process, incoming: &Process) -> Vec<(u32, String, String)> {
    let id = recorded.id;
    let mut differ = Vec::new();
    for round in &incoming.rounds {
        if recorded.rounds.iter().any(|r| r.at == round.at) {
            continue;
        }
        let when = round.at.format("%Y-%m-%d %H:%M");
        let mut command = format!("followup add --process {id} --at \"{when}\"");
        for person in &round.interviewers {
            command.push_str(&format!(" -i {:?}", person.to_string()));
        }
        differ.push((id, format!("an interview on {when}"), command));
    }
    if let (Some(closure), None) = (&incoming.closed, &recorded.closed) {
        differ.push((
            id,
            format!("{}, recorded as open", closure.outcome),
            match closure.outcome {
                // A rejection is the employer's reply.
                Outcome::Rejected => format!("followup log-reply {id} --kind rejection"),
                outcome => format!("followup close {id} --outcome {outcome}"),
            },
        ));
    }
    differ
}

/// What an imported process would plan about moments already past, set aside as dismissed at
/// `now` (history is history): the thank-yous, connects and debrief of each interview whose
/// thank-you window has closed (and its debrief review once that window closed too), and the
/// acknowledgement of an offer or request, the gracious reply to a rejection and the note
/// declining an offer once their windows closed; and an interview's follow-up, a withdrawal or
/// an expedite whose window closed before the import (an interview of March has no follow-up
/// "due by 20 April" left to send in November), and the answer to an offer whose stated
/// deadline passed (it lapsed). What is still ahead stays: a follow-up whose window is open or
/// to come; the answer to an offer the sheet says is open, with no deadline stated; and an
/// application's follow-up with the move-on after it (a follow-up set aside ends its chain as
/// `dismiss` does, and the move-on is what an old application still asks). An old silent
/// interview stays open and listed, for the user to close. The process needs its ids (see
/// [`Process::fill_uids`]). Returns the kinds set aside, one per action.
pub fn set_aside_history<Tz: TimeZone>(
    process: &mut Process,
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<ActionKind> {
    // Setting one aside may plan the next: again, until
    // nothing more is past.
    let mut kinds = Vec::new();
    for _ in 0..4 {
        let more = set_aside_once(process, policy, now);
        if more.is_empty() {
            break;
        }
        kinds.extend(more);
    }
    kinds
}

fn set_aside_once<Tz: TimeZone>(
    process: &mut Process,
    policy: &Policy,
    now: &DateTime<Tz>,
) -> Vec<ActionKind> {
    let alone = std::slice::from_ref(&*process);
    let planned = rules::plan_process(process, alone, policy, now);
    let expired = rules::expired_process(process, alone, policy, now);
    let now = now.fixed_offset();
    let thanks_window = chrono::Duration::hours(i64::from(policy.thank_you_latest_hours));
    let closed_round = |uid: Uid| {
        process
            .rounds
            .iter()
            .any(|r| r.uid == uid && r.at + thanks_window < now)
    };
    let mut keys = Vec::new();
    for action in planned.iter().chain(expired.iter().map(|e| &e.action)) {
        let window_closed = action.by.is_some_and(|by| by < now);
        let past = match (action.kind(), action.key.anchor) {
            (ActionKind::ReviewDebrief, Anchor::Round(uid)) => closed_round(uid) && window_closed,
            (
                ActionKind::ThankYou | ActionKind::Connect | ActionKind::Debrief,
                Anchor::Round(uid),
            ) => closed_round(uid),
            // A follow-up set aside once its window closed unsent leaves the move-on after it,
            // which is what is ahead.
            (ActionKind::FollowUp, Anchor::Process) => window_closed,
            // An offer open in the sheet is still to answer, unless its stated deadline passed:
            // then it lapsed.
            (ActionKind::Decide, _) => {
                window_closed
                    && matches!(
                        action.reason,
                        rules::Reason::Decide {
                            deadline: Some(_),
                            ..
                        }
                    )
            }
            (
                ActionKind::Respond
                | ActionKind::ReplyGraciously
                | ActionKind::Decline
                | ActionKind::FollowUp
                | ActionKind::Withdraw
                | ActionKind::Expedite,
                _,
            ) => window_closed,
            _ => false,
        };
        if past && !keys.contains(&action.key) {
            keys.push(action.key.clone());
        }
    }
    let kinds = keys.iter().map(|k| k.action).collect();
    process.marks.extend(keys.into_iter().map(|key| Mark {
        key,
        state: MarkState::Dismissed { at: now },
    }));
    kinds
}

/// The process numbers an import keeps: a file's own, up to a billion.
const KEPT_IDS: std::ops::RangeInclusive<u32> = 1..=999_999_999;

#[cfg(test)]
mod tests {
    use super::*;
    use fixtures::*;

    /// Builders the tests of every format share.
    pub mod fixtures {
        use crate::model::{Debrief, Interviewer, Process, Round, Time};
        use crate::policy::Workweek;
        use crate::store::{Data, VERSION};
        use chrono::DateTime;

        pub const MON_FRI: Workweek<'static> = Workweek::MONDAY_TO_FRIDAY;

        pub fn t(text: &str) -> Time {
            DateTime::parse_from_rfc3339(text).unwrap()
        }

        pub fn now() -> Time {
            t("2026-11-20T09:00:00+01:00")
        }

        pub fn person(name: &str) -> Interviewer {
            Interviewer {
                uid: Default::default(),
                name: name.into(),
                email: None,
                title: None,
            }
        }

        pub fn round(at: &str, people: &[&str]) -> Round {
            Round {
                cancelled: false,
                uid: Default::default(),
                at: t(at),
                label: None,
                interviewers: people.iter().map(|p| person(p)).collect(),
                timeline: None,
                instructions: None,
                debrief: Debrief::default(),
            }
        }

        pub fn process(id: u32, company: &str, rounds: Vec<Round>) -> Process {
            Process {
                applied: None,
                contact: None,
                external_ref: None,
                link: None,
                uid: Default::default(),
                id,
                company: company.into(),
                role: "Engineer".into(),
                created: now(),
                rounds,
                replies: vec![],
                marks: vec![],
                closed: None,
            }
        }

        pub fn data(mut processes: Vec<Process>) -> Data {
            let mut n = 0;
            for p in &mut processes {
                p.fill_uids(|| {
                    n += 1;
                    crate::model::Uid(n)
                });
            }
            Data {
                version: VERSION,
                next_id: processes.iter().map(|p| p.id).max().unwrap_or(0) + 1,
                processes,
            }
        }
    }

    #[test]
    fn check_refuses_what_the_command_line_refuses() {
        use crate::model::{ActionKey, ActionKind, Anchor, Closure, Mark, Outcome};
        let good = process(
            1,
            "Acme",
            vec![round("2026-11-10T10:00:00+01:00", &["Jane"])],
        );
        assert_eq!(check(&good, &now()), Ok(()));
        let far = t("2226-11-10T10:00:00+01:00");
        let mut snoozed = good.clone();
        snoozed.marks.push(Mark {
            key: ActionKey {
                action: ActionKind::ThankYou,
                anchor: Anchor::Process,
                person: None,
                seq: 0,
            },
            state: MarkState::Snoozed { until: far },
        });
        let mut closed = good.clone();
        closed.closed = Some(Closure {
            outcome: Outcome::Rejected,
            at: far,
        });
        let mut nameless = good.clone();
        nameless.rounds[0].interviewers[0].name = "".into();
        let mut today = good.clone();
        today.rounds[0].at = now();
        assert_eq!(check(&today, &now()), Ok(()), "now is not too far ahead");
        let mut later = good.clone();
        later.rounds[0].at = t("2027-11-21T09:00:01+01:00");
        for (bad, says) in [
            (
                snoozed,
                "the date 2226-11-10T10:00:00+01:00 is too far from today",
            ),
            (
                closed,
                "the date 2226-11-10T10:00:00+01:00 is too far from today",
            ),
            (nameless, "round 1: interviewer \"\" has no name"),
            (
                later,
                "round 1: the interview on 2027-11-21T09:00:01+01:00 is more than 366 days ahead",
            ),
        ] {
            let err = check(&bad, &now()).unwrap_err();
            assert!(err.starts_with(says), "{err}");
        }
    }

    #[test]
    fn merging_keeps_free_ids_and_skips_what_is_recorded() {
        let mut d = data(vec![
            process(1, "Acme", vec![round("2026-11-10T10:00:00+01:00", &[])]),
            process(4, "Beta", vec![round("2026-11-11T10:00:00+01:00", &[])]),
        ]);
        d.next_id = 5;
        let incoming = Incoming {
            processes: vec![
                (
                    Some(4),
                    process(4, "Beta", vec![round("2026-11-11T10:00:00+01:00", &[])]),
                ),
                (
                    Some(1),
                    process(1, "Gamma", vec![round("2026-11-12T10:00:00+01:00", &[])]),
                ),
                (
                    Some(7),
                    process(7, "Delta", vec![round("2026-11-13T10:00:00+01:00", &[])]),
                ),
                (
                    None,
                    process(0, "Eps", vec![round("2026-11-14T10:00:00+01:00", &[])]),
                ),
            ],
            next_id: Some(9),
            ..Incoming::default()
        };
        let merged = merge(&mut d, incoming, Same::Everything).unwrap();
        assert_eq!(
            merged,
            Merged {
                processes: 3,
                rounds: 3,
                skipped: vec![(4, None)],
                renumbered: vec![(1, 8)],
                differ: vec![],
            }
        );
        let ids: Vec<(u32, &str)> = d
            .processes
            .iter()
            .map(|p| (p.id, p.company.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                (1, "Acme"),
                (4, "Beta"),
                (1 + 7, "Gamma"),
                (7, "Delta"),
                (9, "Eps")
            ]
        );
        assert_eq!(d.next_id, 10);
    }

    #[test]
    fn only_what_is_still_ahead_is_planned_for_imported_history() {
        use crate::model::{Reply, ReplyKind};
        let policy = Policy::default();
        let planned = |p: &Process| -> Vec<(ActionKind, bool)> {
            rules::plan_process(p, std::slice::from_ref(p), &policy, &now())
                .iter()
                .map(|a| (a.kind(), a.by.is_some_and(|by| by < now())))
                .collect()
        };
        let mut d = data(vec![
            process(
                1,
                "March",
                vec![round("2026-03-30T10:00:00+02:00", &["Ann"])],
            ),
            process(2, "Offer", vec![round("2026-10-01T10:00:00+02:00", &[])]),
            process(3, "Recent", vec![round("2026-11-12T10:00:00+01:00", &[])]),
            process(4, "Applied", vec![]),
            process(5, "Lapsed", vec![round("2026-10-01T10:00:00+02:00", &[])]),
        ]);
        d.processes[3].applied = Some(t("2026-09-01T00:00:00+02:00"));
        d.processes[1].replies.push(Reply {
            from: None,
            uid: crate::model::Uid(99),
            at: t("2026-10-05T10:00:00+02:00"),
            kind: ReplyKind::Offer,
            note: None,
            timeline: None,
            next_interview: None,
        });
        let mut lapsed = d.processes[1].replies[0].clone();
        lapsed.uid = crate::model::Uid(98);
        lapsed.timeline = Some(crate::model::Timeline {
            text: "by October 20".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 20),
        });
        d.processes[4].replies.push(lapsed);
        for p in &mut d.processes {
            set_aside_history(p, &policy, &now());
        }
        // An old silent interview: its follow-up's window is long closed, the move-on is ahead.
        assert_eq!(planned(&d.processes[0]), [(ActionKind::MoveOn, false)]);
        // An old application: the same.
        assert_eq!(planned(&d.processes[3]), [(ActionKind::MoveOn, false)]);
        // An old offer the sheet says is open, without a deadline: still to answer.
        assert_eq!(planned(&d.processes[1]), [(ActionKind::Decide, true)]);
        // One whose stated deadline passed has lapsed: nothing to decide.
        assert_eq!(planned(&d.processes[4]), []);
        // Eight days ago: its follow-up is still ahead.
        assert_eq!(planned(&d.processes[2]), [(ActionKind::FollowUp, false)]);
    }

    #[test]
    fn new_ids_are_never_ids_used_before() {
        // Processes 2 to 9 were deleted: their ids are not given again.
        let mut d = data(vec![process(
            1,
            "Acme",
            vec![round("2026-11-10T10:00:00+01:00", &[])],
        )]);
        d.next_id = 10;
        let incoming = Incoming {
            processes: ["Beta", "Gamma", "Delta"]
                .into_iter()
                .map(|company| {
                    let rounds = vec![round("2026-11-12T10:00:00+01:00", &[])];
                    (None, process(0, company, rounds))
                })
                .collect(),
            ..Incoming::default()
        };
        merge(&mut d, incoming, Same::Rows).unwrap();
        let ids: Vec<u32> = d.processes.iter().map(|p| p.id).collect();
        assert_eq!(ids, [1, 10, 11, 12]);
        assert_eq!(d.next_id, 13);
    }
}
