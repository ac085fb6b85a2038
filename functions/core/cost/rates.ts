/**
 * What the cost model derives from arrival rates rather than counts: how full Lambda's SQS batches are and
 * how many requests X-Ray's sampling records. Shared by the pipeline (./model.ts) and the team (./team.ts).
 */
import { BATCH_SIZE, MAX_BATCHING_WINDOW_SECONDS } from '../../../infra/resources.ts';
import { USAGE, type UsageTable } from './usage.ts';

/** AWS bills a month as 730 hours. */
export const SECONDS_PER_MONTH = 730 * 3600;
export const DAYS_PER_MONTH = 730 / 24;

/**
 * Records per invocation of an SQS event source with a batching window: the first message opens the
 * window and those arriving within it join, up to the batch size. Arrivals are taken as even over the
 * month; real traffic peaks make batches fuller (fewer requests), so this errs on the expensive side.
 */
export function averageBatch(
  messagesPerMonth: number,
  batchSize = BATCH_SIZE,
  windowSeconds = MAX_BATCHING_WINDOW_SECONDS,
) {
  const perSecond = messagesPerMonth / SECONDS_PER_MONTH;
  return Math.min(batchSize, 1 + perSecond * windowSeconds);
}

/** Traces X-Ray records of `traced` requests a month under the default rule: the reservoir, then a share. */
export function sampledTraces(traced: number, usage: UsageTable = USAGE): number {
  const reservoir = usage.xrayReservoirPerSecond * SECONDS_PER_MONTH;
  return Math.min(traced, reservoir) + usage.xrayRate * Math.max(0, traced - reservoir);
}

/** Billed units of `bytes` in chunks of `chunkBytes` (SQS and SNS: 64 KB; SES: 256 KB), at least one. */
export const chunks = (bytes: number, chunkBytes: number) => Math.max(1, Math.ceil(bytes / chunkBytes));
