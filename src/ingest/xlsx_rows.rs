//! The rows an .xlsx hides, sheet by sheet. calamine gives cells, not row attributes, so each
//! worksheet part is read a second time for its `<row ... hidden="1">` tags alone: a byte
//! search, not an XML parse, so the pass costs little more than the inflating.

use super::IngestProblem;
use memchr::memmem;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::ops::Range;

/// The hidden rows (absolute, from 0, as ascending runs) of every worksheet that has any, by
/// sheet name.
pub(crate) fn hidden_rows(bytes: &[u8]) -> Result<HashMap<String, Vec<Range<u32>>>, IngestProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(super::sheet::unreadable)?;
    let mut hidden = HashMap::new();
    for (name, part) in sheet_parts(&mut archive)? {
        let Ok(reader) = archive.by_name(&part) else {
            // A sheet whose part is missing is calamine's to report.
            continue;
        };
        let rows = scan(reader).map_err(super::sheet::unreadable)?;
        if !rows.is_empty() {
            hidden.insert(name, rows);
        }
    }
    Ok(hidden)
}

/// Each sheet's name and the zip path of its part, from `xl/workbook.xml` and its relations.
pub(super) fn sheet_parts(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<Vec<(String, String)>, IngestProblem> {
    let mut targets = HashMap::new();
    for tag in tags(archive, "xl/_rels/workbook.xml.rels", "Relationship")? {
        if let (Some(id), Some(target)) = (attribute(&tag, "Id"), attribute(&tag, "Target")) {
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, part);
        }
    }
    let sheets = tags(archive, "xl/workbook.xml", "sheet")?;
    Ok(sheets
        .iter()
        .filter_map(|tag| {
            let name = attribute(tag, "name")?;
            let part = targets.get(&attribute(tag, "id")?)?;
            Some((name, part.clone()))
        })
        .collect())
}

/// The attributes of every element of local name `local` in the part at `path` (none when
/// the part is missing), as (local attribute name, unescaped value) pairs.
fn tags(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    path: &str,
    local: &str,
) -> Result<Vec<Vec<(String, String)>>, IngestProblem> {
    use quick_xml::events::Event;
    let Ok(part) = archive.by_name(path) else {
        return Ok(Vec::new());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let (mut found, mut buf) = (Vec::new(), Vec::new());
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(super::sheet::unreadable)?
        {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                let pairs = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let key = a.key.local_name().as_ref().to_string();
                        let value = quick_xml::escape::unescape(&a.value)
                            .map_or_else(|_| a.value.to_string(), |v| v.into_owned());
                        (key, value)
                    })
                    .collect();
                found.push(pairs);
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
        buf.clear();
    }
}

fn attribute(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// How much of a part is inflated at a time.
const CHUNK: usize = 1 << 16;

/// The hidden rows of one worksheet part, read in chunks: every `<row` tag (with the
/// worksheet's own prefix, if it uses one) up to its `>`, its `r` and its `hidden`.
fn scan(mut part: impl Read) -> std::io::Result<Vec<Range<u32>>> {
    let mut hidden = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK * 2);
    let mut pattern: Option<Vec<u8>> = None;
    // The row a tag without `r` stands for: the one after the last.
    let mut next_row: u32 = 0;
    let mut chunk = vec![0u8; CHUNK];
    // Built once: a searcher costs more to make than a row tag does to search.
    let (r_key, hidden_key) = (
        memmem::Finder::new(b"r=\""),
        memmem::Finder::new(b"hidden=\""),
    );
    loop {
        let n = part.read(&mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        let pattern = match &pattern {
            Some(p) => p,
            None => match row_tag(&buf) {
                Some(p) => pattern.insert(p),
                None if n == 0 => return Ok(hidden),
                None => continue,
            },
        };
        let finder = memmem::Finder::new(pattern);
        // Where the next chunk must start reading again: a tag cut by this chunk's end.
        let mut cut = None;
        let mut at = 0;
        while let Some(found) = finder.find(&buf[at..]) {
            let start = at + found;
            let after = start + pattern.len();
            let tag = match buf.get(after) {
                // `<rowBreaks` and the like are not rows.
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') => {
                    memchr::memchr(b'>', &buf[after..]).map(|end| after..after + end)
                }
                Some(_) => {
                    at = after;
                    continue;
                }
                None => None,
            };
            let Some(tag) = tag else {
                cut = Some(start);
                break;
            };
            at = tag.end + 1;
            let tag = &buf[tag];
            let row = number(tag, &r_key).map_or(next_row, |r| r.saturating_sub(1));
            next_row = row.saturating_add(1);
            if value(tag, &hidden_key).is_some_and(|v| v == b"1" || v == b"true") {
                super::sheet::add_row(&mut hidden, row);
            }
        }
        if n == 0 {
            return Ok(hidden);
        }
        // Kept for the next chunk: a cut tag, or what may be the start of the pattern.
        let keep = cut.unwrap_or_else(|| at.max(buf.len().saturating_sub(pattern.len() - 1)));
        buf.drain(..keep);
    }
}

/// `<row` with the prefix the worksheet element carries (`<x:row` under `<x:worksheet`), once
/// the root element has been read; `None` before.
fn row_tag(start: &[u8]) -> Option<Vec<u8>> {
    let root = memmem::find(start, b"worksheet")?;
    let open = start[..root].iter().rposition(|&b| b == b'<')?;
    let mut tag = start[open..root].to_vec();
    tag.extend_from_slice(b"row");
    Some(tag)
}

/// The value of the attribute that `key` (`name="`) opens in `tag`, where `key` follows a
/// space (so `r="` is not read inside another attribute's name).
fn value<'a>(tag: &'a [u8], key: &memmem::Finder) -> Option<&'a [u8]> {
    let start = key
        .find_iter(tag)
        .find(|&i| i > 0 && tag[i - 1].is_ascii_whitespace())?
        + key.needle().len();
    let len = memchr::memchr(b'"', &tag[start..])?;
    Some(&tag[start..start + len])
}

fn number(tag: &[u8], key: &memmem::Finder) -> Option<u32> {
    std::str::from_utf8(value(tag, key)?).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(xml: &str, chunk_reads: usize) -> Vec<Range<u32>> {
        // A reader giving `chunk_reads` bytes at a time cuts the tags at every place.
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        scan(Trickle(xml.as_bytes(), chunk_reads)).unwrap()
    }

    #[test]
    fn hidden_rows_are_found_whatever_the_chunks_cut() {
        let xml = r#"<?xml version="1.0"?><worksheet xmlns="x"><sheetData>
            <row r="1" spans="1:3"><c r="A1"/></row>
            <row r="3" hidden="1" ht="0"><c r="A3"/></row>
            <row><c r="A4"/></row>
            <row hidden="true" r="10"/>
            <row r="11" hidden="0"/>
            </sheetData><rowBreaks count="1"><brk id="2"/></rowBreaks></worksheet>"#;
        for chunk in [1, 2, 3, 7, 64, 1 << 20] {
            assert_eq!(scanned(xml, chunk), vec![2..3, 9..10], "chunks of {chunk}");
        }
    }

    #[test]
    fn a_prefixed_worksheet_has_prefixed_rows() {
        let xml = r#"<x:worksheet xmlns:x="x"><x:sheetData><x:row r="2" hidden="1"/><row r="5" hidden="1"/></x:sheetData></x:worksheet>"#;
        assert_eq!(scanned(xml, 5), vec![1..2]);
    }

    #[test]
    fn a_row_without_r_follows_the_one_before() {
        let xml = r#"<worksheet><row r="4"/><row hidden="1"/><row/><row hidden="1"/></worksheet>"#;
        assert_eq!(scanned(xml, 3), vec![4..5, 6..7]);
    }
}
