import type { TimelineType } from '@relance/domain';
import { InvoiceEntity, Timeline, timelineKey, WebhookEvents } from '@relance/persistence';
import type { SignalDefinition } from '@temporalio/client';
import type { EntityManager } from 'typeorm';
import type { AccountReach } from '../cases/account-signals';
import { CaseClosed, type IfUnreachable } from '../cases/case-errors';
import type { CaseGateway } from '../cases/case-gateway';
import { Problem, unavailable } from '../common/problem';
import { claimEvent, type ClaimTiming } from './event-claim';
import type { ResendEvent, WebhookAck } from './schemas';

export type Outcome = WebhookAck['outcome'];

/** Svix redelivers on its own schedule: no Retry-After. */
export const NOT_HANDED_OFF: IfUnreachable = {
  detail: 'the event could not be handed to the case; retry the delivery',
};

/**
 * One delivery of a Svix message id hands it off at a time (the payment webhook's claim). The
 * claim outlives a hand-off (fetching an inbound body, then signals of up to 10 s each to the case
 * and the other cases of its client); a delivery waits a few seconds for another one holding it,
 * then answers 503 (Svix redelivers on its own schedule). A claim outlived by a slow holder is
 * taken over: both signal, and each case counts the event once by its id.
 */
export const RESEND_CLAIM_TIMING: ClaimTiming = { leaseMs: 30_000, waitMs: 5_000, pollMs: 50 };

/**
 * What every Resend event handler shares: the claim per Svix id, the signal to a case, the
 * timeline entry written when no case takes the event (tracking events, closed cases).
 */
export class ResendHandOff {
  constructor(
    private readonly gateway: CaseGateway,
    private readonly log: WebhookEvents,
    private readonly timeline: Timeline,
  ) {}

  /**
   * Hands the event off once per Svix message id (`claimEvent`, as the payment webhook): a
   * redelivery of an event handed off answers `duplicate`, one arriving while another delivery
   * hands it off waits for it, and a hand-off that fails leaves no trace, so the next delivery
   * hands it off afresh.
   */
  async once(
    svixId: string,
    tenantId: string,
    event: ResendEvent,
    handOff: () => Promise<Outcome>,
  ): Promise<Outcome> {
    const id = `resend:${svixId}`;
    const claim = await claimEvent(
      this.log,
      // The event without its timestamps: a redelivery may carry other ones, and is the same event.
      {
        id,
        source: 'resend',
        tenantId,
        payload: { type: event.type, data: { ...event.data, created_at: undefined } },
      },
      RESEND_CLAIM_TIMING,
    );
    if (claim.kind === 'conflict')
      throw new Problem(409, 'Conflict', `event ${svixId} was already received with a different payload`);
    if (claim.kind === 'duplicate') return 'duplicate';
    if (claim.kind === 'busy')
      throw unavailable(
        'another delivery of this event is being handed off, or just failed to; retry the delivery',
        Math.max(1, Math.ceil(claim.retryAfterMs / 1000)),
      );
    let outcome: Outcome;
    try {
      outcome = await handOff();
    } catch (err) {
      await this.log.release(id, claim.token).catch(() => undefined);
      throw err;
    }
    return (await this.log.markHandedOff(id)) ? outcome : 'duplicate';
  }

  /** Hands an event to the case; false when the case is already closed. */
  async signal<T>(invoice: InvoiceEntity, def: SignalDefinition<[T]>, arg: T): Promise<boolean> {
    try {
      await this.gateway.signal(invoice.workflowId, def, [arg], { ifUnreachable: NOT_HANDED_OFF });
      return true;
    } catch (err) {
      if (err instanceof CaseClosed) return false;
      throw err;
    }
  }

  /** Keyed by the Svix message id, so a replayed event inserts nothing. */
  async appendTimeline(
    m: EntityManager,
    invoice: InvoiceEntity,
    svixId: string,
    type: TimelineType,
    step: string | null,
    data: Record<string, unknown>,
    at = new Date(),
  ) {
    await this.timeline.append(invoice, { key: timelineKey.resendEvent(svixId), type, step, data, at }, m);
  }
}

/** Handed off when the case, or another case of its client, heard the event; else every case was closed. */
export function handedOff(signalled: boolean, others: AccountReach | undefined): Outcome {
  return signalled || (others?.signalled.length ?? 0) > 0 ? 'handed_off' : 'case_closed';
}
