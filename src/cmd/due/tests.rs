//! The cached plan against the plan: the same actions, words, order and standing at any moment
//! of the year it was made in.

use super::*;
use crate::model::Closure;
use crate::rules::tests::arbitrary_process;
use proptest::prelude::*;

/// A moment in 2026, `hours` after 5 January 09:00 UTC+1: in 2026 in any time zone for
/// `hours` below 350 days.
fn moment(hours: i64) -> DateTime<Local> {
    let base = DateTime::parse_from_rfc3339("2026-01-05T09:00:00+01:00").unwrap();
    (base + Duration::hours(hours)).with_timezone(&Local)
}

proptest! {
    #[test]
    fn the_cached_plan_is_the_plan_at_any_moment_of_the_year(
        mut processes in prop::collection::vec(arbitrary_process(), 1..4),
        names in prop::collection::vec("[a-zA-Z \t\n\u{202e}é·'\\\\]{0,12}", 4),
        accepted in prop::option::of(0usize..4),
        made in 0i64..350 * 24,
        shown in 0i64..350 * 24,
        days in 0u32..60,
    ) {
        for (index, process) in processes.iter_mut().enumerate() {
            process.id = index as u32 + 1;
            process.company = names[index].clone();
        }
        // An offer accepted in one process: the others withdraw.
        if let Some(process) = accepted.and_then(|index| processes.get_mut(index)) {
            let last = process.rounds.iter().map(|r| r.at).max().unwrap();
            process.closed = Some(Closure { outcome: Outcome::Accepted, at: last + Duration::days(1) });
        }
        let policy = Policy::default();
        let (then, now) = (moment(made), moment(shown));
        let plan = Plan::new(&processes, &policy, &then);

        // What the cache gives back is what went in.
        let text = cache::text("key", &plan);
        let cached = cache::parse(&text).expect("the cache reads back");
        prop_assert_eq!(&cached.rows, &plan.rows);
        prop_assert_eq!((cached.open, cached.accepted), (plan.open, plan.accepted));

        // The words don't depend on the moment within the year.
        prop_assert_eq!(&Plan::new(&processes, &policy, &now).rows, &plan.rows);

        // Shown now, the actions stand and come in the order the rules give now.
        let horizon = now.fixed_offset() + Duration::days(i64::from(days));
        let by_id: HashMap<u32, &Process> = processes.iter().map(|p| (p.id, p)).collect();
        let expected: Vec<_> = rules::plan(&processes, &policy, &now)
            .into_iter()
            .filter(|a| a.status != Status::Upcoming || (a.from <= horizon && !a.snoozed))
            .map(|a| {
                let texts = [
                    render::process_name(by_id[&a.process]),
                    render::title(&a),
                    render::clean(&a.reason).into_owned(),
                    render::clean(&render::done_command(&a)).into_owned(),
                ];
                let instructions = a.instructions.as_deref().map(|i| render::clean(i).into_owned());
                (a.status, a.from, a.by, a.snoozed, texts, instructions)
            })
            .collect();
        let shown: Vec<_> = pending(&cached, &now, days)
            .into_iter()
            .map(|(status, row)| {
                let texts = [&row.process, &row.title, &row.reason, &row.done].map(|t| t.to_string());
                let instructions = row.instructions.as_ref().map(|i| i.to_string());
                (status, row.from, row.by, row.snoozed, texts, instructions)
            })
            .collect();
        prop_assert_eq!(shown, expected);
    }
}
