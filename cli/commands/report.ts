import { parseArgs } from 'node:util';
import { buildReport } from '../../functions/core/report.ts';
import { type Command, printJson } from '../args.ts';
import { withCaseStore } from '../local-clients.ts';

export const reportCommand: Command = {
  usage: 'report [--json] [--stack PATH | --table NAME]   how routing performed, from decisions and outcomes',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        stack: { type: 'string' },
        table: { type: 'string' },
      },
    });
    const cases = await withCaseStore(values, ({ reader }) => reader.allCases());
    const report = buildReport(
      cases.map((c) => ({
        tier: c.tier,
        openedAt: c.openedAt,
        acknowledgedAt: c.acknowledgedAt,
        escalationLevel: c.escalationLevel,
        ...(c.closedAs ? { closedAs: c.closedAs } : {}),
        ...(c.wentPublic ? { wentPublic: c.wentPublic } : {}),
        ...(c.csat ? { csat: c.csat } : {}),
      })),
    );
    if (values.json) return printJson(report);
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    process.stdout.write(
      'tier      cases  churned  went public  bad share  acknowledged  median min to ack  escalated  CSAT\n',
    );
    for (const r of report.rows) {
      const line = [
        r.tier.padEnd(8),
        String(r.cases).padStart(5),
        String(r.churned).padStart(8),
        String(r.wentPublic).padStart(12),
        pct(r.badShare).padStart(10),
        String(r.acknowledged).padStart(13),
        (r.medianMinutesToAcknowledge === null ? '-' : r.medianMinutesToAcknowledge.toFixed(0)).padStart(18),
        String(r.escalated).padStart(10),
        (r.meanCsat === null ? '-' : r.meanCsat.toFixed(1)).padStart(5),
      ];
      process.stdout.write(`${line.join('  ')}\n`);
    }
    process.stdout.write(`\nSuggestions:\n${report.suggestions.map((s) => `  - ${s}`).join('\n')}\n`);
  },
};
