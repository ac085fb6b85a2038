import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AuthorizationType,
  type CfnMethod,
  EndpointType,
  type JsonSchema,
  LambdaIntegration,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import * as z from 'zod';
import { outcomeBodySchema } from '../../functions/core/outcomes.ts';
import { ENV } from '../resources.ts';
import { privateStageOptions } from './api-stage-defaults.ts';
import { PipelineFunction } from './pipeline-function.ts';

export interface CaseOperationsApiProps {
  readonly table: ITable;
}

/** JSON Schema keywords API Gateway's draft-4 models accept; zod may emit more. */
const DRAFT4 = new Set([
  'type',
  'properties',
  'required',
  'items',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'maxItems',
  'pattern',
  'additionalProperties',
]);

function draft4(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(draft4);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => DRAFT4.has(k))
      .map(([k, v]) => [
        k,
        k === 'properties'
          ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, draft4(s)]))
          : draft4(v),
      ]),
  );
}

/**
 * POST /cases/{caseId}/outcomes for senior staff and their tools: IAM-authenticated (SigV4 with the
 * caller's role), body validated against the outcome schema, recorded by a small Lambda beside the
 * triage decisions (functions/outcomes/handler.ts).
 */
export class CaseOperationsApi extends Construct {
  readonly api: RestApi;
  readonly handler: PipelineFunction;

  constructor(scope: Construct, id: string, props: CaseOperationsApiProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Outcomes', {
      entry: 'functions/outcomes/handler.ts',
      serviceName: 'outcomes',
      description: 'Records how a case ended, beside its triage decisions',
      environment: { [ENV.tableName]: props.table.tableName },
    });
    props.table.grantReadWriteData(this.handler.function);
    Validations.of(this.handler.function.node.defaultChild as Construct).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by API Gateway: the caller gets the error and retries; there is no async event to dead-letter.',
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api = new RestApi(this, 'Api', {
      description: 'Flashpoint case operations: record outcomes (IAM auth)',
      endpointTypes: [EndpointType.REGIONAL],
      defaultMethodOptions: { authorizationType: AuthorizationType.IAM },
      // The account's API Gateway logging role: this stack deploys before the intake API's, so it brings
      // the role its own stage logs need; retained, since every API in the account and region uses it.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      // A few people record outcomes: 10 requests/s with bursts of 20 is far above their pace.
      deployOptions: {
        ...privateStageOptions(accessLogs, 'prod'),
        throttlingRateLimit: 10,
        throttlingBurstLimit: 20,
      },
    });
    const validator = this.api.addRequestValidator('BodyValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const model = this.api.addModel('OutcomeBody', {
      contentType: 'application/json',
      schema: draft4(
        z.toJSONSchema(outcomeBodySchema, { io: 'input', unrepresentable: 'any' }),
      ) as JsonSchema,
    });
    const method = this.api.root
      .addResource('cases')
      .addResource('{caseId}')
      .addResource('outcomes')
      .addMethod('POST', new LambdaIntegration(this.handler.function), {
        authorizationType: AuthorizationType.IAM,
        requestValidator: validator,
        requestModels: { 'application/json': model },
      });
    Validations.of(method.node.defaultChild as CfnMethod).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'Authenticated with IAM (SigV4): staff tools call it with their own roles; there is no Cognito user pool.',
    });
    Validations.of(this.api.deploymentStage.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'Every call is IAM-signed and body-validated; a WAF web ACL can be attached per deployment where mandated.',
    });
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway's account-level logging role uses the AWS managed policy AWS documents for it (CloudWatch Logs only).",
      });
    }
    new CfnOutput(this, 'OutcomesUrl', {
      value: this.api.urlForPath('/cases/{caseId}/outcomes'),
      description: 'POST an outcome (SigV4-signed)',
    });
  }
}
