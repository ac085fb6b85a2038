import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics object per function. Log ids, scores and reasons only: customer text,
 * addresses and phone numbers are personal data and never go to a log line.
 */
export function createObservability(serviceName: string): { logger: Logger; metrics: Metrics } {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ serviceName, namespace: 'Flashpoint' }),
  };
}
