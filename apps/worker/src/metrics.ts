import type { MetricMeter } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { DunningActivities, StepPart } from '@relance/workflows';

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
 * (or a step's `performStep`, each email of it) completes. Activities are at-least-once, so a retry of an activity that had already sent (and
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
        const type = ctx.info.activityType as keyof DunningActivities;
        const calls: [string, unknown][] =
          type === 'performStep'
            ? (input.args[0] as { parts: StepPart[] }).parts.flatMap((p) => Object.entries(p))
            : [[type, input.args[0]]];
        for (const [name, args] of calls) {
          const recipient = EMAIL_ACTIVITIES[name as keyof DunningActivities];
          if (!recipient) continue;
          const arg = (args ?? {}) as { step?: string; email?: { template?: string } };
          const template = arg.email?.template ?? recipient;
          sent.add(1, { recipient, stage: arg.step ?? 'none', template });
        }
        return result;
      },
    },
  });
}
