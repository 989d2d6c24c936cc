//! `followup`: remembers job interviews and says, each morning, which follow-up to send and why.

pub mod calendar;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dates;
pub mod draft;
pub mod error;
pub mod exchange;
pub mod files;
pub mod model;
pub mod notify;
pub mod policy;
pub mod render;
pub mod rules;
pub mod store;
#[cfg(test)]
pub(crate) mod testing;
