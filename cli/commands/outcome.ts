import { parseArgs } from 'node:util';
import { OUTCOME_KINDS, outcomeSchema } from '../../functions/core/outcomes.ts';
import { type Command, printJson, UsageError } from '../args.ts';
import { withCaseStore } from '../local-clients.ts';

/** "what=result", e.g. "reset the router=failed". */
function action(raw: string) {
  const at = raw.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`--action '${raw}' must read WHAT=worked|failed|pending`);
  return { what: raw.slice(0, at), result: raw.slice(at + 1) };
}

/** "text@ISO-time", e.g. "call back with the refund@2026-11-26T17:00:00Z". */
function promise(raw: string) {
  const at = raw.lastIndexOf('@');
  if (at <= 0) throw new UsageError(`--promise '${raw}' must read TEXT@ISO-TIME`);
  return { text: raw.slice(0, at), dueAt: raw.slice(at + 1) };
}

export const outcomeCommand: Command = {
  usage: `outcome CASE_ID --kind ${OUTCOME_KINDS.join('|')} --by STAFF [--csat 1-5] [--action WHAT=RESULT]… [--promise TEXT@ISO]… [--owner STAFF] [--note TEXT]`,
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kind: { type: 'string' },
        by: { type: 'string' },
        csat: { type: 'string' },
        action: { type: 'string', multiple: true, default: [] },
        promise: { type: 'string', multiple: true, default: [] },
        owner: { type: 'string' },
        note: { type: 'string' },
        stack: { type: 'string' },
        table: { type: 'string' },
      },
    });
    const parsed = outcomeSchema.safeParse({
      caseId: positionals[0],
      kind: values.kind,
      by: values.by,
      ...(values.csat ? { csat: Number(values.csat) } : {}),
      actions: values.action.map(action),
      promises: values.promise.map(promise),
      ...(values.owner ? { owner: values.owner } : {}),
      ...(values.note ? { note: values.note } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UsageError(`${issue?.path.join('.') || 'outcome'}: ${issue?.message}`);
    }
    printJson(await withCaseStore(values, ({ ops }) => ops.recordOutcome(parsed.data, new Date())));
  },
};
