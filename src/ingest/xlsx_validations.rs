//! The drop-down lists of an .xlsx's cells (`<dataValidation type="list">`), sheet by sheet:
//! calamine does not read them. `rubric import` takes a criterion's scale from the list its
//! answer cell offers when nothing else in the sheet tells it.

use super::IngestProblem;
use std::collections::HashMap;
use std::io::Cursor;

/// A drop-down list on some cells of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DropDown {
    /// The cells it is on, as absolute (first row, first column, last row, last column), from 0.
    pub(crate) ranges: Vec<(u32, u32, u32, u32)>,
    /// What it offers.
    pub(crate) items: Items,
}

/// What a drop-down offers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Items {
    /// Its items written in the list itself (`"Y,T"`).
    Listed(Vec<String>),
    /// The cells that hold its items: the sheet (`None`: its own) and the absolute range.
    Cells(Option<String>, (u32, u32, u32, u32)),
}

impl DropDown {
    /// Whether it is on the cell at absolute `(row, col)`.
    pub(crate) fn covers(&self, (row, col): (u32, u32)) -> bool {
        self.ranges
            .iter()
            .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }
}

/// Every sheet's drop-down lists, by sheet name (sheets without any are left out). A list
/// given by a defined name is not resolved: passed over.
pub(crate) fn drop_downs(bytes: &[u8]) -> Result<HashMap<String, Vec<DropDown>>, IngestProblem> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(super::sheet::unreadable)?;
    let mut out = HashMap::new();
    for (name, part) in super::xlsx_rows::sheet_parts(&mut archive)? {
        let Ok(reader) = archive.by_name(&part) else {
            continue;
        };
        let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(reader));
        let mut buf = Vec::new();
        let mut lists = Vec::new();
        // The list being read: its cells, and its first formula's text as far as read.
        let mut current: Option<Vec<(u32, u32, u32, u32)>> = None;
        let mut formula: Option<String> = None;
        loop {
            match reader
                .read_event_into(&mut buf)
                .map_err(super::sheet::unreadable)?
            {
                Event::Start(e) if e.local_name().as_ref() == "dataValidation" => {
                    let attr = |key: &str| {
                        e.attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == key)
                            .map(|a| a.value.to_string())
                    };
                    current = (attr("type").as_deref() == Some("list"))
                        .then(|| attr("sqref").map(|s| ranges(&s)).unwrap_or_default());
                }
                Event::End(e) if e.local_name().as_ref() == "dataValidation" => current = None,
                Event::Start(e) if e.local_name().as_ref() == "formula1" => {
                    formula = Some(String::new());
                }
                Event::Text(t) => {
                    if let Some(f) = formula.as_mut() {
                        f.push_str(&t.xml10_content());
                    }
                }
                // `&quot;` and the like arrive on their own.
                Event::GeneralRef(r) => {
                    if let Some(f) = formula.as_mut() {
                        let name = r.xml10_content();
                        f.push_str(match name.as_ref() {
                            "quot" => "\"",
                            "amp" => "&",
                            "apos" => "'",
                            "lt" => "<",
                            "gt" => ">",
                            _ => "",
                        });
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "formula1" => {
                    let text = formula.take().unwrap_or_default();
                    if let (Some(cells), Some(items)) = (current.take(), items(&text)) {
                        lists.push(DropDown {
                            ranges: cells,
                            items,
                        });
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if !lists.is_empty() {
            out.insert(name, lists);
        }
    }
    Ok(out)
}

/// A list's first formula as its items: `"Y,T"` listed, `$Z$1:$Z$3` or `'Skala'!$A$1:$A$3`
/// cells; `None` for a defined name or anything else.
fn items(formula: &str) -> Option<Items> {
    let formula = formula.trim();
    if let Some(listed) = formula.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        let items = listed
            .split(',')
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect();
        return Some(Items::Listed(items));
    }
    let (sheet, range) = match formula.rsplit_once('!') {
        Some((sheet, range)) => {
            let sheet = sheet.trim_matches('\'').replace("''", "'");
            (Some(sheet), range)
        }
        None => (None, formula),
    };
    let r = *ranges(range).first()?;
    Some(Items::Cells(sheet, r))
}

/// The ranges of a space-separated `sqref` (`D11 D12:D15`), absolute, from 0; a reference
/// that does not read is left out.
fn ranges(sqref: &str) -> Vec<(u32, u32, u32, u32)> {
    sqref
        .split_whitespace()
        .filter_map(|r| {
            let (a, b) = r.split_once(':').unwrap_or((r, r));
            let ((r0, c0), (r1, c1)) = (cell(a)?, cell(b)?);
            Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
        })
        .collect()
}

/// An A1 reference (`$D$11`) as (row, column), from 0.
fn cell(a1: &str) -> Option<(u32, u32)> {
    let a1 = a1.replace('$', "");
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |n, c| n * 26 + u32::from(c - b'A' + 1))
        - 1;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_their_cells() {
        assert_eq!(
            items("\"Y, T\""),
            Some(Items::Listed(vec!["Y".into(), "T".into()]))
        );
        assert_eq!(
            items("'Skala Nilai'!$A$1:$A$8"),
            Some(Items::Cells(Some("Skala Nilai".into()), (0, 0, 7, 0)))
        );
        assert_eq!(items("$Z$1:$Z$3"), Some(Items::Cells(None, (0, 25, 2, 25))));
        assert_eq!(items("Pilihan"), None);
        assert_eq!(ranges("D11 D12:E15"), [(10, 3, 10, 3), (11, 3, 14, 4)]);
    }
}
