//! The settings file (`--settings sakip.toml`; `sakip init` writes a commented example): who
//! evaluates and how its documents look. The government's name heads every printed page and
//! the `Ringkasan` sheet; the Inspektorat, its address and city, the signatory and the report
//! number and date are for the documents an evaluation ends with (the LHE).
//!
//! Every field may be left out: without a government's name, pages are headed by the
//! rubric's title.

use crate::lang::Lang;
use crate::messages::{Diagnostics, IngestProblem, Location};
use serde::Deserialize;
use std::path::Path;

/// The paper a workbook prints on.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// A4, 210 x 297 mm.
    #[default]
    A4,
    /// F4 (Folio), 215 x 330 mm: Excel's "Folio 8.5 x 13 in".
    F4,
}

/// The settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The government evaluated, and its Inspektorat.
    #[serde(default)]
    pub government: Government,
    /// Who signs the evaluation's documents.
    #[serde(default)]
    pub signatory: Signatory,
    /// How the documents are numbered, dated and printed.
    #[serde(default)]
    pub report: ReportSettings,
}

/// The government and its Inspektorat.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Government {
    /// `Pemerintah Kota Sukamaju`: heads every printed page.
    pub name: Option<String>,
    /// `Inspektorat Kota Sukamaju`.
    pub inspectorate: Option<String>,
    /// The Inspektorat's address, for the letterhead.
    pub address: Option<String>,
    /// Where the documents are signed (`Sukamaju`).
    pub city: Option<String>,
}

/// Who signs.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// The name with titles.
    pub name: Option<String>,
    /// The position (`Inspektur Kota Sukamaju`).
    pub position: Option<String>,
    /// The rank (`Pembina Utama Muda (IV/c)`).
    pub rank: Option<String>,
    /// The civil servant number.
    pub nip: Option<String>,
}

/// Numbering, date and paper.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The report number's pattern: `{no}` the document's number, `{year}` the year evaluated.
    pub number: Option<String>,
    /// The documents' date, as written under them (`15 Desember 2025`).
    pub date: Option<String>,
    /// The paper, unless `--paper` says otherwise.
    pub paper: Option<Paper>,
}

impl Settings {
    /// Reads the settings file at `path`.
    ///
    /// # Errors
    /// Diagnostics at the file: when it cannot be read, or is not settings (a syntax error or
    /// a key sakip does not know, with its line).
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let at = Some(Location::file(path.display().to_string()));
        let mut diag = Diagnostics::default();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                let detail = e.to_string();
                diag.error(at, IngestProblem::Unreadable { detail });
                return Err(diag);
            }
        };
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            let kind = IngestProblem::BadSettings {
                line,
                detail: e.message().to_string(),
            };
            diag.error(at, kind);
            diag
        })
    }

    /// A commented example of the file, in `lang`.
    pub fn example(lang: Lang) -> &'static str {
        match lang {
            Lang::Id => include_str!("../settings/sakip.id.toml"),
            Lang::En => include_str!("../settings/sakip.en.toml"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_are_settings() {
        for lang in [Lang::Id, Lang::En] {
            let s: Settings = toml::from_str(Settings::example(lang)).unwrap();
            assert_eq!(
                s.government.name.as_deref(),
                Some("Pemerintah Kota Sukamaju")
            );
            assert_eq!(s.report.paper, Some(Paper::A4));
        }
    }
}
