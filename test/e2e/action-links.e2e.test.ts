import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeResend, repoRoot, type Stack } from '@relance/devstack';
import { parseLinkKey, signActionLink } from '@relance/persistence';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import {
  dateFromToday,
  eventually,
  invoiceBody,
  registerCase,
  sql,
  startStackWithResend,
  stopAll,
  type Api,
} from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */

const NOTIFY = 'alertes@default.example';

/**
 * SPEC 3.2b "Action links" in a real browser on the real stack: the creditor opens a link of an
 * alert found in the (fake) Resend outbox, confirms, and the case changes through the API's own
 * code path; the link then answers "already used"; expired and tampered links answer their page;
 * opening a link (a GET, as a mail scanner does) changes nothing.
 */
describe('action links in creditor alerts (SPEC 3.2b)', () => {
  let stack: Stack;
  let resend: FakeResend;
  let call: Api;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    ({ stack, resend, call } = await startStackWithResend());
    page = await browser.newPage({ locale: 'fr-FR' });
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll(stack, resend);
  });

  const view = async (id: string) => (await call('GET', `/v1/invoices/${id}`)).body;
  const usedLinks = async () =>
    Number(
      (await sql<{ n: string }>(stack.databaseUrl, `SELECT count(*) AS n FROM used_action_links`))[0]!.n,
    );

  /** A case paused by a client reply, and the links of the alert that said so, by button label. */
  const pausedByReply = async () => {
    const id = await registerCase(call);
    await eventually('the first reminder', async () =>
      (await view(id)).stage === 'reminder_1' ? true : undefined,
    );
    const replied = await call('POST', `/v1/invoices/${id}/replies`, {
      id: `msg-${id}`,
      from: 'compta@acme.example',
      receivedAt: new Date().toISOString(),
      text: 'Nous contestons le montant.',
    });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.status).toBe('paused');
    const alert = await eventually('the reply alert', () =>
      resend.emails.find(
        (e) =>
          e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}` &&
          [e.body.to].flat().includes(NOTIFY) &&
          e.body.html?.includes('/a/v1.'),
      ),
    );
    // The alert as the creditor's mail client shows it: its buttons are links.
    await page.setContent(alert.body.html!);
    const links: Record<string, string> = {};
    for (const label of [
      'Reprendre les relances',
      'Enregistrer une promesse de paiement',
      'Ouvrir un litige',
      'Annuler le dossier',
    ])
      links[label] = (await page.getByRole('link', { name: label }).getAttribute('href'))!;
    expect(alert.body.text).toContain(`Reprendre les relances ${links['Reprendre les relances']}`);
    expect(alert.body.text).not.toContain('POST /v1');
    return { id, links, alert };
  };

  it('resumes a paused case from the alert’s link; the link then answers "already used"', async () => {
    const { id, links } = await pausedByReply();
    const resume = links['Reprendre les relances']!;
    expect(resume.startsWith(`${stack.apiUrl}/a/`)).toBe(true);

    const opened = await page.goto(resume);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Reprendre les relances',
    );
    expect(await page.locator('dl').textContent()).toContain('en pause');
    expect((await view(id)).status).toBe('paused'); // opening the page changed nothing

    const button = page.getByRole('button', { name: 'Confirmer : reprendre les relances' });
    await button.focus();
    // The test project has no DOM typings: the element is typed by what the check reads.
    type Focusable = { ownerDocument: { activeElement: unknown } };
    expect(
      await button.evaluate((el) => (el as unknown as Focusable).ownerDocument.activeElement === el),
    ).toBe(true);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      button.click(),
    ]);
    expect(answer.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('C’est fait');
    await eventually('the resumed case', async () =>
      (await view(id)).status === 'overdue' ? true : undefined,
    );
    expect((await view(id)).timeline.map((t: any) => t.type)).toContain('resumed');

    // Replayed: by a browser (GET) and by a form post: the used page, nothing applied twice.
    const again = await page.goto(resume);
    expect(again?.status()).toBe(409);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ce lien a déjà servi');
    expect(await page.locator('form').count()).toBe(0);
    const replay = await fetch(resume, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('Ce lien a déjà servi');
  });

  it('records a promise with its date from the form, asking again for a missing date', async () => {
    const { id, links } = await pausedByReply();
    await page.goto(links['Enregistrer une promesse de paiement']!);
    const date = page.getByLabel('Date de paiement promise');
    expect(await date.getAttribute('type')).toBe('date');
    await page.screenshot({ path: join(stack.dataDir, 'action-page.png'), fullPage: true });
    if (process.env.RELANCE_WRITE_SCREENSHOT === '1')
      copyFileSync(join(stack.dataDir, 'action-page.png'), join(repoRoot, 'docs/action-page.png'));

    // Without the browser's own check (`required`), the server refuses and names the field.
    await date.evaluate((el) =>
      (el as unknown as { removeAttribute(name: string): void }).removeAttribute('required'),
    );
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Confirmer la promesse' }).click(),
    ]);
    expect(refused.status()).toBe(422);
    expect(await page.getByRole('alert').textContent()).toContain('Date de paiement promise');
    expect((await view(id)).status).toBe('paused');

    const promised = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Date de paiement promise').fill(promised);
    await page.getByLabel('Note').fill('promis au téléphone');
    const [done] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Confirmer la promesse' }).click(),
    ]);
    expect(done.status()).toBe(200);
    await eventually('the promised case', async () =>
      (await view(id)).status === 'promised' ? true : undefined,
    );
  });

  it('answers a tampered link 403, an expired one 410, a garbled one 404, and never changes the case', async () => {
    const { id, links } = await pausedByReply();
    const before = await usedLinks();
    const dispute = links['Ouvrir un litige']!;
    const [base, token] = dispute.split('/a/') as [string, string];
    const [v, body, sig] = token.split('.') as [string, string, string];

    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const otherCase = Buffer.from(JSON.stringify({ ...claims, a: 'cancel' })).toString('base64url');
    const tampered = await page.goto(`${base}/a/${v}.${otherCase}.${sig}`);
    expect(tampered?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'This link is not valid',
    );
    const forgedPost = await fetch(`${base}/a/${v}.${otherCase}.${sig}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=x',
    });
    expect(forgedPost.status).toBe(403);

    const key = parseLinkKey(stack.env.RELANCE_LINK_KEY!)!;
    const expiredToken = signActionLink(key, {
      tenantId: claims.t,
      scope: { kind: 'invoice', id },
      action: 'dispute',
      expiresAt: new Date(Date.now() - 60_000),
      linkId: 'expired-link',
    });
    const expired = await page.goto(`${base}/a/${expiredToken}`);
    expect(expired?.status()).toBe(410);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ce lien a expiré');
    expect(await page.locator('form').count()).toBe(0);

    expect((await page.goto(`${base}/a/not-a-token`))?.status()).toBe(404);

    // A mail scanner following every link of the alert: GETs only.
    for (const url of Object.values(links)) expect((await page.goto(url))?.status()).toBe(200);
    expect((await view(id)).status).toBe('paused');
    expect(await usedLinks()).toBe(before);
  });

  it('approves a hand-off waiting for the creditor from its alert; the decline link then changes nothing', async () => {
    const lawyer = 'cabinet@durand-avocats.example';
    const patched = await call('PATCH', '/v1/tenant', {
      legalContact: { name: 'Maître Durand', email: lawyer },
    });
    expect(patched.status).toBe(200);
    // A reminder now, the hand-off (1 200 € due, above its 500 € threshold) one minute later, approval asked.
    const body = invoiceBody({
      dueDate: dateFromToday(-60),
      issueDate: dateFromToday(-90),
      policy: {
        steps: [
          { id: 'reminder_1', after: 'P1D', action: 'reminder', tone: 'friendly' },
          {
            id: 'legal_handoff',
            after: 'P1DT1M',
            action: 'legal_handoff',
            minAmount: '500.00',
            requireApproval: true,
          },
        ],
      },
    });
    expect((await call('POST', '/v1/invoices', body)).status).toBe(201);
    const id = body.externalId;
    const alert = await eventually(
      'the approval alert with its links',
      () =>
        resend.emails.find(
          (e) =>
            e.body.headers?.['X-Relance-Case'] === `dunning:default:${id}` &&
            [e.body.to].flat().includes(NOTIFY) &&
            e.body.html?.includes('Approuver la transmission'),
        ),
      150_000,
    );
    expect((await view(id)).nextAction).toMatchObject({ action: 'approve_handoff', step: 'legal_handoff' });
    await page.setContent(alert.body.html!);
    const approve = (await page
      .getByRole('link', { name: 'Approuver la transmission à votre avocat' })
      .getAttribute('href'))!;
    const decline = (await page.getByRole('link', { name: 'Refuser la transmission' }).getAttribute('href'))!;
    expect(alert.body.text).toContain(`Refuser la transmission ${decline}`);

    expect((await page.goto(approve))?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Approuver la transmission à votre avocat',
    );
    expect(resend.emails.filter((e) => [e.body.to].flat().includes(lawyer))).toHaveLength(0);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Confirmer : transmettre à l’avocat' }).click(),
    ]);
    expect(answer.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('C’est fait');
    // Above the threshold, approved: the dossier goes to the lawyer and the case is handed off.
    const handedOff = await eventually(
      'the case handed off',
      async () => {
        const v = await view(id);
        return v.status === 'handed_off' ? v : undefined;
      },
      60_000,
    );
    expect(handedOff.timeline.map((t: any) => t.type)).toContain('handoff_approved');
    await eventually('the hand-off email to the lawyer', () =>
      resend.emails.find((e) => [e.body.to].flat().includes(lawyer)),
    );

    // A mail scanner (or the creditor) opening the decline link: its page, and nothing changes.
    const before = { used: await usedLinks(), timeline: handedOff.timeline.length };
    const declinePage = await page.goto(decline);
    expect(declinePage?.status()).toBe(200);
    expect(await page.getByRole('radiogroup', { name: 'Suite du dossier' }).count()).toBe(1);
    const after = await view(id);
    expect(after.status).toBe('handed_off');
    expect(after.timeline).toHaveLength(before.timeline);
    expect(await usedLinks()).toBe(before.used);
  }, 240_000);
});
