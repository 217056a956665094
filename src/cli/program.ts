import { Command } from 'commander';
import { registerAudienceCommand } from './audience-command.js';
import { registerDbCommand } from './db-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerServeCommands } from './serve-command.js';

/** Builds the `ttads` command tree; each command lives in its own module. */
export function buildProgram(): Command {
  const program = new Command('ttads')
    .description('Send custom audiences and offline events from customer data to TikTok Ads Manager')
    .version('0.1.0')
    .showHelpAfterError();
  registerEmulatorCommand(program);
  registerDemoCommand(program);
  registerAudienceCommand(program);
  registerDbCommand(program);
  registerServeCommands(program);
  return program;
}
