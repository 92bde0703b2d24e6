//! The LKE of PermenPAN-RB 88/2021 as a pemda's evaluators fill it (`support/pemda_lke.rs`):
//! 80 criteria numbered `1 / a / 1`, points as weights, Y/T and AA..E answers with drop-downs,
//! two tiers, every value a formula with its cached result, the final score and predicate under
//! the table. Imported, checked, scored back to its own numbers; then audited with faults
//! planted, each found at its cell.

use crate::pemda_lke::{own_final_score, value_cell, write, Fault, Planted, PEMDA, REAL};
use crate::util::{audit_json as audit, json_ranking, score_json};
use std::path::Path;

/// Imports `workbook` into `out` as `lke-pemda`: what the command printed.
fn import(workbook: &Path, out: &Path) -> String {
    crate::util::import_rubric(workbook, out, "lke-pemda")
}

/// The final scores of a `score --json` run, by name.
fn by_name(json: &serde_json::Value) -> Vec<(String, f64)> {
    let mut got: Vec<(String, f64)> = json_ranking(json)
        .into_iter()
        .map(|(opd, score, _)| (opd, score))
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    got
}

/// The final score each pemda's own formulas give in tier `tier`, rounded, by name.
fn own_scores(tier: usize) -> Vec<(String, f64)> {
    let mut want: Vec<(String, f64)> = PEMDA
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.to_string(), centi(own_final_score(i, tier))))
        .collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    want
}

/// Rounded to hundredths, as sakip shows a final score.
fn centi(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The import reads the tree (4 components, 12 sub-components, 80 criteria), the two tiers and
/// the scales from the criteria's `IF` formulas; `rubric check` passes; scored with it, every
/// pemda gets, tier by tier, the final score its own formulas give (computed from the answers
/// the fixture writes, not by sakip); and its formulas agree with sakip everywhere.
#[test]
fn the_pemda_lke_imports_and_scores_to_its_own_final_scores() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = dir.path().join("LKE-AKIP-PEMDA-2025.xlsx");
    write(&workbook, REAL, &[]).unwrap();
    let rubric = dir.path().join("lke-pemda.toml");
    let summary = import(&workbook, &rubric);
    assert!(
        summary.contains("nodes per level (1: 4, 2: 12, 3: 80)"),
        "{summary}"
    );
    assert!(summary.contains("mandiri, evaluator"), "{summary}");
    // 4 + 12 + 80 node rows from row 9 end on row 104; the totals sit two rows under them,
    // the signature block three under those.
    assert!(
        summary.contains("checks them): 106 NILAI AKUNTABILITAS KINERJA, 107 PREDIKAT"),
        "{summary}"
    );
    assert!(summary.contains("(3): 110, 111, 115"), "{summary}");
    let text = std::fs::read_to_string(&rubric).unwrap();
    // Sub-component 1.a of Kota Sukamaju: its seven criteria on rows 11-17, its weight in C10.
    assert!(
        text.contains("# from the formula at Kota Sukamaju!E10: =AVERAGE(E11:E17)*C10"),
        "{text}"
    );
    crate::util::check_rubric(&rubric);
    let json = score_json(
        &[
            workbook.to_str().unwrap(),
            "--rubric",
            rubric.to_str().unwrap(),
        ],
        &dir.path().join("o"),
    );
    assert_eq!(by_name(&json), own_scores(1));
    // Tier by tier: the pemda's own assessment scores what its own tier's formulas give.
    let own = json["reconciliation"]["opds"].as_array().unwrap();
    for (i, (name, _)) in PEMDA.iter().enumerate() {
        let opd = own.iter().find(|o| o["opd"] == *name).unwrap();
        assert_eq!(
            opd["own_score"].as_f64(),
            Some(centi(own_final_score(i, 0)))
        );
        assert_eq!(
            opd["final_score"].as_f64(),
            Some(centi(own_final_score(i, 1)))
        );
    }
    assert_eq!(audit(&rubric, &workbook), Vec::<serde_json::Value>::new());
}

/// Faults planted, each found at its cell with why, and the cells that are wrong only
/// because they take a wrong cell said to follow it:
/// - Kabupaten Mekarsari, evaluator: 2.b's `AVERAGE` one row short (leaves out 2.b.7, the last of its seven criteria); 3's
///   `SUM` over the whole block (takes its 22 criteria too); pemda's own tier: 1.b typed as 5.
/// - Kota Tirtajaya, evaluator: the final score's `SUM` leaves out component 4; its predicate
///   follows the wrong score.
/// - Kota Sukamaju, evaluator: the predicate's formula with every band edge 5 lower (AA where
///   A is due); its own tier's typed as `Sangat Memuaskan`, AA's label, which its score earns.
/// - Kota Tirtajaya, own tier: the predicate typed as AA (B due).
#[test]
fn the_pemda_lke_audit_finds_each_planted_fault_at_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("LKE-AKIP-PEMDA-2025.xlsx");
    write(&clean, REAL, &[]).unwrap();
    let rubric = dir.path().join("lke-pemda.toml");
    import(&clean, &rubric);
    let faulty = dir.path().join("LKE-AKIP-PEMDA-salah.xlsx");
    let plant = |sheet, tier, fault| Planted { sheet, tier, fault };
    write(
        &faulty,
        REAL,
        &[
            plant(1, 1, Fault::ShortRange("2.b")),
            plant(1, 1, Fault::WholeBlock("3")),
            plant(1, 0, Fault::Constant("1.b", 5.0)),
            plant(2, 1, Fault::FinalOmits("4")),
            plant(0, 1, Fault::LowerEdges(5.0)),
            plant(0, 0, Fault::TypedPredicate("Sangat Memuaskan")),
            plant(2, 0, Fault::TypedPredicate("AA")),
        ],
    )
    .unwrap();
    let found = audit(&rubric, &faulty);
    let at = |sheet: usize, cell: &str| -> &serde_json::Value {
        found
            .iter()
            .find(|f| f["sheet"] == PEMDA[sheet].0 && f["cell"] == cell)
            .unwrap_or_else(|| panic!("no finding at {}!{cell}: {found:#?}", PEMDA[sheet].0))
    };
    let why = |f: &serde_json::Value| f["why"].clone();

    // The evaluator's Nilai column is G, the pemda's own E.
    assert_eq!(
        why(at(1, &value_cell("2.b", 1))),
        serde_json::json!([{"kind": "omits", "codes": ["2.b.7"]}])
    );
    let whole = why(at(1, &value_cell("3", 1)));
    assert_eq!(whole[0]["kind"], "adds", "{whole}");
    let added = whole[0]["codes"].as_array().unwrap();
    assert_eq!(added.len(), 22, "3's 22 criteria, 3.a.1 to 3.c.7: {whole}");
    assert!(added.iter().all(|c| c.as_str().unwrap().starts_with("3.")));
    assert_eq!(
        why(at(1, &value_cell("1.b", 0))),
        serde_json::json!([{"kind": "constant"}])
    );
    assert_eq!(at(1, &value_cell("1.b", 0))["workbook"], 5.0);
    // Mekarsari's component 2 and final score take the wrong cells: said to follow them.
    assert_eq!(
        why(at(1, &value_cell("2", 1))),
        serde_json::json!([{"kind": "follows", "codes": ["2.b"]}])
    );
    assert_eq!(
        why(at(1, &value_cell("total", 1))),
        serde_json::json!([{"kind": "follows", "codes": ["2", "3"]}])
    );
    assert_eq!(
        why(at(1, &value_cell("1", 0))),
        serde_json::json!([{"kind": "follows", "codes": ["1.b"]}])
    );
    // Tirtajaya's final score leaves out component 4; sakip's value is the true sum.
    let total = at(2, &value_cell("total", 1));
    assert_eq!(
        why(total),
        serde_json::json!([{"kind": "omits", "codes": ["4"]}])
    );
    let own = own_final_score(2, 1);
    assert!((total["sakip"].as_f64().unwrap() - own).abs() < 1e-9);
    assert_eq!(total["code"], "NILAI AKUNTABILITAS KINERJA");
    // Sukamaju's predicate formula with every edge 5 lower: AA for its 85 < score <= 90, A
    // due; its own tier's typed as AA's label (its score is over 90): no finding there.
    let own = own_final_score(0, 1);
    assert!(85.0 < own && own <= 90.0, "{own}");
    assert!(own_final_score(0, 0) > 90.0);
    let predicate = at(0, &value_cell("predicate", 1));
    assert_eq!(predicate["workbook"], "AA");
    assert_eq!(predicate["sakip"], "A");
    assert_eq!(why(predicate), serde_json::json!([{"kind": "bands"}]));
    // Tirtajaya's own predicate typed as AA (its own score gives B).
    let predicate = at(2, &value_cell("predicate", 0));
    assert_eq!(predicate["workbook"], "AA");
    assert_eq!(why(predicate), serde_json::json!([{"kind": "constant"}]));
    // Nothing else: no finding in a cell no fault reaches.
    let expected = [
        (1, value_cell("2.b", 1)),
        (1, value_cell("3", 1)),
        (1, value_cell("1.b", 0)),
        (1, value_cell("2", 1)),
        (1, value_cell("1", 0)),
        (1, value_cell("total", 1)),
        (1, value_cell("total", 0)),
        (1, value_cell("predicate", 1)),
        (1, value_cell("predicate", 0)),
        (2, value_cell("total", 1)),
        (2, value_cell("predicate", 1)),
        (2, value_cell("predicate", 0)),
        (0, value_cell("predicate", 1)),
    ];
    for f in &found {
        let sheet = PEMDA.iter().position(|p| f["sheet"] == p.0).unwrap();
        let cell = f["cell"].as_str().unwrap().to_string();
        assert!(expected.contains(&(sheet, cell)), "unexpected: {f}");
    }
    // Still scored with sakip's numbers: the faulty copy scores as the clean one.
    let scores = |wb: &Path, out: &str| {
        let json = score_json(
            &[wb.to_str().unwrap(), "--rubric", rubric.to_str().unwrap()],
            &dir.path().join(out),
        );
        json_ranking(&json)
    };
    assert_eq!(scores(&faulty, "o1"), scores(&clean, "o2"));
}

/// The same LKE saved as values (no formula anywhere), its answer cells with drop-down lists:
/// the scales come from the lists, and the rubric scores every pemda as the one imported from
/// the formulas does.
#[test]
fn the_pemda_lke_saved_as_values_takes_its_scales_from_the_drop_downs() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("LKE-nilai.xlsx");
    let shape = crate::pemda_lke::Shape {
        formulas: false,
        drop_downs: true,
    };
    write(&values, shape, &[]).unwrap();
    let rubric = dir.path().join("lke-pemda.toml");
    import(&values, &rubric);
    let text = std::fs::read_to_string(&rubric).unwrap();
    assert!(
        text.contains("# scale from the drop-down list at Kota Sukamaju!D11 (Y, T)"),
        "{text}"
    );
    assert!(
        text.contains(
            "# scale from the drop-down list at Kota Sukamaju!D19 (AA, A, BB, B, CC, C, D, E)"
        ),
        "{text}"
    );
    assert!(!text.contains("guessed from the answers"), "{text}");
    let json = score_json(
        &[
            values.to_str().unwrap(),
            "--rubric",
            rubric.to_str().unwrap(),
        ],
        &dir.path().join("o"),
    );
    assert_eq!(by_name(&json), own_scores(1));
}
