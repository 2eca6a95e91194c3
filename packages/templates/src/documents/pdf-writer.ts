import { PDFDocument, PDFFont, PDFPage, rgb } from 'pdf-lib';
import { glueAmounts } from '../format';
import { embedFonts, hasGlyph } from './fonts';

// A4 in points, 2 cm margins: printable and fits a French window envelope.
export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const BOTTOM = 60;
const INK = rgb(0.12, 0.16, 0.22);
const MUTED = rgb(0.42, 0.45, 0.5);
const RULE = rgb(0.8, 0.82, 0.85);

// Stand-ins, should the embedded font lack these characters (Arimo has no check mark).
const FALLBACK: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '→': '->',
  '←': '<-',
  '✓': 'v',
};

const GLUE = '\u0001';

const printable = (ch: string): boolean => {
  const c = ch.codePointAt(0) ?? 0;
  return c >= 0x20 && (c < 0x7f || c > 0x9f) && hasGlyph(c);
};

/**
 * Makes text printable with the embedded font: no-break and narrow spaces become spaces, soft
 * hyphens and zero-width characters go, a character the font lacks loses its accent or becomes
 * "?" (emoji, CJK).
 */
export function sanitize(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f\t]/g, ' ')
    .replace(/[\u00ad\u200b-\u200d\ufeff]/g, '')
    .replace(/[^\n\x20-\x7e]/gu, (ch) => {
      if (printable(ch)) return ch;
      if (FALLBACK[ch]) return FALLBACK[ch];
      const bare = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      return bare && Array.from(bare).every(printable) ? bare : '?';
    });
}

export interface TextOptions {
  size?: number;
  bold?: boolean;
  muted?: boolean;
  x?: number;
  width?: number;
  align?: 'left' | 'right';
  /** Space after the block, in points. */
  after?: number;
  lineHeight?: number;
}

export interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

/** Flowing text on A4 pages: wraps words, breaks pages, numbers pages at the end. */
export class PdfWriter {
  readonly width = A4[0] - 2 * MARGIN;
  readonly left = MARGIN;
  page!: PDFPage;
  private pageFont: PDFFont | undefined;
  y = 0;

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly boldFont: PDFFont,
  ) {
    this.newPage();
  }

  static async create(meta: {
    title: string;
    author: string;
    subject: string;
    lang: string;
    date: Date;
  }): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(meta.title);
    doc.setAuthor(meta.author);
    doc.setSubject(meta.subject);
    doc.setLanguage(meta.lang);
    doc.setCreator('Relance');
    doc.setProducer('Relance (pdf-lib)');
    doc.setCreationDate(meta.date);
    doc.setModificationDate(meta.date);
    const { regular, bold } = await embedFonts(doc);
    return new PdfWriter(doc, regular, bold);
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pageFont = undefined;
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page unless `height` points still fit. */
  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  space(points: number): void {
    this.y -= points;
  }

  font(bold = false): PDFFont {
    return bold ? this.boldFont : this.regular;
  }

  /** Splits text into lines that fit `width` (paragraphs on "\n", long words cut). */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const font = this.font(bold);
    const measure = (s: string) => font.widthOfTextAtSize(s.replaceAll(GLUE, ' '), size);
    // The embedded font is laid out glyph by glyph (fonts.ts), so a line is as wide as its words
    // and spaces added up: each word is measured once.
    const space = measure(' ');
    const lines: string[] = [];
    // Amounts never break: "1 252,78 €" / "€1,200.00" keep their spaces glued while wrapping.
    const glued = glueAmounts(sanitize(text), GLUE);
    for (const paragraph of glued.split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(/ +/)) {
        const wordWidth = measure(word);
        const candidate = line ? lineWidth + space + wordWidth : wordWidth;
        if (candidate <= width) {
          line = line ? `${line} ${word}` : word;
          lineWidth = candidate;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (measure(line) > width) {
          let cut = line.length - 1;
          while (cut > 1 && measure(line.slice(0, cut)) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
        lineWidth = measure(line);
      }
      lines.push(line);
    }
    return lines.map((l) => l.replaceAll(GLUE, ' '));
  }

  /** Writes wrapped text at the cursor; returns the height used. */
  text(text: string, o: TextOptions = {}): number {
    const size = o.size ?? 10;
    const lh = o.lineHeight ?? size * 1.4;
    const x = o.x ?? this.left;
    const width = o.width ?? this.width - (x - this.left);
    const font = this.font(o.bold);
    const lines = this.wrap(text, width, size, o.bold);
    // A short paragraph is not split across pages.
    if (lines.length <= 6) this.ensure(lines.length * lh);
    for (const line of lines) {
      this.ensure(lh);
      const dx = o.align === 'right' ? width - font.widthOfTextAtSize(line, size) : 0;
      // Passing `font` to drawText adds a resource entry per line: set it only when it changes.
      if (this.pageFont !== font) this.page.setFont((this.pageFont = font));
      this.page.drawText(line, { x: x + dx, y: this.y - size, size, color: o.muted ? MUTED : INK });
      this.y -= lh;
    }
    this.y -= o.after ?? 0;
    return lines.length * lh + (o.after ?? 0);
  }

  heading(text: string, size = 12): void {
    this.ensure(size * 4);
    this.space(6);
    this.text(text, { size, bold: true, after: 4 });
  }

  rule(): void {
    this.ensure(8);
    this.page.drawLine({
      start: { x: this.left, y: this.y },
      end: { x: this.left + this.width, y: this.y },
      thickness: 0.5,
      color: RULE,
    });
    this.space(6);
  }

  /** Label/value lines, values right-aligned; `strong` rows in bold with a rule above. */
  rows(rows: [label: string, value: string, strong?: boolean][], size = 10): void {
    for (const [label, value, strong] of rows) {
      if (strong) this.rule();
      const needed = this.font(strong).widthOfTextAtSize(sanitize(value), size) + 2;
      const valueWidth = Math.min(this.width * 0.6, Math.max(this.width * 0.3, needed));
      const labelWidth = this.width - valueWidth - 12;
      const lines = Math.max(
        this.wrap(label, labelWidth, size, strong).length,
        this.wrap(value, valueWidth, size, strong).length,
      );
      this.ensure(lines * size * 1.4);
      const top = this.y;
      this.text(label, { size, bold: strong, width: labelWidth });
      const afterLabel = this.y;
      this.y = top;
      this.text(value, {
        size,
        bold: strong,
        x: this.left + this.width - valueWidth,
        width: valueWidth,
        align: 'right',
      });
      this.y = Math.min(afterLabel, this.y);
      this.space(2);
    }
  }

  /** A table with a header row; cells wrap, the header repeats on each new page. */
  table(columns: Column[], body: string[][], size = 8.5): void {
    const lh = size * 1.35;
    const header = () => {
      this.ensure(lh * 3);
      this.row(
        columns,
        columns.map((c) => c.title),
        size,
        true,
      );
      this.page.drawLine({
        start: { x: this.left, y: this.y + 2 },
        end: { x: this.left + this.width, y: this.y + 2 },
        thickness: 0.5,
        color: RULE,
      });
      this.space(2);
    };
    header();
    for (const cells of body) {
      const height =
        Math.max(...columns.map((c, i) => this.wrap(cells[i] ?? '', c.width - 6, size).length)) * lh;
      if (this.y - height < BOTTOM) {
        this.newPage();
        header();
      }
      this.row(columns, cells, size, false);
      this.space(3);
    }
  }

  private row(columns: Column[], cells: string[], size: number, bold: boolean): void {
    const top = this.y;
    let bottom = top;
    let x = this.left;
    columns.forEach((c, i) => {
      this.y = top;
      this.text(cells[i] ?? '', {
        size,
        bold,
        x,
        width: c.width - 6,
        align: c.align,
        lineHeight: size * 1.35,
      });
      bottom = Math.min(bottom, this.y);
      x += c.width;
    });
    this.y = bottom;
  }

  /** Footer on every page ("… page 2/3"), then the bytes. */
  async finish(footer: (page: number, pages: number) => string): Promise<Uint8Array> {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const line = sanitize(footer(i + 1, pages.length));
      const w = this.regular.widthOfTextAtSize(line, 8);
      page.drawText(line, { x: (A4[0] - w) / 2, y: 30, size: 8, font: this.regular, color: MUTED });
    });
    return this.doc.save();
  }
}
