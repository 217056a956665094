// The names of what workflows run for (orchestrations, campaigns, destinations), so lists show
// "Store sales daily" rather than an id. Best effort: a list the role may not read is left out.

import { useEffect, useState } from 'react';
import { api, type Role } from '../api';
import { href } from '../router';

/** Names by id. */
export type Names = ReadonlyMap<string, string>;

const SOURCES: { path: string; key: string; admin: boolean }[] = [
  { path: '/api/orchestrations', key: 'orchestrations', admin: true },
  { path: '/api/campaigns', key: 'campaigns', admin: false },
  { path: '/api/destinations', key: 'destinations', admin: false },
];

/** Loads the names once per page; ids stay as they are until (or unless) their names arrive. */
export function useSubjectNames(role: Role): Names {
  const [names, setNames] = useState<Names>(new Map());
  useEffect(() => {
    let live = true;
    const wanted = SOURCES.filter((s) => role === 'admin' || !s.admin);
    void Promise.allSettled(
      wanted.map((s) => api<Record<string, { id: string; name: string }[]>>('GET', s.path)),
    ).then((results) => {
      const map = new Map<string, string>();
      results.forEach((r, i) => {
        if (r.status !== 'fulfilled') return;
        for (const item of r.value[wanted[i]?.key ?? ''] ?? []) map.set(item.id, item.name);
      });
      if (live) setNames(map);
    });
    return () => {
      live = false;
    };
  }, [role]);
  return names;
}

const PARTS: { key: string; label: string; page: string; admin: boolean }[] = [
  { key: 'orchestrationId', label: 'Orchestration', page: 'orchestrations', admin: true },
  { key: 'campaignId', label: 'Campaign', page: 'campaigns', admin: false },
  { key: 'destinationId', label: 'Destination', page: 'destinations', admin: false },
];

/** The subject's name (orchestration or campaign, else destination), or its id. */
export function subjectTitle(subject: Record<string, string>, names: Names): string {
  const id = subject.orchestrationId ?? subject.campaignId ?? subject.destinationId;
  return id ? (names.get(id) ?? id) : '—';
}

/** What a workflow runs for, as "Orchestration X → Destination Y"; `links` makes each name a link. */
export function Subject(props: {
  subject: Record<string, string>;
  names: Names;
  role: Role;
  links?: boolean;
}) {
  const parts = PARTS.filter((p) => props.subject[p.key]);
  if (parts.length === 0) return <span className="muted">—</span>;
  return (
    <span className="subject">
      {parts.map((p, i) => {
        const id = props.subject[p.key] ?? '';
        const name = props.names.get(id);
        const text = name ?? <span className="mono">{id}</span>;
        const linked = props.links && (props.role === 'admin' || !p.admin);
        return (
          <span key={p.key}>
            {i > 0 ? ' → ' : null}
            <span className="muted">{p.label} </span>
            {linked ? <a href={href(`/${p.page}/${id}`)}>{text}</a> : text}
          </span>
        );
      })}
    </span>
  );
}
