import { createRequire } from 'node:module';
import type { Locale } from '../common/locales.js';
import { tokens } from '../common/text.js';

const require = createRequire(import.meta.url);

/**
 * Recognizers-Text has real models only for a few cultures; ours get word lists instead. French
 * cardinals ("deux") are in the lexicon: the French number model alone costs 4 s of start-up.
 */
export const RECOGNIZER_CULTURES: Partial<Record<Locale, { culture: string; models: ('ordinal' | 'number')[] }>> = {
  fr: { culture: 'fr-fr', models: ['ordinal'] },
  en: { culture: 'en-us', models: ['ordinal', 'number'] },
};

/** Texts that make each culture compile its pattern families at start-up. */
export const WARM_SAMPLES: Partial<Record<Locale, string[]>> = {
  fr: ['la deuxième', 'le premier', 'troisième', 'numéro 2'],
  en: ['three', 'the second', 'first one', 'twenty one', 'number 2'],
};

type Model = { parse(text: string): { start: number; end: number; resolution?: { value?: string } }[] };

/**
 * Number and ordinal readers ("deux", "la deuxième", "the third one") from Recognizers-Text. The
 * number must be the message itself, give or take short words: "une adresse" is not choice 1.
 */
export function recognizerNumber({
  culture,
  models: kinds,
}: {
  culture: string;
  models: ('ordinal' | 'number')[];
}): (text: string) => number | null {
  const { NumberRecognizer } = require('@microsoft/recognizers-text-number');
  const recognizer = new NumberRecognizer(culture);
  const models: Model[] = kinds.map((k) =>
    k === 'ordinal' ? recognizer.getOrdinalModel(culture) : recognizer.getNumberModel(culture),
  );
  return (text) => {
    // Recognizers cost milliseconds; a menu answer by ordinal is a few words at most.
    if (tokens(text).length > 4) return null;
    for (const model of models) {
      const [found] = model.parse(text);
      const value = Number(found?.resolution?.value);
      if (!found || !Number.isInteger(value)) continue;
      const rest = tokens(text.slice(0, found.start) + ' ' + text.slice(found.end + 1));
      if (rest.every((w) => w.length <= 3)) return value;
    }
    return null;
  };
}
