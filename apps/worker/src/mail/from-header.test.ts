import { describe, expect, it } from 'vitest';
import { formatFromHeader } from './from-header';

describe('formatFromHeader', () => {
  it('leaves a name of plain words unquoted', () => {
    expect(formatFromHeader('Studio Dupont', 'factures@dupont.example')).toBe(
      'Studio Dupont <factures@dupont.example>',
    );
  });

  it('quotes a name with specials, so a comma does not make two mailboxes', () => {
    expect(formatFromHeader('Dupont, Studio', 'f@dupont.example')).toBe(
      '"Dupont, Studio" <f@dupont.example>',
    );
    expect(formatFromHeader('S. Dupont (Paris)', 'f@dupont.example')).toBe(
      '"S. Dupont (Paris)" <f@dupont.example>',
    );
    expect(formatFromHeader('Maître Durand', 'f@durand.example')).toBe('"Maître Durand" <f@durand.example>');
  });

  it('escapes quotes and backslashes, so a name cannot close its quotes and add an address', () => {
    expect(formatFromHeader('Evil" <ceo@bank.example>, "x', 'f@dupont.example')).toBe(
      '"Evil\\" <ceo@bank.example>, \\"x" <f@dupont.example>',
    );
    expect(formatFromHeader('back\\slash', 'f@dupont.example')).toBe('"back\\\\slash" <f@dupont.example>');
  });

  it('never lets a line break through (header injection), and drops an empty name', () => {
    const header = formatFromHeader('Studio\r\nBcc: victim@example.com', 'f@dupont.example');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe('"Studio Bcc: victim@example.com" <f@dupont.example>');
    expect(formatFromHeader(' \t ', 'f@dupont.example')).toBe('f@dupont.example');
  });
});
