import { describeError } from '../../api/requestError';
import { Notice } from '../../components/Notice';
import { useTryDemoData } from './useTryDemoData';

export const TRY_DEMO_LABEL = 'Try demo data (no server needed)';

/** The one button that starts demo data with no server, wherever a user without a Redis lands. */
interface TryDemoButtonProps {
  onUseProfile(profileId: string): void;
  isPrimary: boolean;
  /** A Redis profile still trying to connect: its attempts stop when the demo starts. */
  stopConnecting?: string | undefined;
}

export function TryDemoButton({ onUseProfile, isPrimary, stopConnecting }: TryDemoButtonProps) {
  const { tryDemo, isPending, error } = useTryDemoData(onUseProfile, stopConnecting);
  return (
    <>
      <div className="button-row">
        <button type="button" className={isPrimary ? 'primary' : undefined} onClick={() => void tryDemo()} disabled={isPending} data-testid="try-demo-data">
          {TRY_DEMO_LABEL}
        </button>
      </div>
      {error && (
        <Notice tone="error" role="alert">
          {describeError(error)}
        </Notice>
      )}
    </>
  );
}
