import { describe, expect, it } from 'vitest';
import { sentences } from '../../src/util/text.js';

describe('sentences() keeps abbreviations, numbers and initials inside a sentence', () => {
  it.each([
    ['my dentist is Dr. Okonkwo on Harbor Street', ['my dentist is Dr. Okonkwo on Harbor Street']],
    ['I met Mr. Smith and Mrs. Jones. Then Ms. Lee came.', ['I met Mr. Smith and Mrs. Jones.', 'Then Ms. Lee came.']],
    ['The clinic is on St. Mark Road. It opens early.', ['The clinic is on St. Mark Road.', 'It opens early.']],
    ['Prof. Adeyemi and Dr. Chen co-wrote it.', ['Prof. Adeyemi and Dr. Chen co-wrote it.']],
    ['I like fruit, e.g. Apples and pears.', ['I like fruit, e.g. Apples and pears.']],
    ['Dairy, i.e. Milk and cheese, upsets me.', ['Dairy, i.e. Milk and cheese, upsets me.']],
    ['I bought pens, paper etc. and a bag. Then I left.', ['I bought pens, paper etc. and a bag.', 'Then I left.']],
    ['I moved to the U.S. in 2019. It was fun.', ['I moved to the U.S. in 2019.', 'It was fun.']],
    ['My tank holds 3.5 litres. Not more.', ['My tank holds 3.5 litres.', 'Not more.']],
    ['I paid $12.99 for it.', ['I paid $12.99 for it.']],
    ['I am reading J. R. R. Tolkien again. Great.', ['I am reading J. R. R. Tolkien again.', 'Great.']],
    ['The call is at 5 p.m. on Friday.', ['The call is at 5 p.m. on Friday.']],
    ['Well... I guess my cat is called Miso.', ['Well... I guess my cat is called Miso.']],
    ['Hmm… Maybe Porto. Or Valencia!', ['Hmm… Maybe Porto.', 'Or Valencia!']],
  ])('%s', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});

describe('sentences() still ends sentences where they end', () => {
  it('at . ! and ? before a capital', () => {
    expect(sentences('I live in Lisbon. Do you? Yes! Great.')).toEqual([
      'I live in Lisbon.',
      'Do you?',
      'Yes!',
      'Great.',
    ]);
  });

  it('after a time followed by a new sentence', () => {
    expect(sentences('We met at 5 p.m. Then we ate.')).toEqual(['We met at 5 p.m.', 'Then we ate.']);
  });

  it('at every line break, one fact per line', () => {
    expect(sentences('- name: Ana\n\n- city: Porto\nno dot here')).toEqual([
      '- name: Ana',
      '- city: Porto',
      'no dot here',
    ]);
  });

  it('returns nothing for blank text', () => {
    expect(sentences('  \n\n ')).toEqual([]);
  });
});
