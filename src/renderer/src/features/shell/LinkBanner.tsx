import { useLinkState } from '../../transport/transportContext';

/** The console's own link to the Labwire host; Redis connections are shown per profile. */
export function LinkBanner() {
  const link = useLinkState();
  switch (link.state) {
    case 'connected':
      return null;
    case 'connecting':
      return (
        <div className="link-banner link-busy" role="status">
          Reaching the Labwire server…
        </div>
      );
    case 'reconnecting':
      return (
        <div className="link-banner link-warning" role="status" data-testid="link-banner">
          The console lost its link to the Labwire server. Reconnecting (attempt {link.attempt})…
        </div>
      );
    case 'unauthorized':
      return (
        <div className="link-banner link-error" role="alert" data-testid="link-banner">
          {link.message}
        </div>
      );
  }
}
