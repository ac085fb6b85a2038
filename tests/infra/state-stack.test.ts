import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../infra/resources.ts';
import { type SynthesizedFlashpoint, synthFlashpoint } from './app-fixture.ts';

describe('StateStack', () => {
  let synth: SynthesizedFlashpoint;

  beforeAll(() => {
    synth = synthFlashpoint({ nagChecks: false });
  });

  it('keeps the table under its stable logical id: a new id would create an empty table beside the old one', () => {
    // Prepare / Act
    const tables = synth.stateTemplate.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(tables)).toEqual(['Flashpoint5BBD7FC8']);
  });

  it('retains the table when the stack is deleted or the table replaced', () => {
    synth.stateTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('is on demand, point-in-time recoverable and encrypted with KMS', () => {
    synth.stateTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TableName: Match.absent(),
    });
  });

  it('has the keys, TTL attribute and keys-only indexes that resources.ts defines', () => {
    synth.stateTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: TABLE.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        // Keys only: a case write then costs no index write unless an index key moves.
        Projection: { ProjectionType: 'KEYS_ONLY' },
      })),
    });
  });

  it('outputs the generated table name', () => {
    synth.stateTemplate.hasOutput('TableName', { Value: { Ref: 'Flashpoint5BBD7FC8' } });
  });
});
