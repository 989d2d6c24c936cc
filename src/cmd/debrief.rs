//! `followup debrief`: write the debrief of the latest interview in the user's editor.

use super::{Context, resolve};
use crate::cli::DebriefArgs;
use crate::config;
use crate::model::{Debrief, Process};
use crate::render;
use crate::store;
use anyhow::{Context as _, Result, bail};
use std::io::Write;

pub fn run(ctx: &Context, args: DebriefArgs, out: &mut dyn Write) -> Result<()> {
    let data = store::read(&ctx.dir)?;
    let id = resolve(&data, &args.process)?;
    edit(ctx, id, out)
}

/// Opens the editor on the debrief questions of process `id`'s latest round, then stores the
/// answers. The lock is not held while the user writes.
pub fn edit(ctx: &Context, id: u32, out: &mut dyn Write) -> Result<()> {
    let data = store::read(&ctx.dir)?;
    let process = data.process(id).expect("resolved id exists");
    let Some(round) = process.latest_round() else {
        bail!(
            "{} has no interview to debrief",
            render::process_name(process)
        );
    };
    let round_at = round.at;
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

    let (mut store, id) = ctx.open_process(&id.to_string())?;
    let process: &mut Process = store.data.process_mut(id).expect("resolved id exists");
    let Some(round) = process.rounds.iter_mut().find(|r| r.at == round_at) else {
        bail!("the interview of {heading} was changed meanwhile; nothing was stored");
    };
    round.debrief = debrief;
    ctx.save(&mut store)?;
    writeln!(out, "Stored the debrief of {heading}.")?;
    Ok(())
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
    for (index, (title, list)) in SECTIONS.iter().enumerate() {
        text.push_str(&format!("\n## {title}\n"));
        let items: Vec<String> = match index {
            0 => debrief.questions.clone(),
            1 => vec![debrief.answers.clone()],
            2 => debrief.highlights.clone(),
            3 => debrief.stumped.clone(),
            4 => debrief.red_flags.clone(),
            5 => vec![debrief.feelings.clone()],
            6 => vec![debrief.want_it.clone()],
            _ => vec![debrief.notes.clone()],
        };
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
