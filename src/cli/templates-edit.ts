import type { Command } from 'commander';
import type { TemplatePatch } from '../config/index.js';
import { showReport } from './connection-report.js';
import type { TemplateView } from './control-api.js';
import {
  addControlOptions,
  addSettingsOptions,
  emit,
  settingsFromFlags,
  withControl,
  type ControlContext,
} from './control-runtime.js';

/**
 * `templates update <id>`: the options given replace the stored values; settings flags change those settings
 * and keep the others. Checked like create (offered to campaigns only with every required setting).
 */
export async function templatesUpdate(
  ctx: ControlContext,
  id: string,
  opts: Record<string, unknown> & { json?: boolean },
): Promise<TemplateView> {
  const settings = settingsFromFlags(opts);
  const current = Object.keys(settings).length > 0 ? await ctx.api.templates.get(id) : undefined;
  const text = (key: string) => (typeof opts[key] === 'string' ? opts[key] : undefined);
  const flag = (key: string) => (typeof opts[key] === 'boolean' ? opts[key] : undefined);
  const patch: TemplatePatch = {
    ...(text('name') !== undefined ? { name: text('name') } : {}),
    ...(text('description') !== undefined ? { description: text('description') } : {}),
    ...(flag('businessUsers') !== undefined ? { businessUserAccess: flag('businessUsers') } : {}),
    ...(flag('campaigns') !== undefined ? { availableToCampaigns: flag('campaigns') } : {}),
    ...(current ? { settings: { ...current.settings, ...settings } } : {}),
  };
  const saved = await ctx.api.templates.update(id, patch);
  emit(ctx, opts.json, { template: saved.saved, connection: saved.connection }, () =>
    [
      `Data template ${saved.saved.id} updated.`,
      ...(saved.connection ? [showReport(saved.connection)] : []),
    ].join('\n'),
  );
  return saved.saved;
}

/** `templates delete <id>`: refused while an orchestration or campaign uses it. */
export async function templatesDelete(
  ctx: ControlContext,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  await ctx.api.templates.delete(id);
  emit(ctx, opts.json, { id, deleted: true }, () => `Data template ${id} deleted.`);
}

/** Registers `templates update` and `templates delete`. */
export function registerTemplateEdits(cmd: Command): void {
  addControlOptions(
    addSettingsOptions(
      cmd
        .command('update <id>')
        .description('Change a data template, with the checks of create')
        .option('--name <name>', 'new name')
        .option('--description <text>', 'what the template is for')
        .option('--business-users', 'open it to business users')
        .option('--no-business-users', 'close it to business users')
        .option('--campaigns', 'offer it to campaigns (every required setting must be known)')
        .option('--no-campaigns', 'no longer offered to campaigns'),
    ),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, async (ctx) => {
      await templatesUpdate(ctx, id, opts);
    }),
  );
  addControlOptions(
    cmd.command('delete <id>').description('Delete a data template no orchestration or campaign uses'),
  ).action((id: string, opts: Record<string, unknown>) =>
    withControl(opts, (ctx) => templatesDelete(ctx, id, opts)),
  );
}
