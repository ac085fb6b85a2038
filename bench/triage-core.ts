/**
 * The whole triage core in one process, no I/O: channel adapter (zod parse + normalise) → embedded text
 * model → decide() (scores, tier, owner, brief, routing message) with an empty history and an empty
 * roster. This is what one triage Lambda spends CPU on per message besides the SDK calls.
 */
import { pathToFileURL } from 'node:url';
import { ADAPTERS } from '../functions/core/channels/index.ts';
import type { Channel } from '../functions/core/contact.ts';
import { decide } from '../functions/core/decision.ts';
import { emptyHistory } from '../functions/core/history.ts';
import { identityKeys } from '../functions/core/identity-keys.ts';
import { customerIdFor } from '../functions/core/ids.ts';
import { DEFAULT_THRESHOLDS } from '../functions/core/scoring/tier.ts';
import { loadEmbeddedModel } from '../functions/core/text-model/embedded-model.ts';
import { MAIL_CHARS, payloadFor, SHORT_CHARS } from './lib/messages.ts';
import { median, num, quantileSorted } from './lib/stats.ts';
import { syntheticTexts } from './text-model.ts';

export interface CoreRun {
  readonly channel: Channel;
  readonly chars: number;
  readonly messages: number;
  /** Wall clock: includes time other processes on this shared machine took from us. */
  readonly messagesPerSecond: number;
  /** Messages per second of this process's CPU time (user + system): what one core of its own does. */
  readonly messagesPerCpuSecond: number;
  readonly usP50: number;
  readonly usP99: number;
  readonly usMean: number;
  /** Mean µs per message in each stage: channel adapter, text model, decide(). */
  readonly stagesUs: { readonly adapter: number; readonly model: number; readonly decide: number };
}

export interface CoreFigures {
  readonly rounds: number;
  /** chat turns of ~100 characters */
  readonly short: CoreRun;
  /** e-mails (JSON) with ~1,000-character bodies */
  readonly mail: CoreRun;
  /** share of the short messages decide() sent to senior staff (sanity check that the brief path ran) */
  readonly seniorShare: number;
}

const model = loadEmbeddedModel();
const NOW = new Date('2026-11-20T12:00:00Z');

/** Nanoseconds spent per stage, summed over a round. */
const stageNs = { adapter: 0n, model: 0n, decide: 0n };

async function triageOne(channel: Channel, body: string): Promise<string> {
  const t0 = process.hrtime.bigint();
  const contact = await ADAPTERS[channel].toContact(body, { receivedAt: NOW.toISOString() });
  const t1 = process.hrtime.bigint();
  const [tone] = await model.scoreBatch([contact.text], contact.language);
  if (!tone) throw new Error('no tone');
  const t2 = process.hrtime.bigint();
  const decision = decide({
    contact,
    tone,
    languageConfident: contact.languageConfident,
    history: emptyHistory(customerIdFor(identityKeys(contact.identity)[0] ?? 'none')),
    roster: [],
    thresholds: DEFAULT_THRESHOLDS,
    now: NOW,
  });
  const t3 = process.hrtime.bigint();
  stageNs.adapter += t1 - t0;
  stageNs.model += t2 - t1;
  stageNs.decide += t3 - t2;
  return decision.destination;
}

async function oneRound(channel: Channel, bodies: readonly string[]): Promise<CoreRun & { senior: number }> {
  for (const body of bodies.slice(0, 1_000)) await triageOne(channel, body); // warm-up (JIT)
  const samples = new Float64Array(bodies.length);
  let senior = 0;
  stageNs.adapter = 0n;
  stageNs.model = 0n;
  stageNs.decide = 0n;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < bodies.length; i++) {
    const t = process.hrtime.bigint();
    if ((await triageOne(channel, bodies[i] ?? '')) === 'senior') senior++;
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  samples.sort();
  let total = 0;
  for (const s of samples) total += s;
  return {
    channel,
    chars: channel === 'email' ? MAIL_CHARS : SHORT_CHARS,
    messages: bodies.length,
    messagesPerSecond: bodies.length / seconds,
    messagesPerCpuSecond: bodies.length / cpuSeconds,
    usP50: quantileSorted(samples, 0.5),
    usP99: quantileSorted(samples, 0.99),
    usMean: total / samples.length,
    stagesUs: {
      adapter: Number(stageNs.adapter) / 1000 / bodies.length,
      model: Number(stageNs.model) / 1000 / bodies.length,
      decide: Number(stageNs.decide) / 1000 / bodies.length,
    },
    senior,
  };
}

function bodiesFor(channel: Channel, count: number, chars: number, seed: number): string[] {
  const at = NOW.toISOString();
  return syntheticTexts(count, chars, seed).map((text, i) => payloadFor(channel, text, i, `core-${i}`, at));
}

function medianRun(runs: readonly CoreRun[]): CoreRun {
  const first = runs[0];
  if (!first) throw new Error('no rounds');
  return {
    channel: first.channel,
    chars: first.chars,
    messages: first.messages,
    messagesPerSecond: median(runs.map((r) => r.messagesPerSecond)),
    messagesPerCpuSecond: median(runs.map((r) => r.messagesPerCpuSecond)),
    usP50: median(runs.map((r) => r.usP50)),
    usP99: median(runs.map((r) => r.usP99)),
    usMean: median(runs.map((r) => r.usMean)),
    stagesUs: {
      adapter: median(runs.map((r) => r.stagesUs.adapter)),
      model: median(runs.map((r) => r.stagesUs.model)),
      decide: median(runs.map((r) => r.stagesUs.decide)),
    },
  };
}

/** Median of `rounds` rounds; each round is single-threaded, so the figure is per core. */
export async function benchTriageCore(rounds = 3): Promise<CoreFigures> {
  const short = bodiesFor('chat', 10_000, SHORT_CHARS, 11);
  const mail = bodiesFor('email', 2_000, MAIL_CHARS, 12);
  const shortRuns: (CoreRun & { senior: number })[] = [];
  const mailRuns: CoreRun[] = [];
  for (let r = 0; r < rounds; r++) {
    shortRuns.push(await oneRound('chat', short));
    mailRuns.push(await oneRound('email', mail));
  }
  return {
    rounds,
    short: medianRun(shortRuns),
    mail: medianRun(mailRuns),
    seniorShare: (shortRuns[0]?.senior ?? 0) / short.length,
  };
}

/** The figures and the budget line, for `npm run bench -- --only core` (BENCHMARKS.md has the full table). */
export function coreSummary(core: CoreFigures, budgetPerCpuSecond: number): string[] {
  const row = (c: CoreRun) =>
    `${c.channel}, ~${num(c.chars)} characters: ${num(c.messagesPerCpuSecond)} per CPU-second ` +
    `(${num(c.messagesPerSecond)}/s wall clock), p50 ${num(c.usP50, 1)} µs, p99 ${num(c.usP99, 1)} µs; ` +
    `adapter / model / decide ${num(c.stagesUs.adapter, 1)} / ${num(c.stagesUs.model, 1)} / ${num(c.stagesUs.decide, 1)} µs mean`;
  const s = core.short;
  return [
    row(core.short),
    row(core.mail),
    `${num(core.seniorShare * 100, 1)} % of the short messages went to senior (brief rendered); median of ${core.rounds} rounds`,
    `${s.messagesPerCpuSecond >= budgetPerCpuSecond ? 'PASS' : 'FAIL'}  triage core: ${num(s.messagesPerCpuSecond)} short messages ` +
      `per CPU-second on one core (${num(s.messagesPerSecond)}/s wall clock on this shared machine; budget ≥ ${num(budgetPerCpuSecond)})`,
  ];
}

/** `node --import tsx bench/triage-core.ts [rounds]`: this part alone, as JSON. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchTriageCore(Number(process.argv[2] ?? 3)).then((result) =>
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
  );
}
