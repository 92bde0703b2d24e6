//! Names agreed across inputs: OPD names in LKE answers, program data and priorities resolved to
//! one canonical name each, priority ids checked, and program data turned into frames.
//!
//! The known OPDs come from the registry when one is given, else from the LKE answers, else from
//! the program data itself. Every name that resolves to none is an error at its cell, with the
//! nearest known names.

use super::programs::{Activity, Placed};
use super::tables::{Priority, RegistryEntry};
use super::{header_key, Answers, OpdDirectory};
use crate::frame::{checked_counts, checked_texts, Checked};
use crate::messages::{Diagnostics, IngestProblem, Location};
use polars::prelude::*;

/// How many near names an unknown OPD name is offered.
const SUGGESTIONS: usize = 3;

/// Column names of the program frames.
pub mod cols {
    /// Activity number, from 0, joining the frames.
    pub const ACTIVITY: &str = "activity";
    /// The OPD: its number in [`super::ProgramData::opds`], numbered in name order.
    pub const OPD: &str = "opd";
    /// Budget.
    pub const PAGU: &str = "pagu";
    /// Program name (empty when unknown).
    pub const PROGRAM: &str = "program";
    /// Target (K), null when blank.
    pub const TARGET: &str = "target";
    /// Realised (K), null when blank.
    pub const REALISASI: &str = "realisasi";
    /// Indicator kind, null when blank or absent.
    pub const JENIS: &str = "jenis_indikator";
    /// Horizon, null when blank or absent.
    pub const HORIZON: &str = "horizon";
    /// Whether the sheet had target and realisasi.
    pub const HAS_ACHIEVEMENT: &str = "has_achievement";
    /// Whether the sheet had priorities.
    pub const HAS_PRIORITAS: &str = "has_prioritas";
    /// Whether the sheet had partner OPDs.
    pub const HAS_MITRA_OPD: &str = "has_mitra_opd";
    /// Whether the sheet had pentahelix partners.
    pub const HAS_PENTAHELIX: &str = "has_pentahelix";
    /// Whether the sheet had indicator kinds.
    pub const HAS_JENIS: &str = "has_jenis";
    /// Whether the sheet had horizons.
    pub const HAS_HORIZON: &str = "has_horizon";
    /// Priority id.
    pub const PRIORITY: &str = "priority";
    /// Partner OPD, numbered as [`OPD`].
    pub const PARTNER: &str = "partner";
    /// Pentahelix kind.
    pub const KIND: &str = "kind";
}

/// One row per activity, in activity order: its number (from 0, joining the other frames), its
/// OPD (a number into [`ProgramData::opds`]), program (empty when unknown), budget, target and
/// realised (empty when blank), indicator kind and horizon (empty when blank or absent), and
/// whether its sheet had achievements, priorities, partner OPDs, pentahelix partners,
/// indicator kinds and horizons (see [`cols`](mod@cols)). Checked once when built.
#[derive(Debug, Clone)]
pub struct Activities(DataFrame);

impl Activities {
    /// The activities in `frame`, its columns checked.
    ///
    /// # Errors
    /// When a column is absent, of another type, or empty where it may not be.
    pub fn new(frame: DataFrame) -> PolarsResult<Self> {
        use DataType::{Boolean, Float64, String as Text, UInt32};
        let mut columns = vec![
            (cols::ACTIVITY, UInt32, true),
            (cols::OPD, UInt32, true),
            (cols::PROGRAM, Text, true),
            (cols::PAGU, Float64, true),
            (cols::TARGET, Float64, false),
            (cols::REALISASI, Float64, false),
            (cols::JENIS, Text, false),
            (cols::HORIZON, Text, false),
        ];
        for flag in [
            cols::HAS_ACHIEVEMENT,
            cols::HAS_PRIORITAS,
            cols::HAS_MITRA_OPD,
            cols::HAS_PENTAHELIX,
            cols::HAS_JENIS,
            cols::HAS_HORIZON,
        ] {
            columns.push((flag, Boolean, true));
        }
        crate::frame::check(&frame, &columns)?;
        Ok(Activities(frame))
    }

    /// Each activity's number.
    pub fn numbers(&self) -> Vec<u32> {
        let numbers = checked_counts(&self.0, cols::ACTIVITY).into_iter();
        numbers.map(Option::unwrap_or_default).collect()
    }

    /// Each activity's OPD, by number.
    pub fn opds(&self) -> Vec<u32> {
        let opds = checked_counts(&self.0, cols::OPD).into_iter();
        opds.map(Option::unwrap_or_default).collect()
    }

    /// Each activity's program (empty when unknown).
    pub fn programs(&self) -> Vec<&str> {
        checked_texts(&self.0, cols::PROGRAM)
    }
}

/// The frame is queried by the indices (by the names of [`cols`](mod@cols)).
impl Checked for Activities {
    fn frame(&self) -> &DataFrame {
        &self.0
    }
}

/// Program data as frames, names resolved. OPDs are numbers into `opds`, given in name order,
/// so that frames group and sort on integers and an order by number is the order by name.
#[derive(Debug, Clone)]
pub struct ProgramData {
    /// The canonical names of the OPDs the frames number, sorted.
    pub opds: Vec<String>,
    /// One row per activity.
    pub activities: Activities,
    /// `activity`, `priority`: one row per link to a known priority.
    pub links: DataFrame,
    /// `activity`, `partner`: one row per partner OPD named (never the OPD itself).
    pub partners: DataFrame,
    /// `activity`, `kind`: one row per pentahelix partner.
    pub pentahelix: DataFrame,
    /// The priorities, in file order, their OPDs in charge resolved.
    pub priorities: Vec<Priority>,
}

/// The known OPDs: the registry's, else the LKE answers', else the program data's.
pub fn directory(
    registry: Option<&[RegistryEntry]>,
    answers: &Answers,
    activities: &[&[Activity]],
) -> OpdDirectory {
    let mut dir = OpdDirectory::new();
    if let Some(entries) = registry {
        for e in entries {
            dir.add(&e.nama, Some(&e.id), &e.aliases);
        }
    } else if !answers.is_empty() {
        for opd in answers.opds.iter() {
            dir.add(opd, None, &[]);
        }
    } else {
        // Each distinct name once: 1.1 million activities name 22,000 OPDs.
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for a in activities.iter().flat_map(|g| g.iter()) {
            if seen.insert(&a.opd.value) {
                dir.add(&a.opd.value, None, &[]);
            }
        }
    }
    dir
}

/// The canonical name of `name`, or an error at `at` with suggestions.
fn resolve(
    dir: &OpdDirectory,
    name: &str,
    at: &Location,
    diag: &mut Diagnostics,
) -> Option<String> {
    if let Some(canonical) = dir.resolve(name) {
        return Some(canonical.to_string());
    }
    diag.error(
        Some(at.clone()),
        IngestProblem::UnknownOpd {
            name: name.to_string(),
            suggestions: dir.suggest(name, SUGGESTIONS),
        },
    );
    None
}

/// LKE answers' OPD names as canonical names (only needed with a registry: otherwise the
/// answers' own names are the directory).
/// Each name is resolved once; a name that resolves to none is an error once per sheet it is
/// read on, at the cell it was first read from there (the sheet itself when the name is the
/// sheet's).
pub fn canonical_answers(answers: &mut Answers, dir: &OpdDirectory, diag: &mut Diagnostics) {
    let canonical: Vec<Option<&str>> = answers.opds.iter().map(|n| dir.resolve(n)).collect();
    let cells: foldhash::HashMap<(u32, u32), (u32, u32)> = answers
        .opd_cells
        .iter()
        .rev()
        .map(|o| ((o.opd, o.sheet), (o.row, o.col)))
        .collect();
    let mut reported = foldhash::HashSet::default();
    for r in &answers.rows {
        if canonical[r.opd as usize].is_some() || !reported.insert((r.opd, r.sheet)) {
            continue;
        }
        let sheet = &answers.sheets[r.sheet as usize];
        let at = match cells.get(&(r.opd, r.sheet)) {
            Some(&(row, col)) => Location::cell(
                &sheet.file,
                &sheet.sheet,
                crate::messages::CellRef::new(row as usize, col as usize),
            ),
            None => Location::sheet(&sheet.file, &sheet.sheet),
        };
        resolve(dir, answers.opds.get(r.opd), &at, diag);
    }
    answers.rename_opds(|name| dir.resolve(name).map(str::to_string));
}

/// Resolves OPD names and priority ids and builds the program frames. The activities come in
/// groups (a sheet's, say), numbered on from 0 across them.
///
/// # Errors
/// Polars errors only; input problems go to `diag`.
pub fn link(
    activities: &[&[Activity]],
    priorities: &[Priority],
    dir: &OpdDirectory,
    diag: &mut Diagnostics,
) -> PolarsResult<ProgramData> {
    let priorities: Vec<Priority> = priorities
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.opd_pengampu = p
                .opd_pengampu
                .iter()
                .filter_map(|o| {
                    resolve(dir, &o.value, &o.at, diag).map(|value| Placed {
                        value,
                        at: o.at.clone(),
                    })
                })
                .collect();
            p
        })
        .collect();
    if priorities.is_empty() {
        no_priorities(activities, diag);
    }
    let known: Vec<String> = priorities.iter().map(|p| p.id.clone()).collect();
    // Two halves on two threads at national scale (1.1 million activities), merged in order:
    // the same rows and problems as one pass.
    let runs = halves(activities);
    let parts =
        crate::parallel::parallel_map(&runs, |run| link_part(run, &known, &priorities, dir));
    // Numbers in name order, over every part's names.
    let mut names: Vec<&str> = parts.iter().flat_map(|p| p.names.iter().copied()).collect();
    names.sort_unstable();
    names.dedup();
    let number: foldhash::HashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, &n)| (n, i as u32))
        .collect();
    let mut rows = Rows::default();
    // A name or priority unknown on every row of a sheet is one problem at the rows' range.
    let mut found = Diagnostics::default();
    for part in parts {
        let global: Vec<u32> = part.names.iter().map(|n| number[n]).collect();
        rows.activities.extend(
            part.rows
                .activities
                .into_iter()
                .map(|(id, opd, a)| (id, global[opd as usize], a)),
        );
        rows.partners.extend(
            part.rows
                .partners
                .into_iter()
                .map(|(id, opd)| (id, global[opd as usize])),
        );
        rows.links.extend(part.rows.links);
        rows.pentahelix.extend(part.rows.pentahelix);
        found.extend(part.diag);
    }
    found.fold_repeats();
    diag.extend(found);
    rows.links.sort();
    rows.links.dedup();
    rows.partners.sort();
    rows.partners.dedup();
    Ok(ProgramData {
        opds: names.iter().map(|n| n.to_string()).collect(),
        activities: Activities::new(rows.activity_frame()?)?,
        links: pairs(cols::PRIORITY, &rows.links)?,
        partners: DataFrame::new(
            rows.partners.len(),
            vec![
                Column::new(
                    cols::ACTIVITY.into(),
                    rows.partners.iter().map(|r| r.0).collect::<Vec<_>>(),
                ),
                Column::new(
                    cols::PARTNER.into(),
                    rows.partners.iter().map(|r| r.1).collect::<Vec<_>>(),
                ),
            ],
        )?,
        pentahelix: pairs(cols::KIND, &rows.pentahelix)?,
        priorities,
    })
}

/// Without priorities: one error when activities name some (at the first one named), else
/// one warning that the alignment index is not assessed, instead of one error per activity.
fn no_priorities(activities: &[&[Activity]], diag: &mut Diagnostics) {
    let all = || activities.iter().flat_map(|g| g.iter());
    let mut naming = all().filter(|a| !a.prioritas.is_empty());
    match naming.next() {
        Some(first) => {
            let named = &first.prioritas[0];
            diag.error(
                Some(named.at.clone()),
                IngestProblem::NoPriorities {
                    count: 1 + naming.count(),
                    example: named.value.clone(),
                },
            );
        }
        None if all().next().is_some() => diag.warning(None, IngestProblem::PrioritiesNotGiven),
        None => {}
    }
}

/// Past this many activities, linking runs in two halves on two threads.
const PARALLEL_ACTIVITIES: usize = 10_000;

/// A run of activities: slices of the groups, each with the number of its first activity.
type Run<'a> = Vec<(&'a [Activity], usize)>;

/// The groups as one run, or as two of about equal length past [`PARALLEL_ACTIVITIES`] (a
/// group may be cut between them).
fn halves<'a>(groups: &[&'a [Activity]]) -> Vec<Run<'a>> {
    let total: usize = groups.iter().map(|g| g.len()).sum();
    let mid = match total > PARALLEL_ACTIVITIES {
        true => total / 2,
        false => total,
    };
    let (mut first, mut second) = (Vec::new(), Vec::new());
    let mut offset = 0;
    for group in groups {
        let (end, cut) = (offset + group.len(), mid.saturating_sub(offset));
        match (end <= mid, offset >= mid) {
            (true, _) => first.push((*group, offset)),
            (_, true) => second.push((*group, offset)),
            _ => {
                first.push((&group[..cut], offset));
                second.push((&group[cut..], mid));
            }
        }
        offset = end;
    }
    match second.is_empty() {
        true => vec![first],
        false => vec![first, second],
    }
}

#[derive(Default)]
struct Rows<'a> {
    activities: Vec<(u32, u32, &'a Activity)>,
    links: Vec<(u32, &'a str)>,
    partners: Vec<(u32, u32)>,
    pentahelix: Vec<(u32, &'a str)>,
}

/// One run of activities linked: their rows (OPDs numbered into `names` in the order first
/// met), the canonical names, and the problems found, in order.
struct Part<'a> {
    rows: Rows<'a>,
    names: Vec<&'a str>,
    diag: Diagnostics,
}

/// Links a run of activities.
fn link_part<'a>(
    run: &Run<'a>,
    known: &'a [String],
    priorities: &'a [Priority],
    dir: &'a OpdDirectory,
) -> Part<'a> {
    let mut diag = Diagnostics::default();
    let mut rows = Rows::default();
    // Each distinct name is resolved once (1.1 million activities name 22,000 OPDs) and
    // numbered in the order first met.
    let mut resolved: foldhash::HashMap<&str, Option<u32>> = foldhash::HashMap::default();
    let mut numbers: foldhash::HashMap<&'a str, u32> = foldhash::HashMap::default();
    let mut names: Vec<&'a str> = Vec::new();
    let mut canonical = |name: &'a str| -> Option<u32> {
        *resolved.entry(name).or_insert_with(|| {
            let canonical = dir.resolve(name)?;
            Some(*numbers.entry(canonical).or_insert_with(|| {
                names.push(canonical);
                names.len() as u32 - 1
            }))
        })
    };
    let numbered = run
        .iter()
        .flat_map(|&(slice, offset)| slice.iter().enumerate().map(move |(i, a)| (offset + i, a)));
    for (id, a) in numbered {
        let fallback = a.opd_fallback.as_ref().and_then(|f| canonical(&f.value));
        let opd = match (canonical(&a.opd.value), fallback) {
            (Some(name), _) | (None, Some(name)) => name,
            (None, None) => {
                resolve(dir, &a.opd.value, &a.opd.at, &mut diag);
                continue;
            }
        };
        let id = id as u32;
        for p in &a.prioritas {
            match known.iter().find(|k| k.eq_ignore_ascii_case(&p.value)) {
                Some(canonical) => rows.links.push((id, canonical.as_str())),
                // Without priorities at all, one problem for all (see `no_priorities`).
                None if known.is_empty() => {}
                None => diag.error(
                    Some(p.at.clone()),
                    IngestProblem::UnknownPriority {
                        id: p.value.clone(),
                        known: known.to_vec(),
                    },
                ),
            }
        }
        if let Some(sasaran) = &a.sasaran_rpjmd {
            let key = header_key(sasaran);
            for p in priorities
                .iter()
                .filter(|p| p.sasaran_rpjmd.as_deref().map(header_key) == Some(key.clone()))
            {
                rows.links.push((id, p.id.as_str()));
            }
        }
        for m in &a.mitra_opd {
            match canonical(&m.value) {
                Some(partner) if partner != opd => rows.partners.push((id, partner)),
                Some(_) => {}
                None => {
                    resolve(dir, &m.value, &m.at, &mut diag);
                }
            }
        }
        for (kind, _) in &a.mitra_pentahelix {
            rows.pentahelix.push((id, kind));
        }
        rows.activities.push((id, opd, a));
    }
    Part { rows, names, diag }
}

impl Rows<'_> {
    fn activity_frame(&self) -> PolarsResult<DataFrame> {
        let rows = &self.activities;
        let flag = |name: &str, f: &dyn Fn(&Activity) -> bool| {
            Column::new(
                name.into(),
                rows.iter().map(|(_, _, a)| f(a)).collect::<Vec<_>>(),
            )
        };
        let number = |name: &str, f: &dyn Fn(&Activity) -> Option<f64>| {
            Column::new(
                name.into(),
                rows.iter().map(|(_, _, a)| f(a)).collect::<Vec<_>>(),
            )
        };
        let text = |name: &str, f: &dyn Fn(&Activity) -> Option<&str>| {
            Column::new(
                name.into(),
                rows.iter().map(|(_, _, a)| f(a)).collect::<Vec<_>>(),
            )
        };
        // Program names repeat over thousands of activities: each is stored once.
        let mut programs = crate::frame::Distinct::default();
        let program: Vec<u32> = rows
            .iter()
            .map(|(_, _, a)| programs.id(a.program.as_deref().unwrap_or("")))
            .collect();
        DataFrame::new(
            rows.len(),
            vec![
                Column::new(
                    cols::ACTIVITY.into(),
                    rows.iter().map(|r| r.0).collect::<Vec<_>>(),
                ),
                Column::new(
                    cols::OPD.into(),
                    rows.iter().map(|r| r.1).collect::<Vec<_>>(),
                ),
                programs.column(cols::PROGRAM, program.into_iter().map(Some))?,
                number(cols::PAGU, &|a| Some(a.pagu)),
                number(cols::TARGET, &|a| a.target),
                number(cols::REALISASI, &|a| a.realisasi),
                text(cols::JENIS, &|a| a.jenis_indikator.as_deref()),
                text(cols::HORIZON, &|a| a.horizon.as_deref()),
                flag(cols::HAS_ACHIEVEMENT, &|a| a.present.achievement),
                flag(cols::HAS_PRIORITAS, &|a| a.present.prioritas),
                flag(cols::HAS_MITRA_OPD, &|a| a.present.mitra_opd),
                flag(cols::HAS_PENTAHELIX, &|a| a.present.mitra_pentahelix),
                flag(cols::HAS_JENIS, &|a| a.present.jenis_indikator),
                flag(cols::HAS_HORIZON, &|a| a.present.horizon),
            ],
        )
    }
}

fn pairs<S: AsRef<str>>(name: &str, rows: &[(u32, S)]) -> PolarsResult<DataFrame> {
    DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                cols::ACTIVITY.into(),
                rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            ),
            Column::new(
                name.into(),
                rows.iter().map(|r| r.1.as_ref()).collect::<Vec<_>>(),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(pagu: Column) -> PolarsResult<Activities> {
        let flag = |name: &str| Column::new(name.into(), [true, false]);
        let columns = vec![
            Column::new(cols::ACTIVITY.into(), [0u32, 1]),
            Column::new(cols::OPD.into(), [1u32, 0]),
            Column::new(cols::PROGRAM.into(), ["Program Penunjang Urusan", ""]),
            pagu,
            Column::new(cols::TARGET.into(), [Some(100.0), None]),
            Column::new(cols::REALISASI.into(), [Some(80.0), None]),
            Column::new(cols::JENIS.into(), [Some("outcome"), None]),
            Column::new(cols::HORIZON.into(), [None::<&str>, None]),
            flag(cols::HAS_ACHIEVEMENT),
            flag(cols::HAS_PRIORITAS),
            flag(cols::HAS_MITRA_OPD),
            flag(cols::HAS_PENTAHELIX),
            flag(cols::HAS_JENIS),
            flag(cols::HAS_HORIZON),
        ];
        Activities::new(DataFrame::new(2, columns)?)
    }

    #[test]
    fn activities_are_read_through_their_columns_checked_once() {
        let activities = frame(Column::new(cols::PAGU.into(), [1.5e6, 0.0])).unwrap();
        assert_eq!(activities.numbers(), [0, 1]);
        assert_eq!(activities.opds(), [1, 0]);
        assert_eq!(activities.programs(), ["Program Penunjang Urusan", ""]);
        assert_eq!(activities.len(), 2);
        // A budget missing on a row, or written as text, is refused.
        assert!(frame(Column::new(cols::PAGU.into(), [Some(1.5e6), None])).is_err());
        assert!(frame(Column::new(cols::PAGU.into(), ["1500000", "0"])).is_err());
    }
}
