import { MAX_REPLY_CHARS } from '@relance/workflows';
import { describe, expect, it } from 'vitest';
import {
  addressPart,
  closedCaseEntry,
  inboundReply,
  parseReplyAddress,
  replyEntryType,
  senderIsClient,
} from './inbound-reply';

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const UUID = '3f2b8c1e-5d4a-4e6f-9a8b-7c6d5e4f3a2b';

describe('parseReplyAddress', () => {
  it('reads a case token (40 hex) and the domain, in any case', () => {
    expect(parseReplyAddress(`reply+${TOKEN}@inbound.dupont.example`)).toEqual({
      kind: 'token',
      token: TOKEN,
      domain: 'inbound.dupont.example',
    });
    expect(parseReplyAddress(`Relance <REPLY+${TOKEN.toUpperCase()}@Inbound.Dupont.example>`)).toEqual({
      kind: 'token',
      token: TOKEN,
      domain: 'inbound.dupont.example',
    });
  });

  it('reads an old invoice-uuid address as legacy, never as a token', () => {
    expect(parseReplyAddress(`reply+${UUID.replace(/-/g, '')}@inbound.dupont.example`)).toEqual({
      kind: 'legacy',
      invoiceId: UUID,
      domain: 'inbound.dupont.example',
    });
  });

  it('refuses anything else: other lengths, other local parts, an address hidden in a display name', () => {
    for (const address of [
      `reply+${TOKEN}0@inbound.dupont.example`,
      `reply+${TOKEN.slice(1)}@inbound.dupont.example`,
      `noreply+${TOKEN}@inbound.dupont.example`,
      `"reply+${TOKEN}@inbound.dupont.example" <someone@elsewhere.example>`,
      `reply+${TOKEN}@inbound.dupont.example.evil.example, x`,
      '',
    ]) {
      expect(parseReplyAddress(address), address).toBeUndefined();
    }
  });
});

describe('senderIsClient', () => {
  const client = { email: 'Compta@ACME.example', cc: ['direction@acme.example'] };

  it("matches the client's email or a cc by address part, whatever the case and display name", () => {
    expect(senderIsClient('compta@acme.example', client)).toBe(true);
    expect(senderIsClient('Jeanne Martin <COMPTA@acme.EXAMPLE>', client)).toBe(true);
    expect(senderIsClient('"Direction" <direction@acme.example>', client)).toBe(true);
    expect(senderIsClient('compta@acme.example', { email: 'compta@acme.example' })).toBe(true);
  });

  it('refuses another address, even one whose display name spells the client', () => {
    expect(senderIsClient('someone@elsewhere.example', client)).toBe(false);
    expect(senderIsClient('"compta@acme.example" <someone@elsewhere.example>', client)).toBe(false);
    expect(senderIsClient('compta@acme.example <someone@elsewhere.example>', client)).toBe(false);
    expect(senderIsClient('compta@acme.example.evil.example', client)).toBe(false);
    expect(senderIsClient('', client)).toBe(false);
  });

  it('reads the last bracketed part as the address', () => {
    expect(addressPart(' A <a@b.example> ')).toBe('a@b.example');
    expect(addressPart('a@b.example')).toBe('a@b.example');
  });
});

describe('inboundReply', () => {
  const mail = { id: 'in_1', from: 'x@y.example', receivedAt: '2026-11-22T08:30:00Z' };

  it('cuts a 50,000-character text to 10,000 before the case is told, and says how long it was', () => {
    const reply = inboundReply({ ...mail, text: 'é'.repeat(50_000) }, true, false);
    expect(reply.text).toHaveLength(MAX_REPLY_CHARS);
    expect(reply.originalLength).toBe(50_000);
    expect(closedCaseEntry(reply)).toMatchObject({
      truncated: true,
      originalLength: 50_000,
      caseClosed: true,
    });
  });

  it('passes the sender check and, for an unverified sender, whether the tenant pauses on it', () => {
    expect(inboundReply({ ...mail, text: 'ok' }, true, true)).toEqual({
      ...mail,
      text: 'ok',
      verified: true,
    });
    expect(inboundReply({ ...mail, text: 'ok' }, false, false)).toEqual({
      ...mail,
      text: 'ok',
      verified: false,
      pauseIfUnverified: false,
    });
    expect(closedCaseEntry(inboundReply({ ...mail, text: 'ok' }, false, true))).toEqual({
      ...mail,
      text: 'ok',
      unverified: true,
      caseClosed: true,
    });
  });

  it('marks an automatic reply with its reason and subject; a person’s reply carries neither', () => {
    const auto = inboundReply(
      { ...mail, text: 'Absente', subject: 'Réponse automatique', automatic: 'Auto-Submitted: auto-replied' },
      true,
      false,
    );
    expect(auto).toEqual({
      ...mail,
      text: 'Absente',
      verified: true,
      automatic: 'Auto-Submitted: auto-replied',
      subject: 'Réponse automatique',
    });
    expect(replyEntryType(auto)).toBe('auto_reply_received');
    expect(closedCaseEntry(auto)).toMatchObject({
      reason: 'Auto-Submitted: auto-replied',
      subject: 'Réponse automatique',
      caseClosed: true,
    });
    const person = inboundReply({ ...mail, text: 'ok', subject: 'Re: facture F-1' }, true, false);
    expect(person).not.toHaveProperty('subject');
    expect(replyEntryType(person)).toBe('reply_received');
  });
});
