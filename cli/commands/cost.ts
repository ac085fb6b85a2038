import { parseArgs } from 'node:util';
import { CAPACITY } from '../../functions/core/cost/measured.ts';
import {
  COST_GROUPS,
  COST_MODES,
  type CostGroup,
  type CostInputs,
  type CostMode,
  type CostReport,
  defaultInputs,
  estimateCost,
  mailBytesOf,
  type ServiceCost,
} from '../../functions/core/cost/model.ts';
import { PRICES } from '../../functions/core/cost/prices.ts';
import { type Command, printJson, UsageError } from '../args.ts';

export const costCommand: Command = {
  usage:
    'cost --messages N [--mode embedded|cascade|comprehend] [--avg-chars C] [--cascade-share S] [--email-share S]\n' +
    '             [--api-share S] [--mail-bytes B] [--intake-ms MS] [--triage-ms MS] [--memory-mb MB] [--json]\n' +
    '                                                 monthly AWS cost of N messages by service (list prices, us-east-1)',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        messages: { type: 'string' },
        mode: { type: 'string' },
        'avg-chars': { type: 'string' },
        'cascade-share': { type: 'string' },
        'email-share': { type: 'string' },
        'api-share': { type: 'string' },
        'mail-bytes': { type: 'string' },
        'intake-ms': { type: 'string' },
        'triage-ms': { type: 'string' },
        'memory-mb': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (values.messages === undefined) throw new UsageError('--messages is required');
    const mode = values.mode ?? 'embedded';
    if (!(COST_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`unknown mode '${mode}' (expected ${COST_MODES.join(', ')})`);
    }
    const overrides: { -readonly [K in keyof CostInputs]?: CostInputs[K] } = { mode: mode as CostMode };
    if (values['avg-chars'] !== undefined) overrides.avgChars = count(values['avg-chars'], '--avg-chars');
    if (values['cascade-share'] !== undefined)
      overrides.cascadeShare = share(values['cascade-share'], '--cascade-share');
    if (values['email-share'] !== undefined)
      overrides.emailShare = share(values['email-share'], '--email-share');
    if (values['api-share'] !== undefined) overrides.apiShare = share(values['api-share'], '--api-share');
    if (values['mail-bytes'] !== undefined) overrides.mailBytes = count(values['mail-bytes'], '--mail-bytes');
    if (values['memory-mb'] !== undefined) overrides.memoryMb = count(values['memory-mb'], '--memory-mb');
    if (values['intake-ms'] !== undefined) {
      overrides.intakeMs = { perInvocation: 0, perMessage: count(values['intake-ms'], '--intake-ms') };
    }
    if (values['triage-ms'] !== undefined) {
      overrides.triageMs = { perInvocation: 0, perMessage: count(values['triage-ms'], '--triage-ms') };
    }
    // Unless --api-share is given, everything but mail (chat and social) comes through the API.
    const inputs = defaultInputs(count(values.messages, '--messages'), overrides);
    if (inputs.emailShare + inputs.apiShare > 1 + 1e-9) {
      throw new UsageError('--email-share plus --api-share cannot exceed 1');
    }
    const report = estimateCost(inputs);
    if (values.json) printJson(costJson(report));
    else process.stdout.write(formatCost(report));
  },
};

/** `--json`: per-service dollars with what was counted, the subtotal of each group, and the total. */
export function costJson(report: CostReport) {
  const byService = (costs: readonly ServiceCost[]) =>
    Object.fromEntries(
      costs.map((c) => [
        c.service,
        {
          group: c.group,
          usd: cents(c.usd),
          usage: Object.fromEntries(Object.entries(c.usage).map(([k, v]) => [k, Number(v.toPrecision(6))])),
          note: c.note,
        },
      ]),
    );
  return {
    prices: {
      region: PRICES.region,
      date: PRICES.date,
      note: 'list prices as known on that date; check before quoting',
    },
    inputs: { ...report.inputs, mailBytes: mailBytesOf(report.inputs) },
    dynamodbMeasured: { at: CAPACITY.measured, command: CAPACITY.command },
    services: byService(report.services),
    subtotals: Object.fromEntries(COST_GROUPS.map((g) => [g, cents(report.subtotals[g])])) as Record<
      CostGroup,
      number
    >,
    total: cents(report.total),
    perMillionMessages: report.inputs.messages > 0 ? cents((report.total / report.inputs.messages) * 1e6) : 0,
    fixedMonthly: byService(report.fixedMonthly),
    fixedTotal: cents(report.fixedTotal),
  };
}

export function formatCost(report: CostReport): string {
  const i = report.inputs;
  const lines = [
    `Monthly cost of ${i.messages.toLocaleString('en-US')} messages — mode ${i.mode}, ${i.avgChars} characters on average, ` +
      `${pct(i.emailShare)} e-mail, ${pct(i.apiShare)} through the API${i.mode === 'cascade' ? `, ${pct(i.cascadeShare)} to Comprehend` : ''}`,
    `AWS list prices, ${PRICES.region}, as known on ${PRICES.date}: check them before quoting. No free tier applied.`,
    '',
  ];
  const share = (usd: number) => pct(report.total > 0 ? usd / report.total : 0);
  const perMillion = (usd: number) =>
    `${dollars((usd / Math.max(1, i.messages)) * 1e6)} per million messages`;
  const rows: string[][] = [];
  for (const group of COST_GROUPS) {
    for (const c of report.services.filter((x) => x.group === group)) {
      rows.push([`  ${c.service}`, dollars(c.usd), share(c.usd), c.note]);
    }
    const subtotal = report.subtotals[group];
    rows.push([`${GROUP_TITLES[group]} subtotal`, dollars(subtotal), share(subtotal), perMillion(subtotal)]);
  }
  rows.push(['total', dollars(report.total), '', perMillion(report.total)]);
  lines.push(...table(['service', 'USD/month', 'share', 'what'], rows), '');
  lines.push(...footnotes(report), '');
  lines.push(`Fixed, whatever the volume (not in the total): ${dollars(report.fixedTotal)} a month`);
  lines.push(...report.fixedMonthly.map((c) => `  ${c.service}: ${dollars(c.usd)} (${c.note})`), '');
  return `${lines.join('\n')}\n`;
}

const GROUP_TITLES: Record<CostGroup, string> = {
  pipeline: 'pipeline',
  ingress: 'ingress (e-mail, API)',
  tracing: 'tracing',
};

/** What the groups mean, with this report's own figures: why the total is what it is. */
export function footnotes(report: CostReport): string[] {
  const i = report.inputs;
  const { pipeline, ingress, tracing } = report.subtotals;
  const usd = (service: string) => report.services.find((c) => c.service === service)?.usd ?? 0;
  const dynamo = report.services.find((c) => c.service === 'dynamodb');
  const notes = [
    `Pipeline (${dollars(pipeline)}): what Flashpoint runs for every message, whatever the channel.`,
  ];
  if (i.mode !== 'embedded' && pipeline > 0) {
    notes.push(
      `Comprehend is ${pct(usd('comprehend') / pipeline)} of it in ${i.mode} mode; the embedded model sends nothing.`,
    );
  }
  if (dynamo && pipeline > 0) {
    notes.push(
      `DynamoDB is ${pct(dynamo.usd / pipeline)} of it: ${num1(dynamo.usage.writeUnitsPerMessage ?? 0)} write and ` +
        `${num1(dynamo.usage.readUnitsPerMessage ?? 0)} read units a message, measured ${CAPACITY.measured.slice(0, 10)} ` +
        `(${CAPACITY.command}). A decision is stored in one transaction of 4 to 8 items (contact, timeline entry, ` +
        "decision, case; a new customer's identity links and open-case pointer), billed 2 units per KB per item, " +
        'then a 2-item spike-counter transaction and the routed mark: what makes a redelivered message harmless.',
    );
  }
  if (ingress > 0) {
    const ses = usd('ses');
    notes.push(
      `Ingress (${dollars(ingress)}): the fee of the door a message comes in by, paid whatever Flashpoint then does.` +
        (ses > 0
          ? ` Amazon SES charges ${dollars(PRICES.ses.perThousandMails)} per 1,000 mails received plus ` +
            `${dollars(PRICES.ses.perThousandChunks)} per 1,000 chunks of 256 KB: ${dollars(ses)} for ` +
            `${pct(i.emailShare)} e-mail${ses > pipeline ? ', more than the whole pipeline' : ''}. Mail a help desk ` +
            "already received can be posted to POST /v1/email instead, at the API's price (--email-share 0)."
          : ''),
    );
  }
  if (tracing > 0) {
    notes.push(
      `Tracing (${dollars(tracing)}): X-Ray records the first request each second and 5 % of the rest, on every ` +
        'function and the API stage; below ~2.6 M invocations a month nearly every one is a trace.',
    );
  }
  return notes.flatMap((note) => wrap(note, 110));
}

/** Splits a paragraph into lines of at most `width` characters; the lines after the first are indented. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const cents = (usd: number) => Math.round(usd * 100) / 100;
const num1 = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en-US');
const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

function dollars(usd: number): string {
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 1000000, 1e6, 1_000_000, 1,000,000, 1M, 250k, 2B. */
function count(text: string, flag: string): number {
  const match = text
    .trim()
    .replace(/[_,]/g, '')
    .match(/^(\d+(?:\.\d+)?(?:e\d+)?)([kmb])?$/i);
  const multiplier = { k: 1e3, m: 1e6, b: 1e9 }[(match?.[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1;
  const value = match?.[1] ? Number(match[1]) * multiplier : Number.NaN;
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${flag}: '${text}' is not a non-negative number`);
  return value;
}

/** 0.15 or 15%. */
function share(text: string, flag: string): number {
  const trimmed = text.trim();
  const value = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`${flag}: '${text}' is not a share between 0 and 1 (or 0% and 100%)`);
  }
  return value;
}
