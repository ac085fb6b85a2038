import { RetryableError } from '../errors.ts';
import type { AlertNotice } from './notice.ts';
import { type SlackMessage, slackMessage } from './slack-message.ts';
import { type WebhookResponse, webhookVerdict } from './webhook-verdict.ts';

/** Port for the chat webhook. Throws RetryableError when no answer came (timeout, connection refused). */
export interface WebhookPort {
  post(message: SlackMessage): Promise<WebhookResponse>;
}

export type DeliveryClaim =
  | { readonly outcome: 'claimed'; readonly token: string }
  | { readonly outcome: 'delivered'; readonly deliveredAt: string }
  /** Another invocation holds an unexpired claim: it is posting this alert right now. */
  | { readonly outcome: 'busy'; readonly leaseUntil: string };

/**
 * Port for the record of which alerts reached the webhook (DynamoDB: one item per alertId, written with
 * conditions). A claim is a lease: the holder posts, then marks the alert delivered or releases it.
 */
export interface DeliveryLog {
  claim(alertId: string, now: Date, leaseMs: number): Promise<DeliveryClaim>;
  markDelivered(alertId: string, token: string, at: Date, status: number): Promise<void>;
  release(alertId: string, token: string): Promise<void>;
}

export interface DeliveryDeps {
  readonly webhook: WebhookPort;
  readonly log: DeliveryLog;
  readonly clock: () => Date;
  /** How long a claim holds: at least the function timeout, after which its holder is surely gone. */
  readonly leaseMs: number;
  readonly inboxUrl?: string | undefined;
}

export type DeliveryResult =
  | { readonly status: 'delivered'; readonly httpStatus: number; readonly recorded: boolean }
  | { readonly status: 'already_delivered'; readonly deliveredAt: string };

/**
 * Posts one alert to the chat webhook at most once per alertId, as far as a webhook without idempotency keys
 * allows. The claim (a conditional write) stops a redelivered or duplicated notice from posting again and two
 * copies from posting side by side. One window is left, and no ordering of the two steps closes it: if the
 * process dies after the webhook accepted the POST and before `markDelivered` is written (or the answer is
 * lost to a timeout after the webhook acted on it), the claim expires and a redelivery posts a second time.
 * The other way round — record first, then post — would lose the alert in the same window instead.
 * Nothing here reads or writes the case: a failed delivery never loses or alters it.
 */
export async function deliverAlert(notice: AlertNotice, deps: DeliveryDeps): Promise<DeliveryResult> {
  const claim = await deps.log.claim(notice.alertId, deps.clock(), deps.leaseMs);
  if (claim.outcome === 'delivered') return { status: 'already_delivered', deliveredAt: claim.deliveredAt };
  if (claim.outcome === 'busy') {
    throw new RetryableError(
      `alert ${notice.alertId} is being posted by another invocation until ${claim.leaseUntil}`,
    );
  }
  let response: WebhookResponse;
  try {
    response = await deps.webhook.post(slackMessage(notice, { inboxUrl: deps.inboxUrl }));
    webhookVerdict(response);
  } catch (error) {
    // The POST failed or was refused: free the claim so the retry (or a redrive) need not wait for the lease.
    await deps.log.release(notice.alertId, claim.token).catch(() => undefined);
    throw error;
  }
  try {
    await deps.log.markDelivered(notice.alertId, claim.token, deps.clock(), response.status);
    return { status: 'delivered', httpStatus: response.status, recorded: true };
  } catch {
    // The message is in the channel. Failing the record now would make SQS redeliver and, once the lease
    // expires, post it again for certain; reporting success risks that only if SNS duplicates the notice.
    return { status: 'delivered', httpStatus: response.status, recorded: false };
  }
}
