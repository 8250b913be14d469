/** The one-time question asked on Linux desktops without a keyring. */
import type { MessageBoxOptions } from 'electron';

/** Index of the button that accepts weak protection; everything else (Esc, closing) declines. */
export const ACCEPT_WEAK_STORAGE_BUTTON = 1;

export const WEAK_STORAGE_DIALOG: MessageBoxOptions = {
  type: 'warning',
  title: 'Saved passwords',
  message: 'This desktop has no keyring, so Labwire cannot lock saved passwords safely.',
  detail:
    'Without a keyring (such as GNOME Keyring or KDE Wallet), passwords saved in connection profiles are protected only by a key built into Labwire, which anyone who can read your files could use.\n\n' +
    'Choose "Keep until Labwire closes" to type passwords again after each start. You are asked this once.',
  buttons: ['Keep until Labwire closes', 'Save with weak protection'],
  defaultId: 0,
  cancelId: 0,
  noLink: true,
};

export function isWeakStorageAccepted(response: number): boolean {
  return response === ACCEPT_WEAK_STORAGE_BUTTON;
}
