import { reportFailure } from './output.js';
import { tuneForCommand } from './process-tuning.js';
import { buildProgram } from './program.js';

tuneForCommand();
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => reportFailure(err));
