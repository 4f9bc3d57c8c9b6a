import { createRequire } from 'node:module';
import type { Areas } from '../directory/areas.js';
import type { Locale } from '../shared/locales.js';
import anyAscii from 'any-ascii';
import type { Interpreter } from '../engine/interpreter.js';
import { bestTarget, createInterpreter } from './interpreter.js';
import type { Lexicon } from './lexicon.js';
import { tokens } from '../shared/text.js';

const require = createRequire(import.meta.url);

/**
 * Recognizers-Text has real models only for a few cultures; ours get word lists instead. French
 * cardinals ("deux") are in the lexicon: the French number model alone costs 4 s of start-up.
 */
const RECOGNIZER_CULTURES: Partial<Record<Locale, { culture: string; models: ('ordinal' | 'number')[] }>> = {
  fr: { culture: 'fr-fr', models: ['ordinal'] },
  en: { culture: 'en-us', models: ['ordinal', 'number'] },
};

type Model = { parse(text: string): { start: number; end: number; resolution?: { value?: string } }[] };

/**
 * Number and ordinal readers ("deux", "la deuxième", "the third one") from Recognizers-Text. The
 * number must be the message itself, give or take short words: "une adresse" is not choice 1.
 */
function recognizerNumber({
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

function merge(lexicons: Lexicon[]): Lexicon {
  const merged: Lexicon = { commands: {}, needs: {}, yes: [], no: [], synonyms: {}, ordinals: [], places: {} };
  for (const lx of lexicons) {
    for (const [k, v] of Object.entries(lx.commands ?? {}))
      (merged.commands[k as keyof Lexicon['commands']] ??= []).push(...(v ?? []));
    for (const [k, v] of Object.entries(lx.needs ?? {})) (merged.needs[k] ??= []).push(...v);
    for (const [k, v] of Object.entries(lx.synonyms ?? {})) (merged.synonyms![k] ??= []).push(...v);
    merged.yes!.push(...(lx.yes ?? []));
    merged.no!.push(...(lx.no ?? []));
    (lx.ordinals ?? []).forEach((words, i) => (merged.ordinals![i] ??= []).push(...words));
    for (const [k, v] of Object.entries(lx.places ?? {})) (merged.places![k] ??= []).push(...v);
  }
  return merged;
}

export interface Interpreters {
  /** The interpreter of a locale; with no locale yet, one that knows every language. */
  get(locale: string | undefined): Interpreter;
  /** Builds the Recognizers-Text models now (seconds of CPU) instead of on a user's turn. */
  warm(): void;
}

/**
 * One interpreter per language. "Language", "emergency" and "forget me" are understood in every
 * language, so a lost user can always switch, get help or erase the conversation.
 */
export function createInterpreters(lexicons: Partial<Record<Locale, Lexicon>>, areas: Areas): Interpreters {
  const all = Object.values<Lexicon>(lexicons);
  const everywhere = merge(
    all.map((lx) => ({
      commands: {
        language: lx.commands?.language ?? [],
        emergency: lx.commands?.emergency ?? [],
        forget: lx.commands?.forget ?? [],
      },
      needs: {},
    })),
  );
  // Town names in every script: known spellings first (Arabic script drops vowels), then the name
  // transliterated to Latin letters ("Гап", "ብሪያንሶን"), then as typed.
  const places = merge(all).places ?? {};
  const placeList = Object.entries(places).flatMap(([code, names]) =>
    names.map((name) => ({ target: code, words: tokens(name) })),
  );
  const parsers = {
    commune: (text: string) => {
      const alias = bestTarget(tokens(text), placeList);
      const found =
        (alias && areas.communes.get(alias)) ||
        areas.findCommune(text) ||
        (/[^\p{Script=Latin}\p{N}\p{P}\p{Z}]/u.test(text) ? areas.findCommune(anyAscii(text)) : null);
      if (found) return { value: found.code, vars: { town: found.name } };
      const elsewhere = areas.findElsewhere(text);
      return elsewhere ? { value: 'elsewhere', vars: { town: elsewhere } } : null;
    },
  };
  const numbers = new Map<Locale, (text: string) => number | null>();
  const number = (locale: Locale) => (text: string) => {
    const culture = RECOGNIZER_CULTURES[locale];
    if (!culture) return null;
    if (!numbers.has(locale)) numbers.set(locale, recognizerNumber(culture));
    return numbers.get(locale)!(text);
  };
  const byLocale = new Map<string, Interpreter>();
  for (const [locale, lexicon] of Object.entries(lexicons) as [Locale, Lexicon][]) {
    byLocale.set(locale, createInterpreter({ lexicon: merge([lexicon, everywhere]), number: number(locale), parsers }));
  }
  const any = createInterpreter({ lexicon: merge(all), parsers });
  return {
    get: (locale) => (locale && byLocale.get(locale)) || any,
    warm() {
      // Each first use of a pattern family compiles it (seconds for French): touch them all now.
      const samples: Partial<Record<Locale, string[]>> = {
        fr: ['la deuxième', 'le premier', 'troisième', 'numéro 2'],
        en: ['three', 'the second', 'first one', 'twenty one', 'number 2'],
      };
      for (const [locale, texts] of Object.entries(samples) as [Locale, string[]][]) {
        if (lexicons[locale]) for (const text of texts) number(locale)(text);
      }
      // The commune lookup too: a name, a typo, a postal code, another script, a town elsewhere.
      const [first] = areas.communes.values();
      const towns = first ? [first.name, `${first.name}x`, first.postalCodes[0] ?? '', 'Гап ብሪያንሶን گاپ'] : [];
      for (const text of [...towns, 'Marseille']) parsers.commune(text);
    },
  };
}
