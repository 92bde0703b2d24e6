//! Problems found while checking and scoring the answers against the rubric.
//!
//! Each variant carries the data its message needs; the words are in `messages/score.toml`.

use serde::Serialize;

/// What is wrong with the answers as the rubric sees them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoreProblem {
    /// The criterion code is not in the rubric.
    UnknownCode {
        /// The code given.
        code: String,
    },
    /// The answer is not on the criterion's scale.
    OffScale {
        /// The criterion.
        code: String,
        /// The answer given.
        answer: String,
        /// The codes allowed.
        allowed: Vec<String>,
    },
    /// Two answers of the same tier for the same OPD and criterion.
    DuplicateAnswer {
        /// The OPD.
        opd: String,
        /// The criterion.
        code: String,
        /// The tier.
        tier: String,
        /// Where the other answer is.
        other: String,
        /// The two answers (this one, the other) when they differ: a conflict.
        conflict: Option<(String, String)>,
        /// Whether the conflict was settled by taking the lower answer (`--conflict lowest`).
        resolved: bool,
    },
    /// Criteria of an OPD scored from a lower tier than the rubric's highest, for want of one.
    LowerTierScored {
        /// The OPD.
        opd: String,
        /// The tier the answers came from.
        tier: String,
        /// The criteria.
        codes: Vec<String>,
    },
    /// An OPD lacks answers for some criteria.
    MissingAnswers {
        /// The OPD.
        opd: String,
        /// The codes without an answer.
        codes: Vec<String>,
        /// The blank answer cells of those criteria's rows, where the layout has them (the
        /// official LKE's), in A1.
        cells: Vec<String>,
        /// Whether they were scored 0 (`--missing zero`).
        zeroed: bool,
    },
    /// An OPD's answers break a consistency rule of the rubric: an answer sets it off and
    /// others are graded above what it allows.
    Inconsistent {
        /// The OPD.
        opd: String,
        /// The answer that sets it off (`3.a.1 = T`).
        found: String,
        /// The answers above the limit (`3.b.1 = BB`).
        over: Vec<String>,
        /// Their cells.
        cells: Vec<String>,
        /// The highest answer the rule allows them.
        at_most: String,
        /// Why the two cannot both be true.
        why: crate::lang::Text,
    },
    /// An OPD's share of one component or sub-component is above another's, which a rule of the
    /// rubric forbids.
    ShareAbove {
        /// The OPD.
        opd: String,
        /// The node and its share (`1.b: 90 %`).
        found: String,
        /// The other node and its share.
        other: String,
        /// Why the two cannot both be true.
        why: crate::lang::Text,
    },
}

impl ScoreProblem {
    /// The message's key in the catalogue.
    pub(super) fn key(&self) -> &'static str {
        use ScoreProblem as K;
        match self {
            K::UnknownCode { .. } => "unknown_code",
            K::OffScale { .. } => "off_scale",
            K::DuplicateAnswer {
                conflict, resolved, ..
            } => match (conflict.is_some(), resolved) {
                (false, false) => "duplicate_answer.same",
                (false, true) => "duplicate_answer.same_resolved",
                (true, false) => "duplicate_answer.conflict",
                (true, true) => "duplicate_answer.conflict_resolved",
            },
            K::LowerTierScored { .. } => "lower_tier_scored",
            K::MissingAnswers { zeroed, cells, .. } => match (zeroed, cells.is_empty()) {
                (false, true) => "missing_answers",
                (true, true) => "missing_answers.zeroed",
                (false, false) => "missing_answers.cells",
                (true, false) => "missing_answers.cells_zeroed",
            },
            K::Inconsistent { .. } => "inconsistent",
            K::ShareAbove { .. } => "share_above",
        }
    }

    /// One of each message, for the catalogue's tests.
    #[cfg(test)]
    pub(super) fn examples() -> Vec<Self> {
        use ScoreProblem as K;
        let s = |t: &str| t.to_string();
        let duplicate = |conflict: bool, resolved| K::DuplicateAnswer {
            opd: s("Dinas X"),
            code: s("1.a.1"),
            tier: s("penetapan"),
            other: s("a.xlsx!LKE!C9"),
            conflict: conflict.then(|| (s("Y"), s("T"))),
            resolved,
        };
        vec![
            K::UnknownCode { code: s("9.z.9") },
            K::OffScale {
                code: s("1.a.1"),
                answer: s("Mungkin"),
                allowed: vec![s("Y"), s("T")],
            },
            duplicate(false, false),
            duplicate(false, true),
            duplicate(true, false),
            duplicate(true, true),
            K::LowerTierScored {
                opd: s("Dinas X"),
                tier: s("usulan"),
                codes: vec![s("1.a.1")],
            },
            K::MissingAnswers {
                opd: s("Dinas X"),
                codes: vec![s("1.a.1")],
                cells: vec![],
                zeroed: false,
            },
            K::MissingAnswers {
                opd: s("Dinas X"),
                codes: vec![s("1.a.1")],
                cells: vec![],
                zeroed: true,
            },
            K::MissingAnswers {
                opd: s("Dinas X"),
                codes: vec![s("1.a.1")],
                cells: vec![s("E9")],
                zeroed: false,
            },
            K::MissingAnswers {
                opd: s("Dinas X"),
                codes: vec![s("1.a.1")],
                cells: vec![s("E9")],
                zeroed: true,
            },
            K::Inconsistent {
                opd: s("Dinas X"),
                found: s("3.a.1 = T"),
                over: vec![s("3.b.1 = BB"), s("3.c.2 = A")],
                cells: vec![s("E40"), s("E52")],
                at_most: s("E"),
                why: crate::lang::Text::new("laporan", Some(s("report"))),
            },
            K::ShareAbove {
                opd: s("Dinas X"),
                found: s("1.b: 90 %"),
                other: s("1.a: 50 %"),
                why: crate::lang::Text::new("kualitas", Some(s("quality"))),
            },
        ]
    }
}
