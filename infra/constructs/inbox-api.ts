import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  type IResource,
  LambdaIntegration,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../resources.ts';
import { privateStageOptions } from './api-stage-defaults.ts';
import { PipelineFunction } from './pipeline-function.ts';

/**
 * Every route of the inbox API (functions/core/inbox/routes.ts answers the same ones). Declared one by one
 * instead of a `{proxy+}`: a path nobody declared never reaches the function, and each method carries the
 * Cognito authorizer itself. tests/infra/inbox-stack.test.ts checks the handler's router matches each of them.
 */
export const INBOX_API_ROUTES = [
  { method: 'GET', path: '/api/cases' },
  { method: 'GET', path: '/api/cases/{caseId}' },
  { method: 'POST', path: '/api/cases/{caseId}/acknowledge' },
  { method: 'POST', path: '/api/cases/{caseId}/reassign' },
  { method: 'POST', path: '/api/cases/{caseId}/outcomes' },
  { method: 'GET', path: '/api/incidents' },
  { method: 'GET', path: '/api/incidents/{incidentId}' },
  { method: 'GET', path: '/api/staff' },
] as const;

export const INBOX_API_STAGE = 'prod';
/** A handful of staff polling every few seconds: 20 requests/s with bursts of 40 leaves room for dozens. */
export const INBOX_API_RATE_LIMIT = 20;
export const INBOX_API_BURST_LIMIT = 40;

/** `-c flashpoint:inboxAuthDomain=acme-flashpoint`: the hosted sign-in page's prefix (unique per region). */
export const INBOX_AUTH_DOMAIN_CONTEXT = 'flashpoint:inboxAuthDomain';

export interface InboxApiProps {
  readonly table: ITable;
  /**
   * Prefix of the Cognito hosted-UI domain, `https://<prefix>.auth.<region>.amazoncognito.com`. Unique per
   * region across AWS; default `flashpoint-inbox-<account id>`, so two deployments in one account and region
   * need their own.
   */
  readonly authDomainPrefix?: string;
}

/**
 * The inbox's API and who may call it. A Cognito user pool of senior and social-media staff (no self
 * sign-up: an administrator creates each account; TOTP MFA required, set up on first sign-in through the
 * hosted UI), and a REST API whose every method needs that pool's ID token, in front of one Lambda
 * (functions/inbox/handler.ts) that reads cases and records acknowledge / reassign / outcome.
 */
export class InboxApi extends Construct {
  readonly api: RestApi;
  readonly handler: PipelineFunction;
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: InboxApiProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Staff', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // NIST 800-63B length over composition, plus the classes cdk-nag's COG1 expects.
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff read customers' messages and contact details: an authenticator app on top of the password.
      // TOTP only, so the pool needs no SMS role and no phone numbers.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Accounts are people's; a stack replaced by mistake must not take them along.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const id of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
      Validations.of(this.userPool.node.defaultChild as Construct).acknowledge({
        id,
        reason:
          'Threat protection needs the Plus feature plan, billed per monthly active user; here every account is created by an administrator and needs TOTP MFA. Switch the plan on per deployment where mandated.',
      });
    }
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? `flashpoint-inbox-${Aws.ACCOUNT_ID}` },
    });

    this.handler = new PipelineFunction(this, 'Handler', {
      entry: 'functions/inbox/handler.ts',
      serviceName: 'inbox',
      description: 'Flashpoint web inbox API: cases, incidents, staff, acknowledge, reassign, outcomes',
      environment: { [ENV.tableName]: props.table.tableName },
    });
    const fn = this.handler.function;
    // Reads (cases by owner and hottest first come from the GSIs), and the three item writes that
    // acknowledge / reassign / record-outcome transactions are made of, on the base table only.
    props.table.grantReadData(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
      }),
    );
    Validations.of(fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously by API Gateway: the browser gets the error and the person retries; there is no async event to dead-letter.',
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const authorizer = new CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
      cognitoUserPools: [this.userPool],
      // The browser sends the ID token as `Authorization` (web/src/auth/session.ts); a minute's cache of
      // the verdict per token keeps polling cheap without letting a revoked session live long.
      identitySource: 'method.request.header.Authorization',
      resultsCacheTtl: Duration.minutes(1),
    });
    this.api = new RestApi(this, 'Api', {
      description: 'Flashpoint web inbox API (Cognito user pool authorizer on every method)',
      endpointTypes: [EndpointType.REGIONAL],
      defaultMethodOptions: { authorizationType: AuthorizationType.COGNITO, authorizer },
      // The account's API Gateway logging role comes from the pipeline stack's case-operations API; this
      // stack is deployed after that one (infra/flashpoint-app.ts adds the dependency).
      cloudWatchRole: false,
      deployOptions: {
        ...privateStageOptions(this.accessLogs, INBOX_API_STAGE),
        throttlingRateLimit: INBOX_API_RATE_LIMIT,
        throttlingBurstLimit: INBOX_API_BURST_LIMIT,
      },
    });
    // API Gateway checks that the path parameters are there. The POST bodies carry no model on purpose:
    // the handler's zod schemas (functions/core/inbox) check them and answer with field-level messages a
    // model's bare 400 would not give, and a second copy of each schema here could drift from them.
    const validator = this.api.addRequestValidator('Parameters', {
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const integration = new LambdaIntegration(fn);
    for (const route of INBOX_API_ROUTES) {
      const resource = resourceFor(this.api.root, route.path);
      const parameters = Object.fromEntries(
        [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [`method.request.path.${name}`, true]),
      );
      resource.addMethod(route.method, integration, {
        authorizationType: AuthorizationType.COGNITO,
        authorizer,
        requestValidator: validator,
        requestParameters: parameters,
      });
    }

    Validations.of(this.api.deploymentStage.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason:
        'Reached through the inbox CloudFront distribution; every method needs a Cognito ID token and the stage throttles. A regional WAF web ACL can be associated per deployment where mandated.',
    });
  }

  /**
   * The browser's app client: authorization code + PKCE through the hosted UI, no client secret (a page
   * cannot keep one), tokens back to the site root. One hour ID tokens; a day of refresh.
   */
  addWebClient(siteUrl: string): UserPoolClient {
    return this.userPool.addClient('Web', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [siteUrl],
        logoutUrls: [siteUrl],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      enableTokenRevocation: true,
    });
  }
}

/** `/api/cases/{caseId}/outcomes` → the nested resources, reusing the ones an earlier route made. */
function resourceFor(root: IResource, path: string): IResource {
  let resource = root;
  for (const part of path.split('/').filter(Boolean)) {
    resource = resource.getResource(part) ?? resource.addResource(part);
  }
  return resource;
}
