import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueueWithConsumer } from '../../infra/constructs/queue-with-consumer.ts';
import {
  BATCH_SIZE,
  DLQ_RETENTION_DAYS,
  ENV,
  FUNCTION_TIMEOUT_SECONDS,
  MAX_BATCHING_WINDOW_SECONDS,
  QUEUE_KEYS,
  QUEUES,
  VISIBILITY_TIMEOUT_SECONDS,
} from '../../infra/resources.ts';
import {
  asArray,
  identityStatements,
  logicalIdOf,
  roleStatements,
  type SynthesizedFlashpoint,
  synthFlashpoint,
  targetsOf,
} from './app-fixture.ts';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

/** CDK's own helper functions (singletons), which the project does not configure. */
const CDK_HELPER_FUNCTION =
  /^(LogRetention[0-9a-f]{32}|AWS679f53fac002430cb0da5b7982bd2287|BucketNotificationsHandler|CustomCDKBucketDeployment|Custom.*CustomResourceProvider)/;

const CONSUMED = QUEUE_KEYS.filter((key) => QUEUES[key].consumer !== undefined);

/** Functions not behind a queue: the deadline sweeper (EventBridge schedule) and the outcomes API. */
const SCHEDULED_FUNCTIONS = 2;

describe('PipelineStack', () => {
  let synth: SynthesizedFlashpoint;
  let template: Template;
  let queues: Resources;
  let functions: Resources;

  beforeAll(() => {
    synth = synthFlashpoint({ nagChecks: false });
    template = synth.pipelineTemplate;
    queues = template.findResources('AWS::SQS::Queue') as Resources;
    functions = template.findResources('AWS::Lambda::Function') as Resources;
  });

  describe('queues', () => {
    it('keeps every queue under its stable logical id: a new id would replace the queue and drop its messages', () => {
      expect(Object.keys(queues).sort()).toEqual(
        [
          'EmailIntakeQueue8A14C3A2',
          'EmailIntakeDlqBC45014D',
          'ChatIntakeQueue065594B8',
          'ChatIntakeDlq91DEC4E1',
          'SocialIntakeQueueB4A171F2',
          'SocialIntakeDlqC442C83B',
          'ContactsQueue047B300C',
          'ContactsDlq215B9E32',
          'SeniorQueueBC62DF3B',
          'SeniorDlqEF8494FF',
          'NormalQueueD7C7C06D',
          'NormalDlqFFF91579',
        ].sort(),
      );
    });

    it('gives every queue that is not a DLQ a redrive policy with the maxReceiveCount of its definition', () => {
      // Prepare
      const dlqIds = new Set(
        QUEUE_KEYS.map((key) => logicalIdOf(synth.pipeline.queues[key].deadLetterQueue)),
      );
      const sources = Object.entries(queues).filter(([id]) => !dlqIds.has(id));

      // Assess
      expect(sources).toHaveLength(QUEUE_KEYS.length);
      for (const key of QUEUE_KEYS) {
        const { queue, deadLetterQueue } = synth.pipeline.queues[key];
        expect(queues[logicalIdOf(queue)]?.Properties.RedrivePolicy, key).toEqual({
          deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(deadLetterQueue), 'Arn'] },
          maxReceiveCount: QUEUES[key].maxReceiveCount,
        });
      }
      for (const [id, source] of sources) expect(source.Properties.RedrivePolicy, id).toBeDefined();
    });

    it('keeps dead letters for the full retention period', () => {
      for (const key of QUEUE_KEYS) {
        const dlq = queues[logicalIdOf(synth.pipeline.queues[key].deadLetterQueue)];
        expect(dlq?.Properties.MessageRetentionPeriod, key).toBe(DLQ_RETENTION_DAYS * 24 * 3600);
      }
    });

    it('encrypts every queue at rest', () => {
      for (const [id, queue] of Object.entries(queues)) {
        const encrypted =
          queue.Properties.SqsManagedSseEnabled === true || queue.Properties.KmsMasterKeyId !== undefined;
        expect(encrypted, id).toBe(true);
      }
    });

    it('denies every queue any request not made over TLS', () => {
      // Prepare
      const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));

      // Assess
      for (const id of Object.keys(queues)) {
        const denied = policies.some(
          (policy) =>
            (policy.Properties.Queues as unknown[]).some(
              (q) => JSON.stringify(q) === JSON.stringify({ Ref: id }),
            ) &&
            (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]).some(
              (s) =>
                s.Effect === 'Deny' &&
                JSON.stringify(s.Principal) === JSON.stringify({ AWS: '*' }) &&
                JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
            ),
        );
        expect(denied, id).toBe(true);
      }
    });

    it('makes the senior queue and its DLQ FIFO, without content-based deduplication (the alertId is the id)', () => {
      // Prepare
      const { queue, deadLetterQueue } = synth.pipeline.queues.senior;
      const fifoIds = Object.entries(queues)
        .filter(([, q]) => q.Properties.FifoQueue === true)
        .map(([id]) => id);

      // Assess
      expect(fifoIds.sort()).toEqual([logicalIdOf(queue), logicalIdOf(deadLetterQueue)].sort());
      for (const id of fifoIds) {
        // No QueueName: CloudFormation generates one ending in .fifo, and the stack can deploy twice.
        expect(queues[id]?.Properties.QueueName, id).toBeUndefined();
        expect(queues[id]?.Properties.ContentBasedDeduplication, id).toBeUndefined();
      }
      expect(queues[logicalIdOf(queue)]?.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(deadLetterQueue), 'Arn'] },
        maxReceiveCount: QUEUES.senior.maxReceiveCount,
      });
    });
  });

  describe('consumers', () => {
    it('reports batch item failures on every event source mapping, with the shared batch settings', () => {
      // Prepare
      const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));

      // Assess
      expect(mappings).toHaveLength(CONSUMED.length);
      for (const mapping of mappings) {
        expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
        expect(mapping.Properties.BatchSize).toBe(BATCH_SIZE);
        expect(mapping.Properties.MaximumBatchingWindowInSeconds).toBe(MAX_BATCHING_WINDOW_SECONDS);
      }
    });

    it('drains each consumed queue with its own function', () => {
      for (const key of CONSUMED) {
        const stage = synth.pipeline.queues[key];
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(stage.queue), 'Arn'] },
          FunctionName: { Ref: logicalIdOf(stage.requireConsumer().function) },
        });
      }
    });

    it('sets each consumed queue visibility timeout to at least 6 × its function timeout', () => {
      for (const mapping of Object.values(template.findResources('AWS::Lambda::EventSourceMapping'))) {
        // Prepare
        const [queueId] = mapping.Properties.EventSourceArn['Fn::GetAtt'] as [string, string];
        const functionId = mapping.Properties.FunctionName.Ref as string;
        const visibility = Number(queues[queueId]?.Properties.VisibilityTimeout);
        const timeout = Number(functions[functionId]?.Properties.Timeout);

        // Assess
        expect(timeout, functionId).toBe(FUNCTION_TIMEOUT_SECONDS);
        expect(visibility, queueId).toBeGreaterThanOrEqual(6 * timeout);
      }
    });

    it('runs every project function on nodejs22.x, arm64, with its own log group and the house settings', () => {
      // Prepare
      const project = Object.entries(functions).filter(([id]) => !CDK_HELPER_FUNCTION.test(id));

      // Assess
      expect(project).toHaveLength(CONSUMED.length + SCHEDULED_FUNCTIONS);
      for (const [id, fn] of project) {
        expect(fn.Properties, id).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          MemorySize: 512,
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
          Environment: {
            Variables: expect.objectContaining({
              POWERTOOLS_METRICS_NAMESPACE: 'Flashpoint',
              POWERTOOLS_LOG_LEVEL: 'INFO',
            }),
          },
        });
        // Source maps are shipped but not loaded at run time: --enable-source-maps costs every cold start.
        expect(fn.Properties, id).not.toHaveProperty(['Environment', 'Variables', 'NODE_OPTIONS']);
      }
    });

    it('gives log groups a retention period', () => {
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(groups.length).toBeGreaterThanOrEqual(CONSUMED.length + SCHEDULED_FUNCTIONS);
      for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
    });
  });

  describe('deadline sweeper', () => {
    it('runs every 5 minutes and may only touch the table, the senior queue and the alert topic', () => {
      const fnId = logicalIdOf(
        synth.pipeline.node.findChild('DeadlineSweeper').node.findChild('Sweeper').node.findChild('Function'),
      );
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] } })]),
      });
      const sweeperFn = functions[fnId];
      if (!sweeperFn) throw new Error(`no function ${fnId} in the template`);
      const role = (sweeperFn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const actions = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(role))
        .flatMap((p) =>
          p.Properties.PolicyDocument.Statement.flatMap((st: { Action: string | string[] }) => st.Action),
        );
      expect(actions).toEqual(
        expect.arrayContaining(['sns:Publish', 'dynamodb:UpdateItem', 'dynamodb:Query']),
      );
      expect(actions).toContain('sqs:SendMessage');
      expect(
        actions.filter(
          (a: string) => a.startsWith('sqs:') && a !== 'sqs:SendMessage' && !a.startsWith('sqs:Get'),
        ),
      ).toEqual([]);
    });
  });

  describe('outcomes API', () => {
    it('accepts POST /cases/{caseId}/outcomes only IAM-signed and with a validated body', () => {
      const outcomes = Object.values(template.findResources('AWS::ApiGateway::Method')).filter((m) =>
        JSON.stringify(m.Properties.Integration ?? {}).includes('Outcomes'),
      );
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]?.Properties).toMatchObject({
        HttpMethod: 'POST',
        AuthorizationType: 'AWS_IAM',
        RequestValidatorId: expect.anything(),
        RequestModels: { 'application/json': expect.anything() },
      });
    });
  });

  describe('environment and grants', () => {
    it('tells each intake its channel, where validated contacts go, and its own DLQ', () => {
      for (const key of CONSUMED.filter((k) => QUEUES[k].consumer?.name === 'intake')) {
        const stage = synth.pipeline.queues[key];
        const variables = functions[logicalIdOf(stage.requireConsumer().function)]?.Properties.Environment;
        expect(variables, key).toEqual({
          Variables: expect.objectContaining({
            [ENV.channel]: QUEUES[key].consumer?.channel,
            [ENV.contactsQueueUrl]: { Ref: logicalIdOf(synth.pipeline.queues.contacts.queue) },
            [ENV.deadLetterQueueUrl]: { Ref: logicalIdOf(stage.deadLetterQueue) },
            POWERTOOLS_SERVICE_NAME: 'intake',
          }),
        });
      }
    });

    it('lets each intake send to the contacts queue and its own DLQ, and nowhere else', () => {
      for (const key of CONSUMED.filter((k) => QUEUES[k].consumer?.name === 'intake')) {
        // Prepare
        const stage = synth.pipeline.queues[key];
        const statements = roleStatements(template, logicalIdOf(stage.requireConsumer().role));

        // Assess
        expect(targetsOf(statements, 'sqs:SendMessage'), key).toEqual(
          [logicalIdOf(synth.pipeline.queues.contacts.queue), logicalIdOf(stage.deadLetterQueue)].sort(),
        );
        expect(targetsOf(statements, 'sqs:ReceiveMessage'), key).toEqual([logicalIdOf(stage.queue)]);
        expect(JSON.stringify(statements), key).not.toMatch(/dynamodb:|sns:/);
      }
    });

    it('tells triage where the table, the senior and normal queues, its DLQ and the alert topic are', () => {
      const { queues: q, alertTopic } = synth.pipeline;
      const variables = functions[logicalIdOf(q.contacts.requireConsumer().function)]?.Properties.Environment;
      expect(variables).toEqual({
        Variables: expect.objectContaining({
          [ENV.tableName]: { 'Fn::ImportValue': expect.stringMatching(/^FlashpointState:/) },
          [ENV.seniorQueueUrl]: { Ref: logicalIdOf(q.senior.queue) },
          [ENV.normalQueueUrl]: { Ref: logicalIdOf(q.normal.queue) },
          [ENV.deadLetterQueueUrl]: { Ref: logicalIdOf(q.contacts.deadLetterQueue) },
          [ENV.alertTopicArn]: { Ref: logicalIdOf(alertTopic) },
          POWERTOOLS_SERVICE_NAME: 'triage',
        }),
      });
    });

    it('lets triage read and write the table, send to senior, normal and its DLQ, and publish alerts', () => {
      // Prepare
      const { queues: q, alertTopic } = synth.pipeline;
      const statements = roleStatements(template, logicalIdOf(q.contacts.requireConsumer().role));

      // Assess
      expect(targetsOf(statements, 'sqs:SendMessage')).toEqual(
        [
          logicalIdOf(q.senior.queue),
          logicalIdOf(q.normal.queue),
          logicalIdOf(q.contacts.deadLetterQueue),
        ].sort(),
      );
      expect(targetsOf(statements, 'sns:Publish')).toEqual([logicalIdOf(alertTopic)]);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Action: expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']),
          Resource: expect.arrayContaining([
            { 'Fn::ImportValue': expect.stringMatching(/^FlashpointState:/) },
          ]),
        }),
      );
    });

    it('grants no wildcard action anywhere, and Resource "*" only to the X-Ray write actions', () => {
      // Prepare
      const statements = [...identityStatements(template), ...identityStatements(synth.stateTemplate)];
      const allows = statements.filter((s) => s.Effect === 'Allow');

      // Assess
      expect(allows.length).toBeGreaterThan(0);
      for (const statement of allows) {
        for (const action of asArray(statement.Action)) {
          expect(action === '*' || action.endsWith(':*'), action).toBe(false);
        }
        if (asArray(statement.Resource).includes('*')) {
          expect(asArray(statement.Action).sort()).toEqual([
            'xray:PutTelemetryRecords',
            'xray:PutTraceSegments',
          ]);
        }
      }
    });
  });

  describe('alerts, alarms, outputs', () => {
    it('encrypts the alert topic and denies publishing without TLS', () => {
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('alarms on the first message in every DLQ', () => {
      for (const key of QUEUE_KEYS) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [
            {
              Name: 'QueueName',
              Value: { 'Fn::GetAtt': [logicalIdOf(synth.pipeline.queues[key].deadLetterQueue), 'QueueName'] },
            },
          ],
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });

    it('alarms when a consumed queue holds a message older than its retry budget', () => {
      for (const key of CONSUMED) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateAgeOfOldestMessage',
          Dimensions: [
            {
              Name: 'QueueName',
              Value: { 'Fn::GetAtt': [logicalIdOf(synth.pipeline.queues[key].queue), 'QueueName'] },
            },
          ],
          Threshold: QUEUES[key].maxReceiveCount * VISIBILITY_TIMEOUT_SECONDS,
        });
      }
    });

    it('alarms on errors and throttles of every consumer', () => {
      for (const key of CONSUMED) {
        const fnId = logicalIdOf(synth.pipeline.queues[key].requireConsumer().function);
        for (const metric of ['Errors', 'Throttles']) {
          template.hasResourceProperties('AWS::CloudWatch::Alarm', {
            Namespace: 'AWS/Lambda',
            MetricName: metric,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
            Threshold: 1,
          });
        }
      }
    });

    it('has a dashboard', () => {
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    });

    it('outputs every queue URL, every DLQ URL and the alert topic ARN', () => {
      for (const key of QUEUE_KEYS) {
        const stage = synth.pipeline.queues[key];
        template.hasOutput(`${QUEUES[key].id}QueueUrl`, { Value: { Ref: logicalIdOf(stage.queue) } });
        template.hasOutput(`${QUEUES[key].id}DlqUrl`, { Value: { Ref: logicalIdOf(stage.deadLetterQueue) } });
      }
      template.hasOutput('AlertTopicArn', { Value: { Ref: logicalIdOf(synth.pipeline.alertTopic) } });
    });

    it('synthesises without CDK warnings or errors', () => {
      for (const stack of [synth.state, synth.pipeline]) {
        expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()), stack.stackName).toEqual([]);
        expect(Annotations.fromStack(stack).findError('*', Match.anyValue()), stack.stackName).toEqual([]);
      }
    });
  });

  it('QueueWithConsumer refuses a consumer entry that does not match the definition', () => {
    const stack = new Stack(new App(), 'Probe');
    expect(
      () => new QueueWithConsumer(stack, 'Senior', { definition: QUEUES.senior, consumerEntry: 'x.ts' }),
    ).toThrow(/consumerEntry exactly when/);
    expect(() => new QueueWithConsumer(stack, 'Contacts', { definition: QUEUES.contacts })).toThrow(
      /consumerEntry exactly when/,
    );
  });

  it('QueueWithConsumer refuses a pipeline consumer on a FIFO queue', () => {
    const stack = new Stack(new App(), 'Probe');
    const definition = { ...QUEUES.senior, consumer: { name: 'triage' as const } };
    expect(() => new QueueWithConsumer(stack, 'Senior', { definition, consumerEntry: 'x.ts' })).toThrow(
      /FIFO queues are read by people/,
    );
  });
});
