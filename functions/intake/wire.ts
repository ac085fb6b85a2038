import { createS3Client, S3RawMailStore } from '../adapters/s3/raw-mail-store.ts';
import { SqsContactQueue } from '../adapters/sqs/contact-queue.ts';
import { SqsDeadLetters } from '../adapters/sqs/dead-letters.ts';
import type { IntakeConfig } from '../config.ts';
import { createAdapters } from '../core/channels/index.ts';
import type { RawMailSource } from '../core/channels/raw-mail.ts';
import { settingsFrom } from '../shared/client-settings.ts';
import { createObservability } from '../shared/observability.ts';
import type { SqsHandler } from '../shared/sqs-batch.ts';
import { createSqsClient } from '../shared/sqs-client.ts';
import { createIntakeHandler, type IntakeHandlerDeps } from './create-handler.ts';

export interface IntakeOverrides {
  /** Test-only: wrap the wired dependencies (fault injection). Never set in AWS. */
  readonly decorate?: (deps: IntakeHandlerDeps) => IntakeHandlerDeps;
}

/** The S3 client exists only on the email intake, and only when SES receiving is configured. */
function rawMailSource(config: IntakeConfig): RawMailSource | undefined {
  const bucket = config.RAW_MAIL_BUCKET;
  if (config.CHANNEL !== 'email' || !bucket) return undefined;
  const s3 = createS3Client({ region: config.AWS_REGION, endpoint: config.FLASHPOINT_S3_ENDPOINT });
  return { store: new S3RawMailStore(s3), bucket };
}

/** Builds the intake handler from validated config: used by the Lambda entry and by the local stack alike. */
export function wireIntake(config: IntakeConfig, overrides: IntakeOverrides = {}): SqsHandler {
  const sqs = createSqsClient(settingsFrom(config));
  const deps: IntakeHandlerDeps = {
    channel: config.CHANNEL,
    contacts: new SqsContactQueue(sqs, config.CONTACTS_QUEUE_URL),
    deadLetters: new SqsDeadLetters(sqs, config.DEAD_LETTER_QUEUE_URL),
    adapters: createAdapters({ rawMail: rawMailSource(config) }),
    ...createObservability(`intake-${config.CHANNEL}`),
  };
  return createIntakeHandler(overrides.decorate ? overrides.decorate(deps) : deps);
}
