//! The workbook's labels, kept as data in `rubrics/labels.toml`.

use crate::lang::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
struct Label {
    id: String,
    en: String,
}

fn table() -> &'static BTreeMap<String, Label> {
    static TABLE: OnceLock<BTreeMap<String, Label>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The file is embedded and checked by `every_label_is_defined`; an unparsable copy
        // falls back to showing keys rather than stopping a run.
        toml::from_str(include_str!("../../rubrics/labels.toml")).unwrap_or_default()
    })
}

/// The label `key` in `lang`; the key itself if it is not defined.
pub fn label(key: &str, lang: Lang) -> &str {
    match table().get(key) {
        Some(l) => lang.pick(&l.id, &l.en),
        None => key,
    }
}

/// Every key the report uses, for the test below.
#[cfg(test)]
const KEYS: &[&str] = &[
    "gates_unmet",
    "tier_pairs_title",
    "counts",
    "sheet_audit",
    "title_audit",
    "audit_note",
    "audit_file",
    "audit_sheet",
    "audit_tier",
    "audit_cell",
    "audit_node",
    "audit_workbook",
    "audit_sakip",
    "audit_difference",
    "audit_why",
    "legend_gated",
    "legend_otherwise",
    "tier_pair",
    "gate_points",
    "gate_share",
    "gate_unconfirmed",
    "sheet_pairs",
    "pair_from",
    "pair_to",
    "pair_count",
    "matrix_as_pairs",
    "trend_title",
    "trend_percent_note",
    "trend_boundary_note",
    "trend_source",
    "trend_source_score",
    "trend_source_import",
    "trend_spearman",
    "trend_predicate_shares",
    "trend_sheet_city",
    "trend_sheet_series",
    "trend_title_series",
    "trend_id",
    "trend_change_last",
    "trend_change_span",
    "trend_rank_move_span",
    "trend_slope",
    "trend_transitions",
    "trend_sheet_detail",
    "trend_percent",
    "trend_change",
    "trend_rank_move",
    "trend_new_regime",
    "trend_from",
    "trend_from_year",
    "trend_to_year",
    "trend_no_movers",
    "trend_sheet_movers",
    "trend_title_movers",
    "trend_last_year",
    "trend_span",
    "trend_improved",
    "trend_declined",
    "trend_sheet_regime",
    "trend_title_regime",
    "trend_regime_note",
    "trend_city_mean",
    "trend_sheet_charts",
    "trend_chart_city",
    "trend_chart_movers",
    "trend_file",
    "past_years",
    "sheet_summary",
    "sheet_components",
    "sheet_criteria",
    "sheet_metadata",
    "title_summary",
    "title_components",
    "title_criteria",
    "title_metadata",
    "rank",
    "opd",
    "score",
    "predicate",
    "total",
    "legend",
    "range",
    "meaning",
    "stat_mean",
    "stat_median",
    "stat_std",
    "stat_min",
    "stat_max",
    "stats_note",
    "criteria_note",
    "meta_rubric",
    "meta_rubric_title",
    "meta_regime",
    "meta_engine",
    "meta_time",
    "meta_opds",
    "meta_answers",
    "meta_inputs",
    "meta_file",
    "meta_sha",
    "meta_skipped",
    "meta_reason",
    "meta_bytes",
    "alignment",
    "collaboration",
    "composite",
    "indices_note",
    "sheet_alignment",
    "sheet_collaboration",
    "index",
    "not_assessed",
    "not_assessed_note",
    "city_network",
    "density",
    "silos",
    "no_silos",
    "matrix",
    "priorities",
    "priority_id",
    "priority_name",
    "opd_count",
    "opd_list",
    "pentahelix",
    "sheet_reconciliation",
    "title_reconciliation",
    "reconciliation_note",
    "own_score",
    "final_score",
    "inflation",
    "compared",
    "identical",
    "kappa",
    "far_apart",
    "city",
    "template_instructions",
    "template_title",
    "template_step_1",
    "template_step_2",
    "template_step_3",
    "template_step_4",
    "template_error_title",
    "template_error",
    "template_lists",
    "template_programs_sheet",
    "sheet_recommendations",
    "title_recommendations",
    "recommendations_note",
    "target",
    "step_no",
    "criterion",
    "from",
    "to",
    "points",
    "running",
    "evaluator_note",
    "steps_total",
    "path_top",
    "path_unreachable",
    "sheet_scorecard",
    "title_scorecard",
    "component",
    "gap_to_max",
    "chart_components",
    "own_design",
    "criterion_text",
    "answer",
    "value",
    "points_lost",
    "evidence",
    "sheet_next_steps",
    "sheet_chart",
    "sheet_chart_data",
    "chart_title",
    "chart_data_note",
    "year",
    "progress_scorecards",
    "progress_reading",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_defined() {
        for key in KEYS {
            assert!(
                table().contains_key(*key),
                "rubrics/labels.toml lacks '{key}'"
            );
        }
        assert_eq!(label("rank", Lang::Id), "Peringkat");
        assert_eq!(label("rank", Lang::En), "Rank");
    }
}
