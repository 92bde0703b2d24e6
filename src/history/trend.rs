//! Year-over-year figures from a history: each OPD's series, the city's statistics, the biggest
//! movers, how much the ranking moves, and comparisons across a regime change.
//!
//! Every comparison between years is made on the score as a percent of the year's rubric
//! maximum (equal to the score when the maximum is 100), so that a year scored under another
//! regime is compared on the same footing; the predicates stay each year's own. Ranks are
//! competition ranks among the series present that year (an OPD merged since counts once).

use super::lineage::Lineage;
use super::{Level, Source, YearResult};
use crate::lang::Text;
use crate::messages::{Diagnostics, HistoryProblem, IngestProblem, Location};
use crate::rubric::Band;
use crate::score::rank::round_centi;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many movers each list holds.
pub const MOVERS: usize = 5;

/// Which years to take.
#[derive(Debug, Clone, Default)]
pub struct TrendOptions {
    /// The first year.
    pub from: Option<i32>,
    /// The last year.
    pub to: Option<i32>,
    /// The rubric to take in a year stored under several.
    pub rubric: Option<String>,
}

/// A year of the history.
#[derive(Debug, Clone, Serialize)]
pub struct YearInfo {
    /// The year.
    pub year: i32,
    /// The rubric id.
    pub rubric: String,
    /// Its title.
    pub title: Text,
    /// The regulation.
    pub regime: String,
    /// Scored or imported.
    pub source: Source,
    /// The rubric's maximum.
    pub max_score: f64,
    /// Whether the regime differs from the year before's.
    pub new_regime: bool,
    /// The predicate bands, highest first.
    pub bands: Vec<Band>,
    /// The file.
    pub file: String,
}

/// One OPD in one year.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The year.
    pub year: i32,
    /// The score (2 decimals).
    pub score: f64,
    /// The score as a percent of the year's maximum.
    pub percent: f64,
    /// The year's predicate.
    pub predicate: String,
    /// The rank among the series that year.
    pub rank: u32,
    /// Percent points since the year before, when the OPD was there.
    pub change: Option<f64>,
    /// Places moved since the year before (positive: up).
    pub rank_change: Option<i64>,
    /// Whether the year before was under another regime.
    pub across_regime: bool,
    /// The predecessors the point comes from (empty when it is the OPD's own result).
    pub from: Vec<String>,
    /// Component scores as percents of their maxima, by shared key.
    pub components: BTreeMap<String, f64>,
    /// The engine's indices (0-100, 2 decimals) the year holds for it, by name
    /// (`keselarasan`, `kolaborasi`, `gabungan`).
    pub indices: BTreeMap<String, f64>,
}

/// A change of predicate between consecutive points.
#[derive(Debug, Clone, Serialize)]
pub struct Transition {
    /// The year of the new predicate.
    pub year: i32,
    /// The old one.
    pub from: String,
    /// The new one.
    pub to: String,
    /// Whether the regime changed in between (the letters then mean different scores).
    pub across_regime: bool,
}

/// One OPD over the years.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// The key it is found by (see [`Lineage::heirs`]).
    #[serde(skip)]
    pub key: String,
    /// Its name today.
    pub name: String,
    /// Its registry id.
    pub id: Option<String>,
    /// Its years, in order.
    pub points: Vec<Point>,
    /// The least-squares slope of the percent on the year, points per year to 2 decimals (two
    /// years or more).
    pub slope: Option<f64>,
    /// Its predicate changes.
    pub transitions: Vec<Transition>,
    /// Percent points from the first year of the range to the last, when present in both.
    pub span_change: Option<f64>,
    /// Places moved from the first year of the range to the last (positive: up).
    pub span_rank_change: Option<i64>,
}

impl Series {
    /// Its point in `year`.
    pub fn at(&self, year: i32) -> Option<&Point> {
        self.points.iter().find(|p| p.year == year)
    }
}

/// The city in one year, over the OPDs evaluated that year (percent of the maximum).
#[derive(Debug, Clone, Serialize)]
pub struct CityYear {
    /// The year.
    pub year: i32,
    /// OPDs evaluated.
    pub opds: usize,
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Sample standard deviation (two OPDs or more).
    pub std_dev: Option<f64>,
    /// Lowest.
    pub min: f64,
    /// Highest.
    pub max: f64,
    /// OPDs at each predicate of the year's bands, highest first: (predicate, count, share).
    pub predicates: Vec<(String, usize, f64)>,
    /// The indices the year holds, over the OPDs that have them, in [`Trend::indices`] order.
    pub indices: Vec<CityIndex>,
}

/// One of the engine's indices that some year of the range holds.
#[derive(Debug, Clone, Serialize)]
pub struct IndexInfo {
    /// Its name in the history (`keselarasan`, `kolaborasi`, `gabungan`).
    pub key: String,
    /// What it is called.
    pub name: Text,
}

/// An index over the city's OPDs in one year (0-100, 2 decimals).
#[derive(Debug, Clone, Serialize)]
pub struct CityIndex {
    /// Its name (see [`IndexInfo::key`]).
    pub key: String,
    /// OPDs with a value.
    pub opds: usize,
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// Lowest.
    pub min: f64,
    /// Highest.
    pub max: f64,
}

/// The Spearman rank correlation of two consecutive years' scores.
#[derive(Debug, Clone, Serialize)]
pub struct Correlation {
    /// The earlier year.
    pub from: i32,
    /// The later year.
    pub to: i32,
    /// OPDs present in both.
    pub opds: usize,
    /// The correlation, 4 decimals (three OPDs or more; `None` when either year's scores are
    /// all equal).
    pub rho: Option<f64>,
}

/// One OPD's move between two years.
#[derive(Debug, Clone, Serialize)]
pub struct Mover {
    /// The OPD.
    pub name: String,
    /// The earlier year.
    pub from_year: i32,
    /// The later year.
    pub to_year: i32,
    /// Percent then.
    pub from_percent: f64,
    /// Percent now.
    pub to_percent: f64,
    /// The change.
    pub change: f64,
}

/// The biggest movers over one stretch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Movers {
    /// The largest rises, largest first.
    pub improved: Vec<Mover>,
    /// The largest falls, largest first.
    pub declined: Vec<Mover>,
}

/// One figure compared across a regime change.
#[derive(Debug, Clone, Serialize)]
pub struct Compared {
    /// `nilai` for the final score, else the shared component key.
    pub key: String,
    /// Its name before.
    pub name_before: Text,
    /// Its name after.
    pub name_after: Text,
    /// Percent of its maximum before.
    pub before: Option<f64>,
    /// Percent after.
    pub after: Option<f64>,
}

/// One OPD across a regime change.
#[derive(Debug, Clone, Serialize)]
pub struct OpdCompared {
    /// The OPD.
    pub name: String,
    /// The final score and each shared component.
    pub figures: Vec<Compared>,
}

/// A regime change between two consecutive years of the range.
#[derive(Debug, Clone, Serialize)]
pub struct RegimeChange {
    /// The last year of the old regime.
    pub before_year: i32,
    /// The first year of the new.
    pub after_year: i32,
    /// The old regulation.
    pub before_regime: String,
    /// The new.
    pub after_regime: String,
    /// The city mean of the final score and of each shared component.
    pub city: Vec<Compared>,
    /// Each OPD present in both years.
    pub opds: Vec<OpdCompared>,
}

/// Everything `sakip trend` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The years, in order.
    pub years: Vec<YearInfo>,
    /// One series per OPD, by name.
    pub series: Vec<Series>,
    /// The city each year.
    pub city: Vec<CityYear>,
    /// Consecutive years' rank correlations.
    pub spearman: Vec<Correlation>,
    /// Movers between the last two years.
    pub movers_last_year: Movers,
    /// Movers between the first and the last year.
    pub movers_span: Movers,
    /// Regime changes inside the range.
    pub regime_changes: Vec<RegimeChange>,
    /// The indices some year of the range holds (scored with program data), in the order the
    /// history lists them; empty when no year does.
    pub indices: Vec<IndexInfo>,
}

/// Rounds to `places` decimals, half away from zero.
fn round(value: f64, places: i32) -> f64 {
    let factor = 10f64.powi(places);
    (value * factor).round() / factor
}

fn percent(score: f64, max: f64) -> f64 {
    if max > 0.0 {
        round(score / max * 100.0, 2)
    } else {
        0.0
    }
}

/// The years of `history` that `options` keeps, one rubric per year; a year under several
/// rubrics without `--rubric` choosing is reported.
pub fn select_years(
    history: Vec<YearResult>,
    options: &TrendOptions,
    diag: &mut Diagnostics,
) -> Vec<YearResult> {
    let present: Vec<i32> = history.iter().map(|y| y.meta.year).collect();
    let mut by_year: BTreeMap<i32, Vec<YearResult>> = BTreeMap::new();
    for y in history {
        let year = y.meta.year;
        if options.from.is_some_and(|f| year < f) || options.to.is_some_and(|t| year > t) {
            continue;
        }
        by_year.entry(year).or_default().push(y);
    }
    let mut out = Vec::new();
    for (year, mut list) in by_year {
        if list.len() > 1 {
            if let Some(r) = &options.rubric {
                list.retain(|y| &y.meta.rubric == r);
            }
        }
        match list.len() {
            0 => {}
            1 => out.extend(list),
            _ => diag.error(
                Some(Location::file(
                    list[0]
                        .file
                        .parent()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                )),
                HistoryProblem::SeveralRubrics {
                    year,
                    rubrics: list.iter().map(|y| y.meta.rubric.clone()).collect(),
                },
            ),
        }
    }
    if out.is_empty() && !diag.has_errors() {
        let mut years = present;
        years.dedup();
        diag.error(None, HistoryProblem::EmptyHistory { years });
    }
    out
}

/// One stored row on its way into a series.
struct Contribution<'a> {
    year_index: usize,
    row: &'a super::OpdYear,
    generations: u32,
}

/// The figures of `years` (from [`select_years`]), with OPDs followed through `lineage`; a stored
/// OPD the registry does not know is reported into `diag`.
pub fn trend(years: &[YearResult], lineage: &Lineage, diag: &mut Diagnostics) -> Trend {
    let infos: Vec<YearInfo> = years
        .iter()
        .enumerate()
        .map(|(i, y)| YearInfo {
            year: y.meta.year,
            rubric: y.meta.rubric.clone(),
            title: y.meta.title.clone(),
            regime: y.meta.regime.clone(),
            source: y.meta.source,
            max_score: y.meta.max_score,
            new_regime: i > 0 && years[i - 1].meta.regime != y.meta.regime,
            bands: y.meta.bands.clone(),
            file: y.file.display().to_string(),
        })
        .collect();

    // Every stored row, to the series it continues in.
    let mut contributions: BTreeMap<String, Vec<Contribution>> = BTreeMap::new();
    let mut display: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (yi, y) in years.iter().enumerate() {
        for row in &y.rows {
            let Some(heirs) = lineage.heirs(&row.opd, row.opd_id.as_deref()) else {
                diag.error(
                    Some(Location::file(y.file.display().to_string())),
                    IngestProblem::UnknownOpd {
                        name: row.opd.clone(),
                        suggestions: lineage.suggest(&row.opd),
                    },
                );
                continue;
            };
            for heir in heirs {
                if heir.generations == 0 {
                    // The latest name an OPD was scored under is its name without a registry.
                    display.insert(heir.key.clone(), (yi, row.opd.clone()));
                }
                contributions
                    .entry(heir.key)
                    .or_default()
                    .push(Contribution {
                        year_index: yi,
                        row,
                        generations: heir.generations,
                    });
            }
        }
    }

    let mut series: Vec<Series> = contributions
        .into_iter()
        .map(|(key, list)| {
            let name = if lineage.has_registry() {
                key.clone()
            } else {
                display
                    .get(&key)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_else(|| list[0].row.opd.clone())
            };
            let id = lineage.id_of(&key);
            let points = (0..years.len())
                .filter_map(|yi| point(&years[yi], yi, &list))
                .collect();
            Series {
                key,
                name,
                id,
                points,
                slope: None,
                transitions: Vec::new(),
                span_change: None,
                span_rank_change: None,
            }
        })
        .collect();
    series.sort_by(|a, b| a.name.cmp(&b.name));

    rank_points(&mut series, &infos);
    for s in &mut series {
        finish_series(s, &infos);
    }
    let indices = index_infos(years);
    let city = years.iter().map(|y| city_year(y, &indices)).collect();
    let spearman = infos
        .windows(2)
        .map(|w| correlation(&series, w[0].year, w[1].year))
        .collect();
    let movers_last_year = match infos.as_slice() {
        [.., a, b] => movers(&series, a.year, b.year),
        _ => Movers::default(),
    };
    let movers_span = match (infos.first(), infos.last()) {
        (Some(a), Some(b)) if infos.len() > 1 => movers(&series, a.year, b.year),
        _ => Movers::default(),
    };
    let regime_changes = (1..years.len())
        .filter(|&i| infos[i].new_regime)
        .map(|i| regime_change(&years[i - 1], &years[i], &series))
        .collect();
    Trend {
        years: infos,
        series,
        city,
        spearman,
        movers_last_year,
        movers_span,
        regime_changes,
        indices,
    }
}

/// The indices the years hold, each once, in the order of the first year that holds it.
fn index_infos(years: &[YearResult]) -> Vec<IndexInfo> {
    let mut infos: Vec<IndexInfo> = Vec::new();
    for y in years {
        for p in y.meta.parts.iter().filter(|p| p.level == Level::Indeks) {
            if !infos.iter().any(|i| i.key == p.key) {
                infos.push(IndexInfo {
                    key: p.key.clone(),
                    name: p.name.clone(),
                });
            }
        }
    }
    infos
}

/// A series' point in one year: its own result, else the mean of its nearest predecessors'.
fn point(year: &YearResult, yi: usize, list: &[Contribution]) -> Option<Point> {
    let here: Vec<&Contribution> = list.iter().filter(|c| c.year_index == yi).collect();
    let nearest = here.iter().map(|c| c.generations).min()?;
    let rows: Vec<&super::OpdYear> = here
        .iter()
        .filter(|c| c.generations == nearest)
        .map(|c| c.row)
        .collect();
    let n = rows.len() as f64;
    let score = round_centi(rows.iter().map(|r| r.score).sum::<f64>() / n) as f64 / 100.0;
    let predicate = if rows.len() == 1 {
        rows[0].predicate.clone()
    } else {
        year.meta
            .band_for(score)
            .map(|b| b.grade.clone())
            .unwrap_or_default()
    };
    let mut components = BTreeMap::new();
    for (j, part) in year.meta.components() {
        let values: Vec<f64> = rows.iter().filter_map(|r| r.parts[j]).collect();
        if !values.is_empty() {
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            components.insert(part.key.clone(), percent(mean, part.max));
        }
    }
    // An index, like a component, is the mean of the rows the point stands for.
    let mut indices = BTreeMap::new();
    for (j, part) in year.meta.parts.iter().enumerate() {
        if part.level != Level::Indeks {
            continue;
        }
        let values: Vec<f64> = rows.iter().filter_map(|r| r.parts[j]).collect();
        if !values.is_empty() {
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            indices.insert(part.key.clone(), round(mean, 2));
        }
    }
    let mut from: Vec<String> = if nearest == 0 {
        Vec::new()
    } else {
        rows.iter().map(|r| r.opd.clone()).collect()
    };
    from.sort();
    Some(Point {
        year: year.meta.year,
        score,
        percent: percent(score, year.meta.max_score),
        predicate,
        rank: 0,
        change: None,
        rank_change: None,
        across_regime: false,
        from,
        components,
        indices,
    })
}

/// Competition ranks among the series present each year.
fn rank_points(series: &mut [Series], infos: &[YearInfo]) {
    for info in infos {
        let scores: Vec<f64> = series
            .iter()
            .filter_map(|s| s.at(info.year).map(|p| p.percent))
            .collect();
        let ranks = super::competition_ranks(&scores);
        let mut ranks = ranks.into_iter();
        for s in series.iter_mut() {
            if let Some(p) = s.points.iter_mut().find(|p| p.year == info.year) {
                p.rank = ranks.next().unwrap_or(0);
            }
        }
    }
}

/// Changes from the year before, the slope, predicate transitions and the span's change.
fn finish_series(s: &mut Series, infos: &[YearInfo]) {
    for i in 1..infos.len() {
        let (before, year) = (infos[i - 1].year, infos[i].year);
        let Some(prev) = s.at(before).cloned() else {
            continue;
        };
        if let Some(p) = s.points.iter_mut().find(|p| p.year == year) {
            p.change = Some(round(p.percent - prev.percent, 2));
            p.rank_change = Some(i64::from(prev.rank) - i64::from(p.rank));
            p.across_regime = infos[i].new_regime;
        }
    }
    let regime = |year: i32| infos.iter().find(|y| y.year == year).map(|y| &y.regime);
    s.transitions = s
        .points
        .windows(2)
        .filter(|w| w[0].predicate != w[1].predicate)
        .map(|w| Transition {
            year: w[1].year,
            from: w[0].predicate.clone(),
            to: w[1].predicate.clone(),
            across_regime: regime(w[0].year) != regime(w[1].year),
        })
        .collect();
    s.slope = slope(
        &s.points
            .iter()
            .map(|p| (f64::from(p.year), p.percent))
            .collect::<Vec<_>>(),
    )
    .map(|v| round(v, 2));
    if let (Some(first), Some(last)) = (infos.first(), infos.last()) {
        if infos.len() > 1 {
            let ends = (s.at(first.year), s.at(last.year));
            if let (Some(a), Some(b)) = ends {
                let (change, places) = (
                    round(b.percent - a.percent, 2),
                    i64::from(a.rank) - i64::from(b.rank),
                );
                s.span_change = Some(change);
                s.span_rank_change = Some(places);
            }
        }
    }
}

/// The least-squares slope of y on x; `None` for fewer than two distinct x.
pub fn slope(points: &[(f64, f64)]) -> Option<f64> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// Average ranks (1 = highest), ties sharing the mean of their places.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = mean;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rho: the Pearson correlation of the average ranks.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() < 3 || a.len() != b.len() {
        return None;
    }
    let (ra, rb) = (average_ranks(a), average_ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

fn correlation(series: &[Series], from: i32, to: i32) -> Correlation {
    let pairs: Vec<(f64, f64)> = series
        .iter()
        .filter_map(|s| Some((s.at(from)?.percent, s.at(to)?.percent)))
        .collect();
    let (a, b): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
    Correlation {
        from,
        to,
        opds: pairs.len(),
        rho: spearman(&a, &b).map(|v| round(v, 4)),
    }
}

fn movers(series: &[Series], from: i32, to: i32) -> Movers {
    let mut moves: Vec<Mover> = series
        .iter()
        .filter_map(|s| {
            let (a, b) = (s.at(from)?, s.at(to)?);
            Some(Mover {
                name: s.name.clone(),
                from_year: from,
                to_year: to,
                from_percent: a.percent,
                to_percent: b.percent,
                change: round(b.percent - a.percent, 2),
            })
        })
        .collect();
    moves.sort_by(|a, b| {
        b.change
            .total_cmp(&a.change)
            .then_with(|| a.name.cmp(&b.name))
    });
    let improved = moves
        .iter()
        .filter(|m| m.change > 0.0)
        .take(MOVERS)
        .cloned()
        .collect();
    moves.sort_by(|a, b| {
        a.change
            .total_cmp(&b.change)
            .then_with(|| a.name.cmp(&b.name))
    });
    let declined = moves
        .iter()
        .filter(|m| m.change < 0.0)
        .take(MOVERS)
        .cloned()
        .collect();
    Movers { improved, declined }
}

fn city_year(y: &YearResult, infos: &[IndexInfo]) -> CityYear {
    let values: Vec<f64> = y
        .rows
        .iter()
        .map(|r| percent(r.score, y.meta.max_score))
        .collect();
    let n = values.len();
    let stat = crate::score::city_stats(&values);
    let predicates = y
        .meta
        .bands
        .iter()
        .map(|b| {
            let count = y.rows.iter().filter(|r| r.predicate == b.grade).count();
            let share = if n > 0 { count as f64 / n as f64 } else { 0.0 };
            (b.grade.clone(), count, share)
        })
        .collect();
    let indices = infos
        .iter()
        .filter_map(|info| {
            let j = y
                .meta
                .parts
                .iter()
                .position(|p| p.level == Level::Indeks && p.key == info.key)?;
            let values: Vec<f64> = y.rows.iter().filter_map(|r| r.parts[j]).collect();
            let stat = crate::score::city_stats(&values)?;
            Some(CityIndex {
                key: info.key.clone(),
                opds: values.len(),
                mean: round(stat.mean, 2),
                median: round(stat.median, 2),
                min: round(stat.min, 2),
                max: round(stat.max, 2),
            })
        })
        .collect();
    CityYear {
        year: y.meta.year,
        opds: n,
        mean: stat.map_or(0.0, |s| round(s.mean, 2)),
        median: stat.map_or(0.0, |s| round(s.median, 2)),
        std_dev: stat.and_then(|s| s.std).map(|v| round(v, 2)),
        min: stat.map_or(0.0, |s| s.min),
        max: stat.map_or(0.0, |s| s.max),
        predicates,
        indices,
    }
}

/// The final score and the components both years' rubrics share, as percents of their maxima.
fn regime_change(before: &YearResult, after: &YearResult, series: &[Series]) -> RegimeChange {
    let total = Text::new("Nilai akhir", Some("Final score".into()));
    let mut keys: Vec<(String, Text, Text)> = vec![("nilai".into(), total.clone(), total)];
    for (_, a) in after.meta.components() {
        if let Some((_, b)) = before.meta.components().find(|(_, b)| b.key == a.key) {
            keys.push((a.key.clone(), b.name.clone(), a.name.clone()));
        }
    }
    let figure = |p: &Point, key: &str| {
        if key == "nilai" {
            Some(p.percent)
        } else {
            p.components.get(key).copied()
        }
    };
    let (by, ay) = (before.meta.year, after.meta.year);
    // The city's figures are over the OPDs present in both years: a paired comparison.
    let paired: Vec<&Series> = series
        .iter()
        .filter(|s| s.at(by).is_some() && s.at(ay).is_some())
        .collect();
    let mean = |year: i32, key: &str| {
        let values: Vec<f64> = paired
            .iter()
            .filter_map(|s| s.at(year).and_then(|p| figure(p, key)))
            .collect();
        (!values.is_empty()).then(|| round(values.iter().sum::<f64>() / values.len() as f64, 2))
    };
    let city = keys
        .iter()
        .map(|(key, nb, na)| Compared {
            key: key.clone(),
            name_before: nb.clone(),
            name_after: na.clone(),
            before: mean(by, key),
            after: mean(ay, key),
        })
        .collect();
    let opds = paired
        .iter()
        .filter_map(|s| {
            let (b, a) = (s.at(by)?, s.at(ay)?);
            Some(OpdCompared {
                name: s.name.clone(),
                figures: keys
                    .iter()
                    .map(|(key, nb, na)| Compared {
                        key: key.clone(),
                        name_before: nb.clone(),
                        name_after: na.clone(),
                        before: figure(b, key),
                        after: figure(a, key),
                    })
                    .collect(),
            })
        })
        .collect();
    RegimeChange {
        before_year: by,
        after_year: ay,
        before_regime: before.meta.regime.clone(),
        after_regime: after.meta.regime.clone(),
        city,
        opds,
    }
}

/// Each of `opds`' own series in `trend` (the OPDs as this year ranks them).
pub fn own_years(trend: &Trend, lineage: &Lineage, opds: &[&str]) -> super::PastYears {
    opds.iter()
        .filter_map(|&opd| {
            let key = lineage.canonical(opd, None)?;
            let series = trend.series.iter().find(|s| s.key == key)?;
            Some((opd.to_string(), series.points.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_and_spearman_by_hand() {
        // Points (2021, 60), (2022, 70), (2023, 65): mean x 2022, mean y 65;
        // sxy = (-1)(-5) + 0 + (1)(0) = 5, sxx = 2, slope 2.5.
        assert_eq!(
            slope(&[(2021.0, 60.0), (2022.0, 70.0), (2023.0, 65.0)]),
            Some(2.5)
        );
        assert_eq!(slope(&[(2021.0, 60.0)]), None);
        // Ranks (1,2,3,4) against (2,1,4,3): d^2 = 1+1+1+1 = 4, rho = 1 - 6*4/(4*15) = 0.6.
        let rho = spearman(&[90.0, 80.0, 70.0, 60.0], &[80.0, 90.0, 60.0, 70.0]).unwrap();
        assert!((rho - 0.6).abs() < 1e-12);
        // A tie: average ranks (1.5, 1.5, 3) against (1, 2, 3): Pearson of the ranks.
        let rho = spearman(&[90.0, 90.0, 70.0], &[90.0, 80.0, 70.0]).unwrap();
        assert!((rho - 3f64.sqrt() / 2.0).abs() < 1e-12);
        assert_eq!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
    }
}
