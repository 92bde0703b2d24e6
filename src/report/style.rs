//! The one palette of every workbook sakip writes, and the pieces every sheet uses: the title
//! block above a table, text column widths, and the red-to-green fills of values in [0, 1].

use super::ReportError;
use crate::rubric::Rubric;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};
use std::collections::HashMap;

/// Rows of the title block above each table.
pub(crate) const TABLE_HEADER_ROW: u32 = 3;
/// Widest a text column is made, in characters.
const MAX_TEXT_WIDTH: f64 = 60.0;

/// Cell formats shared by the sheets.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) subtitle: Format,
    /// A note under a table: the subtitle's look, wrapped.
    pub(crate) note: Format,
    pub(crate) header: Format,
    pub(crate) text: Format,
    /// Text taken from the inputs: Excel's quote prefix keeps `=...` a string even when edited.
    pub(crate) input: Format,
    /// Text taken from the inputs, wrapped (a note).
    pub(crate) input_wrapped: Format,
    pub(crate) number: Format,
    /// A change: `+1.25`, `-0.50`.
    pub(crate) signed: Format,
    /// A change in places: `+2`, `-1`.
    pub(crate) signed_integer: Format,
    pub(crate) integer: Format,
    pub(crate) stat_label: Format,
    pub(crate) stat_number: Format,
    pub(crate) datetime: Format,
    /// A cell for the user to fill (templates): unlocked, pale yellow, text kept as typed.
    pub(crate) open: Format,
    /// Text that wraps in its cell.
    pub(crate) wrapped: Format,
    predicate: HashMap<String, Format>,
}

impl Formats {
    pub(crate) fn new(rubric: &Rubric) -> Self {
        Formats::with_bands(
            rubric
                .bands
                .iter()
                .map(|b| (b.grade.as_str(), b.color.as_str(), b.font_color.as_str())),
        )
    }

    /// The formats with one predicate format per `(grade, fill, font colour)`; the first of a
    /// grade given twice wins.
    pub(crate) fn with_bands<'b>(bands: impl Iterator<Item = (&'b str, &'b str, &'b str)>) -> Self {
        let border = |f: Format| f.set_border(FormatBorder::Thin).set_border_color("#BFBFBF");
        let mut predicate = HashMap::new();
        for (grade, color, font) in bands {
            predicate
                .entry(grade.to_string())
                .or_insert_with(|| band_format(color, font));
        }
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic().set_font_color("#595959"),
            note: Format::new()
                .set_italic()
                .set_font_color("#595959")
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: border(
                Format::new()
                    .set_bold()
                    .set_text_wrap()
                    .set_align(FormatAlign::Center)
                    .set_align(FormatAlign::VerticalCenter)
                    .set_background_color("#1F4E78")
                    .set_font_color("#FFFFFF"),
            ),
            text: border(Format::new()),
            input: border(Format::new().set_quote_prefix()),
            input_wrapped: border(
                Format::new()
                    .set_quote_prefix()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top),
            ),
            number: border(Format::new().set_num_format("0.00")),
            signed: border(Format::new().set_num_format("+0.00;-0.00;0.00")),
            signed_integer: border(Format::new().set_num_format("+0;-0;0")),
            integer: border(
                Format::new()
                    .set_num_format("0")
                    .set_align(FormatAlign::Center),
            ),
            stat_label: border(Format::new().set_bold().set_background_color("#F2F2F2")),
            stat_number: border(
                Format::new()
                    .set_num_format("0.00")
                    .set_bold()
                    .set_background_color("#F2F2F2"),
            ),
            datetime: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm:ss")
                .set_align(FormatAlign::Left),
            open: border(
                Format::new()
                    .set_unlocked()
                    .set_background_color("#FFF2CC")
                    .set_quote_prefix(),
            ),
            wrapped: border(Format::new().set_text_wrap()),
            predicate,
        }
    }

    pub(crate) fn predicate(&self, grade: &str) -> &Format {
        self.predicate.get(grade).unwrap_or(&self.text)
    }
}

fn band_format(color: &str, font_color: &str) -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_border_color("#BFBFBF")
        .set_background_color(Color::from(color))
        .set_font_color(Color::from(font_color))
}

pub(crate) fn title_block(
    sheet: &mut Worksheet,
    title: &str,
    subtitle: &str,
    f: &Formats,
) -> Result<(), ReportError> {
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string_with_format(1, 0, subtitle, &f.subtitle)?;
    Ok(())
}

pub(crate) fn text_width(texts: impl Iterator<Item = usize>, floor: f64) -> f64 {
    let longest = texts.max().unwrap_or(0) as f64;
    (longest * 1.1 + 2.0).clamp(floor, MAX_TEXT_WIDTH)
}

/// Cell formats for values in [0, 1], one per tenth ([`value_step`]), filled from red through
/// yellow to green, with `num_format` when given.
pub(crate) fn value_formats(num_format: Option<&str>) -> Vec<Format> {
    (0..=10u8)
        .map(|s| {
            let format = value_fill(s).set_align(FormatAlign::Center);
            match num_format {
                Some(n) => format.set_num_format(n),
                None => format,
            }
        })
        .collect()
}

/// The index into [`value_formats`] of a value in [0, 1].
pub(crate) fn value_step(value: f64) -> usize {
    (value.clamp(0.0, 1.0) * 10.0).round() as usize
}

/// The fill of [`value_step`] `step`, with the thin grey border of the tables.
pub(crate) fn value_fill(step: u8) -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color("#BFBFBF")
        .set_background_color(value_color(step))
}

/// A fill from red (0) through yellow (0.5) to green (1), in eleven steps.
fn value_color(step: u8) -> Color {
    let t = f64::from(step) / 10.0;
    let (from, to, u) = if t < 0.5 {
        ((0xF8, 0x69, 0x6B), (0xFF, 0xEB, 0x84), t * 2.0)
    } else {
        ((0xFF, 0xEB, 0x84), (0x63, 0xBE, 0x7B), (t - 0.5) * 2.0)
    };
    let mix = |a: u32, b: u32| (f64::from(a) + (f64::from(b) - f64::from(a)) * u).round() as u32;
    Color::RGB((mix(from.0, to.0) << 16) | (mix(from.1, to.1) << 8) | mix(from.2, to.2))
}

/// The height, in points, of a row whose tallest wrapped cell holds `text` in a column `width`
/// characters wide (11 pt, 15 points a line): spreadsheets do not grow a row for wrapped text
/// they did not lay out themselves, so sakip sets it. A character of text is taken as 0.92 of
/// a digit's width (measured in the scorecard's render: 48 characters a line in a column of
/// 44), and lines break between words.
pub(crate) fn text_height(text: &str, width: f64) -> f64 {
    15.0 * wrapped_lines(text, width, 0.92) as f64
}

/// The lines `text` takes when wrapped at word boundaries in a column `width` characters wide,
/// at `per_char` of a digit's width a character.
fn wrapped_lines(text: &str, width: f64, per_char: f64) -> usize {
    let room = (width / per_char).floor().max(1.0) as usize;
    let mut lines = 0;
    for paragraph in text.split('\n') {
        let mut used = 0usize;
        lines += 1;
        for word in paragraph.split_whitespace() {
            let n = word.chars().count();
            let need = if used == 0 { n } else { used + 1 + n };
            if used > 0 && need > room {
                lines += 1;
                used = n;
            } else {
                used = need;
            }
            // A word longer than the column breaks where the column ends.
            while used > room {
                lines += 1;
                used -= room;
            }
        }
    }
    lines.max(1)
}

/// The height, in points, of a header row that shows `text` whole in a column `width`
/// characters wide (bold 11 pt, a character about a digit wide, 15 points a line).
pub(crate) fn header_height(text: &str, width: f64) -> f64 {
    15.0 * wrapped_lines(text, width, 1.0) as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_header_wraps_at_words() {
        // "Nilai rata-rata kota" in 12: "Nilai" (5), "rata-rata" (9; 5 + 1 + 9 > 12), "kota"
        // (9 + 1 + 4 > 12): three lines.
        assert_eq!(super::header_height("Nilai rata-rata kota", 12.0), 45.0);
        assert_eq!(super::header_height("Nilai", 12.0), 15.0);
        // A word of 25 in 10: three lines.
        assert_eq!(
            super::header_height("Pertanggungjawabankinerja", 10.0),
            45.0
        );
        assert_eq!(super::header_height("a\nb", 10.0), 30.0);
    }

    #[test]
    fn a_wrapped_row_is_as_tall_as_its_lines() {
        // 44 / 0.92 = 47 characters a line: nine words of 9 and a space fill 89 characters,
        // the fifth word does not fit on the first line (4 x 10 + 9 = 49 > 47): 3 lines.
        let words = ["abcdefghi"; 9].join(" ");
        assert_eq!(super::text_height(&words, 44.0), 45.0);
        assert_eq!(super::text_height("pendek", 44.0), 15.0);
        assert_eq!(super::text_height("", 44.0), 15.0);
        // A line break starts a line.
        assert_eq!(super::text_height("a\nb", 44.0), 30.0);
    }
}
