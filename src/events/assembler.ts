import { EventGrouper, type GroupedEvent } from './grouping.js';
import { SEND_REJECT_REASONS } from './vocabulary.js';
import type { RowResult } from './event-row.js';
import type { RowBlock } from './staging.js';
import type { EventField } from './vocabulary.js';

/** A refusal as the rejects file and the report show it. */
export interface Refusal {
  reason: string;
  field: string;
  message: string;
}

export interface AssemblerHooks {
  /** A row is refused; its cells are `cells[offset]` to `cells[offset + fields - 1]`. */
  rowRejected(
    row: number,
    refusals: readonly Refusal[],
    cells: readonly (string | null)[],
    offset: number,
  ): void;
  /** An event is complete (all its rows seen). */
  event(event: GroupedEvent): void;
}

const ORDER_INCOMPLETE: Refusal = {
  reason: 'order_incomplete',
  field: 'event_id',
  message: SEND_REJECT_REASONS.order_incomplete,
};

const BROKEN_ROW: RowResult = {
  ok: false,
  rejects: [
    {
      reason: 'field_invalid',
      field: '(row)',
      message:
        'A value of this row contains the control character U+0001, so its cells cannot be read apart.',
    },
  ],
};

/**
 * Turns sorted rows into events. Rows sharing a raw event_id (adjacent, since the source is sorted by it)
 * are held until the id changes: if any of them breaks a rule, all are refused (the others as
 * `order_incomplete`), so an order is never sent without some of its products and a fixed re-send is not
 * mistaken for a duplicate. Valid rows go to an EventGrouper, which makes one event per event key.
 */
export class RowAssembler {
  private readonly grouper = new EventGrouper();
  private readonly emit: (event: GroupedEvent) => void;
  private readonly idAt: number;
  // The rows of the current order, in parallel arrays reused from order to order (no object per row).
  private readonly rows: number[] = [];
  private readonly results: RowResult[] = [];
  private readonly slices: (readonly (string | null)[])[] = [];
  private readonly offsets: number[] = [];
  private pending = 0;
  private pendingId: string | undefined;

  constructor(
    private readonly validate: (cells: ArrayLike<unknown>, offset: number) => RowResult,
    fields: readonly EventField[],
    private readonly hooks: AssemblerHooks,
  ) {
    this.idAt = fields.indexOf('event_id');
    this.emit = (event) => hooks.event(event);
  }

  /** Handles rows [from, to) of a block. */
  push(block: RowBlock, from: number, to: number): void {
    const { cells, width } = block;
    for (let r = from; r < to; r++) {
      const offset = r * width;
      const raw = this.idAt < 0 ? null : cells[offset + this.idAt];
      const id = raw === null || raw === undefined ? undefined : raw.trim() || undefined;
      if (this.pending > 0 && (id === undefined || id !== this.pendingId)) this.settle();
      this.pendingId = id;
      const at = this.pending++;
      this.rows[at] = Number(cells[offset + width - 1]);
      this.results[at] = block.broken?.has(r) ? BROKEN_ROW : this.validate(cells, offset);
      this.slices[at] = cells;
      this.offsets[at] = offset;
      // Rows without an event_id are orders of their own; those with equal derived ids still group below.
      if (id === undefined) this.settle();
    }
  }

  /** Ends the source: settles the last order and emits every open event. */
  finish(): void {
    this.settle();
    for (const event of this.grouper.flush()) this.hooks.event(event);
  }

  private settle(): void {
    const count = this.pending;
    if (count === 0) return;
    this.pending = 0;
    let valid = true;
    for (let i = 0; i < count; i++) valid &&= this.results[i]!.ok;
    for (let i = 0; i < count; i++) {
      const result = this.results[i]!;
      if (!valid) {
        const refusals: readonly Refusal[] = result.ok ? [ORDER_INCOMPLETE] : result.rejects;
        this.hooks.rowRejected(this.rows[i]!, refusals, this.slices[i]!, this.offsets[i]!);
      } else if (result.ok) {
        result.row.sourceRow = this.rows[i]!;
        this.grouper.add(result.row, this.emit);
      }
    }
  }
}
