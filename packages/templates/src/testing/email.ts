// Test helpers (used by the *.test.ts files only).
import { expect } from 'vitest';
import { renderEmail } from '../render';
import type { EmailMessage } from '../types';

/** The words a reader sees in the HTML part (tags stripped, entities decoded). */
export const visible = (html: string): string =>
  html
    .replace(/<div[^>]*data-skip-in-text[^>]*>[\s\S]*?<\/div>/, '')
    .replace(/<\/?(?:span|a|b|strong|em)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Renders and asserts each expected phrase is in both the HTML and the plain-text part. */
export async function expectInBothParts(message: EmailMessage, phrases: string[]) {
  const out = await renderEmail(message);
  const html = visible(out.html);
  const text = out.text.replace(/\s+/g, ' ');
  for (const phrase of phrases) {
    expect(html, `HTML should contain "${phrase}"`).toContain(phrase);
    expect(text, `text should contain "${phrase}"`).toContain(phrase);
  }
  return { ...out, html, text };
}
