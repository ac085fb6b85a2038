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

  it('has the keys, TTL attribute and indexes that resources.ts defines', () => {
    synth.stateTemplate.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          // Keys only: a case write then costs no index write unless an index key moves.
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          IndexName: 'GSI2',
          KeySchema: [
            { AttributeName: 'GSI2PK', KeyType: 'HASH' },
            { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
        {
          // The inbox's pages and the sweeper's due cases: the case's own status and tier, by deadline.
          IndexName: 'GSI3',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'tier', KeyType: 'HASH' },
            { AttributeName: 'deadline', KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: ['owner', 'acknowledgedAt', 'incidentId'],
          },
        },
      ],
    });
  });

  it('declares every index key attribute as a string, each once', () => {
    const [table] = Object.values(synth.stateTemplate.findResources('AWS::DynamoDB::Table'));
    const definitions = table?.Properties.AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];

    expect(definitions.map((d) => d.AttributeName).toSorted()).toEqual(
      ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'status', 'tier', 'deadline'].toSorted(),
    );
    expect(new Set(definitions.map((d) => d.AttributeType))).toEqual(new Set(['S']));
  });

  it('outputs the generated table name', () => {
    synth.stateTemplate.hasOutput('TableName', { Value: { Ref: 'Flashpoint5BBD7FC8' } });
  });
});
