/** The EEG flat/railed rule form's fields and their check, apart from the form so they can be tested. */
import type { AlertSeverity, SignalQualityRule } from '../../../../shared/features/alertsContract';

export type SignalQualityFieldsValue = Omit<SignalQualityRule, 'kind' | 'id' | 'name'>;

export interface SignalQualityForm {
  channel: string;
  fieldPath: string;
  seconds: string;
  flatWithin: string;
  railAt: string;
  severity: AlertSeverity;
}

export const EMPTY_SIGNAL_QUALITY_FORM: SignalQualityForm = { channel: '', fieldPath: 'channels.*', seconds: '5', flatWithin: '0.5', railAt: '', severity: 'warning' };

/** The rule the form describes, or what is wrong with each field in words. */
export function checkSignalQualityForm(form: SignalQualityForm): { rule: SignalQualityFieldsValue; problems: null } | { rule: null; problems: Partial<Record<keyof SignalQualityForm, string>> } {
  const problems: Partial<Record<keyof SignalQualityForm, string>> = {};
  const seconds = Number(form.seconds.trim());
  const flatWithin = Number(form.flatWithin.trim());
  const railText = form.railAt.trim();
  const railAt = railText === '' ? null : Number(railText);
  if (form.channel.trim() === '') problems.channel = 'Name the channel the EEG samples arrive on.';
  if (form.fieldPath.trim() === '') problems.fieldPath = 'Name the samples, such as channels.* (each channel its own series).';
  if (form.seconds.trim() === '' || !Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) problems.seconds = 'Whole seconds from 1 to 86400.';
  if (form.flatWithin.trim() === '' || !Number.isFinite(flatWithin) || flatWithin < 0) problems.flatWithin = 'A number, 0 or more (in the samples’ unit, such as µV).';
  if (railAt !== null && (!Number.isFinite(railAt) || railAt <= 0)) problems.railAt = 'A number above 0, or empty to watch flat lines only.';
  if (Object.keys(problems).length > 0) return { rule: null, problems };
  return { rule: { channel: form.channel.trim(), fieldPath: form.fieldPath.trim(), seconds, flatWithin, railAt, severity: form.severity }, problems: null };
}

