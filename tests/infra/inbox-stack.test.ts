import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchRoute } from '../../functions/core/inbox/routes.ts';
import { INBOX_API_ROUTES } from '../../infra/constructs/inbox-api.ts';
import { INBOX_ASSETS_CONTEXT } from '../../infra/flashpoint-app.ts';
import { buildFlashpoint } from './app-fixture.ts';

type Resource = { Properties: Record<string, unknown>; [key: string]: unknown };
type Resources = Record<string, Resource>;

/** CloudFront's managed policies, by the ids AWS documents for them. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('InboxStack', () => {
  let template: Template;

  beforeAll(() => {
    template = Template.fromStack(buildFlashpoint({ nagChecks: false }).inbox);
  });

  const only = (type: string): Resource => {
    const found = Object.values(template.findResources(type) as Resources);
    expect(found).toHaveLength(1);
    return found[0] as Resource;
  };
  const logicalIdOfOnly = (type: string): string => {
    const ids = Object.keys(template.findResources(type));
    expect(ids).toHaveLength(1);
    return ids[0] ?? '';
  };

  describe('the API', () => {
    it('puts the Cognito user-pool authorizer on every method, and no method without one', () => {
      const authorizer = logicalIdOfOnly('AWS::ApiGateway::Authorizer');
      template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        Type: 'COGNITO_USER_POOLS',
        IdentitySource: 'method.request.header.Authorization',
        ProviderARNs: [{ 'Fn::GetAtt': [logicalIdOfOnly('AWS::Cognito::UserPool'), 'Arn'] }],
      });
      const methods = Object.values(template.findResources('AWS::ApiGateway::Method') as Resources);
      expect(methods).toHaveLength(INBOX_API_ROUTES.length);
      // Spelled out as well: README's "The inbox in AWS" states how many methods the authorizer guards.
      expect(methods).toHaveLength(8);
      for (const method of methods) {
        expect(method.Properties).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizerId: { Ref: authorizer },
        });
      }
      expect(methods.map((m) => m.Properties.HttpMethod)).not.toContain('OPTIONS');
    });

    it("declares exactly the routes the inbox handler's router answers", () => {
      const ids: Record<string, string> = {
        caseId: `k_${'a'.repeat(32)}`,
        incidentId: `i_${'b'.repeat(32)}`,
      };
      for (const route of INBOX_API_ROUTES) {
        const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? name);
        expect(() => matchRoute(route.method, path), `${route.method} ${path}`).not.toThrow();
      }
    });

    it('logs access, throttles the stage and never logs request bodies', () => {
      template.hasResourceProperties('AWS::ApiGateway::Stage', {
        StageName: 'prod',
        AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
        MethodSettings: [
          Match.objectLike({ DataTraceEnabled: false, ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 }),
        ],
      });
    });

    it('lets the inbox function write only items of the base table, and read it with its indexes', () => {
      const fn = Object.entries(template.findResources('AWS::Lambda::Function') as Resources).find(([, f]) =>
        JSON.stringify(f.Properties.Environment).includes('"POWERTOOLS_SERVICE_NAME":"inbox"'),
      );
      expect(fn).toBeDefined();
      const statements = Object.values(template.findResources('AWS::IAM::Policy') as Resources)
        .filter((p) => JSON.stringify(p.Properties.Roles).includes('InboxApiHandlerRole'))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
      const writes = statements.filter((s) =>
        /PutItem|UpdateItem|DeleteItem|BatchWrite/.test(JSON.stringify(s.Action)),
      );
      expect(writes).toEqual([
        {
          Action: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Effect: 'Allow',
          Resource: { 'Fn::ImportValue': expect.stringContaining('FlashpointState:') },
        },
      ]);
      const reads = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:Query'));
      expect(reads?.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem']));
      expect(JSON.stringify(reads?.Resource)).toContain('/index/*');
    });
  });

  describe('sign-in', () => {
    it('has no self sign-up, requires TOTP MFA and a strong password', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      });
    });

    it('gives the page a public client: code flow only, no secret, back to the distribution', () => {
      const cdn = logicalIdOfOnly('AWS::CloudFront::Distribution');
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        AllowedOAuthFlows: ['code'],
        GenerateSecret: false,
        CallbackURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [cdn, 'DomainName'] }, '/']] }],
      });
    });
  });

  describe('hosting', () => {
    it('keeps the bucket private, encrypted and TLS-only, readable by this distribution alone', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      });
      const statements = (
        only('AWS::S3::BucketPolicy').Properties.PolicyDocument as {
          Statement: {
            Effect: string;
            Principal: unknown;
            Condition?: Record<string, Record<string, unknown>>;
          }[];
        }
      ).Statement;
      expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
        expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]);
      for (const allow of statements.filter((s) => s.Effect === 'Allow')) {
        expect(allow.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
        expect(JSON.stringify(allow.Condition?.StringEquals?.['AWS:SourceArn'])).toContain(
          logicalIdOfOnly('AWS::CloudFront::Distribution'),
        );
      }
    });

    it('reads the bucket through Origin Access Control and sends every viewer to HTTPS', () => {
      const oac = logicalIdOfOnly('AWS::CloudFront::OriginAccessControl');
      const config = only('AWS::CloudFront::Distribution').Properties.DistributionConfig as {
        DefaultRootObject: string;
        DefaultCacheBehavior: Record<string, unknown>;
        CacheBehaviors: Record<string, unknown>[];
        Origins: {
          Id: string;
          OriginAccessControlId?: unknown;
          S3OriginConfig?: unknown;
          OriginPath?: string;
        }[];
      };
      expect(config.DefaultRootObject).toBe('index.html');
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
        expect.objectContaining({ EventType: 'viewer-request' }),
      ]);
      const s3 = config.Origins.find((o) => o.S3OriginConfig);
      expect(s3?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oac, 'Id'] });
      expect(s3?.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
      expect(template.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
    });

    it('serves /api/* from the API on the same distribution: HTTPS only, never cached, Authorization passed on', () => {
      const config = only('AWS::CloudFront::Distribution').Properties.DistributionConfig as {
        CacheBehaviors: Record<string, unknown>[];
        Origins: { Id: string; OriginPath?: string; DomainName: unknown }[];
      };
      expect(config.CacheBehaviors).toEqual([
        expect.objectContaining({
          PathPattern: '/api/*',
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: CACHING_DISABLED,
          OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        }),
      ]);
      const api = config.Origins.find((o) => o.Id === config.CacheBehaviors[0]?.TargetOriginId);
      expect(JSON.stringify(api?.DomainName)).toContain('.execute-api.');
      // `/<stage>`, taken from the stage's URL: API Gateway sees /prod/api/… and routes /api/….
      expect(JSON.stringify(api?.OriginPath)).toContain('InboxApiDeploymentStageprod');
    });

    it('answers with a CSP that allows only this site and the sign-in domain, HSTS and no framing', () => {
      const policy = only('AWS::CloudFront::ResponseHeadersPolicy').Properties
        .ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: Record<string, Record<string, unknown>>;
      };
      const headers = policy.SecurityHeadersConfig;
      const csp = JSON.stringify(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
      expect(csp).toContain("default-src 'self'; script-src 'self'");
      expect(csp).toContain("connect-src 'self' https://");
      expect(csp).toContain('.amazoncognito.com');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(headers.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 31_536_000 });
      expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    });

    it('publishes the page and a config.json naming the sign-in domain, the client and the redirect', () => {
      const deployment = only('Custom::CDKBucketDeployment').Properties as {
        SourceObjectKeys: string[];
        SourceMarkers: Record<string, unknown>[];
        DistributionPaths: string[];
      };
      expect(deployment.SourceObjectKeys).toHaveLength(2);
      const markers = JSON.stringify(deployment.SourceMarkers[1]);
      expect(markers).toContain(logicalIdOfOnly('AWS::Cognito::UserPoolDomain'));
      expect(markers).toContain(logicalIdOfOnly('AWS::Cognito::UserPoolClient'));
      expect(markers).toContain(logicalIdOfOnly('AWS::CloudFront::Distribution'));
      expect(deployment.DistributionPaths).toEqual(['/*']);
    });
  });

  it('refuses to synthesise without a built page, naming the command that builds it', () => {
    const empty = mkdtempSync(join(tmpdir(), 'flashpoint-no-web-'));
    expect(() => buildFlashpoint({ nagChecks: false, context: { [INBOX_ASSETS_CONTEXT]: empty } })).toThrow(
      /index\.html is missing\. Run `npm run build:web`/,
    );
  });
});
