//! The official LKE layout: one OPD per sheet, as evaluators receive it.
//!
//! Title rows, then a header block (cells may be merged, so a column's field is taken from the
//! lowest text in the block), then component, sub-component and numbered criterion rows. A
//! criterion is matched to the rubric by its number inside its sub-component; a full code such as
//! `1.b.8` in the `No` column is taken as it is. The OPD comes from a labelled cell above the
//! table, else from the sheet name.

use super::{
    clean_name, header_key, tidy::read_kept, Answers, Context, HeaderField, Layout, NewAnswer,
    Sheet, SheetRead,
};
use crate::messages::{Diagnostics, IngestProblem};
use crate::rubric::{Component, Criterion, Rubric, Subcomponent};
use std::collections::HashSet;

/// How far down the header is looked for.
const HEADER_SCAN_ROWS: usize = 40;
/// At most this many rows make a header block.
const HEADER_BLOCK_ROWS: usize = 4;
/// Below this word overlap, a row's text is said to differ from the rubric's criterion.
const TEXT_SIMILARITY_FLOOR: f64 = 0.3;
/// Labels of the cell that names the OPD, most specific first (as [`header_key`]).
const OPD_LABELS: &[&str] = &["perangkatdaerah", "opd", "unitkerja", "instansi"];

/// The official LKE layout.
pub struct Official;

#[derive(Default)]
struct Columns {
    no: Option<usize>,
    /// The last column of the numbering, when `No` heads several (`A | I | 1 | i | a`, each
    /// level's number in its own column, as the official ZI workbook numbers its rows).
    no_last: Option<usize>,
    text: Option<usize>,
    answer: Option<usize>,
    note: Option<usize>,
    evidence: Option<usize>,
    kept: Option<usize>,
    /// `Pilihan Jawaban`: the answers the form offers for the row.
    options: Option<usize>,
    /// The tier of `answer` where its header names one (`PENILAIAN FINAL`); else the
    /// rubric's scored tier.
    tier: Option<String>,
    /// The other tiers' answer and note columns, side by side with `answer` in one sheet.
    others: Vec<TierColumns>,
}

/// One more tier's columns of a sheet that holds several.
struct TierColumns {
    tier: String,
    answer: usize,
    note: Option<usize>,
}

/// What a column group's header says of its tier.
#[derive(Debug, Clone, PartialEq)]
enum Tier {
    /// One of the rubric's tiers.
    Of(String),
    /// A tier of other LKEs (`VERVAL`): passed over.
    Other,
    /// No tier.
    Unnamed,
}

/// The tier `group` names by the rubric's tier words: the longest word found wins.
fn tier_named(rubric: &Rubric, group: Option<&str>) -> Tier {
    let Some(group) = group else {
        return Tier::Unnamed;
    };
    let key = header_key(group);
    let words = rubric
        .tier_words
        .iter()
        .flat_map(|(tier, words)| words.iter().map(move |w| (w, Tier::Of(tier.clone()))))
        .chain(rubric.other_tier_words.iter().map(|w| (w, Tier::Other)));
    words
        .map(|(w, tier)| (header_key(w), tier))
        .filter(|(w, _)| !w.is_empty() && key.contains(w.as_str()))
        .max_by_key(|(w, _)| w.len())
        .map_or(Tier::Unnamed, |(_, tier)| tier)
}

/// The field a header text names, if any.
fn field_of(key: &str) -> Option<&'static str> {
    // Before `jawaban`, which it holds.
    if key.contains("pilihan") {
        return Some("pilihan_jawaban");
    }
    if key == "no" || key == "nomor" {
        Some("no")
    } else if key.contains("kriteria") || key.contains("komponen") {
        Some("kriteria")
    } else if key.contains("jawaban") || key == "answer" {
        Some("jawaban")
    } else if key.contains("catatan") || key.contains("keterangan") {
        Some("catatan")
    } else if key.contains("bukti") {
        Some("bukti")
    } else if key.contains("dipertahankan") {
        Some("dipertahankan")
    } else if key.contains("bobot") || key.contains("koefisien") {
        Some("bobot")
    } else if key.contains("nilai") {
        Some("nilai")
    } else {
        None
    }
}

fn row_keys(sheet: &Sheet, row: usize) -> Vec<(usize, String)> {
    (0..sheet.rows.get(row).map_or(0, Vec::len))
        .filter_map(|col| sheet.get(row, col).text().map(|t| (col, header_key(&t))))
        .collect()
}

pub(super) fn find_header(sheet: &Sheet) -> Option<usize> {
    (0..sheet.height().min(HEADER_SCAN_ROWS)).find(|&row| {
        let fields: Vec<_> = row_keys(sheet, row)
            .iter()
            .filter_map(|(_, key)| field_of(key))
            .collect();
        fields.contains(&"no") && fields.contains(&"kriteria")
    })
}

/// Rows from `start` that still belong to the header block.
pub(super) fn header_block_end(sheet: &Sheet, start: usize) -> usize {
    let mut end = start + 1;
    while end < sheet.height().min(start + HEADER_BLOCK_ROWS) {
        let keys = row_keys(sheet, end);
        if keys.is_empty() || !keys.iter().all(|(_, key)| field_of(key).is_some()) {
            break;
        }
        end += 1;
    }
    end
}

/// A row of column numbers such as `1 2 3 4` or `(1) (2) (3)` under the header.
pub(super) fn is_numbering_row(sheet: &Sheet, row: usize) -> bool {
    let numbers: Vec<Option<f64>> = (0..sheet.rows.get(row).map_or(0, Vec::len))
        .filter_map(|col| sheet.get(row, col).text())
        .map(|t| t.trim_matches(|c| c == '(' || c == ')').parse::<f64>().ok())
        .collect();
    numbers.len() >= 3
        && numbers.iter().all(Option::is_some)
        && numbers.windows(2).all(|w| w[0] < w[1])
}

impl Layout for Official {
    fn name(&self) -> &'static str {
        "lke-resmi"
    }

    fn read(
        &self,
        sheet: &Sheet,
        ctx: &Context,
        answers: &mut Answers,
        diag: &mut Diagnostics,
    ) -> Option<SheetRead> {
        let header_row = find_header(sheet)?;
        let block_end = header_block_end(sheet, header_row);
        let (mut cols, header) = map_columns(sheet, header_row, block_end, ctx, diag);
        cols.no_last = numbering_span(sheet, header_row, block_end, &cols);
        let mut data_start = block_end;
        if data_start < sheet.height() && is_numbering_row(sheet, data_start) {
            data_start += 1;
        }
        let opd = find_opd(sheet, header_row);
        let opd_name = opd
            .as_ref()
            .map_or_else(|| clean_name(&sheet.name), |(_, v)| v.clone());
        let opd_at = opd.as_ref().map(|(cell, _)| (cell.row, cell.col));
        let start = answers.len();
        match cols.answer {
            Some(_) => {
                let sheet_id = answers.sheet(&ctx.file, &sheet.name);
                // The sheet's OPD, even when none of its answers is filled in: each is missing.
                answers.blank_answer(sheet_id, &opd_name);
                let mut walker = Walker::new(ctx.rubric);
                for row in data_start..sheet.height() {
                    walker.row(sheet, row, &cols, ctx, diag, |read| match read {
                        Read::Answer(a) => answers.push(
                            sheet_id,
                            NewAnswer {
                                opd: &opd_name,
                                opd_at,
                                ..a
                            },
                        ),
                        Read::Blank(code, cell) => {
                            answers.blank_cell(sheet_id, &opd_name, code, cell)
                        }
                        Read::Count(code, label, value, cell) => {
                            answers.count_cell(sheet_id, &opd_name, code, label, value, cell)
                        }
                    });
                }
            }
            None => diag.error(
                Some(ctx.at(sheet, header_row, 0)),
                IngestProblem::MissingColumn {
                    column: "Jawaban".into(),
                },
            ),
        }
        Some(SheetRead {
            layout: self.name(),
            header,
            opd: opd.map(|(cell, name)| (cell.to_string(), name)),
            answers: start..answers.len(),
        })
    }
}

/// A header cell that names a field, with the group header above it.
pub(super) struct Found {
    pub(super) col: usize,
    row: usize,
    text: String,
    pub(super) field: &'static str,
    /// The nearest text above it and at or left of its column: a merged group header
    /// (`Nilai Evaluasi`, `PENILAIAN MANDIRI (OPD)`).
    pub(super) group: Option<String>,
}

/// Each column's field from the header block; where several columns answer, each takes the
/// tier its group header names (a column of no tier, or two of one, is an error at its cell; one
/// of a tier the rubric lacks is passed over with a note).
fn map_columns(
    sheet: &Sheet,
    start: usize,
    end: usize,
    ctx: &Context,
    diag: &mut Diagnostics,
) -> (Columns, Vec<HeaderField>) {
    let found = header_cells(sheet, start, end);
    let tier = |f: &Found| tier_named(ctx.rubric, f.group.as_deref());
    let answers: Vec<&Found> = found.iter().filter(|f| f.field == "jawaban").collect();
    let several = answers.len() > 1;
    let mut cols = Columns::default();
    let mut header = Vec::new();
    let mut tiers_read: Vec<(String, &Found)> = Vec::new();
    for f in &found {
        if f.field == "jawaban" && several {
            match tier(f) {
                Tier::Of(t) if tiers_read.iter().any(|(u, _)| *u == t) => {
                    let kind = IngestProblem::TierTwice { tier: t };
                    diag.error(Some(ctx.at(sheet, f.row, f.col)), kind);
                }
                Tier::Of(t) => tiers_read.push((t, f)),
                Tier::Other => {
                    let group = f.group.clone().unwrap_or_default();
                    diag.push(crate::Problem::info(
                        Some(ctx.at(sheet, f.row, f.col)),
                        IngestProblem::TierPassedOver { group },
                    ));
                }
                Tier::Unnamed => {
                    let kind = IngestProblem::TierUnnamed {
                        group: f.group.clone().unwrap_or_default(),
                        tiers: ctx.rubric.tiers.clone(),
                    };
                    diag.error(Some(ctx.at(sheet, f.row, f.col)), kind);
                }
            }
            continue;
        }
        let slot = match f.field {
            "no" => &mut cols.no,
            "kriteria" => &mut cols.text,
            "jawaban" => &mut cols.answer,
            "catatan" if several => continue,
            "catatan" => &mut cols.note,
            "bukti" => &mut cols.evidence,
            "dipertahankan" => &mut cols.kept,
            "pilihan_jawaban" => &mut cols.options,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(f.col);
            header.push(header_field(sheet, f, f.field));
        }
    }
    if !several {
        // One answer column: its tier where its header names one, else the scored tier.
        if let Some(Tier::Of(t)) = answers.first().map(|f| tier(f)) {
            cols.tier = Some(t);
        }
        return (cols, header);
    }
    // Several: the scored tier's column is the sheet's answer column, the others read beside it.
    let scored = &ctx.rubric.scored_tier;
    let primary = tiers_read
        .iter()
        .position(|(t, _)| t == scored)
        .or((!tiers_read.is_empty()).then_some(0));
    let note_of = |tier_name: &str| {
        let notes = found.iter().filter(|n| n.field == "catatan");
        notes
            .filter(|n| tier(n) == Tier::Of(tier_name.to_string()))
            .map(|n| n.col)
            .next()
    };
    for (i, (t, f)) in tiers_read.iter().enumerate() {
        header.push(header_field(sheet, f, "jawaban"));
        if Some(i) == primary {
            cols.answer = Some(f.col);
            cols.note = note_of(t);
            cols.tier = Some(t.clone());
        } else {
            cols.others.push(TierColumns {
                tier: t.clone(),
                answer: f.col,
                note: note_of(t),
            });
        }
    }
    (cols, header)
}

/// The last column of a numbering that spans several columns: the columns right of `No` and
/// left of the criteria's text whose header is blank (a merged `No` over them). `None` when
/// `No` is one column.
fn numbering_span(sheet: &Sheet, start: usize, end: usize, cols: &Columns) -> Option<usize> {
    let (no, text) = (cols.no?, cols.text?);
    let blank = |c: usize| (start..end).all(|r| sheet.get(r, c).is_blank());
    let last = (no + 1..text).take_while(|&c| blank(c)).last()?;
    Some(last)
}

/// The header cells of the block that name a field, left to right.
pub(super) fn header_cells(sheet: &Sheet, start: usize, end: usize) -> Vec<Found> {
    // Per header row, per column: the column of the nearest text at or left of it (one pass a
    // row, however wide the sheet).
    let left_text: Vec<Vec<Option<usize>>> = (start..end)
        .map(|r| {
            let mut last = None;
            (0..sheet.width())
                .map(|c| {
                    if !sheet.get(r, c).is_blank() {
                        last = Some(c);
                    }
                    last
                })
                .collect()
        })
        .collect();
    (0..sheet.width())
        .filter_map(|col| {
            // The lowest text of a merged header block is the most specific ("Jawaban" under
            // "Nilai Evaluasi").
            let (row, text) = (start..end)
                .rev()
                .find_map(|row| sheet.get(row, col).text().map(|t| (row, t)))?;
            let field = field_of(&header_key(&text))?;
            let group = (start..row).rev().find_map(|r| {
                let c = left_text[r - start][col]?;
                sheet.get(r, c).text()
            });
            Some(Found {
                col,
                row,
                text,
                field,
                group,
            })
        })
        .collect()
}

fn header_field(sheet: &Sheet, f: &Found, field: &'static str) -> HeaderField {
    HeaderField {
        cell: sheet.a1(f.row, f.col),
        text: f.text.clone(),
        field,
    }
}

/// The OPD named in a labelled cell above the header (see [`super::labelled_value`]): its cell
/// and the name.
fn find_opd(sheet: &Sheet, header_row: usize) -> Option<(crate::messages::CellRef, String)> {
    super::labelled_value(sheet, 0..header_row, OPD_LABELS)
}

/// What a row gives: an answer (its OPD still to be filled in), a criterion's blank answer
/// cell, or a count row's number (criterion, count row, number, cell).
enum Read<'a> {
    Answer(NewAnswer<'a>),
    Blank(&'a str, (u32, u32)),
    Count(&'a str, usize, f64, (u32, u32)),
}

/// Walks the rows, keeping track of the component and sub-component above.
struct Walker<'r> {
    /// The criterion of the last criterion row: count rows under it feed it.
    last: Option<&'r Criterion>,
    /// The numbers of the levels above the current row, when the numbering spans several
    /// columns.
    levels: Vec<String>,
    /// The last row's criterion answered through its evidence documents (`share`): the
    /// unnumbered rows under it that name one of its documents are that document's answer.
    share: Option<usize>,
    rubric: &'r Rubric,
    component: Option<&'r Component>,
    sub: Option<&'r Subcomponent>,
    /// Each criterion in rubric order (a leaf node's `criterion` is its place here).
    criteria: Vec<&'r Criterion>,
}

enum RowKind<'r> {
    Component(&'r Component),
    Sub(Option<&'r Component>, Option<&'r Subcomponent>),
    /// A node below the sub-components that is not a criterion (an area, an indicator, a
    /// criterion answered through its evidence documents), by its place in the tree.
    Part(usize),
    Criterion(Option<&'r Criterion>),
    Other,
}

impl<'r> Walker<'r> {
    fn new(rubric: &'r Rubric) -> Self {
        Walker {
            last: None,
            levels: Vec::new(),
            share: None,
            rubric,
            component: None,
            sub: None,
            criteria: rubric.criteria().map(|(_, _, k)| k).collect(),
        }
    }

    /// The node a row's number names by its whole code: any node below the components
    /// (`A.I.1.i`, `1.a.1`, `AREN001`), case aside. A component's bare code (`1`, `A`) is
    /// also how rows are numbered within their parent: components are matched by their text
    /// or their place.
    fn by_code(&self, no_key: &str) -> Option<usize> {
        let place = *self.rubric.node_by_code.get(no_key)?;
        let n = &self.rubric.nodes[place];
        (n.level > 1 || n.code.contains('.')).then_some(place)
    }

    /// The number of a row whose numbering spans several columns, one a level: the levels
    /// above it (from the rows before) and its own, joined (`A.I.1.i.a`); empty when the row
    /// has none.
    fn leveled_number(&mut self, sheet: &Sheet, row: usize, first: usize, last: usize) -> String {
        let Some((level, token)) =
            (first..=last).find_map(|c| Some((c - first, sheet.get(row, c).text()?)))
        else {
            return String::new();
        };
        let token = token
            .trim()
            .trim_end_matches(['.', ')'])
            .trim_start_matches('(')
            .to_string();
        self.levels.truncate(level);
        self.levels.resize(level, String::new());
        self.levels.push(token);
        self.levels.join(".")
    }

    /// A row without a number whose text is one of the count rows of the criterion above it:
    /// that criterion and which count row.
    fn count_row(&self, no: &str, text: &str) -> Option<(&'r Criterion, usize)> {
        let criterion = self.last?;
        if !no.trim().is_empty() || criterion.counts.is_empty() {
            return None;
        }
        let bare =
            |t: &str| header_key(t.trim_start_matches(|c: char| c == '-' || c.is_whitespace()));
        let key = bare(text);
        let label = criterion.counts.iter().position(|c| bare(c) == key)?;
        Some((criterion, label))
    }

    /// A row without a number under a criterion answered through its documents, whose text
    /// names one of them (the same words, case and punctuation aside, or close to them).
    fn document_row(&self, no: &str, text: &str) -> Option<&'r Criterion> {
        let share = self.share?;
        if !no.trim().is_empty() || text.trim().is_empty() {
            return None;
        }
        let key = header_key(text);
        let items = self.rubric.nodes[share].children.iter();
        let best = items
            .map(|&i| {
                let name = &self.rubric.nodes[i].name.id;
                let score = if header_key(name) == key {
                    1.0
                } else {
                    similarity(text, name)
                };
                (score, i)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        let item = self.rubric.nodes[best.1]
            .criterion
            .map(|k| self.criteria[k]);
        (best.0 >= 0.8).then_some(item).flatten()
    }

    /// The row of a node numbered with its whole code: the component and sub-component it lies
    /// in become the walker's place.
    fn node_row(&self, node: usize) -> RowKind<'r> {
        let n = &self.rubric.nodes[node];
        if n.is_leaf() {
            return RowKind::Criterion(n.criterion.map(|k| self.criteria[k]));
        }
        let mut top = node;
        let mut second = None;
        while let Some(p) = self.rubric.nodes[top].parent {
            second = Some(top);
            top = p;
        }
        let component = self
            .rubric
            .components
            .iter()
            .find(|c| c.code == self.rubric.nodes[top].code);
        let sub = second.and_then(|s| {
            let key = &self.rubric.nodes[s].code;
            component.and_then(|c| c.subcomponents.iter().find(|x| &x.key == key))
        });
        match n.level {
            1 => component.map_or(RowKind::Other, RowKind::Component),
            2 => RowKind::Sub(component, sub),
            _ => RowKind::Part(node),
        }
    }

    /// Reads one row, giving its answer (with the OPD still to be filled in) to `add` when it
    /// is a criterion's, or the criterion's code and blank answer cell when it has none.
    fn row(
        &mut self,
        sheet: &Sheet,
        row: usize,
        cols: &Columns,
        ctx: &Context,
        diag: &mut Diagnostics,
        mut add: impl FnMut(Read),
    ) -> Option<()> {
        let text_of = |col: Option<usize>| col.and_then(|c| sheet.get(row, c).text());
        let no = match (cols.no, cols.no_last) {
            (Some(first), Some(last)) => self.leveled_number(sheet, row, first, last),
            _ => text_of(cols.no).unwrap_or_default(),
        };
        let text = text_of(cols.text).unwrap_or_default();
        let answer_col = cols.answer?;
        let answer_cell = sheet.get(row, answer_col);
        if let Some(kind) = answer_cell.problem() {
            diag.error(Some(ctx.at(sheet, row, answer_col)), kind);
            return None;
        }
        let answer = answer_cell.text();
        // A count row ("- Jumlah Agen Perubahan") under the criterion it feeds: its number.
        if let Some((criterion, label)) = self.count_row(&no, &text) {
            let cell = (sheet.row0 + row as u32, sheet.col0 + answer_col as u32);
            let value = answer.as_deref().map(crate::rubric::NumberScale::number);
            match (answer, value) {
                (_, Some(Some(value))) => add(Read::Count(&criterion.code, label, value, cell)),
                (Some(found), _) => diag.error(
                    Some(ctx.at(sheet, row, answer_col)),
                    IngestProblem::CountNotNumber {
                        code: criterion.code.clone(),
                        label: criterion.counts[label].clone(),
                        found,
                    },
                ),
                (None, _) => {}
            }
            return None;
        }
        // An evidence document's row under its criterion, named but not numbered.
        let document = self.document_row(&no, &text);
        let kind = match document {
            Some(item) => RowKind::Criterion(Some(item)),
            None => {
                self.share = None;
                self.classify(&no, &text)
            }
        };
        let criterion = match kind {
            RowKind::Component(c) => {
                self.component = Some(c);
                self.sub = None;
                self.last = None;
                return None;
            }
            RowKind::Sub(component, sub) => {
                self.component = component.or(self.component);
                self.sub = sub;
                self.last = None;
                return None;
            }
            RowKind::Part(node) => {
                self.last = None;
                let share =
                    self.rubric.nodes[node].aggregation == crate::rubric::Aggregation::Share;
                self.share = share.then_some(node);
                return None;
            }
            RowKind::Criterion(criterion) => {
                self.last = criterion;
                criterion
            }
            RowKind::Other => {
                if answer.is_some() {
                    diag.error(
                        Some(ctx.at(sheet, row, answer_col)),
                        IngestProblem::UnplacedAnswer,
                    );
                }
                return None;
            }
        };
        let (answer, criterion) = match (answer, criterion) {
            (Some(answer), Some(criterion)) => (answer, criterion),
            // A criterion's row left blank: where its missing answer belongs.
            (None, Some(criterion)) => {
                let cell = (sheet.row0 + row as u32, sheet.col0 + answer_col as u32);
                add(Read::Blank(&criterion.code, cell));
                return None;
            }
            (None, None) => return None,
            (Some(_), None) => {
                let subcomponent = self.sub.map_or_else(String::new, |s| s.key.clone());
                diag.error(
                    Some(ctx.at(sheet, row, cols.no.unwrap_or(0))),
                    IngestProblem::NoSuchCriterion {
                        subcomponent,
                        number: no,
                    },
                );
                return None;
            }
        };
        if !text.is_empty() && similarity(&text, &criterion.text.id) < TEXT_SIMILARITY_FLOOR {
            diag.warning(
                Some(ctx.at(sheet, row, cols.text.unwrap_or(0))),
                IngestProblem::TextDiffers {
                    code: criterion.code.clone(),
                    found: text.clone(),
                    expected: criterion.text.id.clone(),
                },
            );
        }
        if let Some(offered) = text_of(cols.options) {
            self.check_options(&offered, criterion, ctx.at(sheet, row, cols.options?), diag);
        }
        let note = text_of(cols.note);
        let evidence = text_of(cols.evidence);
        let tier = cols.tier.as_deref().unwrap_or(&self.rubric.scored_tier);
        add(Read::Answer(NewAnswer {
            opd: "",
            code: &criterion.code,
            tier,
            answer: &answer,
            note: note.as_deref(),
            evidence: evidence.as_deref(),
            evaluator: None,
            kept_years: read_kept(sheet, row, cols.kept, ctx, diag),
            row: sheet.row0 + row as u32,
            col: sheet.col0 + answer_col as u32,
            opd_at: None,
        }));
        // The other tiers' answers of the same criterion, where the sheet holds several.
        for other in &cols.others {
            let cell = sheet.get(row, other.answer);
            if let Some(kind) = cell.problem() {
                diag.error(Some(ctx.at(sheet, row, other.answer)), kind);
                continue;
            }
            let Some(answer) = cell.text() else { continue };
            let note = text_of(other.note);
            add(Read::Answer(NewAnswer {
                opd: "",
                code: &criterion.code,
                tier: &other.tier,
                answer: &answer,
                note: note.as_deref(),
                evidence: None,
                evaluator: None,
                kept_years: None,
                row: sheet.row0 + row as u32,
                col: sheet.col0 + other.answer as u32,
                opd_at: None,
            }));
        }
        Some(())
    }

    fn classify(&self, no: &str, text: &str) -> RowKind<'r> {
        let no_key: String = no
            .trim()
            .trim_end_matches(['.', ')'])
            .trim_start_matches('(')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if let Some(node) = self.by_code(&no_key) {
            return self.node_row(node);
        }
        let parts: Vec<&str> = no_key.split('.').collect();
        match parts.as_slice() {
            [c, s, n] => {
                let by_code = self
                    .rubric
                    .criteria()
                    .find(|(_, _, k)| k.code.to_lowercase() == no_key)
                    .map(|(_, _, k)| k);
                // `A.1.1`: the first component's first sub-component's first criterion.
                let by_place = || {
                    let (_, sub) = self.place(c, s)?;
                    let number = n.parse::<usize>().ok()?;
                    sub.criteria.iter().find(|k| k.number == number)
                };
                return RowKind::Criterion(by_code.or_else(by_place));
            }
            // `1.b` or `A.1`; `1.2`, numbers both, is no sub-component row (some forms number
            // criteria so): it stays unplaced, an error when answered.
            [c, s] if is_letter_code(s) || (is_letter_code(c) && s.parse::<usize>().is_ok()) => {
                let (component, sub) = match self.place(c, s) {
                    Some((component, sub)) => (Some(component), Some(sub)),
                    None => (None, None),
                };
                return RowKind::Sub(component, sub);
            }
            _ => {}
        }
        if let Some(component) = self.match_component(text) {
            return RowKind::Component(component);
        }
        // A sub-component's letter (`a`) or Roman numeral (`I`, `II`) under its component.
        let roman =
            !no_key.is_empty() && no_key.len() <= 4 && no_key.chars().all(|c| "ivx".contains(c));
        if (no_key.len() == 1 && no_key.chars().all(char::is_alphabetic)) || roman {
            let sub = self
                .component
                .and_then(|c| nth(&c.subcomponents, |s| &s.code, &no_key));
            return RowKind::Sub(None, sub);
        }
        if let Ok(number) = no_key.parse::<usize>() {
            return match self.sub {
                Some(sub) => RowKind::Criterion(sub.criteria.iter().find(|k| k.number == number)),
                None => RowKind::Other,
            };
        }
        RowKind::Other
    }

    /// The answers a row's `Pilihan Jawaban` cell offers (`Y/T`, `A/B/C/D`, `Ya / Tidak`)
    /// against the scale the rubric scores its criterion on: a warning at the cell when they
    /// are not that scale's answers, since the form's evaluator chose among others.
    fn check_options(
        &self,
        offered: &str,
        criterion: &Criterion,
        at: crate::messages::Location,
        diag: &mut Diagnostics,
    ) {
        let Some(scale) = self.rubric.scales.get(&criterion.scale) else {
            return;
        };
        if scale.offered_by(offered) {
            return;
        }
        let answers = match scale.number {
            Some(n) => vec![n.describe()],
            None => scale.codes.iter().map(|c| c.code.clone()).collect(),
        };
        let differ = IngestProblem::OptionsDiffer {
            code: criterion.code.clone(),
            offered: offered.to_string(),
            scale: scale.name.id.clone(),
            answers,
        };
        diag.warning(Some(at), differ);
    }

    /// The component and sub-component that `component` and `sub` name, each by its code, else
    /// by its place (`A` or `1` the first, `II` or `b` the second): `A.1` is the first
    /// component's first sub-component whatever their codes.
    fn place(&self, component: &str, sub: &str) -> Option<(&'r Component, &'r Subcomponent)> {
        let component = nth(&self.rubric.components, |c| &c.code, component)?;
        let sub = nth(&component.subcomponents, |s| &s.code, sub)?;
        Some((component, sub))
    }

    /// A component row: its text is a component's name, give or take case, punctuation and a
    /// trailing weight in brackets.
    fn match_component(&self, text: &str) -> Option<&'r Component> {
        let bare = text.split('(').next().unwrap_or(text).trim();
        let bare = match bare.split_once(char::is_whitespace) {
            Some((first, rest)) if is_numbering(first) => rest,
            _ => bare,
        };
        let key = header_key(bare);
        if key.is_empty() {
            return None;
        }
        self.rubric
            .components
            .iter()
            .find(|c| header_key(&c.name.id) == key || header_key(&c.name.en) == key)
    }
}

/// The item of `items` that `token` (lower case) names: by its code, else by its place, as a
/// number (`2`), a Roman numeral (`ii`) or a letter (`b`), from 1.
fn nth<'a, T>(items: &'a [T], code: impl Fn(&T) -> &str, token: &str) -> Option<&'a T> {
    if let Some(item) = items.iter().find(|i| code(i).to_lowercase() == token) {
        return Some(item);
    }
    let place = token
        .parse::<usize>()
        .ok()
        .or_else(|| roman(token).filter(|&n| n <= items.len()))
        .or_else(|| {
            let mut chars = token.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_lowercase() => Some((c as u8 - b'a') as usize + 1),
                _ => None,
            }
        })?;
    items.get(place.checked_sub(1)?)
}

/// Whether `token` is letters only (`b`, `a`).
fn is_letter_code(token: &str) -> bool {
    !token.is_empty() && token.chars().all(char::is_alphabetic)
}

/// The value of a small Roman numeral in lower case (`iv` is 4), up to `xxxix`.
fn roman(token: &str) -> Option<usize> {
    let value = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        _ => None,
    };
    let digits: Vec<usize> = token.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(next) if next > d => total -= *d as isize,
            _ => total += *d as isize,
        }
    }
    (total > 0 && !digits.is_empty()).then_some(total as usize)
}

/// A leading number of a row's text: `1.`, `A.`, `IV`, `2)`.
fn is_numbering(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ')']);
    let roman = t.chars().all(|c| "IVXivx".contains(c));
    let digits = t.chars().all(|c| c.is_ascii_digit());
    let letter = t.chars().count() == 1 && t.chars().all(char::is_alphabetic);
    !t.is_empty() && t.len() <= 4 && (roman || digits || letter)
}

/// Word overlap (Dice coefficient) of two texts, over words of three letters or more.
fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(&b).count();
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::{nth, roman, similarity};

    #[test]
    fn roman_numerals_and_places() {
        let values: Vec<Option<usize>> = ["i", "ii", "iv", "ix", "xiv", "b", ""]
            .iter()
            .map(|t| roman(t))
            .collect();
        assert_eq!(
            values,
            [Some(1), Some(2), Some(4), Some(9), Some(14), None, None]
        );
        // Codes first, then places: `b` is the code b; `2`, `ii` and (where no code is `c`)
        // `c` are places.
        let subs = ["a", "b", "x"];
        let pick = |t: &str| nth(&subs, |s| s, t).copied();
        assert_eq!(pick("b"), Some("b"));
        assert_eq!(pick("x"), Some("x"), "the code x, not the Roman ten");
        assert_eq!(pick("2"), Some("b"));
        assert_eq!(pick("ii"), Some("b"));
        assert_eq!(pick("c"), Some("x"), "the third by its letter");
        assert_eq!(pick("iv"), None);
        assert_eq!(pick("0"), None);
    }

    #[test]
    fn similarity_tells_same_from_different() {
        let rubric = "Terdapat pedoman teknis perencanaan kinerja.";
        assert!(similarity("Terdapat pedoman teknis perencanaan kinerja", rubric) > 0.9);
        assert!(similarity("Laporan keuangan diaudit BPK setiap tahun", rubric) < 0.3);
    }
}
