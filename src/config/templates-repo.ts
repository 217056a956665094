import type { Queryable } from '../store/store.js';
import { NotFoundError } from './errors.js';
import type { PartialSettings } from './plugins.js';

/** A data template: belongs to a destination, fills or overrides its settings. */
export interface DataTemplate {
  id: string;
  destinationId: string;
  name: string;
  description: string;
  /** Any subset of the destination plugin's settings; they override the destination's. */
  settings: PartialSettings;
  businessUserAccess: boolean;
  /** Asked for by the user; the template is offered only when {@link campaignOffer} agrees. */
  availableToCampaigns: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface TemplateRow {
  id: string;
  destination_id: string;
  name: string;
  description: string;
  settings: PartialSettings;
  business_user_access: boolean;
  available_to_campaigns: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, destination_id, name, description, settings, business_user_access, available_to_campaigns, ' +
  'created_at, updated_at';

function toTemplate(row: TemplateRow): DataTemplate {
  return {
    id: row.id,
    destinationId: row.destination_id,
    name: row.name,
    description: row.description,
    settings: row.settings,
    businessUserAccess: row.business_user_access,
    availableToCampaigns: row.available_to_campaigns,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One data template. @throws NotFoundError */
export async function getTemplate(db: Queryable, id: string): Promise<DataTemplate> {
  const row = await db.queryOne<TemplateRow>(`SELECT ${COLUMNS} FROM data_templates WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError('data template', id);
  return toTemplate(row);
}

/** Data templates by destination and name, optionally of one destination. */
export async function listTemplates(
  db: Queryable,
  filter: { destinationId?: string } = {},
): Promise<DataTemplate[]> {
  const rows = await db.query<TemplateRow>(
    `SELECT ${COLUMNS} FROM data_templates WHERE ($1::text IS NULL OR destination_id = $1)
     ORDER BY destination_id, name, id`,
    [filter.destinationId ?? null],
  );
  return rows.map(toTemplate);
}

/** A template's stored fields. */
export type TemplateValues = Omit<DataTemplate, 'id' | 'createdAt' | 'updatedAt'>;

/** Inserts or replaces a template (its destination never changes) and returns it as stored. */
export async function saveTemplateRow(
  db: Queryable,
  id: string,
  values: TemplateValues,
  now: Date,
): Promise<DataTemplate> {
  const row = await db.queryOne<TemplateRow>(
    `INSERT INTO data_templates (id, destination_id, name, description, settings, business_user_access,
       available_to_campaigns, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $8)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       settings = EXCLUDED.settings, business_user_access = EXCLUDED.business_user_access,
       available_to_campaigns = EXCLUDED.available_to_campaigns, updated_at = EXCLUDED.updated_at
     RETURNING ${COLUMNS}`,
    [
      id,
      values.destinationId,
      values.name,
      values.description,
      JSON.stringify(values.settings),
      values.businessUserAccess,
      values.availableToCampaigns,
      now,
    ],
  );
  return toTemplate(row!);
}

/** Whether another template of the destination already has this name. */
export async function templateNameTaken(
  db: Queryable,
  destinationId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const row = await db.queryOne(
    'SELECT id FROM data_templates WHERE destination_id = $1 AND name = $2 AND id <> $3',
    [destinationId, name, exceptId ?? ''],
  );
  return row !== undefined;
}
