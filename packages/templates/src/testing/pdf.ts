// Test helpers (used by the *.test.ts files only).
import { PDFDocument } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';

/** The text a reader of the PDF sees, whitespace collapsed, with its page count and size. */
export async function pdfText(
  bytes: Uint8Array,
): Promise<{ text: string; pages: number; size: [number, number] }> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const proxy = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(proxy, { mergePages: true });
  const doc = await PDFDocument.load(bytes);
  const { width, height } = doc.getPage(0).getSize();
  return {
    text: text.replace(/\s+/g, ' '),
    pages: totalPages,
    size: [Math.round(width), Math.round(height)],
  };
}
