// The realtime half: one SignalR connection to /hubs/chat that reconnects by itself, forever, backing off to 10 s.
// `?transport=longpolling` (or websockets, serversentevents) in the page address forces one transport.

const HeartbeatMs = 20_000;

function transportFromAddress() {
  const wanted = new URLSearchParams(location.search).get('transport')?.toLowerCase();
  const types = signalR.HttpTransportType;
  return { websockets: types.WebSockets, serversentevents: types.ServerSentEvents, longpolling: types.LongPolling }[wanted];
}

// currentToken: a function, so that a reconnect uses the latest refreshed token.
export function connect(currentToken, handlers, onState) {
  const transport = transportFromAddress();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/chat', { accessTokenFactory: currentToken, ...(transport ? { transport } : {}) })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => Math.min(500 * 2 ** previousRetryCount, 10_000) })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  for (const [event, handler] of Object.entries(handlers)) connection.on(event, handler);

  const active = () => document.visibilityState === 'visible';
  const heartbeat = () => {
    if (connection.state === signalR.HubConnectionState.Connected) connection.send('Heartbeat', { active: active() }).catch(() => {});
  };
  const timer = setInterval(heartbeat, HeartbeatMs);
  document.addEventListener('visibilitychange', heartbeat);

  let stopped = false;
  const start = async () => {
    while (!stopped) {
      try {
        onState('connecting');
        await connection.start();
        onState('connected');
        heartbeat();
        return;
      } catch {
        onState('offline');
        await new Promise(resolve => setTimeout(resolve, 2_000));
      }
    }
  };
  connection.onreconnecting(() => onState('reconnecting'));
  connection.onreconnected(() => { onState('reconnected'); heartbeat(); });
  // Automatic reconnect gives up only when the server refuses (e.g. the device was removed); start over then.
  connection.onclose(() => {
    if (stopped) return;
    onState('offline');
    start();
  });
  start();

  return {
    invoke: (method, argument) => connection.invoke(method, argument),
    connected: () => connection.state === signalR.HubConnectionState.Connected,
    // Fire and forget; the promise says whether it went out (false while the connection is down).
    send: (method, argument) => connection.send(method, argument).then(() => true, () => false),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', heartbeat);
      await connection.stop();
    },
  };
}
