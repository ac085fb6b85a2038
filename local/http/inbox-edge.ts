import { fileURLToPath } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseOperations } from '../../functions/adapters/dynamodb/case-operations.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { createInboxHandler } from '../../functions/inbox/create-handler.ts';
import { createObservability } from '../../functions/shared/observability.ts';
import { assertPortFree } from '../ports.ts';
import { type RunningInboxServer, startInboxServer } from './inbox-server.ts';

/** Where `npm run build:web` writes the page. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface LocalInboxOptions {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly webRoot?: string;
}

/** The inbox server wired to the local table, running the Lambda's handler with "local" as the user. */
export async function startLocalInbox(o: LocalInboxOptions): Promise<RunningInboxServer> {
  if (o.port !== 0) await assertPortFree(o.port, 'FLASHPOINT_INBOX_PORT');
  const api = createInboxHandler({
    reader: new DynamoCaseReader(o.db, o.tableName),
    ops: new DynamoCaseOperations(o.db, o.tableName),
    clock: () => new Date(),
    logger: createObservability('inbox').logger,
    anonymousActor: 'local',
  });
  return startInboxServer({ port: o.port, webRoot: o.webRoot ?? DEFAULT_WEB_ROOT, api });
}
