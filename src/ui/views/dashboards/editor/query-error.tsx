import type { TidemarkError } from '../../../../client/index.ts';

/** An engine error with, for SQL errors, the line it points at and a caret under the column. */
export function QueryError({ error, sql }: { error: TidemarkError; sql: string }) {
  // The engine's SQL errors already carry the line and a caret excerpt in their message.
  if (error.message.includes('\n')) {
    return (
      <div className="dash-query-error" role="alert" data-testid="query-error" data-code={error.code}>
        <pre>{error.message}</pre>
      </div>
    );
  }
  const line = error.position?.line;
  const column = error.position?.column;
  const text = line !== undefined ? sql.split('\n')[line - 1] : undefined;
  return (
    <div className="dash-query-error" role="alert" data-testid="query-error" data-code={error.code}>
      <p>
        {line !== undefined && (
          <strong>
            Line {line}
            {column !== undefined ? `, column ${column}` : ''}:{' '}
          </strong>
        )}
        {error.message}
      </p>
      {text !== undefined && column !== undefined && (
        <pre aria-hidden="true">
          {text}
          {'\n'}
          {`${' '.repeat(Math.max(0, column - 1))}^`}
        </pre>
      )}
    </div>
  );
}
