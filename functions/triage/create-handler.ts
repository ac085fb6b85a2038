import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DeadLetters } from '../adapters/sqs/dead-letters.ts';
import { contactSchema } from '../core/contact.ts';
import { RejectionError } from '../core/errors.ts';
import type { MeteredTextModel } from '../core/scoring/text-model.ts';
import { type TriageDeps, triageContact } from '../core/triage.ts';
import { createSqsBatchHandler, type SqsHandler } from '../shared/sqs-batch.ts';

export interface TriageHandlerDeps extends TriageDeps {
  readonly deadLetters: DeadLetters;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createTriageHandler(deps: TriageHandlerDeps): SqsHandler {
  return createSqsBatchHandler({
    ...deps,
    processInParallel: false,
    processRecord: async (record) => {
      const contact = parseContact(record.body);
      const result = await triageContact(contact, deps);
      if (result.status === 'duplicate') {
        deps.logger.info('duplicate delivery', {
          messageId: record.messageId,
          contactId: result.contactId,
          republished: result.republished,
        });
        deps.metrics.addMetric('DuplicateDelivery', MetricUnit.Count, 1);
        return;
      }
      if (result.status === 'refreshed') {
        const r = result.decision;
        deps.logger.info('mention refreshed', {
          contactId: contact.id,
          caseId: r.caseId,
          caseTier: r.caseTier,
          viralRisk: r.viralRisk.score,
          previousViralRisk: result.previousViralRisk,
          alerted: r.routing !== undefined,
        });
        deps.metrics.addMetric('EngagementRefreshed', MetricUnit.Count, 1);
        return;
      }
      const d = result.decision;
      // Ids, scores and reason names only: the brief and the text stay in the table and the queue.
      deps.logger.info('contact triaged', {
        contactId: contact.id,
        caseId: d.caseId,
        tier: d.tier,
        caseTier: d.caseTier,
        destination: d.destination,
        frustration: d.frustration.score,
        viralRisk: d.viralRisk.score,
        ...(d.incidentId ? { incidentId: d.incidentId } : {}),
        reasons: [...d.frustration.reasons, ...d.viralRisk.reasons].map((r) => `${r.signal}:${r.weight}`),
      });
      deps.metrics.addMetric(`Routed_${d.caseTier}`, MetricUnit.Count, 1);
      meterTextModel(deps);
    },
  });
}

/** Comprehend is billed per unit: every unit used is a metric, so the cost model can be checked against it. */
function meterTextModel(deps: TriageHandlerDeps): void {
  if (!('takeUsage' in deps.textModel)) return;
  const usage = (deps.textModel as MeteredTextModel).takeUsage();
  if (usage.requests === 0 && usage.fallbacks === 0) return;
  deps.metrics.addMetric('ComprehendUnits', MetricUnit.Count, usage.units);
  deps.metrics.addMetric('ComprehendRequests', MetricUnit.Count, usage.requests);
  deps.metrics.addMetric('ComprehendFallbacks', MetricUnit.Count, usage.fallbacks);
}

function parseContact(body: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new RejectionError('malformed_json', 'contact message is not valid JSON');
  }
  const parsed = contactSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RejectionError(
      'invalid_contact',
      `contact field '${issue?.path.join('.')}': ${issue?.message}`,
    );
  }
  return parsed.data;
}
