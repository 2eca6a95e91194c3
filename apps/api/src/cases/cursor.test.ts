import { describe, expect, it } from 'vitest';
import { Problem } from '../common/problem';
import { decodeCursor, encodeCursor } from './cursor';

describe('page cursors', () => {
  it('round-trips the microsecond timestamp and id of the last row', () => {
    const c = { createdAt: '2026-11-23T11:22:57.600123Z', id: '0b7c6a43-1f7e-4d0e-9a51-6f1d2b7f9c10' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('refuses anything it did not issue with a 422 on "cursor"', () => {
    for (const raw of [
      '',
      'not-base64!',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      let thrown: unknown;
      try {
        decodeCursor(raw);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Problem);
      expect((thrown as Problem).getStatus()).toBe(422);
      expect((thrown as Problem).errors).toEqual([{ path: 'cursor', message: 'invalid cursor' }]);
    }
  });
});
