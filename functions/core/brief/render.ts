import type { Brief } from './brief.ts';

/** The brief as a person reads it in a queue message, an e-mail or a terminal. */
export function renderBrief(b: Brief): string {
  const lines: string[] = [];
  const who = b.customer.name ?? Object.values(b.customer.keys)[0] ?? b.customer.customerId;
  lines.push(
    `CASE ${b.caseId} — ${b.scores.tier.toUpperCase()} (frustration ${b.scores.frustration}, viral risk ${b.scores.viralRisk})`,
  );
  lines.push(`Owner: ${b.owner ?? 'unassigned'} · reply by ${b.deadline}`);
  lines.push(`Customer: ${who} · contact #${b.customer.contactsSoFar}`);
  lines.push(
    '',
    `Latest (${b.latestMessage.channel}, ${b.latestMessage.receivedAt}):`,
    `  ${oneLine(b.latestMessage.text, 400)}`,
  );
  lines.push('', 'Why it is heated:');
  for (const r of b.whyHeated) lines.push(`  +${r.weight} ${r.signal}: ${r.detail}`);
  if (b.timeline.length > 0) {
    lines.push('', 'Earlier contacts:');
    for (const t of b.timeline)
      lines.push(`  ${t.at} ${t.channel} ${t.tier} (${t.frustration}): ${oneLine(t.excerpt, 120)}`);
  }
  if (b.alreadyTried.length > 0) {
    lines.push('', 'Already tried (do not repeat):');
    for (const t of b.alreadyTried) lines.push(`  ${t.at}: ${oneLine(t.what, 160)}`);
  }
  if (b.promises.broken.length + b.promises.open.length > 0) {
    lines.push('', 'Promises:');
    for (const p of b.promises.broken) lines.push(`  BROKEN (due ${p.dueAt}): ${p.text}`);
    for (const p of b.promises.open) lines.push(`  open (due ${p.dueAt}): ${p.text}`);
  }
  lines.push('', 'Suggested opening:', `  ${b.suggestedOpening}`);
  return lines.join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
