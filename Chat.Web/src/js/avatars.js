// Profile photos (docs/protocol.md, "Profile photos"). Fetching one needs the token, so each photo is fetched once per
// id and size and shown through a blob: URL; a new photo has a new id.
import { call, fetchWithToken } from './api.js';
import { element } from './dom.js';

const urls = new Map(); // `${avatarId}-${size}` -> the promise of its blob: URL

function urlOf(user, size) {
  const key = `${user.avatarId}-${size}`;
  if (!urls.has(key)) {
    urls.set(key, fetchWithToken(`/api/users/${user.userId}/avatar?size=${size}`)
      .then(response => response.blob()).then(blob => URL.createObjectURL(blob))
      .catch(e => { urls.delete(key); throw e; }));
  }
  return urls.get(key);
}

/** An img for the user's photo, filled in when it arrives; null when they have none. */
export function avatarImage(user, size = 'small') {
  if (!user?.avatarId) return null;
  const img = element('img', { class: `avatar ${size}`, alt: '' });
  urlOf(user, size).then(url => { img.src = url; }, () => img.remove());
  return img;
}

export const setAvatar = file => call('PUT', '/api/me/avatar', file, file.type || 'application/octet-stream');
export const removeAvatar = () => call('DELETE', '/api/me/avatar');
