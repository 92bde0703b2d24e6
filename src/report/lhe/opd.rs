//! An OPD's LHE: the letterhead, the legal basis and the object, the components this year and
//! last, the final score and predicate with its meaning, the evaluator's notes per component,
//! the steps to the next predicate and the weak criteria's recommendations, the reconciliation
//! of the self-assessment, and the signature.

use super::{
    basis, body_row, bold, bullet, centered, decimal, header_row, heading, letterhead, pack, page,
    signature, signed, small, table, text,
};
use crate::calendar::iso_time;
use crate::report::labels::label;
use crate::report::per_opd::Context;
use crate::report::ReportError;
use crate::score::path::Path as StepPath;
use crate::settings::{Paper, Settings};
use docx_rs::Docx;

/// One OPD's LHE as an output: the OPD at `i` in `ctx`, numbered `i + 1`, named `name`.
pub(super) struct OpdLhe<'a> {
    pub(super) ctx: &'a Context<'a>,
    pub(super) settings: &'a Settings,
    pub(super) i: usize,
    pub(super) name: String,
}

impl crate::report::output::Output for OpdLhe<'_> {
    fn file_name(&self) -> String {
        self.name.clone()
    }

    fn bytes(self) -> Result<Vec<u8>, ReportError> {
        let paper = self.ctx.input.paper;
        opd_lhe(self.ctx, self.settings, paper, self.i, self.i + 1)
    }
}

/// The LHE of the OPD at `i` in `ctx`, numbered `number`, as `.docx` bytes.
///
/// # Errors
/// [`ReportError::Io`] when the document cannot be packed.
pub(crate) fn opd_lhe(
    ctx: &Context,
    settings: &Settings,
    paper: Paper,
    i: usize,
    number: usize,
) -> Result<Vec<u8>, ReportError> {
    let input = ctx.input;
    let (lang, rubric, year) = (input.lang, input.rubric, input.year);
    let opd = &ctx.opds[i];
    let t = |key: &str| label(key, lang).to_string();
    let mut doc = page(Docx::new(), paper).created_at(&iso_time(input.run_time_unix));
    doc = letterhead(doc, settings);
    // The title and number.
    for line in [
        t("lhe_title"),
        opd.to_uppercase(),
        format!("{} {year}", t("year_upper")),
    ] {
        doc = doc.add_paragraph(centered(&line, true, 24));
    }
    if let Some(pattern) = &settings.report.number {
        let number = pattern
            .replace("{no}", &number.to_string())
            .replace("{year}", &year.to_string());
        doc = doc.add_paragraph(centered(
            &format!("{}: {number}", t("lhe_number")),
            false,
            22,
        ));
    }
    // A. The legal basis and the object.
    doc = basis(doc, rubric, lang);
    doc = doc.add_paragraph(text(&format!(
        "{}: {opd}. {}: {year}.",
        t("lhe_object"),
        t("lhe_period")
    )));
    // B. The results: components this year and last.
    doc = doc.add_paragraph(heading(&t("lhe_results")));
    let past = input.past.and_then(|p| p.get(opd)).and_then(|points| {
        points
            .iter()
            .filter(|p| p.year < year)
            .max_by_key(|p| p.year)
    });
    let mut rows = vec![header_row(&[
        t("lhe_no"),
        t("component"),
        t("lhe_weight"),
        format!("{} {year}", t("score")),
        format!("% {year}"),
        past.map_or_else(|| t("lhe_last_year"), |p| format!("% {}", p.year)),
        t("lhe_change"),
    ])];
    for (k, component) in rubric.components.iter().enumerate() {
        let score = ctx.components[k][i];
        let percent = score / component.weight * 100.0;
        let before = past.and_then(|p| p.components.get(&component.key).copied());
        let change = before.map(|b| percent - b);
        rows.push(body_row(&[
            component.code.clone(),
            component.name.get(lang).to_string(),
            decimal(component.weight, lang),
            decimal(score, lang),
            decimal(percent, lang),
            before.map_or_else(|| "-".into(), |b| decimal(b, lang)),
            change.map_or_else(|| "-".into(), |c| signed(c, lang)),
        ]));
    }
    let score = ctx.scores[i];
    rows.push(body_row(&[
        String::new(),
        t("lhe_final_score"),
        decimal(rubric.max_score, lang),
        decimal(score, lang),
        decimal(score / rubric.max_score * 100.0, lang),
        past.map_or_else(|| "-".into(), |p| decimal(p.percent, lang)),
        past.map_or_else(
            || "-".into(),
            |p| signed(score / rubric.max_score * 100.0 - p.percent, lang),
        ),
    ]));
    // Twips across the page's 9,354 between the margins: the component's name the widest.
    let grid = vec![500, 3254, 900, 1100, 1100, 1200, 1300];
    doc = doc.add_table(table(rows, grid));
    let grade = &ctx.predicates[i];
    let meaning = rubric
        .bands
        .iter()
        .find(|b| &b.grade == grade)
        .map_or(String::new(), |b| b.label.get(lang).to_string());
    doc = doc.add_paragraph(text(&format!(
        "{} {} {} {grade} ({meaning}). {} {} {} {}.",
        t("lhe_final_is"),
        decimal(score, lang),
        t("lhe_with_predicate"),
        t("lhe_rank"),
        ctx.ranks[i],
        t("lhe_of"),
        ctx.opds.len()
    )));
    // C. The evaluator's notes, per component, each once.
    doc = doc.add_paragraph(heading(&t("lhe_notes")));
    let notes = notes_by_component(ctx, i);
    if notes.iter().all(Vec::is_empty) {
        doc = doc.add_paragraph(text(&t("lhe_no_notes")));
    }
    for (k, component) in rubric.components.iter().enumerate() {
        if notes[k].is_empty() {
            continue;
        }
        doc = doc.add_paragraph(bold(component.name.get(lang)));
        for note in &notes[k] {
            doc = doc.add_paragraph(bullet(note));
        }
    }
    // D. What to do: the steps to the next predicate, with the criteria's text.
    doc = doc.add_paragraph(heading(&t("lhe_recommendations")));
    match ctx.paths.get(opd) {
        Some(StepPath::Steps { target, steps, .. }) => {
            doc = doc.add_paragraph(text(&format!(
                "{} {target} ({} {}):",
                t("lhe_steps_to"),
                steps.len(),
                t("lhe_steps")
            )));
            for step in steps {
                let criterion = rubric
                    .node_place(&step.code)
                    .map_or(step.code.as_str(), |n| rubric.nodes[n].name.get(lang))
                    .trim_end_matches('.');
                doc = doc.add_paragraph(bullet(&format!(
                    "{} {criterion}: {} {} → {} (+{} {}).",
                    step.code,
                    t("lhe_from"),
                    step.from,
                    step.to,
                    decimal(step.points, lang),
                    t("lhe_points")
                )));
            }
        }
        Some(StepPath::Top) => doc = doc.add_paragraph(text(&t("path_top"))),
        Some(StepPath::Unreachable { target }) => {
            let line = format!("{}: {target}. {}", t("target"), t("path_unreachable"));
            doc = doc.add_paragraph(text(&line));
        }
        None => {}
    }
    // What to do for each weak criterion (a step's, or one at half its best or under), in the
    // rubric's words where it has them, marked as sakip's.
    let weak = weak_criteria(ctx, i);
    if !weak.is_empty() {
        doc = doc.add_paragraph(bold(&t("lhe_per_criterion")));
        for (code, text, recommendation) in weak {
            let line = match recommendation {
                Some(r) => format!("{code} {text}: {r}"),
                None => format!("{code} {text}."),
            };
            doc = doc.add_paragraph(bullet(&line));
        }
        doc = doc.add_paragraph(small(&t("lhe_sakip_wording")));
    }
    // E. The self-assessment against the final answers.
    if let Some(r) = input
        .reconciliation
        .and_then(|r| r.opds.iter().find(|o| &o.opd == opd))
    {
        doc = doc.add_paragraph(heading(&t("lhe_reconciliation")));
        doc = doc.add_paragraph(text(&format!(
            "{} {}; {} {}.",
            t("lhe_own_score"),
            decimal(r.own_score, lang),
            t("lhe_final_score_lower"),
            decimal(r.final_score, lang)
        )));
    }
    doc = signature(doc, settings);
    pack(doc, opd)
}

/// The evaluator's notes of the OPD at `i`, per component, in criterion order, each once.
fn notes_by_component(ctx: &Context, i: usize) -> Vec<Vec<String>> {
    let rubric = ctx.input.rubric;
    let mut out = vec![Vec::new(); rubric.components.len()];
    let Some(rows) = ctx.criteria.get(&ctx.opds[i]) else {
        return out;
    };
    for &r in rows {
        let note = ctx.columns.notes[r].trim();
        if note.is_empty() {
            continue;
        }
        let Some(k) = component_of(rubric, &ctx.columns.codes[r]) else {
            continue;
        };
        if !out[k].iter().any(|n: &String| n == note) {
            out[k].push(note.to_string());
        }
    }
    out
}

/// The weak criteria of the OPD at `i`, in the rubric's order: those its steps raise, and those
/// at half their best value or under; each with its text and the rubric's recommendation.
fn weak_criteria(ctx: &Context, i: usize) -> Vec<(String, String, Option<String>)> {
    let (rubric, lang) = (ctx.input.rubric, ctx.input.lang);
    let opd = &ctx.opds[i];
    let mut weak: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    if let Some(StepPath::Steps { steps, .. }) = ctx.paths.get(opd) {
        weak.extend(steps.iter().map(|s| s.code.as_str()));
    }
    for &r in ctx.criteria.get(opd).map_or(&[][..], Vec::as_slice) {
        if ctx.columns.values[r] <= 0.5 {
            weak.insert(ctx.columns.codes[r].as_str());
        }
    }
    rubric
        .criteria()
        .filter(|(_, _, k)| weak.contains(k.code.as_str()))
        .map(|(_, _, k)| {
            let text = k.text.get(lang).trim_end_matches('.').to_string();
            let recommendation = k.recommendation.as_ref().map(|r| r.get(lang).to_string());
            (k.code.clone(), text, recommendation)
        })
        .collect()
}

/// The place among the components of the component criterion `code` lies under.
fn component_of(rubric: &crate::rubric::Rubric, code: &str) -> Option<usize> {
    let mut n = rubric.node_place(code)?;
    while let Some(p) = rubric.nodes[n].parent {
        n = p;
    }
    let root = &rubric.nodes[n].code;
    rubric.components.iter().position(|c| &c.code == root)
}
