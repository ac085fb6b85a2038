import { readFileSync } from 'node:fs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_ENV } from '../../functions/config.ts';
import {
  EMAIL_RECIPIENTS_CONTEXT,
  type EmailIngress,
  emailRecipientsFrom,
  RAW_MAIL_PREFIX,
  RAW_MAIL_RETENTION_DAYS,
} from '../../infra/constructs/email-ingress.ts';
import { createFlashpointApp, type FlashpointApp, INBOX_ASSETS_CONTEXT } from '../../infra/flashpoint-app.ts';
import { unacknowledgedFindings } from '../helpers/cdk-nag.ts';
import {
  asArray,
  identityStatements,
  logicalIdOf,
  roleStatements,
  stubInboxAssets,
  targetsOf,
} from './app-fixture.ts';

/** The app as `cdk synth -c flashpoint:emailRecipients=…` builds it (bundling skipped, as in app-fixture). */
function buildWith(context: Record<string, unknown>): FlashpointApp {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return createFlashpointApp({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      [INBOX_ASSETS_CONTEXT]: stubInboxAssets(),
      ...context,
    },
    nagChecks: false,
  });
}

const SES_TYPES = [
  'AWS::SES::ReceiptRuleSet',
  'AWS::SES::ReceiptRule',
  'AWS::S3::Bucket',
  'AWS::KMS::Key',
  'AWS::SNS::Subscription',
];

describe('emailRecipientsFrom', () => {
  it('reads a comma-separated string or a list, and nothing as "off"', () => {
    expect(emailRecipientsFrom('support.example.com, help@example.org')).toEqual([
      'support.example.com',
      'help@example.org',
    ]);
    expect(emailRecipientsFrom(['support.example.com'])).toEqual(['support.example.com']);
    expect(emailRecipientsFrom(undefined)).toEqual([]);
    expect(emailRecipientsFrom('')).toEqual([]);
  });

  it('fails synthesis on a value that is neither a domain nor an address, naming the context key', () => {
    expect(() => emailRecipientsFrom('not a domain')).toThrow(/flashpoint:emailRecipients: 'not a domain'/);
    expect(() => buildWith({ [EMAIL_RECIPIENTS_CONTEXT]: 'x@' })).toThrow(/neither a domain nor an e-mail/);
  });
});

describe('EmailIngress without flashpoint:emailRecipients', () => {
  it('creates no SES rule, bucket, key or subscription, and gives the intake no bucket', () => {
    // Prepare
    const built = buildWith({});
    const template = Template.fromStack(built.pipeline);

    // Assess
    for (const type of SES_TYPES) template.resourceCountIs(type, 0);
    const emailFn =
      template.findResources('AWS::Lambda::Function')[
        logicalIdOf(built.pipeline.queues.emailIntake.requireConsumer().function)
      ];
    expect(JSON.stringify(emailFn)).not.toContain(INTAKE_ENV.rawMailBucket);
  });
});

describe('EmailIngress with flashpoint:emailRecipients', () => {
  let built: FlashpointApp;
  let template: Template;
  let bucketId: string;
  let topicId: string;

  // Synthesis takes seconds, more on a busy machine: past vitest's 10 s default for hooks.
  beforeAll(() => {
    built = buildWith({ [EMAIL_RECIPIENTS_CONTEXT]: 'support.example.com,help@example.org' });
    template = Template.fromStack(built.pipeline);
    const ingress = built.pipeline.node.findChild('EmailIngress') as EmailIngress;
    bucketId = logicalIdOf(ingress.bucket);
    topicId = logicalIdOf(ingress.topic);
  }, 60_000);

  it('stores mail for the recipients in the bucket and notifies the topic, scanning and requiring TLS', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['support.example.com', 'help@example.org'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          {
            S3Action: {
              BucketName: { Ref: bucketId },
              ObjectKeyPrefix: RAW_MAIL_PREFIX,
              TopicArn: { Ref: topicId },
            },
          },
        ],
      },
    });
  });

  it('keeps raw mail in an encrypted, private, TLS-only bucket that expires it and logs access', () => {
    // Assess
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId]?.Properties;
    expect(bucket).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: RAW_MAIL_RETENTION_DAYS, Status: 'Enabled' })],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('encrypts the topic with a rotating key that SES may use', () => {
    const topic = template.findResources('AWS::SNS::Topic')[topicId]?.Properties as {
      KmsMasterKeyId: { 'Fn::GetAtt': [string, string] };
    };
    const keyId = topic.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = template.findResources('AWS::KMS::Key')[keyId]?.Properties;
    expect(key?.EnableKeyRotation).toBe(true);
    expect(key?.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
  });

  it('delivers notifications in their SNS envelope to the email intake queue, undeliverable ones to its DLQ', () => {
    const stage = built.pipeline.queues.emailIntake;
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: topicId },
      Endpoint: { 'Fn::GetAtt': [logicalIdOf(stage.queue), 'Arn'] },
      // off: the function gets SNS's envelope
      RawMessageDelivery: false,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(stage.deadLetterQueue), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(stage.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topicId } } },
          }),
        ]),
      },
    });
  });

  it('tells only the email intake the bucket, and lets it read only s3:GetObject below inbound/', () => {
    // Prepare
    const { queues } = built.pipeline;
    const functions = template.findResources('AWS::Lambda::Function');
    const email = queues.emailIntake.requireConsumer();

    // Assess
    expect(
      functions[logicalIdOf(email.function)]?.Properties.Environment.Variables[INTAKE_ENV.rawMailBucket],
    ).toEqual({
      Ref: bucketId,
    });
    const statements = roleStatements(template, logicalIdOf(email.role));
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${RAW_MAIL_PREFIX}*`]] },
      },
    ]);
    expect(targetsOf(statements, 'sqs:SendMessage')).toEqual(
      [logicalIdOf(queues.contacts.queue), logicalIdOf(queues.emailIntake.deadLetterQueue)].sort(),
    );
    for (const other of [queues.chatIntake, queues.socialIntake, queues.contacts]) {
      const fn = other.requireConsumer();
      expect(JSON.stringify(roleStatements(template, logicalIdOf(fn.role)))).not.toContain('s3:');
      expect(JSON.stringify(functions[logicalIdOf(fn.function)])).not.toContain(INTAKE_ENV.rawMailBucket);
    }
  });

  it('grants no wildcard action, and Resource "*" only to the X-Ray write actions', () => {
    for (const statement of identityStatements(template).filter((s) => s.Effect === 'Allow')) {
      for (const action of asArray(statement.Action))
        expect(action === '*' || action.endsWith(':*'), action).toBe(false);
      if (asArray(statement.Resource).includes('*')) {
        expect(asArray(statement.Action).sort()).toEqual([
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ]);
      }
    }
  });

  it('synthesises without CDK warnings or errors', () => {
    expect(Annotations.fromStack(built.pipeline).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(built.pipeline).findError('*', Match.anyValue())).toEqual([]);
  });

  it('passes cdk-nag (AwsSolutions + Serverless) on everything the email path adds or touches', () => {
    built.app.synth();
    const findings = unacknowledgedFindings(built.app);
    expect(findings.filter((f) => /\/(EmailIngress|EmailIntake)\//.test(f))).toEqual([]);
  });
});
