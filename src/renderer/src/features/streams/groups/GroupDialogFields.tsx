import type { DialogFields, GroupDialog } from './groupDialogs';

interface GroupDialogFieldsProps {
  dialog: GroupDialog;
  fields: DialogFields;
  onChange(fields: DialogFields): void;
}

/** The fields an action dialog asks for: who takes the entries, from where a group starts, the name to type. */
export function GroupDialogFields({ dialog, fields, onChange }: GroupDialogFieldsProps) {
  switch (dialog.kind) {
    case 'claim':
    case 'autoclaim':
      return (
        <div className="dialog-fields">
          <label>
            Consumer to take them
            <input value={fields.consumer} placeholder="e.g. worker-2" onChange={(event) => onChange({ ...fields, consumer: event.target.value })} />
          </label>
          <label>
            Only entries idle at least
            <input value={fields.minIdle} onChange={(event) => onChange({ ...fields, minIdle: event.target.value })} />
          </label>
        </div>
      );
    case 'create':
      return (
        <div className="dialog-fields">
          <label>
            Group name
            <input value={fields.groupName} onChange={(event) => onChange({ ...fields, groupName: event.target.value })} />
          </label>
          <label>
            Start from
            <input value={fields.id} onChange={(event) => onChange({ ...fields, id: event.target.value })} />
          </label>
          <label className="checkbox-label">
            <input type="checkbox" checked={fields.isStreamMade} onChange={(event) => onChange({ ...fields, isStreamMade: event.target.checked })} />
            Create the stream if it does not exist (MKSTREAM)
          </label>
        </div>
      );
    case 'setId':
      return (
        <div className="dialog-fields">
          <label>
            New last-delivered id
            <input value={fields.id} onChange={(event) => onChange({ ...fields, id: event.target.value })} />
          </label>
        </div>
      );
    case 'destroy':
      return (
        <div className="dialog-fields">
          <label>
            Type the group name
            <input value={fields.typedName} autoComplete="off" onChange={(event) => onChange({ ...fields, typedName: event.target.value })} />
          </label>
        </div>
      );
    default:
      return null;
  }
}
