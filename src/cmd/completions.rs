//! `followup completions` and `followup man`, generated from the clap definitions.
//!
//! Completion is dynamic (clap_complete's engine): the script `completions SHELL` prints calls
//! `followup` back at each TAB with `COMPLETE=SHELL` set, and the values people type come
//! from the store: process ids and companies, the actions planned for the process on the
//! line, and the people for `--to`. The store is read as `due` reads it: no lock, nothing
//! written; a missing or unreadable store completes nothing rather than printing an error.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::config;
use crate::model::{ActionKind, Process};
use crate::rules;
use crate::store::{self, Data};
use anyhow::{Context as _, Result};
use clap::CommandFactory;
use clap_complete::CompletionCandidate;
use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The variable that asks `followup` for completions instead of a run.
const VAR: &str = "COMPLETE";

/// The shell asking, kept before clap_complete clears the variable.
static SHELL: OnceLock<String> = OnceLock::new();

/// Answers a completion request from a shell (`COMPLETE=bash followup -- ...`) and exits;
/// returns at once on a normal run.
pub fn complete_if_asked() {
    if let Ok(shell) = std::env::var(VAR) {
        let _ = SHELL.set(shell);
        clap_complete::CompleteEnv::with_factory(Cli::command)
            .var(VAR)
            .complete();
    }
}

/// Prints the script that registers the completions in `shell`.
pub fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    let name = args.shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let shell = shells
        .completer(&name)
        .with_context(|| format!("no completions for the shell {name}"))?;
    let mut script = Vec::new();
    shell.write_registration(VAR, "followup", "followup", "followup", &mut script)?;
    if name == "bash" {
        let text = String::from_utf8(script).context("the bash script is not text")?;
        script = with_typed_word(&text).into_bytes();
    }
    out.write_all(&script)?;
    Ok(())
}

/// The variable that gives the program the word under the cursor as typed in bash: the
/// script passes the text after an open quote in its place (`acme c` for `'acme c`), and
/// what goes in depends on that quote.
const TYPED_VAR: &str = "FOLLOWUP_COMPLETE_WORD";

/// The bash script, passing [`TYPED_VAR`] along with `COMPLETE`.
fn with_typed_word(script: &str) -> String {
    let anchor = "        COMPLETE=\"bash\" \\\n";
    script.replacen(
        anchor,
        &format!("{anchor}        {TYPED_VAR}=\"${{COMP_WORDS[COMP_CWORD]}}\" \\\n"),
        1,
    )
}

/// The word under the cursor as typed: from bash, as its script passes it; from the others,
/// as the engine gives it.
fn typed(current: &str) -> String {
    match std::env::var(TYPED_VAR) {
        Ok(word) if SHELL.get().is_some_and(|s| s.ends_with("bash")) => word,
        _ => current.to_string(),
    }
}

pub fn man(args: ManArgs, out: &mut dyn Write) -> Result<()> {
    match args.output_dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .and_then(|()| super::man::generate_to(&dir))
                .with_context(|| {
                    format!("could not write the manual pages to {}", dir.display())
                })?;
            writeln!(out, "Wrote the manual pages to {}.", dir.display())?;
        }
        None => super::man::render(out)?,
    }
    Ok(())
}

/// What the words typed before the cursor say: the subcommand, the process, the action and the
/// data folder (`--dir`).
struct Line {
    command: String,
    process: Option<String>,
    action: Option<String>,
    dir: Option<PathBuf>,
}

/// Reads the line being completed: the words after `--` of this run, up to the word under the
/// cursor (`_CLAP_COMPLETE_INDEX` for bash and zsh; fish passes no more than that).
fn line() -> Option<Line> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let start = args.iter().position(|a| a == "--")? + 1;
    let words = &args[start..];
    let index = std::env::var("_CLAP_COMPLETE_INDEX")
        .ok()
        .and_then(|i| i.parse().ok())
        .unwrap_or(words.len().saturating_sub(1))
        .min(words.len());
    // bash and zsh pass the words as typed, quotes and escapes included.
    let words: Vec<OsString> = words[..index]
        .iter()
        .map(|w| w.to_str().map_or_else(|| w.clone(), |w| unquoted(w).into()))
        .collect();
    let matches = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(&words)
        .ok()?;
    let (command, sub) = matches.subcommand()?;
    let text = |id: &str| sub.try_get_one::<String>(id).ok().flatten().cloned();
    let dir = [&matches, sub]
        .iter()
        .find_map(|m| m.try_get_one::<PathBuf>("dir").ok().flatten().cloned());
    Some(Line {
        command: command.to_string(),
        process: text("process"),
        action: text("action"),
        dir,
    })
}

/// The processes the store holds: those in play, and the archive too for the commands made for
/// closed ones. `None` when there is no readable store.
fn processes(line: &Line) -> Option<Vec<Process>> {
    let (dir, _) = config::data_dir(line.dir.as_deref()).ok()?;
    let data: Data = if matches!(line.command.as_str(), "reopen" | "show" | "rm") {
        store::read(&dir).ok()?
    } else {
        store::read_in_play(&dir).ok()?
    };
    Some(data.processes)
}

/// The process named on the line, found as the commands find it, with all the others.
fn named_process(line: &Line, processes: Vec<Process>) -> Option<(Process, Vec<Process>)> {
    let data = Data {
        processes,
        ..Data::default()
    };
    let id = super::resolve(&data, line.process.as_deref()?).ok()?;
    let process = data.process(id)?.clone();
    Some((process, data.processes))
}

/// The planned actions of a process, now, with the config's rules.
fn plan((process, all): &(Process, Vec<Process>)) -> Vec<rules::Action> {
    let settings = config::config_path()
        .and_then(|(path, _)| config::load_config(Some(&path)).ok())
        .unwrap_or_default();
    let Ok(now) = config::now() else {
        return Vec::new();
    };
    rules::plan_process(process, all, &settings.policy, &now)
}

/// A word as the shell would read it: quotes dropped, backslash escapes undone (inside double
/// quotes, only before `$`, a backquote, `"` and `\\`), and an apostrophe between double quotes
/// kept. The word under the cursor reaches the program as typed (`acme\ l`, `'acme c`).
fn unquoted(typed: &str) -> String {
    parse(typed).word
}

/// A word read as the shell reads it.
struct Typed {
    word: String,
    /// The quote left open at the end of the word, and how many characters of `word` come
    /// before it: bash completes the text after that quote.
    open: Option<(char, usize)>,
}

fn parse(typed: &str) -> Typed {
    let mut word = String::new();
    let mut open: Option<(char, usize)> = None;
    let mut chars = typed.chars().peekable();
    while let Some(c) = chars.next() {
        match (open.map(|(quote, _)| quote), c) {
            (None, '\\') => word.extend(chars.next()),
            (None, '\'' | '"') => open = Some((c, word.chars().count())),
            (Some('\''), '\'') | (Some('"'), '"') => open = None,
            (Some('"'), '\\') => match chars.peek() {
                Some(&next) if "$`\"\\\n".contains(next) => {
                    word.push(next);
                    chars.next();
                }
                _ => word.push('\\'),
            },
            (_, c) => word.push(c),
        }
    }
    Typed { word, open }
}

/// `text`, with what was typed kept as typed: the matching is case-insensitive, as the
/// commands' is, and a shell keeps only the candidates that start with the typed word.
fn completing(typed: &str, text: &str) -> Option<String> {
    let typed = &unquoted(typed);
    let (typed_lower, text_lower) = (typed.to_lowercase(), text.to_lowercase());
    if !text_lower.starts_with(&typed_lower) {
        return None;
    }
    let rest: String = text.chars().skip(typed.chars().count()).collect();
    Some(format!("{typed}{rest}"))
}

/// A value as the shell inserts it in place of the word `typed`: bash puts in the words as
/// they are, so a space or a quote is escaped for it, but inside a quote the user opened it
/// replaces only the text after that quote, which must read as itself between those quotes
/// (readline closes the quote after a single match); fish and zsh quote what they insert
/// themselves.
fn word(value: String, typed: &str) -> OsString {
    if !SHELL.get().is_some_and(|s| s.ends_with("bash")) {
        return value.into();
    }
    let mut escaped = String::new();
    match parse(typed).open {
        Some(('\'', before)) => {
            for c in value.chars().skip(before) {
                match c {
                    '\'' => escaped.push_str("'\\''"),
                    c => escaped.push(c),
                }
            }
        }
        Some((_, before)) => {
            for c in value.chars().skip(before) {
                if "$`\"\\".contains(c) {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
        }
        None => {
            for c in value.chars() {
                if !(c.is_alphanumeric() || "-_.,+@:/=%".contains(c)) {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
        }
    }
    escaped.into()
}

fn help(text: String) -> Option<clap::builder::StyledStr> {
    Some(crate::render::clean(&text).into_owned().into())
}

/// The candidate `text` with its help, when it completes what was typed.
fn candidate(typed: &str, text: &str, about: String) -> Option<CompletionCandidate> {
    let value = completing(typed, text)?;
    Some(CompletionCandidate::new(word(value, typed)).help(help(about)))
}

/// Candidates for an argument naming a process: ids when digits are typed (`#` too), else
/// company names.
pub fn process(current: &OsStr) -> Vec<CompletionCandidate> {
    let (Some(current), Some(line)) = (current.to_str(), line()) else {
        return Vec::new();
    };
    let current = &typed(current);
    let Some(mut processes) = processes(&line) else {
        return Vec::new();
    };
    processes.sort_by_key(|p| (!p.is_open(), p.id));
    let digits = current.strip_prefix('#').unwrap_or(current);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) || current == "#" {
        let hash = if current.starts_with('#') { "#" } else { "" };
        return processes
            .iter()
            .filter(|p| p.id.to_string().starts_with(digits))
            .map(|p| {
                CompletionCandidate::new(format!("{hash}{}", p.id))
                    .help(help(format!("{} · {}", p.company, p.role)))
            })
            .collect();
    }
    let mut seen = HashSet::new();
    processes
        .iter()
        .filter(|p| seen.insert(p.company.to_lowercase()))
        .filter_map(|p| candidate(current, &p.company, format!("#{} · {}", p.id, p.role)))
        .collect()
}

/// Candidates for an action: those planned for the process on the line, most urgent first,
/// else every action name (for `draft`, those with a draft).
pub fn action(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let current = &typed(current);
    let line = line();
    let drafting = line.as_ref().is_some_and(|l| l.command == "draft");
    let fits = |kind: &ActionKind| !drafting || crate::draft::DRAFTABLE.contains(kind);
    let mut planned: Vec<(ActionKind, String)> = Vec::new();
    if let Some(named) = line.as_ref().and_then(|l| named_process(l, processes(l)?)) {
        for action in plan(&named) {
            let kind = action.kind();
            if fits(&kind) && !planned.iter().any(|(k, _)| *k == kind) {
                planned.push((kind, action.status.to_string()));
            }
        }
    }
    if planned.is_empty() {
        planned = ActionKind::ALL
            .iter()
            .filter(|k| fits(k))
            .map(|k| (*k, k.help().to_string()))
            .collect();
    }
    planned
        .into_iter()
        .filter_map(|(kind, about)| candidate(current, kind.name(), about))
        .collect()
}

/// Candidates for `--to`: the people still owed the action on the line (a thank-you, a
/// connect), else everyone who interviewed you there, and for `draft` the contact too.
pub fn person(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(current) = current.to_str() else {
        return Vec::new();
    };
    let current = &typed(current);
    let Some(line) = line() else {
        return Vec::new();
    };
    let Some(named) = processes(&line).and_then(|all| named_process(&line, all)) else {
        return Vec::new();
    };
    let kind = line
        .action
        .as_deref()
        .and_then(|a| a.parse::<ActionKind>().ok());
    let mut people: Vec<(String, String)> = Vec::new();
    if let Some(kind) = kind.filter(|k| k.is_per_person()) {
        for action in plan(&named) {
            if action.kind() == kind
                && let Some(to) = action.to
            {
                people.push((to, format!("{kind} {}", action.status)));
            }
        }
    }
    let process = &named.0;
    if people.is_empty() {
        for round in &process.rounds {
            for person in &round.interviewers {
                people.push((person.name.clone(), "interviewer".to_string()));
            }
        }
        if line.command == "draft"
            && let Some(contact) = &process.contact
        {
            people.push((contact.name.clone(), "contact".to_string()));
        }
    }
    let mut seen = HashSet::new();
    people
        .into_iter()
        .filter(|(name, _)| seen.insert(name.clone()))
        .filter_map(|(name, about)| candidate(current, &name, about))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{completing, unquoted, with_typed_word};

    #[test]
    fn what_was_typed_is_kept() {
        assert_eq!(completing("ac", "Acme Labs").as_deref(), Some("acme Labs"));
        assert_eq!(completing("", "Acme").as_deref(), Some("Acme"));
        assert_eq!(completing("Ac", "Acme").as_deref(), Some("Acme"));
        assert_eq!(completing("é", "Éole").as_deref(), Some("éole"));
        assert_eq!(completing("b", "Acme"), None);
        assert_eq!(
            completing("acme\\ l", "Acme Labs").as_deref(),
            Some("acme labs")
        );
        assert_eq!(
            completing("'jane d", "Jane Doe").as_deref(),
            Some("jane doe")
        );
        assert_eq!(
            completing("\"D'", "D'Arcy Moe").as_deref(),
            Some("D'Arcy Moe")
        );
    }

    #[test]
    fn the_bash_script_passes_the_word_as_typed() {
        let mut script = Vec::new();
        clap_complete::env::Shells::builtins()
            .completer("bash")
            .unwrap()
            .write_registration("COMPLETE", "followup", "followup", "followup", &mut script)
            .unwrap();
        let script = with_typed_word(&String::from_utf8(script).unwrap());
        assert!(
            script.contains(
                "COMPLETE=\"bash\" \\\n        FOLLOWUP_COMPLETE_WORD=\"${COMP_WORDS[COMP_CWORD]}\" \\\n"
            ),
            "{script}"
        );
    }

    #[test]
    fn words_are_read_as_the_shell_reads_them() {
        assert_eq!(unquoted("acme\\ l"), "acme l");
        assert_eq!(unquoted("'acme c"), "acme c");
        assert_eq!(unquoted("\"D'"), "D'");
        assert_eq!(unquoted("'it'\\''s'"), "it's");
        assert_eq!(unquoted("\"a\\\"b\\c\""), "a\"b\\c");
        assert_eq!(unquoted("ac'me c'orp"), "acme corp");
    }
}
