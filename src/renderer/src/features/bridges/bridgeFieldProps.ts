import type { BridgeForm, BridgeFormProblems } from './bridgeForm';

/** What each group of the bridge editor's fields is given. */
export interface BridgeFieldsProps {
  form: BridgeForm;
  problems: BridgeFormProblems;
  change(patch: Partial<BridgeForm>): void;
}
