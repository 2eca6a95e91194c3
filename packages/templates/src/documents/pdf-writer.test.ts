import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { embeddedFonts, pdfText } from '../testing/pdf';
import { FACE_FILES } from './fonts';
import { PdfWriter, sanitize } from './pdf-writer';

const meta = { title: 'T', author: 'A', subject: 'S', lang: 'fr', date: new Date('2026-11-16T00:00:00Z') };

describe('sanitize', () => {
  it('keeps French accents, ligatures, euro sign, typographic quotes and dashes', () => {
    const french = 'Réglée à l’échéance — œuvre « déjà » payée : 1 200,00 € (Ça, où, Noël)';
    expect(sanitize(french)).toBe(french);
  });

  it('keeps Polish, Czech, Turkish, Greek and Cyrillic letters', () => {
    const names = 'Łukasz Żółć, Antonín Dvořák, Şükrü Öztürk / İğdır, Γιώργος Παπαδόπουλος, Пётр Чайковский';
    expect(sanitize(names)).toBe(names);
    expect(sanitize('Łódź, 5 ≥ 3 → 4')).toBe('Łódź, 5 ≥ 3 → 4');
  });

  it('composes decomposed accents, so each letter is one glyph', () => {
    expect(sanitize('Dvor\u030ca\u0301k')).toBe('Dvořák');
  });

  it('turns no-break and narrow no-break spaces into plain spaces', () => {
    expect(sanitize('1\u202f200,00\u00a0€')).toBe('1 200,00 €');
  });

  it('replaces what the font cannot print: a stand-in, the bare letter, else "?"', () => {
    expect(sanitize('✓ paid')).toBe('v paid');
    expect(sanitize('東京 🙂')).toBe('?? ?');
    expect(sanitize('a\u0007b')).toBe('a?b');
  });

  it('keeps line breaks, drops zero-width characters and soft hyphens', () => {
    expect(sanitize('a\u200bb\nc\u00add')).toBe('ab\ncd');
  });
});

describe('PdfWriter.wrap', () => {
  const greek = 'Γιώργος Παπαδόπουλος οφείλει το ποσό των 1 252,78 € από την Ερμού 25 στην Αθήνα';

  it('fills each line as far as the embedded font’s widths allow, never past the width', async () => {
    const w = await PdfWriter.create(meta);
    for (const bold of [false, true]) {
      const font = w.font(bold);
      const lines = w.wrap(greek, 150, 10, bold);
      expect(lines.length).toBeGreaterThan(2);
      expect(lines.join(' ')).toBe(greek);
      lines.forEach((line, i) => {
        expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(150);
        const next = lines[i + 1]?.split(' ')[0];
        if (next) expect(font.widthOfTextAtSize(`${line} ${next}`, 10)).toBeGreaterThan(150);
      });
    }
  });

  it('keeps an amount on one line and cuts a word longer than the line', async () => {
    const w = await PdfWriter.create(meta);
    expect(w.wrap(greek, 150, 10).filter((l) => l.includes('1 252,78 €'))).toHaveLength(1);
    const cut = w.wrap('Παπαδόπουλος'.repeat(4), 100, 10);
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.join('')).toBe('Παπαδόπουλος'.repeat(4));
  });
});

describe('PdfWriter', () => {
  it('embeds its fonts, so a reader draws the letters the PDF was laid out with', async () => {
    const w = await PdfWriter.create(meta);
    w.text('Γιώργος Παπαδόπουλος', { bold: true });
    w.text('Şükrü Öztürk / İğdır');
    const { text, fonts } = await pdfText(await w.finish((page, pages) => `${page}/${pages}`));
    expect(text).toBe('Γιώργος Παπαδόπουλος Şükrü Öztürk / İğdır 1/1');
    expect(fonts.map((f) => f.name).sort()).toEqual(['RELNCA+Arimo-Regular', 'RELNCB+Arimo-Bold']);
    expect(fonts.every((f) => f.embedded)).toBe(true);
  });

  it('embeds every letter with the outline it has in the font file', async () => {
    const letters = 'Antonín Dvořák, Łukasz Żółć, Γιώργος Παπαδόπουλος, Şükrü Öztürk / İğdır: 1 252,78 €';
    const w = await PdfWriter.create(meta);
    w.text(letters);
    w.text(letters, { bold: true });
    const embedded = await embeddedFonts(await w.finish(() => ''));
    expect(embedded).toHaveLength(2);
    for (const { name, program, text } of embedded) {
      const file = name.endsWith('Bold') ? FACE_FILES.bold : FACE_FILES.regular;
      const original = create(readFileSync(require.resolve(file))) as Font;
      const subset = create(Buffer.from(program)) as Font;
      expect(new Set(text.values())).toEqual(new Set(Array.from(letters)));
      for (const [id, letter] of text) {
        const outline = original.glyphForCodePoint(letter.codePointAt(0) ?? 0).path.toSVG();
        expect(subset.getGlyph(id).path.toSVG(), `${name} "${letter}"`).toBe(outline);
      }
    }
  });

  it('writes the same bytes whether documents are rendered one by one or interleaved', async () => {
    const lines = { a: ['Łukasz Żółć', 'Křižíkova 148'], b: ['Γιώργος Παπαδόπουλος', 'İğdır'] };
    const alone = async (text: string[]) => {
      const w = await PdfWriter.create(meta);
      for (const line of text) w.text(line, { bold: line === text[0] });
      return w.finish((page, pages) => `${page}/${pages}`);
    };
    const [a, b] = [await PdfWriter.create(meta), await PdfWriter.create(meta)];
    for (const i of [0, 1]) {
      a.text(lines.a[i]!, { bold: i === 0 });
      b.text(lines.b[i]!, { bold: i === 0 });
    }
    const both = await Promise.all([a, b].map((w) => w.finish((page, pages) => `${page}/${pages}`)));
    expect(Buffer.from(both[0]!).equals(Buffer.from(await alone(lines.a)))).toBe(true);
    expect(Buffer.from(both[1]!).equals(Buffer.from(await alone(lines.b)))).toBe(true);
  });

  it('maps a glyph back to its letter even when an earlier PDF drew it as a component (ı in í)', async () => {
    const render = async (line: string) => {
      const w = await PdfWriter.create(meta);
      w.text(line);
      w.text(line, { bold: true });
      return (await pdfText(await w.finish(() => ''))).text.trim();
    };
    expect(await render('Antonín Dvořák')).toBe('Antonín Dvořák Antonín Dvořák');
    expect(await render('Iğdır')).toBe('Iğdır Iğdır');
  });
});
