import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildFlashpoint } from './app-fixture.ts';

function comprehendStatements(context: Record<string, unknown>) {
  const { pipeline } = buildFlashpoint({ nagChecks: true, context });
  const policies = Template.fromStack(pipeline).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter(
      (s) => [s.Action].flat().some((a) => a.startsWith('comprehend:')),
    ),
  );
}

describe('text model mode', () => {
  it('grants nothing of Comprehend by default (embedded model, no network)', () => {
    expect(comprehendStatements({})).toEqual([]);
  });

  it('grants exactly comprehend:BatchDetectSentiment in cascade mode, and passes cdk-nag', () => {
    const statements = comprehendStatements({ 'flashpoint:textModelMode': 'cascade' });
    expect(statements).toHaveLength(1);
    expect([statements[0]?.Action ?? []].flat().filter((a) => a.startsWith('comprehend:'))).toEqual([
      'comprehend:BatchDetectSentiment',
    ]);
    expect(statements[0]?.Resource).toBe('*');
  });

  it('refuses an unknown mode at synthesis', () => {
    expect(() => buildFlashpoint({ context: { 'flashpoint:textModelMode': 'magic' } })).toThrow(
      /textModelMode/,
    );
  });
});
