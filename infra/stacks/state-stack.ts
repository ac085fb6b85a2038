import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE } from '../resources.ts';

/**
 * Everything Flashpoint must not lose: contacts, cases, decisions, outcomes and customer memory. Kept apart
 * from the pipeline so the stateless stack can be replaced freely while this one changes rarely.
 */
export class StateStack extends Stack {
  readonly table: Table;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // No tableName: a generated name lets the app deploy twice (per stage, per developer).
    this.table = new Table(this, TABLE.id, {
      partitionKey: { name: TABLE.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS-managed key (aws/dynamodb): encrypted with KMS and audited in CloudTrail, without a
      // customer key whose policy and grants the functions would also need.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of TABLE.indexes) {
      // Every key attribute is a string; one name each makes a plain key, more a multi-attribute one.
      const attribute = (name: string) => ({ name, type: AttributeType.STRING });
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKeys: index.partitionKeys.map(attribute),
        sortKeys: index.sortKeys.map(attribute),
        projectionType: ProjectionType[index.projection],
        ...('nonKeyAttributes' in index ? { nonKeyAttributes: [...index.nonKeyAttributes] } : {}),
      });
    }

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Flashpoint single table' });
  }
}
