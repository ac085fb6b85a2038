import { RejectionError, RetryableError } from '../errors.ts';

/** What the chat webhook answered: the HTTP status and a short, sanitised start of its body. */
export interface WebhookResponse {
  readonly status: number;
  /** e.g. Slack's `invalid_payload`, `no_service`, `channel_is_archived`; never the request. */
  readonly detail: string;
}

/**
 * The one place that decides what a webhook answer means. 2xx: delivered. 408, 425, 429 and 5xx: the
 * service is busy or broken for now, so retry (SQS redelivers after the visibility timeout, and after
 * maxReceiveCount the message dead-letters on its own). Any other answer — a 4xx for a bad payload, a revoked
 * or archived webhook, or a redirect — will not change by retrying: poison, to the DLQ with the reason.
 */
export function webhookVerdict(response: WebhookResponse): 'delivered' {
  const { status } = response;
  const detail = response.detail ? ` (${response.detail})` : '';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    throw new RetryableError(`webhook answered ${status}${detail}; SQS will retry`);
  }
  if (status >= 300 && status < 400) {
    throw new RejectionError(
      'webhook_redirected',
      `webhook answered ${status}${detail}, a redirect: configure the final webhook address, then redrive`,
    );
  }
  if (status >= 400 && status < 500) {
    throw new RejectionError(
      'webhook_rejected',
      `webhook answered ${status}${detail}: check the webhook address and that its channel still exists, then redrive`,
    );
  }
  throw new RetryableError(`webhook answered an unexpected status ${status}; SQS will retry`);
}
