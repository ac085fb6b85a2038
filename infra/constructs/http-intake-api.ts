import { Aws, CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  ApiKeySourceType,
  AwsIntegration,
  type CfnMethod,
  EndpointType,
  type IApiKey,
  type JsonSchema,
  PassthroughBehavior,
  Period,
  ResponseType,
  RestApi,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { apiGatewayJsonSchema } from '../../functions/core/channels/schemas.ts';
import { CHANNELS, type Channel } from '../../functions/core/contact.ts';
import { privateStageOptions } from './api-stage-defaults.ts';

/** Requests per second across all callers, and the burst above it (stage default and usage plan alike). */
export const API_RATE_LIMIT = 50;
export const API_BURST_LIMIT = 100;
/** Per API key and month: ~20 messages a minute around the clock, far above a support team's inflow. */
export const API_MONTHLY_QUOTA = 1_000_000;
export const API_STAGE = 'prod';

/** The error body every refusal has, here as locally: `{ "error": { "code", "reason" } }`. */
function errorTemplate(code: string, reason: string): Record<string, string> {
  return { 'application/json': JSON.stringify({ error: { code, reason } }) };
}

/**
 * zod's JSON Schema keywords are CDK's JsonSchema fields, except that CDK spells `$schema`/`$ref` as
 * `schema`/`ref` and writes the `$` back when rendering the model.
 */
export function toCdkJsonSchema(schema: Readonly<Record<string, unknown>>): JsonSchema {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, sub]) => [
        key === '$schema' ? 'schema' : key === '$ref' ? 'ref' : key,
        convert(sub),
      ]),
    );
  };
  return convert(schema) as JsonSchema;
}

export interface HttpIntakeApiProps {
  /** Each channel's intake queue: POST /v1/<channel> sends the body there. */
  readonly queues: Readonly<Record<Channel, IQueue>>;
}

/**
 * The HTTP intake: a REST API whose POST /v1/email|chat|social validates the body against the channel's
 * JSON Schema model (generated from the adapters' zod schemas) and sends it straight to that channel's
 * intake queue — a direct SQS integration, no Lambda on the hot path. Callers authenticate with an API
 * key (`x-api-key`) tied to a usage plan; every refusal is a 4xx with the same error body as the local
 * server (local/http/server.ts). docs/channels.md has the routes, keys and curl examples.
 */
export class HttpIntakeApi extends Construct {
  readonly api: RestApi;
  /** The role API Gateway sends with: sqs:SendMessage on the intake queues, nothing else. */
  readonly role: Role;
  readonly apiKey: IApiKey;
  readonly usagePlan: UsagePlan;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: HttpIntakeApiProps) {
    super(scope, id);

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new RestApi(this, 'Api', {
      description: 'Flashpoint HTTP intake: POST /v1/email|chat|social onto the channel intake queues',
      endpointTypes: [EndpointType.REGIONAL],
      apiKeySourceType: ApiKeySourceType.HEADER,
      defaultMethodOptions: { apiKeyRequired: true },
      // Stage logs need the account's API Gateway CloudWatch role (one per account and region). The
      // pipeline stack's case-operations API sets it, and this stack deploys after that one (it imports
      // the queues), so a second AWS::ApiGateway::Account here would only overwrite the same setting.
      cloudWatchRole: false,
      // Tracing, metrics, ERROR execution logs without data traces, access logs of ids and status only:
      // the stage settings every Flashpoint REST API shares.
      deployOptions: {
        ...privateStageOptions(this.accessLogs, API_STAGE),
        throttlingRateLimit: API_RATE_LIMIT,
        throttlingBurstLimit: API_BURST_LIMIT,
      },
    });

    this.role = new Role(this, 'SendRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway sends validated intake bodies to the channel queues',
    });
    const validator = this.api.addRequestValidator('BodyValidator', {
      requestValidatorName: 'body',
      validateRequestBody: true,
      // No method declares required parameters today; on, so one added later is enforced from the start.
      validateRequestParameters: true,
    });

    const v1 = this.api.root.addResource('v1');
    for (const channel of CHANNELS) {
      const queue = props.queues[channel];
      // Only SendMessage: grantSendMessages would add GetQueueAttributes and GetQueueUrl, which a
      // direct integration that already knows the queue's path never calls.
      queue.grant(this.role, 'sqs:SendMessage');
      const name = `${channel[0]?.toUpperCase()}${channel.slice(1)}Payload`;
      const model = this.api.addModel(name, {
        modelName: name,
        contentType: 'application/json',
        description: `Body of POST /v1/${channel} (docs/channels.md)`,
        schema: toCdkJsonSchema(apiGatewayJsonSchema(channel)),
      });
      const method = v1.addResource(channel).addMethod('POST', this.sendTo(queue), {
        apiKeyRequired: true,
        requestValidator: validator,
        requestModels: { 'application/json': model },
        methodResponses: [{ statusCode: '202' }, { statusCode: '400' }, { statusCode: '502' }],
      });
      for (const rule of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(method.node.defaultChild as CfnMethod).acknowledge({
          id: rule,
          reason:
            'Callers are machines (inbox forwarders, chat and listening tools), authenticated by API key (apiKeyRequired) under a usage plan with throttle and quota; no IAM or Cognito identity exists for them.',
        });
      }
    }

    this.addErrorResponses();

    this.apiKey = this.api.addApiKey('IntakeKey', {
      description: 'Flashpoint HTTP intake: first caller key; add more in the usage plan (docs/channels.md)',
    });
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      description: 'Flashpoint HTTP intake callers',
      throttle: { rateLimit: API_RATE_LIMIT, burstLimit: API_BURST_LIMIT },
      quota: { limit: API_MONTHLY_QUOTA, period: Period.MONTH },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.usagePlan.addApiKey(this.apiKey);

    Validations.of(this.api.deploymentStage.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'Every method needs an API key, bodies are schema-validated and size-capped by SQS, and the stage and usage plan throttle; a WAF web ACL can be associated per deployment where one is mandated.',
    });
    new CfnOutput(this, 'Url', {
      value: this.api.urlForPath('/v1'),
      description: 'POST <this>/email | /chat | /social with x-api-key',
    });
    new CfnOutput(this, 'ApiKeyId', {
      value: this.apiKey.keyId,
      description: 'aws apigateway get-api-key --include-value --api-key <this> --query value --output text',
    });
    new CfnOutput(this, 'UsagePlanId', { value: this.usagePlan.usagePlanId });
  }

  /**
   * SendMessage through SQS's query API: the JSON body, URL-encoded, is the message body. The 202 answer
   * carries the message id; SQS refusing the message (over its size limit, or characters SQS does not
   * allow) is a 400, any other SQS failure a 502 — never a silent success.
   */
  private sendTo(queue: IQueue): AwsIntegration {
    return new AwsIntegration({
      service: 'sqs',
      path: `${Aws.ACCOUNT_ID}/${queue.queueName}`,
      integrationHttpMethod: 'POST',
      options: {
        credentialsRole: this.role,
        // 415 for any content type without a template below, instead of passing it through unvalidated.
        passthroughBehavior: PassthroughBehavior.NEVER,
        requestParameters: {
          'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
          // SQS's query API answers in JSON when asked: the 202 template reads the message id from it.
          'integration.request.header.Accept': "'application/json'",
        },
        requestTemplates: {
          'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)',
        },
        integrationResponses: [
          {
            statusCode: '202',
            responseTemplates: {
              'application/json':
                '{"messageId":"$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}',
            },
          },
          {
            statusCode: '400',
            selectionPattern: '400',
            responseTemplates: errorTemplate(
              'queue_rejected',
              'The intake queue refused the message: over its size limit (256 KB) or with characters SQS does not accept.',
            ),
          },
          {
            statusCode: '502',
            selectionPattern: '(40[1-9]|4[1-9]\\d|5\\d\\d)',
            responseTemplates: errorTemplate(
              'queue_unavailable',
              'The intake queue could not be reached; retry.',
            ),
          },
        ],
      },
    });
  }

  /** API Gateway's own refusals, in the same `{ error: { code, reason } }` shape as the local server. */
  private addErrorResponses(): void {
    const responses: [string, ResponseType, string, string, string][] = [
      [
        'BadRequestBody',
        ResponseType.BAD_REQUEST_BODY,
        '400',
        'invalid_body',
        'The body does not match the JSON schema of this channel (docs/channels.md).',
      ],
      [
        'UnsupportedMediaType',
        ResponseType.UNSUPPORTED_MEDIA_TYPE,
        '415',
        'unsupported_media_type',
        'Send the body as application/json.',
      ],
      [
        'RequestTooLarge',
        ResponseType.REQUEST_TOO_LARGE,
        '413',
        'too_large',
        'The body is over the size API Gateway accepts.',
      ],
      [
        'NotFound',
        ResponseType.MISSING_AUTHENTICATION_TOKEN,
        '404',
        'not_found',
        'No such route: POST /v1/email, /v1/chat or /v1/social.',
      ],
      [
        'InvalidApiKey',
        ResponseType.INVALID_API_KEY,
        '403',
        'forbidden',
        'Missing or invalid x-api-key header.',
      ],
      ['Throttled', ResponseType.THROTTLED, '429', 'throttled', 'Too many requests; retry with backoff.'],
      [
        'QuotaExceeded',
        ResponseType.QUOTA_EXCEEDED,
        '429',
        'quota_exceeded',
        "This API key's monthly quota is used up.",
      ],
    ];
    for (const [id, type, statusCode, code, reason] of responses) {
      this.api.addGatewayResponse(id, { type, statusCode, templates: errorTemplate(code, reason) });
    }
    // Anything else: API Gateway's own message, which $context.error.messageString gives already quoted.
    this.api.addGatewayResponse('Default4xx', {
      type: ResponseType.DEFAULT_4XX,
      templates: {
        'application/json': '{"error":{"code":"client_error","reason":$context.error.messageString}}',
      },
    });
    this.api.addGatewayResponse('Default5xx', {
      type: ResponseType.DEFAULT_5XX,
      templates: {
        'application/json': '{"error":{"code":"server_error","reason":$context.error.messageString}}',
      },
    });
  }
}
