import type { WebhookPort } from '../../core/alerts/delivery.ts';
import type { SlackMessage } from '../../core/alerts/slack-message.ts';
import type { WebhookResponse } from '../../core/alerts/webhook-verdict.ts';
import { RetryableError } from '../../core/errors.ts';

export interface WebhookPosterOptions {
  /** The webhook address; from Secrets Manager in AWS, from configuration locally. It is a secret: never logged. */
  readonly url: () => Promise<string>;
  /** Per POST, reading the answer included. */
  readonly timeoutMs: number;
  /** Test seam; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/** Slack answers `ok` or a short error code; 100 characters keep any longer body out of logs and DLQ reasons. */
const DETAIL_MAX = 100;

/** POSTs the message as JSON. An answer of any status is returned; no answer at all is a RetryableError. */
export class FetchWebhookPoster implements WebhookPort {
  constructor(private readonly o: WebhookPosterOptions) {}

  async post(message: SlackMessage): Promise<WebhookResponse> {
    const url = await this.o.url();
    const doFetch = this.o.fetch ?? fetch;
    const signal = AbortSignal.timeout(this.o.timeoutMs);
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message),
        // A redirect is answered, not followed: the payload goes only to the configured address.
        redirect: 'manual',
        signal,
      });
      const body = await response.text();
      return { status: response.status, detail: sanitise(body) };
    } catch (error) {
      throw new RetryableError(`webhook gave no answer: ${failure(error, this.o.timeoutMs)}`);
    }
  }
}

/** Printable word characters only: an answer body is the other side's text, not ours to log verbatim. */
function sanitise(body: string): string {
  return body
    .replace(/[^\w.:/-]+/g, ' ')
    .trim()
    .slice(0, DETAIL_MAX);
}

/** The kind of failure without the message, which can carry the address (and with it the secret path). */
function failure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e.cause?.code ?? e.name ?? 'unknown error';
}
