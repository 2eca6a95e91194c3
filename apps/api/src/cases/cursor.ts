import { Problem } from '../common/problem';

/** An opaque page cursor: the (created_at, id) of the last row served, newest first. */
export interface Cursor {
  createdAt: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function decodeCursor(raw: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && TIMESTAMP.test(createdAt) && typeof id === 'string' && UUID.test(id))
      return { createdAt, id };
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new Problem(422, 'Invalid request', 'the cursor is not one this API issued', [
    { path: 'cursor', message: 'invalid cursor' },
  ]);
}
