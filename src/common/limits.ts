/** Longest message text accepted; longer ones get a 413 rather than a slow turn. */
export const MAX_TEXT = 20_000;

/** Largest `value` + `channelData` accepted, serialized: buttons and Web Chat's ids need far less. */
export const MAX_EXTRA_BYTES = 8 * 1024;
