/** A benchmark activity: a greeting (no text) or a message, replies in the HTTP body. */
export const benchActivity = (conversation: string, text?: string, extra: object = {}) => ({
  type: text === undefined ? 'conversationUpdate' : 'message',
  // Not "directline": without channel authentication that id is reserved for the built-in Direct Line.
  channelId: 'webchat',
  deliveryMode: 'expectReplies',
  serviceUrl: 'http://127.0.0.1:9',
  from: { id: `u-${conversation}` },
  recipient: { id: 'bot' },
  conversation: { id: conversation },
  ...(text === undefined ? { membersAdded: [{ id: `u-${conversation}` }] } : { text }),
  ...extra,
});
