/** The threshold rule form as typed text, checked into a rule with a problem per field. */
import { THRESHOLD_OPERATORS, type AlertSeverity, type ThresholdOperator, type ThresholdRule } from '../../../../shared/features/alertsContract';

export interface ThresholdRuleForm {
  name: string;
  channel: string;
  fieldPath: string;
  operator: ThresholdOperator;
  value: string;
  pendingSeconds: string;
  resolveSeconds: string;
  severity: AlertSeverity;
}

export const EMPTY_THRESHOLD_FORM: ThresholdRuleForm = {
  name: '',
  channel: 'devices:telemetry',
  fieldPath: 'data.telemetry.co2',
  operator: '>',
  value: '1000',
  pendingSeconds: '30',
  resolveSeconds: '30',
  severity: 'warning',
};

export type ThresholdFormCheck = { isValid: true; rule: ThresholdRule } | { isValid: false; problems: Partial<Record<keyof ThresholdRuleForm, string>> };

function wholeSeconds(text: string): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 86_400 ? value : null;
}

/** The rule's id is left empty: the editor gives it one when the rule is added. */
export function checkThresholdForm(form: ThresholdRuleForm): ThresholdFormCheck {
  const problems: Partial<Record<keyof ThresholdRuleForm, string>> = {};
  if (form.channel.trim() === '') problems.channel = 'Name the channel the rule watches.';
  if (form.fieldPath.trim() === '') problems.fieldPath = 'Name the numeric field, e.g. data.telemetry.co2.';
  const value = Number(form.value.trim());
  if (form.value.trim() === '' || !Number.isFinite(value)) problems.value = 'Enter a number, e.g. 1000 or -2.5.';
  const pendingSeconds = wholeSeconds(form.pendingSeconds);
  if (pendingSeconds === null) problems.pendingSeconds = 'Whole seconds from 0 to 86400.';
  const resolveSeconds = wholeSeconds(form.resolveSeconds);
  if (resolveSeconds === null) problems.resolveSeconds = 'Whole seconds from 0 to 86400.';
  if (!THRESHOLD_OPERATORS.includes(form.operator)) problems.operator = 'Choose a comparison.';
  if (Object.keys(problems).length > 0 || pendingSeconds === null || resolveSeconds === null) return { isValid: false, problems };
  const channel = form.channel.trim();
  const fieldPath = form.fieldPath.trim();
  return {
    isValid: true,
    rule: {
      kind: 'threshold',
      id: '',
      name: form.name.trim() || `${fieldPath} ${form.operator} ${value}`,
      channel,
      fieldPath,
      operator: form.operator,
      value,
      pendingSeconds,
      resolveSeconds,
      severity: form.severity,
    },
  };
}
