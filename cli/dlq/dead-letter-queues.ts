import { QUEUE_KEYS } from '../../infra/resources.ts';
import type { LocalQueue } from '../../local/provision.ts';
import type { LocalStackInfo } from '../../local/stack.ts';
import { UsageError } from '../args.ts';

/**
 * `flashpoint dlq`'s name for the queue between the alerts topic and the chat webhook. It sits apart from
 * QUEUE_KEYS because it runs only where a webhook is configured (infra/resources.ts ALERT_DELIVERY_QUEUE).
 */
export const ALERT_DELIVERY = 'alertDelivery';
export const DEAD_LETTER_QUEUE_NAMES: readonly string[] = [...QUEUE_KEYS, ALERT_DELIVERY];

export interface NamedQueue {
  readonly name: string;
  readonly queue: LocalQueue;
}

/** Every queue with a DLQ that this stack runs, in pipeline order, alert delivery last. */
export function queuesWithDeadLetters(stack: LocalStackInfo): NamedQueue[] {
  const named = QUEUE_KEYS.map((name) => ({ name, queue: stack.queues[name] }));
  return stack.alertDelivery ? [...named, { name: ALERT_DELIVERY, queue: stack.alertDelivery }] : named;
}

/** The queue a `show` or `redrive` names; a name this stack does not run says why. */
export function queueNamed(stack: LocalStackInfo, name: string | undefined): NamedQueue {
  const expected = DEAD_LETTER_QUEUE_NAMES.join(', ');
  if (!name) throw new UsageError(`a QUEUE is required (${expected})`);
  if (!DEAD_LETTER_QUEUE_NAMES.includes(name)) {
    throw new UsageError(`unknown queue '${name}' (expected ${expected})`);
  }
  const found = queuesWithDeadLetters(stack).find((q) => q.name === name);
  if (!found) throw new Error(ALERT_DELIVERY_NOT_RUNNING);
  return found;
}

export const ALERT_DELIVERY_NOT_RUNNING =
  'this local stack has no alertDelivery queue: it runs only when npm start is given FLASHPOINT_ALERT_WEBHOOK_URL';

/**
 * What becomes of poison sent back. The pipeline's own verdicts (malformed input) come again the same; a
 * webhook's refusal is about the webhook, which someone may have fixed since (the reason says to redrive then).
 */
export function redrivenPoisonNote(name: string, rejectedBefore: number): string {
  if (rejectedBefore === 0) return '';
  return name === ALERT_DELIVERY
    ? ` (${rejectedBefore} had been refused by the webhook: posted again, and refused again unless the webhook or its channel was fixed)`
    : ` (${rejectedBefore} were rejected as poison and will be rejected again)`;
}
