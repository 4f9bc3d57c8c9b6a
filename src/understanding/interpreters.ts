import type { Areas } from '../directory/areas.js';
import type { Locale } from '../common/locales.js';
import anyAscii from 'any-ascii';
import { alarms, type Graph } from '../engine/graph.js';
import { NO_NEED, type Interpreter } from '../engine/interpreter.js';
import { createInterpreter } from './interpreter.js';
import type { IntentPhrases } from './intents.js';
import { createLanguageGuesser, mainScript, SCRIPTS } from './language.js';
import type { Lexicon } from './lexicon.js';
import { emergencyIn, negationOf } from './commands.js';
import { bestTarget, phrases } from './phrases.js';
import { recognizerNumber, RECOGNIZER_CULTURES, WARM_SAMPLES } from './numbers.js';
import { tokens } from '../common/text.js';
import { dateParser } from './dates.js';

export interface Interpreters {
  /** The interpreter of a locale; with no locale yet, one that knows every language. */
  get(locale: string | undefined): Interpreter;
  /** Builds the Recognizers-Text models now (seconds of CPU) instead of on a user's turn. */
  warm(): void;
}

/** Every word a language's phrases use, to tell languages apart. */
function vocabulary(lexicon: Lexicon, intents: IntentPhrases | undefined): Set<string> {
  const lists = [
    ...Object.values(intents ?? {}),
    ...Object.values(lexicon.commands),
    ...Object.values(lexicon.needs),
    ...Object.values(lexicon.synonyms ?? {}),
    lexicon.yes ?? [],
    lexicon.no ?? [],
    lexicon.negation ?? [],
    lexicon.ordinary ?? [],
  ];
  return new Set(lists.flatMap((list) => list.flatMap((p) => tokens(p))));
}

/** Town names in every script: known spellings first (Arabic script drops vowels), then transliterated, then as typed. */
function communeParser(lexicons: Lexicon[], areas: Areas) {
  const placeList = lexicons.flatMap((lx) => phrases(lx.places ?? {}));
  return (text: string) => {
    const alias = bestTarget(tokens(text), placeList);
    const found =
      (alias && areas.communes.get(alias)) ||
      areas.findCommune(text) ||
      (/[^\p{Script=Latin}\p{N}\p{P}\p{Z}]/u.test(text) ? areas.findCommune(anyAscii(text)) : null);
    if (found) return { value: found.code, vars: { town: found.name } };
    const elsewhere = areas.findElsewhere(text);
    return elsewhere ? { value: 'elsewhere', vars: { town: elsewhere } } : null;
  };
}

/**
 * Emergency words of a text typed in a script the conversation's language is not typed in
 * (Arabic script in a French conversation): the words of that script's languages, exact only.
 */
function foreignEmergency(entries: [Locale, Lexicon][]) {
  const emergencies = entries.map(([l, lx]) => ({
    l,
    found: emergencyIn(phrases({ e: lx.commands.emergency ?? [] }), negationOf(lx)),
  }));
  return (own: Locale) => (words: string[]) => {
    const [script] = mainScript(words);
    if (SCRIPTS[own].includes(script)) return false;
    return emergencies.some(({ l, found }) => SCRIPTS[l][0] === script && found(words));
  };
}

/** Recognizers-Text number readers, built on first use (or by warm()). */
function numberReaders() {
  const numbers = new Map<Locale, (text: string) => number | null>();
  return (locale: Locale) => (text: string) => {
    const culture = RECOGNIZER_CULTURES[locale];
    if (!culture) return null;
    if (!numbers.has(locale)) numbers.set(locale, recognizerNumber(culture));
    return numbers.get(locale)!(text);
  };
}

/**
 * One interpreter per language, each with its own classifier trained at start-up on
 * locales/<lng>/intents.json. Emergency words count in the conversation's language (plus the
 * international numbers), or in the language of a text typed in another script; "language" and
 * "forget me" typed alone are understood in every language. `graph` tells which needs open the
 * emergency screen (acted on only with a clearer guess).
 */
export function createInterpreters(
  lexicons: Partial<Record<Locale, Lexicon>>,
  areas: Areas,
  intents: Partial<Record<Locale, IntentPhrases>> = {},
  graph?: Graph,
): Interpreters {
  const entries = Object.entries(lexicons) as [Locale, Lexicon][];
  const alarming = new Set(graph ? [...graph.intents.keys()].filter((id) => alarms(graph, id)) : []);
  const everywhere = {
    language: entries.flatMap(([, lx]) => lx.commands.language ?? []),
    forget: entries.flatMap(([, lx]) => lx.commands.forget ?? []),
  };
  const guess = createLanguageGuesser(Object.fromEntries(entries.map(([l, lx]) => [l, vocabulary(lx, intents[l])])));
  const foreign = foreignEmergency(entries);
  const parsers = { commune: communeParser(Object.values(lexicons), areas) };
  const number = numberReaders();
  const byLocale = new Map<string, Interpreter>();
  for (const [locale, lexicon] of entries) {
    const own = { ...parsers, date: dateParser(locale) };
    const parts = { lexicon, intents: intents[locale], number: number(locale), parsers: own, everywhere };
    byLocale.set(
      locale,
      createInterpreter({
        ...parts,
        foreignEmergency: foreign(locale),
        language: { guess, locale },
        ...(graph ? { alarming } : {}),
      }),
    );
  }
  // Before a language is chosen: every language's words (exact emergency words only), and the
  // need read in the language the text is written in.
  const anyBase = createInterpreter({ lexicon: merge(entries.map(([, lx]) => lx)), parsers, language: { guess } });
  const any: Interpreter = {
    ...anyBase,
    need: (text) => {
      const locale = guess(text, undefined);
      return (locale && byLocale.get(locale)?.need(text)) || NO_NEED;
    },
  };
  return {
    get: (locale) => (locale && byLocale.get(locale)) || any,
    warm() {
      // Each first use of a pattern family compiles it (seconds for French): touch them all now.
      for (const [locale, texts] of Object.entries(WARM_SAMPLES) as [Locale, string[]][]) {
        if (lexicons[locale]) for (const text of texts) number(locale)(text);
      }
      // The commune lookup too: a name, a typo, a postal code, another script, a town elsewhere.
      const [first] = areas.communes.values();
      const towns = first ? [first.name, `${first.name}x`, first.postalCodes[0] ?? '', 'Гап ብሪያንሶን گاپ'] : [];
      for (const text of [...towns, 'Marseille']) parsers.commune(text);
    },
  };
}

/** Commands, synonyms, yes/no, negation and ordinals of every language, for the language question. */
function merge(lexicons: Lexicon[]): Lexicon {
  const merged: Lexicon = { commands: {}, needs: {}, yes: [], no: [], negation: [], synonyms: {}, ordinals: [] };
  for (const lx of lexicons) {
    for (const [k, v] of Object.entries(lx.commands))
      (merged.commands[k as keyof Lexicon['commands']] ??= []).push(...v);
    merged.negation!.push(...(lx.negation ?? []));
    for (const [k, v] of Object.entries(lx.synonyms ?? {})) (merged.synonyms![k] ??= []).push(...v);
    merged.yes!.push(...(lx.yes ?? []));
    merged.no!.push(...(lx.no ?? []));
    (lx.ordinals ?? []).forEach((words, i) => (merged.ordinals![i] ??= []).push(...words));
  }
  return merged;
}
