import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { create, type Font, type Glyph } from 'fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

// Arimo has Helvetica's metrics, so letters keep the layout they had with the standard font, and
// it covers Latin (Polish, Czech, Turkish…), Greek and Cyrillic. SIL Open Font License 1.1.
export const FACE_FILES = {
  regular: '@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf',
  bold: '@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf',
};

interface Face {
  bytes: Uint8Array;
  font: Font;
}

let faces: { regular: Face; bold: Face } | undefined;

/** Read and parsed once per process: every PDF reuses them. */
function loadFaces(): { regular: Face; bold: Face } {
  if (!faces) {
    const load = (file: string): Face => {
      const bytes = readFileSync(require.resolve(file));
      const font = create(bytes);
      if (!('glyphForCodePoint' in font)) throw new Error(`${file} is a font collection`);
      return { bytes, font: forPdfLib(font) };
    };
    faces = { regular: load(FACE_FILES.regular), bold: load(FACE_FILES.bold) };
  }
  return faces;
}

// pdf-lib reads only the id, advance width and code points of the glyphs fontkit lays out, never
// their positions, so full OpenType shaping (about 0.6 ms a line, for the same glyphs with Arimo)
// buys nothing here: characters go straight through the font's character map. The glyph records
// are our own, one per code point: fontkit's cached glyph objects are shared by every document,
// and one first met as a component ("ı" inside "í") carries no code point for the ToUnicode map.
type LaidOut = Pick<Glyph, 'id' | 'advanceWidth' | 'codePoints'>;

function forPdfLib(font: Font): Font {
  const glyphs = new Map<number, LaidOut>();
  const glyphFor = (codePoint: number): LaidOut => {
    let glyph = glyphs.get(codePoint);
    if (!glyph) {
      const { id, advanceWidth } = font.glyphForCodePoint(codePoint);
      glyphs.set(codePoint, (glyph = { id, advanceWidth, codePoints: [codePoint] }));
    }
    return glyph;
  };
  const layout = (text: string) => {
    const run: LaidOut[] = [];
    for (const ch of text) run.push(glyphFor(ch.codePointAt(0) ?? 0));
    return { glyphs: run };
  };
  // pdf-lib was written for the @pdf-lib/fontkit fork, whose subsets stream their bytes out; that
  // fork also writes TrueType subsets whose glyphs after an odd-length one are garbled (Arimo has
  // many), which fontkit 2 fixed. fontkit 2 encodes in one call: hand pdf-lib the bytes as a stream.
  const createSubset = () => {
    const subset = font.createSubset();
    return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
  };
  return Object.assign(Object.create(font) as Font, { layout, createSubset });
}

// pdf-lib asks fontkit to parse the file on every embedFont: hand back the parsed face.
const parsedFontkit = {
  create(bytes: Uint8Array): Font {
    const { regular, bold } = loadFaces();
    if (bytes === regular.bytes) return regular.font;
    if (bytes === bold.bytes) return bold.font;
    throw new Error('only the Arimo faces are embedded');
  },
};

/** Embeds the regular and bold faces, subset to the glyphs the document draws. */
export async function embedFonts(doc: PDFDocument): Promise<{ regular: PDFFont; bold: PDFFont }> {
  const { regular, bold } = loadFaces();
  // pdf-lib types its fontkit after the fork's; the parts it calls are the same in fontkit 2.
  doc.registerFontkit(parsedFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  // A six-letter tag before "+" tells readers the font is a subset (ISO 32000-1, 9.6.4).
  return {
    regular: await doc.embedFont(regular.bytes, { subset: true, customName: 'RELNCA+Arimo-Regular' }),
    bold: await doc.embedFont(bold.bytes, { subset: true, customName: 'RELNCB+Arimo-Bold' }),
  };
}

const drawable = new Map<number, boolean>();

/** Whether both faces can draw the code point. */
export function hasGlyph(codePoint: number): boolean {
  let has = drawable.get(codePoint);
  if (has === undefined) {
    const { regular, bold } = loadFaces();
    has = regular.font.hasGlyphForCodePoint(codePoint) && bold.font.hasGlyphForCodePoint(codePoint);
    drawable.set(codePoint, has);
  }
  return has;
}
