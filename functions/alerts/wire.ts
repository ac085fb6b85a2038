import { FUNCTION_TIMEOUT_SECONDS } from '../../infra/resources.ts';
import { DynamoAlertDeliveryLog } from '../adapters/dynamodb/alert-deliveries.ts';
import { cachedSecretString, createSecretsClient } from '../adapters/secrets/secret-string.ts';
import { SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import { FetchWebhookPoster } from '../adapters/webhook/webhook-poster.ts';
import type { AlertDeliveryConfig } from '../config.ts';
import { RejectionError } from '../core/errors.ts';
import { settingsFrom } from '../shared/client-settings.ts';
import { createDynamoClient } from '../shared/dynamodb-client.ts';
import { createObservability } from '../shared/observability.ts';
import type { SqsHandler } from '../shared/sqs-batch.ts';
import { createSqsClient } from '../shared/sqs-client.ts';
import { type AlertDeliveryHandlerDeps, createAlertDeliveryHandler } from './create-handler.ts';

export interface AlertDeliveryOverrides {
  readonly clock?: () => Date;
  /** How long a delivery claim holds; default the function timeout, after which its holder is surely gone. */
  readonly leaseMs?: number;
}

/** Builds the alert-delivery handler from validated config: used by the Lambda entry and the local stack alike. */
export function wireAlertDelivery(
  config: AlertDeliveryConfig,
  overrides: AlertDeliveryOverrides = {},
): SqsHandler {
  const settings = settingsFrom(config);
  const deps: AlertDeliveryHandlerDeps = {
    webhook: new FetchWebhookPoster({ url: webhookUrl(config), timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
    log: new DynamoAlertDeliveryLog(createDynamoClient(settings), config.TABLE_NAME),
    deadLetters: new SqsDeadLetters(createSqsClient(settings), config.DEAD_LETTER_QUEUE_URL),
    clock: overrides.clock ?? (() => new Date()),
    leaseMs: overrides.leaseMs ?? FUNCTION_TIMEOUT_SECONDS * 1000,
    inboxUrl: config.INBOX_URL,
    ...createObservability('alerts'),
  };
  return createAlertDeliveryHandler(deps);
}

/** Locally the URL is configuration; in AWS it is read from Secrets Manager, cached per container. */
function webhookUrl(config: AlertDeliveryConfig): () => Promise<string> {
  const given = config.ALERT_WEBHOOK_URL;
  if (given) return async () => given;
  const secretId = config.ALERT_WEBHOOK_SECRET_ID ?? '';
  const secret = cachedSecretString(createSecretsClient(config.AWS_REGION), secretId);
  return async () => httpsUrl(await secret(), secretId);
}

/** A secret that holds no https address fails every alert alike: poison, with a reason that names the fix. */
function httpsUrl(value: string, secretId: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new RejectionError(
      'webhook_misconfigured',
      `secret ${secretId} does not hold an https:// webhook address; put the URL in it, then redrive`,
    );
  }
  return value;
}
