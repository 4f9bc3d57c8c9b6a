/** The searched text of one entry, by field: texts read one after the other, missing ones skipped. */
export interface TextFields {
  name: readonly (string | undefined)[];
  summary: readonly (string | undefined)[];
  themes: readonly (string | undefined)[];
  towns: readonly (string | undefined)[];
}

/** The fields in index order: a field's position numbers its slots and its boost (see postings.ts). */
export const FIELDS = ['name', 'summary', 'themes', 'towns'] as const satisfies readonly (keyof TextFields)[];
