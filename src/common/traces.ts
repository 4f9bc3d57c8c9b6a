/**
 * Trace activities the bot sends for the channel hosting it, never shown to users (channels drop
 * traces; the Emulator lists them). The local Direct Line erases its transcript on FORGET_TRACE.
 */
export const FORGET_TRACE = 'passerelle.forget';

/** Event for the web page after "forget me": it erases what it keeps on the phone (saved contacts, offline copies). */
export const FORGET_EVENT = 'passerelle.forgotten';
