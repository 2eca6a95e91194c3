import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

// pdf-lib compresses every stream (page contents, the embedded font subsets) with pako, zlib
// written in JavaScript: a fifth of a PDF's render time. Node's zlib writes an equivalent stream
// (same format, same level) natively in a quarter of that. pdf-lib looks pako's `deflate` up at
// each call, so pointing it at zlib's is enough; nothing else in the worker uses pako's deflate.
const pako = createRequire(require.resolve('pdf-lib'))('pako') as {
  deflate: (data: Uint8Array) => Uint8Array;
};
pako.deflate = (data) => deflateSync(data);
