import { Command } from 'commander';
import { registerApikeyCommand } from './apikey-command.js';
import { registerAudienceCommand } from './audience-command.js';
import { registerCampaignsCommand } from './campaigns-command.js';
import { registerCredentialsCommand } from './credentials-command.js';
import { registerDbCommand } from './db-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDestinationsCommand } from './destinations-command.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerEventsCommand } from './events-command.js';
import { registerOrchestrationsCommand } from './orchestrations-command.js';
import { registerSegmentsCommand } from './segments-command.js';
import { registerServeCommands } from './serve-command.js';
import { registerTemplatesCommand } from './templates-command.js';
import { registerWorkerCommand } from './worker-command.js';
import { registerWorkflowsCommand } from './workflows-command.js';

/** Builds the `ttads` command tree; each command lives in its own module. */
export function buildProgram(): Command {
  const program = new Command('ttads')
    .description('Send custom audiences and offline events from customer data to TikTok Ads Manager')
    .version('0.1.0')
    .showHelpAfterError();
  registerEmulatorCommand(program);
  registerEventsCommand(program);
  registerDemoCommand(program);
  registerAudienceCommand(program);
  registerDbCommand(program);
  registerServeCommands(program);
  registerApikeyCommand(program);
  registerCredentialsCommand(program);
  registerDestinationsCommand(program);
  registerTemplatesCommand(program);
  registerOrchestrationsCommand(program);
  registerSegmentsCommand(program);
  registerCampaignsCommand(program);
  registerWorkflowsCommand(program);
  registerWorkerCommand(program);
  return program;
}
