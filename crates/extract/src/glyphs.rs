//! Collects every glyph pdf-extract draws, with its position and size on the page.
//!
//! pdf-extract's own plain-text output decides spaces from each glyph's distance to the one
//! before it inside a single text-showing operation. PDFs that place every glyph separately
//! (Chromium's "Save as PDF" does) then come out as "STA GE IIA". Collecting the glyphs of a
//! whole page first lets [`crate::layout`] decide words and lines from the page as a reader sees it.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One drawn glyph, in page coordinates with y growing downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge of the glyph.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance width on the page.
    pub width: f64,
    /// Font size on the page (after scaling).
    pub size: f64,
    /// The text the glyph stands for (usually one character; ligatures give more).
    pub text: String,
}

/// The glyphs of one page, in drawing order.
#[derive(Debug, Default, PartialEq)]
pub struct PageGlyphs {
    /// The glyphs.
    pub glyphs: Vec<Glyph>,
    /// For each glyph, which shown string (0 = the page's first `Tj` or `TJ` element) drew it.
    pub strings: Vec<usize>,
}

/// An [`OutputDev`] that keeps glyphs instead of writing text.
pub struct GlyphCollector {
    pages: Vec<PageGlyphs>,
    /// Shown strings begun on the current page.
    strings_begun: usize,
    page_height: f64,
    /// Stops collecting on a page with absurdly many glyphs (a hostile file's endless loop of
    /// text operators), so memory stays bounded; the page keeps what it had.
    max_glyphs_per_page: usize,
}

impl GlyphCollector {
    /// A collector that keeps at most `max_glyphs_per_page` glyphs of each page.
    pub fn new(max_glyphs_per_page: usize) -> GlyphCollector {
        GlyphCollector {
            pages: Vec::new(),
            strings_begun: 0,
            page_height: 0.0,
            max_glyphs_per_page,
        }
    }

    /// The pages collected so far.
    pub fn into_pages(self) -> Vec<PageGlyphs> {
        self.pages
    }
}

impl OutputDev for GlyphCollector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.pages.push(PageGlyphs::default());
        self.strings_begun = 0;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        if page.glyphs.len() >= self.max_glyphs_per_page || text.is_empty() {
            return Ok(());
        }
        // The text matrix scales unit text space to the page; a glyph's size is the font size
        // under that scaling (the square root of the area keeps it right under stretching).
        let scale_x = font_size * (trm.m11 + trm.m21);
        let scale_y = font_size * (trm.m12 + trm.m22);
        let size = (scale_x * scale_y).abs().sqrt();
        let (x, y) = (trm.m31, self.page_height - trm.m32);
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        page.strings.push(self.strings_begun.saturating_sub(1));
        page.glyphs.push(Glyph {
            x,
            y,
            width: (width * size).max(0.0),
            size,
            text: text.to_owned(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        // pdf-extract begins a "word" for every string it shows.
        self.strings_begun += 1;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
