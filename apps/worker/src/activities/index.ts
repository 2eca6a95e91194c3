import { parseMoney, penaltiesFor, toDecimal } from '@relance/domain';
import { buildDossierJson, renderDossierPdf, renderEmail, renderFormalNoticePdf } from '@relance/templates';
import type { AccountActivities, AlertCreditorInput, DunningActivities } from '@relance/workflows';
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { LinkSettings } from '@relance/persistence';
import type { Mailer } from '../mail/mailer';
import { actionsFor } from './action-links';
import type { Client } from '@temporalio/client';
import { createAccountActivities } from './account';
import { askAccount } from './ask-account';
import { CaseStore } from './case-store';
import { createDelivery } from './delivery';
import { clientMessage, creditorAlert, messageBase, penaltyView, postedLetter } from './messages';
import { provisionalRates } from './provisional-rates';
import { createSharedReplyAlert } from './reply-alert';
import { InvoiceAttachments } from './attachments';
import { requireLegalContact } from './legal-contact';

export interface ActivityDeps {
  store: CaseStore;
  mailer: Mailer;
  logger: Logger;
  /** The invoice PDF of the registration, fetched once and kept. */
  invoicePdf: InvoiceAttachments;
  /** The worker's Temporal client: a case hands its steps to its client account through it. */
  temporal?: Client;
  /** Action links in creditor alerts (RELANCE_LINK_KEY); absent → alerts carry none. */
  links?: LinkSettings;
}

const REMINDERS = ['courtesy', 'friendly', 'firm', 'urgent', 'promise_missed'];

/**
 * The worker's implementation of the activity contract declared in @relance/workflows. Every email
 * goes through `deliver`: rendered once per input, stored, then sent (see delivery.ts).
 */
export function createActivities({
  store,
  mailer,
  logger,
  invoicePdf,
  temporal,
  links,
}: ActivityDeps): DunningActivities & AccountActivities {
  const deliver = createDelivery({ store, mailer, logger });
  const sharedReplyAlert = createSharedReplyAlert({ store, deliver });

  /**
   * An alert within a step: one refused for good is recorded on the timeline and the step goes
   * on (the case never waits on its creditor's mailbox); a transient failure retries the step.
   */
  const alertOrRecord = async (input: AlertCreditorInput) => {
    try {
      await activities.alertCreditor(input);
    } catch (err) {
      if (!(err instanceof ApplicationFailure) || !err.nonRetryable) throw err;
      await activities.recordTimeline({
        ref: input.ref,
        key: `alert_failed:${input.key.replace(/^alert:/, '')}`,
        type: 'email_failed',
        at: new Date().toISOString(),
        step: input.step,
        data: { recipient: 'creditor', kind: input.alert.kind, reason: err.message },
      });
    }
  };

  const activities: DunningActivities = {
    async computePenalties({ ref, balanceMinor, asOf, formalNoticeDate }) {
      const [{ payload, settings, invoice }, tables] = await Promise.all([store.load(ref), store.rateTables()]);
      // The workflow gives the facts: the balance and notice date as the case stands, or will stand;
      // interest runs from the due date in force (the row's: a PATCH moves it).
      const breakdown = penaltiesFor({
        invoice: { ...payload, dueDate: invoice.dueDate },
        tenantJurisdiction: settings.jurisdiction,
        facts: { balanceMinor, formalNoticeDate },
        asOf,
        tables,
      });
      if (breakdown.provisional) provisionalRates.report(logger, ref, breakdown);
      return breakdown;
    },

    async sendClientEmail(input) {
      const { ref, key, step, timelineType, amounts, email } = input;
      const ctx = await store.load(ref);
      return deliver({
        ctx,
        ref,
        key,
        step,
        activity: 'sendClientEmail',
        input,
        timeline: { type: timelineType, data: { template: email.template } },
        draft: async () => ({
          template: email.template,
          recipient: 'client',
          rendered: await renderEmail(clientMessage(ctx, amounts, email)),
          attachments: REMINDERS.includes(email.template) ? await invoicePdf.forCase(ctx) : undefined,
        }),
      });
    },

    async sendFormalNotice(input) {
      const { ref, key, step, amounts, penalties, sentOn, deadline } = input;
      const ctx = await store.load(ref);
      // The client's address bounced: the letter goes to the creditor to post, nothing to the client.
      const byPost = input.deliverTo === 'creditor';
      return deliver({
        ctx,
        ref,
        key,
        step,
        activity: 'sendFormalNotice',
        input,
        timeline: {
          type: byPost ? 'letter_task_created' : 'formal_notice_sent',
          data: {
            sentOn,
            deadline,
            penalties: penalties.total,
            interest: penalties.interest,
            fixedFee: penalties.fixedFee,
          },
        },
        draft: async () => {
          const base = messageBase(ctx, amounts, 'client');
          const view = penaltyView(penalties);
          const registeredLetter = postedLetter(ctx, sentOn);
          const letter = registeredLetter ? { registeredLetter } : {};
          const pdf = await renderFormalNoticePdf({
            ...base,
            sentOn,
            deadline,
            penalties: view,
            jurisdiction: base.jurisdiction ?? 'FR',
            clientType: ctx.payload.client.type,
            ...letter,
            // Printed for the creditor to post: it goes by registered mail.
            ...(byPost ? { forRegisteredMail: true } : {}),
          });
          const filename =
            base.locale === 'fr'
              ? `mise-en-demeure-${ctx.payload.number}.pdf`
              : `formal-notice-${ctx.payload.number}.pdf`;
          const attachments = [{ filename, content: pdf }, ...((await invoicePdf.forCase(ctx)) ?? [])];
          if (!byPost) {
            const rendered = await renderEmail({
              ...base,
              template: 'formal_notice',
              sentOn,
              deadline,
              penalties: view,
              ...letter,
            });
            return { template: 'formal_notice', recipient: 'client', rendered, attachments };
          }
          const { currency } = ctx.payload;
          const totalDue = toDecimal({
            currency,
            minor: amounts.balanceMinor + parseMoney(penalties.total, currency).minor,
          });
          const alert = { kind: 'letter_task', step, sentOn, deadline, totalDue } as const;
          const rendered = await renderEmail({
            ...messageBase(ctx, amounts, 'creditor'),
            template: 'creditor_alert',
            alert,
            actions: actionsFor(alert, { ctx, grouped: false }, links),
          });
          return { template: 'creditor_alert', recipient: 'creditor', rendered, attachments };
        },
      });
    },

    async handOffToLawyer(input) {
      const { ref, key, step, amounts, penalties, at } = input;
      const ctx = await store.load(ref);
      return deliver({
        ctx,
        ref,
        key,
        step,
        activity: 'handOffToLawyer',
        input,
        timeline: { type: 'legal_handoff_sent', data: { lawyer: ctx.settings.legalContact?.email } },
        draft: async (previous) => {
          const lawyer = requireLegalContact(
            ctx.settings,
            `resume the case with POST /v1/invoices/${ctx.payload.externalId}/resume`,
          );
          const base = messageBase(ctx, amounts, 'creditor');
          const view = penaltyView(penalties);
          // Dated by the workflow (`at`); a re-preparation keeps the timeline as first prepared.
          const dossier = await store.dossier(ctx, base, view, {
            generatedAt: at,
            asOf: previous?.createdAt,
          });
          const rendered = await renderEmail({
            ...base,
            template: 'legal_handoff',
            legalContact: lawyer,
            penalties: view,
            formalNotice: dossier.formalNotice,
          });
          return {
            template: 'legal_handoff',
            recipient: 'lawyer',
            rendered,
            cc: [ctx.settings.notifyEmail],
            attachments: [
              { filename: `dossier-${ctx.payload.number}.pdf`, content: await renderDossierPdf(dossier) },
              {
                filename: `dossier-${ctx.payload.number}.json`,
                content: Buffer.from(buildDossierJson(dossier)),
              },
            ],
          };
        },
      });
    },

    async alertCreditor(input) {
      const { ref, key, step, amounts, alert } = input;
      const ctx = await store.load(ref);
      const shared = await sharedReplyAlert(ctx, input);
      if (shared) return shared;
      return deliver({
        ctx,
        ref,
        key,
        step,
        activity: 'alertCreditor',
        input,
        timeline: { type: 'creditor_alerted', data: { kind: alert.kind } },
        draft: async () => {
          const shown = creditorAlert(ctx, alert);
          return {
            template: 'creditor_alert',
            recipient: 'creditor',
            rendered: await renderEmail({
              ...messageBase(ctx, amounts, 'creditor'),
              template: 'creditor_alert',
              alert: shown,
              actions: actionsFor(shown, { ctx, grouped: false }, links),
            }),
          };
        },
      });
    },

    async recordTimeline({ ref, key, type, at, step, data }) {
      const ctx = await store.load(ref);
      await store.appendTimeline(ctx, { key, type, at: new Date(at), step, data });
    },

    async recordPayment({
      ref,
      paymentId,
      amountMinor,
      currency,
      paidAt,
      reference,
      balanceAfterMinor,
      write,
    }) {
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
        write,
      );
    },

    async syncCase({ ref, version, record, status, stage, paidMinor, balanceMinor, nextAction, ...extra }) {
      if (record) return store.writeRecord(ref.workflowId, { version, record });
      // Scheduled before the case record existed: what it carries, the rest of the record kept.
      const { currency } = (await store.load(ref)).invoice;
      const money = (minor: number) => toDecimal({ currency, minor });
      await store.syncColumns(ref, {
        version,
        currency,
        fields: {
          status,
          stage,
          paid: money(paidMinor),
          balance: money(balanceMinor),
          nextAction: nextAction ? { ...nextAction } : null,
          ...(extra.overpaidMinor ? { overpaid: money(extra.overpaidMinor) } : {}),
          ...(extra.pausedReason ? { pausedReason: extra.pausedReason } : {}),
          ...(extra.actionRequired ? { actionRequired: { ...extra.actionRequired } } : {}),
        },
      });
    },

    async askAccount(input) {
      if (!temporal)
        throw new Error('client accounts need the worker’s Temporal client (ActivityDeps.temporal)');
      return askAccount(temporal, store, input);
    },

    async performStep({ ref, parts, write }) {
      for (const part of parts) {
        if ('sendClientEmail' in part) await activities.sendClientEmail(part.sendClientEmail);
        else if ('sendFormalNotice' in part) await activities.sendFormalNotice(part.sendFormalNotice);
        else if ('handOffToLawyer' in part) await activities.handOffToLawyer(part.handOffToLawyer);
        else if ('recordTimeline' in part) await activities.recordTimeline(part.recordTimeline);
        else await alertOrRecord(part.alertCreditor);
      }
      if (write) await store.writeRecord(ref.workflowId, write);
    },
  };
  return { ...activities, ...createAccountActivities({ store, deliver, invoicePdf, links }) };
}
