import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CaseOperationError, type CaseOperations } from '../../core/operations-port.ts';
import { CLOSING_KINDS, type Outcome } from '../../core/outcomes.ts';
import { findPromises } from '../../core/promises.ts';
import type { StaffMember } from '../../core/routing/roster.ts';
import type { Escalation } from '../../core/sweeper.ts';
import { DynamoCaseReader } from './case-reader.ts';
import { caseItem } from './items.ts';
import { keys, ownerGsi, ownerGsiSk, statusGsi } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class DynamoCaseOperations implements CaseOperations {
  private readonly reader: DynamoCaseReader;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.reader = new DynamoCaseReader(db, tableName);
  }

  async recordOutcome(o: Outcome, now: Date): Promise<{ outcomeId: string; closed: boolean }> {
    const t = this.tableName;
    const at = now.toISOString();
    const { Item } = await this.db.send(
      new GetCommand({ TableName: t, Key: keys.case(o.caseId), ConsistentRead: true }),
    );
    if (!Item) throw new CaseOperationError('case_not_found', `no case ${o.caseId}`);
    const c = caseItem.parse(Item);
    if (c.status !== 'open' && o.kind !== 'note') {
      throw new CaseOperationError(
        'case_closed',
        `case ${o.caseId} is already closed (${c.closedAs ?? 'closed'})`,
      );
    }
    const outcomeId = `o_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
    const closes = CLOSING_KINDS.includes(o.kind);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: t,
          Item: {
            ...keys.outcome(o.caseId, at, outcomeId),
            outcomeId,
            kind: o.kind,
            recordedAt: at,
            by: o.by,
            actions: o.actions,
            ...(o.csat ? { csat: o.csat } : {}),
            ...(o.note ? { note: o.note } : {}),
            ...(o.owner ? { owner: o.owner } : {}),
          },
        },
      },
      this.caseUpdate(o, c.owner, at, closes),
      ...o.promises.map((p): TransactItem => {
        const [found] = findPromises(p.text, at, 'staff');
        const promiseId = found?.promiseId ?? `p_${outcomeId}`;
        return {
          Put: {
            TableName: t,
            Item: {
              ...keys.promise(c.customerId, o.caseId, promiseId),
              promiseId,
              caseId: o.caseId,
              text: p.text,
              madeAt: at,
              dueAt: p.dueAt,
              kept: false,
              source: 'staff',
            },
          },
        };
      }),
    ];
    if (closes) {
      items.push({
        Delete: {
          TableName: t,
          Key: keys.openCase(c.customerId),
          ConditionExpression: 'attribute_not_exists(PK) OR caseId = :case',
          ExpressionAttributeValues: { ':case': o.caseId },
        },
      });
      if (c.owner) items.push(this.loadChange(c.owner, -1, at));
    }
    if (o.kind === 'reassigned' && o.owner && o.owner !== c.owner) {
      items.push(this.loadChange(o.owner, +1, at));
      if (c.owner) items.push(this.loadChange(c.owner, -1, at));
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const failed = error.CancellationReasons?.findIndex((r) => r.Code === 'ConditionalCheckFailed') ?? -1;
        if (failed >= 0 && items[failed]?.Update?.Key?.SK === `STAFF#${o.owner}`) {
          throw new CaseOperationError('unknown_owner', `no staff member '${o.owner}' in the roster`);
        }
        throw new CaseOperationError('case_closed', `case ${o.caseId} changed meanwhile; try again`);
      }
      throw error;
    }
    return { outcomeId, closed: closes };
  }

  private caseUpdate(o: Outcome, owner: string | null, at: string, closes: boolean): TransactItem {
    const sets = ['updatedAt = :at'];
    const values: Record<string, unknown> = { ':at': at };
    const names: Record<string, string> = {};
    if (o.kind === 'acknowledged') sets.push('acknowledgedAt = if_not_exists(acknowledgedAt, :at)');
    if (o.kind === 'went_public') sets.push('wentPublic = :true');
    if (o.kind === 'went_public') values[':true'] = true;
    if (o.csat) {
      sets.push('csat = :csat');
      values[':csat'] = o.csat;
    }
    if (closes) {
      sets.push(
        '#status = :closed',
        'closedAt = :at',
        'closedAs = :kind',
        'GSI2PK = :closedPk',
        'GSI1SK = :closedSk',
      );
      names['#status'] = 'status';
      Object.assign(values, {
        ':closed': 'closed',
        ':kind': o.kind,
        ':closedPk': statusGsi('closed'),
        ':closedSk': ownerGsiSk('closed', at),
      });
    }
    if (o.kind === 'reassigned' && o.owner && o.owner !== owner) {
      sets.push('#owner = :owner', 'GSI1PK = :ownerPk', 'acknowledgedAt = :none');
      names['#owner'] = 'owner';
      Object.assign(values, { ':owner': o.owner, ':ownerPk': ownerGsi(o.owner), ':none': null });
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.case(o.caseId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
    };
  }

  private loadChange(staffId: string, delta: number, at: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.staff(staffId),
        UpdateExpression: `SET openCases = if_not_exists(openCases, :zero) + :delta${delta > 0 ? ', lastAssignedAt = :at' : ''}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':zero': 0, ':delta': delta, ...(delta > 0 ? { ':at': at } : {}) },
      },
    };
  }

  async saveRoster(staff: readonly StaffMember[]): Promise<void> {
    for (const s of staff) {
      const fields = Object.entries(s);
      // Skills and shift come from the file; the running load stays what the cases say it is.
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.staff(s.id),
          UpdateExpression: `SET ${fields.map((_f, i) => `#f${i} = :f${i}`).join(', ')}, openCases = if_not_exists(openCases, :zero)`,
          ExpressionAttributeNames: Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v])),
            ':zero': 0,
          },
        }),
      );
    }
  }

  async escalate(e: Escalation, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.case(e.caseId),
          UpdateExpression:
            'SET tier = :tier, alertedTier = :tier, deadline = :deadline, escalationLevel = :level, updatedAt = :now',
          ConditionExpression:
            '#status = :open AND (attribute_not_exists(escalationLevel) OR escalationLevel = :from) AND (attribute_not_exists(acknowledgedAt) OR acknowledgedAt = :null)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':tier': e.tier,
            ':deadline': e.deadline,
            ':level': e.level,
            ':from': e.fromLevel,
            ':now': now.toISOString(),
            ':open': 'open',
            ':null': null,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async briefText(caseId: string): Promise<string | undefined> {
    return (await this.reader.getCase(caseId))?.briefText;
  }

  async acknowledge(
    caseId: string,
    by: string,
    now: Date,
  ): Promise<{ acknowledgedAt: string; changed: boolean }> {
    const at = now.toISOString();
    const outcomeId = newOutcomeId();
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.case(caseId),
                UpdateExpression: 'SET acknowledgedAt = :at, updatedAt = :at',
                // Only the first acknowledgement counts: a double click records one outcome.
                ConditionExpression:
                  'attribute_exists(PK) AND #status = :open AND (attribute_not_exists(acknowledgedAt) OR acknowledgedAt = :null)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':at': at, ':open': 'open', ':null': null },
              },
            },
            this.outcomePut(caseId, at, outcomeId, { kind: 'acknowledged', by }),
          ],
        }),
      );
      return { acknowledgedAt: at, changed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const current = await this.currentCase(caseId);
      if (current.acknowledgedAt) return { acknowledgedAt: current.acknowledgedAt, changed: false };
      throw new CaseOperationError('case_changed', `case ${caseId} changed meanwhile; try again`);
    }
  }

  async reassign(
    caseId: string,
    owner: string,
    by: string,
    now: Date,
  ): Promise<{ owner: string; previousOwner: string | null; changed: boolean }> {
    const at = now.toISOString();
    const c = await this.currentCase(caseId);
    if (c.owner === owner) return { owner, previousOwner: owner, changed: false };
    const outcomeId = newOutcomeId();
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.case(caseId),
          UpdateExpression: 'SET #owner = :owner, GSI1PK = :ownerPk, acknowledgedAt = :null, updatedAt = :at',
          // The owner read above is the one whose load goes down: a concurrent reassignment cancels this one.
          ConditionExpression: `#status = :open AND ${c.owner === null ? '(attribute_not_exists(#owner) OR #owner = :null)' : '#owner = :previous'}`,
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':ownerPk': ownerGsi(owner),
            ':null': null,
            ':at': at,
            ':open': 'open',
            ...(c.owner === null ? {} : { ':previous': c.owner }),
          },
        },
      },
      this.loadChange(owner, +1, at),
      this.outcomePut(caseId, at, outcomeId, { kind: 'reassigned', by, owner }),
      ...(c.owner ? [this.loadChange(c.owner, -1, at)] : []),
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[1]?.Code === 'ConditionalCheckFailed' && reasons[0]?.Code !== 'ConditionalCheckFailed') {
        throw new CaseOperationError('unknown_owner', `no staff member '${owner}' in the roster`);
      }
      const current = await this.currentCase(caseId);
      if (current.owner === owner) return { owner, previousOwner: c.owner, changed: false };
      throw new CaseOperationError('case_changed', `case ${caseId} changed meanwhile; try again`);
    }
    return { owner, previousOwner: c.owner, changed: true };
  }

  /** The case as stored now; missing → case_not_found, closed → case_closed. */
  private async currentCase(caseId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.case(caseId), ConsistentRead: true }),
    );
    if (!Item) throw new CaseOperationError('case_not_found', `no case ${caseId}`);
    const c = caseItem.parse(Item);
    if (c.status !== 'open') {
      throw new CaseOperationError(
        'case_closed',
        `case ${caseId} is already closed (${c.closedAs ?? 'closed'})`,
      );
    }
    return c;
  }

  private outcomePut(
    caseId: string,
    at: string,
    outcomeId: string,
    o: { kind: 'acknowledged' | 'reassigned'; by: string; owner?: string },
  ): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...keys.outcome(caseId, at, outcomeId), outcomeId, recordedAt: at, actions: [], ...o },
      },
    };
  }
}

function newOutcomeId(): string {
  return `o_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}
