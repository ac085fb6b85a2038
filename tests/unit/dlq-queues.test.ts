import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/args.ts';
import { queueNamed, queuesWithDeadLetters } from '../../cli/dlq/dead-letter-queues.ts';
import { readStackFile } from '../../cli/stack-file.ts';
import { QUEUE_KEYS } from '../../infra/resources.ts';
import type { LocalQueue, LocalQueues } from '../../local/provision.ts';
import { type LocalStackInfo, writeStackInfo } from '../../local/stack.ts';

const endpoint = 'http://127.0.0.1:4566';
const localQueue = (name: string): LocalQueue => ({
  url: `${endpoint}/000000000000/flashpoint-${name}`,
  arn: `arn:aws:sqs:us-east-1:000000000000:flashpoint-${name}`,
  dlqUrl: `${endpoint}/000000000000/flashpoint-${name}Dlq`,
  dlqArn: `arn:aws:sqs:us-east-1:000000000000:flashpoint-${name}Dlq`,
});

function stackInfo(withAlertDelivery: boolean): LocalStackInfo {
  return {
    region: 'us-east-1',
    dynamodbEndpoint: 'http://127.0.0.1:8000',
    sqsEndpoint: endpoint,
    tableName: 'flashpoint-local',
    queues: Object.fromEntries(QUEUE_KEYS.map((k) => [k, localQueue(k)])) as LocalQueues,
    alertTopicArn: 'arn:aws:sns:us-east-1:000000000000:flashpoint-alerts',
    alertNoticesUrl: `${endpoint}/000000000000/flashpoint-alert-notices`,
    ...(withAlertDelivery ? { alertDelivery: localQueue('AlertDelivery') } : {}),
  };
}

/** Written by the local stack's own writer and read back by the CLI's reader, as `npm start` and `flashpoint` do. */
function roundTrip(info: LocalStackInfo): LocalStackInfo {
  const path = join(mkdtempSync(join(tmpdir(), 'flashpoint-stack-file-')), 'stack.json');
  writeStackInfo(path, info);
  return readStackFile(path);
}

describe('the dead-letter queues flashpoint dlq knows', () => {
  it('lists the pipeline queues, then alert delivery when the stack runs it', () => {
    const withDelivery = roundTrip(stackInfo(true));
    expect(queuesWithDeadLetters(withDelivery).map((q) => q.name)).toEqual([...QUEUE_KEYS, 'alertDelivery']);
    expect(queueNamed(withDelivery, 'alertDelivery').queue).toEqual(localQueue('AlertDelivery'));

    const without = roundTrip(stackInfo(false));
    expect(without).not.toHaveProperty('alertDelivery');
    expect(queuesWithDeadLetters(without).map((q) => q.name)).toEqual(QUEUE_KEYS);
  });

  it('names the pipeline queues by their keys', () => {
    expect(queueNamed(stackInfo(false), 'contacts')).toEqual({
      name: 'contacts',
      queue: localQueue('contacts'),
    });
  });

  it('says why a stack without a webhook has no alertDelivery queue, not that the name is unknown', () => {
    expect(() => queueNamed(stackInfo(false), 'alertDelivery')).toThrow(
      'this local stack has no alertDelivery queue: it runs only when npm start is given FLASHPOINT_ALERT_WEBHOOK_URL',
    );
    expect(() => queueNamed(stackInfo(false), 'alertDelivery')).not.toThrow(UsageError);
  });

  it('refuses an unknown or missing name as a usage error listing every name', () => {
    expect(() => queueNamed(stackInfo(true), 'alerts')).toThrow(UsageError);
    expect(() => queueNamed(stackInfo(true), 'alerts')).toThrow(
      "unknown queue 'alerts' (expected emailIntake, chatIntake, socialIntake, contacts, senior, normal, alertDelivery)",
    );
    expect(() => queueNamed(stackInfo(true), undefined)).toThrow('a QUEUE is required');
  });

  it('refuses a stack file whose alert-delivery entry is incomplete', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'flashpoint-stack-file-')), 'stack.json');
    const { dlqArn: _dropped, ...partial } = localQueue('AlertDelivery');
    writeFileSync(path, JSON.stringify({ ...stackInfo(false), alertDelivery: partial }));
    expect(() => readStackFile(path)).toThrow(/alertDelivery[\s\S]*dlqArn/);
  });
});
