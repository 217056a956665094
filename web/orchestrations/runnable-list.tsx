// The frame of the orchestration and campaign lists: the "New …" button, loading, an empty list's message,
// the table (its columns given), and the "Last run" cell both show.
import type { ReactNode } from 'react';
import { ErrorBanner, Loading, Page, StatusBadge, When } from '../components/ui';
import { href, navigate } from '../router';
import type { Workflow } from './types';

/** The status of the last workflow, linked to its page, and when it ended; "never run" without one. */
export function LastRunCell({ last }: { last: Workflow | undefined }) {
  return (
    <td>
      {last ? (
        <a href={href(`/workflows/${last.id}`)}>
          <StatusBadge status={last.status} />
        </a>
      ) : (
        <span className="muted">never run</span>
      )}{' '}
      {last ? <When at={last.finishedAt ?? last.createdAt} /> : null}
    </td>
  );
}

/** A list page; `rows` are the table's rows, shown once loaded, `empty` when there are none. */
export function RunnableList(props: {
  title: string;
  newLabel: string;
  newPath: string;
  /** What is loading, for "Loading …". */
  what: string;
  error: Error | undefined;
  loading: boolean;
  rows: ReactNode[] | undefined;
  empty: string;
  /** The header cells. */
  head: ReactNode;
}) {
  const { rows } = props;
  return (
    <Page
      title={props.title}
      actions={
        <button type="button" className="primary" onClick={() => navigate(props.newPath)}>
          {props.newLabel}
        </button>
      }
    >
      <ErrorBanner error={props.error} />
      {props.loading && !rows ? <Loading what={props.what} /> : null}
      {rows && rows.length === 0 ? <p className="muted">{props.empty}</p> : null}
      {rows && rows.length > 0 ? (
        <table>
          <thead>
            <tr>{props.head}</tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      ) : null}
    </Page>
  );
}
