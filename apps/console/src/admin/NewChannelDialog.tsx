import { useId, useState } from 'react';
import { ActionDialog } from './ActionDialog';
import { createChannel } from './api';
import { CHANNEL_KINDS, CONFIG_FIELDS, configOf, KIND_NAMES } from './channelFields';
import { ConfigInputs } from './ConfigInputs';
import type { Channel, ChannelKind } from './types';

interface NewChannelDialogProps {
  token: string;
  onCreated: (channel: Channel) => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

/** A channel of any kind, with the config its kind asks for. */
export function NewChannelDialog({ token, onCreated, onClose, onUnauthorized }: NewChannelDialogProps) {
  const kindId = useId();
  const nameId = useId();
  const [kind, setKind] = useState<ChannelKind>('whatsapp');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});

  return (
    <ActionDialog
      title="New channel"
      confirmLabel="Create channel"
      variant="primary"
      testId="new-channel-dialog"
      onClose={onClose}
      onUnauthorized={onUnauthorized}
      onConfirm={async () => {
        const config = configOf(CONFIG_FIELDS[kind], values);
        onCreated(await createChannel(token, { kind, name: name.trim(), config }));
      }}
    >
      <div className="field">
        <label htmlFor={kindId}>Kind</label>
        <select id={kindId} value={kind} onChange={(event) => setKind(event.target.value as ChannelKind)}>
          {CHANNEL_KINDS.map((option) => (
            <option key={option} value={option}>
              {KIND_NAMES[option]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} value={name} required autoFocus onChange={(event) => setName(event.target.value)} />
      </div>
      <ConfigInputs
        fields={CONFIG_FIELDS[kind]}
        values={values}
        onChange={(field, value) => setValues((previous) => ({ ...previous, [field]: value }))}
      />
    </ActionDialog>
  );
}
