//! The year-over-year history: one Parquet file per evaluated year and rubric.
//!
//! A year's file holds one row per OPD (`tahun`, `rubrik`, `rezim`, `opd`, `opd_id`, `nilai`,
//! `predikat`, `peringkat`, then one column per component, sub-component and index) and, under
//! the file-level key `sakip`, a JSON description of its rubric ([`YearMeta`]): the maxima of its
//! columns, the components' shared keys and the predicate bands. A history folder is therefore
//! readable on its own, whatever rubric files existed when it was written.

pub mod answers;
pub mod import;
pub mod lineage;
pub mod trend;

use crate::lang::Text;
use crate::messages::{Diagnostics, HistoryProblem, Location};
use crate::report::ReportError;
use crate::rubric::{Band, Rubric};
use crate::score::rank::round_centi;
use polars::prelude::*;
use polars_io::parquet::read::ParquetReader;
use polars_io::parquet::write::{KeyValueMetadata, ParquetWriter};
use polars_io::SerReader;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Each OPD's own years, by the name it is ranked under this year.
pub type PastYears = std::collections::HashMap<String, Vec<trend::Point>>;

/// The version of the file layout written.
pub const FORMAT: u32 = 1;
/// The file-level metadata key holding [`YearMeta`].
const META_KEY: &str = "sakip";

/// Column names of a year's file.
pub mod cols {
    /// The year.
    pub const YEAR: &str = "tahun";
    /// The rubric id.
    pub const RUBRIC: &str = "rubrik";
    /// The regulation.
    pub const REGIME: &str = "rezim";
    /// The OPD as scored.
    pub const OPD: &str = "opd";
    /// Its registry id, when a registry was given.
    pub const OPD_ID: &str = "opd_id";
    /// The final score, 2 decimals.
    pub const SCORE: &str = "nilai";
    /// The predicate.
    pub const PREDICATE: &str = "predikat";
    /// The rank (competition ranking on the final score).
    pub const RANK: &str = "peringkat";
}

/// Where a year's results came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `sakip score`: scored from LKE answers.
    Score,
    /// `sakip history import`: a published summary.
    Import,
}

/// What a part column measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// A component.
    Komponen,
    /// A sub-component.
    Subkomponen,
    /// A node below the sub-components with a score of its own (an area or an indicator of
    /// the Zona Integritas LKE).
    Bagian,
    /// One of the engine's indices (0-100).
    Indeks,
}

/// One score column beside the final score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartMeta {
    /// The column's name in the file.
    pub column: String,
    /// What it measures.
    pub level: Level,
    /// The rubric's code (`1`, `1.a`) or the index name.
    pub code: String,
    /// The key shared across regimes (components only; else the code).
    pub key: String,
    /// Its name.
    pub name: Text,
    /// Its maximum.
    pub max: f64,
}

/// The description of a year's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearMeta {
    /// Layout version.
    pub format: u32,
    /// The year evaluated.
    pub year: i32,
    /// The rubric id.
    pub rubric: String,
    /// The rubric's title.
    pub title: Text,
    /// The regulation.
    pub regime: String,
    /// The highest final score.
    pub max_score: f64,
    /// Scored or imported.
    pub source: Source,
    /// Predicate bands, highest first.
    pub bands: Vec<Band>,
    /// The part columns, in order.
    pub parts: Vec<PartMeta>,
}

impl YearMeta {
    /// The description of `rubric`'s results for `year`, with its components, sub-components and
    /// deeper nodes with a score of their own, a column each (indices are added by
    /// [`YearResult::from_ranking`] when present).
    pub fn of(rubric: &Rubric, year: i32, source: Source) -> Self {
        let mut parts = Vec::new();
        for c in &rubric.components {
            parts.push(PartMeta {
                column: format!("komponen_{}", c.code),
                level: Level::Komponen,
                code: c.code.clone(),
                key: c.key.clone(),
                name: c.name.clone(),
                max: c.weight,
            });
        }
        for (_, s) in rubric.subcomponents() {
            parts.push(PartMeta {
                column: format!("subkomponen_{}", s.key),
                level: Level::Subkomponen,
                code: s.key.clone(),
                key: s.key.clone(),
                name: s.name.clone(),
                max: s.weight,
            });
        }
        // The deeper nodes, as the ranking carries them (see `crate::score::rank`).
        let depth = rubric.nodes.iter().map(|n| n.level).max().unwrap_or(0);
        for level in 3..=depth {
            let scored = rubric
                .nodes
                .iter()
                .filter(|n| n.level == level && (!n.is_leaf() || n.weight.is_some()));
            for n in scored {
                parts.push(PartMeta {
                    column: format!("bagian_{}", n.code),
                    level: Level::Bagian,
                    code: n.code.clone(),
                    key: n.code.clone(),
                    name: n.name.clone(),
                    max: n.weight_or_one(),
                });
            }
        }
        YearMeta {
            format: FORMAT,
            year,
            rubric: rubric.id.clone(),
            title: rubric.title.clone(),
            regime: rubric.regime.clone(),
            max_score: rubric.max_score,
            source,
            bands: rubric.bands.clone(),
            parts,
        }
    }

    /// The band of a final score (rounded to hundredths first); none when the predicates are
    /// gated (the Zona Integritas LKE's need node scores, not the final score alone: a mean of
    /// merged OPDs or an imported score has no predicate rather than a wrong one).
    pub fn band_for(&self, score: f64) -> Option<&Band> {
        if self.bands.iter().any(|b| !b.requires.is_empty()) {
            return None;
        }
        let centi = round_centi(score);
        self.bands.iter().find(|b| b.contains_centi(centi))
    }

    /// The components, in order.
    pub fn components(&self) -> impl Iterator<Item = (usize, &PartMeta)> {
        self.parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.level == Level::Komponen)
    }

    /// The name of this year's file in the history folder.
    pub fn file_name(&self) -> String {
        let rubric: String = self
            .rubric
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{}-{rubric}.parquet", self.year)
    }
}

/// One OPD's results in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpdYear {
    /// The OPD as scored.
    pub opd: String,
    /// Its registry id.
    pub opd_id: Option<String>,
    /// The final score, 2 decimals.
    pub score: f64,
    /// The predicate.
    pub predicate: String,
    /// The rank.
    pub rank: u32,
    /// The part scores, aligned with [`YearMeta::parts`] (`None` where not given).
    pub parts: Vec<Option<f64>>,
}

/// A year's results.
#[derive(Debug, Clone)]
pub struct YearResult {
    /// Its description.
    pub meta: YearMeta,
    /// One row per OPD, in rank order.
    pub rows: Vec<OpdYear>,
    /// The file it was read from (empty before it is stored).
    pub file: PathBuf,
}

/// Competition ranks (1, 2, 2, 4) of scores, highest first; the input order is kept.
pub fn competition_ranks(scores: &[f64]) -> Vec<u32> {
    let centi: Vec<i64> = scores.iter().map(|&s| round_centi(s)).collect();
    let mut order: Vec<usize> = (0..centi.len()).collect();
    order.sort_by(|&a, &b| centi[b].cmp(&centi[a]));
    let mut ranks = vec![0; centi.len()];
    for (place, &i) in order.iter().enumerate() {
        // A score equal to the one before shares its rank; otherwise the rank is the place.
        ranks[i] = match place.checked_sub(1).map(|p| order[p]) {
            Some(prev) if centi[prev] == centi[i] => ranks[prev],
            _ => place as u32 + 1,
        };
    }
    ranks
}

impl YearResult {
    /// A year's results from a ranking frame (`opd`, `score`, `predicate`, component codes,
    /// sub-component keys, and `keselarasan` / `kolaborasi` / `gabungan` when present): OPDs
    /// without a final score are left out; ranks are the AKIP competition ranks.
    ///
    /// # Errors
    /// Polars errors when the ranking lacks the scores, the predicates, or a part's column.
    pub fn from_ranking(
        rubric: &Rubric,
        year: i32,
        ranking: &crate::frame::Ranked,
        id_of: impl Fn(&str) -> Option<String>,
    ) -> PolarsResult<Self> {
        let mut meta = YearMeta::of(rubric, year, Source::Score);
        for (name, label) in [
            (
                crate::score::indices::ALIGNMENT,
                Text::new("Indeks Keselarasan", Some("Alignment index".into())),
            ),
            (
                crate::score::indices::COLLABORATION,
                Text::new("Indeks Kolaborasi", Some("Collaboration index".into())),
            ),
            (
                crate::score::combine::COMPOSITE,
                Text::new("Indeks Gabungan", Some("Composite index".into())),
            ),
        ] {
            if ranking.has(name) {
                meta.parts.push(PartMeta {
                    column: format!("indeks_{name}"),
                    level: Level::Indeks,
                    code: name.to_string(),
                    key: name.to_string(),
                    name: label,
                    max: 100.0,
                });
            }
        }
        let absent = |name: &str| PolarsError::ColumnNotFound(name.to_string().into());
        let opds = ranking.opds();
        let scores = ranking
            .scores()
            .ok_or_else(|| absent(crate::frame::SCORE))?;
        let predicates = ranking
            .predicates()
            .ok_or_else(|| absent(crate::frame::PREDICATE))?;
        let part_values = meta
            .parts
            .iter()
            .map(|p| ranking.numbers(&p.code))
            .collect::<PolarsResult<Vec<_>>>()?;
        let kept: Vec<usize> = (0..opds.len()).filter(|&i| scores[i].is_some()).collect();
        let kept_scores: Vec<f64> = kept.iter().map(|&i| scores[i].unwrap_or(0.0)).collect();
        let ranks = competition_ranks(&kept_scores);
        let mut rows: Vec<OpdYear> = kept
            .iter()
            .zip(ranks)
            .map(|(&i, rank)| {
                let score = round_centi(scores[i].unwrap_or(0.0)) as f64 / 100.0;
                OpdYear {
                    opd: opds[i].to_string(),
                    opd_id: id_of(opds[i]),
                    score,
                    predicate: predicates[i].map(str::to_string).unwrap_or_else(|| {
                        meta.band_for(score)
                            .map(|b| b.grade.clone())
                            .unwrap_or_default()
                    }),
                    rank,
                    parts: part_values.iter().map(|v| v[i]).collect(),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.opd.cmp(&b.opd)));
        Ok(YearResult {
            meta,
            rows,
            file: PathBuf::new(),
        })
    }

    /// The rows as a frame, in the file's layout.
    ///
    /// # Errors
    /// Polars errors (none expected: the columns are built here).
    pub fn to_frame(&self) -> PolarsResult<DataFrame> {
        let n = self.rows.len();
        let text = |name: &str, f: &dyn Fn(&OpdYear) -> Option<String>| {
            Column::new(name.into(), self.rows.iter().map(f).collect::<Vec<_>>())
        };
        let mut columns = vec![
            Column::new(cols::YEAR.into(), vec![self.meta.year; n]),
            Column::new(cols::RUBRIC.into(), vec![self.meta.rubric.as_str(); n]),
            Column::new(cols::REGIME.into(), vec![self.meta.regime.as_str(); n]),
            text(cols::OPD, &|r| Some(r.opd.clone())),
            text(cols::OPD_ID, &|r| r.opd_id.clone()),
            Column::new(
                cols::SCORE.into(),
                self.rows.iter().map(|r| r.score).collect::<Vec<_>>(),
            ),
            text(cols::PREDICATE, &|r| Some(r.predicate.clone())),
            Column::new(
                cols::RANK.into(),
                self.rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
            ),
        ];
        for (j, part) in self.meta.parts.iter().enumerate() {
            columns.push(Column::new(
                part.column.as_str().into(),
                self.rows.iter().map(|r| r.parts[j]).collect::<Vec<_>>(),
            ));
        }
        DataFrame::new(n, columns)
    }
}

/// Writes a year's results into `dir`, replacing whole (a temporary file, then a rename) any
/// earlier file of the same year and rubric.
///
/// # Errors
/// [`ReportError`] when the folder cannot be written.
pub fn store(dir: &Path, result: &YearResult) -> Result<PathBuf, ReportError> {
    let bytes = to_bytes(result)?;
    crate::report::write_atomically(dir, &result.meta.file_name(), &bytes)
}

/// A year's results as the Parquet file [`store`] writes, with the description in its metadata.
///
/// # Errors
/// [`ReportError::Frame`] when the frame cannot be built or written.
pub fn to_bytes(result: &YearResult) -> Result<Vec<u8>, ReportError> {
    let mut frame = result.to_frame()?;
    write_described(&mut frame, META_KEY, &result.meta)
}

/// A history file's bytes: `frame`, with `meta` (JSON) under `key` in the file's metadata.
pub(crate) fn write_described(
    frame: &mut DataFrame,
    key: &str,
    meta: &impl Serialize,
) -> Result<Vec<u8>, ReportError> {
    let meta = serde_json::to_string(meta).unwrap_or_default();
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_key_value_metadata(Some(KeyValueMetadata::from_static(vec![(
            key.to_string(),
            meta,
        )])))
        .finish(frame)?;
    Ok(bytes)
}

/// A history file's description (JSON under `key` in its metadata, of a layout `format_of`
/// tells, no newer than this engine's) and its rows.
///
/// # Errors
/// [`HistoryProblem`] saying why it is not such a file of this engine.
pub(crate) fn read_described<M: serde::de::DeserializeOwned>(
    path: &Path,
    key: &str,
    format_of: impl Fn(&M) -> u32,
) -> Result<(M, DataFrame), HistoryProblem> {
    let unreadable = |e: &dyn std::fmt::Display| HistoryProblem::NotHistory {
        detail: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let mut reader = ParquetReader::new(file);
    let metadata = reader.get_metadata().map_err(|e| unreadable(&e))?;
    let meta_text = metadata
        .key_value_metadata
        .iter()
        .flatten()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.clone())
        .ok_or(HistoryProblem::NoDescription)?;
    let meta: M = serde_json::from_str(&meta_text).map_err(|e| unreadable(&e))?;
    if format_of(&meta) > FORMAT {
        return Err(HistoryProblem::NewerFormat {
            found: format_of(&meta),
            reads: FORMAT,
        });
    }
    let frame = reader.finish().map_err(|e| unreadable(&e))?;
    Ok((meta, frame))
}

/// Reads one year's file.
///
/// # Errors
/// [`HistoryProblem`] saying why it is not a history file of this engine.
pub fn read_year(path: &Path) -> Result<YearResult, HistoryProblem> {
    let (meta, frame) = read_described(path, META_KEY, |m: &YearMeta| m.format)?;
    let rows = rows_of(&frame, &meta).map_err(|e| HistoryProblem::NotHistory {
        detail: e.to_string(),
    })?;
    Ok(YearResult {
        meta,
        rows,
        file: path.to_path_buf(),
    })
}

/// What is wrong with a year read from the history: a maximum that is not a positive number,
/// a score outside 0 to it (or not a number), a rank below 1, a predicate its bands do not
/// have. A file written by sakip has none of these; one edited by hand may.
pub fn check_year(year: &YearResult) -> Vec<HistoryProblem> {
    let meta = &year.meta;
    let max = meta.max_score;
    if !(max.is_finite() && max > 0.0) {
        return vec![HistoryProblem::StoredMaximum {
            max: max.to_string(),
        }];
    }
    let known: Vec<String> = meta.bands.iter().map(|b| b.grade.clone()).collect();
    let mut problems = Vec::new();
    for row in &year.rows {
        let opd = || row.opd.clone();
        if !(0.0..=max).contains(&row.score) {
            problems.push(HistoryProblem::StoredScore {
                opd: opd(),
                value: row.score.to_string(),
                max,
            });
        }
        if row
            .parts
            .iter()
            .flatten()
            .any(|p| !p.is_finite() || *p < 0.0)
        {
            problems.push(HistoryProblem::StoredParts {
                opd: opd(),
                parts: parts_as_written(&row.parts),
            });
        }
        if row.rank < 1 {
            problems.push(HistoryProblem::StoredRank { opd: opd() });
        }
        if !known.contains(&row.predicate) {
            problems.push(HistoryProblem::StoredPredicate {
                opd: opd(),
                predicate: row.predicate.clone(),
                known: known.clone(),
            });
        }
    }
    problems
}

/// Part scores as written, for a message: `1.5 / NaN / -2`.
fn parts_as_written(parts: &[Option<f64>]) -> String {
    let shown: Vec<String> = parts.iter().flatten().map(|p| p.to_string()).collect();
    shown.join(" / ")
}

fn rows_of(frame: &DataFrame, meta: &YearMeta) -> PolarsResult<Vec<OpdYear>> {
    let opds = crate::frame::strings(frame, cols::OPD)?;
    let ids = crate::frame::optional_strings(frame, cols::OPD_ID)?;
    let scores = crate::frame::floats_or_zero(frame, cols::SCORE)?;
    let predicates = crate::frame::strings(frame, cols::PREDICATE)?;
    let ranks: Vec<u32> = frame
        .column(cols::RANK)?
        .u32()?
        .iter()
        .map(|r| r.unwrap_or(0))
        .collect();
    let parts = meta
        .parts
        .iter()
        .map(|p| crate::frame::floats(frame, &p.column))
        .collect::<PolarsResult<Vec<_>>>()?;
    Ok((0..frame.height())
        .map(|i| OpdYear {
            opd: opds[i].clone(),
            opd_id: ids[i].clone(),
            score: scores[i],
            predicate: predicates[i].clone(),
            rank: ranks[i],
            parts: parts.iter().map(|p| p[i]).collect(),
        })
        .collect())
}

/// Every year's results in `dir`, by year then rubric; files that cannot be read are reported
/// into `diag` (a folder that does not exist holds no years).
pub fn load(dir: &Path, diag: &mut Diagnostics) -> Vec<YearResult> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
        })
        // A year's stored answers go with its results (see [`answers`]).
        .filter(|p| !answers::is_answers_file(p))
        .collect();
    paths.sort();
    let mut years: Vec<YearResult> = Vec::new();
    for path in paths {
        let at = Some(Location::file(path.display().to_string()));
        let year = match read_year(&path) {
            Ok(year) => year,
            Err(problem) => {
                diag.error(at, problem);
                continue;
            }
        };
        let problems = check_year(&year);
        let twin = years
            .iter()
            .find(|y| y.meta.year == year.meta.year && y.meta.rubric == year.meta.rubric);
        if let Some(twin) = twin {
            let kind = HistoryProblem::SameYearTwice {
                year: year.meta.year,
                rubric: year.meta.rubric.clone(),
                other: twin.file.display().to_string(),
            };
            diag.error(at.clone(), kind);
        }
        let clean = problems.is_empty() && twin.is_none();
        for problem in problems {
            diag.error(at.clone(), problem);
        }
        if clean {
            years.push(year);
        }
    }
    years.sort_by(|a, b| {
        a.meta
            .year
            .cmp(&b.meta.year)
            .then_with(|| a.meta.rubric.cmp(&b.meta.rubric))
    });
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competition_ranks_share_a_place_and_skip_the_next() {
        assert_eq!(
            competition_ranks(&[70.0, 90.0, 70.004, 50.0, 90.0]),
            [3, 1, 3, 5, 1]
        );
        assert!(competition_ranks(&[]).is_empty());
    }

    #[test]
    fn a_year_survives_the_round_trip_through_parquet() {
        let rubric = Rubric::load("akip-2015").unwrap();
        let mut meta = YearMeta::of(&rubric, 2019, Source::Import);
        meta.parts.truncate(2);
        let result = YearResult {
            meta,
            rows: vec![
                OpdYear {
                    opd: "Dinas Alpha".into(),
                    opd_id: Some("A".into()),
                    score: 85.01,
                    predicate: "AA".into(),
                    rank: 1,
                    parts: vec![Some(25.5), None],
                },
                OpdYear {
                    opd: "Dinas \"=Beta\"".into(),
                    opd_id: None,
                    score: 10.0,
                    predicate: "D".into(),
                    rank: 2,
                    parts: vec![None, Some(2.5)],
                },
            ],
            file: PathBuf::new(),
        };
        let dir = tempfile::tempdir().unwrap();
        let path = store(dir.path(), &result).unwrap();
        assert_eq!(path.file_name().unwrap(), "2019-akip-2015.parquet");
        let back = read_year(&path).unwrap();
        assert_eq!(back.meta, result.meta);
        assert_eq!(back.rows, result.rows);
        // Band lookups come from the stored description: 85.00 is A, 85.01 AA.
        assert_eq!(back.meta.band_for(85.0).unwrap().grade, "A");
        assert_eq!(back.meta.band_for(85.01).unwrap().grade, "AA");
    }

    #[test]
    fn other_files_in_the_folder_are_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("2020-lain.parquet"), b"bukan parquet").unwrap();
        std::fs::write(dir.path().join("catatan.txt"), b"diabaikan").unwrap();
        let mut diag = Diagnostics::default();
        assert!(load(dir.path(), &mut diag).is_empty());
        assert_eq!(diag.problems.len(), 1);
        assert!(matches!(
            diag.problems[0].kind,
            crate::ProblemKind::History(HistoryProblem::NotHistory { .. })
        ));
    }
}
