//! Integration tests: one binary, a module per theme.

mod bad_inputs;
mod biff;
mod browser;
mod cli;
mod consistency;
mod history;
mod ingest;
mod lhe;
mod mutations;
mod path;
mod pemda;
#[path = "support/pemda_lke.rs"]
mod pemda_lke;
mod print;
mod program_lists;
mod programs;
mod renja;
mod renja_form;
mod report;
mod rubric_import;
mod rubrics;
mod scoring;
mod serve;
mod templates;
mod trees;
mod util;
mod zi;
