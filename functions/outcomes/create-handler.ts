import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { CaseOperationError, type CaseOperations } from '../core/operations-port.ts';
import { outcomeSchema } from '../core/outcomes.ts';

const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const problem = (statusCode: number, code: string, reason: string) =>
  json(statusCode, { error: { code, reason } });

/** POST /cases/{caseId}/outcomes: records how a case went. Bad input is a 4xx with a machine-readable reason. */
export function createOutcomesHandler(deps: { ops: CaseOperations; logger: Logger; clock: () => Date }) {
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const caseId = event.pathParameters?.caseId;
    let body: unknown;
    try {
      body = JSON.parse(event.body ?? '');
    } catch {
      return problem(400, 'malformed_json', 'request body is not valid JSON');
    }
    const parsed = outcomeSchema.safeParse({ ...(body as object), caseId });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(400, 'invalid_field', `field '${issue?.path.join('.')}': ${issue?.message}`);
    }
    try {
      const result = await deps.ops.recordOutcome(parsed.data, deps.clock());
      deps.logger.info('outcome recorded', { caseId, kind: parsed.data.kind, by: parsed.data.by, ...result });
      return json(201, result);
    } catch (error) {
      if (error instanceof CaseOperationError) {
        return problem(error.code === 'case_not_found' ? 404 : 409, error.code, error.message);
      }
      throw error;
    }
  };
}
