//! Problems found in the history folder, in published summaries and in the registry's lineage.
//!
//! Each variant carries the data its message needs; the words are in `messages/history.toml`.

use serde::Serialize;

/// What is wrong with the history or a year brought into it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HistoryProblem {
    /// A file in the history folder that could not be read as a year's results.
    NotHistory {
        /// The reader's own words (English, from the Parquet reader).
        detail: String,
    },
    /// A Parquet file without this engine's description of the year.
    NoDescription,
    /// A year written by a newer version of this engine.
    NewerFormat {
        /// The file's layout version.
        found: u32,
        /// The newest this version reads.
        reads: u32,
    },
    /// A stored year whose maximum score is not a positive number.
    StoredMaximum {
        /// The maximum as stored.
        max: String,
    },
    /// A stored score outside 0 to the maximum, or not a number.
    StoredScore {
        /// The OPD.
        opd: String,
        /// The score (or part scores) as stored.
        value: String,
        /// The maximum.
        max: f64,
    },
    /// Stored part (component) scores that are negative or not numbers.
    StoredParts {
        /// The OPD.
        opd: String,
        /// The parts as stored, in order.
        parts: String,
    },
    /// A stored rank below 1.
    StoredRank {
        /// The OPD.
        opd: String,
    },
    /// A stored predicate that the year's bands do not have.
    StoredPredicate {
        /// The OPD.
        opd: String,
        /// The predicate.
        predicate: String,
        /// The bands' predicates.
        known: Vec<String>,
    },
    /// Two files in the history holding one year under one rubric.
    SameYearTwice {
        /// The year.
        year: i32,
        /// The rubric.
        rubric: String,
        /// The other file.
        other: String,
    },
    /// A score above its maximum or below 0.
    OutOfRange {
        /// The field.
        field: String,
        /// The value.
        value: f64,
        /// Its maximum.
        max: f64,
    },
    /// A published predicate that is not the one the rubric's bands give the score.
    PredicateDiffers {
        /// The predicate given.
        given: String,
        /// The rubric's.
        computed: String,
        /// The score.
        score: f64,
    },
    /// Component scores that do not add up to the final score.
    SumDiffers {
        /// The final score.
        total: f64,
        /// The sum of the components.
        sum: f64,
    },
    /// A year held in the history under more than one rubric.
    SeveralRubrics {
        /// The year.
        year: i32,
        /// Its rubrics.
        rubrics: Vec<String>,
    },
    /// `--history` without LKE answers: there is no AKIP score to store.
    NothingToStore,
    /// No year of the history falls in the range asked for.
    EmptyHistory {
        /// The years present.
        years: Vec<i32>,
    },
    /// A stored year without its answers (imported from a summary, or stored by an earlier
    /// version): its LHE cannot be written from the history.
    NoAnswers {
        /// The year.
        year: i32,
        /// The rubric.
        rubric: String,
    },
    /// An OPD that is, through the registry's predecessors, its own predecessor.
    PredecessorCycle {
        /// The OPD.
        opd: String,
    },
}

impl HistoryProblem {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        use HistoryProblem as K;
        match self {
            K::NotHistory { .. } => "not_history",
            K::NoDescription => "no_description",
            K::NewerFormat { .. } => "newer_format",
            K::StoredMaximum { .. } => "stored_maximum",
            K::StoredScore { .. } => "stored_score",
            K::StoredParts { .. } => "stored_parts",
            K::StoredRank { .. } => "stored_rank",
            K::StoredPredicate { .. } => "stored_predicate",
            K::SameYearTwice { .. } => "same_year_twice",
            K::OutOfRange { .. } => "out_of_range",
            K::PredicateDiffers { .. } => "predicate_differs",
            K::SumDiffers { .. } => "sum_differs",
            K::SeveralRubrics { .. } => "several_rubrics",
            K::NothingToStore => "nothing_to_store",
            K::EmptyHistory { years } if years.is_empty() => "empty_history.none",
            K::EmptyHistory { .. } => "empty_history",
            K::NoAnswers { .. } => "year_without_answers",
            K::PredecessorCycle { .. } => "predecessor_cycle",
        }
    }

    /// One of each message, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        use HistoryProblem as K;
        let s = |t: &str| t.to_string();
        vec![
            K::NotHistory { detail: s("x") },
            K::NoDescription,
            K::NewerFormat { found: 9, reads: 1 },
            K::StoredMaximum { max: s("0") },
            K::StoredParts {
                opd: "Dinas A".into(),
                parts: "20 / NaN / -2".into(),
            },
            K::StoredScore {
                opd: s("Dinas X"),
                value: s("NaN"),
                max: 100.0,
            },
            K::StoredRank { opd: s("Dinas X") },
            K::StoredPredicate {
                opd: s("Dinas X"),
                predicate: s("Z"),
                known: vec![s("AA"), s("A")],
            },
            K::SameYearTwice {
                year: 2024,
                rubric: s("akip-2021-opd"),
                other: s("2024-akip-2021-opd.parquet"),
            },
            K::OutOfRange {
                field: s("nilai"),
                value: 120.0,
                max: 100.0,
            },
            K::PredicateDiffers {
                given: s("A"),
                computed: s("BB"),
                score: 75.5,
            },
            K::SumDiffers {
                total: 70.0,
                sum: 69.5,
            },
            K::SeveralRubrics {
                year: 2024,
                rubrics: vec![s("akip-2015"), s("akip-2021-opd")],
            },
            K::NothingToStore,
            K::EmptyHistory {
                years: vec![2023, 2024],
            },
            K::EmptyHistory { years: vec![] },
            K::NoAnswers {
                year: 2024,
                rubric: s("akip-2021-opd"),
            },
            K::PredecessorCycle { opd: s("Dinas X") },
        ]
    }
}
