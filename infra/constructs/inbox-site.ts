import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IConstruct } from 'constructs';

/** What the page reads from /config.json to sign in (web/src/auth/pkce.ts); `null` locally. */
export interface InboxSiteConfig {
  readonly auth: { readonly cognitoDomain: string; readonly clientId: string; readonly redirectUri: string };
}

export interface InboxSiteProps {
  /** The inbox API, served under /api/* of the same distribution: one origin, so no CORS and no OPTIONS route. */
  readonly api: RestApi;
  /** Origin of the hosted sign-in (`https://<prefix>.auth.<region>.amazoncognito.com`): the page exchanges the code there. */
  readonly signInOrigin: string;
  /** A CLOUDFRONT-scope WAF web ACL (created in us-east-1) to attach, where one is mandated. */
  readonly webAclArn?: string;
}

/**
 * Rewrites page paths (no file extension) to /index.html so a deep link or a reload lands on the app; files
 * (/assets/x.js, /config.json) pass through. On the default behaviour only: /api/* answers are never
 * replaced, unlike a distribution-wide 403/404 → index.html rule, which would turn an API 404 into a page.
 */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The web inbox in AWS: a private, encrypted S3 bucket read only by CloudFront (Origin Access Control),
 * HTTPS only, security headers on every answer, the single-page app's fallback, and the inbox API behind
 * /api/* of the same distribution, never cached, with the viewer's Authorization header passed through.
 */
export class InboxSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution domain>/`: the address staff open, and the sign-in redirect. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: InboxSiteProps) {
    super(scope, id);

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Rebuilt from web/dist by every deployment: nothing in it is worth keeping past the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket.node.defaultChild as Construct).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Holds only the built page; it is read by CloudFront alone (OAC). Who called the API is in the API access logs.',
    });

    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Flashpoint inbox: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            `connect-src 'self' ${props.signInOrigin}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        // Current advice is to switch the old XSS auditor off (it could be abused); the CSP does the work.
        xssProtection: { protection: false, override: true },
      },
    });

    const spaFallback = new EdgeFunction(this, 'SpaFallback', {
      comment: 'Flashpoint inbox: page paths to /index.html',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(SPA_FALLBACK),
    });

    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Flashpoint web inbox',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ eventType: FunctionEventType.VIEWER_REQUEST, function: spaFallback }],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new RestApiOrigin(props.api),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Answers are per person and change every few seconds. With caching off, the AllViewer policies
          // forward Authorization too; Host is left out, or API Gateway would not know the request.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;

    const cdn = this.distribution.node.defaultChild as Construct;
    const acknowledgments: Record<string, string> = {
      'AwsSolutions-CFR1':
        'Staff may work from anywhere; every API call needs a Cognito ID token, so a geo restriction would add nothing but lock-outs.',
      'AwsSolutions-CFR2': props.webAclArn
        ? 'A WAF web ACL is attached (flashpoint:inboxWebAclArn).'
        : 'A CLOUDFRONT-scope web ACL must live in us-east-1 while this stack is region-agnostic; attach one with -c flashpoint:inboxWebAclArn=ARN where mandated. The API behind /api/* needs a Cognito token and throttles.',
      'AwsSolutions-CFR3':
        'Static files only on the default behaviour; API calls are in the API Gateway access logs with the caller.',
      'AwsSolutions-CFR4':
        "The default *.cloudfront.net certificate: CloudFront's TLS minimum applies only with a custom domain and certificate.",
    };
    for (const [rule, reason] of Object.entries(acknowledgments)) {
      Validations.of(cdn).acknowledge({ id: rule, reason });
    }
  }

  /**
   * Uploads the built page (the directory `npm run build:web` writes) and the /config.json that tells it
   * where to sign in, then invalidates the distribution so the new page is served at once.
   */
  publish(assetPath: string, config: InboxSiteConfig): BucketDeployment {
    if (!existsSync(join(assetPath, 'index.html'))) {
      throw new Error(
        `the inbox page is not built: ${join(assetPath, 'index.html')} is missing. Run \`npm run build:web\` (\`npm run synth\` does it first).`,
      );
    }
    const deployment = new BucketDeployment(this, 'Publish', {
      sources: [Source.asset(assetPath), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Revalidate on every load (ETag): a new deployment is seen at once, and the files are small.
      cacheControl: [CacheControl.noCache()],
      memoryLimit: 256,
    });
    acknowledgeDeploymentHelper(Stack.of(this), this.bucket);
    return deployment;
  }
}

/**
 * BucketDeployment's copy function is CDK's own singleton (one per stack, with the AWS CLI layer), run by
 * CloudFormation during a deployment and never by a request. Its findings are about that helper.
 */
function acknowledgeDeploymentHelper(stack: Stack, bucket: Bucket): void {
  const helpers = stack.node.children.filter((c: IConstruct) =>
    c.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  const bucketArn = `${stack.getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn`;
  const copy =
    "CDK's BucketDeployment helper copies the page from the CDK asset bucket into the inbox bucket: object-level actions on those two buckets only.";
  const reasons: Record<string, string> = {
    'AwsSolutions-IAM5[Action::s3:GetBucket*]': copy,
    'AwsSolutions-IAM5[Action::s3:GetObject*]': copy,
    'AwsSolutions-IAM5[Action::s3:List*]': copy,
    'AwsSolutions-IAM5[Action::s3:Abort*]': copy,
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]': `${copy} Deleting is how it prunes files a new build no longer has.`,
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]':
      copy,
    [`AwsSolutions-IAM5[Resource::<${bucketArn}>/*]`]: copy,
    'AwsSolutions-IAM5[Resource::*]':
      'cloudfront:CreateInvalidation and GetInvalidation accept no resource-level permissions; the helper invalidates the inbox distribution after an upload.',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      "CDK's BucketDeployment helper role: the basic execution policy only lets it write its own logs.",
    'AwsSolutions-L1':
      "CDK's BucketDeployment helper pins the Python runtime its AWS CLI layer is built for.",
    'Serverless-LambdaLatestVersion':
      "CDK's BucketDeployment helper pins the Python runtime its AWS CLI layer is built for.",
    'Serverless-LambdaDLQ':
      'Invoked synchronously by CloudFormation, which fails and rolls back the deployment itself.',
    'Serverless-LambdaTracing': 'A deployment-time helper, never on a request path.',
  };
  for (const helper of helpers) {
    for (const [id, reason] of Object.entries(reasons)) Validations.of(helper).acknowledge({ id, reason });
  }
}
