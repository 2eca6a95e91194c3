import type { MetricMeter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { DunningActivities } from '@relance/workflows';

/** The activities that hand an email to the provider, and who receives it. */
const EMAIL_ACTIVITIES: Partial<Record<keyof DunningActivities, string>> = {
  sendClientEmail: 'client',
  sendFormalNotice: 'formal_notice',
  handOffToLawyer: 'lawyer',
  alertCreditor: 'creditor',
};

/**
 * Business counter exported next to the SDK's own metrics, per policy step (the API's
 * `relance_emails_sent` gauge counts stored emails by template and delivery status instead):
 * `relance_worker_emails_sent_total{recipient, stage, template}`, counted when a send activity
 * completes. Activities are at-least-once, so a retry of an activity that had already sent (and
 * got the provider's idempotent answer) counts again.
 */
export function emailMetrics(meter: MetricMeter): ActivityInterceptorsFactory {
  const sent = meter.createCounter(
    'relance_worker_emails_sent_total',
    'emails',
    'Emails handed to the provider, by recipient, policy step and template',
  );
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const result = await next(input);
        const recipient = EMAIL_ACTIVITIES[ctx.info.activityType as keyof DunningActivities];
        if (recipient) {
          const arg = (input.args[0] ?? {}) as { step?: string; email?: { template?: string } };
          const template = arg.email?.template ?? recipient;
          sent.add(1, { recipient, stage: arg.step ?? 'none', template });
        }
        return result;
      },
    },
  });
}
