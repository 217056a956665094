// The data template forms (admins): pick a destination, then the form generated from its plugin's
// template schema; the template's settings fill or override the destination's.

import { useMemo, useState } from 'react';
import { api } from '../api';
import type { Answer } from '../api/types';
import { ErrorBanner, Loading, Notice, Page, useLoad } from '../components/ui';
import { href, navigate } from '../router';
import type { Destination, Plugin, PluginsAnswer, Template } from './api-types';
import { pluginLabel, settingsFacts, settingsHelp } from './api-types';
import { SchemaForm } from './schema-form';
import type { FieldHints } from './schema-values';

function useFormData() {
  const plugins = useLoad(() => api<PluginsAnswer>('GET', '/api/plugins'), []);
  const dsts = useLoad(() => api<Answer<'/api/destinations'>>('GET', '/api/destinations'), []);
  return { plugins, dsts, error: plugins.error ?? dsts.error };
}

/** What the destination already sets, so that the template's settings are read against it. */
function Inherited({ destination, plugin }: { destination: Destination; plugin: Plugin }) {
  const facts = settingsFacts(destination.settings, plugin);
  return (
    <p className="help">
      {plugin.label}.{' '}
      {facts.length
        ? `The destination already sets ${facts.map(([k, v]) => `${k}: ${v}`).join('; ')}. Settings here fill or override them.`
        : 'The destination sets no settings: give them here (or at orchestration).'}
    </p>
  );
}

/** `#/templates/new`: the "Destination" select, then its plugin's form ("Create data template"). */
export function NewTemplate(props: { initialDestination: string }) {
  const { plugins, dsts, error } = useFormData();
  const [destinationId, setDestinationId] = useState(props.initialDestination);
  const destination = dsts.data?.destinations.find((d) => d.id === destinationId);
  const plugin = plugins.data?.plugins.find((p) => p.id === destination?.plugin);
  const hints: FieldHints | undefined = useMemo(
    () => (plugin ? { help: settingsHelp(plugin) } : undefined),
    [plugin],
  );
  const fixed = useMemo(() => ({ destinationId }), [destinationId]);
  const list = dsts.data?.destinations;
  return (
    <Page title="New data template" actions={<a href={href('/templates')}>Back to data templates</a>}>
      <ErrorBanner error={error} />
      {!list || !plugins.data ? <Loading what="destinations" /> : null}
      {list && list.length === 0 ? (
        <Notice>
          There is no destination yet: <a href={href('/destinations/new')}>create one</a> first.
        </Notice>
      ) : null}
      <div className="card form-pick">
        <div className="field">
          <label htmlFor="tpl-destination">Destination</label>
          <select
            id="tpl-destination"
            value={destinationId}
            onChange={(e) => setDestinationId(e.target.value)}
          >
            <option value="">Choose…</option>
            {list?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({pluginLabel(plugins.data?.plugins, d.plugin)})
              </option>
            ))}
          </select>
          <p className="help">The data template sends through this destination, with its credential.</p>
        </div>
      </div>
      {destination && plugin && hints ? (
        <SchemaForm
          key={destination.id}
          schema={plugin.templateSchema}
          idPrefix="tpl"
          hints={hints}
          fixed={fixed}
          intro={<Inherited destination={destination} plugin={plugin} />}
          submitLabel="Create data template"
          onCancel={() => navigate('/templates')}
          onSubmit={async (body) => {
            const made = await api<Answer<'/api/templates', 'post'>>('POST', '/api/templates', body);
            navigate(`/templates/${made.template.id}?created=1`);
          }}
        />
      ) : null}
    </Page>
  );
}

/** `#/templates/<id>/edit`: the same form, prefilled; only what changed is sent ("Save data template"). */
export function EditTemplate({ id }: { id: string }) {
  const { plugins, dsts, error } = useFormData();
  const tpl = useLoad(() => api<Template>('GET', `/api/templates/${encodeURIComponent(id)}`), [id]);
  const destination = dsts.data?.destinations.find((d) => d.id === tpl.data?.destinationId);
  const plugin = plugins.data?.plugins.find((p) => p.id === tpl.data?.plugin);
  const hints: FieldHints | undefined = useMemo(
    () => (plugin ? { help: settingsHelp(plugin), exclude: ['destinationId'] } : undefined),
    [plugin],
  );
  const back = `/templates/${id}`;
  return (
    <Page
      title={tpl.data ? `Edit ${tpl.data.name}` : 'Edit data template'}
      actions={<a href={href(back)}>Back to the data template</a>}
    >
      <ErrorBanner error={error ?? tpl.error} />
      {tpl.data && plugin && hints && dsts.data ? (
        <SchemaForm
          key={tpl.data.id}
          schema={plugin.templateSchema}
          idPrefix="tpl"
          hints={hints}
          existing={tpl.data}
          intro={destination ? <Inherited destination={destination} plugin={plugin} /> : null}
          submitLabel="Save data template"
          onCancel={() => navigate(back)}
          onSubmit={async (body) => {
            await api('PATCH', `/api/templates/${encodeURIComponent(id)}`, body);
            navigate(`${back}?saved=1`);
          }}
        />
      ) : tpl.loading || plugins.loading ? (
        <Loading what="the data template" />
      ) : null}
    </Page>
  );
}
