import { useState, type ChangeEvent } from 'react';
import { MAX_PROFILE_IMPORT_CHARS } from '../../../../shared/profile';
import { describeError } from '../../api/requestError';
import { useBusMutation } from '../../api/useBusMutation';
import { countWords } from '../../../../shared/countWords';
import { profileExportFileName } from './profileExportFileName';

/**
 * The bus refuses larger imports; checking here saves reading a huge file into
 * the page. A file has no more characters than bytes, so a file under this
 * size always fits the bus's cap.
 */
const MAX_IMPORT_BYTES = MAX_PROFILE_IMPORT_CHARS;

function downloadJson(json: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click starts the download on its own task; revoke after it has the data.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface TransferMessage {
  tone: 'info' | 'error';
  text: string;
}

const NO_MESSAGE: TransferMessage = { tone: 'info', text: '' };

/** Export all profiles to a JSON file, and import profiles from one. Passwords never travel. */
export function ProfileTransfer({ profileCount }: { profileCount: number }) {
  const exportProfiles = useBusMutation('profiles:export');
  const importProfiles = useBusMutation('profiles:import');
  const [message, setMessage] = useState<TransferMessage>(NO_MESSAGE);

  const onExport = (): void => {
    setMessage(NO_MESSAGE);
    exportProfiles.mutate(
      {},
      {
        onSuccess: ({ json, count }) => {
          downloadJson(json, profileExportFileName(Date.now()));
          setMessage({ tone: 'info', text: `Exported ${countWords(count, 'profile')}. Passwords are never exported.` });
        },
        onError: (error) => setMessage({ tone: 'error', text: describeError(error) }),
      },
    );
  };

  const onImport = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setMessage({ tone: 'error', text: 'That file is larger than 10 MiB, too large for a profile export.' });
      return;
    }
    setMessage(NO_MESSAGE);
    const json = await file.text();
    importProfiles.mutate(
      { json },
      {
        onSuccess: ({ imported }) =>
          setMessage({
            tone: 'info',
            text: `Imported ${countWords(imported.length, 'profile')}. Enter their passwords before connecting.`,
          }),
        onError: (error) => setMessage({ tone: 'error', text: describeError(error) }),
      },
    );
  };

  return (
    <div className="profile-transfer">
      <div className="button-row">
        <button type="button" onClick={onExport} disabled={profileCount === 0 || exportProfiles.isPending}>
          Export all
        </button>
        <label className="button file-button">
          Import…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Import profiles from a JSON file"
            onChange={(event) => void onImport(event)}
          />
        </label>
      </div>
      <p className={message.tone === 'error' ? 'transfer-message is-error' : 'transfer-message'} role="status" aria-live="polite">
        {message.text}
      </p>
    </div>
  );
}
