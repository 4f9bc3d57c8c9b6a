import type { Entry } from '../schema.js';

/**
 * vCard 4.0 text escaping (RFC 6350 §3.4) and line folding at 75 octets (§3.2). Every line break
 * (CRLF, LF or a bare CR) becomes \n: a raw CR would end the property early for many readers.
 */
const escape = (v: string) =>
  v
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/([,;])/g, '\\$1');

function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  for (const ch of line) {
    if (Buffer.byteLength(current + ch) > 75) {
      out.push(current);
      current = ` ${ch}`;
    } else current += ch;
  }
  out.push(current);
  return out.join('\r\n');
}

/** A directory entry as a vCard a social worker can add to a phone's contacts. */
export function toVCard(e: Entry, summary: string): string {
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `FN:${escape(e.name)}`,
    'KIND:org',
    `ORG:${escape(e.organization ?? e.name)}`,
  ];
  for (const p of e.phones) lines.push(`TEL;VALUE=uri;TYPE=${p.sms ? 'text,voice' : 'voice'}:tel:${p.number}`);
  if (e.email) lines.push(`EMAIL:${escape(e.email)}`);
  if (e.website) lines.push(`URL:${e.website}`);
  if (e.address) {
    const a = e.address;
    lines.push(`ADR:;;${escape(a.street ?? '')};${escape(a.town)};;${escape(a.postalCode ?? '')};France`);
  }
  lines.push(
    `NOTE:${escape(summary)}`,
    `REV:${e.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`,
    `UID:urn:passerelle:${e.id}`,
    'END:VCARD',
  );
  return lines.map(fold).join('\r\n') + '\r\n';
}
