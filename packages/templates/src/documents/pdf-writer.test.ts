import { describe, expect, it } from 'vitest';
import { sanitize } from './pdf-writer';

describe('sanitize', () => {
  it('keeps French accents, ligatures, euro sign, typographic quotes and dashes', () => {
    const french = 'Réglée à l’échéance — œuvre « déjà » payée : 1 200,00 € (Ça, où, Noël)';
    expect(sanitize(french)).toBe(french);
  });

  it('turns no-break and narrow no-break spaces into plain spaces', () => {
    expect(sanitize('1\u202f200,00\u00a0€')).toBe('1 200,00 €');
  });

  it('strips accents WinAnsi lacks and replaces what it cannot print', () => {
    expect(sanitize('Łódź, Zażółć, 5 ≥ 3')).toBe('Lódz, Zazólc, 5 >= 3');
    expect(sanitize('東京 🙂')).toBe('?? ?');
  });

  it('keeps line breaks, drops zero-width characters', () => {
    expect(sanitize('a\u200bb\nc')).toBe('ab\nc');
  });
});
