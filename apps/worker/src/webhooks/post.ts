import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { ApplicationFailure } from '@temporalio/activity';
import { Webhook } from 'standardwebhooks';
import { guardedTarget, type FetchFailures, type PdfFetchOptions } from '../activities/safe-fetch';

export const WEBHOOK_TIMEOUT_MS = 15_000;

/** An endpoint that can never be posted to (refused URL or address): retrying cannot help. */
const FAILURES: FetchFailures & { field: string } = {
  field: 'url',
  refused: (message) =>
    ApplicationFailure.nonRetryable(`webhook endpoint refused: ${message}`, 'WebhookRefused'),
  transient: (message) =>
    ApplicationFailure.retryable(`webhook delivery failed: ${message}`, 'WebhookFailed'),
};

export interface SignedEvent {
  /** The event id: the same `webhook-id` on every attempt and redelivery of the event. */
  id: string;
  body: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
}

/** What one attempt got: a status code, or an error before any answer. */
export type PostOutcome = { statusCode: number; error: null } | { statusCode: null; error: string };

/**
 * One signed POST (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`,
 * signed by the maintained `standardwebhooks` package) through the invoice PDFs' address guard:
 * every address of the host public unless allow-listed, the connection pinned to the address
 * checked, no redirect followed, the answer's body ignored. A refused URL throws `WebhookRefused`.
 */
export async function postSigned(
  rawUrl: string,
  event: SignedEvent,
  options: Pick<PdfFetchOptions, 'allowHosts' | 'resolve' | 'log'> & { timeoutMs?: number; now?: Date },
): Promise<PostOutcome> {
  const { url, host, lookup } = await guardedTarget(rawUrl, options, FAILURES);
  const timestamp = options.now ?? new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'relance-webhooks',
    'webhook-id': event.id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(event.secret).sign(event.id, timestamp, event.body),
  };
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const req = (url.protocol === 'https:' ? https : http).request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(event.body) },
      agent: false,
      lookup,
    });
    const timer = setTimeout(
      () => finish({ statusCode: null, error: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish({ statusCode: null, error: err.code ?? err.message }),
    );
    req.on('response', (res: IncomingMessage) => {
      res.resume();
      finish({ statusCode: res.statusCode ?? 0, error: null });
    });
    req.end(event.body);
  });
}
