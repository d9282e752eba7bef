import { MemevalError } from '../errors.js';
import { ConversationStore, type WriteStage } from './sqlite.js';

/**
 * A store whose next write can be made to fail at a chosen stage, to prove that a failed write
 * leaves nothing half-written and that the chatbot degrades and recovers. Scenario `fault`
 * steps use it (a run's cells open this store), and so do tests; the production store carries
 * only the empty `beforeWrite` seam.
 */
export class FaultInjectingStore extends ConversationStore {
  private armedFault: WriteStage | null = null;

  /** Arms a one-shot failure for the next write that reaches `fault`. */
  armWriteFault(fault: WriteStage): void {
    this.armedFault = fault;
  }

  protected override beforeWrite(stage: WriteStage): void {
    if (this.armedFault === stage) {
      this.armedFault = null;
      throw new MemevalError('STORE_WRITE_FAILED', `${this.file}: injected write failure (${stage})`);
    }
  }
}
