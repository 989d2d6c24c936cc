//! `followup note`: add to the latest interview's debrief.

use super::{Context, required};
use crate::cli::NoteArgs;
use crate::render;
use anyhow::Result;
use std::io::Write;

pub fn run(ctx: &Context, args: NoteArgs, out: &mut dyn Write) -> Result<()> {
    let text = required("the note", &args.text)?;
    let (mut store, id) = ctx.open_process(&args.process)?;
    let process = store.data.process_mut(id).expect("resolved id exists");
    let round_count = process.rounds.len();
    let Some(round) = process.latest_round_mut() else {
        return Err(crate::error::usage(format!(
            "{} has no interview to add notes to",
            render::process_name(process)
        )));
    };
    let notes = &mut round.debrief.notes;
    if !notes.is_empty() {
        notes.push('\n');
    }
    notes.push_str(&text);
    ctx.save(&mut store)?;
    let process = store.data.process(id).expect("resolved id exists");
    writeln!(
        out,
        "Added to the debrief of {} ({round_count} round{}).",
        render::process_name(process),
        if round_count == 1 { "" } else { "s" }
    )?;
    Ok(())
}
