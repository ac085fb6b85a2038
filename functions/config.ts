import { ENV } from '../infra/resources.ts';
import { channelSchema } from './core/contact.ts';
import { DEFAULT_THRESHOLDS } from './core/scoring/tier.ts';
import * as z from './core/zod.ts';

/**
 * Every setting a handler reads, parsed once at cold start: a missing or malformed variable fails
 * the init with a message naming it, instead of failing each message later.
 */
const url = z.string().check(z.url());
const optionalEndpoint = z.optional(z.string().check(z.url()));
const threshold = z.coerce.number().check(z.gte(0), z.lte(100));

const common = {
  AWS_REGION: z._default(z.string(), 'us-east-1'),
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
  [INTAKE_ENV.rawMailBucket]: z.optional(z.string().check(z.minLength(3), z.maxLength(63))),
  [INTAKE_ENV.s3Endpoint]: optionalEndpoint,
});

export const triageConfigSchema = z.object({
  ...common,
  [ENV.tableName]: z.string().check(z.minLength(1)),
  [ENV.seniorQueueUrl]: url,
  [ENV.normalQueueUrl]: url,
  [ENV.deadLetterQueueUrl]: url,
  /** Where one notice per alert goes (e-mail / chat subscriptions); optional so a stack can run without. */
  [ENV.alertTopicArn]: z.optional(z.string().check(z.startsWith('arn:'))),
  /** embedded (default, no network) | cascade (uncertain texts to Comprehend) | comprehend; see docs/comprehend.md */
  TEXT_MODEL_MODE: z.optional(z.enum(['embedded', 'cascade', 'comprehend'])),
  TEXT_MODEL_BAND_LOW: z.optional(z.coerce.number().check(z.gte(0), z.lte(1))),
  TEXT_MODEL_BAND_HIGH: z.optional(z.coerce.number().check(z.gte(0), z.lte(1))),
  COMPREHEND_TIMEOUT_MS: z.optional(z.coerce.number().check(z.int(), z.gte(50), z.lte(10_000))),
  COMPREHEND_MAX_CHARS: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  FLASHPOINT_COMPREHEND_ENDPOINT: optionalEndpoint,
  TIER_WARM: z._default(threshold, DEFAULT_THRESHOLDS.warm),
  TIER_HOT: z._default(threshold, DEFAULT_THRESHOLDS.hot),
  TIER_CRITICAL: z._default(threshold, DEFAULT_THRESHOLDS.critical),
  TIER_VIRAL_HOT: z._default(threshold, DEFAULT_THRESHOLDS.viralHot),
  TIER_VIRAL_CRITICAL: z._default(threshold, DEFAULT_THRESHOLDS.viralCritical),
});

export const sweeperConfigSchema = z.object({
  ...common,
  [ENV.tableName]: z.string().check(z.minLength(1)),
  [ENV.seniorQueueUrl]: url,
  [ENV.normalQueueUrl]: url,
  [ENV.alertTopicArn]: z.optional(z.string().check(z.startsWith('arn:'))),
});

export const operationsConfigSchema = z.object({
  ...common,
  [ENV.tableName]: z.string().check(z.minLength(1)),
});

/** The chat-webhook delivery of alerts (functions/alerts): the URL from Secrets Manager in AWS, given locally. */
export const alertDeliveryConfigSchema = z
  .object({
    ...common,
    [ENV.tableName]: z.string().check(z.minLength(1)),
    [ENV.deadLetterQueueUrl]: url,
    [ENV.alertWebhookSecretId]: z.optional(z.string().check(z.minLength(1))),
    [ENV.alertWebhookUrl]: z.optional(url),
    [ENV.inboxUrl]: z.optional(url),
    /** Per POST; Slack answers in well under a second, and a batch posts its alerts side by side. */
    WEBHOOK_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.gte(100), z.lte(20_000)), 5_000),
  })
  .check(
    z.refine((c) => (c[ENV.alertWebhookSecretId] === undefined) !== (c[ENV.alertWebhookUrl] === undefined), {
      message: `set exactly one of ${ENV.alertWebhookSecretId} (AWS) or ${ENV.alertWebhookUrl} (local stack)`,
      path: [ENV.alertWebhookSecretId],
    }),
  );

export type AlertDeliveryConfig = z.infer<typeof alertDeliveryConfigSchema>;
export type SweeperConfig = z.infer<typeof sweeperConfigSchema>;
export type OperationsConfig = z.infer<typeof operationsConfigSchema>;
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
export type TriageConfig = z.infer<typeof triageConfigSchema>;

export function loadConfig<T extends z.ZodMiniType>(
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
