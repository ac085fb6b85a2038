import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayJsonSchema } from '../../functions/core/channels/schemas.ts';
import { CHANNELS } from '../../functions/core/contact.ts';
import {
  API_BURST_LIMIT,
  API_MONTHLY_QUOTA,
  API_RATE_LIMIT,
  API_STAGE,
} from '../../infra/constructs/http-intake-api.ts';
import { intakeQueueFor } from '../../infra/resources.ts';
import { unacknowledgedFindings } from '../helpers/cdk-nag.ts';
import {
  asArray,
  identityStatements,
  logicalIdOf,
  type SynthesizedFlashpoint,
  synthFlashpoint,
} from './app-fixture.ts';

type Resources = Record<string, { Properties: Record<string, unknown> }>;

interface MethodProperties {
  readonly HttpMethod: string;
  readonly RequestModels: Record<string, { Ref: string }>;
  readonly Integration: { readonly Uri: unknown; readonly IntegrationResponses: unknown[] };
}

interface StageProperties {
  readonly StageName: string;
  readonly TracingEnabled: boolean;
  readonly MethodSettings: unknown[];
  readonly AccessLogSetting: { readonly Format: string };
}

describe('HttpIntakeApi (stack FlashpointIntakeApi)', () => {
  let synth: SynthesizedFlashpoint;
  let template: Template;
  let methods: Resources;
  let roleId: string;

  // Synthesis takes seconds, more on a busy machine: past vitest's 10 s default for hooks.
  beforeAll(() => {
    synth = synthFlashpoint({ nagChecks: false });
    template = Template.fromStack(Stack.of(synth.httpIntake));
    methods = template.findResources('AWS::ApiGateway::Method') as Resources;
    roleId = logicalIdOf(synth.httpIntake.role);
  }, 60_000);

  /** The POST method under /v1/<channel>. */
  function methodFor(channel: string) {
    const resources = template.findResources('AWS::ApiGateway::Resource', {
      Properties: { PathPart: channel },
    });
    const [resourceId] = Object.keys(resources);
    const method = Object.values(methods).find(
      (m) => JSON.stringify(m.Properties.ResourceId) === JSON.stringify({ Ref: resourceId }),
    );
    if (!method) throw new Error(`no method for /v1/${channel}`);
    return method.Properties as unknown as MethodProperties;
  }

  it('has exactly POST /v1/email, /v1/chat and /v1/social, each needing an API key and a valid body', () => {
    // Prepare
    const validators = template.findResources('AWS::ApiGateway::RequestValidator');
    const [validatorId] = Object.keys(validators);

    // Assess
    expect(Object.keys(methods)).toHaveLength(CHANNELS.length);
    expect(Object.values(validators)[0]?.Properties).toMatchObject({ ValidateRequestBody: true });
    for (const channel of CHANNELS) {
      const method = methodFor(channel);
      expect(method).toMatchObject({
        HttpMethod: 'POST',
        ApiKeyRequired: true,
        AuthorizationType: 'NONE',
        RequestValidatorId: { Ref: validatorId },
        RequestModels: { 'application/json': { Ref: expect.any(String) } },
      });
    }
  });

  it("validates each channel's body with the draft-4 model generated from its zod schema", () => {
    for (const channel of CHANNELS) {
      const modelId = methodFor(channel).RequestModels['application/json']?.Ref ?? '';
      const model = template.findResources('AWS::ApiGateway::Model')[modelId]?.Properties;
      expect(model?.ContentType, channel).toBe('application/json');
      expect(model?.Schema, channel).toEqual(apiGatewayJsonSchema(channel));
    }
  });

  it("sends the body straight to the channel's intake queue with SQS SendMessage, no Lambda", () => {
    template.resourceCountIs('AWS::Lambda::Function', 0);
    for (const channel of CHANNELS) {
      const integration = methodFor(channel).Integration;
      const queueName = JSON.stringify(integration.Uri);
      expect(integration).toMatchObject({
        Type: 'AWS',
        IntegrationHttpMethod: 'POST',
        PassthroughBehavior: 'NEVER',
        Credentials: { 'Fn::GetAtt': [roleId, 'Arn'] },
        RequestParameters: {
          'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
        },
        RequestTemplates: {
          'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)',
        },
      });
      expect(queueName).toContain(':sqs:path/');
      // the queue's name crosses from the pipeline stack as an import of that stack's export
      expect(queueName).toMatch(/Fn::ImportValue.*FlashpointPipeline/);
      expect(queueName).toContain(logicalIdOf(synth.pipeline.queues[intakeQueueFor[channel]].queue));
      expect(integration.IntegrationResponses).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            StatusCode: '202',
            ResponseTemplates: { 'application/json': expect.stringContaining('MessageId') },
          }),
          expect.objectContaining({ StatusCode: '400', SelectionPattern: '400' }),
          expect.objectContaining({ StatusCode: '502' }),
        ]),
      );
    }
  });

  it('lets API Gateway only sqs:SendMessage, on the three intake queues', () => {
    // Prepare
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(
        (p) =>
          p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown; Effect: string }[],
      );

    // Assess
    expect(statements.map((s) => s.Action)).toEqual(statements.map(() => 'sqs:SendMessage'));
    const resources = JSON.stringify(statements.flatMap((s) => asArray(s.Resource)));
    for (const channel of CHANNELS) {
      expect(resources).toContain(logicalIdOf(synth.pipeline.queues[intakeQueueFor[channel]].queue));
    }
    expect(statements.flatMap((s) => asArray(s.Resource))).toHaveLength(CHANNELS.length);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
      },
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('grants no wildcard action and no Resource "*" in the stack', () => {
    const allows = identityStatements(template).filter((s) => s.Effect === 'Allow');
    expect(allows.length).toBeGreaterThan(0);
    for (const statement of allows) {
      for (const action of asArray(statement.Action))
        expect(action === '*' || action.endsWith(':*'), action).toBe(false);
      expect(asArray(statement.Resource)).not.toContain('*');
    }
  });

  it('ties an API key to a usage plan with a throttle and a monthly quota', () => {
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: API_RATE_LIMIT, BurstLimit: API_BURST_LIMIT },
      Quota: { Limit: API_MONTHLY_QUOTA, Period: 'MONTH' },
      ApiStages: [Match.objectLike({ Stage: { Ref: Match.anyValue() } })],
    });
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', { KeyType: 'API_KEY' });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'HEADER' });
  });

  it('logs access as JSON without bodies, execution errors without data traces, and traces with X-Ray', () => {
    // Prepare
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0]
      ?.Properties as unknown as StageProperties;

    // Assess
    expect(stage.StageName).toBe(API_STAGE);
    expect(stage.TracingEnabled).toBe(true);
    expect(stage.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        ThrottlingRateLimit: API_RATE_LIMIT,
        ThrottlingBurstLimit: API_BURST_LIMIT,
      }),
    ]);
    const format = JSON.parse(stage.AccessLogSetting.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      apiKeyId: '$context.identity.apiKeyId',
      status: '$context.status',
    });
    expect(JSON.stringify(format)).not.toMatch(/input\.body|validationErrorString/);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    // the account-level logging role is the pipeline stack's; a second one here would overwrite it
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('answers every refusal with the same { error: { code, reason } } body as the local server', () => {
    // Prepare
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map(
      (r) =>
        r.Properties as {
          ResponseType: string;
          StatusCode?: string;
          ResponseTemplates: Record<string, string>;
        },
    );
    const byType = new Map(responses.map((r) => [r.ResponseType, r]));

    // Assess
    for (const [type, status, code] of [
      ['BAD_REQUEST_BODY', '400', 'invalid_body'],
      ['UNSUPPORTED_MEDIA_TYPE', '415', 'unsupported_media_type'],
      ['REQUEST_TOO_LARGE', '413', 'too_large'],
      ['MISSING_AUTHENTICATION_TOKEN', '404', 'not_found'],
      ['INVALID_API_KEY', '403', 'forbidden'],
      ['THROTTLED', '429', 'throttled'],
      ['QUOTA_EXCEEDED', '429', 'quota_exceeded'],
    ] as const) {
      const response = byType.get(type);
      expect(response?.StatusCode, type).toBe(status);
      const body = JSON.parse(response?.ResponseTemplates['application/json'] ?? '') as {
        error: { code: string; reason: string };
      };
      expect(body.error.code, type).toBe(code);
      expect(body.error.reason.length, type).toBeGreaterThan(0);
    }
    for (const type of ['DEFAULT_4XX', 'DEFAULT_5XX']) {
      expect(byType.get(type)?.ResponseTemplates['application/json']).toContain(
        '"reason":$context.error.messageString',
      );
    }
  });

  it('synthesises without CDK warnings or errors', () => {
    const stack = Stack.of(synth.httpIntake);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });

  it('passes cdk-nag (AwsSolutions + Serverless) with nothing unacknowledged', () => {
    synth.app.synth();
    const findings = unacknowledgedFindings(Stack.of(synth.httpIntake));
    expect(findings).toEqual([]);
  });
});
