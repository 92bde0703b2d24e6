//! Minimal Excel 97-2003 (BIFF8) workbooks in compound files, written record by record: the
//! hostile .xls files of `tests/bad_inputs/formats.rs` and `examples/hostile.rs`, which no
//! spreadsheet program would save. Shared by both through `#[path]`.

use std::io::{Cursor, Write};

/// A compound file (the container of .xls, .doc and password-locked workbooks) holding
/// `streams` (path, contents).
pub fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    // Version 3 (512-byte sectors), as Excel writes them: calamine did not find the
    // Workbook stream of the version 4 file this crate writes by default.
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
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

/// `sheets` sheets (`Lembar1`...), each holding a number at A1 and another at IV65536:
/// calamine fills each sheet's grid between them (16.8 million cells) when it opens the file.
pub fn stray_corners(sheets: usize) -> Vec<u8> {
    let names: Vec<String> = (1..=sheets).map(|i| format!("Lembar{i}")).collect();
    let corners = || {
        vec![
            dimensions(0, 1, 1),
            number(0, 0, 1.0),
            number(65_535, 255, 2.0),
        ]
    };
    let sheets: Vec<(&str, Vec<Record>)> = names.iter().map(|n| (n.as_str(), corners())).collect();
    xls(&sheets)
}
