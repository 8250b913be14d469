import type { TlsSettings } from '../../../../shared/profile';
import { CheckboxField } from '../../components/CheckboxField';
import { TextField } from '../../components/TextField';

interface TlsFieldsProps {
  tls: TlsSettings;
  /** An imported profile: its certificate files stayed on the computer it came from. */
  shouldChooseFiles: boolean;
  onChange(tls: TlsSettings): void;
  problems: ReadonlyMap<string, string>;
  /** Dotted path of these settings ("tls", or "topology.sentinelTls" for the sentinels'). */
  field?: string;
  legend?: string;
  /** One line under the legend (the sentinels' settings say they are apart from the data servers'). */
  description?: string;
}

const PATH_HINT = 'Full path of a PEM file on the computer that runs Labwire.';

export const CHOOSE_TLS_FILES_TEXT =
  'This profile was imported. Its certificate file paths were left out because they name files on the computer it came from. ' +
  'If this server needs a CA certificate or a client certificate, enter the files on this computer, then save.';

export function TlsFields({ tls, shouldChooseFiles, onChange, problems, field = 'tls', legend = 'Encryption (TLS)', description }: TlsFieldsProps) {
  const set = <K extends keyof TlsSettings>(key: K, value: TlsSettings[K]): void => onChange({ ...tls, [key]: value });
  const idOf = (key: keyof TlsSettings): string => `profile-${field.replace(/\./g, '-')}-${key}`;
  const problemOf = (key: keyof TlsSettings): string | undefined => problems.get(`${field}.${key}`);
  return (
    <fieldset className="tls-fields">
      <legend>{legend}</legend>
      {description && <p className="field-hint">{description}</p>}
      <CheckboxField
        id={idOf('isEnabled')}
        label="Use TLS"
        checked={tls.isEnabled}
        onChange={(checked) => set('isEnabled', checked)}
        hint="Encrypts the connection. The server must be set up for TLS on this port."
      />
      {tls.isEnabled && shouldChooseFiles && (
        <p className="field-warning" role="status" data-testid="choose-tls-files">
          {CHOOSE_TLS_FILES_TEXT}
        </p>
      )}
      {tls.isEnabled && (
        <div className="field-grid">
          <TextField id={idOf('caFile')} label="CA certificate file" value={tls.caFile} onChange={(value) => set('caFile', value)} problem={problemOf('caFile')} hint={`${PATH_HINT} Empty trusts the system's certificate authorities.`} className="field-wide" />
          <TextField id={idOf('certFile')} label="Client certificate file" value={tls.certFile} onChange={(value) => set('certFile', value)} problem={problemOf('certFile')} hint="Only if the server asks for a client certificate." />
          <TextField id={idOf('keyFile')} label="Client key file" value={tls.keyFile} onChange={(value) => set('keyFile', value)} problem={problemOf('keyFile')} hint="The private key that belongs to the client certificate." />
          <TextField id={idOf('servername')} label="Server name" value={tls.servername} onChange={(value) => set('servername', value)} problem={problemOf('servername')} placeholder="same as the address" hint="The name written in the server's certificate, if it differs from the address." className="field-wide" />
          <div className="field-wide">
            <CheckboxField
              id={idOf('shouldVerify')}
              label="Verify the server's certificate"
              checked={tls.shouldVerify}
              onChange={(checked) => set('shouldVerify', checked)}
            />
            {!tls.shouldVerify && (
              <p className="field-warning" role="status">
                Without verification, anyone on the network between this computer and the server could read or change the traffic. Turn this off only for a test server.
              </p>
            )}
          </div>
        </div>
      )}
    </fieldset>
  );
}
