import { describe, expect, it } from 'vitest';
import { RowAssembler, type Refusal } from './assembler.js';
import type { GroupedEvent } from './grouping.js';
import { createFieldValidator } from './row-validator.js';
import { parseEventSettings } from './settings.js';
import type { RowBlock } from './staging.js';
import type { EventField } from './vocabulary.js';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const AT = '2024-06-14T12:00:00Z';
const FIELDS: EventField[] = ['event_id', 'email', 'event', 'timestamp', 'content_id', 'price'];

function run(rows: string[][], broken: number[] = []) {
  const settings = parseEventSettings({ defaultRegion: 'US', eventSetId: '7654321098765432109' });
  const events: GroupedEvent[] = [];
  const refused: [number, string][] = [];
  const assembler = new RowAssembler(createFieldValidator(settings, NOW, FIELDS), FIELDS, {
    rowRejected: (row, refusals: readonly Refusal[]) =>
      refusals.forEach((r) => refused.push([row, r.reason])),
    event: (event) => events.push(event),
  });
  const width = FIELDS.length + 1;
  const cells = rows.flatMap((row, i) => [...row, String(i + 1)]);
  // Two slices, to show orders crossing a slice boundary are still whole.
  const block: RowBlock = { rows: rows.length, width, cells, broken: new Set(broken) };
  assembler.push(block, 0, 2);
  assembler.push(block, 2, rows.length);
  assembler.finish();
  return { events, refused };
}

describe('RowAssembler', () => {
  it('makes one event of the adjacent rows of an order, with their source rows', () => {
    const { events, refused } = run([
      ['o1', 'a@x.test', 'Purchase', AT, 'p1', '1'],
      ['o1', 'a@x.test', 'Purchase', AT, 'p2', '2'],
      ['o1', 'a@x.test', 'Purchase', AT, 'p3', '3'],
      ['o2', 'b@x.test', 'Purchase', AT, 'p1', '1'],
    ]);
    expect(refused).toEqual([]);
    expect(events.map((e) => [e.eventId, e.contents.length, e.sourceRows, e.value])).toEqual([
      ['o1', 3, [1, 2, 3], 6],
      ['o2', 1, [4], 1],
    ]);
  });

  it('holds back a whole order when one of its rows breaks a rule', () => {
    const { events, refused } = run([
      ['o1', 'a@x.test', 'Purchase', AT, 'p1', '1'],
      ['o1', 'a@x.test', 'Purchase', AT, 'p2', 'lots'],
      ['o1', 'a@x.test', 'Purchase', AT, 'p3', '3'],
      ['o2', 'b@x.test', 'Purchase', AT, 'p1', '1'],
    ]);
    expect(events.map((e) => e.eventId)).toEqual(['o2']);
    expect(refused).toEqual([
      [1, 'order_incomplete'],
      [2, 'price_invalid'],
      [3, 'order_incomplete'],
    ]);
  });

  it('refuses a row whose cells could not be read apart', () => {
    const { events, refused } = run(
      [
        ['o1', 'a@x.test', 'Purchase', AT, 'p1', '1'],
        ['', '', '', '', '', ''],
      ],
      [1],
    );
    expect(events).toHaveLength(1);
    expect(refused).toEqual([[2, 'field_invalid']]);
  });

  it('groups rows without event_id by their derived id and merges exact duplicates', () => {
    const { events } = run([
      ['', 'a@x.test', 'Lead', AT, 'p1', '1'],
      ['', 'A@x.test ', 'Lead', AT, 'p1', '1'],
      ['', 'a@x.test', 'Lead', AT, 'p2', '1'],
      ['', 'b@x.test', 'Lead', AT, 'p1', '1'],
    ]);
    expect(events.map((e) => [e.eventIdDerived, e.rowCount, e.duplicateRows, e.sourceRows])).toEqual([
      [true, 2, 1, [1, 2, 3]],
      [true, 1, 0, [4]],
    ]);
  });
});
