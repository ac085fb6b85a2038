/**
 * Label matchers for `npm run eval`: a value matches literally, or, when it starts with <, <=, >
 * or >=, as a numeric comparison (e.g. `--positive '<-0.5'` for a mean sentiment below −0.5).
 */
export type LabelMatcher = (value: string) => boolean;

export function labelMatcher(specs: readonly string[]): LabelMatcher {
  const tests = specs
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(oneMatcher);
  return (value) => tests.some((t) => t(value.trim()));
}

function oneMatcher(spec: string): LabelMatcher {
  const m = /^(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)$/.exec(spec);
  if (!m) return (value) => value === spec;
  const op = m[1];
  const bound = Number(m[2]);
  return (value) => {
    if (value === '') return false;
    const v = Number(value);
    if (!Number.isFinite(v)) return false;
    if (op === '<') return v < bound;
    if (op === '<=') return v <= bound;
    if (op === '>') return v > bound;
    return v >= bound;
  };
}
