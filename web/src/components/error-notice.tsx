import { ApiRequestError, errorMessage } from '../api.ts';

/** An API failure, stated plainly and announced at once; `code` helps whoever reads the API logs. */
export function ErrorNotice({ error, action }: { error: unknown; action?: string }) {
  if (error === undefined || error === null) return null;
  const code = error instanceof ApiRequestError ? error.code : undefined;
  return (
    <div className="notice error" role="alert">
      <strong>{action ? `${action} failed: ` : 'Problem: '}</strong>
      {errorMessage(error)}
      {code ? <span className="code"> ({code})</span> : null}
    </div>
  );
}
