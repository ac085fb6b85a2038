import { parseArgs } from 'node:util';
import { CAPACITY } from '../../functions/core/cost/measured.ts';
import {
  COST_GROUPS,
  COST_MODES,
  type CostGroup,
  type CostMode,
  type CostOverrides,
  type CostReport,
  defaultInputs,
  estimateCost,
  mailBytesOf,
  type ServiceCost,
} from '../../functions/core/cost/model.ts';
import { PRICES } from '../../functions/core/cost/prices.ts';
import { inboxPolls, listRead, type TeamInputs } from '../../functions/core/cost/team.ts';
import { USAGE } from '../../functions/core/cost/usage.ts';
import { CASE_PAGE_SIZE, TIER_COUNT_CAP } from '../../functions/core/inbox/views.ts';
import { type Command, printJson, UsageError } from '../args.ts';

export const costCommand: Command = {
  usage:
    'cost --messages N [--mode embedded|cascade|comprehend] [--avg-chars C] [--cascade-share S] [--email-share S]\n' +
    '             [--api-share S] [--mail-bytes B] [--intake-ms MS] [--triage-ms MS] [--memory-mb MB]\n' +
    '             [--staff N] [--inbox-hours H] [--open-cases N] [--alert-emails N] [--no-alert-webhook] [--json]\n' +
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
        staff: { type: 'string' },
        'inbox-hours': { type: 'string' },
        'open-cases': { type: 'string' },
        'alert-emails': { type: 'string' },
        'no-alert-webhook': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
    if (values.messages === undefined) throw new UsageError('--messages is required');
    const mode = values.mode ?? 'embedded';
    if (!(COST_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(`unknown mode '${mode}' (expected ${COST_MODES.join(', ')})`);
    }
    const overrides: { -readonly [K in keyof CostOverrides]: CostOverrides[K] } = { mode: mode as CostMode };
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
    const team: { -readonly [K in keyof TeamInputs]?: TeamInputs[K] } = {};
    if (values.staff !== undefined) team.staff = whole(values.staff, '--staff');
    if (values['inbox-hours'] !== undefined) {
      team.inboxHours = count(values['inbox-hours'], '--inbox-hours');
      if (team.inboxHours > 24) throw new UsageError(`--inbox-hours: ${team.inboxHours} is more than a day`);
    }
    if (values['open-cases'] !== undefined) team.openCases = whole(values['open-cases'], '--open-cases');
    if (values['alert-emails'] !== undefined)
      team.alertEmails = whole(values['alert-emails'], '--alert-emails');
    if (values['no-alert-webhook']) team.alertWebhook = false;
    overrides.team = team;
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
    `Team: ${i.team.staff} staff with the inbox open ${i.team.inboxHours} h a day, ${i.team.openCases.toLocaleString('en-US')} open cases, ` +
      `${i.team.alertEmails} alert e-mail subscription(s), chat webhook ${i.team.alertWebhook ? 'on' : 'off'}`,
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
    // The team's costs do not follow the messages: a per-million figure would mislead.
    const what =
      group === 'team'
        ? `${i.team.staff} staff, ${i.team.openCases.toLocaleString('en-US')} open cases`
        : perMillion(subtotal);
    rows.push([`${GROUP_TITLES[group]} subtotal`, dollars(subtotal), share(subtotal), what]);
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
  team: 'team (inbox, alerts)',
};

/** What the groups mean, with this report's own figures: why the total is what it is. */
export function footnotes(report: CostReport): string[] {
  const i = report.inputs;
  const { pipeline, ingress, tracing, team } = report.subtotals;
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
  if (team > 0) notes.push(...teamNotes(report));
  return notes.flatMap((note) => wrap(note, 110));
}

/** The team group: what sizes it, and what one inbox poll reads. */
function teamNotes(report: CostReport): string[] {
  const i = report.inputs;
  const t = i.team;
  const poll = listRead(t.openCases);
  const polls = inboxPolls(t);
  const inbox = ['cloudfront-s3', 'inbox-api-gateway', 'inbox-lambda', 'inbox-dynamodb']
    .map((s) => report.services.find((c) => c.service === s)?.usd ?? 0)
    .reduce((a, b) => a + b, 0);
  const list = USAGE.team.inbox;
  const notes = [
    `Team (${dollars(report.subtotals.team)}): the people working the cases, sized by the team rather than the ` +
      `messages (alerts aside). ${t.staff} staff with the inbox open ${t.inboxHours} h a day poll GET /api/cases ` +
      `every ${USAGE.team.pollSeconds} s (web/src/hooks.ts): ${millions(polls)} polls a month, ${dollars(inbox)} ` +
      'through CloudFront, API Gateway, Lambda and DynamoDB. A poll reads one page, the hottest ' +
      `${CASE_PAGE_SIZE} open cases from the case index (${list.readUnitsPerListedCase} read units and ` +
      `~${list.responseBytesPerListedCase} bytes a case, measured), and counts each tier up to ${TIER_COUNT_CAP}: ` +
      `${num1(poll.readUnits)} units and ${num1(poll.responseBytes / 1024)} KB at ` +
      `${t.openCases.toLocaleString('en-US')} open cases, at most ${num1(listRead(Number.POSITIVE_INFINITY).readUnits)} ` +
      'units however many are open: --open-cases moves it below a page, and a little until each tier passes ' +
      `${TIER_COUNT_CAP}. "Load more", a further page read once on request, is not counted.`,
    'Only a recorded outcome closes a case, so open cases grow with the messages until staff close them; the list ' +
      'stays one page, and the deadline sweeper reads only the overdue unacknowledged hot and critical cases.',
  ];
  const alerts = report.services.find((c) => c.service === 'alert-sns');
  if (alerts) {
    notes.push(
      `Alerts: ${millions(alerts.usage.publishes ?? 0)} a month, the ${pct(USAGE.seniorShare)} of ` +
        'messages routed senior (triage bench, functions/core/cost/usage.ts), one SNS publish each, an e-mail ' +
        `per subscription${t.alertWebhook ? ', and a post to the chat webhook' : ''}.`,
    );
  }
  return notes;
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
const millions = (n: number) =>
  n >= 1e6 ? `${num1(n / 1e6)} million` : n >= 1e3 ? `${num1(n / 1e3)} thousand` : num1(n);
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

/** A count of people, cases or addresses: a whole number. */
function whole(text: string, flag: string): number {
  const value = count(text, flag);
  if (!Number.isInteger(value)) throw new UsageError(`${flag}: '${text}' is not a whole number`);
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
