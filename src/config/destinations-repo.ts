import type { Queryable } from '../store/store.js';
import { NotFoundError } from './errors.js';
import type { PartialSettings, PluginId } from './plugins.js';

/** A destination: where data goes (plugin + credential) and the settings it fixes for every run. */
export interface Destination {
  id: string;
  name: string;
  description: string;
  plugin: PluginId;
  credentialId: string;
  /** Any subset of the plugin's settings; data templates and orchestrations fill the rest. */
  settings: PartialSettings;
  businessUserAccess: boolean;
  availableToCampaigns: boolean;
  /** When the connection was last tested successfully. */
  lastTestedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface DestinationRow {
  id: string;
  name: string;
  description: string;
  plugin: PluginId;
  credential_id: string;
  settings: PartialSettings;
  business_user_access: boolean;
  available_to_campaigns: boolean;
  last_tested_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, name, description, plugin, credential_id, settings, business_user_access, available_to_campaigns, ' +
  'last_tested_at, created_at, updated_at';

function toDestination(row: DestinationRow): Destination {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    plugin: row.plugin,
    credentialId: row.credential_id,
    settings: row.settings,
    businessUserAccess: row.business_user_access,
    availableToCampaigns: row.available_to_campaigns,
    lastTestedAt: row.last_tested_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One destination. @throws NotFoundError */
export async function getDestination(db: Queryable, id: string): Promise<Destination> {
  const row = await db.queryOne<DestinationRow>(`SELECT ${COLUMNS} FROM destinations WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError('destination', id);
  return toDestination(row);
}

/** Filters of {@link listDestinations}; unset filters match everything. */
export interface DestinationFilter {
  plugin?: PluginId;
  credentialId?: string;
  businessUserAccess?: boolean;
  availableToCampaigns?: boolean;
}

/** Destinations by name, filtered. */
export async function listDestinations(
  db: Queryable,
  filter: DestinationFilter = {},
): Promise<Destination[]> {
  const rows = await db.query<DestinationRow>(
    `SELECT ${COLUMNS} FROM destinations
     WHERE ($1::text IS NULL OR plugin = $1) AND ($2::text IS NULL OR credential_id = $2)
       AND ($3::boolean IS NULL OR business_user_access = $3)
       AND ($4::boolean IS NULL OR available_to_campaigns = $4)
     ORDER BY name, id`,
    [
      filter.plugin ?? null,
      filter.credentialId ?? null,
      filter.businessUserAccess ?? null,
      filter.availableToCampaigns ?? null,
    ],
  );
  return rows.map(toDestination);
}

/** A destination's stored fields (all of them: saving writes the whole destination). */
export type DestinationValues = Omit<Destination, 'id' | 'createdAt' | 'updatedAt'>;

/** Inserts or replaces a destination and returns it as stored. */
export async function saveDestinationRow(
  db: Queryable,
  id: string,
  values: DestinationValues,
  now: Date,
): Promise<Destination> {
  const row = await db.queryOne<DestinationRow>(
    `INSERT INTO destinations (id, name, description, plugin, credential_id, settings, business_user_access,
       available_to_campaigns, last_tested_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $10)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       credential_id = EXCLUDED.credential_id, settings = EXCLUDED.settings,
       business_user_access = EXCLUDED.business_user_access,
       available_to_campaigns = EXCLUDED.available_to_campaigns, last_tested_at = EXCLUDED.last_tested_at,
       updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [
      id,
      values.name,
      values.description,
      values.plugin,
      values.credentialId,
      JSON.stringify(values.settings),
      values.businessUserAccess,
      values.availableToCampaigns,
      values.lastTestedAt,
      now,
    ],
  );
  return toDestination(row!);
}

/** Whether another destination already has this name. */
export async function destinationNameTaken(db: Queryable, name: string, exceptId?: string): Promise<boolean> {
  const row = await db.queryOne('SELECT id FROM destinations WHERE name = $1 AND id <> $2', [
    name,
    exceptId ?? '',
  ]);
  return row !== undefined;
}
