import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { CaseOperationError, type CaseOperations } from '../../functions/core/operations-port.ts';
import type { Outcome } from '../../functions/core/outcomes.ts';
import { createOutcomesHandler } from '../../functions/outcomes/create-handler.ts';
import { quietObservability } from '../helpers/fakes.ts';

const CASE = `k_${'a'.repeat(32)}`;

function setup() {
  const recorded: Outcome[] = [];
  const ops = {
    async recordOutcome(o: Outcome) {
      if (o.caseId === `k_${'b'.repeat(32)}`) throw new CaseOperationError('case_not_found', 'no case');
      recorded.push(o);
      return { outcomeId: 'o_1', closed: o.kind === 'resolved' };
    },
  } as unknown as CaseOperations;
  const handler = createOutcomesHandler({
    ops,
    logger: quietObservability().logger,
    clock: () => new Date(),
  });
  const call = (caseId: string, body: string) =>
    handler({ pathParameters: { caseId }, body } as unknown as APIGatewayProxyEvent);
  return { recorded, call };
}

describe('outcomes API handler', () => {
  it('records a valid outcome and says whether it closed the case', async () => {
    const { recorded, call } = setup();
    const res = await call(CASE, JSON.stringify({ kind: 'resolved', by: 'amara', csat: 5 }));
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ outcomeId: 'o_1', closed: true });
    expect(recorded).toEqual([
      expect.objectContaining({ caseId: CASE, kind: 'resolved', csat: 5, actions: [] }),
    ]);
  });

  it.each([
    ['{oops', 400, 'malformed_json'],
    [JSON.stringify({ kind: 'exploded', by: 'x' }), 400, 'invalid_field'],
    [JSON.stringify({ kind: 'reassigned', by: 'x' }), 400, 'invalid_field'],
  ])('answers %s with %i %s', async (body, status, code) => {
    const res = await setup().call(CASE, body);
    expect(res.statusCode).toBe(status);
    expect(JSON.parse(res.body).error.code).toBe(code);
  });

  it('answers 404 for an unknown case', async () => {
    const res = await setup().call(`k_${'b'.repeat(32)}`, JSON.stringify({ kind: 'note', by: 'x' }));
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body).error.code).toBe('case_not_found');
  });
});
