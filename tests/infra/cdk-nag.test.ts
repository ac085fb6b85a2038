import { App, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { unacknowledgedFindings } from '../helpers/cdk-nag.ts';
import { buildFlashpoint, type SynthesizedFlashpoint, synthFlashpoint } from './app-fixture.ts';

describe('cdk-nag (AwsSolutions + Serverless)', () => {
  let synth: SynthesizedFlashpoint;

  beforeAll(() => {
    // Synthesised first: some findings are named after cross-stack imports, which synthesis resolves. The
    // packs registered in createFlashpointApp are off here so a finding fails the test below, with its
    // list, rather than this hook; the last test proves they are on in the real app.
    synth = synthFlashpoint({ nagChecks: false });
  });

  it('finds nothing unacknowledged in the Flashpoint app', () => {
    expect(unacknowledgedFindings(synth.app)).toEqual([]);
  });

  it('synthesises as `cdk synth` does, with the cdk-nag gate and CloudFormation validation on', {
    timeout: 180_000,
  }, () => {
    // CDK's built-in CloudFormation validation checks schemas; cdk.json makes its findings errors.
    const { app } = buildFlashpoint({ cloudFormationValidation: true });
    expect(() => app.synth()).not.toThrow();
  });

  it('does report an unencrypted queue without TLS enforcement and a wildcard policy', () => {
    // Prepare
    const app = new App();
    const stack = new Stack(app, 'Careless');
    new Queue(stack, 'Plain', { encryption: QueueEncryption.UNENCRYPTED });
    const role = new Role(stack, 'Greedy', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }));

    // Act
    const findings = unacknowledgedFindings(app);

    // Assess
    expect(findings).toEqual(
      expect.arrayContaining([
        'AwsSolutions-SQS2 at Careless/Plain/Resource',
        'AwsSolutions-SQS3 at Careless/Plain/Resource',
        'AwsSolutions-SQS4 at Careless/Plain/Resource',
        'AwsSolutions-IAM5[Action::sqs:*] at Careless/Greedy/DefaultPolicy/Resource',
      ]),
    );
  });

  it('fails synthesis on a wildcard action added to a Flashpoint role, despite its X-Ray acknowledgment', () => {
    // Prepare
    const probe = buildFlashpoint();
    probe.pipeline.queues.contacts
      .requireConsumer()
      .role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));

    // Act / Assess
    expect(() => probe.app.synth()).toThrow(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
    expect(unacknowledgedFindings(probe.app)).toContain(
      'AwsSolutions-IAM5[Action::dynamodb:*] at FlashpointPipeline/Contacts/Consumer/Role/DefaultPolicy/Resource',
    );
  });
});
