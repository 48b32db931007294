// How an API error reads in the page: the problem's detail, and what it lists (fields, CSV lines, preflight findings).
import { ApiError } from './api';

export function describeError(e: unknown) {
  if (!(e instanceof ApiError)) return <p>{e instanceof Error ? e.message : String(e)}</p>;
  const p = e.problem;
  return (
    <div>
      <p>{(p.lines?.length || p.errors?.length) ? (p.title ?? p.detail) : (p.detail ?? p.title ?? `HTTP ${e.status}`)}</p>
      {p.lines && p.lines.length > 0 && (
        <ul aria-label="Rejected lines">{p.lines.map(l => <li key={`${l.line}-${l.column}`}>line {l.line}: {l.message}</li>)}</ul>
      )}
      {!p.lines && p.errors && p.errors.length > 0 && (
        <ul>{p.errors.map((f, i) => <li key={i}>{f.field}: {f.message}</li>)}</ul>
      )}
      {p.preflight && (
        <ul aria-label="Preflight findings">
          {p.preflight.findings.map((f, i) => (
            <li key={i} className={f.severity === 'CRITICAL' ? 'tv-bad' : f.severity === 'WARNING' ? 'tv-warn' : ''}>
              {f.severity}: {f.vmName ? `${f.vmName}: ` : ''}{f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
