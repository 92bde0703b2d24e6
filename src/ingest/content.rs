//! What a file holds, by its bytes, not its name: a workbook saved under another workbook's
//! extension is read as what it is (and said so); a Word document, a PDF, a web page or a
//! password-protected workbook saved as `.xlsx`/`.xls` is refused by what it is, not with
//! "cannot be read".

pub use crate::messages::Content;
use std::io::Cursor;

/// What `bytes` hold.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_content(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return compound_content(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Content::Pdf;
    }
    let head = &bytes[..bytes.len().min(2048)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Content::SpreadsheetXml;
    }
    if text.starts_with("<!doctype html")
        || text.starts_with("<html")
        || (text.starts_with('<') && (text.contains("<table") || text.contains("<html")))
    {
        return Content::Html;
    }
    Content::Unknown
}

/// A zip's kind, by the parts that name it.
fn zip_content(bytes: &[u8]) -> Content {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Content::Unknown;
    };
    let has = |archive: &zip::ZipArchive<_>, name: &str| archive.index_for_name(name).is_some();
    if has(&archive, "xl/workbook.xml") {
        return Content::Xlsx;
    }
    if has(&archive, "xl/workbook.bin") {
        return Content::Xlsb;
    }
    if has(&archive, "word/document.xml") {
        return Content::Docx;
    }
    if has(&archive, "ppt/presentation.xml") {
        return Content::Presentation;
    }
    let mut mimetype = String::new();
    if let Ok(mut part) = archive.by_name("mimetype") {
        use std::io::Read;
        let _ = (&mut part).take(200).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.spreadsheet" => Content::Ods,
        m if m.starts_with("application/vnd.oasis.opendocument") => Content::OtherOpenDocument,
        _ => Content::Zip,
    }
}

/// A compound file's kind, by its streams.
fn compound_content(bytes: &[u8]) -> Content {
    let Ok(file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Content::Unknown;
    };
    if file.is_stream("/Workbook") || file.is_stream("/Book") {
        Content::Xls
    } else if file.is_stream("/EncryptedPackage") {
        Content::Encrypted
    } else if file.is_stream("/WordDocument") {
        Content::Doc
    } else if file.is_stream("/PowerPoint Document") {
        Content::Presentation
    } else {
        Content::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_pages_and_xml_spreadsheets_are_known_by_their_first_bytes() {
        let page = "\u{feff}  <html><body><table><tr><td>1</td></tr></table></body></html>";
        assert_eq!(sniff(page.as_bytes()), Content::Html);
        assert_eq!(
            sniff(b"<TABLE border=1><TR><TD>x</TD></TR></TABLE>"),
            Content::Html
        );
        let xml = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">"#;
        assert_eq!(sniff(xml.as_bytes()), Content::SpreadsheetXml);
        assert_eq!(sniff(b"%PDF-1.7\n"), Content::Pdf);
        assert_eq!(sniff(b"OPD,Kode\n"), Content::Unknown);
        assert_eq!(sniff(b""), Content::Unknown);
    }
}
