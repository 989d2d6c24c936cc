//! One module per subcommand, each with one `run` entry point.

mod add;
mod apply;
mod calendar;
mod close;
pub mod completions;
mod debrief;
mod demo;
mod draft;
mod due;
mod edit;
mod export;
mod import;
mod list;
mod log_reply;
mod man;
mod mark;
mod note;
mod reopen;
mod rm;
mod schedule;
mod settings;
mod show;
mod undo;

use crate::cli::{Cli, Command, ProcessFields};
use crate::config::{self, User};
use crate::dates;
use crate::error::usage;
use crate::model::{ActionKind, Interviewer, Process, Time, Timeline};
use crate::policy::Policy;
use crate::render;
use crate::rules::{self, Action};
use crate::store::{Data, Store};
use anyhow::{Context as _, Result, bail};
use chrono::{DateTime, Local};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// What every command needs: where the data is, what time it is, and the rules' numbers.
pub struct Context {
    /// The subcommand running, named in the backup it leaves.
    pub command: String,
    pub dir: PathBuf,
    pub dir_source: config::Source,
    pub now: DateTime<Local>,
    pub policy: Policy,
    pub user: User,
    /// The sections of `calendar push`, `due --notify` and `schedule install`.
    pub calendar: config::CalendarSettings,
    pub notify: config::Notify,
    pub schedule: config::Schedule,
    /// The config file, whether or not it exists; templates live beside it.
    pub config_path: Option<(PathBuf, config::Source)>,
    /// Whether to colour the output.
    pub color: bool,
}

impl Context {
    /// The context of a run: paths, time and settings from the flags, environment and config.
    fn from_env(dir: Option<&Path>, color: bool, command: String) -> Result<Context> {
        let (dir, dir_source) = config::data_dir(dir)?;
        let config_path = config::config_path();
        let settings = config::load_config(config_path.as_ref().map(|(p, _)| p.as_path()))?;
        Ok(Context {
            command,
            dir,
            dir_source,
            now: config::now()?,
            policy: settings.policy,
            user: settings.user,
            calendar: settings.calendar,
            notify: settings.notify,
            schedule: settings.schedule,
            config_path,
            color,
        })
    }

    /// Saves a changed store, keeping the previous version for `undo`.
    pub fn save(&self, store: &mut Store) -> Result<()> {
        store.save(&self.command, self.now.fixed_offset(), &self.in_play())
    }

    /// Whether a process stays in `store.json`: judged now, in the local time zone, by the policy.
    pub fn in_play(&self) -> impl Fn(&Process, &[Process]) -> bool + '_ {
        |process, all| rules::in_play_at(process, all, &self.policy, &self.now)
    }

    /// The order of day and month in the numeric dates the user types.
    pub fn date_order(&self) -> Option<dates::DateOrder> {
        config::date_order(&self.user)
    }

    /// Reads a date typed by the user, relative to now.
    pub fn when(&self, flag: &str, text: &str) -> Result<Time> {
        let at = dates::parse_when_in(text, &self.now, self.date_order())
            .map_err(|err| usage(format!("{flag}: {err}")))?;
        if dates::too_far(&at, &self.now) {
            return Err(usage(format!(
                "{flag} {text:?} is {}, too far from today: give a date within a hundred years",
                at.format("%Y-%m-%d")
            )));
        }
        Ok(at)
    }

    /// Reads when something happened or will: a weekday name means the last one (`--at
    /// thursday` on a Friday is yesterday); what is still ahead must come within a year.
    pub fn when_interview(&self, flag: &str, text: &str) -> Result<Time> {
        let now = self.now.fixed_offset();
        let mut at = self.when(flag, text)?;
        if at > now
            && at.date_naive() != now.date_naive()
            && let Ok(last) =
                dates::parse_when_in(&format!("last {text}"), &self.now, self.date_order())
        {
            at = last;
        }
        self.within_horizon(flag, text, at)
    }

    /// Reads a moment that must be ahead of now, and within a year: a next interview.
    pub fn when_ahead(&self, flag: &str, text: &str) -> Result<Time> {
        let at = self.when(flag, text)?;
        if at <= self.now.fixed_offset() {
            return Err(usage(format!(
                "{flag} {text:?} is {}, already past: it must be ahead of now ({}); give when it will be, such as \"next tuesday 10:00\" or \"2026-12-08 14:30\"",
                render::moment(&at, &self.now),
                render::moment(&self.now.fixed_offset(), &self.now)
            )));
        }
        self.within_horizon(flag, text, at)
    }

    /// Refuses an interview more than a year ahead: most likely a mistyped year.
    pub fn within_horizon(&self, flag: &str, text: &str, at: Time) -> Result<Time> {
        if at > self.now.fixed_offset() + chrono::Duration::days(SCHEDULE_HORIZON_DAYS) {
            return Err(usage(format!(
                "{flag} {text:?} is {}, more than a year ahead: give a date within {SCHEDULE_HORIZON_DAYS} days (is the year right?)",
                at.format("%Y-%m-%d")
            )));
        }
        Ok(at)
    }

    /// Reads when something happened: a weekday name means the last one (`--at thursday` on a
    /// Friday is yesterday), and a moment still to come is refused.
    pub fn when_past(&self, flag: &str, text: &str) -> Result<Time> {
        let now = self.now.fixed_offset();
        let at = self.when_interview(flag, text)?;
        if at > now {
            return Err(usage(format!(
                "{flag} {text:?} is {}, still to come: give when it happened, such as \"today 14:30\" or \"yesterday 3pm\"",
                render::moment(&at, &self.now)
            )));
        }
        Ok(at)
    }

    /// Reads when something happened, defaulting to now.
    pub fn when_or_now(&self, flag: &str, text: Option<&str>) -> Result<Time> {
        match text {
            Some(text) => self.when_past(flag, text),
            None => Ok(self.now.fixed_offset()),
        }
    }

    /// Reads a stated timeline (`--timeline`) in the employer's words, from the moment it was
    /// given, with the user's working week and order of dates.
    /// Words with no date in them ("soon") are kept with none.
    pub fn timeline(&self, text: Option<&str>, given: &Time) -> Result<Option<Timeline>> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let date = dates::parse_timeline_in(text, given, self.policy.workweek(), self.date_order())
            .map_err(|err| usage(format!("--timeline: {err}")))?;
        Ok(Some(Timeline {
            text: text.to_string(),
            date,
        }))
    }

    /// Opens the store to change the process named by `query`. With no store there is nothing to
    /// change: the refusal comes before anything is created. The archive is read unless the
    /// query is the id of a process in play.
    pub fn open_process(&self, query: &str) -> Result<(Store, u32)> {
        let files = [crate::store::STORE_FILE, crate::store::ARCHIVE_FILE];
        if !files.iter().any(|file| self.dir.join(file).exists()) {
            resolve(&Data::default(), query)?;
        }
        let mut store = Store::open_dir(&self.dir)?;
        let in_play = id_digits(query)
            .and_then(|digits| digits.parse().ok())
            .filter(|id| store.data.process(*id).is_some());
        let id = match in_play {
            Some(id) => id,
            None => {
                store.load_archive()?;
                resolve(&store.data, query)?
            }
        };
        Ok((store, id))
    }

    /// Changes the process `query` names and saves the store; when `edit` refuses, nothing is
    /// written. Returns the records as saved and the process's id.
    pub fn change<T>(
        &self,
        query: &str,
        edit: impl FnOnce(&mut Process) -> Result<T>,
    ) -> Result<(Data, u32, T)> {
        let (mut store, id) = self.open_process(query)?;
        let value = edit(store.data.process_mut(id).expect("resolved id exists"))?;
        self.save(&mut store)?;
        Ok((store.data, id, value))
    }
}

pub use crate::model::SCHEDULE_HORIZON_DAYS;

/// Runs one parsed command line.
pub fn run(cli: Cli, name: String) -> Result<()> {
    // Buffered: a long `due` is one write, not one per line.
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    // --quiet is this one switch: every command writes to a sink, and stderr is left alone.
    let mut sink = io::sink();
    let out: &mut dyn Write = if cli.quiet { &mut sink } else { &mut stdout };
    let color = config::use_color(cli.color, io::stdout().is_terminal());
    match cli.command {
        // Generated from the definitions alone: no data folder or config needed.
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => completions::man(args, out),
        // The demo plays in its own throwaway store with its own settings.
        Command::Demo => config::now().and_then(|now| demo::run(color, now, out)),
        command => Context::from_env(cli.dir.as_deref(), color, name)
            .and_then(|ctx| dispatch(&ctx, command, out)),
    }
    .and_then(|()| Ok(out.flush()?))
    .map_err(|err| {
        // An error straight from writing the output carries no context of its own.
        if err.chain().count() == 1 && err.is::<io::Error>() {
            err.context("could not write the output")
        } else {
            err
        }
    })
}

/// Runs one command in a context: the real one, or the demo's throwaway one.
fn dispatch(ctx: &Context, command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Add(args) => {
            let debrief = args.debrief;
            let id = add::run(ctx, args, out)?;
            if debrief {
                out.flush()?;
                debrief::edit(ctx, id, out)?;
            }
            Ok(())
        }
        Command::Apply(args) => apply::run(ctx, args, out),
        Command::Reopen(args) => reopen::run(ctx, args, out),
        Command::Due(args) => due::run(ctx, args, out),
        Command::Done(args) => mark::done(ctx, args, out),
        Command::Dismiss(args) => mark::dismiss(ctx, args, out),
        Command::Snooze(args) => mark::snooze(ctx, args, out),
        Command::LogReply(args) => log_reply::run(ctx, args, out),
        Command::Close(args) => close::run(ctx, args, out),
        Command::List(args) => list::run(ctx, args, out),
        Command::Show(args) => show::run(ctx, args, out),
        Command::Edit(args) => edit::run(ctx, args, out),
        Command::Note(args) => note::run(ctx, args, out),
        Command::Rm(args) => rm::run(ctx, args, out),
        Command::Undo(args) => undo::run(ctx, args, out),
        Command::Draft(args) => draft::run(ctx, args, out),
        Command::Export(args) => export::run(ctx, args, out),
        Command::Import(args) => import::run(ctx, args, out),
        Command::Debrief(args) => debrief::run(ctx, args, out),
        Command::Config => settings::run(ctx, out),
        Command::Demo => demo::run(ctx.color, ctx.now, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => completions::man(args, out),
        Command::Calendar(args) => calendar::run(ctx, args, out),
        Command::Schedule(args) => schedule::run(ctx, args, out),
    }
}

/// Writes `bytes` to the file a `flag` names (`--output`, `--eml`), whole or not at all, or to
/// `out` for `-`; whether it went to a file. A new file is readable by the user only, as the
/// store is; a replaced one keeps its permissions.
pub fn write_to(flag: &str, path: &Path, bytes: &[u8], out: &mut dyn Write) -> Result<bool> {
    if path.as_os_str() == "-" {
        // On a terminal, what the records hold must not act on it; piped, it is exact.
        if io::stdout().is_terminal() {
            let text = String::from_utf8_lossy(bytes);
            out.write_all(crate::render::clean_lines(&text).as_bytes())?;
        } else {
            out.write_all(bytes)?;
        }
        return Ok(false);
    }
    if path.file_name().is_none() {
        return Err(usage(format!(
            "{flag} {}: give a file name",
            path.display()
        )));
    }
    crate::files::write_atomic(path, bytes)
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(true)
}

/// Prints a warning on stderr.
pub fn warn(message: &str) {
    eprintln!("warning: {}", crate::render::clean(message));
}

/// Finds a process by id, or by a case-insensitive unique prefix of its company name.
pub fn resolve(data: &Data, query: &str) -> Result<u32> {
    let query = query.trim();
    // All digits: an id, even one too large to be any.
    if let Some(digits) = id_digits(query) {
        return digits
            .parse()
            .ok()
            .filter(|id| data.process(*id).is_some())
            .ok_or_else(|| {
                usage(format!(
                    "no process with id {digits}: `followup list --all` shows the ids"
                ))
            });
    }
    let wanted = query.to_lowercase();
    if wanted.is_empty() {
        return Err(usage(
            "no process given: use an id or the start of a company name",
        ));
    }
    // The exact name beats a longer one ("acme" is Acme, not Acme Labs); then one open process
    // beats closed ones of the same name.
    let mut candidates = by_prefix(&data.processes, &wanted, |p| &p.company);
    if candidates.iter().filter(|p| p.is_open()).count() == 1 {
        candidates.retain(|p| p.is_open());
    }
    match candidates.as_slice() {
        [] => {
            let hint = match near_company(data, &wanted) {
                Some(p) => format!("did you mean {:?} (#{})? ", render::clean(&p.company), p.id),
                None => String::new(),
            };
            Err(usage(format!(
                "no process matches {query:?}: {hint}give an id or the start of a company name (`followup list --all` shows them)"
            )))
        }
        [only] => Ok(only.id),
        several => Err(usage(format!(
            "{query:?} matches several processes: {}; give the id",
            listed(several)
        ))),
    }
}

/// The processes whose `name` starts with `wanted` (lowercase), in any case; the exact name
/// beats longer ones.
fn by_prefix<'a>(
    processes: impl IntoIterator<Item = &'a Process>,
    wanted: &str,
    name: fn(&Process) -> &String,
) -> Vec<&'a Process> {
    let mut found: Vec<&Process> = processes
        .into_iter()
        .filter(|p| name(p).to_lowercase().starts_with(wanted))
        .collect();
    if found.iter().any(|p| name(p).to_lowercase() == wanted) {
        found.retain(|p| name(p).to_lowercase() == wanted);
    }
    found
}

/// Processes as `#1 Acme (Dev), #2 Acme Labs (SRE)`.
fn listed(processes: &[&Process]) -> String {
    processes
        .iter()
        .map(|p| {
            format!(
                "#{} {} ({})",
                p.id,
                render::clean(&p.company),
                render::clean(&p.role)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The process whose company `wanted` (lowercase) is most likely a typo of: the whole name, or
/// its start as long as what was typed, one letter away (two past five letters);
/// an open one before closed ones of the same name. `None` when two companies are as near.
fn near_company<'a>(data: &'a Data, wanted: &str) -> Option<&'a Process> {
    let length = wanted.chars().count();
    let allowed = if length <= 5 { 1 } else { 2 };
    let nearest = |p: &Process| {
        let name = p.company.to_lowercase();
        let start: String = name.chars().take(length).collect();
        let distance =
            dates::edit_distance(wanted, &name).min(dates::edit_distance(wanted, &start));
        (1..=allowed).contains(&distance).then_some(distance)
    };
    let scored: Vec<(usize, &Process)> = data
        .processes
        .iter()
        .filter_map(|p| Some((nearest(p)?, p)))
        .collect();
    let least = scored.iter().map(|(distance, _)| *distance).min()?;
    let best: Vec<&Process> = scored
        .into_iter()
        .filter(|(distance, _)| *distance == least)
        .map(|(_, p)| p)
        .collect();
    let company = best[0].company.to_lowercase();
    if best.iter().any(|p| p.company.to_lowercase() != company) {
        return None;
    }
    best.iter().find(|p| p.is_open()).or(best.first()).copied()
}

/// The company, role and contact `add` and `apply` were given, checked.
pub struct Typed {
    pub company: Option<String>,
    pub role: Option<String>,
    pub contact: Option<Interviewer>,
}

impl Typed {
    pub fn read(fields: &ProcessFields) -> Result<Typed> {
        let text =
            |flag, text: &Option<String>| text.as_deref().map(|t| required(flag, t)).transpose();
        Ok(Typed {
            company: text("--company", &fields.company)?,
            role: text("--role", &fields.role)?,
            contact: (fields.contact.as_deref())
                .map(|text| person("--contact", text))
                .transpose()?,
        })
    }

    /// Opens the store at the process an interview or an application is for (see
    /// [`matching_process`]), recording a new one when none matches: its id, and whether it was
    /// already recorded. Nothing is saved.
    pub fn open(
        &self,
        ctx: &Context,
        fields: &ProcessFields,
        joins: &str,
    ) -> Result<(Store, u32, bool)> {
        let mut store = Store::open_dir(&ctx.dir)?;
        let company = self.company.clone().unwrap_or_default();
        let role = self.role.clone().unwrap_or_default();
        if let Some(id) = matching_process(&mut store, &company, &role, fields, joins)? {
            return Ok((store, id, true));
        }
        let Some(id) = store.data.allocate_id() else {
            bail!(
                "no process number is left: #{} is taken; `followup export --format json -o all.json` then `followup --dir NEW-FOLDER import --format json all.json` numbers them afresh in a new data folder",
                u32::MAX
            );
        };
        store.data.processes.push(Process {
            applied: None,
            link: None,
            contact: None,
            external_ref: None,
            uid: Default::default(),
            id,
            company,
            role,
            created: ctx.now.fixed_offset(),
            rounds: vec![],
            replies: vec![],
            marks: vec![],
            closed: None,
        });
        Ok((store, id, false))
    }
}

/// Prints the plan of `process` after a change.
pub fn print_plan(
    ctx: &Context,
    data: &Data,
    process: &Process,
    out: &mut dyn Write,
) -> Result<()> {
    writeln!(out, "Plan:")?;
    let actions = rules::plan_process(process, &data.processes, &ctx.policy, &ctx.now);
    render::plan(out, &actions, &ctx.now)?;
    Ok(())
}

/// Finds the open process an interview or an application (`add`, `apply`) belongs to: the one
/// `--process` names, none with `--new`, else the one open process whose company starts with the
/// typed company and whose role starts with the typed role (case-insensitive; an exact name beats
/// a longer one). `None` is a new process. A company that matches with another role, or several
/// processes, is refused naming them, `--process` and `--new`; `joins` says what `--process`
/// does ("to add this interview to it").
pub fn matching_process(
    store: &mut Store,
    company: &str,
    role: &str,
    which: &ProcessFields,
    joins: &str,
) -> Result<Option<u32>> {
    if let Some(query) = &which.process {
        let id = match resolve(&store.data, query) {
            Ok(id) => id,
            Err(_) => {
                store.load_archive()?;
                resolve(&store.data, query).map_err(|err| usage(format!("--process: {err}")))?
            }
        };
        let process = store.data.process(id).expect("resolved id exists");
        if let Some(closure) = &process.closed {
            return Err(usage(format!(
                "--process {query}: {} was closed as {}: `followup reopen {id}` puts it back in play first",
                render::process_name(process),
                closure.outcome
            )));
        }
        return Ok(Some(id));
    }
    if which.new {
        return Ok(None);
    }
    let (typed_company, typed_role) = (company.trim(), role.trim());
    let (company, role) = (typed_company.to_lowercase(), typed_role.to_lowercase());
    let open = store.data.processes.iter().filter(|p| p.is_open());
    let same_company = by_prefix(open, &company, |p| &p.company);
    if same_company.is_empty() {
        return Ok(None);
    }
    let same_role = by_prefix(same_company.iter().copied(), &role, |p| &p.role);
    let pick = |list: &[&Process]| match list {
        [one] => format!("--process {}", one.id),
        _ => "--process ID".to_string(),
    };
    let first = same_company[0].company.to_lowercase();
    if same_company
        .iter()
        .any(|p| p.company.to_lowercase() != first)
    {
        return Err(usage(format!(
            "company {typed_company:?} is the start of several companies' names: {}; add --process ID {joins}, or the whole name, or --new to start a separate process",
            listed(&same_company)
        )));
    }
    match same_role.as_slice() {
        [one] => Ok(Some(one.id)),
        [] => Err(usage(format!(
            "company {typed_company:?} matches {}, open for another role than {typed_role:?}: add {} {joins}, or --new to start a separate process",
            listed(&same_company),
            pick(&same_company)
        ))),
        several => Err(usage(format!(
            "company {typed_company:?} and role {typed_role:?} match several open processes: {}; add --process ID {joins}, or --new to start a separate process",
            listed(several)
        ))),
    }
}

/// Reads a person given by `flag` (`--contact`, `--from`): "Name", "Name <email>" or
/// "Name <email>, Title".
pub fn person(flag: &str, text: &str) -> Result<Interviewer> {
    Interviewer::parse(text)
        .map_err(|err| usage(format!("{flag}: {}", err.replacen("interviewer ", "", 1))))
}

/// Reads the address of a job posting.
pub fn link(flag: &str, text: &str) -> Result<String> {
    let text = required(flag, text)?;
    if text.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(usage(format!(
            "{flag} {text:?} is not an address: give the posting's URL, such as https://jobs.example.com/123"
        )));
    }
    Ok(text)
}

/// Sets the process's contact to `person`, who keeps the id of the contact they replace when
/// they are the same (by email, else by name).
pub fn set_contact(process: &mut Process, mut person: Interviewer) {
    if let Some(old) = &process.contact {
        let same_email =
            matches!((&old.email, &person.email), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        if same_email || old.name == person.name {
            person.uid = old.uid;
        }
    }
    process.contact = Some(person);
}

/// The digits of a query that is an id, `3` or `#3`.
fn id_digits(query: &str) -> Option<&str> {
    let query = query.trim();
    let digits = query.strip_prefix('#').unwrap_or(query);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Trims a required text and refuses it when empty.
pub fn required(flag: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(usage(format!("{flag} must not be empty")));
    }
    Ok(text.to_string())
}

/// A trimmed text, unless it is empty.
pub fn non_empty(text: String) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// Reads the people of `--interviewer`.
pub fn interviewers(texts: &[String]) -> Result<Vec<Interviewer>> {
    texts
        .iter()
        .map(|text| Interviewer::parse(text).map_err(|err| usage(format!("--interviewer: {err}"))))
        .collect()
}

/// Trims repeated texts (`--question`, `--highlight`, ...), leaving out the empty ones.
pub fn texts(items: Vec<String>) -> Vec<String> {
    items.into_iter().filter_map(non_empty).collect()
}

/// The pending action the user means. Per-person actions need `--to` when several people are
/// owed one.
pub fn pick<'a>(
    actions: &'a [Action],
    kind: ActionKind,
    to: Option<&str>,
    process: &Process,
) -> Result<Option<&'a Action>> {
    let of_kind: Vec<&Action> = actions.iter().filter(|a| a.kind() == kind).collect();
    let Some(to) = to else {
        // Without --to, the one owed to nobody named (a round without interviewers): the
        // others are always named with --to.
        if let [only] = of_kind
            .iter()
            .filter(|a| a.to.is_none())
            .collect::<Vec<_>>()
            .as_slice()
        {
            return Ok(Some(only));
        }
        let mut people: Vec<&str> = of_kind.iter().filter_map(|a| a.to.as_deref()).collect();
        people.sort();
        people.dedup();
        if people.len() > 1 {
            return Err(usage(format!(
                "{kind} is owed to each interviewer: add --to with one of {}",
                quoted(people)
            )));
        }
        return Ok(of_kind.first().copied());
    };
    if !kind.is_per_person() {
        return Err(usage(format!(
            "--to is for actions owed to one person (thank-you, connect), not {kind}"
        )));
    }
    let person = interviewer(process, to)?;
    Ok(of_kind
        .into_iter()
        .find(|a| a.to.as_deref() == Some(person.name.as_str())))
}

/// The interviewer `to` names: the whole name (in any case) first, else a unique prefix.
pub fn interviewer<'a>(process: &'a Process, to: &str) -> Result<&'a Interviewer> {
    let wanted = to.trim().to_lowercase();
    let mut everyone: Vec<&Interviewer> = process
        .rounds
        .iter()
        .flat_map(|r| &r.interviewers)
        .collect();
    everyone.sort_by(|a, b| a.name.cmp(&b.name));
    everyone.dedup_by(|a, b| a.name == b.name);
    if let Some(exact) = everyone.iter().find(|i| i.name.to_lowercase() == wanted) {
        return Ok(exact);
    }
    let matching: Vec<&Interviewer> = everyone
        .iter()
        .copied()
        .filter(|i| !wanted.is_empty() && i.name.to_lowercase().starts_with(&wanted))
        .collect();
    let names = |people: &[&Interviewer]| quoted(people.iter().map(|i| i.name.as_str()));
    match matching.as_slice() {
        [one] => Ok(one),
        [] => {
            let known = if everyone.is_empty() {
                "no interviewer was recorded".to_string()
            } else {
                format!("the interviewers are {}", names(&everyone))
            };
            Err(usage(format!(
                "--to {to:?} names nobody who interviewed you at {}: {known}",
                render::clean(&process.company)
            )))
        }
        several => Err(usage(format!(
            "--to {to:?} matches several interviewers: {}; give more of the name",
            names(several)
        ))),
    }
}

fn quoted<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("{:?}", render::clean(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Closure, Outcome};

    fn data(companies: &[(&str, bool)]) -> Data {
        let at = chrono::DateTime::parse_from_rfc3339("2026-11-20T10:00:00+01:00").unwrap();
        Data {
            version: crate::store::VERSION,
            next_id: companies.len() as u32 + 1,
            processes: companies
                .iter()
                .enumerate()
                .map(|(i, (company, open))| Process {
                    applied: None,
                    contact: None,
                    external_ref: None,
                    link: None,
                    uid: Default::default(),
                    id: i as u32 + 1,
                    company: company.to_string(),
                    role: "Engineer".into(),
                    created: at,
                    rounds: vec![],
                    replies: vec![],
                    marks: vec![],
                    closed: (!open).then_some(Closure {
                        outcome: Outcome::NoResponse,
                        at,
                    }),
                })
                .collect(),
        }
    }

    #[test]
    fn resolves_ids_and_prefixes() {
        let d = data(&[
            ("Acme", true),
            ("Acme Labs", true),
            ("Beta", false),
            ("Beta", true),
        ]);
        assert_eq!(resolve(&d, "2").unwrap(), 2);
        assert_eq!(resolve(&d, "#2").unwrap(), 2);
        assert_eq!(resolve(&d, "ACME").unwrap(), 1);
        assert_eq!(resolve(&d, "acme l").unwrap(), 2);
        assert_eq!(resolve(&d, "be").unwrap(), 4, "the open one wins");
        let err = resolve(&d, "ac").unwrap_err().to_string();
        assert!(
            err.contains("#1 Acme") && err.contains("#2 Acme Labs"),
            "{err}"
        );
        let err = resolve(&d, "9").unwrap_err().to_string();
        assert!(err.contains("no process with id 9"), "{err}");
        let err = resolve(&d, "zed").unwrap_err().to_string();
        assert!(
            err.contains("\"zed\"") && !err.contains("did you mean"),
            "{err}"
        );
        // a typo names the one company it is near, the open process of that name
        let err = resolve(&d, "bta").unwrap_err().to_string();
        assert!(err.contains("did you mean \"Beta\" (#4)?"), "{err}");
        // near two companies as much: no guess
        let err = resolve(&d, "acmr").unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
    }
}
