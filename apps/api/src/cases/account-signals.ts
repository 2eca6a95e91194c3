import { Inject, Injectable } from '@nestjs/common';
import { isTerminal } from '@relance/domain';
import { Invoices, Timeline, type CaseTarget } from '@relance/persistence';
import type { SignalDefinition } from '@temporalio/client';
import { bounceSignal, replySignal, type BounceInput, type ReplyInput } from '@relance/workflows';
import { ACCOUNT_CONCURRENCY, mapLimit } from '../clients/each-case';
import { CaseClosed } from './case-errors';
import { CaseGateway, type CallOptions } from './case-gateway';

/** A case an event was first addressed to: what finding the rest of its client account needs. */
export type AccountCase = Pick<CaseTarget, 'id' | 'tenantId'> & { clientId: string };

/** The other cases an event reached: those signalled, and those closed meanwhile (skipped). */
export interface AccountReach {
  signalled: string[];
  closed: string[];
}

/**
 * SPEC 3.2a "Contact rules are the client's": an event about the person reaches every case of the
 * client account it concerns, not only the case whose email or address it came through. Each
 * case gets the same event with the same id, which it counts once (a redelivery signals again,
 * harmlessly). Closed cases are skipped; a case that cannot be reached fails the call (the
 * caller's sender repeats it).
 */
@Injectable()
export class AccountSignals {
  constructor(
    private readonly gateway: CaseGateway,
    @Inject(Invoices) private readonly invoices: Invoices,
    @Inject(Timeline) private readonly timeline: Timeline,
  ) {}

  /**
   * A bounce or complaint of `address` (the bare address, `addressPart`) suppresses it on every
   * other open case of the client whose client email it is. Each case records it at its own current step.
   */
  async bounceOnAccount(
    from: AccountCase,
    address: string,
    bounce: BounceInput,
    call: CallOptions,
  ): Promise<AccountReach> {
    if (!address) return { signalled: [], closed: [] };
    const others = await this.invoices.openOfClientMailedAt(from.tenantId, from.clientId, address, from.id);
    const { step: _theirs, ...rest } = bounce;
    return this.signalEach(others, bounceSignal, rest, call);
  }

  /**
   * A reply to a message listing several invoices pauses every case it listed: the reply goes to
   * the other cases of the case's latest grouped client message (`filedHere`: a message filed under
   * the case, the one its reply-to address was on). A case whose latest message was its own alone
   * reaches nothing more. `leadReminds`: the case the reply was addressed to took it, so it alone
   * reminds the creditor if the reply keeps the cases paused (one reminder per reply, SPEC 3.2b).
   */
  async replyToListed(
    to: Pick<CaseTarget, 'id' | 'tenantId'>,
    reply: ReplyInput,
    call: CallOptions,
    { filedHere = false, leadReminds = true }: { filedHere?: boolean; leadReminds?: boolean } = {},
  ): Promise<AccountReach> {
    const listed = await this.timeline.listedWithLatestMessage(to, { filedHere });
    const theirs =
      leadReminds && reply.automatic === undefined ? { ...reply, remindsCreditor: false } : reply;
    return this.signalEach(listed, replySignal, theirs, call);
  }

  private async signalEach<T>(
    targets: CaseTarget[],
    def: SignalDefinition<[T]>,
    arg: T,
    call: CallOptions,
  ): Promise<AccountReach> {
    const open = targets.filter((t) => !isTerminal(t.status));
    const reach: AccountReach = {
      signalled: [],
      closed: targets.filter((t) => isTerminal(t.status)).map((t) => t.externalId),
    };
    const failures = await mapLimit(open, ACCOUNT_CONCURRENCY, async (t) => {
      try {
        await this.gateway.signal(t.workflowId, def, [arg], call);
        reach.signalled.push(t.externalId);
      } catch (err) {
        if (!(err instanceof CaseClosed)) return err;
        reach.closed.push(t.externalId);
      }
      return undefined;
    });
    const failed = failures.find((f) => f !== undefined);
    if (failed !== undefined) throw failed;
    return reach;
  }
}
