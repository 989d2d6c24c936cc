//! Calendar, spreadsheet and JSON exchange: export the plan and the records, import records.
