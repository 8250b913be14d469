import { PROFILE_COLORS, type ProfileColor } from '../../../../shared/profile';

const COLOR_NAMES: Record<ProfileColor, string> = {
  slate: 'Slate',
  blue: 'Blue',
  green: 'Green',
  amber: 'Amber',
  red: 'Red',
  violet: 'Violet',
  teal: 'Teal',
  pink: 'Pink',
};

export function ColorPicker({ value, onChange }: { value: ProfileColor; onChange(color: ProfileColor): void }) {
  return (
    <fieldset className="color-picker">
      <legend>Colour tag</legend>
      <p className="field-hint">Shown beside the profile, so lab and production servers are easy to tell apart.</p>
      <div className="color-options">
        {PROFILE_COLORS.map((color) => (
          <label key={color} className={`color-option${color === value ? ' is-selected' : ''}`}>
            <input type="radio" name="profile-color" value={color} checked={color === value} onChange={() => onChange(color)} />
            <span className={`color-swatch color-${color}`} aria-hidden="true" />
            <span>{COLOR_NAMES[color]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
