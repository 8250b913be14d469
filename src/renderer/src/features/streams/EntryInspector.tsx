/** One entry in full: every field's decoded value, bytes and size. */
import { useQuery } from '@tanstack/react-query';
import { callBus } from '../../api/callBus';
import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { formatBytes } from '../../format/formatBytes';
import { useLabwireApi } from '../../transport/transportContext';
import { JsonTree } from '../live/JsonTree';
import { KindBadge } from '../live/KindBadge';
import { formatEntryTime } from './streamFormatting';
import { countWords } from '../../../../shared/countWords';

interface EntryInspectorProps {
  profileId: string;
  streamKey: string;
  /** The stream's exact name when it is not UTF-8 (`streamKey` is then the text shown for it). */
  keyBase64?: string | undefined;
  entryId: string;
  onClose(): void;
}

export function EntryInspector({ profileId, streamKey, keyBase64, entryId, onClose }: EntryInspectorProps) {
  const api = useLabwireApi();
  const detail = useQuery({
    queryKey: ['streams', 'entryDetail', profileId, streamKey, keyBase64, entryId],
    queryFn: () => callBus(api, 'streams:entryDetail', { profileId, key: streamKey, ...(keyBase64 === undefined ? {} : { keyBase64 }), id: entryId }),
    staleTime: Infinity,
  });
  return (
    <section className="card entry-inspector" aria-label={`Entry ${entryId}`}>
      <header className="entry-inspector-header">
        <h3 className="mono">Entry {entryId}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {detail.isPending ? (
        <p className="muted" role="status">Loading the entry…</p>
      ) : detail.error ? (
        <Notice tone="error">{describeError(detail.error)}</Notice>
      ) : (
        <>
          <p className="muted">
            Added {formatEntryTime(detail.data.entry.timeMs)} · {countWords(detail.data.entry.fieldCount, 'field')} · {formatBytes(detail.data.entry.totalBytes)}
            {detail.data.fields.length < detail.data.entry.fieldCount ? ` · the first ${countWords(detail.data.fields.length, 'field')} shown` : ''}
          </p>
          <dl className="entry-fields">
            {detail.data.fields.map((field, index) => (
              <div key={index} className="entry-field">
                <dt className="mono">
                  {field.name.text} <KindBadge kind={field.value.kind} /> <span className="muted">{formatBytes(field.value.byteLength)}</span>
                </dt>
                <dd>
                  {field.value.decodeError !== undefined && <Notice tone="warning">{field.value.decodeError}</Notice>}
                  {field.tree !== undefined ? <JsonTree value={field.tree} /> : field.hexDump.length > 0 ? <pre className="hex-dump">{field.hexDump.join('\n')}</pre> : <code>{field.value.preview}</code>}
                  {field.isValueTruncated && <p className="field-hint">This value is too large to send whole: only its first part reached this window, so it is shown as a preview.</p>}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}
