// The HTTP half of docs/protocol.md. Errors are RFC 7807 problems; they surface as ApiError with the server's title.

export class ApiError extends Error {
  constructor(status, problem) {
    const fieldErrors = problem?.errors ? Object.values(problem.errors).flat() : [];
    super(fieldErrors[0] ?? problem?.title ?? `Request failed (${status})`);
    this.status = status;
    this.code = problem?.code;
  }
}

let token = null;
let onUnauthorized = () => {};

export function useToken(accessToken, unauthorized) {
  token = accessToken;
  onUnauthorized = unauthorized ?? onUnauthorized;
}

/** A JSON call; with a contentType the body (a File or Blob) is sent as it is. */
export async function call(method, path, body, contentType) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const payload = body === undefined || contentType ? body : JSON.stringify(body);
  const response = await fetch(path, { method, headers, body: payload });
  if (response.status === 401 && token) onUnauthorized();
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** A GET of something that is not JSON (an attachment), with the token. */
// Files that need the bearer token (attachments, profile photos) are fetched once per key and shown through blob: URLs.
const objectUrls = new Map(); // key -> the promise of its blob: URL

export function objectUrlOf(key, path) {
  if (!objectUrls.has(key)) {
    objectUrls.set(key, fetchWithToken(path).then(response => response.blob()).then(blob => URL.createObjectURL(blob))
      .catch(e => { objectUrls.delete(key); throw e; }));
  }
  return objectUrls.get(key);
}

async function fetchWithToken(path) {
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 && token) onUnauthorized();
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response;
}

export const api = {
  register: (username, password, displayName) => call('POST', '/api/users', { username, password, displayName }),
  signIn: (username, password, deviceId, deviceName) => call('POST', '/api/tokens', { username, password, deviceId, deviceName }),
  refreshToken: () => call('POST', '/api/tokens/refresh'),
  changePassword: (currentPassword, newPassword) => call('PUT', '/api/me/password', { currentPassword, newPassword }),
  changeDisplayName: displayName => call('PUT', '/api/me/profile', { displayName }),
  devices: () => call('GET', '/api/me/devices'),
  deleteAccount: password => call('DELETE', '/api/me', { password }),
  removeDevice: deviceId => call('DELETE', `/api/me/devices/${encodeURIComponent(deviceId)}`),
  user: userId => call('GET', `/api/users/${userId}`),
  findUser: username => call('GET', `/api/users/by-username/${encodeURIComponent(username)}`),
  presence: userId => call('GET', `/api/users/${userId}/presence`),
  conversations: () => call('GET', '/api/conversations'),
  conversation: id => call('GET', `/api/conversations/${id}`),
  messages: (id, { before, after, limit } = {}) => {
    const query = new URLSearchParams();
    if (before !== undefined) query.set('before', before);
    if (after !== undefined) query.set('after', after);
    if (limit !== undefined) query.set('limit', limit);
    return call('GET', `/api/conversations/${id}/messages?${query}`);
  },
  arrange: (id, what, on) => call(on ? 'PUT' : 'DELETE', `/api/conversations/${id}/${what}`),
  mute: id => call('PUT', `/api/conversations/${id}/mute`, { until: null }),
  unmute: id => call('DELETE', `/api/conversations/${id}/mute`),
  disappearing: (id, afterSeconds) => call('PUT', `/api/conversations/${id}/disappearing`, { afterSeconds }),
  block: id => call('PUT', `/api/conversations/${id}/block`),
  unblock: id => call('DELETE', `/api/conversations/${id}/block`),
  blocked: () => call('GET', '/api/me/blocked'),
  report: (id, report) => call('POST', `/api/conversations/${id}/reports`, report),
  clearHistory: (id, upToSequence) => call('DELETE', `/api/conversations/${id}/messages?upToSequence=${upToSequence}`),
  deleteChat: id => call('DELETE', `/api/conversations/${id}`),
  deleteForMe: (id, messageId) => call('PUT', `/api/conversations/${id}/messages/${messageId}/hidden`),
  privacy: () => call('GET', '/api/me/privacy'),
  setPrivacy: settings => call('PUT', '/api/me/privacy', settings),
  openDirect: userId => call('POST', '/api/conversations/direct', { userId }),
  createInvite: (id, expiresInSeconds) => call('POST', `/api/groups/${id}/invite`, { expiresInSeconds }),
  describeGroup: (id, description) => call('PUT', `/api/groups/${id}/description`, { description }),
  setSendPolicy: (id, onlyAdmins) => call('PUT', `/api/groups/${id}/send-policy`, { onlyAdmins }),
  revokeInvite: id => call('DELETE', `/api/groups/${id}/invite`),
  previewInvite: code => call('GET', `/api/invites/${encodeURIComponent(code)}`),
  joinByInvite: code => call('POST', `/api/invites/${encodeURIComponent(code)}`),
  createGroup: (title, memberIds) => call('POST', '/api/groups', { title, memberIds }),
  addMembers: (id, userIds) => call('POST', `/api/groups/${id}/members`, { userIds }),
  removeMember: (id, userId) => call('DELETE', `/api/groups/${id}/members/${userId}`),
  rename: (id, title) => call('PUT', `/api/groups/${id}`, { title }),
  setAdmin: (id, userId, admin) => call(admin ? 'PUT' : 'DELETE', `/api/groups/${id}/admins/${userId}`),
};
