import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { QUEUE_KEYS } from '../infra/resources.ts';
import { DEFAULT_STACK_FILE, type LocalStackInfo } from '../local/stack.ts';

const queue = z.object({ url: z.string(), arn: z.string(), dlqUrl: z.string(), dlqArn: z.string() });
const stackFile = z.object({
  region: z.string(),
  dynamodbEndpoint: z.string().url(),
  sqsEndpoint: z.string().url(),
  tableName: z.string(),
  queues: z.object(Object.fromEntries(QUEUE_KEYS.map((k) => [k, queue]))),
  alertTopicArn: z.string(),
  alertNoticesUrl: z.string(),
  // Only when the stack posts alerts to a chat webhook (FLASHPOINT_ALERT_WEBHOOK_URL).
  alertDelivery: queue.optional(),
});

/** The running local stack, as `npm start` described it in .local/stack.json. */
export function readStackFile(path = DEFAULT_STACK_FILE): LocalStackInfo {
  if (!existsSync(path)) {
    throw new Error(`no local stack is running (${path} not found): start one with \`npm start\``);
  }
  return stackFile.parse(JSON.parse(readFileSync(path, 'utf8'))) as LocalStackInfo;
}
