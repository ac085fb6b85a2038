/**
 * Scores any labelled CSV with the embedded model and the three lexicon baselines, side by side.
 *
 *   npm run eval -- --data FILE.csv [--data FILE2.csv] --text COLUMN --label COLUMN --positive VALUE
 *     [--negative VALUE] [--holdout] [--where COLUMN=V1,V2] [--where-not COLUMN=V1,V2] [--id COLUMN]
 *     [--model WEIGHTS.json] [--json]
 *
 * --positive / --negative may repeat or hold comma-separated values; "<-0.5", ">=3" compare
 * numerically. Without --negative every other non-empty label is a negative. Rows are
 * de-duplicated by --id (when given) and by normalised text. --holdout keeps only the rows in the
 * held-out test buckets that training never saw.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmbeddedModel, loadEmbeddedModel } from '../functions/core/text-model/embedded-model.ts';
import { isHeldOut, splitKey } from '../functions/core/text-model/split.ts';
import { parseCsvRecords } from './lib/csv.ts';
import { labelMatcher } from './lib/label-match.ts';
import { LEXICON_SCORERS, type Scorer } from './lib/lexicons.ts';
import { auc, confusionAt, precision, recall } from './lib/metrics.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', multiple: true },
    text: { type: 'string' },
    label: { type: 'string' },
    positive: { type: 'string', multiple: true },
    negative: { type: 'string', multiple: true },
    holdout: { type: 'boolean', default: false },
    where: { type: 'string', multiple: true, default: [] },
    'where-not': { type: 'string', multiple: true, default: [] },
    id: { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

if (!args.data?.length || !args.text || !args.label || !args.positive?.length) {
  process.stderr.write(
    'usage: npm run eval -- --data FILE.csv --text COLUMN --label COLUMN --positive VALUE [--negative VALUE] [--holdout] [--json]\n',
  );
  process.exit(2);
}
const textColumn = args.text;
const labelColumn = args.label;
const isPositive = labelMatcher(args.positive);
const isNegative = args.negative?.length ? labelMatcher(args.negative) : (v: string) => v.trim() !== '';
const keep = filters(args.where, true);
const drop = filters(args['where-not'], false);

// Load, label, filter and de-duplicate.
const byKey = new Map<string, { text: string; label: 0 | 1 } | null>();
const seenIds = new Set<string>();
for (const file of args.data) {
  const { header, records } = parseCsvRecords(readFileSync(file, 'utf8'));
  for (const column of [textColumn, labelColumn]) {
    if (!header.includes(column))
      throw new Error(`${file}: no column "${column}" (columns: ${header.join(', ')})`);
  }
  for (const record of records) {
    if (!keep(record) || !drop(record)) continue;
    const text = (record[textColumn] ?? '').trim();
    const raw = record[labelColumn] ?? '';
    const label = isPositive(raw) ? 1 : isNegative(raw) ? 0 : undefined;
    if (text === '' || label === undefined) continue;
    if (args.id) {
      const id = record[args.id] ?? '';
      if (id !== '' && seenIds.has(id)) continue;
      seenIds.add(id);
    }
    if (args.holdout && !isHeldOut(text)) continue;
    const key = splitKey(text) || text;
    const previous = byKey.get(key);
    if (previous === undefined) byKey.set(key, { text, label });
    else if (previous !== null && previous.label !== label) byKey.set(key, null); // conflicting duplicates
  }
}
const rows = [...byKey.values()].filter((r): r is { text: string; label: 0 | 1 } => r !== null);
const texts = rows.map((r) => r.text);
const labels = rows.map((r) => r.label);
const positives = labels.filter((l) => l === 1).length;
if (positives === 0 || positives === rows.length) {
  throw new Error(`need both classes: ${rows.length} rows, ${positives} positive`);
}

const model = args.model
  ? createEmbeddedModel(JSON.parse(readFileSync(args.model, 'utf8')))
  : loadEmbeddedModel();
const scorers: Scorer[] = [
  { name: 'embedded', score: (t) => model.probability(t), threshold: model.threshold },
  ...LEXICON_SCORERS,
];

interface Figures {
  auc: number;
  precision: number;
  recall: number;
  threshold: number;
  usPerMessage: number;
}
const results: Record<string, Figures> = {};
for (const scorer of scorers) {
  for (const t of texts.slice(0, 200)) scorer.score(t); // warm-up
  const started = process.hrtime.bigint();
  const scores = texts.map((t) => scorer.score(t));
  const elapsedUs = Number(process.hrtime.bigint() - started) / 1000;
  const c = confusionAt(scores, labels, scorer.threshold);
  results[scorer.name] = {
    auc: round(auc(scores, labels), 4),
    precision: round(precision(c), 4),
    recall: round(recall(c), 4),
    threshold: scorer.threshold,
    usPerMessage: round(elapsedUs / texts.length, 2),
  };
}

const dataset = args.data.map((f) => basename(f)).join('+');
if (args.json) {
  process.stdout.write(
    `${JSON.stringify({ dataset, rows: rows.length, positives, holdout: args.holdout, scorers: results })}\n`,
  );
} else {
  const lines = [
    `${dataset}: ${rows.length} rows, ${positives} positive${args.holdout ? ' (held-out rows only)' : ''}`,
    `${'scorer'.padEnd(10)} ${'AUC'.padStart(7)} ${'precision'.padStart(10)} ${'recall'.padStart(7)} ${'µs/msg'.padStart(8)}`,
    ...Object.entries(results).map(
      ([name, f]) =>
        `${name.padEnd(10)} ${f.auc.toFixed(4).padStart(7)} ${f.precision.toFixed(3).padStart(10)} ${f.recall.toFixed(3).padStart(7)} ${f.usPerMessage.toFixed(1).padStart(8)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function filters(specs: readonly string[], wanted: boolean): (record: Record<string, string>) => boolean {
  const parsed = specs.map((spec) => {
    const at = spec.indexOf('=');
    if (at <= 0) throw new Error(`bad filter "${spec}": use COLUMN=V1,V2`);
    return { column: spec.slice(0, at), values: new Set(spec.slice(at + 1).split(',')) };
  });
  return (record) => parsed.every(({ column, values }) => values.has(record[column] ?? '') === wanted);
}

function round(n: number, digits: number): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
