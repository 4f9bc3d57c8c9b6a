// A date field under the chat while the bot asks for a date (a permit's end date, issue 18): the
// picked day is sent as the person's message, "YYYY-MM-DD", which the bot reads like a typed date.

/** Web Chat store middleware showing `form` while the bot's last question takes a date. */
export function dateField(form) {
  let send = () => undefined;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = form.querySelector('input').value;
    if (!value) return;
    form.hidden = true;
    send(value);
  });
  return ({ dispatch }) => {
    send = (text) => dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text } });
    return (next) => (action) => {
      const activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' ? action.payload.activity : undefined;
      if (activity?.type === 'message' && activity.from?.role !== 'user' && activity.channelData?.node)
        form.hidden = activity.channelData.input !== 'date';
      return next(action);
    };
  };
}
