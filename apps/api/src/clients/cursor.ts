import { Problem } from '../common/problem';

/** An opaque cursor over client accounts: the id of the last client served (clients go in id order). */
export function encodeClientCursor(clientId: string): string {
  return Buffer.from(JSON.stringify(['client', clientId])).toString('base64url');
}

export function decodeClientCursor(raw: string): string {
  try {
    const [kind, clientId] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (kind === 'client' && typeof clientId === 'string' && clientId.length > 0 && clientId.length <= 200)
      return clientId;
  } catch {
    // fall through: any malformed cursor gets the same answer
  }
  throw new Problem(422, 'Invalid request', 'the cursor is not one this API issued', [
    { path: 'cursor', message: 'invalid cursor' },
  ]);
}
