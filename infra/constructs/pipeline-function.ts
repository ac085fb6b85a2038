import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_SECONDS } from '../resources.ts';

/** Repository root: esbuild resolves the entry, tsconfig and node_modules from here. */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * 512 MB buys ~1/3 vCPU: MIME parsing and the embedded text model are CPU-bound, and at 128 MB a cold
 * start of a bundle with the SDK takes several times longer for a few cents per million. Exported for
 * the cost model (functions/core/cost/prices.ts, checked by tests/unit/cost-model.test.ts).
 */
export const FUNCTION_MEMORY_MB = 512;

/**
 * The credential providers the SDK's default chain imports lazily (`await import(...)`), after the
 * environment provider. Lambda always puts the execution role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so these never load there; left
 * external they cost nothing, and should the chain ever reach one, the nodejs22.x runtime's own SDK
 * provides it. Bundled, they were ~110 KB of every bundle (the STS/SSO clients of nested-clients among
 * them), and esbuild cannot tree-shake a package reached only through a dynamic import.
 */
export const LAZY_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@smithy/credential-provider-imds',
] as const;

/**
 * How every Flashpoint Lambda is bundled by esbuild. Exported so that `npm run bench` builds the bundles
 * with exactly these options (and checks its output against CDK's own byte for byte).
 */
export const PIPELINE_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // Non-ASCII characters as UTF-8 instead of \u escapes: postal-mime's entity table alone shrinks ~7 KB.
  // An argument because NodejsFunction (2.276) ignores its own `charset` prop.
  esbuildArgs: { '--charset': 'utf8' },
  // ESM builds of the SDK (`module`) so that esbuild can tree-shake them; `main` for CJS-only packages.
  mainFields: ['module', 'main'],
  // index.mjs.map ships next to the bundle but is not read at run time: `--enable-source-maps` costs
  // triage 35–90 ms of CPU per cold start (BENCHMARKS.md, what-if "source maps on"). To read a stack
  // trace, map it offline or set NODE_OPTIONS=--enable-source-maps on the function for a while.
  // Without the sources inside, the map is ~0.8 MB instead of ~3 MB; the sources are the repository
  // at the deployed commit.
  sourceMap: true,
  sourcesContent: false,
  // CJS dependencies bundled into ESM call require(); give them one. Aliased so a bundled
  // `import { createRequire }` cannot collide with the banner's.
  banner:
    "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
  // Bundle @aws-sdk/* too: the handlers then run the SDK versions package-lock.json pins and the
  // tests exercised, not whatever the Lambda runtime ships this month, and a bundled, minified SDK
  // initialises faster than one imported file by file from the runtime's node_modules (`npm run bench`,
  // BENCHMARKS.md, what-if "sdk external"). Only the credential providers Lambda never loads stay out.
  externalModules: [...LAZY_CREDENTIAL_PROVIDERS],
};

export interface PipelineFunctionProps {
  /** Path of the handler file relative to the repository root, e.g. `functions/triage/handler.ts`. */
  readonly entry: string;
  /** Powertools service name: the `service` key on every log line and metric. */
  readonly serviceName: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly description?: string;
}

/**
 * One Flashpoint Lambda with the house settings: Node 22 on arm64, ESM bundle with our pinned AWS SDK,
 * its own one-month log group, and a role that starts empty — every permission comes from a `grant*`.
 */
export class PipelineFunction extends Construct {
  /** The handler file, relative to the repository root: `npm run bench` measures every one deployed. */
  readonly entry: string;
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.entry = props.entry;

    // Explicit group: the retention is ours, and it goes with the stack instead of outliving it.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An empty role instead of AWSLambdaBasicExecutionRole, whose logs:* on every group is broader than
    // the two actions on this one group that the function needs.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: FUNCTION_MEMORY_MB,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'Flashpoint',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: PIPELINE_BUNDLING,
    });

    const cfnFunction = this.function.node.defaultChild as CfnFunction;
    for (const id of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']) {
      Validations.of(cfnFunction).acknowledge({
        id,
        reason:
          'Pinned to nodejs22.x on purpose: the code is tested on the Node 20/22 line and nodejs24.x is adopted as a deliberate upgrade, not by a rule.',
      });
    }
    // X-Ray accepts no resource-level permissions, so active tracing always adds Resource "*" for
    // xray:PutTraceSegments/PutTelemetryRecords; tests/infra assert no other action ever gets "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray write actions use Resource "*", because X-Ray supports no resource-level permissions (asserted in tests/infra).',
    });
  }
}
