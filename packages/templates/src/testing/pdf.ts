// Test helpers (used by the *.test.ts files only).
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Creditor, Party } from '../types';

export interface PdfFont {
  name: string;
  /** The font program is in the file (a reader does not substitute a font of its own). */
  embedded: boolean;
}

/**
 * The text a reader of the PDF sees (mapped back to Unicode through the fonts' ToUnicode
 * tables), whitespace collapsed, with its page count, size, metadata and fonts.
 */
export async function pdfText(bytes: Uint8Array): Promise<{
  text: string;
  pages: number;
  size: [number, number];
  title: string | undefined;
  author: string | undefined;
  fonts: PdfFont[];
}> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const proxy = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(proxy, { mergePages: true });
  const doc = await PDFDocument.load(bytes);
  const { width, height } = doc.getPage(0).getSize();
  return {
    text: text.replace(/\s+/g, ' '),
    pages: totalPages,
    size: [Math.round(width), Math.round(height)],
    title: doc.getTitle(),
    author: doc.getAuthor(),
    fonts: fontsOf(doc),
  };
}

/** Every font that draws glyphs (composite fonts through their descendant), by name. */
function fontsOf(doc: PDFDocument): PdfFont[] {
  const fonts: PdfFont[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    if (object.get(PDFName.of('Subtype')) === PDFName.of('Type0')) continue;
    const descriptor = object.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    fonts.push({
      name: String(object.get(PDFName.of('BaseFont'))).replace(/^\//, ''),
      embedded: ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key))),
    });
  }
  return fonts;
}

/** Each embedded composite font: its TrueType program and what its glyphs read as (ToUnicode). */
export async function embeddedFonts(
  bytes: Uint8Array,
): Promise<{ name: string; program: Uint8Array; text: Map<number, string> }[]> {
  const doc = await PDFDocument.load(bytes);
  const fonts = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const cid = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const descriptor = cid.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const program = streamBytes(descriptor, 'FontFile2');
    const cmap = streamBytes(object, 'ToUnicode');
    const text = new Map<number, string>();
    for (const [, glyph, utf16] of new TextDecoder()
      .decode(cmap)
      .matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g)) {
      const units = (utf16 ?? '').match(/.{4}/g) ?? [];
      text.set(parseInt(glyph ?? '', 16), String.fromCharCode(...units.map((u) => parseInt(u, 16))));
    }
    fonts.push({ name: String(object.get(PDFName.of('BaseFont'))).replace(/^\//, ''), program, text });
  }
  return fonts;
}

function streamBytes(dict: PDFDict, key: string): Uint8Array {
  const stream = dict.lookup(PDFName.of(key));
  if (!(stream instanceof PDFRawStream)) throw new Error(`no /${key} stream`);
  return decodePDFRawStream(stream).decode();
}

/**
 * Creditor and client names and addresses in Polish, Czech, Turkish and Greek: letters the
 * standard PDF fonts (WinAnsi) cannot print.
 */
export const partiesBeyondLatin1: { creditor: Partial<Creditor>; client: Partial<Party> }[] = [
  {
    creditor: {
      name: 'Antonín Dvořák',
      fromName: 'Antonín Dvořák',
      address: 'Křižíkova 148, 186 00 Praha 8',
    },
    client: {
      company: 'Łukasz Żółć Sp. z o.o.',
      name: 'Łukasz Żółć',
      address: 'ul. Piotrkowska 104, 90-926 Łódź',
    },
  },
  {
    creditor: {
      name: 'Γιώργος Παπαδόπουλος',
      fromName: 'Γιώργος Παπαδόπουλος',
      address: 'Ερμού 25, 10563 Αθήνα',
    },
    client: {
      name: 'Şükrü Öztürk / İğdır',
      address: 'Atatürk Caddesi 12, 76000 Iğdır',
    },
  },
];
