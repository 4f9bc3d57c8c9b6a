/** What a test reads of an answer: the status, the body as text and parsed when it is JSON, the headers. */
export interface Answer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

/** A response read as a test reads it: JSON parsed when the body is JSON, else `json` undefined. */
export async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** POSTs an activity (an object, or a raw string) to a server's /api/messages. */
export async function postActivity(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answerOf(res);
}

/** fetch + JSON for API tests: status, body (parsed when JSON) and headers. */
export async function request(url: string, init: RequestInit & { json?: unknown; token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(url, {
    ...init,
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body: body as any, headers: res.headers };
}

/** An expectReplies activity on the emulator channel (which carries passerelle.node traces). */
export function activity(
  conversation: string,
  text?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'message',
    channelId: 'emulator',
    deliveryMode: 'expectReplies',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: `user-${conversation}` },
    recipient: { id: 'passerelle' },
    conversation: { id: conversation },
    ...(text === undefined ? {} : { text }),
    ...extra,
  };
}

export function greeting(conversation: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return activity(conversation, undefined, {
    type: 'conversationUpdate',
    membersAdded: [{ id: `user-${conversation}` }],
    ...extra,
  });
}

type Reply = { type?: string; name?: string; text?: string; value?: { nodeId?: string } };

/** The node ids the bot entered during a turn, from its passerelle.node traces. */
export function nodesOf(json: { activities?: Reply[] } | undefined): string[] {
  return (json?.activities ?? [])
    .filter((a) => a.type === 'trace' && a.name === 'passerelle.node')
    .map((a) => a.value!.nodeId!);
}

export function textsOf(json: { activities?: Reply[] } | undefined): string[] {
  return (json?.activities ?? []).filter((a) => a.type === 'message').map((a) => a.text ?? '');
}
