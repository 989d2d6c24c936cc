//! Writes a realistic store of N processes, for benchmarks and for trying `followup` on a large
//! history: `cargo run --release --example fixture -- N NOW [SEED] [--output FILE]`.
//!
//! NOW is RFC 3339 or `YYYY-MM-DD HH:MM` (read as UTC). Each process has 1-4 interview rounds
//! with 1-3 interviewers, a debrief of a few hundred bytes, 0-3 replies from the employer, what
//! the user did about some actions, and an outcome for the older ones. Dates spread over the
//! year before NOW (a next interview may be a little after it). The same N, NOW and SEED always
//! give the same bytes. The store is built with the library's own records and written with
//! `Data::to_bytes`, checksum line included.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDateTime, TimeZone, Timelike};
use followup::model::{
    ActionKey, ActionKind, Anchor, Closure, Debrief, Interviewer, Mark, MarkState, Outcome,
    Process, Reply, ReplyKind, Round, Time, Timeline,
};
use followup::policy::Workweek;
use followup::store::{Data, VERSION};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: fixture N NOW [SEED] [--output FILE]
  N       how many processes (ids 1..=N)
  NOW     RFC 3339, or \"YYYY-MM-DD HH:MM\" read as UTC
  SEED    any unsigned number (default 1); the same seed gives the same store";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fixture: {err}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut positional = Vec::new();
    let mut output = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--output" | "-o" => output = Some(args.next().ok_or("--output needs a file")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => positional.push(arg),
        }
    }
    let [n, now, rest @ ..] = positional.as_slice() else {
        return Err(USAGE.to_string());
    };
    let n: u32 = n
        .parse()
        .map_err(|_| format!("N {n:?} is not a number\n{USAGE}"))?;
    let now = parse_now(now)?;
    let seed: u64 = match rest {
        [] => 1,
        [seed] => seed
            .parse()
            .map_err(|_| format!("SEED {seed:?} is not a number\n{USAGE}"))?,
        _ => return Err(USAGE.to_string()),
    };

    let data = generate(n, now, seed);
    let bytes = data.to_bytes();
    match output {
        Some(path) => std::fs::write(&path, &bytes).map_err(|err| format!("{path}: {err}")),
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .map_err(|err| format!("stdout: {err}")),
    }
}

fn parse_now(text: &str) -> Result<Time, String> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
                .ok()
                .map(|naive| naive.and_utc().fixed_offset())
        })
        .ok_or_else(|| format!("NOW {text:?}: use RFC 3339 or \"YYYY-MM-DD HH:MM\""))
}

/// The whole store: processes 1..=n, next id n + 1.
pub fn generate(n: u32, now: Time, seed: u64) -> Data {
    let mut generator = Generator {
        rng: Rng::new(seed),
        now,
        accepted: false,
    };
    let processes = (1..=n).map(|id| generator.process(id)).collect();
    Data {
        version: VERSION,
        next_id: n + 1,
        processes,
    }
}

struct Generator {
    rng: Rng,
    now: Time,
    /// An offer is accepted at most once in a search.
    accepted: bool,
}

impl Generator {
    fn process(&mut self, id: u32) -> Process {
        let rng = &mut self.rng;
        let company = format!("{} {}", rng.pick(COMPANY_STEMS), rng.pick(COMPANY_KINDS));
        let role = match (rng.pick(SENIORITY), rng.pick(ROLES)) {
            ("", role) => role.to_string(),
            (seniority, role) => format!("{seniority} {role}"),
        };
        let domain = format!(
            "{}.test",
            company
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase()
        );
        // The first interview: up to eleven months back, on a weekday in working hours.
        let back = Duration::days(self.rng.range(1, 335) as i64);
        let first = self.working_time(self.now - back);
        let created = local(first - Duration::days(self.rng.range(0, 20) as i64));

        let mut rounds = Vec::new();
        let mut replies = Vec::new();
        let mut at = first;
        let wanted_rounds = self.rng.range(1, 4) as u32;
        for number in 1..=wanted_rounds {
            if number > 1 {
                // An invitation comes a few days after a round, the next round a week or two later.
                let invited = at + Duration::hours(self.rng.range(30, 120) as i64);
                let gap = Duration::days(self.rng.range(4, 14) as i64);
                let next = self.working_time(invited + gap);
                if next > self.now {
                    break;
                }
                if replies.len() < 3 && self.rng.chance(0.6) && invited < next {
                    replies.push(Reply {
                        at: local(invited),
                        kind: ReplyKind::NextRound,
                        note: self
                            .rng
                            .chance(0.4)
                            .then(|| self.rng.pick(NEXT_ROUND_NOTES).to_string()),
                        timeline: None,
                        next_interview: Some(next),
                    });
                }
                at = next;
            }
            let round = self.round(number, at, &domain);
            rounds.push(round);
        }

        // After the last round: what the employer said, if anything yet.
        let mut closed = None;
        let mut offer_at = None;
        let mut last = at;
        while replies.len() < 3 && self.rng.chance(0.55) {
            let when = local(last + Duration::hours(self.rng.range(48, 400) as i64));
            if when > self.now {
                break;
            }
            last = when;
            let kind = self.rng.weighted(&[
                (ReplyKind::Update, 30),
                (ReplyKind::Request, 20),
                (ReplyKind::NextRound, 12),
                (ReplyKind::Offer, 13),
                (ReplyKind::Rejection, 25),
            ]);
            let reply = self.reply(kind, when);
            let ends = matches!(kind, ReplyKind::Offer | ReplyKind::Rejection)
                || (kind == ReplyKind::NextRound && reply.next_interview.is_some());
            replies.push(reply);
            match kind {
                ReplyKind::Rejection => {
                    closed = Some(Closure {
                        outcome: Outcome::Rejected,
                        at: when,
                    });
                }
                ReplyKind::Offer => offer_at = Some(when),
                _ => {}
            }
            if ends {
                break;
            }
        }

        let marks = self.marks(&rounds, &replies);

        // Older searches have mostly ended; recent ones are mostly still going.
        let age = self.now - last;
        if closed.is_none() {
            let end = |rng: &mut Rng, now: Time| {
                local((last + Duration::days(rng.range(2, 40) as i64)).min(now))
            };
            if let Some(offered) = offer_at {
                // Accepted long enough ago that the processes still open are a new search.
                if !self.accepted && age > Duration::days(150) && self.rng.chance(0.5) {
                    self.accepted = true;
                    closed = Some(Closure {
                        outcome: Outcome::Accepted,
                        at: local((offered + Duration::days(2)).min(self.now)),
                    });
                } else if age > Duration::days(10) || self.rng.chance(0.5) {
                    closed = Some(Closure {
                        outcome: Outcome::Declined,
                        at: local((offered + Duration::days(3)).min(self.now)),
                    });
                }
            } else if age > Duration::days(45) && self.rng.chance(0.8) {
                let outcome = self
                    .rng
                    .weighted(&[(Outcome::NoResponse, 60), (Outcome::Withdrawn, 40)]);
                closed = Some(Closure {
                    outcome,
                    at: end(&mut self.rng, self.now),
                });
            }
        }

        Process {
            id,
            company,
            role,
            created,
            rounds,
            replies,
            marks,
            closed,
        }
    }

    fn round(&mut self, number: u32, at: Time, domain: &str) -> Round {
        let rng = &mut self.rng;
        let label = match number {
            1 => rng.pick(&["phone screen", "recruiter call", "intro call"]),
            2 => rng.pick(&["technical interview", "take-home review", "pairing session"]),
            3 => rng.pick(&["onsite", "system design", "team interviews"]),
            _ => rng.pick(&["final round", "meet the director", "founders chat"]),
        };
        let label = rng.chance(0.9).then(|| label.to_string());
        let interviewers: Vec<Interviewer> = (0..rng.range(1, 3))
            .map(|_| {
                let first = rng.pick(FIRST_NAMES);
                let last = rng.pick(LAST_NAMES);
                Interviewer {
                    name: format!("{first} {last}"),
                    email: rng.chance(0.8).then(|| {
                        format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase())
                    }),
                    title: rng.chance(0.85).then(|| rng.pick(TITLES).to_string()),
                }
            })
            .collect();
        // Most interviews carry a stated timeline; the employer's words are resolved by the
        // library, as `add --timeline` does.
        let timeline = rng.chance(0.6).then(|| {
            let text = rng.pick(TIMELINES);
            timeline(text, at)
        });
        let instructions = rng.chance(0.25).then(|| rng.pick(INSTRUCTIONS).to_string());
        // A debrief is written soon after; the most recent interviews may not have one yet.
        let recent = self.now - at < Duration::days(2);
        let debrief = if recent && rng.chance(0.6) {
            Debrief::default()
        } else {
            debrief(rng, &interviewers)
        };
        Round {
            at,
            label,
            interviewers,
            timeline,
            instructions,
            debrief,
        }
    }

    fn reply(&mut self, kind: ReplyKind, at: Time) -> Reply {
        let rng = &mut self.rng;
        let mut reply = Reply {
            at,
            kind,
            note: None,
            timeline: None,
            next_interview: None,
        };
        match kind {
            ReplyKind::Update => {
                reply.note = Some(rng.pick(UPDATE_NOTES).to_string());
                reply.timeline = rng.chance(0.7).then(|| timeline(rng.pick(TIMELINES), at));
            }
            ReplyKind::Request => {
                reply.note = Some(rng.pick(REQUESTS).to_string());
                reply.timeline = rng
                    .chance(0.5)
                    .then(|| timeline(rng.pick(&["3 business days", "end of the week"]), at));
            }
            ReplyKind::NextRound => {
                reply.note = rng
                    .chance(0.5)
                    .then(|| rng.pick(NEXT_ROUND_NOTES).to_string());
                if rng.chance(0.8) {
                    let day = at + Duration::days(rng.range(3, 12) as i64);
                    reply.next_interview = Some(self.working_time(day));
                }
            }
            ReplyKind::Offer => {
                reply.note = Some(rng.pick(OFFER_NOTES).to_string());
                reply.timeline = Some(timeline(rng.pick(&["end of next week", "10 days"]), at));
            }
            ReplyKind::Rejection => {
                reply.note = rng.chance(0.5).then(|| rng.pick(REJECTIONS).to_string());
            }
        }
        reply
    }

    /// What the user did: most thank-yous sent within a day, a few connections dismissed,
    /// requests answered, one follow-up sent on the wait in force when it came due.
    fn marks(&mut self, rounds: &[Round], replies: &[Reply]) -> Vec<Mark> {
        let now = self.now;
        let rng = &mut self.rng;
        let mut marks = Vec::new();
        let mut mark = |action, anchor, person: Option<&str>, state| {
            marks.push(Mark {
                key: ActionKey {
                    action,
                    anchor,
                    person: person.map(str::to_string),
                    seq: match action {
                        ActionKind::FollowUp | ActionKind::StayInTouch => 1,
                        _ => 0,
                    },
                },
                state,
            })
        };
        for (index, round) in rounds.iter().enumerate() {
            let anchor = Anchor::Round(index as u32 + 1);
            for person in &round.interviewers {
                let sent = round.at + Duration::hours(rng.range(2, 30) as i64);
                if sent <= now && rng.chance(0.9) {
                    mark(
                        ActionKind::ThankYou,
                        anchor,
                        Some(&person.name),
                        MarkState::Done { at: local(sent) },
                    );
                }
                if sent <= now && rng.chance(0.7) {
                    let state = if rng.chance(0.5) {
                        MarkState::Done { at: local(sent) }
                    } else {
                        MarkState::Dismissed { at: local(sent) }
                    };
                    mark(ActionKind::Connect, anchor, Some(&person.name), state);
                }
            }
            let reviewed = round.at + Duration::days(3);
            if !round.debrief.is_empty() && reviewed <= now && rng.chance(0.75) {
                mark(
                    ActionKind::ReviewDebrief,
                    anchor,
                    None,
                    MarkState::Done {
                        at: local(reviewed),
                    },
                );
            }
        }
        for (index, reply) in replies.iter().enumerate() {
            let answered = reply.at + Duration::hours(rng.range(3, 40) as i64);
            if reply.kind == ReplyKind::Request && answered <= now && rng.chance(0.8) {
                mark(
                    ActionKind::Respond,
                    Anchor::Reply(index as u32 + 1),
                    None,
                    MarkState::Done {
                        at: local(answered),
                    },
                );
            }
            // After a no: a gracious reply, then staying in touch or letting it go.
            let anchor = Anchor::Reply(index as u32 + 1);
            if reply.kind == ReplyKind::Rejection && answered <= now && rng.chance(0.8) {
                let at = local(answered);
                mark(
                    ActionKind::ReplyGraciously,
                    anchor,
                    None,
                    MarkState::Done { at },
                );
                let later = local(reply.at + Duration::days(rng.range(90, 100) as i64));
                if later <= now && rng.chance(0.7) {
                    let state = if rng.chance(0.5) {
                        MarkState::Done { at: later }
                    } else {
                        MarkState::Dismissed { at: later }
                    };
                    mark(ActionKind::StayInTouch, anchor, None, state);
                }
            }
        }
        // The wait in force starts at the latest event: a round, or an update.
        let latest_round = rounds
            .last()
            .map(|r| (r.at, Anchor::Round(rounds.len() as u32)));
        let latest_update = replies
            .iter()
            .enumerate()
            .rfind(|(_, r)| r.kind == ReplyKind::Update)
            .map(|(i, r)| (r.at, Anchor::Reply(i as u32 + 1)));
        let wait = match (latest_round, latest_update) {
            (Some(round), Some(update)) => Some(if update.0 > round.0 { update } else { round }),
            (round, update) => round.or(update),
        };
        if let Some((start, anchor)) = wait {
            let sent = start + Duration::days(rng.range(15, 20) as i64);
            if sent <= now && rng.chance(0.5) {
                mark(
                    ActionKind::FollowUp,
                    anchor,
                    None,
                    MarkState::Done { at: local(sent) },
                );
            } else if sent > now && rng.chance(0.05) {
                mark(
                    ActionKind::FollowUp,
                    anchor,
                    None,
                    MarkState::Snoozed {
                        until: local(sent + Duration::days(3)),
                    },
                );
            }
        }
        marks
    }

    /// A weekday at or after `day`, between 9:00 and 17:45 local time.
    fn working_time(&mut self, day: Time) -> Time {
        let mut date = local(day).date_naive();
        while date.weekday().number_from_monday() > 5 {
            date = date.succ_opt().expect("a date in range");
        }
        let hour = self.rng.range(9, 17) as u32;
        let minute = self.rng.pick(&[0, 0, 15, 30, 30, 45]);
        let naive = date.and_hms_opt(hour, minute, 0).expect("a valid time");
        let at = zone(naive.and_utc().fixed_offset())
            .from_local_datetime(&naive)
            .single()
            .expect("fixed offsets are unambiguous");
        debug_assert_eq!(at.hour(), hour);
        at
    }
}

/// The moment in the zone it would have been recorded in: UTC+1 in winter, UTC+2 in summer.
fn local(at: Time) -> Time {
    at.with_timezone(&zone(at))
}

fn zone(at: Time) -> FixedOffset {
    let summer = (4..=10).contains(&at.month());
    FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("a valid offset")
}

fn timeline(text: &str, given: Time) -> Timeline {
    let date = followup::dates::parse_timeline(text, &given, Workweek::MONDAY_TO_FRIDAY)
        .unwrap_or_else(|_| given.date_naive() + Duration::days(14));
    Timeline {
        text: text.to_string(),
        date,
    }
}

fn debrief(rng: &mut Rng, interviewers: &[Interviewer]) -> Debrief {
    // Distinct items: a run of consecutive ones from a random start.
    let some = |rng: &mut Rng, items: &[&str], least: u64, most: u64| -> Vec<String> {
        let start = rng.range(0, items.len() as u64 - 1) as usize;
        (0..rng.range(least, most) as usize)
            .map(|i| items[(start + i) % items.len()].to_string())
            .collect()
    };
    let notes = some(rng, NOTES, 1, 3).join(" ");
    let mut highlights = some(rng, HIGHLIGHTS, 0, 2);
    // A highlight with an interviewer's name goes into that person's thank-you.
    if let Some(first) = highlights.first_mut()
        && rng.chance(0.5)
    {
        let person = &interviewers[rng.range(0, interviewers.len() as u64 - 1) as usize];
        let first_name = person.name.split(' ').next().unwrap_or_default();
        *first = format!("{first_name}: {first}");
    }
    Debrief {
        notes,
        questions: some(rng, QUESTIONS, 0, 3),
        highlights,
        stumped: some(rng, STUMPED, 0, 2),
        red_flags: some(rng, RED_FLAGS, 0, 1),
        answers: if rng.chance(0.3) {
            rng.pick(ANSWERS).to_string()
        } else {
            String::new()
        },
        feelings: if rng.chance(0.3) {
            rng.pick(FEELINGS).to_string()
        } else {
            String::new()
        },
        want_it: if rng.chance(0.3) {
            rng.pick(WANT_IT).to_string()
        } else {
            String::new()
        },
    }
}

/// xorshift64*, seeded through splitmix64 so that small seeds differ from the first draw.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + (self.next() >> 11) % (hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.range(0, items.len() as u64 - 1) as usize]
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u64)]) -> T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut draw = self.range(0, total - 1);
        for &(item, weight) in items {
            if draw < weight {
                return item;
            }
            draw -= weight;
        }
        items[items.len() - 1].0
    }
}

const COMPANY_STEMS: &[&str] = &[
    "Acme",
    "Beta",
    "Initech",
    "Globex",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Aperture",
    "Black Mesa",
    "Oscorp",
    "Massive",
    "Nakatomi",
    "Gringotts",
    "Monarch",
    "Pied Piper",
    "Dunder",
    "Prestige",
    "Sterling",
    "Bluth",
    "Kramerica",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Adatum",
    "Lucerne",
    "Proseware",
    "Wingtip",
    "Fourth Coffee",
    "Blue Yonder",
    "Margie",
    "Coho",
    "Alpine",
];

const COMPANY_KINDS: &[&str] = &[
    "Labs",
    "Systems",
    "Analytics",
    "Health",
    "Robotics",
    "Payments",
    "Cloud",
    "Energy",
    "Logistics",
    "Games",
    "Media",
    "Bank",
    "Insurance",
    "Foods",
    "Mobility",
    "Security",
];

const SENIORITY: &[&str] = &["Junior", "", "Senior", "Staff", "Lead", "Principal"];

const ROLES: &[&str] = &[
    "Backend Engineer",
    "Frontend Engineer",
    "Platform Engineer",
    "SRE",
    "Data Engineer",
    "Data Scientist",
    "Product Manager",
    "Engineering Manager",
    "Security Engineer",
    "Mobile Developer",
    "ML Engineer",
    "QA Engineer",
];

const FIRST_NAMES: &[&str] = &[
    "Jane", "Bob", "Alice", "Carlos", "Dana", "Erik", "Fatima", "Grace", "Hiro", "Ines", "Jonas",
    "Keiko", "Liam", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma",
    "Victor", "Wen", "Xavier", "Yara", "Zoe", "Élodie", "Søren", "Zoë",
];

const LAST_NAMES: &[&str] = &[
    "Doe",
    "Smith",
    "Martin",
    "Garcia",
    "Okafor",
    "Nguyen",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Tanaka",
    "Haddad",
    "Silva",
    "Dubois",
    "Jensen",
    "Murphy",
    "Novak",
    "Patel",
    "Cohen",
    "Andersson",
    "Moreau",
    "Ibrahim",
    "Fischer",
    "O'Brien",
    "Lindqvist",
];

const TITLES: &[&str] = &[
    "Head of Platform",
    "Engineering Manager",
    "Senior Engineer",
    "Staff Engineer",
    "Recruiter",
    "Talent Partner",
    "CTO",
    "VP Engineering",
    "Product Director",
    "Tech Lead",
];

const TIMELINES: &[&str] = &[
    "two weeks",
    "10 days",
    "a couple of weeks",
    "end of next week",
    "3 business days",
    "end of the week",
    "next week",
    "end of the month",
];

const INSTRUCTIONS: &[&str] = &[
    "email the recruiter, Sam, not the hiring manager",
    "reply on the thread with the coordinator",
    "call the office if nothing by Friday",
    "use the candidate portal for questions",
];

const NOTES: &[&str] = &[
    "Went well overall; they liked the migration story and asked for more detail on rollback.",
    "The team is eight people, split between two time zones, with on-call every sixth week.",
    "Spent most of the hour on a caching design; I should have asked about consistency first.",
    "They are moving from a monolith to services and want someone who has done it before.",
    "Salary range was not mentioned; the recruiter will share it after the next step.",
    "Nervous at the start, better after ten minutes; the live coding part went smoothly.",
    "Their product roadmap is ambitious and the funding round closed last quarter.",
    "Interviewer was late and distracted, but the questions were fair and practical.",
    "Good rapport with the manager; we talked about mentoring and code review culture.",
];

const QUESTIONS: &[&str] = &[
    "Tell me about a time you disagreed with your manager.",
    "Design a rate limiter for a public API.",
    "How would you debug a memory leak in production?",
    "What does a good code review look like to you?",
    "Walk me through your last incident post-mortem.",
    "How do you decide what not to build?",
];

const HIGHLIGHTS: &[&str] = &[
    "the caching design",
    "the zero-downtime migration",
    "mentoring two juniors",
    "the observability rollout",
    "cutting build times in half",
];

const STUMPED: &[&str] = &[
    "consistent hashing",
    "the CAP trade-offs of their queue",
    "estimating storage for five years",
    "a dynamic programming puzzle",
];

const RED_FLAGS: &[&str] = &[
    "on-call every other week",
    "three managers in two years",
    "no budget for training",
];

const ANSWERS: &[&str] = &[
    "Concrete examples worked; the abstract ones rambled.",
    "Should use the STAR shape more consistently.",
];

const FEELINGS: &[&str] = &[
    "Liked the people, unsure about the pace.",
    "Felt respected; they listened more than they talked.",
];

const WANT_IT: &[&str] = &[
    "Yes, if the on-call is reasonable.",
    "Maybe: great team, long commute.",
    "Not really, but worth seeing the offer.",
];

const UPDATE_NOTES: &[&str] = &[
    "still interviewing other candidates",
    "the hiring manager is travelling",
    "waiting for budget approval",
];

const REQUESTS: &[&str] = &[
    "two references",
    "availability for next week",
    "a copy of my work permit",
    "salary expectations",
];

const NEXT_ROUND_NOTES: &[&str] = &[
    "they will send a calendar invite",
    "meet the team lead and a peer",
    "a system design session",
];

const OFFER_NOTES: &[&str] = &[
    "verbal offer, written one to follow",
    "offer with equity, start in two months",
];

const REJECTIONS: &[&str] = &[
    "went with a candidate with more domain experience",
    "position put on hold",
];
