/**
 * Calibrates the reach and verified terms of viral risk on public tweet engagement, and prints what
 * it measured and the weights it derives (functions/core/scoring/viral-risk.ts VIRAL_WEIGHTS).
 *
 *   node --import tsx scripts/calibrate-viral.ts [--data FILE.csv] [--json]
 *
 * Default data: ../shared/data/vaccination-engagement/vaccination_tweets.csv (columns user_followers,
 * user_verified, retweets, favorites), read by path and never copied into the repository.
 *
 * No public data set labels real blow-ups, so nothing here validates viral risk. What the data does
 * show is how engagement scales with the author's followers and with the verified badge; the script
 * turns that into points with one stated prior: a ten-fold rise in the odds of a post reaching the
 * engagement tail is worth as many points as an explicit threat to go public (K below).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VIRAL_WEIGHTS } from '../functions/core/scoring/viral-risk.ts';
import { parseCsvRecords } from './lib/csv.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: resolve(repoRoot, '../shared/data/vaccination-engagement/vaccination_tweets.csv'),
    },
    json: { type: 'boolean', default: false },
  },
});

/** Points for one decade (×10) of odds of reaching the engagement tail: the same as a threat to go public. */
const K = VIRAL_WEIGHTS.threatToGoPublic;
/** The "tail": posts with more engagement than 95 % of the sample. */
const TAIL_QUANTILE = 0.95;
/** Reach points start at 100 followers: below that the tail rate is flat (see the table). */
const REACH_FLOOR_DECADES = 2;

interface Row {
  readonly followers: number;
  readonly verified: boolean;
  readonly retweets: number;
  readonly favorites: number;
  readonly engagement: number;
}

function load(path: string): Row[] {
  const { records } = parseCsvRecords(readFileSync(path, 'utf8'));
  const rows: Row[] = [];
  for (const r of records) {
    const followers = Number(r.user_followers);
    const retweets = Number(r.retweets);
    const favorites = Number(r.favorites);
    if (![followers, retweets, favorites].every((n) => Number.isFinite(n) && n >= 0)) continue;
    if (r.is_retweet === 'True') continue;
    rows.push({
      followers,
      verified: r.user_verified === 'True',
      retweets,
      favorites,
      engagement: retweets + favorites,
    });
  }
  return rows;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] as number;
}

const decadeOf = (followers: number) => Math.floor(Math.log10(Math.max(1, followers)));
const reachDecades = (followers: number) =>
  Math.max(0, Math.log10(Math.max(1, followers)) - REACH_FLOOR_DECADES);

/** Logistic regression by Newton's method (3 parameters: a 3×3 solve per step). */
function fitLogistic(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const p = (x[0]?.length ?? 0) + 1;
  const beta = new Array<number>(p).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(p).fill(0);
    const hess = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    x.forEach((xi, i) => {
      const row = [1, ...xi];
      const z = row.reduce((s, v, k) => s + v * (beta[k] as number), 0);
      const mu = 1 / (1 + Math.exp(-z));
      const w = mu * (1 - mu);
      row.forEach((vj, j) => {
        grad[j] = (grad[j] as number) + vj * ((y[i] as number) - mu);
        row.forEach((vk, k) => {
          const h = hess[j] as number[];
          h[k] = (h[k] as number) + w * vj * vk;
        });
      });
    });
    const step = solve(hess, grad);
    let moved = 0;
    step.forEach((s, k) => {
      beta[k] = (beta[k] as number) + s;
      moved = Math.max(moved, Math.abs(s));
    });
    if (moved < 1e-9) break;
  }
  return beta;
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(m[r]?.[c] as number) > Math.abs(m[pivot]?.[c] as number)) pivot = r;
    }
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const pr = m[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = m[r] as number[];
      const f = (row[c] as number) / (pr[c] as number);
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

const rows = load(args.data);
const tail = quantile(
  rows.map((r) => r.engagement),
  TAIL_QUANTILE,
);
const isTail = (r: Row) => r.engagement >= tail;

const table = [];
for (let d = 0; d <= 7; d++) {
  for (const verified of [false, true]) {
    const group = rows.filter((r) => decadeOf(r.followers) === d && r.verified === verified);
    if (group.length === 0) continue;
    const e = group.map((r) => r.engagement);
    table.push({
      followers: `${(10 ** d).toLocaleString('en-US')}–${(10 ** (d + 1) - 1).toLocaleString('en-US')}`,
      verified,
      n: group.length,
      median: quantile(e, 0.5),
      p90: quantile(e, 0.9),
      p99: quantile(e, 0.99),
      medianPer1kFollowers:
        Math.round(
          quantile(
            group.map((r) => (1000 * r.engagement) / Math.max(1, r.followers)),
            0.5,
          ) * 1000,
        ) / 1000,
      tailShare: Math.round((group.filter(isTail).length / group.length) * 1000) / 10,
    });
  }
}

const beta = fitLogistic(
  rows.map((r) => [reachDecades(r.followers), r.verified ? 1 : 0]),
  rows.map((r) => (isTail(r) ? 1 : 0)),
);
const LN10 = Math.log(10);
const reachLog10Odds = (beta[1] as number) / LN10;
const verifiedLog10Odds = (beta[2] as number) / LN10;
const sumRetweets = rows.reduce((s, r) => s + r.retweets, 0);
const sumFavorites = rows.reduce((s, r) => s + r.favorites, 0);
const likesPerRepost = quantile(
  rows.filter((r) => r.retweets > 0).map((r) => r.favorites / r.retweets),
  0.5,
);
const derived = {
  reachPerDecade: Math.round(K * reachLog10Odds * 10) / 10,
  /** 1M followers (4 decades above the 100 floor): the largest accounts in the sample. */
  reachMax: Math.round(K * reachLog10Odds * 4),
  verified: Math.round(K * verifiedLog10Odds * 10) / 10,
  repostWeight: Math.round(likesPerRepost * 10) / 10,
};
const result = {
  data: args.data,
  posts: rows.length,
  verifiedPosts: rows.filter((r) => r.verified).length,
  tailEngagement: tail,
  engagementQuantiles: {
    p50: quantile(
      rows.map((r) => r.engagement),
      0.5,
    ),
    p90: quantile(
      rows.map((r) => r.engagement),
      0.9,
    ),
    p99: quantile(
      rows.map((r) => r.engagement),
      0.99,
    ),
  },
  byFollowerDecade: table,
  logistic: {
    intercept: beta[0],
    perReachDecade: beta[1],
    verified: beta[2],
    log10OddsPerReachDecade: reachLog10Odds,
    log10OddsVerified: verifiedLog10Odds,
  },
  favoritesPerRetweet: { total: sumFavorites / sumRetweets, medianPerPost: likesPerRepost },
  pointsPerDecadeOfOdds: K,
  derived,
  inUse: {
    reachPerDecade: VIRAL_WEIGHTS.reachPerDecade,
    reachMax: VIRAL_WEIGHTS.reachMax,
    verified: VIRAL_WEIGHTS.verified,
    repostWeight: VIRAL_WEIGHTS.engagement.repost,
  },
};

if (args.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`${result.posts} original posts (${result.verifiedPosts} verified) from ${args.data}`);
  console.log(
    `engagement = retweets + favorites: median ${result.engagementQuantiles.p50}, p90 ${result.engagementQuantiles.p90}, p99 ${result.engagementQuantiles.p99}; tail (p95) ≥ ${tail}\n`,
  );
  console.log('followers            verified      n  median   p90   p99  median/1k followers  in tail');
  for (const t of table) {
    console.log(
      `${t.followers.padEnd(20)} ${String(t.verified).padEnd(8)} ${String(t.n).padStart(6)} ${String(t.median).padStart(7)} ${String(t.p90).padStart(5)} ${String(t.p99).padStart(5)} ${String(t.medianPer1kFollowers).padStart(20)} ${`${t.tailShare}%`.padStart(8)}`,
    );
  }
  console.log(
    `\nlogistic fit of "in tail" on decades of followers above 100 and verified:\n` +
      `  ×${(10 ** reachLog10Odds).toFixed(2)} odds per decade of followers (${reachLog10Odds.toFixed(3)} decades of odds)\n` +
      `  ×${(10 ** verifiedLog10Odds).toFixed(2)} odds for the verified badge at equal reach (${verifiedLog10Odds.toFixed(3)} decades)`,
  );
  console.log(
    `favorites per retweet: ${result.favoritesPerRetweet.total.toFixed(2)} overall, median ${likesPerRepost.toFixed(2)} per post with a retweet`,
  );
  console.log(`\nat ${K} points per decade of odds (the weight of an explicit threat to go public):`);
  for (const [name, value] of Object.entries(derived)) {
    const inUse = result.inUse[name as keyof typeof result.inUse];
    console.log(`  ${name.padEnd(15)} derived ${String(value).padStart(5)}   in use ${inUse}`);
  }
  console.log(
    '\nNo public data set labels real blow-ups: these weights are a considered prior, not a validated model.',
  );
}
