import * as z from 'zod';
import { ENV } from '../infra/resources.ts';
import { channelSchema } from './core/contact.ts';
import { DEFAULT_THRESHOLDS } from './core/scoring/tier.ts';

/**
 * Every setting a handler reads, parsed once at cold start: a missing or malformed variable fails
 * the init with a message naming it, instead of failing each message later.
 */
const url = z.string().url();
const optionalEndpoint = z.string().url().optional();
const threshold = z.coerce.number().min(0).max(100);

const common = {
  AWS_REGION: z.string().default('us-east-1'),
  /** Local stack only: endpoints of DynamoDB Local and fauxqs. Unset in AWS. */
  FLASHPOINT_DYNAMODB_ENDPOINT: optionalEndpoint,
  FLASHPOINT_SQS_ENDPOINT: optionalEndpoint,
  FLASHPOINT_SNS_ENDPOINT: optionalEndpoint,
};

/** Intake-only variables (the CDK email-ingress construct and the local stack set them). */
export const INTAKE_ENV = {
  /** The bucket SES stores received mail in; set on the email intake only when SES receiving is on. */
  rawMailBucket: 'RAW_MAIL_BUCKET',
  /** Local stack only: fauxqs's S3 endpoint. Unset in AWS. */
  s3Endpoint: 'FLASHPOINT_S3_ENDPOINT',
} as const;

export const intakeConfigSchema = z.object({
  ...common,
  [ENV.channel]: channelSchema,
  [ENV.contactsQueueUrl]: url,
  [ENV.deadLetterQueueUrl]: url,
  [INTAKE_ENV.rawMailBucket]: z.string().min(3).max(63).optional(),
  [INTAKE_ENV.s3Endpoint]: optionalEndpoint,
});

export const triageConfigSchema = z.object({
  ...common,
  [ENV.tableName]: z.string().min(1),
  [ENV.seniorQueueUrl]: url,
  [ENV.normalQueueUrl]: url,
  [ENV.deadLetterQueueUrl]: url,
  /** Where one notice per alert goes (e-mail / chat subscriptions); optional so a stack can run without. */
  [ENV.alertTopicArn]: z.string().startsWith('arn:').optional(),
  /** embedded (default, no network) | cascade (uncertain texts to Comprehend) | comprehend; see docs/comprehend.md */
  TEXT_MODEL_MODE: z.enum(['embedded', 'cascade', 'comprehend']).optional(),
  TEXT_MODEL_BAND_LOW: z.coerce.number().min(0).max(1).optional(),
  TEXT_MODEL_BAND_HIGH: z.coerce.number().min(0).max(1).optional(),
  COMPREHEND_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).optional(),
  COMPREHEND_MAX_CHARS: z.coerce.number().int().min(1).optional(),
  FLASHPOINT_COMPREHEND_ENDPOINT: optionalEndpoint,
  TIER_WARM: threshold.default(DEFAULT_THRESHOLDS.warm),
  TIER_HOT: threshold.default(DEFAULT_THRESHOLDS.hot),
  TIER_CRITICAL: threshold.default(DEFAULT_THRESHOLDS.critical),
  TIER_VIRAL_HOT: threshold.default(DEFAULT_THRESHOLDS.viralHot),
  TIER_VIRAL_CRITICAL: threshold.default(DEFAULT_THRESHOLDS.viralCritical),
});

export const sweeperConfigSchema = z.object({
  ...common,
  [ENV.tableName]: z.string().min(1),
  [ENV.seniorQueueUrl]: url,
  [ENV.normalQueueUrl]: url,
  [ENV.alertTopicArn]: z.string().startsWith('arn:').optional(),
});

export const operationsConfigSchema = z.object({
  ...common,
  [ENV.tableName]: z.string().min(1),
});

/** The chat-webhook delivery of alerts (functions/alerts): the URL from Secrets Manager in AWS, given locally. */
export const alertDeliveryConfigSchema = z
  .object({
    ...common,
    [ENV.tableName]: z.string().min(1),
    [ENV.deadLetterQueueUrl]: url,
    [ENV.alertWebhookSecretId]: z.string().min(1).optional(),
    [ENV.alertWebhookUrl]: url.optional(),
    [ENV.inboxUrl]: url.optional(),
    /** Per POST; Slack answers in well under a second, and a batch posts its alerts side by side. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(20_000).default(5_000),
  })
  .refine((c) => (c[ENV.alertWebhookSecretId] === undefined) !== (c[ENV.alertWebhookUrl] === undefined), {
    message: `set exactly one of ${ENV.alertWebhookSecretId} (AWS) or ${ENV.alertWebhookUrl} (local stack)`,
    path: [ENV.alertWebhookSecretId],
  });

export type AlertDeliveryConfig = z.infer<typeof alertDeliveryConfigSchema>;
export type SweeperConfig = z.infer<typeof sweeperConfigSchema>;
export type OperationsConfig = z.infer<typeof operationsConfigSchema>;
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
export type TriageConfig = z.infer<typeof triageConfigSchema>;

export function loadConfig<T extends z.ZodType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}
