import type { PublishRecord } from '../../../../shared/publishing';
import { Notice } from '../../components/Notice';
import { describeOutcome } from './publishDraft';

interface PublishOutcomeNoticeProps {
  record: PublishRecord;
  isBusy: boolean;
  /** A new attempt with the same content: only ever on the user's click. */
  onPublishAgain(): void;
}

export function PublishOutcomeNotice({ record, isBusy, onPublishAgain }: PublishOutcomeNoticeProps) {
  const outcome = describeOutcome(record);
  return (
    <div className="publish-outcome" data-testid="publish-outcome">
      <Notice tone={outcome.tone} title={outcome.title} role={outcome.tone === 'error' ? 'alert' : 'status'}>
        <p>{outcome.detail}</p>
        {record.auditError && <p>The audit log could not be written: {record.auditError}</p>}
        {outcome.shouldOfferRetry && (
          <div className="button-row publish-retry">
            <button type="button" onClick={onPublishAgain} disabled={isBusy}>
              Publish again
            </button>
          </div>
        )}
      </Notice>
    </div>
  );
}
