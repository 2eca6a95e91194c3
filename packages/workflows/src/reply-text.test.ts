import { describe, expect, it } from 'vitest';
import { MAX_REPLY_CHARS } from './contract';
import { cutReplyText } from './reply-text';

describe('cutReplyText', () => {
  it('keeps a text of at most 10,000 characters whole, unmarked', () => {
    const text = 'é'.repeat(MAX_REPLY_CHARS);
    expect(cutReplyText(text)).toEqual({ text });
    // 10,000 code points written with 20,000 UTF-16 units is still within the limit.
    const emoji = '😀'.repeat(MAX_REPLY_CHARS);
    expect(cutReplyText(emoji)).toEqual({ text: emoji });
  });

  it('cuts a 50,000-character text to its first 10,000 and says how long it was', () => {
    const cut = cutReplyText('a'.repeat(50_000));
    expect(cut.text).toBe('a'.repeat(MAX_REPLY_CHARS));
    expect(cut.originalLength).toBe(50_000);
  });

  it('counts code points, never splitting a surrogate pair at the boundary', () => {
    // 9,999 ASCII then emojis: code point 10,000 is the first emoji, kept whole.
    const text = `${'a'.repeat(MAX_REPLY_CHARS - 1)}${'😀'.repeat(5)}`;
    const cut = cutReplyText(text);
    expect(cut.text).toBe(`${'a'.repeat(MAX_REPLY_CHARS - 1)}😀`);
    expect(cut.text.length).toBe(MAX_REPLY_CHARS + 1);
    expect(cut.originalLength).toBe(MAX_REPLY_CHARS + 4);
    expect(/[\ud800-\udbff]$/.test(cut.text)).toBe(false);
    const emojis = cutReplyText('😀'.repeat(MAX_REPLY_CHARS + 1));
    expect([...emojis.text]).toHaveLength(MAX_REPLY_CHARS);
    expect(emojis.originalLength).toBe(MAX_REPLY_CHARS + 1);
  });

  it('takes another limit, for the boundary itself', () => {
    expect(cutReplyText('a😀b', 2)).toEqual({ text: 'a😀', originalLength: 3 });
    expect(cutReplyText('a😀', 2)).toEqual({ text: 'a😀' });
    expect(cutReplyText('', 2)).toEqual({ text: '' });
  });
});
