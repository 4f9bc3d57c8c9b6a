// Contacts a person keeps on the phone (issue 18): in this browser's localStorage only, never sent
// anywhere; quick exit and "forget me" erase them with the offline copies.
const KEY = 'passerelle.contacts';
const MAX = 20;

export function savedContacts() {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** Keeps the name, phones and address of these directory entries (the newest first, no duplicates). */
export function keepContacts(entries) {
  const kept = entries.map((e) => ({
    id: e.id,
    name: e.name,
    phones: e.phones.map((p) => ({ display: p.display, href: p.href })),
    address: e.address
      ? [e.address.street, [e.address.postalCode, e.address.town].filter(Boolean).join(' ')].filter(Boolean).join(', ')
      : '',
  }));
  const ids = new Set(kept.map((c) => c.id));
  const list = [...kept, ...savedContacts().filter((c) => !ids.has(c.id))].slice(0, MAX);
  localStorage.setItem(KEY, JSON.stringify(list));
}

/** Quick exit and "forget me": saved contacts, offline copies and the service worker's caches. */
export async function forgetHere() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* storage disabled */
  }
  if ('caches' in window) {
    const names = await caches.keys().catch(() => []);
    await Promise.all(names.filter((n) => n.startsWith('passerelle-')).map((n) => caches.delete(n)));
  }
}
