import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';

// A4 in points, with 2 cm margins; a fax is read at 200 dpi, so 11 pt Helvetica stays legible.
const PAGE = { width: 595.28, height: 841.89, margin: 56.7 };
const FONT_SIZE = 11;
const LINE_HEIGHT = 15;

/** The characters of a line the font can draw (a standard PDF font covers WinAnsi only); others become '?'. */
function drawable(font: PDFFont, line: string, cache: Map<string, boolean>): string {
  let out = '';
  for (const char of line) {
    let ok = cache.get(char);
    if (ok === undefined) {
      try {
        font.encodeText(char);
        ok = true;
      } catch {
        ok = false;
      }
      cache.set(char, ok);
    }
    out += ok ? char : '?';
  }
  return out;
}

/** Splits a paragraph into lines that fit the width, breaking between words (and inside a word too long for a line). */
function wrap(font: PDFFont, paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (text: string): boolean => font.widthOfTextAtSize(text, FONT_SIZE) <= width;
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}

/** Draws one text on pages of its own, starting on a new page. */
function drawText(pdf: PDFDocument, font: PDFFont, text: string, cache: Map<string, boolean>): void {
  const width = PAGE.width - 2 * PAGE.margin;
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .flatMap((paragraph) => wrap(font, drawable(font, paragraph, cache), width));
  const perPage = Math.floor((PAGE.height - 2 * PAGE.margin) / LINE_HEIGHT);
  for (let first = 0; first < Math.max(lines.length, 1); first += perPage) {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    lines.slice(first, first + perPage).forEach((line, i) => {
      page.drawText(line, {
        x: PAGE.margin,
        y: PAGE.height - PAGE.margin - FONT_SIZE - i * LINE_HEIGHT,
        size: FONT_SIZE,
        font,
      });
    });
  }
}

/**
 * Texts as one PDF on A4 pages, each text starting on a page of its own, paragraphs kept and lines
 * wrapped: a fax (one text) or a print run (one text per destination).
 */
export async function renderTextPdf(texts: readonly string[], title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setProducer('Herald');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const cache = new Map<string, boolean>();
  for (const text of texts) drawText(pdf, font, text, cache);
  return Buffer.from(await pdf.save());
}
