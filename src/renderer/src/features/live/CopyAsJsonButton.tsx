import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../format/formatBytes';
import { utf8Length } from './inspectorJson';

type CopyState = { state: 'idle' } | { state: 'copied'; bytes: number } | { state: 'blocked'; json: string };

/** Copies through the clipboard API; where the browser refuses, shows the JSON selected for Ctrl+C instead. */
export function CopyAsJsonButton({ json }: { json: () => string }) {
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const fallbackRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (copy.state === 'blocked') fallbackRef.current?.select();
  }, [copy]);

  const onCopy = async (): Promise<void> => {
    const text = json();
    try {
      if (!navigator.clipboard) throw new Error('No clipboard in this browser.');
      await navigator.clipboard.writeText(text);
      setCopy({ state: 'copied', bytes: utf8Length(text) });
    } catch {
      setCopy({ state: 'blocked', json: text });
    }
  };

  return (
    <div className="copy-json">
      <button type="button" onClick={() => void onCopy()}>
        Copy as JSON
      </button>
      <span role="status" aria-live="polite" className="copy-json-status">
        {copy.state === 'copied' ? `Copied ${formatBytes(copy.bytes)} of JSON.` : ''}
        {copy.state === 'blocked' ? 'This browser did not allow copying. The JSON is selected below: press Ctrl+C (⌘C on a Mac).' : ''}
      </span>
      {copy.state === 'blocked' && (
        <textarea ref={fallbackRef} className="copy-json-fallback" readOnly value={copy.json} aria-label="Message as JSON" rows={6} />
      )}
    </div>
  );
}
