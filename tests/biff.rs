//! Minimal Excel 97-2003 (BIFF8) workbooks in compound files, written record by record: the
//! hostile .xls files of `tests/bad_inputs/formats.rs` and `examples/hostile.rs`, which no
//! spreadsheet program would save. Shared by both through `#[path]`.

use std::io::{Cursor, Write};

/// A compound file (the container of .xls, .doc and password-locked workbooks) holding
/// `streams` (path, contents).
pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (path, bytes) in streams {
        file.create_stream(path).unwrap().write_all(bytes).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A BIFF record: its type and data.
pub type Record = (u16, Vec<u8>);

/// A BIFF8 workbook stream: the globals (BOF, one BoundSheet8 per sheet, EOF), then each
/// sheet's substream (BOF, its `records`, EOF), in a compound file as Excel saves it.
pub fn xls(sheets: &[(&str, Vec<Record>)]) -> Vec<u8> {
    let record = |typ: u16, data: &[u8]| {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    };
    let bof = |dt: u16| {
        let mut data = 0x0600u16.to_le_bytes().to_vec();
        data.extend(dt.to_le_bytes());
        data.extend([0u8; 12]);
        record(0x0809, &data)
    };
    let eof = record(0x000A, &[]);
    let bound_len: usize = sheets.iter().map(|(name, _)| 4 + 8 + name.len()).sum();
    let mut pos = bof(5).len() + bound_len + eof.len();
    let mut globals = bof(5);
    let mut substreams = Vec::new();
    for (name, records) in sheets {
        let mut data = (pos as u32).to_le_bytes().to_vec();
        data.extend([0, 0, name.len() as u8, 0]);
        data.extend(name.as_bytes());
        globals.extend(record(0x0085, &data));
        let mut sub = bof(0x10);
        for (typ, data) in records {
            sub.extend(record(*typ, data));
        }
        sub.extend(&eof);
        pos += sub.len();
        substreams.push(sub);
    }
    globals.extend(&eof);
    let stream: Vec<u8> = globals.into_iter().chain(substreams.concat()).collect();
    compound(&[("/Workbook", &stream)])
}

/// A DIMENSIONS record (BIFF8) claiming rows `first..last` (exclusive) and columns `0..cols`.
pub fn dimensions(first: u32, last: u32, cols: u16) -> Record {
    let mut data = first.to_le_bytes().to_vec();
    data.extend(last.to_le_bytes());
    data.extend(0u16.to_le_bytes());
    data.extend(cols.to_le_bytes());
    data.extend(0u16.to_le_bytes());
    (0x0200, data)
}

/// A NUMBER record: `value` at (`row`, `col`).
pub fn number(row: u16, col: u16, value: f64) -> Record {
    let mut data = row.to_le_bytes().to_vec();
    data.extend(col.to_le_bytes());
    data.extend(0u16.to_le_bytes());
    data.extend(value.to_le_bytes());
    (0x0203, data)
}

/// `sheets` sheets (`Lembar1`...), each claiming all of 65,536 x 256 cells and holding one
/// number: calamine makes room for every claim when it opens the file.
pub fn claiming_whole_grids(sheets: usize) -> Vec<u8> {
    let names: Vec<String> = (1..=sheets).map(|i| format!("Lembar{i}")).collect();
    let sheets: Vec<(&str, Vec<Record>)> = names
        .iter()
        .map(|n| {
            (
                n.as_str(),
                vec![dimensions(0, 65_536, 256), number(0, 0, 1.0)],
            )
        })
        .collect();
    xls(&sheets)
}
