import { describe, expect, it } from 'vitest';
import { porterStem } from '../../src/util/porter.js';

describe('porterStem matches NLTK PorterStemmer() (NLTK_EXTENSIONS mode), which LoCoMo F1 uses', () => {
  it("reproduces the examples of NLTK's stem howto", () => {
    // nltk/test/stem.doctest: these 19 words stem to the line below with the default mode.
    const words =
      'caresses flies dies mules denied died agreed owned humbled sized meeting stating siezing itemization sensational traditional reference colonizer plotted';
    expect(words.split(' ').map(porterStem).join(' ')).toBe(
      'caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot',
    );
  });

  it('applies the NLTK departures from Porter (1980)', () => {
    expect(porterStem('dying')).toBe('die'); // irregular-forms table
    expect(porterStem('dies')).toBe('die'); // 4-letter "ies" → "ie"; plain Porter gives "di"
    expect(porterStem('enjoy')).toBe('enjoy'); // y → i only after a consonant
    expect(porterStem('happy')).toBe('happi');
    expect(porterStem('geology')).toBe('geolog'); // "logi" → "log"
    expect(porterStem('1990s')).toBe('1990'); // digits are stemmed too: the plural s goes
    expect(porterStem('is')).toBe('is'); // two letters or fewer: unchanged
    expect(porterStem('Hiking')).toBe('hike'); // lower-cased first
  });
});
