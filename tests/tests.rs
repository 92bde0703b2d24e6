//! Integration tests: one binary, a module per theme.

mod cli;
mod ingest;
mod programs;
mod report;
mod rubrics;
mod scoring;
mod util;
