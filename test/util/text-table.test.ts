import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/util/text-table.js';

describe('textTable', () => {
  it('pads to the widest cell, right-aligns past leftAligned, rules the header, trims line ends', () => {
    const t = textTable(
      ['name', 'n'],
      [
        ['a', '1000'],
        ['longer', '2'],
      ],
      { leftAligned: 1 },
    );
    expect(t.split('\n')).toEqual(['name       n', '------  ----', 'a       1000', 'longer     2']);
  });

  it('without a rule, every column left-aligned and the last one ragged', () => {
    expect(textTable(['id', 'description'], [['x', 'a b']], { rule: false })).toBe('id  description\nx   a b');
  });
});
