import type { AppControlDeps } from '../orchestrations/index.js';
import type { WorkflowEngine } from '../jobs/index.js';

/** What the control-plane routes need, built once by `ttads serve` (or a test). */
export interface ControlRouteDeps {
  /** Store, secret box and a TikTok client without a token. */
  control: AppControlDeps;
  /** Public base URL of this server, as the browser of whoever authorizes reaches it. */
  publicUrl: string;
  /** Resumes stopped workflows (enqueues them); reads go to the store directly. */
  workflows: Pick<WorkflowEngine, 'resolve'>;
}
