import { describe, expect, it } from 'vitest';
import { outcomeSchema } from '../../functions/core/outcomes.ts';
import { EMPTY_DRAFT, fieldId, localToIso, toOutcomeRequest } from '../../web/src/outcome-draft.ts';

describe('the outcome form, checked like `flashpoint outcome`', () => {
  it('builds the request body the API takes', () => {
    const result = toOutcomeRequest({
      kind: 'resolved',
      csat: '4',
      note: '  replaced the router  ',
      owner: '',
      actions: [
        { what: 'reset the line', result: 'failed' },
        { what: '', result: 'failed' },
      ],
      promises: [{ text: 'call back with the refund', due: '2026-11-26T17:00' }],
    });
    expect(result).toEqual({
      ok: true,
      body: {
        kind: 'resolved',
        csat: 4,
        note: 'replaced the router',
        actions: [{ what: 'reset the line', result: 'failed' }],
        promises: [{ text: 'call back with the refund', dueAt: new Date('2026-11-26T17:00').toISOString() }],
      },
    });
  });

  it('gives the messages the CLI prints, "path: message", for the same mistakes', () => {
    const result = toOutcomeRequest({ ...EMPTY_DRAFT, kind: 'reassigned' });
    expect(result.ok).toBe(false);
    // The CLI's wording for the same outcome (it checks outcomeSchema, which adds caseId and by).
    const cli = outcomeSchema.safeParse({ caseId: `k_${'0'.repeat(32)}`, by: 'amara', kind: 'reassigned' });
    const cliIssue = cli.success ? undefined : cli.error.issues[0];
    expect(result.ok ? [] : result.errors).toEqual([
      { path: 'owner', message: `owner: ${cliIssue?.message}` },
    ]);
    expect(cliIssue?.message).toBe("a 'reassigned' outcome needs the new owner");
  });

  it('points each error at the form row it came from, counting rows left empty', () => {
    const result = toOutcomeRequest({
      ...EMPTY_DRAFT,
      kind: 'note',
      promises: [
        { text: '', due: '' },
        { text: 'ring back', due: 'soon' },
      ],
    });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['promises.1.dueAt']);
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/^promises\.1\.dueAt: /);
    expect(fieldId('promises.1.dueAt')).toBe('outcome-promises-1-dueAt');
  });

  it('refuses a missing kind and an out-of-range CSAT', () => {
    const result = toOutcomeRequest({ ...EMPTY_DRAFT, csat: '9' });
    expect(result.ok ? [] : result.errors.map((e) => e.path).sort()).toEqual(['csat', 'kind']);
  });

  it('turns a local date-time into ISO with an offset, and passes gibberish through for the schema to refuse', () => {
    expect(localToIso('2026-11-26T17:00')).toBe(new Date('2026-11-26T17:00').toISOString());
    expect(localToIso('soon')).toBe('soon');
  });
});
