//! Writes the Renja form fixtures of `tests/renja.rs`: Bappedalitbang's form with its budget
//! formulas (`renja_bappedalitbang.xlsx`) and as values only (`renja_bappedalitbang_nilai.xlsx`),
//! then, when LibreOffice is installed, the formulas file saved by it as `.xls` and `.ods`, as
//! the same form reaches an evaluator four ways.
//!
//! `cargo run --example renja_fixtures -- tests/fixtures`

#[path = "../tests/renja_form.rs"]
mod renja_form;

use renja_form::Save;
use std::path::Path;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures".into());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let formulas = dir.join("renja_bappedalitbang.xlsx");
    let codes = Save {
        codes: true,
        ..Save::default()
    };
    renja_form::write(
        &formulas,
        Save {
            formulas: true,
            ..codes
        },
    )?;
    renja_form::write(&dir.join("renja_bappedalitbang_nilai.xlsx"), codes)?;
    for to in ["xls", "ods"] {
        let status = Command::new("soffice")
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(dir)
            .arg(&formulas)
            .status();
        match status {
            Ok(s) if s.success() => println!("saved as .{to} by LibreOffice"),
            _ => eprintln!("LibreOffice (soffice) did not save .{to}; the committed one stays"),
        }
    }
    Ok(())
}
