//! `followup demo`: a short, realistic week played in a throwaway store, so a newcomer sees the
//! tool at work in one command. The user's own store and config are never touched.

use super::{Context, dispatch};
use crate::cli::Cli;
use crate::config::User;
use crate::policy::Policy;
use crate::render::Paint;
use anyhow::{Context as _, Result};
use chrono::{DateTime, Datelike, Days, Local, NaiveTime, TimeZone};
use clap::Parser;
use std::io::Write;

/// The week: the day after Monday, the time, then the command as shown, with the words that hold
/// spaces in double quotes; a line indented by four spaces goes on with the command above.
const WEEK: &str = r#"
0 17:30 add --company Northwind --role "Data Engineer" --at "today 15:00"
    --round "video interview"
    --interviewer "Priya Shah <priya@northwind.example>, Head of Data"
    --interviewer "Tom Becker <tom@northwind.example>" --timeline "end of next week"
    --highlight "Priya: moving the pipelines to streaming"
    --highlight "Tom: on-call and testing culture" --stumped "exactly-once delivery"
0 18:00 add --company Contoso --role "Platform Engineer" --at "last thursday 11:00"
    --interviewer "Sam Lee <sam@contoso.example>" --notes "friendly, very technical"
1 08:30 due
1 08:40 draft northwind thank-you --to priya
1 09:00 done northwind thank-you --to priya
1 09:05 done northwind thank-you --to tom
1 09:10 done contoso thank-you
3 16:00 log-reply contoso --kind next-round --next-interview "next tuesday 10:00"
    --note "system design with the team"
4 08:30 due
"#;

/// The words of a command: quoted ones whole, the others split at spaces.
fn words(command: &str) -> Vec<&str> {
    command
        .split('"')
        .enumerate()
        .flat_map(|(i, part)| match i % 2 {
            1 => vec![part],
            _ => part.split_whitespace().collect(),
        })
        .collect()
}

pub fn run(color: bool, today_now: DateTime<Local>, out: &mut dyn Write) -> Result<()> {
    let scratch = tempfile::Builder::new()
        .prefix("followup-demo-")
        .tempdir()
        .context("could not create a throwaway folder for the demo")?;
    let paint = Paint::new(color);
    // The week starts on this week's Monday, so dates read naturally.
    let today = today_now.date_naive();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    writeln!(
        out,
        "A week of job hunting, played in a throwaway store ({}); your own data is not touched.",
        scratch.path().display()
    )?;
    for step in WEEK.trim().replace("\n    ", " ").lines() {
        let [day, time, command] = step.splitn(3, ' ').collect::<Vec<_>>()[..] else {
            unreachable!("demo steps have a day, a time and a command")
        };
        let date = monday + Days::new(day.parse().expect("demo days are numbers"));
        let time = NaiveTime::parse_from_str(time, "%H:%M").expect("demo times are valid");
        let now: DateTime<Local> = Local
            .from_local_datetime(&date.and_time(time))
            .earliest()
            .unwrap_or(today_now);
        let words = words(command);
        let cli = Cli::try_parse_from(std::iter::once("followup").chain(words.iter().copied()))
            .expect("demo commands are valid");
        let demo = Context {
            command: words[0].to_string(),
            dir: scratch.path().to_path_buf(),
            dir_source: "from demo",
            now,
            policy: Policy::default(),
            user: User {
                name: Some("Alex Martin".into()),
                ..User::default()
            },
            calendar: Default::default(),
            notify: Default::default(),
            schedule: Default::default(),
            config_path: None,
            color,
        };
        writeln!(
            out,
            "\n{}\n{}",
            paint.dim(&now.format("── %A %-d %B, %H:%M").to_string()),
            paint.strong(&format!("$ followup {command}"))
        )?;
        dispatch(&demo, cli.command, out)?;
    }
    writeln!(
        out,
        "\nThat was the demo; its store is gone. Record your own interview with `followup add --company C --role R --at WHEN` (see `followup add --help`)."
    )?;
    Ok(())
}
