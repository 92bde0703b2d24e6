//! The city LHE's picture of the predicate distribution: a bar per predicate in its band's
//! colour with its count of OPDs above it, drawn with `plotters` on a bitmap and encoded as
//! PNG. The font is embedded (Carlito, metric-compatible with Calibri, under the SIL Open Font
//! License: `assets/fonts/`), so the picture is the same on every machine, byte for byte.

use crate::report::ReportError;
use plotters::coord::ranged1d::{IntoSegmentedCoord, SegmentValue};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The picture's size in pixels (shown 16 cm wide in the document).
pub(super) const SIZE: (u32, u32) = (1200, 560);

/// The family the chart's text is set in (registered from the embedded font).
const FAMILY: &str = "sans-serif";

/// One predicate's bar.
pub(super) struct Bar<'a> {
    /// The grade, under the bar.
    pub(super) grade: &'a str,
    /// How many OPDs hold it.
    pub(super) count: usize,
    /// The band's colour, `#RRGGBB`.
    pub(super) color: &'a str,
}

/// Registers the embedded font once per process.
fn register_font() -> Result<(), ReportError> {
    static RESULT: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *RESULT.get_or_init(|| {
        plotters::style::register_font(
            FAMILY,
            FontStyle::Normal,
            include_bytes!("../../../assets/fonts/Carlito-Regular.ttf"),
        )
        .is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ReportError::Chart(
            "the embedded font cannot be read".into(),
        ))
    }
}

/// `#RRGGBB` as a colour; grey when it is not one.
fn color(hex: &str) -> RGBColor {
    let hex = hex.trim_start_matches('#');
    let part = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0xA0)
    };
    RGBColor(part(0), part(2), part(4))
}

/// The bars as a PNG, with `axis` naming the count (`Jumlah OPD`).
///
/// # Errors
/// [`ReportError::Chart`] when the picture cannot be drawn or encoded.
pub(super) fn predicate_chart(bars: &[Bar], axis: &str) -> Result<Vec<u8>, ReportError> {
    register_font()?;
    let (w, h) = SIZE;
    let mut pixels = vec![0u8; (w * h * 3) as usize];
    draw(&mut pixels, bars, axis).map_err(|e| ReportError::Chart(e.to_string()))?;
    let mut png_bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut png_bytes, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut writer| writer.write_image_data(&pixels))
        .map_err(|e| ReportError::Chart(e.to_string()))?;
    Ok(png_bytes)
}

/// Draws the chart into `pixels` (RGB, [`SIZE`]).
fn draw<'a>(
    pixels: &'a mut [u8],
    bars: &[Bar],
    axis: &str,
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = BitMapBackend::with_buffer(pixels, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0);
    // Room above the highest bar for its count; whole OPDs on the axis.
    let top = (most + most / 5).max(most + 1) as u32;
    let n = bars.len().max(1);
    let mut chart = ChartBuilder::on(&root)
        .margin(24)
        .x_label_area_size(56)
        .y_label_area_size(80)
        .build_cartesian_2d((0..n).into_segmented(), 0u32..top)?;
    let grade = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) => bars.get(*i).map_or(String::new(), |b| b.grade.to_string()),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc(axis)
        .y_labels(top.min(10) as usize)
        .y_label_formatter(&|v| format!("{v}"))
        .x_label_formatter(&grade)
        .label_style((FAMILY, 30))
        .axis_desc_style((FAMILY, 30))
        .light_line_style(WHITE)
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0),
                (SegmentValue::Exact(i + 1), b.count as u32),
            ],
            color(b.color).filled(),
        );
        bar.set_margin(0, 0, 18, 18);
        bar
    }))?;
    let style = TextStyle::from((FAMILY, 30).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        Text::new(
            b.count.to_string(),
            (SegmentValue::CenterOf(i), b.count as u32),
            style.clone(),
        )
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_png_of_its_size_and_the_same_each_time() {
        let bars = [
            Bar {
                grade: "AA",
                count: 2,
                color: "#00B050",
            },
            Bar {
                grade: "A",
                count: 5,
                color: "#92D050",
            },
        ];
        let a = predicate_chart(&bars, "Jumlah OPD").unwrap();
        let b = predicate_chart(&bars, "Jumlah OPD").unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"\x89PNG\r\n\x1a\n"));
        // The IHDR chunk: width and height, big-endian.
        assert_eq!(&a[16..20], &SIZE.0.to_be_bytes());
        assert_eq!(&a[20..24], &SIZE.1.to_be_bytes());
        // The AA bar's colour is drawn: some pixel is that green.
        let decoder = png::Decoder::new(std::io::Cursor::new(&a));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        assert!(buf.chunks(3).any(|p| p == [0x00, 0xB0, 0x50]));
        assert!(buf.chunks(3).any(|p| p == [0x92, 0xD0, 0x50]));
    }
}
