import { parisToday } from '../common/time.js';
import type { Entry } from '../directory/schema.js';
import type { Draft } from './commit.js';
import { mergePatch } from './mergePatch.js';
import { applyVerification } from './verification.js';

/** Who confirmed, as entries and the audit log say it: the service itself, through its link. */
export const SERVICE_BY = 'le service lui-même (lien de confirmation)';

/** The contact facts of an entry quoted as the service confirmed them (the honesty rule: a source quotes each fact). */
function quotedFacts(e: Entry): string {
  return [
    ...e.phones.map((p) => p.number),
    e.email,
    e.website,
    e.address && [e.address.street, e.address.postalCode, e.address.town].filter(Boolean).join(' '),
    e.hours?.osm,
  ]
    .filter(Boolean)
    .join(' ; ');
}

/** The service's own confirmation as a source of the entry: dated today, quoting what it confirmed. */
function confirmationSource(e: Entry, linkId: string, at: number): Entry['sources'][number] {
  return {
    url: `urn:passerelle:confirmation:${linkId}`,
    title: 'Confirmation par le service (lien de confirmation Passerelle)',
    date: parisToday(at),
    attests: quotedFacts(e) || e.name,
  };
}

/** "Everything is right": a verification by the service, dated today, with its confirmation as a source. */
export function confirmedByService(current: Entry, linkId: string, at: number): Draft {
  const draft = applyVerification(current, { method: 'service', by: SERVICE_BY }, SERVICE_BY, at);
  return { ...draft, sources: [...(draft.sources as Entry['sources']), confirmationSource(current, linkId, at)] };
}

/** An editor accepts a service's proposal: the patch applied, and the service's confirmation recorded on its day. */
export function acceptedProposal(
  current: Entry,
  patch: Record<string, unknown>,
  linkId: string,
  proposedAt: string,
): Draft {
  const at = Date.parse(proposedAt);
  const patched = mergePatch(current, patch) as Entry;
  const draft = applyVerification(patched, { method: 'service', by: SERVICE_BY, date: parisToday(at) }, SERVICE_BY, at);
  return { ...draft, sources: [...(draft.sources as Entry['sources']), confirmationSource(patched, linkId, at)] };
}
