import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoCaseOperations } from '../adapters/dynamodb/case-operations.ts';
import { DynamoCaseReader } from '../adapters/dynamodb/case-reader.ts';
import type { SweeperConfig } from '../config.ts';
import { type Escalation, runSweep } from '../core/sweeper.ts';
import { createDynamoClient, settingsFrom } from '../shared/clients.ts';
import { createObservability } from '../shared/observability.ts';
import { routingPublisher } from '../shared/routing-publisher.ts';

/** The scheduled sweeper: escalates hot cases whose deadline passed unacknowledged. */
export function wireSweeper(
  config: SweeperConfig,
  clock: () => Date = () => new Date(),
): () => Promise<Escalation[]> {
  const settings = settingsFrom(config);
  const db = createDynamoClient(settings);
  const ops = new DynamoCaseOperations(db, config.TABLE_NAME);
  const due = new DynamoCaseReader(db, config.TABLE_NAME);
  const publisher = routingPublisher(settings, config);
  const { logger, metrics } = createObservability('sweeper');
  return async () => {
    const escalated = await runSweep({ due, ops, publisher, clock });
    for (const e of escalated) {
      logger.info('case escalated', { caseId: e.caseId, level: e.level, tier: e.tier, owner: e.owner });
    }
    metrics.addMetric('CasesEscalated', MetricUnit.Count, escalated.length);
    metrics.publishStoredMetrics();
    return escalated;
  };
}
