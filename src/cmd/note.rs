//! `followup note`: add to the latest interview's debrief.

use super::{Context, required};
use crate::cli::NoteArgs;
use crate::error::usage;
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let text = required("the note", &args.text)?;
    let (data, id, ()) = ctx.change(&args.process, |process| {
        let name = render::process_name(process);
        let Some(round) = process.latest_round_mut() else {
            return Err(usage(format!("{name} has no interview to add notes to")));
        };
        let notes = &mut round.debrief.notes;
        if !notes.is_empty() {
            notes.push('\n');
        }
        notes.push_str(&text);
        Ok(())
    })?;
    let process = data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Added to the debrief of {} ({}).",
        render::process_name(process),
        render::count(process.rounds.len(), "round")
    )?;
    Ok(())
}
