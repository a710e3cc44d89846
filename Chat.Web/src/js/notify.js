// Desktop notifications while the page is open and the user looks elsewhere (another tab, another conversation): one
// per conversation, a newer one replacing it, and only for messages of the last minute, so a reconnect's catch-up is
// not a burst of old news. The browser asks the user first (the settings' button); a phone asleep needs push instead.
import { displayName, conversationName, isMuted } from './state.js';
import { previewText } from './attachments.js';

const FreshMs = 60_000;

export const notificationState = () => ('Notification' in window ? Notification.permission : 'unsupported');

export async function askForNotifications() {
  if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
  return notificationState();
}

export function notify(message, conversation, onOpen) {
  if (notificationState() !== 'granted' || isMuted(conversation) || Date.now() - new Date(message.sentAt) > FreshMs) return;
  const group = conversation.kind === 'group';
  const note = new Notification(group ? conversationName(conversation) : displayName(message.senderId), {
    body: `${group ? `${displayName(message.senderId)}: ` : ''}${previewText(message.body)}`,
    tag: message.conversationId,
  });
  note.onclick = () => {
    window.focus();
    onOpen(message.conversationId);
    note.close();
  };
}
