import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Grant, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { ReceiptRuleSet, TlsPolicy } from 'aws-cdk-lib/aws-ses';
import { S3 } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INTAKE_ENV } from '../../functions/config.ts';
import { DLQ_RETENTION_DAYS } from '../resources.ts';
import type { PipelineFunction } from './pipeline-function.ts';

/** CDK context that turns SES receiving on: `-c flashpoint:emailRecipients=support.example.com,help@x.org`. */
export const EMAIL_RECIPIENTS_CONTEXT = 'flashpoint:emailRecipients';

/** Key prefix SES writes received mail under; the intake function may read only below it. */
export const RAW_MAIL_PREFIX = 'inbound/';

/**
 * Raw mail is personal data and is parsed within minutes, but a dead-lettered notification can be
 * redriven for DLQ_RETENTION_DAYS (14) and must still find its mail then: kept for twice that.
 */
export const RAW_MAIL_RETENTION_DAYS = 2 * DLQ_RETENTION_DAYS;
/** Access logs are for audits of who read the mail; a quarter is what such a review looks back over. */
const ACCESS_LOG_RETENTION_DAYS = 90;

// A domain ("support.example.com") or an address ("help@support.example.com"), as SES receipt rules take them.
const RECIPIENT =
  /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * The recipients named by the context value: a comma-separated string (what `-c` gives) or a list (what
 * cdk.json can hold). Empty or absent means SES receiving is off. Anything else fails synthesis, naming it.
 */
export function emailRecipientsFrom(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : [value];
  const recipients = items.map((item) => (typeof item === 'string' ? item.trim() : item));
  for (const recipient of recipients) {
    if (typeof recipient !== 'string' || !RECIPIENT.test(recipient)) {
      throw new Error(
        `${EMAIL_RECIPIENTS_CONTEXT}: '${String(recipient)}' is neither a domain nor an e-mail address`,
      );
    }
  }
  return [...new Set(recipients as string[])].filter((r) => r !== '');
}

export interface EmailIngressProps {
  /** Domains and addresses SES accepts mail for (the receipt rule's recipients). */
  readonly recipients: readonly string[];
  /** The email intake queue: SES's notifications are delivered to it through SNS. */
  readonly queue: IQueue;
  /** Where SNS puts a notification it cannot deliver: the email intake's DLQ. */
  readonly deadLetterQueue: IQueue;
  /** The email intake function: reads the raw mail the notification points at. */
  readonly reader: PipelineFunction;
}

/**
 * SES email receiving into the email intake: a receipt rule set whose one rule stores every mail for the
 * recipients in a private bucket (S3 action) and publishes a notification to an SNS topic; the topic
 * delivers it, in its SNS envelope (raw message delivery off), to the email intake queue; the intake
 * function fetches the mail from the bucket and parses it. SES only uses a rule set once it is the active
 * one: `aws ses set-active-receipt-rule-set --rule-set-name <ReceiptRuleSetName output>` (docs/channels.md).
 */
export class EmailIngress extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly topic: Topic;
  readonly topicKey: Key;
  readonly ruleSet: ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: EmailIngressProps) {
    super(scope, id);
    if (props.recipients.length === 0) throw new Error('EmailIngress needs at least one recipient');
    // Log delivery by bucket policy (S3's current advice) rather than the LogDeliveryWrite ACL, which
    // needs ACLs enabled on the log bucket. Set before any child exists, for this construct's buckets only.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
    });
    Validations.of(this.accessLogs.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log bucket of the raw-mail bucket; logging it into itself would log its own log writes.',
    });

    // SSE-S3: SES writes to the bucket with no key of ours to be granted, and the reader needs no KMS grant.
    // Generated name and the default RETAIN: mail still in it survives a stack deletion until it expires.
    this.bucket = new Bucket(this, 'RawMail', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'raw-mail/',
      lifecycleRules: [
        {
          expiration: Duration.days(RAW_MAIL_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    // SES can publish to an encrypted topic only with a customer managed key whose policy lets it use the
    // key (the AWS-managed aws/sns key cannot be edited); the notifications name senders and subjects.
    this.topicKey = new Key(this, 'NotificationsKey', {
      description: 'Flashpoint email ingress: encrypts SES receipt notifications on their SNS topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    this.topic = new Topic(this, 'Notifications', { masterKey: this.topicKey, enforceSSL: true });
    // Raw message delivery off: the intake sees SNS's envelope (with its MessageId and TopicArn for
    // tracing); the adapter also reads a bare notification, so turning it on needs no code change.
    this.topic.addSubscription(
      new SqsSubscription(props.queue, { rawMessageDelivery: false, deadLetterQueue: props.deadLetterQueue }),
    );

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', {
      rules: [
        {
          recipients: [...props.recipients],
          // SES's spam and virus scan: a mail with a failed virus verdict is refused by the intake.
          scanEnabled: true,
          // Mail from a server that cannot do TLS is bounced to its sender, never accepted in clear text.
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [new S3({ bucket: this.bucket, objectKeyPrefix: RAW_MAIL_PREFIX, topic: this.topic })],
        },
      ],
    });

    const reader = props.reader;
    reader.function.addEnvironment(INTAKE_ENV.rawMailBucket, this.bucket.bucketName);
    // Exactly s3:GetObject below the prefix: grantRead would add GetBucket*/List*, which reading one
    // notified object never needs.
    Grant.addToPrincipal({
      grantee: reader.role,
      actions: ['s3:GetObject'],
      resourceArns: [this.bucket.arnForObjects(`${RAW_MAIL_PREFIX}*`)],
    });
    const bucketLogicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    Validations.of(reader.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${RAW_MAIL_PREFIX}*]`,
      reason:
        'SES names each stored mail with a key it generates; the function reads whichever one a notification points at, only below the inbound/ prefix of this one bucket.',
    });

    new CfnOutput(this, 'ReceiptRuleSetName', {
      value: this.ruleSet.receiptRuleSetName,
      description: 'activate once: aws ses set-active-receipt-rule-set --rule-set-name <this>',
    });
    new CfnOutput(this, 'RawMailBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'NotificationsTopicArn', { value: this.topic.topicArn });
  }
}
