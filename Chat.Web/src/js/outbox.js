// The outbox: what the user sent that the server has not committed yet. It is kept in local storage until the server
// answers, so a dropped connection, a database outage or a reload loses nothing, and sent again with the same
// clientMessageId, which the server turns into the first answer if it had committed it (docs/protocol.md,
// "Idempotency"). One message at a time, in the order written, so sequence numbers follow the order of sending.

// The hub's codes that a later try can change; any other code is the message's own (docs/protocol.md, "Errors").
const Retryable = new Set(['unavailable', 'rate_limited']);
const FirstDelayMs = 1_000;
const MaxDelayMs = 15_000;

const HubError = /HubException: (\w+): (.*)$/s;

/** The code of a hub error ("...HubException: forbidden: text"), or null when the call never got an answer. */
function hubErrorCode(error) {
  return HubError.exec(error?.message ?? '')?.[1] ?? null;
}

/** What the server said, without the SignalR client's wording around it. */
export function hubErrorText(error) {
  return HubError.exec(error?.message ?? '')?.[2] ?? error?.message ?? String(error);
}

/**
 * pending: the Map (clientMessageId -> message) the page renders; send: invokes SendMessage; connected: whether the
 * hub is up; onSent(message, result) after the commit; onFailed(message, error) when the server refused it for good.
 */
export function createOutbox({ storageKey, pending, send, connected, onSent, onFailed }) {
  for (const message of JSON.parse(localStorage.getItem(storageKey) ?? '[]')) pending.set(message.clientMessageId, message);

  const save = () => localStorage.setItem(storageKey, JSON.stringify([...pending.values()].filter(m => m.status === 'pending')));
  let running = false;
  let again = false;
  let retry = null;
  let delayMs = FirstDelayMs;

  // Another flush while one runs only asks it for one more pass, so two never send the same message at once.
  async function flush() {
    if (running) { again = true; return; }
    running = true;
    clearTimeout(retry);
    try {
      do {
        again = false;
        for (const message of [...pending.values()].filter(m => m.status === 'pending')) {
          if (!connected()) return; // the hub's next connect flushes
          let result;
          try {
            result = await send(message);
          } catch (e) {
            const code = hubErrorCode(e);
            if (code && !Retryable.has(code)) {
              message.status = 'failed';
              save();
              onFailed(message, e);
              continue;
            }
            retry = setTimeout(flush, delayMs);
            delayMs = Math.min(delayMs * 2, MaxDelayMs);
            return;
          }
          delayMs = FirstDelayMs;
          pending.delete(message.clientMessageId);
          save();
          onSent(message, result);
        }
      } while (again);
    } finally {
      running = false;
    }
  }

  return {
    add(message) {
      pending.set(message.clientMessageId, { ...message, status: 'pending' });
      save();
      flush();
    },
    flush,
    /** Signing out drops what was not sent: it belonged to that session. */
    clear: () => localStorage.removeItem(storageKey),
  };
}
