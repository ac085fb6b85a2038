/**
 * After a soak: what the real stores say happened to every message sent. Reads the whole table
 * (Scan) and every queue that holds results (senior, normal, each DLQ), and matches them back to
 * the logical messages of the workload.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { readQueue } from '../../cli/dlq/read-queue.ts';
import { REJECTION_ATTRIBUTES } from '../../functions/adapters/sqs/dead-letters.ts';
import { alertIdFor } from '../../functions/core/ids.ts';
import { QUEUE_KEYS, QUEUES } from '../../infra/resources.ts';
import type { LocalStackInfo } from '../stack.ts';
import type { PublishRecord } from './injector.ts';
import type { LogicalMessage, Workload } from './workload.ts';

export interface Verification {
  readonly sent: number;
  readonly handled: number;
  readonly deadLettered: number;
  readonly duplicateContacts: number;
  readonly duplicateCases: number;
  /**
   * Alerts a consumer of the senior queue receives once too often: each further message with an
   * alertId already received, each further alertId for a case and tier already alerted, and each
   * further decision in the table that raised an alert already raised (two contacts of one case
   * alerting it at the same tier: FIFO deduplication hides the second message for 5 minutes, a
   * consumer after that would get it).
   */
  readonly duplicateAlerts: number;
  /** Of those, the ones an injected fault between publish and markRouted explains (at-least-once). */
  readonly duplicateAlertsAfterFault: number;
  /** Of those, two contacts of one case that both alerted it at the same tier. */
  readonly duplicateAlertsFromRacingContacts: number;
  /** Of those, a delivery that re-published while another delivery of the same contact was still routing it. */
  readonly duplicateAlertsFromOverlappingDeliveries: number;
  /** The alertIds of the duplicates not explained by a fault, for looking them up in the handler log. */
  readonly racedAlertIds: readonly string[];
  readonly alerts: number;
  readonly alertCopies: number;
  /** Alert publishes (the injector's journal) that SQS dropped as duplicates of a copy already sent. */
  readonly alertPublishesDeduplicated: number;
  readonly normalCopiesDuplicated: number;
  readonly deadLetterReasons: Record<string, number>;
  /** In the table and with a copy in a DLQ; `pending` ones still wait for their routing (a redrive finishes it). */
  readonly both: { readonly routed: number; readonly pending: number };
  /** Neither in the table nor in a DLQ: lost. */
  readonly neither: readonly string[];
  /** In the table, routing never published or marked, and no copy left to retry it: lost routing. */
  readonly stuck: readonly string[];
  /** Marked routed, but its alert or normal message is on no queue. */
  readonly lostRoutings: readonly string[];
  readonly deadLettersWithoutReason: number;
  /** Messages on a DLQ, senior or normal queue that match nothing that was sent. */
  readonly unmatched: number;
  readonly inconsistencies: readonly string[];
  readonly failures: readonly string[];
}

interface TableView {
  readonly contacts: Map<string, { caseId: string; customerId: string; routedAt?: string }>;
  readonly decisions: Map<string, { caseId: string; destination: string; caseTier: string }[]>;
  readonly timeline: Map<string, number>;
  readonly cases: Map<string, { customerId: string; status: string; contactCount: number }>;
}

export async function verifySoak(
  workload: Workload,
  stack: LocalStackInfo,
  clients: { readonly sqs: SQSClient; readonly db: DynamoDBDocumentClient },
  publishes: readonly PublishRecord[],
): Promise<Verification> {
  const table = await readTable(clients.db, stack.tableName);
  // Hidden for 10 minutes: each message is read once, and the stack is stopped afterwards. A FIFO queue
  // shows each message group's first message only until it is deleted: read it as its consumer would.
  const read = (url: string) =>
    url.endsWith('.fifo')
      ? consumeQueue(clients.sqs, url)
      : readQueue(clients.sqs, url, { hideSeconds: 600, release: false });
  const seniorMessages = await read(stack.queues.senior.url);
  const normalMessages = await read(stack.queues.normal.url);

  const inconsistencies: string[] = [];
  const problem = (text: string) => {
    if (inconsistencies.length < 20) inconsistencies.push(text);
  };

  // --- duplicates in the table -------------------------------------------------------------
  const duplicated = new Set<string>();
  for (const [contactId, list] of table.decisions) if (list.length > 1) duplicated.add(contactId);
  for (const [contactId, count] of table.timeline) if (count > 1) duplicated.add(contactId);

  let duplicateCases = 0;
  const openCasesByCustomer = new Map<string, number>();
  for (const c of table.cases.values()) {
    if (c.status === 'open')
      openCasesByCustomer.set(c.customerId, (openCasesByCustomer.get(c.customerId) ?? 0) + 1);
  }
  for (const n of openCasesByCustomer.values()) duplicateCases += Math.max(0, n - 1);
  const decisionsPerCase = new Map<string, number>();
  for (const [contactId, list] of table.decisions) {
    const contact = table.contacts.get(contactId);
    if (!contact) problem(`decision without its contact: ${contactId}`);
    for (const d of list) {
      decisionsPerCase.set(d.caseId, (decisionsPerCase.get(d.caseId) ?? 0) + 1);
      // A contact's decision in another case than the one its contact item names: a second case.
      if (contact && d.caseId !== contact.caseId) duplicateCases++;
    }
  }
  for (const [contactId, contact] of table.contacts) {
    if (!table.decisions.has(contactId)) problem(`contact without its decision: ${contactId}`);
    if (!table.cases.has(contact.caseId))
      problem(`contact ${contactId} names a missing case ${contact.caseId}`);
  }
  for (const [caseId, c] of table.cases) {
    const decided = decisionsPerCase.get(caseId) ?? 0;
    if (decided !== c.contactCount)
      problem(`case ${caseId} counts ${c.contactCount} contacts, has ${decided} decisions`);
  }

  // --- what is on the queues ----------------------------------------------------------------
  const alertCopies = countBy(
    seniorMessages,
    (m) => m.MessageAttributes?.alertId?.StringValue ?? bodyField(m, 'alertId'),
  );
  const normalCopies = countBy(normalMessages, (m) => bodyField(m, 'contactId'));
  const raisedBy = new Map<string, string[]>();
  for (const [contactId, list] of table.decisions) {
    for (const d of list.filter((d) => d.destination === 'senior')) {
      const id = alertIdFor(d.caseId, d.caseTier);
      raisedBy.set(id, [...(raisedBy.get(id) ?? []), contactId]);
    }
  }
  const causes = explainDuplicateAlerts(alertCopies, raisedBy, publishes);
  // Consumers that key on case and tier rather than alertId: one alert each.
  const alertIdsPerCaseTier = new Map<string, Set<string>>();
  for (const m of seniorMessages.filter((m) => bodyField(m, 'kind') === 'alert')) {
    const key = `${bodyField(m, 'caseId')} ${bodyField(m, 'tier')}`;
    alertIdsPerCaseTier.set(key, (alertIdsPerCaseTier.get(key) ?? new Set()).add(bodyField(m, 'alertId')));
  }
  const sameCaseAndTier = [...alertIdsPerCaseTier.values()].reduce((n, ids) => n + ids.size - 1, 0);
  const alertPublishes = publishes.filter((p) => p.alertId).length;

  const byBody = new Map(workload.messages.map((m) => [m.body, m]));
  const byKey = new Map(workload.messages.map((m) => [m.key, m]));
  const deadLettered = new Map<string, number>();
  const deadLetterReasons: Record<string, number> = {};
  let deadLettersWithoutReason = 0;
  let unmatched = 0;
  for (const key of QUEUE_KEYS) {
    for (const m of await read(stack.queues[key].dlqUrl)) {
      const logical = key === 'contacts' ? byKey.get(bodyField(m, 'id')) : byBody.get(m.Body ?? '');
      if (!logical) {
        unmatched++;
        continue;
      }
      deadLettered.set(logical.key, (deadLettered.get(logical.key) ?? 0) + 1);
      const code = m.MessageAttributes?.[REJECTION_ATTRIBUTES.code]?.StringValue;
      const reason = m.MessageAttributes?.[REJECTION_ATTRIBUTES.reason]?.StringValue;
      const receives = Number(m.Attributes?.ApproximateReceiveCount ?? 0);
      const label =
        code && reason ? code : receives >= QUEUES[key].maxReceiveCount ? 'retries_exhausted' : undefined;
      if (!label) deadLettersWithoutReason++;
      else deadLetterReasons[label] = (deadLetterReasons[label] ?? 0) + 1;
    }
  }

  // --- every logical message: handled, dead-lettered, both or neither ----------------------
  let handled = 0;
  let dead = 0;
  const both = { routed: 0, pending: 0 };
  const neither: string[] = [];
  const stuck: string[] = [];
  const lostRoutings: string[] = [];
  for (const m of workload.messages) {
    const contact = table.contacts.get(m.key);
    const inDlq = deadLettered.has(m.key);
    if (!contact) {
      if (inDlq) dead++;
      else neither.push(describe(m));
      continue;
    }
    const decision = table.decisions.get(m.key)?.[0];
    const routingExpected = decision?.destination === 'senior' || decision?.destination === 'normal';
    const routed = !routingExpected || contact.routedAt !== undefined;
    if (routed) {
      handled++;
      if (inDlq) both.routed++;
      if (routingExpected && decision) {
        const onQueue =
          decision.destination === 'senior'
            ? alertCopies.has(alertIdFor(contact.caseId, decision.caseTier))
            : normalCopies.has(m.key);
        if (!onQueue) lostRoutings.push(m.key);
      }
    } else if (inDlq) {
      dead++;
      both.pending++;
    } else {
      stuck.push(m.key);
    }
  }
  const sentKeys = new Set(workload.messages.map((m) => m.key));
  for (const id of normalCopies.keys()) if (!sentKeys.has(id)) unmatched++;

  const v = {
    sent: workload.messages.length,
    handled,
    deadLettered: dead,
    duplicateContacts: duplicated.size,
    duplicateCases,
    duplicateAlerts:
      causes.afterFault + causes.racingContacts + causes.overlappingDeliveries + sameCaseAndTier,
    duplicateAlertsAfterFault: causes.afterFault,
    duplicateAlertsFromRacingContacts: causes.racingContacts + sameCaseAndTier,
    duplicateAlertsFromOverlappingDeliveries: causes.overlappingDeliveries,
    racedAlertIds: causes.raced.slice(0, 10),
    alerts: alertCopies.size,
    alertCopies: seniorMessages.length,
    alertPublishesDeduplicated: Math.max(0, alertPublishes - seniorMessages.length),
    normalCopiesDuplicated: [...normalCopies.values()].filter((n) => n > 1).length,
    deadLetterReasons,
    both,
    neither,
    stuck,
    lostRoutings,
    deadLettersWithoutReason,
    unmatched,
    inconsistencies,
  };
  return { ...v, failures: failuresOf(v) };
}

function failuresOf(v: Omit<Verification, 'failures'>): string[] {
  const failures: string[] = [];
  if (v.handled + v.deadLettered !== v.sent) {
    failures.push(`handled + dead_lettered = ${v.handled + v.deadLettered}, sent = ${v.sent}`);
  }
  if (v.neither.length > 0) failures.push(`${v.neither.length} message(s) neither handled nor dead-lettered`);
  if (v.stuck.length > 0)
    failures.push(`${v.stuck.length} contact(s) stored but never routed, with no copy left`);
  if (v.lostRoutings.length > 0)
    failures.push(`${v.lostRoutings.length} routed contact(s) with no message on a queue`);
  if (v.duplicateContacts > 0) failures.push(`${v.duplicateContacts} contact(s) decided more than once`);
  if (v.duplicateCases > 0) failures.push(`${v.duplicateCases} duplicate case(s)`);
  if (v.duplicateAlerts > 0) {
    failures.push(
      `${v.duplicateAlerts} duplicate alert(s): ${v.duplicateAlertsAfterFault} re-published after a fault and not ` +
        `de-duplicated, ${v.duplicateAlertsFromRacingContacts} raised twice by contacts of one case, ` +
        `${v.duplicateAlertsFromOverlappingDeliveries} published twice by overlapping deliveries`,
    );
  }
  if (v.deadLettersWithoutReason > 0) {
    failures.push(`${v.deadLettersWithoutReason} dead letter(s) with no reason and retries left`);
  }
  if (v.unmatched > 0) failures.push(`${v.unmatched} queued message(s) match nothing that was sent`);
  if (v.inconsistencies.length > 0) failures.push(`table inconsistent: ${v.inconsistencies.join('; ')}`);
  return failures;
}

/**
 * How many times too often each alert reached consumers, and why. Triage publishes before it marks the
 * contact routed, so an interruption between the two re-publishes the same alert on retry; the senior
 * queue's FIFO deduplication drops that copy within 5 minutes, after which a copy here is expected
 * at-least-once delivery. Anything else is concurrency: two contacts of one case that both raised the
 * alert (two decisions in the table), or two deliveries of one contact that both published it.
 */
function explainDuplicateAlerts(
  copies: Map<string, number>,
  raisedBy: Map<string, string[]>,
  publishes: readonly PublishRecord[],
): { afterFault: number; racingContacts: number; overlappingDeliveries: number; raced: string[] } {
  const byAlert = new Map<string, PublishRecord[]>();
  for (const p of publishes) if (p.alertId) byAlert.set(p.alertId, [...(byAlert.get(p.alertId) ?? []), p]);
  const out = { afterFault: 0, racingContacts: 0, overlappingDeliveries: 0, raced: [] as string[] };
  for (const id of new Set([...copies.keys(), ...raisedBy.keys()])) {
    const received = copies.get(id) ?? 0;
    const raisers = raisedBy.get(id)?.length ?? 0;
    const extra = Math.max(received, raisers, 1) - 1;
    if (extra === 0) continue;
    const interrupted = (byAlert.get(id) ?? []).filter((r) => r.interrupted).length;
    if (raisers > 1) out.racingContacts += extra;
    else if (received - 1 <= interrupted) out.afterFault += extra;
    else out.overlappingDeliveries += extra;
    if (raisers > 1 || received - 1 > interrupted) out.raced.push(id);
  }
  return out;
}

/**
 * Every message on a FIFO queue, each once, taken the way its consumer takes them: receive, then
 * delete, so that the next message of each message group becomes available.
 */
async function consumeQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const taken: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 600,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return taken;
    taken.push(...Messages);
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    );
  }
}

async function readTable(db: DynamoDBDocumentClient, tableName: string): Promise<TableView> {
  const view: TableView = {
    contacts: new Map(),
    decisions: new Map(),
    timeline: new Map(),
    cases: new Map(),
  };
  let startKey: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page: ScanCommandOutput = await db.send(
      new ScanCommand({
        TableName: tableName,
        // Only what the checks need: contact items carry the whole contact and brief.
        ProjectionExpression:
          '#pk, #sk, #contactId, #caseId, #customerId, #routedAt, #destination, #caseTier, #status, #contactCount',
        ExpressionAttributeNames: {
          '#pk': 'PK',
          '#sk': 'SK',
          '#contactId': 'contactId',
          '#caseId': 'caseId',
          '#customerId': 'customerId',
          '#routedAt': 'routedAt',
          '#destination': 'destination',
          '#caseTier': 'caseTier',
          '#status': 'status',
          '#contactCount': 'contactCount',
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const pk = String(item.PK);
      const sk = String(item.SK);
      if (pk.startsWith('CONTACT#')) {
        view.contacts.set(String(item.contactId), {
          caseId: String(item.caseId),
          customerId: String(item.customerId),
          ...(item.routedAt ? { routedAt: String(item.routedAt) } : {}),
        });
      } else if (pk.startsWith('CASE#') && sk.startsWith('DECISION#')) {
        const contactId = String(item.contactId);
        const list = view.decisions.get(contactId) ?? [];
        list.push({
          caseId: pk.slice('CASE#'.length),
          destination: String(item.destination),
          caseTier: String(item.caseTier),
        });
        view.decisions.set(contactId, list);
      } else if (pk.startsWith('CASE#') && sk === 'CASE') {
        view.cases.set(String(item.caseId), {
          customerId: String(item.customerId),
          status: String(item.status),
          contactCount: Number(item.contactCount),
        });
      } else if (pk.startsWith('CUSTOMER#') && sk.startsWith('CONTACT#')) {
        const contactId = String(item.contactId);
        view.timeline.set(contactId, (view.timeline.get(contactId) ?? 0) + 1);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return view;
}

function countBy(messages: readonly Message[], keyOf: (m: Message) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of messages) out.set(keyOf(m), (out.get(keyOf(m)) ?? 0) + 1);
  return out;
}

function bodyField(m: Message, field: string): string {
  try {
    const value = (JSON.parse(m.Body ?? '') as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

function describe(m: LogicalMessage): string {
  return m.poison ? `${m.key} (${m.channel} poison, ${m.poison})` : `${m.key} (${m.channel})`;
}
