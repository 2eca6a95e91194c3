import { TONES, isOverdue, type Tone } from '@relance/domain';
import { renderEmail } from '@relance/templates';
import type { AccountActivities, DunningActivities, StepRequest } from '@relance/workflows';
import type { InvoiceAttachments } from './attachments';
import type { CaseStore } from './case-store';
import type { createDelivery } from './delivery';
import { byDueDate, groupedReminder } from './grouped-messages';

/** At most this many invoice PDFs ride on one grouped message; the others are named in it. */
export const MAX_GROUPED_ATTACHMENTS = 10;

export interface AccountDeps {
  store: CaseStore;
  deliver: ReturnType<typeof createDelivery>;
  invoicePdf: InvoiceAttachments;
  /** The case activities: a message for one invoice is that case's own reminder. */
  cases: Pick<DunningActivities, 'sendClientEmail'>;
}

/** The worker's side of a client account (docs/architecture.md "Client accounts"). */
export function createAccountActivities({ store, deliver, invoicePdf, cases }: AccountDeps): AccountActivities {
  return {
    async accountPeers({ tenant, clientId, asking, until }) {
      const open = await store.clientCases(tenant, clientId);
      const now = new Date().toISOString();
      const balances = new Map<string, number>();
      for (const { invoice } of open) {
        balances.set(invoice.currency, (balances.get(invoice.currency) ?? 0) + invoice.balanceMinor);
      }
      const pull = open.flatMap(({ invoice, payload }) => {
        const next = invoice.nextAction;
        if (asking.includes(invoice.workflowId) || next?.action !== 'reminder') return [];
        if (Date.parse(next.at) > Date.parse(until)) return [];
        // Never dunned early: only an invoice already past due is pulled forward.
        if (!isOverdue(payload.dueDate, payload.client.timezone, now)) return [];
        return [{ workflowId: invoice.workflowId, step: String(next.step) }];
      });
      return {
        openCases: open.length,
        balances: [...balances].map(([currency, balanceMinor]) => ({ currency, balanceMinor })),
        pull,
      };
    },

    async sendGroupedReminder(input) {
      const { members } = input;
      const lead = mostAdvanced(members);
      if (members.length === 1) return cases.sendClientEmail(ownReminder(lead));
      const contexts = await Promise.all(members.map((m) => store.load(m.ref)));
      const byCase = new Map(contexts.map((ctx) => [ctx.invoice.workflowId, ctx]));
      const leadCtx = byCase.get(lead.ref.workflowId)!;
      const listed = new Set(members.map((m) => m.ref.workflowId));
      const numbers = members.map((m) => byCase.get(m.ref.workflowId)!.payload.number);
      const sent = await deliver({
        ctx: leadCtx,
        ref: lead.ref,
        key: lead.key,
        step: lead.step,
        activity: 'sendGroupedReminder',
        input,
        timeline: { type: 'reminder_sent', data: { template: 'grouped_reminder', invoices: numbers } },
        draft: async () => {
          const others = (await store.clientCases(input.tenant, input.clientId)).filter(
            (ctx) => !listed.has(ctx.invoice.workflowId) && ctx.invoice.status === 'overdue',
          );
          const ordered = byDueDate(members, byCase);
          const files = await Promise.all(ordered.map((m) => invoicePdf.forCase(byCase.get(m.ref.workflowId)!)));
          const attachments: { filename: string; content: Uint8Array }[] = [];
          const attached = new Map<string, boolean>();
          ordered.forEach((m, i) => {
            const file = files[i];
            if (!file?.length) return;
            const fits = attachments.length < MAX_GROUPED_ATTACHMENTS;
            attached.set(m.ref.workflowId, fits);
            if (fits) attachments.push(...file);
          });
          return {
            template: 'grouped_reminder',
            recipient: 'client',
            rendered: await renderEmail(groupedReminder(lead, ordered, byCase, others, attached)),
            attachments,
          };
        },
      });
      // Every other case listed records its step as done by this message.
      for (const m of members) {
        if (m === lead) continue;
        await store.appendTimeline(byCase.get(m.ref.workflowId)!, {
          key: m.key,
          type: 'reminder_sent',
          at: new Date(sent.sentAt),
          step: m.step,
          data: { emailId: sent.emailId, template: 'grouped_reminder', invoices: numbers, groupedWith: lead.ref.workflowId },
        });
      }
      return sent;
    },
  };
}

/** The member whose step is the most advanced: the message takes its tone and is filed under its case. */
function mostAdvanced(members: StepRequest[]): StepRequest {
  const rank = (t: Tone) => TONES.indexOf(t);
  return members.reduce((a, b) => (rank(b.tone) > rank(a.tone) ? b : a));
}

/** A message for one invoice: the case's own reminder, exactly as when it sends alone. */
function ownReminder(m: StepRequest) {
  return {
    ref: m.ref,
    key: m.key,
    step: m.step,
    timelineType: 'reminder_sent',
    amounts: m.amounts,
    email: {
      template: m.tone,
      ...(m.lateFeesFrom ? { lateFeesFrom: m.lateFeesFrom } : {}),
      ...(m.formalNoticeOn ? { formalNoticeOn: m.formalNoticeOn } : {}),
    },
  };
}
