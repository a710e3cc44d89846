// Files in messages: the file goes to the conversation's blob store, the message carries a reference to it
// (docs/protocol.md, "Attachments"). This client does not encrypt, so the reference is plain JSON.
import { call, objectUrlOf } from './api.js';

/** The body of a message that shares an uploaded file. */
export const attachmentBody = (stored, name) =>
  JSON.stringify({ attachment: { attachmentId: stored.attachmentId, contentType: stored.contentType, size: stored.size, name } });

/** The reference in a message body, or null when the body is text. */
export function parseAttachment(body) {
  if (!body?.startsWith('{"attachment":')) return null;
  try {
    const a = JSON.parse(body).attachment;
    // The id goes into a URL fetched with the token: only a GUID, never a path.
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a?.attachmentId ?? '') && typeof a.name === 'string' ? a : null;
  } catch {
    return null;
  }
}

export const upload = (conversationId, file) =>
  call('POST', `/api/conversations/${conversationId}/attachments`, file, file.type || 'application/octet-stream');

export const objectUrl = (conversationId, attachmentId) =>
  objectUrlOf(attachmentId, `/api/conversations/${conversationId}/attachments/${attachmentId}`);

export const sizeText = bytes => bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;

/** What a list preview says of a message. */
export const previewText = body => {
  const a = parseAttachment(body);
  return a ? `\u{1F4CE} ${a.name}` : body;
};
