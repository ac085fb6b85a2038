/**
 * The soak: a local stack on free ports, thousands of messages across the three channels with
 * duplicates and poison, optionally under injected faults; then a check, from the table and the
 * queues themselves, that nothing was lost and nothing doubled. `npm run soak` (scripts/soak.ts)
 * and tests/integration/soak.test.ts both run this.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Channel } from '../../functions/core/contact.ts';
import { createDynamoClient, createSqsClient } from '../../functions/shared/clients.ts';
import { intakeQueueFor } from '../../infra/resources.ts';
import { freePort } from '../ports.ts';
import { clientSettings } from '../replay.ts';
import { type LocalStack, startLocalStack } from '../stack.ts';
import type { FaultRates } from './injector.ts';
import { FAULT_KINDS, FaultInjector, type FaultKind, SOAK_FAULT_RATES } from './injector.ts';
import { type Verification, verifySoak } from './verify.ts';
import { buildWorkload, type LogicalMessage } from './workload.ts';

export interface SoakOptions {
  readonly messages: number;
  readonly faults: boolean;
  readonly seed: number;
  /** Share of messages sent two or three times. */
  readonly duplicates: number;
  /** Share of messages that are poison. */
  readonly poison: number;
  /** Local visibility timeout: short, so retries and dead-lettering take seconds. */
  readonly visibilityTimeoutSeconds?: number;
  /** Receive loops per queue; above 1 so that a redelivery runs while a slow first attempt still does. */
  readonly concurrency?: number;
  readonly drainTimeoutMs?: number;
  /** Overrides of SOAK_FAULT_RATES, e.g. for a small run that must still strike every fault kind. */
  readonly rates?: Partial<FaultRates>;
  /** Progress lines; the summary is returned, not printed. */
  readonly log?: (line: string) => void;
}

export interface SoakReport extends Verification {
  readonly physicalSends: number;
  /** Logical messages that were poison: each must end dead-lettered with its reason. */
  readonly poisonSent: number;
  readonly injected: Record<FaultKind, number>;
  readonly drainMs: number;
  readonly totalMs: number;
}

const DEFAULT_VISIBILITY_SECONDS = 2;
const DEFAULT_CONCURRENCY = 4;

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const visibility = o.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_SECONDS;
  const workload = await buildWorkload({ ...o, now: new Date() });
  const sends = workload.stream.length + workload.replay.length;
  log(
    `soak: ${o.messages} messages (${workload.messages.filter((m) => m.poison).length} poison), ` +
      `${sends} sends with duplicates, faults ${o.faults ? 'on' : 'off'}, seed ${o.seed}, ` +
      `visibility ${visibility} s, concurrency ${o.concurrency ?? DEFAULT_CONCURRENCY}`,
  );
  // Installed even without --faults (all rates 0): its publish journal explains any doubled alert.
  const faults = new FaultInjector({
    seed: o.seed,
    rates: o.faults ? { ...SOAK_FAULT_RATES, ...o.rates } : {},
    slowMs: visibility * 1000 + 1000,
  });
  const logFile = join(mkdtempSync(join(tmpdir(), 'flashpoint-soak-')), 'pipeline.log');
  const stack: LocalStack = await startLocalStack({
    dynamodbPort: await freePort(),
    sqsPort: 0,
    visibilityTimeoutSeconds: visibility,
    logFile,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    triage: { decorate: faults.decorateTriage },
    intake: { decorate: faults.decorateIntake },
  });
  const sqs = createSqsClient(clientSettings(stack));
  const db = createDynamoClient(clientSettings(stack));
  try {
    const drainTimeout = o.drainTimeoutMs ?? Math.max(180_000, o.messages * 120);
    const sendStarted = Date.now();
    await sendAll(sqs, stack, workload.stream);
    log(
      `sent ${workload.stream.length} in ${Date.now() - sendStarted} ms; draining (handler logs: ${logFile})`,
    );
    await stack.drain(drainTimeout);
    if (workload.replay.length > 0) {
      await sendAll(sqs, stack, workload.replay);
      await stack.drain(drainTimeout);
    }
    const drainMs = Date.now() - sendStarted;
    log(`drained in ${(drainMs / 1000).toFixed(1)} s; verifying from the table and the queues`);
    // Off before verifying: the check reads the stores directly, but nothing should strike meanwhile.
    faults.enabled = false;
    const verification = await verifySoak(workload, stack, { sqs, db }, faults.publishes);
    return {
      ...verification,
      physicalSends: sends,
      poisonSent: workload.messages.filter((m) => m.poison).length,
      injected: { ...faults.injected },
      drainMs,
      totalMs: Date.now() - started,
    };
  } finally {
    sqs.destroy();
    db.destroy();
    await stack.stop();
  }
}

/** SendMessageBatch per intake queue, ten at a time, a few batches in flight. */
async function sendAll(sqs: SQSClient, stack: LocalStack, stream: readonly LogicalMessage[]): Promise<void> {
  const batches: { channel: Channel; entries: LogicalMessage[] }[] = [];
  const open = new Map<Channel, LogicalMessage[]>();
  for (const m of stream) {
    const entries = open.get(m.channel) ?? [];
    entries.push(m);
    open.set(m.channel, entries);
    if (entries.length === 10) {
      batches.push({ channel: m.channel, entries });
      open.delete(m.channel);
    }
  }
  for (const [channel, entries] of open) batches.push({ channel, entries });
  const inFlight = 4;
  for (let i = 0; i < batches.length; i += inFlight) {
    await Promise.all(batches.slice(i, i + inFlight).map((b) => sendBatch(sqs, stack, b.channel, b.entries)));
  }
}

async function sendBatch(sqs: SQSClient, stack: LocalStack, channel: Channel, entries: LogicalMessage[]) {
  const { Failed = [] } = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: stack.queues[intakeQueueFor[channel]].url,
      Entries: entries.map((m, i) => ({ Id: String(i), MessageBody: m.body })),
    }),
  );
  if (Failed.length > 0) {
    throw new Error(`soak: ${Failed.length} send(s) failed: ${Failed.map((f) => f.Code).join(', ')}`);
  }
}

/** The last line of `npm run soak`, exactly. */
export function summaryLine(r: SoakReport): string {
  return (
    `sent=${r.sent} handled=${r.handled} dead_lettered=${r.deadLettered} ` +
    `duplicate_contacts=${r.duplicateContacts} duplicate_cases=${r.duplicateCases} duplicate_alerts=${r.duplicateAlerts}`
  );
}

/** The lines before it: what was injected, where dead letters went, and what each count means. */
export function detailLines(r: SoakReport): string[] {
  const injected = FAULT_KINDS.filter((k) => r.injected[k] > 0).map((k) => `${k}=${r.injected[k]}`);
  const reasons = Object.entries(r.deadLetterReasons)
    .sort(([, a], [, b]) => b - a)
    .map(([code, n]) => `${code}=${n}`);
  const lines = [
    `faults injected: ${injected.length > 0 ? injected.join(' ') : 'none'}`,
    `sends: ${r.physicalSends} for ${r.sent} messages; drained in ${(r.drainMs / 1000).toFixed(1)} s, ` +
      `total ${(r.totalMs / 1000).toFixed(1)} s`,
    `dead-letter queue messages by reason (copies of one message included): ${reasons.join(' ') || 'none'}`,
    `in the table and dead-lettered too: ${r.both.routed + r.both.pending} ` +
      `(${r.both.routed} fully routed, a redundant copy in the DLQ; ${r.both.pending} stored, routing waits for a redrive)`,
    `neither handled nor dead-lettered: ${r.neither.length}${r.neither.length ? ` ${r.neither.slice(0, 5).join(', ')}` : ''}`,
    `alerts: ${r.alerts} distinct alertIds, ${r.alertCopies} messages taken from the senior queue (FIFO); ` +
      `${r.alertPublishesDeduplicated} re-publishes dropped by its deduplication (same alertId within 5 min)`,
    `duplicate_alerts=${r.duplicateAlerts}: ${r.duplicateAlertsAfterFault} re-published after an injected fault ` +
      `between publish and markRouted and not de-duplicated, ` +
      `${r.duplicateAlertsFromRacingContacts} raised twice by contacts of one case, ` +
      `${r.duplicateAlertsFromOverlappingDeliveries} published twice by overlapping deliveries of one contact` +
      (r.racedAlertIds.length > 0 ? ` (${r.racedAlertIds.join(', ')})` : ''),
    `normal-queue messages published more than once: ${r.normalCopiesDuplicated}`,
    r.failures.length === 0 ? 'invariants: OK' : `invariants FAILED: ${r.failures.join(' | ')}`,
  ];
  return lines;
}
