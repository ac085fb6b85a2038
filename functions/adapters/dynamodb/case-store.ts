import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Identity } from '../../core/contact.ts';
import type { TriageDecision } from '../../core/decision.ts';
import { RetryableError } from '../../core/errors.ts';
import type {
  ActionTried,
  CustomerHistory,
  EarlierContact,
  OpenCase,
  PromiseMade,
} from '../../core/history.ts';
import { identityKeys } from '../../core/identity-keys.ts';
import { customerIdFor } from '../../core/ids.ts';
import type {
  CaseAsRead,
  CaseStore,
  ResolvedCustomer,
  StoredContact,
  StoredDecision,
} from '../../core/ports.ts';
import type { EngagementRefresh } from '../../core/refresh.ts';
import type { StaffLoad } from '../../core/routing/roster.ts';
import { tierRank } from '../../core/scoring/tier.ts';
import {
  caseItem,
  contactItem,
  decisionItem,
  identityItem,
  openCaseItem,
  outcomeItem,
  profileItem,
  promiseItem,
  staffItem,
  timelineItem,
} from './items.ts';
import { customerPk, keys, ownerGsi, ownerGsiSk, statusGsi } from './keys.ts';
import { briefForCase, latestContactOf, routingForItem, routingFromItem } from './stored-brief.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Most recent timeline items read per triage: plenty for 30 days of history, bounded for noisy customers. */
const HISTORY_ITEMS = 100;
const EXCERPT_CHARS = 160;
/** Where caseWrite sits in saveDecision's transaction: contact, timeline entry, decision, case. */
const CASE_WRITE_INDEX = 3;

/**
 * The case as the decision read it: contact count (another contact joined), tier (a refresh or an
 * incident raised it) and alerted tier (someone alerted it). Two contacts decided side by side would
 * otherwise both alert the case at the same tier, and the later brief would drop the earlier contact.
 */
function asReadCondition(seen: CaseAsRead): string {
  return ` AND contactCount = :seenCount AND tier = :seenTier AND ${
    seen.alertedTier ? 'alertedTier = :seenAlerted' : 'attribute_not_exists(alertedTier)'
  }`;
}

function asReadValues(seen: CaseAsRead): Record<string, unknown> {
  return {
    ':seenCount': seen.contactCount,
    ':seenTier': seen.tier,
    ...(seen.alertedTier ? { ':seenAlerted': seen.alertedTier } : {}),
  };
}

export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getContact(contactId: string): Promise<StoredContact | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contact(contactId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const item = contactItem.parse(Item);
    return {
      contactId: item.contactId,
      caseId: item.caseId,
      ...(item.routing
        ? { routing: routingFromItem(item.routing, latestContactOf(item.contact, item.suggestedOpening)) }
        : {}),
      ...(item.routedAt ? { routedAt: item.routedAt } : {}),
      ...(item.decidedAt ? { decidedAt: item.decidedAt } : {}),
      ...(item.customerId ? { customerId: item.customerId } : {}),
      ...(item.receivedAt ? { receivedAt: item.receivedAt } : {}),
      ...(item.engagementReadAt ? { engagementReadAt: item.engagementReadAt } : {}),
    };
  }

  async getDecision(contactId: string): Promise<StoredDecision | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contact(contactId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const contact = contactItem.parse(Item);
    if (!contact.customerId || !contact.receivedAt) return undefined;
    const { Item: found } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.decision(contact.caseId, contact.receivedAt, contactId),
        ConsistentRead: true,
      }),
    );
    if (!found) return undefined;
    const d = decisionItem.parse(found);
    return {
      contactId,
      caseId: contact.caseId,
      customerId: contact.customerId,
      receivedAt: contact.receivedAt,
      frustration: d.frustration,
      viralRisk: d.viralRisk,
      tier: d.tier,
      caseTier: d.caseTier,
      ...(d.incidentId ? { incidentId: d.incidentId } : {}),
    };
  }

  async resolveCustomer(identity: Identity): Promise<ResolvedCustomer> {
    const all = identityKeys(identity);
    const first = all[0];
    if (!first) throw new Error('contact has no identity key');
    const { Responses } = await this.db.send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: all.map(keys.identity), ConsistentRead: true } },
      }),
    );
    const found = new Map<string, string>();
    for (const item of Responses?.[this.tableName] ?? []) {
      found.set(String(item.PK).slice('IDKEY#'.length), identityItem.parse(item).customerId);
    }
    const known = all.find((k) => found.has(k));
    // A new customer's id derives from their best key, so two concurrent first messages agree on it.
    const customerId = known ? (found.get(known) as string) : customerIdFor(first);
    return { customerId, newKeys: all.filter((k) => !found.has(k)) };
  }

  async loadHistory(customerId: string): Promise<CustomerHistory> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': customerPk(customerId) },
        ScanIndexForward: false,
        Limit: HISTORY_ITEMS,
        ConsistentRead: true,
      }),
    );
    const earlierContacts: EarlierContact[] = [];
    const promises: (PromiseMade & { caseId: string })[] = [];
    let openCaseId: string | undefined;
    let lastOwner: string | undefined;
    for (const item of Items) {
      const sk = String(item.SK);
      if (sk.startsWith('CONTACT#')) {
        const { SK: _sk, ...entry } = timelineItem.parse(item);
        earlierContacts.push(entry);
      } else if (sk.startsWith('PROMISE#')) {
        const { SK: _sk, ...p } = promiseItem.parse(item);
        promises.push(p);
      } else if (sk === 'OPENCASE') {
        openCaseId = openCaseItem.parse(item).caseId;
      } else if (sk === 'PROFILE') {
        lastOwner = profileItem.parse(item).lastOwner;
      }
    }
    const open = openCaseId ? await this.loadOpenCase(openCaseId) : undefined;
    return {
      customerId,
      earlierContacts,
      // Promises of closed cases were settled with them; only the open case's can still be broken.
      promises: promises.filter((p) => p.caseId === open?.openCase.caseId).map(({ caseId: _c, ...p }) => p),
      actions: open?.actions ?? [],
      ...(open ? { openCase: open.openCase } : {}),
      ...(lastOwner ? { lastOwner } : {}),
    };
  }

  private async loadOpenCase(
    caseId: string,
  ): Promise<{ openCase: OpenCase; actions: ActionTried[] } | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.case(caseId).PK },
        ConsistentRead: true,
      }),
    );
    const item = Items.find((i) => i.SK === 'CASE');
    if (!item) return undefined;
    const c = caseItem.parse(item);
    if (c.status !== 'open') return undefined;
    const actions = Items.filter((i) => String(i.SK).startsWith('OUTCOME#'))
      .map((i) => outcomeItem.parse(i))
      .flatMap((o) => o.actions.map((a) => ({ at: o.recordedAt, ...a })));
    return {
      openCase: {
        caseId: c.caseId,
        openedAt: c.openedAt,
        tier: c.tier,
        contactCount: c.contactCount,
        ...(c.alertedTier ? { alertedTier: c.alertedTier } : {}),
        ...(c.owner ? { owner: c.owner } : {}),
        ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
      },
      actions,
    };
  }

  async loadRoster(): Promise<StaffLoad[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'ROSTER' },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => staffItem.parse(i));
  }

  async saveDecision(
    d: TriageDecision,
    newKeys: readonly string[],
    caseAsRead?: CaseAsRead,
  ): Promise<'saved' | 'duplicate'> {
    const t = this.tableName;
    const c = d.contact;
    const items: TransactItem[] = [
      {
        // First: its index (0) in CancellationReasons tells a redelivery from any other conflict.
        Put: {
          TableName: t,
          Item: {
            ...keys.contact(c.id),
            contactId: c.id,
            caseId: d.caseId,
            customerId: d.customerId,
            channel: c.channel,
            receivedAt: c.receivedAt,
            decidedAt: d.decidedAt,
            contact: JSON.stringify(c),
            // Here rather than in the case's brief, which every contact of the case rewrites (stored-brief.ts).
            suggestedOpening: d.brief.suggestedOpening,
            ...(d.routing ? { routing: routingForItem(d.routing) } : {}),
            ...(c.social ? { engagementReadAt: c.social.engagement.readAt } : {}),
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: t,
          Item: {
            ...keys.timeline(d.customerId, c.receivedAt, c.id),
            contactId: c.id,
            caseId: d.caseId,
            channel: c.channel,
            receivedAt: c.receivedAt,
            tier: d.tier,
            frustration: d.frustration.score,
            excerpt: c.text.slice(0, EXCERPT_CHARS),
          },
        },
      },
      {
        Put: {
          TableName: t,
          Item: {
            ...keys.decision(d.caseId, c.receivedAt, c.id),
            contactId: c.id,
            decidedAt: d.decidedAt,
            tier: d.tier,
            caseTier: d.caseTier,
            tierBecause: d.tierBecause,
            destination: d.destination,
            frustration: d.frustration,
            viralRisk: d.viralRisk,
            ...(d.incidentId ? { incidentId: d.incidentId } : {}),
          },
        },
      },
      this.caseWrite(d, caseAsRead),
      ...newKeys.map(
        (key): TransactItem => ({
          Put: {
            TableName: t,
            Item: { ...keys.identity(key), customerId: d.customerId, linkedAt: d.decidedAt },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        }),
      ),
      // Only what a later decision reads (lastOwner); a customer's first and last contact are the ends
      // of their timeline, so no per-contact profile write (2 write units each) keeps them.
      ...(d.assigned ? [this.lastOwnerWrite(d.customerId, d.assigned.owner)] : []),
      ...d.newPromises.map(
        (p): TransactItem => ({
          // The same promise seen again (a transcript re-sent with more turns) keeps its first record.
          Update: {
            TableName: t,
            Key: keys.promise(d.customerId, d.caseId, p.promiseId),
            UpdateExpression:
              'SET promiseId = :id, caseId = :case, #text = if_not_exists(#text, :text), madeAt = :made, dueAt = :due, kept = if_not_exists(kept, :kept), #source = :source',
            ExpressionAttributeNames: { '#text': 'text', '#source': 'source' },
            ExpressionAttributeValues: {
              ':id': p.promiseId,
              ':case': d.caseId,
              ':text': p.text,
              ':made': p.madeAt,
              ':due': p.dueAt,
              ':kept': false,
              ':source': p.source,
            },
          },
        }),
      ),
    ];
    if (d.assigned) {
      items.push({
        Update: {
          TableName: t,
          Key: keys.staff(d.assigned.owner),
          UpdateExpression: 'SET openCases = if_not_exists(openCases, :zero) + :one, lastAssignedAt = :now',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': d.decidedAt },
        },
      });
    }
    if (d.incidentId) {
      // In the transaction that is conditional on the contact being new: each contact counts once.
      items.push({
        Update: {
          TableName: t,
          Key: keys.incident(d.incidentId),
          UpdateExpression: 'ADD linkedContacts :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      });
    }
    if (d.isNewCase) {
      items.push({
        Put: {
          TableName: t,
          Item: { ...keys.openCase(d.customerId), caseId: d.caseId },
          // Another message of this customer opened a case meanwhile: retry, and join that one.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      return 'saved';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        if (error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
        if (error.CancellationReasons?.[CASE_WRITE_INDEX]?.Code === 'ConditionalCheckFailed') {
          throw new RetryableError(
            `case ${d.caseId} changed after contact ${c.id} was decided from it; decide again from fresh history`,
            { cause: error },
          );
        }
        throw new RetryableError(`decision for ${c.id} conflicted with a concurrent write; will retry`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  private lastOwnerWrite(customerId: string, owner: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.profile(customerId),
        UpdateExpression: 'SET lastOwner = :owner',
        ExpressionAttributeValues: { ':owner': owner },
      },
    };
  }

  private caseWrite(d: TriageDecision, caseAsRead: CaseAsRead | undefined): TransactItem {
    const brief = briefForCase(d.brief);
    const common = {
      ':tier': d.caseTier,
      ':updatedAt': d.decidedAt,
      ':deadline': d.deadline,
      ':frustration': d.frustration.score,
      ':viral': d.viralRisk.score,
      ':brief': brief,
    };
    if (d.isNewCase) {
      return {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.case(d.caseId),
            caseId: d.caseId,
            customerId: d.customerId,
            status: 'open',
            tier: d.caseTier,
            openedAt: d.contact.receivedAt,
            updatedAt: d.decidedAt,
            owner: d.owner,
            deadline: d.deadline,
            ...(d.alertedTier ? { alertedTier: d.alertedTier } : {}),
            contactCount: 1,
            frustration: d.frustration.score,
            viralRisk: d.viralRisk.score,
            brief,
            ...(d.incidentId ? { incidentId: d.incidentId } : {}),
            GSI1PK: ownerGsi(d.owner),
            GSI1SK: ownerGsiSk('open', d.contact.receivedAt),
            GSI2PK: statusGsi('open'),
            GSI2SK: d.contact.receivedAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      };
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.case(d.caseId),
        UpdateExpression: `SET tier = :tier, updatedAt = :updatedAt, deadline = :deadline, frustration = :frustration,
          viralRisk = :viral, brief = :brief,
          contactCount = contactCount + :one${d.alertedTier ? ', alertedTier = :alerted' : ''}${
            d.assigned ? ', #owner = :owner, GSI1PK = :gsi1pk' : ''
          }${d.incidentId ? ', incidentId = if_not_exists(incidentId, :incident)' : ''} REMOVE briefText`,
        ConditionExpression: `#status = :open${caseAsRead ? asReadCondition(caseAsRead) : ''}`,
        ExpressionAttributeNames: { '#status': 'status', ...(d.assigned ? { '#owner': 'owner' } : {}) },
        ExpressionAttributeValues: {
          ...common,
          ':one': 1,
          ':open': 'open',
          ...(caseAsRead ? asReadValues(caseAsRead) : {}),
          ...(d.alertedTier ? { ':alerted': d.alertedTier } : {}),
          ...(d.assigned ? { ':owner': d.assigned.owner, ':gsi1pk': ownerGsi(d.assigned.owner) } : {}),
          ...(d.incidentId ? { ':incident': d.incidentId } : {}),
        },
      },
    };
  }

  async refreshEngagement(r: EngagementRefresh): Promise<void> {
    const t = this.tableName;
    const d = r.decision;
    const c = d.contact;
    const readAt = c.social?.engagement.readAt;
    if (!readAt) throw new Error(`contact ${c.id} has no engagement to refresh`);
    const raised = tierRank(d.caseTier) > tierRank(r.caseTierBefore);
    const caseSets = [
      'viralRisk = :viral',
      'tier = :tier',
      'updatedAt = :now',
      'brief = :brief',
      ...(raised ? ['deadline = :deadline'] : []),
      ...(d.alertedTier ? ['alertedTier = :alerted'] : []),
      ...(d.assigned ? ['#owner = :owner', 'GSI1PK = :gsi1pk'] : []),
    ];
    const items: TransactItem[] = [
      {
        // First, and conditional on the snapshot we read: a concurrent refresh makes this one retry.
        Update: {
          TableName: t,
          Key: keys.contact(c.id),
          UpdateExpression: `SET engagementReadAt = :readAt, contact = :contact, suggestedOpening = :opening${
            d.routing ? ', routing = :routing REMOVE routedAt' : ''
          }`,
          ConditionExpression: r.previousReadAt
            ? 'engagementReadAt = :previous'
            : 'attribute_exists(PK) AND attribute_not_exists(engagementReadAt)',
          ExpressionAttributeValues: {
            ':readAt': readAt,
            ':contact': JSON.stringify(c),
            ':opening': d.brief.suggestedOpening,
            ...(d.routing ? { ':routing': routingForItem(d.routing) } : {}),
            ...(r.previousReadAt ? { ':previous': r.previousReadAt } : {}),
          },
        },
      },
      {
        Update: {
          TableName: t,
          Key: keys.decision(d.caseId, c.receivedAt, c.id),
          UpdateExpression:
            'SET viralRisk = :viral, tier = :tier, caseTier = :caseTier, tierBecause = :because, destination = :destination, refreshedAt = :now',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: {
            ':viral': d.viralRisk,
            ':tier': d.tier,
            ':caseTier': d.caseTier,
            ':because': d.tierBecause,
            ':destination': d.destination,
            ':now': d.decidedAt,
          },
        },
      },
      {
        Update: {
          TableName: t,
          Key: keys.timeline(d.customerId, c.receivedAt, c.id),
          UpdateExpression: 'SET tier = :tier',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':tier': d.tier },
        },
      },
      {
        Update: {
          TableName: t,
          Key: keys.case(d.caseId),
          UpdateExpression: `SET ${caseSets.join(', ')} REMOVE briefText`,
          // The case as it was read: closed or re-tiered meanwhile, and this refresh is decided again.
          ConditionExpression: '#status = :open AND tier = :tierBefore',
          ExpressionAttributeNames: { '#status': 'status', ...(d.assigned ? { '#owner': 'owner' } : {}) },
          ExpressionAttributeValues: {
            ':viral': d.viralRisk.score,
            ':tier': d.caseTier,
            ':now': d.decidedAt,
            ':brief': briefForCase(d.brief),
            ':open': 'open',
            ':tierBefore': r.caseTierBefore,
            ...(raised ? { ':deadline': d.deadline } : {}),
            ...(d.alertedTier ? { ':alerted': d.alertedTier } : {}),
            ...(d.assigned ? { ':owner': d.assigned.owner, ':gsi1pk': ownerGsi(d.assigned.owner) } : {}),
          },
        },
      },
    ];
    if (d.assigned) {
      items.push(
        {
          Update: {
            TableName: t,
            Key: keys.staff(d.assigned.owner),
            UpdateExpression: 'SET openCases = if_not_exists(openCases, :zero) + :one, lastAssignedAt = :now',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': d.decidedAt },
          },
        },
        this.lastOwnerWrite(d.customerId, d.assigned.owner),
      );
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new RetryableError(
          `engagement refresh of ${c.id} conflicted with a concurrent write; will retry`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  async markRouted(contactId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.contact(contactId),
        // Routed: the copy kept for a re-publish after a crash has done its job (storage, not write units:
        // an update is billed for the larger of the item before and after).
        UpdateExpression: 'SET routedAt = :at REMOVE routing',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }
}
