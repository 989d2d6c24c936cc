//! The command line: every clap definition lives here.

use crate::dates::DateOrder;
use crate::model::{Outcome, ReplyKind};
use clap::builder::PossibleValue;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
// Completion of the values people type, from the store.
use crate::cmd::completions;
use clap_complete::ArgValueCompleter;

const AFTER_HELP: &str = "\
Dates: 2026-11-20, \"2026-11-20 14:30\", RFC 3339, now, today, \"yesterday 3pm\", tomorrow,
friday, \"next friday\", \"in 2 weeks\", +3d, 2w, \"10 days\", \"Dec 4\".
Timelines (what the employer said): \"by December 4\", \"two weeks\", \"10 days\",
\"end of next week\", \"end of the month\".
A process is named by its id or by a unique prefix of its company (case-insensitive).

Environment: FOLLOWUP_DIR (data folder, absolute), FOLLOWUP_CONFIG (config file),
FOLLOWUP_NOW (pretend it is this time), TZ (time zone), LC_ALL/LC_TIME/LANG (day or month
first), NO_COLOR, VISUAL/EDITOR (for debrief); `followup man` lists them all.

Exit status: 0 success (also when the output pipe closes early), 1 trouble with the store or
the system, 2 bad input (nothing changed), 3 `due --exit-code` found something overdue.";

/// Remembers your job interviews and tells you, each morning, which follow-up to send today
/// and why.
#[derive(Debug, Parser)]
#[command(name = "followup", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// Data folder (overrides FOLLOWUP_DIR and the platform default)
    #[arg(long, global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print nothing on standard output: errors and warnings still go to standard error, and a
    /// file a flag names (export --output, draft --eml) is still written (for cron and scripts;
    /// with `due --exit-code` only the exit status tells)
    #[arg(long, short, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses the command line as `Cli::parse` does, and gives the subcommand's full name
    /// ("log-reply" for `reply`): the backup a change leaves is named after it.
    pub fn parse_named() -> (Cli, String) {
        completions::complete_if_asked();
        let matches = Cli::command().get_matches();
        let cli = Cli::from_arg_matches(&matches)
            .unwrap_or_else(|err| err.format(&mut Cli::command()).exit());
        let name = matches.subcommand_name().unwrap_or_default().to_string();
        (cli, name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record an interview, right after it or ahead of time, and print the plan
    ///
    /// An interview for the open process of the same company and role (each a case-insensitive
    /// prefix of the recorded one) is its next round, and the output names it. One for another
    /// role at that company, or matching several processes, is refused: --process ID joins one,
    /// --new starts a separate process. An interview with a time ahead is scheduled; recording it
    /// later at its time (or without --at on its day) fills that round in.
    #[command(visible_alias = "a")]
    #[command(mut_arg("company", |a| a.help("The employer (asked for on a terminal when missing)")))]
    #[command(mut_arg("role", |a| a.help("The job (asked for on a terminal when missing)")))]
    Add(AddArgs),
    /// Record an application, before any interview, and print the plan
    ///
    /// Its first interview (`add` with the same company and role) becomes round 1. An open process
    /// of that company and role is already recorded: refused, naming it. Another role at that
    /// company, or several matches, is refused too: --new records a separate process, --process ID
    /// records the application on that one.
    #[command(mut_arg("company", |a| a.required_unless_present("process")))]
    #[command(mut_arg("role", |a| a.required_unless_present("process")))]
    Apply(ApplyArgs),
    /// What to send today and why, then what comes in the next days
    ///
    /// Quick enough for a shell's start-up file or a status bar: it reads only the processes in
    /// play, not the archive of closed ones.
    #[command(visible_alias = "d")]
    Due(DueArgs),
    /// Mark an action as done (done move-on and done withdraw also close the process)
    Done(DoneArgs),
    /// Drop an action you will not do
    Dismiss(MarkArgs),
    /// Hide an action until a date
    Snooze(SnoozeArgs),
    /// Record the employer's answer and recompute the plan
    #[command(name = "log-reply", visible_alias = "reply")]
    LogReply(LogReplyArgs),
    /// End a process
    Close(CloseArgs),
    /// Put a closed process back in play
    ///
    /// A reply logged on a process closed as no-response reopens it by itself.
    Reopen(ProcessArg),
    /// List the processes (open ones unless --all)
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show one process: its rounds, debriefs, replies and plan
    Show(ShowArgs),
    /// Change what was recorded
    Edit(EditArgs),
    /// Add a line to the latest interview's debrief notes
    Note(NoteArgs),
    /// Delete a process for good
    Rm(RmArgs),
    /// Go back to the store as it was before the last change
    Undo(UndoArgs),
    /// Print a ready-to-edit message for an action: a thank-you, a follow-up...
    Draft(DraftArgs),
    /// Write the plan as a calendar, or the records as a spreadsheet, a workbook or JSON
    Export(ExportArgs),
    /// Bring records in from a spreadsheet (CSV, TSV) or a JSON export, all or nothing
    Import(ImportArgs),
    /// Write the debrief of the latest interview in your editor
    Debrief(ProcessArg),
    /// Show the config file, the data folder and the rules in force
    Config,
    /// Play a short week of job hunting in a throwaway store, to see the tool at work
    Demo,
    /// Print shell completions
    ///
    /// The script calls followup back at each TAB, so the values come from the store: process
    /// ids and companies, the actions planned for the process typed, the people for --to. Load
    /// it at start-up: `source <(followup completions bash)` in ~/.bashrc (zsh: ~/.zshrc, after
    /// compinit), `followup completions fish | source` in ~/.config/fish/config.fish.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write every page to a folder
    Man(ManArgs),
    /// Put the plan in your own calendar: one event per action on a CalDAV server
    Calendar(CalendarArgs),
    /// Run `due --notify` each morning: a systemd user timer, or a crontab line
    ///
    /// Alone, it prints the crontab line for a system without systemd and the units `install`
    /// would write. The run uses this executable and this data folder; with a [calendar] url in
    /// the config, it also runs `calendar push`.
    Schedule(ScheduleArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub process: ProcessFields,
    /// When the interview took place, or will (a scheduled interview) [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// What kind of round: "phone screen", "onsite"...
    #[arg(long, value_name = "LABEL")]
    pub round: Option<String>,
    /// Someone who interviewed you: "Name", "Name <email>" or "Name <email>, Title"; repeat for a panel
    #[arg(long, short, value_name = "PERSON")]
    pub interviewer: Vec<String>,
    /// When they said they would decide: "by Dec 4", "two weeks", "end of next week"
    #[arg(long, value_name = "TEXT")]
    pub timeline: Option<String>,
    /// How they asked you to follow up: channel, person, timing
    #[arg(long, value_name = "TEXT")]
    pub instructions: Option<String>,
    /// Debrief: free notes on how it went
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Debrief: a question you were asked (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub question: Vec<String>,
    /// Debrief: something worth mentioning in a thank-you (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub highlight: Vec<String>,
    /// Debrief: a question that stumped you, to revisit (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub stumped: Vec<String>,
    /// Debrief: something that worried you (repeatable)
    #[arg(long = "red-flag", value_name = "TEXT")]
    pub red_flag: Vec<String>,
    /// Then write the debrief in your editor
    #[arg(long, display_order = 103)]
    pub debrief: bool,
}

/// The process an interview or an application (`add`, `apply`) is for: its company, role and
/// contact, and which one it is when the company and role typed are not enough to tell.
#[derive(Debug, Args)]
pub struct ProcessFields {
    /// The employer
    #[arg(long, short)]
    pub company: Option<String>,
    /// The job
    #[arg(long, short)]
    pub role: Option<String>,
    /// The process's point of contact, usually the recruiter: "Name <email>, Title"
    // Listed after the command's own options (`--at`, `--link`...).
    #[arg(long, value_name = "PERSON", display_order = 100)]
    pub contact: Option<String>,
    /// Start a separate process even if an open one matches the company
    #[arg(long, conflicts_with = "process", display_order = 101)]
    pub new: bool,
    /// Join this process (its id), whatever company and role are typed
    #[arg(long, value_name = "ID", display_order = 102)]
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub process: ProcessFields,
    /// When you applied [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// The job posting's address
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
}

/// A command given only a process: `reopen`, `debrief`.
#[derive(Debug, Args)]
pub struct ProcessArg {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Also list what comes within this many days (at most 3660)
    #[arg(long, default_value_t = 7, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub days: u32,
    /// Print JSON (the documented contract) instead of text
    #[arg(long, conflicts_with = "count")]
    pub json: bool,
    /// Print only how many actions are due or overdue (for prompts and status bars)
    #[arg(long)]
    pub count: bool,
    /// Exit with status 3 when anything is overdue, else 0 (1 and 2 keep their meaning: trouble
    /// with the store, bad input); with --quiet, only the status tells
    #[arg(long)]
    pub exit_code: bool,
    /// Send one notification summarising what is due now (a desktop notification, or the
    /// config's [notify] command), printing nothing; nothing due sends nothing
    #[arg(long, conflicts_with_all = ["json", "count", "exit_code"])]
    pub notify: bool,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// Action name: thank-you, debrief, review-debrief, connect, follow-up, move-on, respond,
    /// decide, expedite, decline, prep, reply-graciously, stay-in-touch, withdraw
    #[arg(add = ArgValueCompleter::new(completions::action))]
    pub action: String,
    /// The interviewer, for per-person actions (a name prefix)
    #[arg(long, value_name = "NAME")]
    #[arg(add = ArgValueCompleter::new(completions::person))]
    pub to: Option<String>,
    /// The action's id (`id` in `due --json`, the UID of its calendar event): picks one of
    /// several of that kind, such as the expedites of two offers or the debriefs of two rounds
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    #[command(flatten)]
    pub mark: MarkArgs,
    /// When you did it [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Record another follow-up or stay-in-touch within the hour of the last one (otherwise
    /// taken as a slip and refused)
    #[arg(long)]
    pub again: bool,
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    #[command(flatten)]
    pub mark: MarkArgs,
    /// Hide the action until then
    #[arg(long, value_name = "WHEN")]
    pub until: String,
}

#[derive(Debug, Args)]
pub struct LogReplyArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// What they said
    #[arg(long, value_enum)]
    pub kind: ReplyKind,
    /// When they answered [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// A few words on the reply
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// A new decision date (update) or deadline (offer, request): "by Dec 4", "two weeks"
    #[arg(long, value_name = "TEXT")]
    pub timeline: Option<String>,
    /// When the next interview is (next-round): records it as a scheduled round, or moves the
    /// one already scheduled
    #[arg(long, value_name = "WHEN")]
    pub next_interview: Option<String>,
    /// Who wrote: "Name <email>, Title"; the first one becomes the contact when none is set
    #[arg(long, value_name = "PERSON")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// How it ended
    #[arg(long, value_enum)]
    pub outcome: Outcome,
    /// When it ended [default: now]
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include closed processes
    #[arg(long, short)]
    pub all: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// New company name
    #[arg(long)]
    pub company: Option<String>,
    /// New role
    #[arg(long)]
    pub role: Option<String>,
    /// New point of contact: "Name <email>, Title" ("none" to clear)
    #[arg(long, value_name = "PERSON")]
    pub contact: Option<String>,
    /// New address of the job posting ("none" to clear)
    #[arg(long, value_name = "URL")]
    pub link: Option<String>,
    /// Which round to change, counting from 1 [default: the latest]
    #[arg(long, value_name = "N")]
    pub round_number: Option<usize>,
    /// New time of the round: moves a scheduled interview
    #[arg(long, value_name = "WHEN")]
    pub at: Option<String>,
    /// Call the round off: it plans nothing (for an interview that will not take place)
    #[arg(long)]
    pub cancel: bool,
    /// New label of the round
    #[arg(long, value_name = "LABEL")]
    pub round: Option<String>,
    /// Replace the round's interviewers (repeatable)
    #[arg(long, short, value_name = "PERSON")]
    pub interviewer: Vec<String>,
    /// New decision timeline of the round ("none" to clear)
    #[arg(long, value_name = "TEXT")]
    pub timeline: Option<String>,
    /// New follow-up instructions of the round ("none" to clear)
    #[arg(long, value_name = "TEXT")]
    pub instructions: Option<String>,
    /// Replace the debrief notes
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// Add a question you were asked (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub question: Vec<String>,
    /// Add a highlight (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub highlight: Vec<String>,
    /// Add a question that stumped you (repeatable)
    #[arg(long, value_name = "TEXT")]
    pub stumped: Vec<String>,
    /// Add a red flag (repeatable)
    #[arg(long = "red-flag", value_name = "TEXT")]
    pub red_flag: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NoteArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// The text to add
    pub text: String,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// Don't ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// Show the kept versions, newest first, with their time and the command that replaced them
    #[arg(long, conflicts_with = "restore")]
    pub list: bool,
    /// Put back a kept version by its name or its number in --list (1 is the newest)
    #[arg(long, value_name = "BACKUP")]
    pub restore: Option<String>,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// Process id or company prefix
    #[arg(add = ArgValueCompleter::new(completions::process))]
    pub process: String,
    /// thank-you, follow-up, withdraw, reply-graciously, stay-in-touch, respond, decide,
    /// decline, expedite or connect
    #[arg(add = ArgValueCompleter::new(completions::action))]
    pub action: String,
    /// Who it is for (a name prefix): the interviewer of a thank-you, else the contact or an
    /// interviewer
    #[arg(long, value_name = "NAME")]
    #[arg(add = ArgValueCompleter::new(completions::person))]
    pub to: Option<String>,
    /// Print a mailto: link that opens the message in your mail client
    #[arg(long, conflicts_with = "eml")]
    pub mailto: bool,
    /// Write the message as an email draft (RFC 5322 .eml) to FILE (`-`: standard output)
    #[arg(long, value_name = "FILE")]
    pub eml: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write followup.1 and a page per command (followup-add.1, ...) into this folder
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    pub action: Option<ScheduleAction>,
    /// The time of the morning run, HH:MM [default: [schedule] time in the config, else 09:00]
    #[arg(long, global = true, value_name = "HH:MM")]
    pub time: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleAction {
    /// Write the systemd user timer and service, and start the timer
    ///
    /// The timer is persistent: a morning missed while the machine was off runs at the next
    /// start. Without systemctl, it says what to run.
    Install {
        /// Print the units and the commands, and change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Stop the timer and delete its units
    Remove,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// iCalendar (RFC 5545): one all-day event per planned action
    Ics,
    /// One row per interview round (one for an application with none yet)
    Csv,
    /// As csv, with tabs between the cells
    Tsv,
    /// The whole store
    Json,
    /// A workbook: a sheet of processes (the csv rows, with date cells) and a sheet of the plan
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write [default: the one the --output file's extension names]
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// For csv and tsv: start with a byte-order mark, so that Excel and LibreOffice read UTF-8
    #[arg(long)]
    pub bom: bool,
    /// For ics: only actions starting within this many days [default: all planned]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub days: Option<u32>,
    /// Write to FILE instead of standard output (`-`: standard output)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A spreadsheet with at least company and role columns, separated by `,`, `;` or tabs
    Csv,
    /// A spreadsheet separated by tabs
    Tsv,
    /// A file written by `followup export --format json`
    Json,
}

/// The fields `import --map` takes, in `--help`.
pub const IMPORT_MAP_HELP: &str = "Which field a column gives, for a header import does not \
    know: \"Header=field\" (repeatable), such as --map \"Stellentitel=role\" --map \
    \"Kanal=ignore\". The fields: id (a process number, or another tracker's id, kept), company, \
    role, date (of the interview), applied (when you applied), saved (when you saved the job), \
    status, round, label, \
    interviewers, contact (Name, or Name <email>, Title), contact_email, link, cancelled (yes \
    for a round called off), external_ref (another tracker's id), timeline, \
    timeline_date, closed, replies, instructions, notes, answers, feelings, want_it, questions, \
    highlights, stumped, red_flags; ignore leaves the column out.";

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds [default: named by the file's extension, .csv, .tsv or .json]
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Which field a column gives: "Header=field" (repeatable; see --help for the fields)
    #[arg(long, value_name = "HEADER=FIELD", long_help = IMPORT_MAP_HELP)]
    pub map: Vec<String>,
    /// How numeric dates such as 11/12/2026 read [default: date_order in the config, else the locale's]
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
    /// Print what would be created and planned, and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The file to read (`-`: standard input)
    pub file: PathBuf,
}

impl clap::ValueEnum for DateOrder {
    fn value_variants<'a>() -> &'a [Self] {
        &[DateOrder::Mdy, DateOrder::Dmy, DateOrder::Ymd]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            DateOrder::Mdy => "month first: 11/12/2026 is November 12",
            DateOrder::Dmy => "day first: 11/12/2026 is 11 December",
            DateOrder::Ymd => "year first: 2026/11/12 is November 12",
        };
        Some(PossibleValue::new(self.name()).help(help))
    }
}

// The model's names on the command line.

impl clap::ValueEnum for ReplyKind {
    fn value_variants<'a>() -> &'a [Self] {
        ReplyKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.help()))
    }
}

impl clap::ValueEnum for Outcome {
    /// The outcomes the user closes a process with: a rejection is the employer's, recorded by
    /// `log-reply --kind rejection`.
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Outcome::Accepted,
            Outcome::Declined,
            Outcome::Withdrawn,
            Outcome::NoResponse,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.help()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_import_help_names_every_field() {
        for field in crate::exchange::fields() {
            assert!(IMPORT_MAP_HELP.contains(field), "{field}");
        }
    }
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub command: CalendarCommand,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Write every planned action as its own event into the CalDAV calendar of the config
    ///
    /// The calendar is `url` under [calendar] in the config file, signed in with `username` and
    /// the password that `password_command` prints (never a password in the file). It is created
    /// when missing. Each event has a reminder at 09:00 the day its action opens and on its last
    /// day; what is done, dismissed or moot is deleted. Only what changed since the last push is
    /// sent: a push with nothing changed sends no event. An event changed on the server since is
    /// left alone, and the push says so.
    #[command(after_help = PUSH_AFTER_HELP)]
    Push(PushArgs),
}

const PUSH_AFTER_HELP: &str = "\
In the config file (`followup config` shows it):
  [calendar]
  url = \"https://dav.example.com/alex/followup/\"
  username = \"alex\"
  password_command = \"pass show dav/alex\"";

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Print the requests a push would send, and why, and send none of them (one PROPFIND,
    /// which only reads, finds whether the calendar is there); nothing is changed
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite (or delete) events changed on the server since the last push: followup's
    /// version wins
    #[arg(long)]
    pub force: bool,
    /// Do nothing, silently, when no url is set under [calendar]: the morning run uses it, so
    /// that a calendar set up later is pushed without installing the timer again
    #[arg(long)]
    pub if_configured: bool,
}
