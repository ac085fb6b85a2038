import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createFlashpointApp, type FlashpointApp, INBOX_ASSETS_CONTEXT } from '../../infra/flashpoint-app.ts';

/** The feature flags and context `cdk synth` runs with, so the tests see the same templates. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson: unknown = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  if (typeof cdkJson === 'object' && cdkJson !== null && 'context' in cdkJson) {
    const { context } = cdkJson;
    if (typeof context === 'object' && context !== null) return { ...context };
  }
  throw new Error('cdk.json has no context object');
}

export interface SynthesizedFlashpoint extends FlashpointApp {
  readonly stateTemplate: Template;
  readonly pipelineTemplate: Template;
}

/**
 * The real app with cdk.json's context. Two slow steps are left to `npm run synth` unless asked for:
 * esbuild bundling (`aws:cdk:bundling-stacks: []`; the tests assert templates, not bundles) and CDK's
 * built-in CloudFormation schema validation (~9 s per synth; one test in cdk-nag.test.ts runs it).
 */
export function buildFlashpoint(options: BuildOptions = {}): FlashpointApp {
  return createFlashpointApp({
    context: {
      ...cdkJsonContext(),
      'aws:cdk:bundling-stacks': [],
      [INBOX_ASSETS_CONTEXT]: stubInboxAssets(),
      ...options.context,
    },
    builtinCloudFormationValidation: options.cloudFormationValidation ?? false,
    nagChecks: options.nagChecks ?? true,
  });
}

let stubAssets: string | undefined;

/** A stand-in for web/dist, so infra tests run without building the page (`npm run build:web`). */
export function stubInboxAssets(): string {
  if (stubAssets) return stubAssets;
  const dir = mkdtempSync(join(tmpdir(), 'flashpoint-inbox-assets-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>stub inbox</title>\n');
  stubAssets = dir;
  return dir;
}

export interface BuildOptions {
  readonly cloudFormationValidation?: boolean;
  /** Extra CDK context, as `-c key=value` would give it. */
  readonly context?: Readonly<Record<string, unknown>>;
  /**
   * cdk-nag makes synthesis throw on any finding. Template tests turn it off so that a broken property
   * fails its own test instead of every beforeAll; cdk-nag.test.ts keeps it on.
   */
  readonly nagChecks?: boolean;
}

/** Builds and synthesises the real app; call once per test file. */
export function synthFlashpoint(options: BuildOptions = {}): SynthesizedFlashpoint {
  const built = buildFlashpoint(options);
  return {
    ...built,
    stateTemplate: Template.fromStack(built.state),
    pipelineTemplate: Template.fromStack(built.pipeline),
  };
}

/** Logical id of an L2's CloudFormation resource, as it appears in its stack's template. */
export function logicalIdOf(construct: { node: { defaultChild?: unknown } }): string {
  const cfn = construct.node.defaultChild as CfnResource;
  return cfn.stack.getLogicalId(cfn);
}

export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Every statement of every identity policy in a template: inline role/user/group policies and AWS::IAM::Policy. */
export function identityStatements(template: Template): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    statements.push(...policy.Properties.PolicyDocument.Statement);
  }
  for (const managed of Object.values(template.findResources('AWS::IAM::ManagedPolicy'))) {
    statements.push(...managed.Properties.PolicyDocument.Statement);
  }
  for (const type of ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']) {
    for (const principal of Object.values(template.findResources(type))) {
      for (const inline of principal.Properties?.Policies ?? [])
        statements.push(...inline.PolicyDocument.Statement);
    }
  }
  return statements;
}

/** The statements of the policies attached to one role (by its logical id). */
export function roleStatements(template: Template, roleLogicalId: string): PolicyStatement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as unknown[]).some(
        (role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

/** Logical ids of the resources an Allow statement with `action` names via Fn::GetAtt/Ref. */
export function targetsOf(statements: PolicyStatement[], action: string): string[] {
  const ids = new Set<string>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' || !asArray(statement.Action).includes(action)) continue;
    for (const resource of asArray(statement.Resource)) {
      const r = resource as { 'Fn::GetAtt'?: [string, string]; Ref?: string };
      const id = r['Fn::GetAtt']?.[0] ?? r.Ref;
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}
