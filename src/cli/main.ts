import { reportFailure } from './output.js';
import { buildProgram } from './program.js';
import { applyWasmTiering } from './wasm-tiering.js';

applyWasmTiering();
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => reportFailure(err));
