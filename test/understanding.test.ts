import { describe, expect, it } from 'vitest';
import { createClassifier } from '../src/understanding/classifier.js';
import { createLanguageGuesser } from '../src/understanding/language.js';
import { normalize, tokenMatches, tokens, typedNumber } from '../src/common/text.js';
import type { Locale } from '../src/common/locales.js';

describe('normalisation per script', () => {
  it.each([
    ['Arabic and Persian yeh', 'علي', 'علی'],
    ['alef maksura', 'مستشفى', 'مستشفی'],
    ['Arabic and Persian kaf', 'كتاب', 'کتاب'],
    ['teh marbuta and heh', 'مساعدة', 'مساعده'],
    ['hamza carriers', 'أنا إقامة آخر', 'انا اقامه اخر'],
    ['harakat and tatweel', 'سَــلام', 'سلام'],
    ['Pashto letters typed on a Persian keyboard', 'ښه ګاپ ځای ډاکټر', 'شه گاپ زای داکتر'],
    ['Pashto yeh forms', 'ډېر ښځې', 'دیر شزی'],
    ['zero-width non-joiner', 'می‌خواهم', 'میخواهم'],
    ['Ukrainian apostrophes', "сім’я сімʼя сім'я", 'сімя сімя сімя'],
    ['Cyrillic ё and ґ', 'ЁЛКА ґанок', 'елка ганок'],
    ["Ge'ez h series", 'ሐገዝ ኀገዝ', 'ሀገዝ ሀገዝ'],
    ["Ge'ez s, ts and glottal series", 'ሠላም ፀሓይ ዐዲ', 'ሰላም ጸሃይ ኣዲ'],
    ['Tigrinya ኣ for አ', 'አብ ኣብ', 'ኣብ ኣብ'],
    ['digits in every script', '٣ ۳ ፫ 3', '3 3 3 3'],
    ['French accents and case', 'Réfugié À GAP', 'refugie a gap'],
  ])('%s', (_name, typed, folded) => {
    expect(normalize(typed)).toBe(folded);
  });

  it('reads a number alone in any script', () => {
    expect(['2', '٢', '۲.', '#2', 'n°2', '፪'].map(typedNumber)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('keeps both spellings of a word meeting: Pashto and Persian keyboards, Ukrainian apostrophes', () => {
    expect(tokens('ښه')).toEqual(tokens('شه'));
    expect(tokens("п'ять")).toEqual(tokens('пʼять'));
  });
});

describe('typos tolerated per script', () => {
  it.each([
    // Arabic script: no edit under 7 letters (short words collide).
    ['انتظار', 'انتحار', false],
    ['خراب', 'خواب', false],
    ['ایجاد', 'ایجار', false],
    ['فرانسویه', 'فرانسوبه', true],
    // Ge'ez: no edit under 5 syllables.
    ['ገዛ', 'ገዚ', false],
    ['ሆስፒታል', 'ሆስፕታል', true],
    // Latin and Cyrillic: one edit from 5 letters, two from 8.
    ['sos', 'soc', false],
    ['logemnt', 'logement', true],
    ['brianson', 'briancon', true],
    ['врач', 'врау', false],
    ['документи', 'документы', true],
  ])('"%s" ~ "%s": %s', (typed, known, same) => {
    expect(tokenMatches(normalize(typed), normalize(known))).toBe(same);
  });
});

describe('the classifier', () => {
  const classifier = createClassifier({
    'housing.tonight': ['nowhere to sleep tonight', 'i sleep in the street', 'no place for the night'],
    'health.psy': ['i am sad all the time', 'nightmares every night', 'i want to see a psychologist'],
    'training.work': ['i am looking for a job', 'find work', 'job centre'],
  });

  it('ranks the node whose phrases are closest, with misspellings', () => {
    expect(classifier.rank(tokens('I have nowere to slep tonite'))[0].node).toBe('housing.tonight');
    expect(classifier.rank(tokens('looking for work'))[0].node).toBe('training.work');
  });

  it('scores between 0 and 1, best first, and next to nothing for unknown words', () => {
    const ranked = classifier.rank(tokens('so sad, nightmares'));
    expect(ranked[0].node).toBe('health.psy');
    for (const r of ranked) expect(r.score).toBeGreaterThan(0);
    expect(ranked[0].score).toBeLessThanOrEqual(1);
    expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
    expect(classifier.rank(tokens('xyzzy qwv'))[0]?.score ?? 0).toBeLessThan(0.05);
    expect(classifier.rank([])).toEqual([]);
  });
});

describe('the language of a text', () => {
  const vocab = (...phrases: string[]) => new Set(phrases.flatMap((p) => tokens(p)));
  const guess = createLanguageGuesser({
    fr: vocab('je dors dans la rue ce soir', 'merci beaucoup bonjour', 'je cherche du travail'),
    en: vocab('i have nowhere to sleep tonight', 'thank you hello', 'looking for a job'),
    ar: vocab('ما عندي مكان للنوم', 'ابحث عن عمل', 'ana ma3andi blasa'),
    fa: vocab('امشب جای خواب ندارم', 'کار پیدا میکنم'),
    ps: vocab('نن شپه د خوب ځای نه لرم', 'کار غواړم'),
    ti: vocab('ሎሚ ለይቲ መደቀሲ የብለይን'),
    ru: vocab('мне негде спать', 'ищу работу'),
    uk: vocab('мені ніде спати', 'шукаю роботу'),
  });
  it.each<[Locale | undefined, string, Locale | null]>([
    ['fr', 'I have nowhere to sleep tonight', 'en'],
    ['en', 'je dors dans la rue ce soir', 'fr'],
    ['fr', 'je cherche du travail, job', null],
    ['fr', 'ma 3andi blasa', null], // Arabizi shares no word with French, but neither with Arabic enough
    ['fr', 'ما عندي مكان للنوم', 'ar'],
    ['en', 'امشب جای خواب ندارم', 'fa'],
    ['fa', 'نن شپه د خوب ځای نه لرم', 'ps'],
    ['ar', 'امشب جای خواب ندارم', 'fa'],
    ['fr', 'ሎሚ ለይቲ መደቀሲ የብለይን', 'ti'],
    ['ru', 'мені ніде спати', 'uk'],
    ['uk', 'мне негде спать', 'ru'],
    [undefined, 'I have nowhere to sleep tonight', 'en'],
    ['fr', 'Briançon', null],
    ['fr', '05000 112', null],
    ['en', 'merci', null],
    ['fa', 'امشب جای خواب ندارم', null],
  ])('in a %s conversation, "%s" → %s', (current, text, expected) => {
    expect(guess(text, current)).toBe(expected);
  });
});
