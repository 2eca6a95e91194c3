import * as wf from '@temporalio/workflow';
import { pullForwardSignal, stepAnswerSignal } from '../../account-contract';
import type { Case } from '../case-context';

/**
 * What the client account tells a case: the answer to its step request (which message carried
 * it), and "send your next step now" when the account gathers a message it may join.
 */
export function handleAccount(c: Case): void {
  wf.setHandler(stepAnswerSignal, (answer) => {
    c.answers.set(answer.key, answer);
  });
  wf.setHandler(pullForwardSignal, ({ step }) => {
    c.pulled = step;
  });
}
