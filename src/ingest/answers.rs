//! Answers as read, in columns of numbers: every string that repeats (OPD, code, tier, answer,
//! note, evaluator) is kept once and numbered, and every answer's place is its sheet's number and
//! its cell's row and column, spelt out only when a message or a listing needs it. A national run
//! reads 3.5 million answers of 22,000 OPDs; this is what keeps them in a few hundred megabytes.

use super::sheet::a1;
use crate::messages::Location;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use std::collections::HashMap;
use std::sync::Arc;

/// Distinct strings, numbered in the order first seen.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    list: Vec<Arc<str>>,
    ids: foldhash::HashMap<Arc<str>, u32>,
}

impl Strings {
    /// The number of `s`, adding it when new.
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.list.len() as u32;
        let s: Arc<str> = s.into();
        self.list.push(s.clone());
        self.ids.insert(s, id);
        id
    }

    /// The number of `s`, if it is there.
    pub fn find(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    /// The string numbered `id`.
    ///
    /// # Panics
    /// When `id` was not given out by this table.
    pub fn get(&self, id: u32) -> &str {
        &self.list[id as usize]
    }

    /// How many distinct strings.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The strings in the order of their numbers.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|s| &**s)
    }
}

/// One answer: numbers into the tables of its [`Answers`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// The OPD, in [`Answers::opds`].
    pub opd: u32,
    /// The criterion code, in [`Answers::codes`].
    pub code: u32,
    /// The tier (lower case), in [`Answers::tiers`].
    pub tier: u32,
    /// The answer (trimmed), in [`Answers::texts`].
    pub answer: u32,
    /// The evaluator's note, in [`Answers::texts`].
    pub note: Option<u32>,
    /// The evidence, in [`Answers::texts`].
    pub evidence: Option<u32>,
    /// Who answered, in [`Answers::texts`].
    pub evaluator: Option<u32>,
    /// Years kept.
    pub kept_years: Option<f64>,
    /// The file and sheet, in [`Answers::sheets`].
    pub sheet: u32,
    /// The answer cell's row, from 0.
    pub row: u32,
    /// The answer cell's column, from 0.
    pub col: u32,
}

/// A file and one of its sheets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetName {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// The sheet.
    pub sheet: Arc<str>,
}

/// One answer as a layout reads it, borrowing its strings from the sheet.
#[derive(Debug, Clone, Copy)]
pub struct NewAnswer<'a> {
    /// The OPD (inner spaces single).
    pub opd: &'a str,
    /// The criterion code.
    pub code: &'a str,
    /// The tier, lower case.
    pub tier: &'a str,
    /// The answer, trimmed.
    pub answer: &'a str,
    /// The evaluator's note.
    pub note: Option<&'a str>,
    /// The evidence.
    pub evidence: Option<&'a str>,
    /// Who answered.
    pub evaluator: Option<&'a str>,
    /// Years kept.
    pub kept_years: Option<f64>,
    /// The answer cell's absolute row, from 0.
    pub row: u32,
    /// The answer cell's absolute column, from 0.
    pub col: u32,
    /// The cell the OPD's name was read from (absolute row, column), when it has one: where a
    /// name nobody knows is reported.
    pub opd_at: Option<(u32, u32)>,
}

/// Where an OPD's name was read on a sheet: the first cell of each run of its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpdCell {
    /// The OPD, in [`Answers::opds`].
    pub opd: u32,
    /// The sheet, in [`Answers::sheets`].
    pub sheet: u32,
    /// The name's cell, absolute.
    pub row: u32,
    /// The name's cell, absolute.
    pub col: u32,
}

/// Every answer read, in the order read.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// OPD names.
    pub opds: Strings,
    /// Criterion codes as written.
    pub codes: Strings,
    /// Tiers.
    pub tiers: Strings,
    /// Answers, notes, evidence and evaluators.
    pub texts: Strings,
    /// The sheets answers were read from.
    pub sheets: Vec<SheetName>,
    /// The answers.
    pub rows: Vec<Row>,
    /// OPDs met on a row whose answer was blank, with the sheet (in [`Answers::sheets`]):
    /// where an OPD whose answers are all blank was read.
    pub blank: Vec<(u32, u32)>,
    /// Where each OPD's name was read, sheet by sheet (see [`OpdCell`]).
    pub opd_cells: Vec<OpdCell>,
    /// The answer cells a template left blank (official layout): where a missing answer
    /// belongs.
    pub blank_cells: Vec<BlankCell>,
    /// The numbers of count rows ("- Jumlah Agen Perubahan") under the criteria they feed.
    pub counts: Vec<CountCell>,
}

/// A count row's number, kept beside the criterion it feeds (a percentage is read as given;
/// its counts say what it was computed from).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CountCell {
    /// The OPD, in [`Answers::opds`].
    pub opd: u32,
    /// The criterion, in [`Answers::codes`].
    pub code: u32,
    /// Which of the criterion's count rows (its place in the rubric's `counts`).
    pub label: u32,
    /// The number.
    pub value: f64,
    /// The file and sheet, in [`Answers::sheets`].
    pub sheet: u32,
    /// The cell's absolute row, from 0.
    pub row: u32,
    /// The cell's absolute column, from 0.
    pub col: u32,
}

/// An answer cell of a criterion's row left blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlankCell {
    /// The OPD, in [`Answers::opds`].
    pub opd: u32,
    /// The criterion code, in [`Answers::codes`].
    pub code: u32,
    /// The file and sheet, in [`Answers::sheets`].
    pub sheet: u32,
    /// The cell's absolute row, from 0.
    pub row: u32,
    /// The cell's absolute column, from 0.
    pub col: u32,
}

impl Answers {
    /// The number of a new sheet of `file`, for the answers read from it.
    pub fn sheet(&mut self, file: &Arc<str>, sheet: &str) -> u32 {
        self.sheets.push(SheetName {
            file: file.clone(),
            sheet: sheet.into(),
        });
        (self.sheets.len() - 1) as u32
    }

    /// Adds an answer read from `sheet` (a number from [`Answers::sheet`]).
    pub fn push(&mut self, sheet: u32, a: NewAnswer) {
        let row = Row {
            opd: self.opds.id(a.opd),
            code: self.codes.id(a.code),
            tier: self.tiers.id(a.tier),
            answer: self.texts.id(a.answer),
            note: a.note.map(|s| self.texts.id(s)),
            evidence: a.evidence.map(|s| self.texts.id(s)),
            evaluator: a.evaluator.map(|s| self.texts.id(s)),
            kept_years: a.kept_years,
            sheet,
            row: a.row,
            col: a.col,
        };
        if let Some((r, c)) = a.opd_at {
            let last = self.opd_cells.last().map(|o| (o.opd, o.sheet));
            if last != Some((row.opd, sheet)) {
                self.opd_cells.push(OpdCell {
                    opd: row.opd,
                    sheet,
                    row: r,
                    col: c,
                });
            }
        }
        self.rows.push(row);
    }

    /// Notes that `opd` was met on a row of `sheet` whose answer was blank: it is still an OPD,
    /// missing that answer.
    pub fn blank_answer(&mut self, sheet: u32, opd: &str) {
        let opd = self.opds.id(opd);
        if self.blank.last() != Some(&(opd, sheet)) {
            self.blank.push((opd, sheet));
        }
    }

    /// Notes the answer cell at absolute `(row, col)` of `sheet`, left blank for `opd`'s
    /// criterion `code`.
    pub fn blank_cell(&mut self, sheet: u32, opd: &str, code: &str, (row, col): (u32, u32)) {
        let (opd, code) = (self.opds.id(opd), self.codes.id(code));
        let cell = BlankCell {
            opd,
            code,
            sheet,
            row,
            col,
        };
        self.blank_cells.push(cell);
    }

    /// Keeps a count row's number for criterion `code` of `opd`.
    pub fn count_cell(
        &mut self,
        sheet: u32,
        opd: &str,
        code: &str,
        label: usize,
        value: f64,
        (row, col): (u32, u32),
    ) {
        let (opd, code) = (self.opds.id(opd), self.codes.id(code));
        self.counts.push(CountCell {
            opd,
            code,
            label: label as u32,
            value,
            sheet,
            row,
            col,
        });
    }

    /// How many answers.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Where answer `i` was read.
    pub fn location(&self, i: usize) -> Location {
        let r = &self.rows[i];
        let s = &self.sheets[r.sheet as usize];
        Location::cell(
            &s.file,
            &s.sheet,
            crate::messages::CellRef::new(r.row as usize, r.col as usize),
        )
    }

    /// The OPD of answer `i`.
    pub fn opd(&self, i: usize) -> &str {
        self.opds.get(self.rows[i].opd)
    }

    /// The code of answer `i`.
    pub fn code(&self, i: usize) -> &str {
        self.codes.get(self.rows[i].code)
    }

    /// The answer `i` as written.
    pub fn answer(&self, i: usize) -> &str {
        self.texts.get(self.rows[i].answer)
    }

    /// The text numbered `id` (a row's note, evidence or evaluator), if it has one.
    pub fn text(&self, id: Option<u32>) -> Option<&str> {
        id.map(|id| self.texts.get(id))
    }

    /// Answer `i` with its strings spelt out.
    pub fn record(&self, i: usize) -> AnswerRecord {
        let r = &self.rows[i];
        let s = &self.sheets[r.sheet as usize];
        let text = |id: Option<u32>| self.text(id).map(str::to_string);
        AnswerRecord {
            opd: self.opds.get(r.opd).to_string(),
            code: self.codes.get(r.code).to_string(),
            tier: self.tiers.get(r.tier).to_string(),
            answer: self.texts.get(r.answer).to_string(),
            note: text(r.note),
            evidence: text(r.evidence),
            evaluator: text(r.evaluator),
            kept_years: r.kept_years,
            file: s.file.clone(),
            sheet: s.sheet.clone(),
            row: r.row,
            col: r.col,
        }
    }

    /// The answers of `rows` spelt out (for `inspect` and tests).
    pub fn records(&self, rows: std::ops::Range<usize>) -> Vec<AnswerRecord> {
        rows.map(|i| self.record(i)).collect()
    }

    /// Answers from records, in their order.
    pub fn from_records<'a>(records: impl IntoIterator<Item = &'a AnswerRecord>) -> Answers {
        let mut out = Answers::default();
        let mut sheets: HashMap<(Arc<str>, Arc<str>), u32> = HashMap::new();
        for r in records {
            let sheet = *sheets
                .entry((r.file.clone(), r.sheet.clone()))
                .or_insert_with(|| out.sheet(&r.file, &r.sheet));
            out.push(
                sheet,
                NewAnswer {
                    opd: &r.opd,
                    code: &r.code,
                    tier: &r.tier,
                    answer: &r.answer,
                    note: r.note.as_deref(),
                    evidence: r.evidence.as_deref(),
                    evaluator: r.evaluator.as_deref(),
                    kept_years: r.kept_years,
                    row: r.row,
                    col: r.col,
                    opd_at: None,
                },
            );
        }
        out
    }

    /// Moves `other`'s answers after these, renumbering its strings and sheets.
    pub fn append(&mut self, other: Answers) {
        let remap = |mine: &mut Strings, theirs: &Strings| -> Vec<u32> {
            theirs.iter().map(|s| mine.id(s)).collect()
        };
        let opds = remap(&mut self.opds, &other.opds);
        let codes = remap(&mut self.codes, &other.codes);
        let tiers = remap(&mut self.tiers, &other.tiers);
        let texts = remap(&mut self.texts, &other.texts);
        let sheet0 = self.sheets.len() as u32;
        self.sheets.extend(other.sheets);
        let text = |id: Option<u32>| id.map(|id| texts[id as usize]);
        self.rows.extend(other.rows.into_iter().map(|r| Row {
            opd: opds[r.opd as usize],
            code: codes[r.code as usize],
            tier: tiers[r.tier as usize],
            answer: texts[r.answer as usize],
            note: text(r.note),
            evidence: text(r.evidence),
            evaluator: text(r.evaluator),
            sheet: sheet0 + r.sheet,
            ..r
        }));
        self.blank.extend(
            other
                .blank
                .into_iter()
                .map(|(opd, sheet)| (opds[opd as usize], sheet0 + sheet)),
        );
        self.blank_cells
            .extend(other.blank_cells.into_iter().map(|b| BlankCell {
                opd: opds[b.opd as usize],
                code: codes[b.code as usize],
                sheet: sheet0 + b.sheet,
                ..b
            }));
        self.counts
            .extend(other.counts.into_iter().map(|c| CountCell {
                opd: opds[c.opd as usize],
                code: codes[c.code as usize],
                sheet: sheet0 + c.sheet,
                ..c
            }));
        self.opd_cells
            .extend(other.opd_cells.into_iter().map(|o| OpdCell {
                opd: opds[o.opd as usize],
                sheet: sheet0 + o.sheet,
                ..o
            }));
    }

    /// Renames the OPDs: `rename` gives each name's new name (`None` keeps it). Names that
    /// become one are one OPD, numbered where the first of them was.
    pub fn rename_opds(&mut self, mut rename: impl FnMut(&str) -> Option<String>) {
        let mut opds = Strings::default();
        let ids: Vec<u32> = self
            .opds
            .iter()
            .map(|name| match rename(name) {
                Some(new) => opds.id(&new),
                None => opds.id(name),
            })
            .collect();
        for r in &mut self.rows {
            r.opd = ids[r.opd as usize];
        }
        for (opd, _) in &mut self.blank {
            *opd = ids[*opd as usize];
        }
        for b in &mut self.blank_cells {
            b.opd = ids[b.opd as usize];
        }
        for c in &mut self.counts {
            c.opd = ids[c.opd as usize];
        }
        self.opds = opds;
    }
}

/// One answer with its strings spelt out, as `inspect` lists it and tests write it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    /// The OPD.
    pub opd: String,
    /// The criterion code.
    pub code: String,
    /// The tier, lower case.
    pub tier: String,
    /// The answer, trimmed.
    pub answer: String,
    /// The evaluator's note.
    pub note: Option<String>,
    /// The evidence.
    pub evidence: Option<String>,
    /// Who answered.
    pub evaluator: Option<String>,
    /// Years kept.
    pub kept_years: Option<f64>,
    /// The file.
    pub file: Arc<str>,
    /// The sheet.
    pub sheet: Arc<str>,
    /// The answer cell's row, from 0.
    pub row: u32,
    /// The answer cell's column, from 0.
    pub col: u32,
}

impl AnswerRecord {
    /// The answer's cell, A1.
    pub fn cell(&self) -> String {
        a1(self.row as usize, self.col as usize)
    }
}

impl Serialize for AnswerRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("AnswerRecord", 11)?;
        s.serialize_field("opd", &self.opd)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("tier", &self.tier)?;
        s.serialize_field("answer", &self.answer)?;
        s.serialize_field("note", &self.note)?;
        s.serialize_field("evidence", &self.evidence)?;
        s.serialize_field("evaluator", &self.evaluator)?;
        s.serialize_field("kept_years", &self.kept_years)?;
        s.serialize_field("file", &*self.file)?;
        s.serialize_field("sheet", &*self.sheet)?;
        s.serialize_field("cell", &self.cell())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer<'a>(opd: &'a str, code: &'a str, row: u32) -> NewAnswer<'a> {
        NewAnswer {
            opd,
            code,
            tier: "penetapan",
            answer: "Y",
            note: None,
            evidence: None,
            evaluator: None,
            kept_years: None,
            row,
            col: 2,
            opd_at: None,
        }
    }

    #[test]
    fn appending_renumbers_strings_and_sheets() {
        let file: Arc<str> = "a.xlsx".into();
        let mut a = Answers::default();
        let s = a.sheet(&file, "S1");
        a.push(s, answer("Dinas A", "1.a.1", 4));
        let mut b = Answers::default();
        let s = b.sheet(&file, "S2");
        b.push(s, answer("Dinas B", "1.a.2", 9));
        b.push(s, answer("Dinas A", "1.a.1", 10));
        a.append(b);
        assert_eq!(a.opds.len(), 2);
        assert_eq!(a.rows[2].opd, a.rows[0].opd);
        assert_eq!(a.opd(1), "Dinas B");
        assert_eq!(a.code(1), "1.a.2");
        assert_eq!(a.location(2).to_string(), "a.xlsx!S2!C11");
        assert_eq!(a.record(1).cell(), "C10");
    }

    #[test]
    fn renamed_opds_that_meet_are_one() {
        let file: Arc<str> = "a.xlsx".into();
        let mut a = Answers::default();
        let s = a.sheet(&file, "S1");
        a.push(s, answer("Dinas X", "1.a.1", 1));
        a.push(s, answer("Dinas A", "1.a.1", 2));
        a.push(s, answer("Dns A", "1.a.2", 3));
        a.rename_opds(|n| (n == "Dns A").then(|| "Dinas A".to_string()));
        assert_eq!(a.opds.iter().collect::<Vec<_>>(), ["Dinas X", "Dinas A"]);
        assert_eq!(a.rows[2].opd, a.rows[1].opd);
    }
}
