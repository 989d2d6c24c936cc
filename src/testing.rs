//! Generators of the model's records for the property tests of every module.
//!
//! One set, in two shapes: [`Shape::Store`] draws anything a record may hold, as the store must
//! keep it; [`Shape::Csv`] draws what a CSV export reads back as written (trimmed text,
//! interviewers that parse, interviews in the past of the import, no marks, no author of a reply).

use crate::model::*;
use chrono::{Duration, FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape {
    Store,
    /// Imported at `now`.
    Csv {
        now: Time,
    },
}

/// Whole seconds from 1968 to 2076, in any offset.
pub(crate) fn time() -> impl Strategy<Value = Time> {
    at_offset(-50_000_000i64..3_360_760_000)
}

/// Whole seconds from 1976 to `now`: when an interview may have been.
fn past(now: Time) -> impl Strategy<Value = Time> {
    at_offset(205_000_000..=now.timestamp())
}

fn at_offset(secs: impl Strategy<Value = i64>) -> impl Strategy<Value = Time> {
    (secs, -14 * 4..=14 * 4).prop_map(|(secs, quarters)| {
        FixedOffset::east_opt(quarters * 900)
            .unwrap()
            .timestamp_opt(secs, 0)
            .unwrap()
    })
}

/// Any text, and text thick with what needs quoting or escaping (quotes, backslashes, list and
/// address separators, control characters, non-ASCII) or that starts as a formula would.
pub(crate) fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z ;,\"\\\\\n\t\u{1b}é😀<>@]{0,24}",
        "[=+@'-][a-z =+@'-]{0,6}",
    ]
}

/// Text as commands store it: trimmed, and not empty.
fn trimmed() -> impl Strategy<Value = String> {
    text()
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not empty", |s| !s.is_empty())
}

/// A cell of its own may also start with a tab or a carriage return.
const CELL_START: &str = "[\t\r]['=a-z]{0,4}[a-z]";

/// How the records of one shape are drawn.
impl Shape {
    /// A text of a field of its own, which may be empty (a debrief's notes).
    fn field(self) -> BoxedStrategy<String> {
        match self {
            Shape::Store => text().boxed(),
            Shape::Csv { .. } => prop_oneof![Just(String::new()), trimmed(), CELL_START].boxed(),
        }
    }

    /// A text of a field of its own that names something (a company, a label).
    fn name(self) -> BoxedStrategy<String> {
        match self {
            Shape::Store => text().boxed(),
            Shape::Csv { .. } => prop_oneof![trimmed(), CELL_START].boxed(),
        }
    }

    /// An item of a list, or the words of a timeline.
    fn item(self) -> BoxedStrategy<String> {
        match self {
            Shape::Store => text().boxed(),
            Shape::Csv { .. } => trimmed().boxed(),
        }
    }

    fn items(self) -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(self.item(), 0..3)
    }

    /// A person: any texts for the store, one `Interviewer::parse` reads back for a CSV.
    pub(crate) fn person(self) -> BoxedStrategy<Interviewer> {
        let parts = match self {
            Shape::Store => (
                text().boxed(),
                prop::option::of(text()).boxed(),
                prop::option::of(text()).boxed(),
            ),
            Shape::Csv { .. } => (
                "[A-Za-zé][A-Za-z .'é;\"-]{0,8}[a-z]".boxed(),
                prop::option::of("[a-z]{1,5}@[a-z]{1,5}\\.test").boxed(),
                prop::option::of("[A-Za-z][A-Za-z ,;\"&]{0,10}[a-z]").boxed(),
            ),
        };
        parts
            .prop_map(|(name, email, title)| Interviewer {
                uid: Uid::default(),
                name,
                email,
                title,
            })
            .boxed()
    }

    /// When an interview was or will be: any time for the store, a past one for a CSV.
    fn interview_time(self) -> BoxedStrategy<Time> {
        match self {
            Shape::Store => time().boxed(),
            Shape::Csv { now } => past(now).boxed(),
        }
    }

    fn timeline(self) -> impl Strategy<Value = Option<Timeline>> {
        // A CSV reads dates within a hundred years or so of its import.
        let (start, days) = match self {
            Shape::Store => (NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(), 2_900_000i64),
            Shape::Csv { .. } => (NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(), 60_000),
        };
        prop::option::of((self.item(), 0..days).prop_map(move |(text, d)| Timeline {
            text,
            date: Some(start + Duration::days(d)),
        }))
    }

    pub(crate) fn round(self) -> impl Strategy<Value = Round> {
        (
            self.interview_time(),
            prop::option::of(self.name()),
            prop::collection::vec(self.person(), 0..3),
            self.timeline(),
            prop::option::of(self.name()),
            (
                self.field(),
                self.items(),
                self.items(),
                self.items(),
                self.items(),
            ),
            (self.field(), self.field(), self.field()),
            any::<bool>(),
        )
            .prop_map(
                |(at, label, interviewers, timeline, instructions, d, e, cancelled)| Round {
                    cancelled,
                    uid: Uid::default(),
                    at,
                    label,
                    interviewers,
                    timeline,
                    instructions,
                    debrief: Debrief {
                        notes: d.0,
                        questions: d.1,
                        highlights: d.2,
                        stumped: d.3,
                        red_flags: d.4,
                        answers: e.0,
                        feelings: e.1,
                        want_it: e.2,
                    },
                },
            )
    }

    pub(crate) fn reply(self) -> impl Strategy<Value = Reply> {
        // A CSV's reply cell does not say who wrote it.
        let from = match self {
            Shape::Store => prop::option::of(self.person()).boxed(),
            Shape::Csv { .. } => Just(None).boxed(),
        };
        (
            time(),
            prop::sample::select(ReplyKind::ALL),
            prop::option::of(text()),
            self.timeline(),
            prop::option::of(time()),
            from,
        )
            .prop_map(|(at, kind, note, timeline, next_interview, from)| Reply {
                from,
                uid: Uid::default(),
                at,
                kind,
                note,
                timeline,
                next_interview,
            })
    }

    /// A process with its own id (1 to 999), up to three rounds (at least one for a CSV, whose
    /// rows are rounds), replies and, for the store, marks.
    pub(crate) fn process(self) -> impl Strategy<Value = Process> {
        let (created, rounds, marks, external_ref, link) = match self {
            Shape::Store => (
                time().boxed(),
                0..4,
                prop::collection::vec(mark(), 0..4).boxed(),
                prop::option::of(text()).boxed(),
                prop::option::of(text()).boxed(),
            ),
            Shape::Csv { now } => (
                Just(now).boxed(),
                1..4,
                Just(vec![]).boxed(),
                prop::option::of("[A-Z]{3}_[0-9]{1,3}").boxed(),
                prop::option::of("https?://[a-z]{1,8}\\.test(/[a-z0-9?=&%-]{0,12})?").boxed(),
            ),
        };
        let applied = prop::option::of(self.interview_time());
        (
            (1u32..1000, self.name(), self.name(), created, applied),
            prop::collection::vec(self.round(), rounds),
            prop::collection::vec(self.reply(), 0..4),
            marks,
            prop::option::of((prop::sample::select(Outcome::ALL), time())),
            (external_ref, link, prop::option::of(self.person())),
        )
            .prop_map(
                |(
                    (id, company, role, created, applied),
                    rounds,
                    replies,
                    marks,
                    closed,
                    (external_ref, link, contact),
                )| Process {
                    applied,
                    contact,
                    external_ref,
                    link,
                    uid: Uid::default(),
                    id,
                    company,
                    role,
                    created,
                    rounds,
                    replies,
                    marks,
                    closed: closed.map(|(outcome, at)| Closure { outcome, at }),
                },
            )
    }
}

/// A mark of any action, on a round, a reply or the process, for a person or not.
pub(crate) fn mark() -> impl Strategy<Value = Mark> {
    (
        prop::sample::select(ActionKind::ALL),
        0u32..3,
        1u64..9,
        prop::option::of(1u64..u64::MAX),
        0u32..4,
        time(),
        0u32..3,
    )
        .prop_map(|(action, anchor_of, n, person, seq, at, state)| Mark {
            key: ActionKey {
                action,
                anchor: anchor(anchor_of, Uid(n)),
                person: person.map(Uid),
                seq,
            },
            state: mark_state(state, at),
        })
}

/// The anchor `which` (0 to 2) names: the round `uid`, the reply `uid` or the process.
pub(crate) fn anchor(which: u32, uid: Uid) -> Anchor {
    match which {
        0 => Anchor::Round(uid),
        1 => Anchor::Reply(uid),
        _ => Anchor::Process,
    }
}

/// The state `which` (0 to 2) names: done, dismissed or snoozed, at `at`.
pub(crate) fn mark_state(which: u32, at: Time) -> MarkState {
    match which {
        0 => MarkState::Done { at },
        1 => MarkState::Dismissed { at },
        _ => MarkState::Snoozed { until: at },
    }
}
