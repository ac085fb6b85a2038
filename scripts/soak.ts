/**
 * Soak test of the local pipeline: nothing lost, nothing doubled.
 *
 *   npm run soak -- --messages N [--faults] [--seed S] [--duplicates RATE] [--poison RATE]
 *                   [--concurrency C] [--visibility SECONDS]
 *
 * Starts its own local stack on free ports (it runs beside `npm start`), sends N messages across the
 * three channels with duplicates and poison, optionally under injected faults (local/faults/), waits
 * for the pipeline to drain and checks the table and the queues. The last line is the summary;
 * the exit code is 1 when an invariant fails. See docs/reliability.md.
 */
import { parseArgs } from 'node:util';
import { detailLines, runSoak, summaryLine } from '../local/faults/soak.ts';

// Node 20 is what this machine has; Lambda runs 22. The SDK's reminder would bury the summary.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Metrics are EMF lines on stdout in Lambda; a soak has no CloudWatch to read them.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const out = (line: string) => process.stdout.write(`${line}\n`);

function number(
  name: string,
  raw: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > max) throw new Error(`--${name} ${raw} is not valid`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string' },
      faults: { type: 'boolean', default: false },
      seed: { type: 'string' },
      duplicates: { type: 'string' },
      poison: { type: 'string' },
      concurrency: { type: 'string' },
      visibility: { type: 'string' },
    },
  });
  const messages = number('messages', values.messages, 1000);
  if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a whole number ≥ 1');
  const report = await runSoak({
    messages,
    faults: values.faults,
    seed: number('seed', values.seed, 1),
    duplicates: number('duplicates', values.duplicates, 0.1, 1),
    poison: number('poison', values.poison, 0.05, 1),
    concurrency: number('concurrency', values.concurrency, 4, 16),
    visibilityTimeoutSeconds: number('visibility', values.visibility, 2, 60),
    log: out,
  });
  for (const line of detailLines(report)) out(line);
  out(summaryLine(report));
  return report.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`soak: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
