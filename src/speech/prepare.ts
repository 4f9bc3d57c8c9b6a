import { foldDigits } from '../common/text.js';
import { sayNumbers, type NumberWords } from './numbers.js';

/** The words text preparation needs in the listener's language (from the `audio.*` catalogue keys). */
export interface SpeechWords extends NumberWords {
  /** Said instead of a web address whose name cannot be read as words. */
  website: string;
  /** Said instead of an e-mail address. */
  email: string;
}

/** Languages not written in Latin script: a Latin-script run inside them is a French name. */
const NON_LATIN = new Set(['ar', 'fa', 'ps', 'ti', 'ru', 'uk']);

const EMOJI = /[\p{Extended_Pictographic}\u{1F1E6}-\u{1F1FF}\uFE0F\u200D\u20E3]/gu;
const URL =
  /\b(?:https?:\/\/|www\.)[^\s)\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:fr|org|com|net|eu|info|gouv\.fr)(?:\/[^\s)\]]*)?/giu;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu;
const END = /[.!?…:;,،؛؟።፣፤]$/u;

/** "https://www.service-public.fr/x" → "service public"; a name with digits is "the website". */
export function siteName(url: string, words: Pick<SpeechWords, 'website'>): string {
  const host = url
    .replace(/^https?:\/\//i, '')
    .split(/[/?#]/)[0]
    .replace(/^www\./i, '')
    .toLowerCase();
  const labels = host.split('.').filter((l) => l !== 'gouv');
  const name = labels.length > 1 ? labels[labels.length - 2] : labels[0];
  return /^[a-z]{3,}(?:-[a-z]{2,})*$/.test(name ?? '') ? name.replace(/-/g, ' ') : words.website;
}

/** Markdown and chat decoration to plain lines: links keep their text, emphasis and emojis go. */
export function stripMarkdown(text: string): string[] {
  return text
    .replace(/[\u2066-\u2069\u200e\u200f\u061c]/g, '') // direction isolates and marks
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/(^|\s)[*_]([^*_\n]+)[*_](?=\s|$|[.,;:!?])/g, '$1$2')
    .replace(EMOJI, ' ')
    .split(/\n+/)
    .map((line) =>
      line
        .replace(/^\s*(?:#{1,6}|>|[-*+]|\d+[.)])\s+/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((line) => /[\p{L}\p{N}]/u.test(line));
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Latin-script runs (names of French places and services) read with the French voice. */
function frenchNames(line: string): string {
  const parts = line.split(/(\p{Script=Latin}[\p{Script=Latin}'’\- ]*\p{Script=Latin}|\p{Script=Latin})/u);
  return parts.map((part, i) => (i % 2 ? `<voice xml:lang="fr">${escapeXml(part)}</voice>` : escapeXml(part))).join('');
}

/**
 * A text the server rendered (markdown, emojis, links, phone numbers) as SSML for the synthesizer
 * of `lng`: one sentence per line, numbers as people say them, web addresses by their name, and,
 * in languages not written in Latin script, French names in a French voice.
 */
export function prepareSpeech(text: string, lng: string, words: SpeechWords): string {
  const french = lng === 'fr';
  const lines = stripMarkdown(foldDigits(text)).map((line) => {
    const said = sayNumbers(
      line.replace(EMAIL, words.email).replace(URL, (u) => siteName(u, words)),
      french,
      words,
    ).trim();
    return END.test(said) ? said : `${said}.`;
  });
  const body = lines.map((l) => (NON_LATIN.has(lng) ? frenchNames(l) : escapeXml(l))).join('\n');
  return `<speak>${body}</speak>`;
}
