//! Integration tests: one binary, a module per theme.

mod cli;
mod ingest;
mod report;
mod rubrics;
mod scoring;
mod util;
