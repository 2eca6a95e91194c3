import { statementOfAccountOf, TONES, type TimelineType, type Tone } from '@relance/domain';
import type { EmailEntity, LinkSettings } from '@relance/persistence';
import {
  buildGroupedDossierJson,
  renderEmail,
  renderGroupedDossierPdf,
  renderGroupedFormalNoticePdf,
  type CreditorAlert,
  type GroupedLegalDossier,
} from '@relance/templates';
import type { AccountActivities, SendGroupedInput, SentEmail, StepRequest } from '@relance/workflows';
import { ApplicationFailure } from '@temporalio/activity';
import { actionsFor } from './action-links';
import type { InvoiceAttachments } from './attachments';
import type { CaseContext, CaseStore } from './case-store';
import type { createDelivery, Draft } from './delivery';
import { byDueDate, groupedBase, groupedReminder, invoiceLine, noticeLine } from './grouped-messages';
import { requireLegalContact } from './legal-contact';
import { creditorAlert, messageBase, penaltyView, postedLetter } from './messages';
import { statementAttachment } from './statement';

/** At most this many invoice PDFs ride on one grouped message; the others are named in it. */
export const MAX_GROUPED_ATTACHMENTS = 10;

export interface GroupedSendDeps {
  store: CaseStore;
  deliver: ReturnType<typeof createDelivery>;
  invoicePdf: InvoiceAttachments;
  /** Action links in the batch's creditor alerts; absent → none. */
  links?: LinkSettings;
}

/** A batch of one client's steps, loaded: the cases in the order the message lists them. */
interface Batch {
  input: SendGroupedInput;
  byCase: Map<string, CaseContext>;
  ordered: StepRequest[];
  /** The member the message is filed under (its case holds the email row). */
  lead: StepRequest;
  leadCtx: CaseContext;
  numbers: string[];
}

/**
 * A client account's one message for a batch of its cases' steps (docs/architecture.md "Client
 * accounts"): the grouped reminder, the one formal notice, or the one dossier for the hand-off.
 */
export function createGroupedSends({
  store,
  deliver,
  invoicePdf,
  links,
}: GroupedSendDeps): AccountActivities['sendGroupedStep'] {
  /** The invoice PDFs of the batch, in its order, up to the cap; which ones rode along. */
  const invoicePdfs = async ({ ordered, byCase }: Batch) => {
    const files = await Promise.all(ordered.map((m) => invoicePdf.forCase(byCase.get(m.ref.workflowId)!)));
    const attachments: NonNullable<Draft['attachments']> = [];
    const attached = new Map<string, boolean>();
    ordered.forEach((m, i) => {
      const file = files[i];
      if (!file?.length) return;
      const fits = attachments.length < MAX_GROUPED_ATTACHMENTS;
      attached.set(m.ref.workflowId, fits);
      if (fits) attachments.push(...file);
    });
    return { attachments, attached };
  };

  /** The creditor's one alert about the batch (one refused for good is recorded, the step goes on). */
  const alertCreditor = async (b: Batch, key: string, alert: CreditorAlert) => {
    const { leadCtx, lead } = b;
    try {
      await deliver({
        ctx: leadCtx,
        ref: lead.ref,
        key: `alert:${key}`,
        step: lead.step,
        activity: 'alertCreditor',
        input: { key, alert, members: b.numbers },
        timeline: { type: 'creditor_alerted', data: { kind: alert.kind, invoices: b.numbers } },
        draft: async () => ({
          template: 'creditor_alert',
          recipient: 'creditor',
          rendered: await renderEmail({
            ...messageBase(leadCtx, lead.amounts, 'creditor'),
            template: 'creditor_alert',
            alert,
            invoices: b.ordered.map((m) => invoiceLine(b.byCase.get(m.ref.workflowId)!, m.amounts)),
            // About several invoices: the client account's actions; about one: its case's.
            actions: actionsFor(alert, { ctx: leadCtx, grouped: b.ordered.length > 1 }, links),
          }),
        }),
      });
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
      await store.appendTimeline(leadCtx, {
        key: `alert_failed:${key}`,
        type: 'email_failed',
        at: new Date(),
        step: lead.step,
        data: { recipient: 'creditor', kind: alert.kind, reason: err.message },
      });
    }
  };

  /** Every other member's step, recorded on its own timeline with the message that carried it. */
  const recordOthers = async (
    b: Batch,
    type: TimelineType,
    { emailId, sentAt }: SentEmail,
    data: (m: StepRequest) => Record<string, unknown>,
  ) => {
    for (const m of b.ordered) {
      if (m === b.lead) continue;
      await store.appendTimeline(b.byCase.get(m.ref.workflowId)!, {
        key: m.key,
        type,
        at: new Date(sentAt),
        step: m.step,
        data: { emailId, invoices: b.numbers, groupedWith: b.lead.ref.workflowId, ...data(m) },
      });
    }
  };

  /** The batch's one message, filed under its lead case and idempotent on the lead's step key. */
  const deliverBatch = (
    b: Batch,
    timeline: { type: TimelineType; data?: Record<string, unknown> },
    draft: (previous: EmailEntity | null) => Promise<Draft>,
  ) =>
    deliver({
      ctx: b.leadCtx,
      ref: b.lead.ref,
      key: b.lead.key,
      step: b.lead.step,
      activity: 'sendGroupedStep',
      input: b.input,
      timeline,
      draft,
    });

  const sendReminder = async (b: Batch) => {
    const { input, leadCtx, lead } = b;
    const sent = await deliverBatch(
      b,
      { type: 'reminder_sent', data: { template: 'grouped_reminder', invoices: b.numbers } },
      async () => {
        const listed = new Map(b.ordered.map((m) => [m.ref.workflowId, m.amounts]));
        const open = await store.clientCases(input.tenant, input.clientId);
        const others = open.filter(
          (ctx) => !listed.has(ctx.invoice.workflowId) && ctx.invoice.status === 'overdue',
        );
        const { attachments, attached } = await invoicePdfs(b);
        const statement = statementOfAccountOf(leadCtx.settings)
          ? [await statementAttachment(store, leadCtx, open, listed)]
          : [];
        return {
          template: 'grouped_reminder',
          recipient: 'client',
          rendered: await renderEmail(groupedReminder(lead, b.ordered, b.byCase, others, attached)),
          attachments: [...statement, ...attachments],
        };
      },
    );
    await recordOthers(b, 'reminder_sent', sent, () => ({ template: 'grouped_reminder' }));
    const calls = b.ordered.filter((m) => m.callTask);
    if (calls.length) {
      for (const m of calls) {
        const ctx = b.byCase.get(m.ref.workflowId)!;
        await store.appendTimeline(ctx, {
          key: `${m.key}:call`,
          type: 'call_task_created',
          at: new Date(),
          step: m.step,
          data: { reason: 'scheduled', phone: ctx.payload.client.phone ?? null, invoices: b.numbers },
        });
      }
      await alertCreditor(
        b,
        `${lead.key}:call`,
        creditorAlert(leadCtx, { kind: 'call_task', step: lead.step, reason: 'scheduled' }),
      );
    }
    return sent;
  };

  const sendNotice = async (b: Batch) => {
    const { input, leadCtx, lead } = b;
    const { sentOn, deadline } = input.notice!;
    const sent = await deliverBatch(
      b,
      { type: 'formal_notice_sent', data: { sentOn, deadline, invoices: b.numbers } },
      async () => {
        const base = groupedBase(leadCtx, lead);
        const invoices = b.ordered.map((m) => noticeLine(b.byCase.get(m.ref.workflowId)!, m));
        // A letter recorded on the lead case (the one the grouped notice is addressed through).
        const registeredLetter = postedLetter(leadCtx, sentOn);
        const letter = registeredLetter ? { registeredLetter } : {};
        const pdf = await renderGroupedFormalNoticePdf({
          ...base,
          ...letter,
          invoices,
          sentOn,
          deadline,
          jurisdiction: base.jurisdiction ?? 'FR',
          clientType: leadCtx.payload.client.type ?? 'business',
        });
        const filename =
          base.locale === 'fr'
            ? `mise-en-demeure-${input.clientId}.pdf`
            : `formal-notice-${input.clientId}.pdf`;
        const { attachments } = await invoicePdfs(b);
        const rendered = await renderEmail({
          ...base,
          template: 'grouped_formal_notice',
          invoices,
          sentOn,
          deadline,
          ...letter,
        });
        return {
          template: 'grouped_formal_notice',
          recipient: 'client',
          rendered,
          attachments: [{ filename: safeName(filename), content: pdf }, ...attachments],
        };
      },
    );
    await recordOthers(b, 'formal_notice_sent', sent, (m) => ({
      sentOn,
      deadline,
      penalties: m.penalties!.total,
      interest: m.penalties!.interest,
      fixedFee: m.penalties!.fixedFee,
    }));
    await alertCreditor(b, lead.key, creditorAlert(leadCtx, { kind: 'formal_notice_sent', deadline }));
    return sent;
  };

  const handOff = async (b: Batch) => {
    const { input, leadCtx, lead } = b;
    const sent = await deliverBatch(
      b,
      {
        type: 'legal_handoff_sent',
        data: { lawyer: leadCtx.settings.legalContact?.email, invoices: b.numbers },
      },
      async (previous) => {
        const lawyer = requireLegalContact(
          leadCtx.settings,
          `resume the client's cases with POST /v1/clients/${encodeURIComponent(input.clientId)}/resume`,
        );
        const dossiers = await Promise.all(
          b.ordered.map((m) => {
            const ctx = b.byCase.get(m.ref.workflowId)!;
            return store.dossier(ctx, messageBase(ctx, m.amounts, 'creditor'), penaltyView(m.penalties!), {
              generatedAt: input.at,
              asOf: previous?.createdAt,
            });
          }),
        );
        const { invoice: _i, penalties: _p, timeline: _t, formalNotice: _f, ...shared } = dossiers[0]!;
        const dossier: GroupedLegalDossier = {
          ...shared,
          cases: dossiers.map((d) => ({
            invoice: d.invoice,
            penalties: d.penalties,
            timeline: d.timeline,
            ...(d.formalNotice ? { formalNotice: d.formalNotice } : {}),
          })),
        };
        const base = messageBase(leadCtx, lead.amounts, 'creditor');
        const rendered = await renderEmail({
          ...base,
          template: 'legal_handoff',
          legalContact: lawyer,
          penalties: dossiers[0]!.penalties,
          formalNotice: dossiers[0]!.formalNotice,
        });
        const name = safeName(`dossier-${input.clientId}`);
        return {
          template: 'legal_handoff',
          recipient: 'lawyer',
          rendered,
          cc: [leadCtx.settings.notifyEmail],
          attachments: [
            { filename: `${name}.pdf`, content: await renderGroupedDossierPdf(dossier) },
            { filename: `${name}.json`, content: Buffer.from(buildGroupedDossierJson(dossier)) },
          ],
        };
      },
    );
    await recordOthers(b, 'legal_handoff_sent', sent, () => ({
      lawyer: leadCtx.settings.legalContact?.email,
    }));
    await alertCreditor(b, lead.key, creditorAlert(leadCtx, { kind: 'handed_off' }));
    return sent;
  };

  return async function sendGroupedStep(input) {
    const contexts = await Promise.all(input.members.map((m) => store.load(m.ref)));
    const byCase = new Map(contexts.map((ctx) => [ctx.invoice.workflowId, ctx]));
    const ordered = byDueDate(input.members, byCase);
    const lead = input.members[0]!.action === 'reminder' ? mostAdvanced(ordered) : ordered[0]!;
    const batch: Batch = {
      input,
      byCase,
      ordered,
      lead,
      leadCtx: byCase.get(lead.ref.workflowId)!,
      numbers: ordered.map((m) => byCase.get(m.ref.workflowId)!.payload.number),
    };
    const action = lead.action;
    if (action === 'reminder') return sendReminder(batch);
    if (action === 'formal_notice') return sendNotice(batch);
    return handOff(batch);
  };
}

/** The member whose step is the most advanced: the message takes its tone and is filed under its case. */
function mostAdvanced(members: StepRequest[]): StepRequest {
  const rank = (t: Tone | undefined) => TONES.indexOf(t ?? 'friendly');
  return members.reduce((a, b) => (rank(b.tone) > rank(a.tone) ? b : a));
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '_');
}
