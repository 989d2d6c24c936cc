//! `followup debrief`: write the debrief of the latest interview in the user's editor.

use super::{Context, resolve};
use crate::cli::ProcessArg;
use crate::config;
use crate::model::Debrief;
use crate::render;
use crate::store::{self, Store};
use anyhow::{Context as _, Result, bail};
use std::io::Write;

pub fn run(ctx: &Context, args: ProcessArg, out: &mut dyn Write) -> Result<()> {
    let data = store::read(&ctx.dir)?;
    let id = resolve(&data, &args.process)?;
    edit(ctx, id, out)
}

/// Opens the editor on the debrief questions of process `id`'s latest round, then stores the
/// answers. The lock is not held while the user writes: what another run changed meanwhile (a
/// `note`) is merged with them, or, when both changed one answer, the edited file is kept and
/// nothing is stored.
pub fn edit(ctx: &Context, id: u32, out: &mut dyn Write) -> Result<()> {
    let data = store::read(&ctx.dir)?;
    let process = data.process(id).expect("resolved id exists");
    let Some(round) = process.latest_round() else {
        bail!(
            "{} has no interview to debrief",
            render::process_name(process)
        );
    };
    let (round_uid, start) = (round.uid, round.debrief.clone());
    let heading = format!(
        "{}, {} on {}",
        render::process_name(process),
        round.label.as_deref().unwrap_or("interview"),
        render::moment(&round.at, &ctx.now)
    );
    let template = template(&heading, &round.debrief);

    let file = tempfile::Builder::new()
        .prefix("followup-debrief-")
        .suffix(".md")
        .tempfile()
        .context("could not create a file for the editor")?;
    std::fs::write(file.path(), &template)
        .with_context(|| format!("could not write {}", file.path().display()))?;
    let editor = config::editor();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("could not start the editor {editor:?}"))?;
    if !status.success() {
        bail!("the editor {editor:?} failed ({status}); nothing was stored");
    }
    let written = std::fs::read_to_string(file.path())
        .with_context(|| format!("could not read {}", file.path().display()))?;
    if written == template {
        writeln!(out, "The debrief was left unchanged; nothing stored.")?;
        return Ok(());
    }
    let debrief = parse(&written);

    let mut store = Store::open_dir(&ctx.dir)?;
    store.load_archive()?;
    let round = store
        .data
        .processes
        .iter_mut()
        .flat_map(|p| &mut p.rounds)
        .find(|r| r.uid == round_uid);
    let Some(round) = round else {
        bail!("the interview of {heading} was removed meanwhile; nothing was stored");
    };
    let Some(merged) = merge(&start, debrief, &round.debrief) else {
        let kept = file
            .into_temp_path()
            .keep()
            .context("could not keep the edited file")?;
        bail!(
            "the debrief of {heading} was changed meanwhile by another run, in an answer you changed too; nothing was stored, and your text is kept in {}",
            kept.display()
        );
    };
    round.debrief = merged;
    ctx.save(&mut store)?;
    writeln!(out, "Stored the debrief of {heading}.")?;
    Ok(())
}

/// The debrief as edited from `start`, with what another run changed in `current` meanwhile:
/// items it added to a list, lines it added to a text (as `note` does). `None` when both changed
/// one text otherwise.
fn merge(start: &Debrief, edited: Debrief, current: &Debrief) -> Option<Debrief> {
    fn list(start: &[String], mut edited: Vec<String>, current: &[String]) -> Vec<String> {
        for item in current {
            if !start.contains(item) && !edited.contains(item) {
                edited.push(item.clone());
            }
        }
        edited
    }
    fn text(start: &str, edited: String, current: &str) -> Option<String> {
        if current == start || current == edited {
            return Some(edited);
        }
        if edited == start {
            return Some(current.to_string());
        }
        let added = current.strip_prefix(start)?.trim_start_matches('\n');
        Some(if edited.is_empty() {
            added.to_string()
        } else {
            format!("{edited}\n{added}")
        })
    }
    Some(Debrief {
        questions: list(&start.questions, edited.questions, &current.questions),
        answers: text(&start.answers, edited.answers, &current.answers)?,
        highlights: list(&start.highlights, edited.highlights, &current.highlights),
        stumped: list(&start.stumped, edited.stumped, &current.stumped),
        red_flags: list(&start.red_flags, edited.red_flags, &current.red_flags),
        feelings: text(&start.feelings, edited.feelings, &current.feelings)?,
        want_it: text(&start.want_it, edited.want_it, &current.want_it)?,
        notes: text(&start.notes, edited.notes, &current.notes)?,
    })
}

/// The debrief's sections: heading, and whether it holds a list (one item per line).
const SECTIONS: [(&str, bool); 8] = [
    ("Questions they asked", true),
    ("How you answered", false),
    (
        "Highlights worth mentioning in a thank-you (\"Jane: the caching design\" for one person)",
        true,
    ),
    ("What stumped you, to revisit", true),
    ("Red flags", true),
    ("How you felt about them and the company", false),
    ("Do you want this job? Why?", false),
    ("Other notes", false),
];

/// The template's own guidance; only these lines are dropped when reading back, so a note that
/// starts with `#` ("#2 choice after Northwind") is kept.
const GUIDANCE: [&str; 2] = [
    "# Write under each heading; for lists, one item per line.",
    "# These guidance lines are ignored. Leave the file unchanged to store nothing.",
];

fn template(heading: &str, debrief: &Debrief) -> String {
    let mut text = format!("# Debrief: {heading}\n{}\n{}\n", GUIDANCE[0], GUIDANCE[1]);
    let d = debrief;
    let items: [&[String]; 8] = [
        &d.questions,
        std::slice::from_ref(&d.answers),
        &d.highlights,
        &d.stumped,
        &d.red_flags,
        std::slice::from_ref(&d.feelings),
        std::slice::from_ref(&d.want_it),
        std::slice::from_ref(&d.notes),
    ];
    for ((title, list), items) in SECTIONS.iter().zip(items) {
        text.push_str(&format!("\n## {title}\n"));
        for item in items.iter().filter(|i| !i.is_empty()) {
            if *list {
                text.push_str(&format!("- {item}\n"));
            } else {
                text.push_str(item);
                text.push('\n');
            }
        }
    }
    text
}

/// Reads the edited file back: text under each `## ` heading, in the order of [`SECTIONS`].
fn parse(text: &str) -> Debrief {
    let mut sections: Vec<Vec<&str>> = vec![Vec::new(); SECTIONS.len()];
    let mut current: Option<usize> = None;
    for line in text.lines() {
        // A heading of the template starts its section; any other line is content.
        let section = line
            .strip_prefix("## ")
            .and_then(|title| SECTIONS.iter().position(|(t, _)| *t == title.trim()));
        if section.is_some() {
            current = section;
            continue;
        }
        if line.starts_with("# Debrief: ") || GUIDANCE.contains(&line.trim_end()) {
            continue;
        }
        if let Some(index) = current {
            sections[index].push(line);
        }
    }
    let list = |lines: &[&str]| -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                let l = l.trim();
                // One list marker, as written by the template: "-5% raise cap" keeps its minus.
                l.strip_prefix("- ")
                    .or_else(|| l.strip_prefix("* "))
                    .unwrap_or(l)
                    .trim()
                    .to_string()
            })
            .filter(|l| !l.is_empty())
            .collect()
    };
    let prose = |lines: &[&str]| lines.join("\n").trim().to_string();
    Debrief {
        questions: list(&sections[0]),
        answers: prose(&sections[1]),
        highlights: list(&sections[2]),
        stumped: list(&sections[3]),
        red_flags: list(&sections[4]),
        feelings: prose(&sections[5]),
        want_it: prose(&sections[6]),
        notes: prose(&sections[7]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_back_as_what_it_holds() {
        let debrief = Debrief {
            notes: "went well".into(),
            questions: vec!["design a cache".into(), "why us?".into()],
            highlights: vec!["Jane: the caching design".into()],
            stumped: vec!["consistent hashing".into()],
            red_flags: vec!["on-call every week".into()],
            answers: "too long on the first one\nbetter on the second".into(),
            feelings: "liked Jane".into(),
            want_it: "yes".into(),
        };
        assert_eq!(parse(&template("Acme", &debrief)), debrief);
        assert_eq!(
            parse(&template("Acme", &Debrief::default())),
            Debrief::default()
        );
    }

    #[test]
    fn list_markers_and_comments_are_dropped() {
        let text = format!(
            "# Debrief: Acme\n{}\n## Questions they asked\n- one\n* two\n  three  \n-5% raise cap\n\n## Red flags\nnone really\n## Other notes\n#2 choice after Northwind\nC# shop\n",
            GUIDANCE[1]
        );
        let debrief = parse(&text);
        assert_eq!(debrief.questions, ["one", "two", "three", "-5% raise cap"]);
        assert_eq!(debrief.red_flags, ["none really"]);
        assert_eq!(debrief.notes, "#2 choice after Northwind\nC# shop");
    }
}
