import { sampleClient } from '@relance/domain/testing';
import { FakeResend, type Stack } from '@relance/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  postRaw,
  registerCase,
  sql,
  startStackWithInbound,
  stopAll,
  svixHeaders,
  temporalClient,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const RESEND_SECRET = `whsec_${Buffer.from('relance-e2e-replies-signing-key!!').toString('base64')}`;
const DOMAIN = 'inbound.default.example';
const CLIENT = 'compta@acme.example';

/**
 * Issue 18, point 3: inbound replies reach a case only through its secret reply-to token in the
 * envelope recipients; a sender other than the client is recorded unverified and pauses nothing;
 * the text is cut to 10,000 characters before the case is signalled.
 */
describe('API: inbound replies (issue 18)', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;

  beforeAll(async () => {
    ({ stack, resend, call } = await startStackWithInbound(RESEND_SECRET, DOMAIN));
  });
  afterAll(() => stopAll(stack, resend));

  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  const rowOf = async (externalId: string) =>
    (
      await sql<{ id: string; reply_token: string }>(
        stack.databaseUrl,
        `SELECT id, reply_token FROM invoices WHERE external_id = $1`,
        [externalId],
      )
    )[0]!;
  /** A case whose first reminder went out, with its reply-to address as emailed. */
  const openCase = async (client = sampleClient()) => {
    const id = await registerCase(call, { client });
    const email = await eventually('the reminder email', () =>
      resend.emails.find((e) => e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}`),
    );
    await eventually('the reminder recorded', async () =>
      (await view(id)).stage === 'reminder_1' ? true : undefined,
    );
    return { id, row: await rowOf(id), replyTo: email.body.reply_to };
  };
  let counter = 0;
  /** An inbound email as Resend signs it: `envelope` is data.received_for, `to` the To header. */
  const inbound = async (mail: { envelope: string[]; to?: string[]; from?: string; text?: string }) => {
    const emailId = `in_${Date.now()}_${++counter}`;
    const from = mail.from ?? `Jeanne Martin <${CLIENT}>`;
    resend.addInbound(emailId, {
      from,
      to: mail.to ?? mail.envelope,
      subject: 'Re: Rappel',
      text: mail.text ?? 'Nous payons vendredi.',
      html: null,
    });
    const body = JSON.stringify({
      type: 'email.received',
      created_at: new Date().toISOString(),
      data: {
        email_id: emailId,
        created_at: new Date().toISOString(),
        from,
        to: mail.to ?? mail.envelope,
        cc: [],
        bcc: [],
        received_for: mail.envelope,
        subject: 'Re: Rappel',
        attachments: [],
      },
    });
    const svixId = `msg_${emailId}`;
    return postRaw(`${stack.apiUrl}/v1/webhooks/resend`, body, svixHeaders(RESEND_SECRET, svixId, body));
  };
  const replies = async (id: string) =>
    ((await view(id)).timeline as any[]).filter((t) => t.type === 'reply_received');
  const noReply = async (id: string) => {
    expect(await replies(id)).toEqual([]);
    expect((await view(id)).status).toBe('overdue');
  };

  it("emails the case's secret token as its reply-to; a forged reply to the old reply+<uuid> address routes nowhere", async () => {
    const { id, row, replyTo } = await openCase();
    expect(row.reply_token).toMatch(/^[0-9a-f]{40}$/);
    expect(replyTo).toBe(`reply+${row.reply_token}@${DOMAIN}`);
    const uuidAddress = `reply+${row.id.replace(/-/g, '')}@${DOMAIN}`;
    // The invoice uuid is no secret: even "from" the client, a case registered now has no old address.
    expect((await inbound({ envelope: [uuidAddress] })).body.outcome).toBe('unknown_case');
    expect((await inbound({ envelope: [uuidAddress], from: 'someone@elsewhere.example' })).body.outcome).toBe(
      'unknown_case',
    );
    await noReply(id);
    expect((await inbound({ envelope: [`reply+${row.reply_token}@${DOMAIN}`] })).body.outcome).toBe(
      'handed_off',
    );
    await eventually('the reply pauses the case', async () =>
      (await view(id)).status === 'paused' ? true : undefined,
    );
  });

  it('routes an old reply+<uuid> address during its grace period only, and only from the client', async () => {
    const { id, row } = await openCase();
    const uuidAddress = `reply+${row.id.replace(/-/g, '')}@${DOMAIN}`;
    // A case from before the token (the migration gives existing cases 90 days).
    await sql(
      stack.databaseUrl,
      `UPDATE invoices SET legacy_reply_until = now() + interval '1 day' WHERE id = $1`,
      [row.id],
    );
    expect((await inbound({ envelope: [uuidAddress], from: 'someone@elsewhere.example' })).body.outcome).toBe(
      'unknown_case',
    );
    await noReply(id);
    expect(
      (await inbound({ envelope: [uuidAddress], from: `Jeanne <${CLIENT.toUpperCase()}>` })).body.outcome,
    ).toBe('handed_off');
    await eventually('the reply on the case', async () =>
      (await replies(id)).length === 1 ? true : undefined,
    );
    await sql(
      stack.databaseUrl,
      `UPDATE invoices SET legacy_reply_until = now() - interval '1 second' WHERE id = $1`,
      [row.id],
    );
    expect((await inbound({ envelope: [uuidAddress] })).body.outcome).toBe('unknown_case');
  });

  it('routes on the envelope recipients only: the right address in the To header alone reaches no case', async () => {
    const { id, row } = await openCase();
    const tokenAddress = `reply+${row.reply_token}@${DOMAIN}`;
    const uuidAddress = `reply+${row.id.replace(/-/g, '')}@${DOMAIN}`;
    await sql(
      stack.databaseUrl,
      `UPDATE invoices SET legacy_reply_until = now() + interval '1 day' WHERE id = $1`,
      [row.id],
    );
    for (const to of [tokenAddress, uuidAddress]) {
      expect((await inbound({ envelope: [`other@${DOMAIN}`], to: [to] })).body.outcome).toBe('unknown_case');
      expect((await inbound({ envelope: [], to: [to] })).body.outcome).toBe('unknown_case');
    }
    await noReply(id);
  });

  it('records a reply from another address unverified, alerts the creditor so, and does not pause; a cc is the client', async () => {
    const { id, row } = await openCase(sampleClient({ cc: ['direction@acme.example'] }));
    const address = `reply+${row.reply_token}@${DOMAIN}`;
    expect(
      (await inbound({ envelope: [address], from: 'Someone <someone@elsewhere.example>' })).body.outcome,
    ).toBe('handed_off');
    const [entry] = await eventually('the unverified reply', async () => {
      const r = await replies(id);
      return r.length === 1 ? r : undefined;
    });
    expect(entry.data).toMatchObject({
      from: 'Someone <someone@elsewhere.example>',
      unverified: true,
      paused: false,
    });
    const alert = await eventually('the creditor alert', () =>
      resend.emails.find(
        (e) =>
          e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}` &&
          e.body.subject.includes('non vérifié'),
      ),
    );
    expect(alert.body.text).toContain('Someone <someone@elsewhere.example> · expéditeur non vérifié');
    expect(alert.body.text).toContain('Les relances continuent');
    // The workflow's own state (the record is written only when something changed): not paused.
    const client = await temporalClient(stack);
    try {
      const state = await client.workflow
        .getHandle(`dunning:default:${id}`)
        .query<{ status: string }>('caseState');
      expect(state.status).toBe('overdue');
    } finally {
      await client.connection.close();
    }
    expect((await view(id)).status).toBe('overdue');

    // A cc of the client is the client: verified, and the case pauses.
    expect(
      (await inbound({ envelope: [address], from: 'Direction <Direction@acme.example>' })).body.outcome,
    ).toBe('handed_off');
    await eventually('the cc reply pauses', async () =>
      (await view(id)).status === 'paused' ? true : undefined,
    );
    expect((await replies(id)).find((r) => r.data.from.startsWith('Direction')).data).not.toHaveProperty(
      'unverified',
    );
  });

  it('pauses on an unverified reply when the tenant sets replies.pauseOnUnverified', async () => {
    const { id, row } = await openCase();
    const patched = await call('PATCH', '/v1/tenant', { replies: { pauseOnUnverified: true } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.replies).toEqual({ pauseOnUnverified: true });
    try {
      const sent = await inbound({
        envelope: [`reply+${row.reply_token}@${DOMAIN}`],
        from: 'someone@elsewhere.example',
      });
      expect(sent.body.outcome).toBe('handed_off');
      await eventually('the unverified reply pauses', async () =>
        (await view(id)).status === 'paused' ? true : undefined,
      );
      expect((await replies(id))[0].data).toMatchObject({ unverified: true, paused: true });
    } finally {
      await call('PATCH', '/v1/tenant', { replies: { pauseOnUnverified: false } });
    }
    const bad = await call('PATCH', '/v1/tenant', { replies: { pauseOnUnverified: 'yes' } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path)).toContain('replies.pauseOnUnverified');
  });

  it('cuts a 50,000-character reply to its first 10,000 code points before the signal, and says so', async () => {
    const { id, row } = await openCase();
    // 9,999 ASCII characters then emojis: the cut keeps the 10,000th code point whole.
    const text = `${'a'.repeat(9_999)}${'😀'.repeat(40_001)}`;
    expect([...text]).toHaveLength(50_000);
    expect((await inbound({ envelope: [`reply+${row.reply_token}@${DOMAIN}`], text })).body.outcome).toBe(
      'handed_off',
    );
    const [entry] = await eventually('the cut reply', async () => {
      const r = await replies(id);
      return r.length === 1 ? r : undefined;
    });
    expect(entry.data).toMatchObject({ truncated: true, originalLength: 50_000 });
    expect(entry.data.text).toBe(`${'a'.repeat(9_999)}😀`);

    // What the case itself was handed: the signal in its history carries the cut text.
    const client = await temporalClient(stack);
    try {
      const history = await client.workflow.getHandle(`dunning:default:${id}`).fetchHistory();
      const signals = history.events!.filter(
        (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'clientReplied',
      );
      expect(signals).toHaveLength(1);
      const payload = signals[0]!.workflowExecutionSignaledEventAttributes!.input!.payloads![0]!;
      const signalled = JSON.parse(Buffer.from(payload.data!).toString('utf8'));
      expect(signalled).toMatchObject({
        text: `${'a'.repeat(9_999)}😀`,
        originalLength: 50_000,
        verified: true,
      });
    } finally {
      await client.connection.close();
    }

    // The same rule for replies recorded through the API.
    const other = await openCase();
    const res = await call('POST', `/v1/invoices/${other.id}/replies`, {
      id: 'api-reply-1',
      from: CLIENT,
      receivedAt: new Date().toISOString(),
      text,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [recorded] = await replies(other.id);
    expect(recorded.data).toMatchObject({ truncated: true, originalLength: 50_000 });
    expect([...recorded.data.text]).toHaveLength(10_000);
  });
});
