import { computePenalties, toDecimal } from '@relance/domain';
import {
  buildDossierJson,
  renderDossierPdf,
  renderEmail,
  renderFormalNoticePdf,
  type EmailMessage,
} from '@relance/templates';
import type { CaseRef, DunningActivities, SentEmail } from '@relance/workflows';
import type { Logger } from 'pino';
import type { Mailer, OutgoingEmail } from '../mail/mailer';
import { CaseContext, CaseStore } from './case-store';
import { messageBase, penaltyView, tag } from './messages';
import { invoiceAttachment } from './attachments';

export interface ActivityDeps {
  store: CaseStore;
  mailer: Mailer;
  logger: Logger;
}

type Recipient = 'client' | 'creditor' | 'lawyer';

/** The worker's implementation of the activity contract declared in @relance/workflows. */
export function createActivities({ store, mailer, logger }: ActivityDeps): DunningActivities {
  /**
   * Renders, sends once per key, then records the copy and its timeline entry. A retry after a
   * crash finds the stored copy, or gets the same id back from the provider's idempotency key.
   */
  async function deliver(
    ref: CaseRef,
    key: string,
    recipient: Recipient,
    message: EmailMessage,
    timeline: { type: string; step?: string; data?: Record<string, unknown> },
    extra: Pick<OutgoingEmail, 'attachments' | 'cc'> = {},
  ): Promise<SentEmail> {
    const ctx = await store.load(ref);
    const id = `${ref.workflowId}:${key}`;
    const existing = await store.findEmail(id);
    if (existing?.providerId) return { emailId: existing.providerId, sentAt: existing.sentAt.toISOString() };
    const rendered = await renderEmail(message);
    const to = recipients(ctx, recipient);
    const email: OutgoingEmail = {
      from: `${ctx.settings.sender.fromName} <${ctx.settings.sender.fromEmail}>`,
      to,
      cc: extra.cc ?? (recipient === 'client' ? ctx.payload.client.cc : undefined),
      replyTo: replyTo(ctx, recipient),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: extra.attachments,
      headers: { 'X-Relance-Case': ref.workflowId },
      tags: [tag('tenant', ref.tenant), tag('case', ctx.invoice.id), tag('step', timeline.step ?? key)],
    };
    const sent = await mailer.send(email, id);
    const sentAt = new Date();
    await store.recordEmail(
      ctx,
      {
        id,
        providerId: sent.id,
        step: timeline.step ?? null,
        template: message.template,
        recipients: [...to, ...(email.cc ?? [])],
        subject: rendered.subject,
        text: rendered.text,
        status: 'sent',
        sentAt,
      },
      {
        key,
        type: timeline.type,
        at: sentAt,
        step: timeline.step,
        data: { emailId: sent.id, to, subject: rendered.subject, ...timeline.data },
      },
    );
    logger.info(
      { workflowId: ref.workflowId, key, emailId: sent.id, template: message.template },
      'email sent',
    );
    return { emailId: sent.id, sentAt: sentAt.toISOString() };
  }

  return {
    async computePenalties({ ref, balanceMinor, asOf, formalNoticeDate }) {
      const { payload, settings } = await store.load(ref);
      return computePenalties({
        principal: { currency: payload.currency, minor: balanceMinor },
        dueDate: payload.dueDate,
        asOf,
        jurisdiction: payload.jurisdiction ?? settings.jurisdiction,
        clientType: payload.client.type,
        contractualRatePercent: payload.penalties?.ratePercent,
        formalNoticeDate,
      });
    },

    async sendClientEmail({ ref, key, step, timelineType, amounts, email }) {
      const ctx = await store.load(ref);
      const base = messageBase(ctx, amounts, 'client');
      const money = (minor: number) => toDecimal({ currency: ctx.payload.currency, minor });
      let message: EmailMessage;
      switch (email.template) {
        case 'promise_missed':
          message = { ...base, template: 'promise_missed', promisedDate: email.promisedDate };
          break;
        case 'instalment_due':
          message = {
            ...base,
            template: 'instalment_due',
            instalment: { ...email.instalment, amount: money(email.instalment.amountMinor) },
          };
          break;
        case 'payment_confirmation':
          message = {
            ...base,
            template: 'payment_confirmation',
            amountPaid: money(email.amountPaidMinor),
            paidAt: email.paidAt,
          };
          break;
        default:
          message = {
            ...base,
            template: email.template,
            lateFeesFrom: email.lateFeesFrom,
            formalNoticeOn: email.formalNoticeOn,
          };
      }
      const reminder = ['courtesy', 'friendly', 'firm', 'urgent', 'promise_missed'].includes(email.template);
      const attachments = reminder ? await invoiceAttachment(ctx) : undefined;
      return deliver(
        ref,
        key,
        'client',
        message,
        { type: timelineType, step, data: { template: email.template } },
        { attachments },
      );
    },

    async sendFormalNotice({ ref, key, step, amounts, penalties, sentOn, deadline }) {
      const ctx = await store.load(ref);
      const base = messageBase(ctx, amounts, 'client');
      const view = penaltyView(penalties);
      const pdf = await renderFormalNoticePdf({
        ...base,
        sentOn,
        deadline,
        penalties: view,
        jurisdiction: base.jurisdiction ?? 'FR',
        clientType: ctx.payload.client.type,
      });
      const filename =
        base.locale === 'fr'
          ? `mise-en-demeure-${ctx.payload.number}.pdf`
          : `formal-notice-${ctx.payload.number}.pdf`;
      return deliver(
        ref,
        key,
        'client',
        { ...base, template: 'formal_notice', sentOn, deadline, penalties: view },
        {
          type: 'formal_notice_sent',
          step,
          data: {
            deadline,
            penalties: penalties.total,
            interest: penalties.interest,
            fixedFee: penalties.fixedFee,
          },
        },
        { attachments: [{ filename, content: Buffer.from(pdf) }, ...((await invoiceAttachment(ctx)) ?? [])] },
      );
    },

    async handOffToLawyer({ ref, key, step, amounts, penalties }) {
      const ctx = await store.load(ref);
      const base = messageBase(ctx, amounts, 'creditor');
      const lawyer = ctx.settings.legalContact;
      if (!lawyer) {
        throw new Error(`tenant ${ref.tenant} has no legal contact: set legalContact in the tenant settings`);
      }
      const dossier = await store.dossier(ctx, base, penaltyView(penalties));
      const pdf = await renderDossierPdf(dossier);
      const json = buildDossierJson(dossier);
      return deliver(
        ref,
        key,
        'lawyer',
        {
          ...base,
          template: 'legal_handoff',
          legalContact: lawyer,
          summary: `${ctx.payload.number} · ${base.client.company ?? base.client.name} · ${penalties.total}`,
        },
        { type: 'legal_handoff_sent', step, data: { lawyer: lawyer.email } },
        {
          cc: [ctx.settings.notifyEmail],
          attachments: [
            { filename: `dossier-${ctx.payload.number}.pdf`, content: Buffer.from(pdf) },
            { filename: `dossier-${ctx.payload.number}.json`, content: Buffer.from(json) },
          ],
        },
      );
    },

    async alertCreditor({ ref, key, step, amounts, alert }) {
      const ctx = await store.load(ref);
      const base = messageBase(ctx, amounts, 'creditor');
      const money = (minor: number) => toDecimal({ currency: ctx.payload.currency, minor });
      const mapped =
        alert.kind === 'paid'
          ? { kind: 'paid' as const, amountPaid: money(alert.amountPaidMinor) }
          : alert.kind === 'handed_off'
            ? { kind: 'handed_off' as const, lawyer: alert.lawyer ?? ctx.settings.legalContact?.name ?? '' }
            : alert.kind === 'call_task'
              ? { ...alert, phone: ctx.payload.client.phone }
              : alert;
      return deliver(
        ref,
        key,
        'creditor',
        { ...base, template: 'creditor_alert', alert: mapped },
        {
          type: 'creditor_alerted',
          step,
          data: { kind: alert.kind },
        },
      );
    },

    async recordTimeline({ ref, key, type, at, step, data }) {
      const ctx = await store.load(ref);
      await store.appendTimeline(ctx, { key, type, at: new Date(at), step, data });
    },

    async recordPayment({ ref, paymentId, amountMinor, currency, paidAt, reference, balanceAfterMinor }) {
      const ctx = await store.load(ref);
      await store.recordPayment(
        ctx,
        { paymentId, amountMinor, currency, paidAt: new Date(paidAt), reference: reference ?? null },
        {
          key: `payment:${paymentId}`,
          type: 'payment_received',
          at: new Date(),
          data: {
            paymentId,
            amount: toDecimal({ currency, minor: amountMinor }),
            paidAt,
            reference,
            balance: toDecimal({ currency, minor: balanceAfterMinor }),
          },
        },
      );
    },

    async syncCase({ ref, version, status, stage, paidMinor, balanceMinor, nextAction }) {
      await store.syncProjection(ref, {
        status,
        stage,
        paidMinor,
        balanceMinor,
        nextAction: nextAction ? { ...nextAction } : null,
        projectionVersion: version,
      });
    },
  };
}

function recipients(ctx: CaseContext, who: Recipient): string[] {
  if (who === 'client') return [ctx.payload.client.email];
  if (who === 'lawyer') return [ctx.settings.legalContact?.email ?? ctx.settings.notifyEmail];
  return [ctx.settings.notifyEmail];
}

/** Client replies go to the case's own address when the tenant has an inbound domain. */
function replyTo(ctx: CaseContext, who: Recipient): string | undefined {
  const domain = ctx.settings.sender.replyToDomain;
  if (who !== 'client' || !domain) return ctx.settings.notifyEmail;
  return `reply+${ctx.invoice.id.replace(/-/g, '')}@${domain}`;
}
