import { CheckboxField } from '../../components/CheckboxField';

interface ProfileFlagsProps {
  isReadOnly: boolean;
  isProduction: boolean;
  onChange(flags: { isReadOnly: boolean; isProduction: boolean }): void;
}

export function ProfileFlags({ isReadOnly, isProduction, onChange }: ProfileFlagsProps) {
  return (
    <fieldset className="profile-flags">
      <legend>Safety</legend>
      <CheckboxField
        id="profile-isReadOnly"
        label="Read-only"
        checked={isReadOnly}
        onChange={(checked) => onChange({ isReadOnly: checked, isProduction })}
        hint="Labwire will never write to this server: no publishing, no acks, claims, group changes or dead-letter moves, no demo traffic."
      />
      <CheckboxField
        id="profile-isProduction"
        label="Production server"
        checked={isProduction}
        onChange={(checked) => onChange({ isReadOnly, isProduction: checked })}
        hint="Risky actions on this server ask for confirmation first."
      />
    </fieldset>
  );
}
