//! Ready-to-edit messages: templates with placeholders, filled from the records.
//!
//! A template is a `Subject:` line, a blank line, then the body. `{placeholder}` is replaced by
//! its value; `{{` and `}}` are literal braces. A body line whose placeholders are all empty is
//! left out, so optional details (a highlight, the date they gave) need no conditionals.

use crate::model::{ActionKind, Interviewer, Process, Round};
use std::collections::BTreeMap;
use std::fmt;

/// Every placeholder; the README's table says what each holds.
pub const PLACEHOLDERS: &[&str] = &[
    "first_name",
    "name",
    "company",
    "role",
    "round",
    "interview_date",
    "interview_month",
    "highlight",
    "stumped",
    "stated_date",
    "reply_date",
    "request",
    "deadline",
    "offer_deadline",
    "applied_date",
    "link",
    "answer_by",
    "thanks",
    "first_follow_up_date",
    "network",
    "my_name",
    "signature",
];

/// The values of the placeholders for one message.
pub type Values = BTreeMap<&'static str, String>;

/// The actions a draft can be written for.
pub const DRAFTABLE: [ActionKind; 10] = [
    ActionKind::ThankYou,
    ActionKind::FollowUp,
    ActionKind::Withdraw,
    ActionKind::ReplyGraciously,
    ActionKind::StayInTouch,
    ActionKind::Respond,
    ActionKind::Decide,
    ActionKind::Decline,
    ActionKind::Expedite,
    ActionKind::Connect,
];

/// The actions whose message is about an interview, so a process with none gets no draft.
pub fn needs_interview(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::ThankYou
            | ActionKind::Connect
            | ActionKind::ReplyGraciously
            | ActionKind::StayInTouch
    )
}

/// A built-in template, by the name a user's own template of it takes (`templates/NAME.txt`):
/// the name and the text.
macro_rules! built_in {
    ($name:literal) => {
        ($name, include_str!(concat!("templates/", $name, ".txt")))
    };
}

/// Answering an offer, which reads differently from answering a request.
pub const RESPOND_OFFER: (&str, &str) = built_in!("respond-offer");

/// Following up on an application, before any interview.
pub const FOLLOW_UP_APPLICATION: (&str, &str) = built_in!("follow-up-application");

/// The follow-ups after an interview, beyond the first with a stated date: the first without
/// one (it asks about the next steps), a middle one, and the last one allowed (it says so).
pub const FOLLOW_UP_NO_DATE: (&str, &str) = built_in!("follow-up-no-date");
pub const FOLLOW_UP_AGAIN: (&str, &str) = built_in!("follow-up-again");
pub const FOLLOW_UP_LAST: (&str, &str) = built_in!("follow-up-last");

/// The longest note a networking invitation takes (LinkedIn's limit).
pub const INVITATION_LIMIT: usize = 300;

/// The built-in template of an action, used when the user has none.
pub fn default_template(kind: ActionKind) -> Option<&'static str> {
    let (name, text) = match kind {
        ActionKind::ThankYou => built_in!("thank-you"),
        ActionKind::Connect => built_in!("connect"),
        ActionKind::FollowUp => built_in!("follow-up"),
        ActionKind::Withdraw => built_in!("withdraw"),
        ActionKind::ReplyGraciously => built_in!("reply-graciously"),
        ActionKind::StayInTouch => built_in!("stay-in-touch"),
        ActionKind::Respond => built_in!("respond"),
        ActionKind::Decide => built_in!("decide"),
        ActionKind::Decline => built_in!("decline"),
        ActionKind::Expedite => built_in!("expedite"),
        _ => return None,
    };
    debug_assert_eq!(name, kind.name(), "a template has its action's name");
    Some(text)
}

/// A template that could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TemplateError {}

/// A filled message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub subject: String,
    pub body: String,
}

fn error(line: usize, message: impl Into<String>) -> TemplateError {
    TemplateError {
        line,
        message: message.into(),
    }
}

/// Fills a template with `values`.
pub fn fill(template: &str, values: &Values) -> Result<Filled, TemplateError> {
    // Editors on Windows may save a byte-order mark and CRLF line endings.
    let template = template
        .strip_prefix('\u{feff}')
        .unwrap_or(template)
        .replace("\r\n", "\n");
    let mut lines = (1..).zip(template.lines());
    let (number, first) = lines
        .by_ref()
        .find(|(_, line)| !line.trim().is_empty())
        .ok_or_else(|| {
            error(
                1,
                "the template is empty: it needs a \"Subject: ...\" line, a blank line and the body",
            )
        })?;
    let subject = first.strip_prefix("Subject:").ok_or_else(|| {
        error(
            number,
            format!("the first line must be \"Subject: ...\", not {first:?}"),
        )
    })?;
    let (subject, _) = fill_line(subject.trim(), number, values)?;
    if subject.trim().is_empty() {
        return Err(error(number, "the subject is empty"));
    }
    let mut body = Vec::new();
    for (number, line) in lines {
        let (filled, all_empty) = fill_line(line, number, values)?;
        if !all_empty {
            body.push(filled);
        }
    }
    // The blank line after the subject separates it from the body.
    while body.first().is_some_and(|l| l.trim().is_empty()) {
        body.remove(0);
    }
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    Ok(Filled {
        subject,
        body: body.join("\n") + "\n",
    })
}

/// Fills one line; the flag says it had placeholders and every one was empty.
fn fill_line(line: &str, number: usize, values: &Values) -> Result<(String, bool), TemplateError> {
    let mut out = String::with_capacity(line.len());
    let (mut placeholders, mut empty) = (0, 0);
    let mut rest = line;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('{') {
            let close = after.find('}').ok_or_else(|| {
                error(
                    number,
                    "a \"{\" is not closed: write {{ for a literal brace",
                )
            })?;
            let name = &after[..close];
            let value = values.get(name).ok_or_else(|| {
                let known: Vec<String> = PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect();
                error(
                    number,
                    format!("unknown placeholder {{{name}}}: use {}", known.join(", ")),
                )
            })?;
            placeholders += 1;
            empty += usize::from(value.is_empty());
            out.push_str(value);
            rest = &after[close + 1..];
        } else {
            return Err(error(number, "a lone \"}\": write }} for a literal brace"));
        }
    }
    out.push_str(rest);
    Ok((out, placeholders > 0 && placeholders == empty))
}

/// Fills a networking invitation so that its note fits in `limit` characters: while it is
/// longer, the longest of the values a person wrote (the highlight, the role, the company, the
/// round's label) loses its last whole word, marked with "…"; a one-word highlight goes when its
/// line goes with it. Gives the note and whether it was shortened. A note that still does not fit
/// (a long template of the user's) is given as it is.
pub fn fill_invitation(
    template: &str,
    values: &Values,
    limit: usize,
) -> Result<(Filled, bool), TemplateError> {
    // "at Acme…." reads as one stop, unless the user wrote "…." themselves.
    let own_stops = template.contains("….") || values.values().any(|v| v.contains("…."));
    let mut values = values.clone();
    let mut shortened = false;
    loop {
        let mut filled = fill(template, &values)?;
        if shortened && !own_stops {
            filled.body = filled.body.replace("….", "…");
        }
        if filled.body.trim_end().chars().count() <= limit {
            return Ok((filled, shortened));
        }
        let shorter = ["highlight", "role", "company", "round"]
            .into_iter()
            .filter_map(|name| {
                let value = values.get(name).filter(|v| !v.is_empty())?;
                let cut = without_last_word(value).or_else(|| {
                    (name == "highlight" && drops_its_line(template, &values, &filled))
                        .then(String::new)
                })?;
                Some((value.chars().count(), name, cut))
            })
            .max_by_key(|(length, ..)| *length);
        let Some((_, name, cut)) = shorter else {
            return Ok((filled, shortened));
        };
        values.insert(name, cut);
        shortened = true;
    }
}

/// Whether an empty highlight leaves its line out of the note, rather than a sentence without
/// its subject ("our talk about ."); `filled` is the note with the highlight.
fn drops_its_line(template: &str, values: &Values, filled: &Filled) -> bool {
    let mut without = values.clone();
    without.insert("highlight", String::new());
    fill(template, &without)
        .is_ok_and(|without| without.body.lines().count() < filled.body.lines().count())
}

/// `text` without its last word, ending in "…"; `None` for a single word.
fn without_last_word(text: &str) -> Option<String> {
    let text = text.trim_end_matches('…').trim_end();
    let (head, _) = text.rsplit_once(char::is_whitespace)?;
    let head = head
        .trim_end()
        .trim_end_matches([',', ';', ':', '-'])
        .trim_end();
    (!head.is_empty()).then(|| format!("{head}…"))
}

/// Splits a highlight into the interviewer it names and what was discussed:
/// `"Jane: the caching design"` belongs to Jane when she is among `people`.
pub fn highlight_owner<'a>(highlight: &'a str, people: &[&str]) -> (Option<usize>, &'a str) {
    if let Some((who, what)) = highlight.split_once(':') {
        let who = who.trim().to_lowercase();
        let owner = people.iter().position(|name| {
            let name = name.to_lowercase();
            !who.is_empty() && (name == who || name.split_whitespace().next() == Some(who.as_str()))
        });
        if owner.is_some() {
            return (owner, what.trim());
        }
    }
    (None, highlight.trim())
}

/// Percent-encodes a message as a `mailto:` URL (RFC 6068): line breaks become CRLF.
pub fn mailto(to: Option<&str>, filled: &Filled) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    // RFC 3986 unreserved characters stay as they are; everything else is encoded.
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    const ADDRESS: &AsciiSet = &QUERY.remove(b'@');
    let body = filled.body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.map(|t| utf8_percent_encode(t, ADDRESS).to_string())
            .unwrap_or_default(),
        utf8_percent_encode(&filled.subject, QUERY),
        utf8_percent_encode(&body, QUERY)
    )
}

/// The Message-ID of a draft (without its angle brackets): the time, a random part, so that two
/// drafts never share one, and the domain of the user's address (`from`), as RFC 5322 advises;
/// `localhost` when there is no address or its domain is not a plain host name.
pub fn message_id(from: Option<&str>, millis: i64, random: u64) -> String {
    let host_name = |domain: &str| {
        domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    let domain = from
        .and_then(|address| address.rsplit_once('@'))
        .map(|(_, domain)| domain.trim().trim_end_matches('>').to_ascii_lowercase())
        .filter(|domain| host_name(domain))
        .unwrap_or_else(|| "localhost".to_string());
    format!("{millis}.{random:016x}.followup@{domain}")
}

/// The contact and the interviewers of a process, each once, the contact first.
pub fn people(process: &Process) -> Vec<&Interviewer> {
    let mut people: Vec<&Interviewer> = process.contact.iter().collect();
    for person in process.rounds.iter().flat_map(|r| &r.interviewers) {
        if !people.iter().any(|p| p.name == person.name) {
            people.push(person);
        }
    }
    people
}

/// Who a message to the company goes to when the user names nobody: the contact, else the
/// person the employer's instructions name (`instructions`, else the latest round's that has
/// some). `None` writes to the hiring team.
pub fn addressee<'a>(process: &'a Process, instructions: Option<&str>) -> Option<&'a Interviewer> {
    if let Some(contact) = &process.contact {
        return Some(contact);
    }
    let instructions = instructions.or_else(|| {
        let mut rounds: Vec<&Round> = process.rounds.iter().collect();
        rounds.sort_by_key(|r| std::cmp::Reverse(r.at));
        rounds.into_iter().find_map(|r| r.instructions.as_deref())
    });
    instructions.and_then(|text| named_in(text, &people(process)))
}

/// The person of `people` that instructions such as "write to Sam, not to the panel" name: by
/// full name or first name, as a whole word; the first one named when they name several.
fn named_in<'a>(instructions: &str, people: &[&'a Interviewer]) -> Option<&'a Interviewer> {
    let text = instructions.to_lowercase();
    let word_at = |word: &str| {
        text.match_indices(word).map(|(at, _)| at).find(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    people
        .iter()
        .filter_map(|person| {
            let name = person.name.to_lowercase();
            let first = name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            let at = [name, first]
                .iter()
                .filter(|w| !w.is_empty())
                .filter_map(|w| word_at(w))
                .min()?;
            Some((at, *person))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, person)| person)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_name_a_recorded_person_by_a_whole_word() {
        let people: Vec<Interviewer> = ["Sam Lee", "Jane Doe", "Samantha Ray"]
            .iter()
            .map(|n| Interviewer::parse(n).unwrap())
            .collect();
        let people: Vec<&Interviewer> = people.iter().collect();
        let who = |text: &str| named_in(text, &people).map(|p| p.name.as_str());
        assert_eq!(who("write to Sam, not to the panel"), Some("Sam Lee"));
        assert_eq!(
            who("write to JANE DOE, or Sam when she is away"),
            Some("Jane Doe")
        );
        assert_eq!(who("email jane.doe directly"), Some("Jane Doe"));
        assert_eq!(who("ask Samantha"), Some("Samantha Ray"));
        assert_eq!(who("ask Samuel"), None);
        assert_eq!(who("write to the recruiter"), None);
    }

    #[test]
    fn message_ids_carry_the_domain_of_the_users_address() {
        assert_eq!(
            message_id(Some("alex@Example.TEST"), 1_700_000_000_000, 0xabc),
            "1700000000000.0000000000000abc.followup@example.test"
        );
        assert_eq!(
            message_id(Some("a.b@mail.example.co.uk"), 1, u64::MAX),
            "1.ffffffffffffffff.followup@mail.example.co.uk"
        );
        for odd in [
            None,
            Some("no-at-sign"),
            Some("x@[127.0.0.1]"),
            Some("x@exa mple.test"),
            Some("x@"),
        ] {
            assert!(message_id(odd, 1, 2).ends_with("@localhost"), "{odd:?}");
        }
    }

    fn values(pairs: &[(&'static str, &str)]) -> Values {
        let mut values: Values = PLACEHOLDERS.iter().map(|p| (*p, String::new())).collect();
        for (key, value) in pairs {
            values.insert(key, value.to_string());
        }
        values
    }

    #[test]
    fn fills_placeholders_and_drops_lines_left_empty() {
        let v = values(&[
            ("first_name", "Jane"),
            ("company", "Acme"),
            ("highlight", ""),
        ]);
        let filled = fill(
            "Subject: Hello {first_name}\n\nDear {first_name},\nWe discussed {highlight}.\n{{literal}} at {company}\n",
            &v,
        )
        .unwrap();
        assert_eq!(filled.subject, "Hello Jane");
        assert_eq!(filled.body, "Dear Jane,\n{literal} at Acme\n");
    }

    #[test]
    fn an_unknown_placeholder_is_named() {
        let err = fill("Subject: x\n\nHi {frist_name}\n", &values(&[])).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.message.contains("{frist_name}") && err.message.contains("{first_name}"),
            "{err}"
        );
        let err = fill("Hello\n\nbody", &values(&[])).unwrap_err();
        assert!(err.message.contains("Subject:"), "{err}");
        assert!(fill("Subject: x\n\n{open\n", &values(&[])).is_err());
        assert!(fill("Subject: x\n\nclose}\n", &values(&[])).is_err());
        assert!(fill("", &values(&[])).is_err());
        let err = fill("Subject: {company}\n\nbody\n", &values(&[])).unwrap_err();
        assert!(err.message.contains("subject is empty"), "{err}");
        let bom = fill("\u{feff}Subject: Hi\r\n\r\nbody\r\n", &values(&[])).unwrap();
        assert_eq!((bom.subject.as_str(), bom.body.as_str()), ("Hi", "body\n"));
    }

    #[test]
    fn every_built_in_template_uses_known_placeholders() {
        let v = values(&[]);
        for kind in DRAFTABLE {
            let filled = fill(default_template(kind).unwrap(), &v).unwrap();
            assert!(!filled.subject.is_empty(), "{kind}");
        }
        for (_, text) in [
            RESPOND_OFFER,
            FOLLOW_UP_APPLICATION,
            FOLLOW_UP_NO_DATE,
            FOLLOW_UP_AGAIN,
            FOLLOW_UP_LAST,
        ] {
            assert!(fill(text, &v).is_ok());
        }
        // Every placeholder is documented in the README's table.
        let readme = include_str!("../README.md");
        for name in PLACEHOLDERS {
            assert!(readme.contains(&format!("`{{{name}}}`")), "{name}");
        }
    }

    #[test]
    fn a_highlight_inside_a_sentence_is_kept_and_a_users_own_stops_too() {
        // A user's template: the highlight shares its line with other words.
        let template = "Subject: Invitation\n\nHi {first_name}, I enjoyed our talk about {highlight}. I am a {role} at {company} and would be glad to stay in touch. Have a good week…. {my_name}\n";
        let v = values(&[
            ("first_name", "Jane"),
            ("highlight", "Kubernetes"),
            ("role", "engineer"),
            ("company", &"Acme ".repeat(60)),
            ("my_name", "Ann"),
        ]);
        let (note, shortened) = fill_invitation(template, &v, INVITATION_LIMIT).unwrap();
        assert!(shortened);
        assert!(
            note.body.contains("our talk about Kubernetes."),
            "{}",
            note.body
        );
        assert!(note.body.contains("week…. Ann"), "{}", note.body);
        // Nothing left to cut but the one-word highlight: the note is given as it is.
        let mut v = v;
        v.insert("company", "Acme".into());
        v.insert("my_name", "Ann ".repeat(80));
        let (note, shortened) = fill_invitation(template, &v, INVITATION_LIMIT).unwrap();
        assert!(!shortened);
        assert!(
            note.body.contains("our talk about Kubernetes."),
            "{}",
            note.body
        );
    }

    #[test]
    fn an_invitation_is_shortened_to_fit_by_whole_words() {
        let template = default_template(ActionKind::Connect).unwrap();
        let long = [
            ("first_name", "Maximiliane"),
            ("round", "final onsite with the platform leadership group"),
            ("interview_date", "Thursday 19 November"),
            (
                "role",
                "Senior Staff Software Engineer, Distributed Storage Infrastructure",
            ),
            (
                "company",
                "Acme Interplanetary Logistics and Freight Holdings International",
            ),
            (
                "highlight",
                "how the platform team moved every service from the old deploy scripts to one pipeline in a quarter",
            ),
            ("my_name", "Alexandra Martin-Featherstonehaugh"),
        ];
        let v = values(&long);
        assert!(fill(template, &v).unwrap().body.trim_end().chars().count() > INVITATION_LIMIT);
        let (note, shortened) = fill_invitation(template, &v, INVITATION_LIMIT).unwrap();
        let note = note.body.trim_end();
        assert!(shortened);
        assert!(note.chars().count() <= INVITATION_LIMIT, "{note}");
        assert!(
            note.starts_with("Hi Maximiliane, thank you for the "),
            "{note}"
        );
        assert!(
            note.ends_with("\nAlexandra Martin-Featherstonehaugh"),
            "{note}"
        );
        // Every shortened value is a run of its whole first words, marked as cut.
        for word in note.split_whitespace().filter(|w| w.contains('…')) {
            let word = word.trim_end_matches(['…', '.']);
            assert!(
                long.iter().any(|(_, value)| value
                    .split_whitespace()
                    .any(|w| w.trim_end_matches(',') == word)),
                "{word:?} is cut mid-word: {note}"
            );
        }
        assert!(!note.contains("…."), "{note}");
        // A note that fits is left as it is.
        let short = values(&[("first_name", "Jane"), ("role", "Backend Engineer")]);
        let (note, shortened) = fill_invitation(template, &short, INVITATION_LIMIT).unwrap();
        assert_eq!((note, shortened), (fill(template, &short).unwrap(), false));
        assert_eq!(
            without_last_word("the caching design"),
            Some("the caching…".into())
        );
        assert_eq!(without_last_word("the caching…"), Some("the…".into()));
        assert_eq!(without_last_word("caching"), None);
    }

    #[test]
    fn highlights_can_name_their_interviewer() {
        let people = ["Jane Doe", "Bob Smith"];
        assert_eq!(
            highlight_owner("Jane: the caching design", &people),
            (Some(0), "the caching design")
        );
        assert_eq!(
            highlight_owner("bob smith: on-call", &people),
            (Some(1), "on-call")
        );
        assert_eq!(
            highlight_owner("Note: general", &people),
            (None, "Note: general")
        );
        assert_eq!(
            highlight_owner("the team's roadmap", &people),
            (None, "the team's roadmap")
        );
    }

    #[test]
    fn mailto_follows_rfc_6068() {
        let filled = Filled {
            subject: "Thank you & more".into(),
            body: "Dear Jane,\nÇa va? 100%\n".into(),
        };
        assert_eq!(
            mailto(Some("jane.doe@acme.test"), &filled),
            "mailto:jane.doe@acme.test?subject=Thank%20you%20%26%20more&body=Dear%20Jane%2C%0D%0A%C3%87a%20va%3F%20100%25%0D%0A"
        );
        assert!(mailto(None, &filled).starts_with("mailto:?subject="));
    }
}
