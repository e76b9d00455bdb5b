import { useState } from 'react';
import { ActionDialog } from './ActionDialog';
import { updateChannel } from './api';
import { configOf, secretFields } from './channelFields';
import { ConfigInputs } from './ConfigInputs';
import type { Channel } from './types';

interface RotateSecretDialogProps {
  token: string;
  channel: Channel;
  onRotated: () => void;
  onClose: () => void;
  onUnauthorized: () => void;
}

/** Replaces a channel's secrets: those left empty keep their stored value. */
export function RotateSecretDialog({ token, channel, onRotated, onClose, onUnauthorized }: RotateSecretDialogProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const fields = secretFields(channel.kind);
  const config = configOf(fields, values);

  return (
    <ActionDialog
      title={`Rotate secrets of “${channel.name}”`}
      confirmLabel="Save new secrets"
      variant="primary"
      testId="rotate-dialog"
      onClose={onClose}
      onUnauthorized={onUnauthorized}
      onConfirm={async () => {
        if (Object.keys(config).length === 0) throw new Error('Enter at least one new secret.');
        await updateChannel(token, channel.id, { config });
        onRotated();
      }}
    >
      <p className="muted small">
        Stored secrets are never shown. Enter the new value the provider gives you; fields left empty keep their current
        value. Each api server picks up the new secret within 30 seconds.
      </p>
      <ConfigInputs
        fields={fields}
        values={values}
        allOptional
        onChange={(field, value) => setValues((previous) => ({ ...previous, [field]: value }))}
      />
    </ActionDialog>
  );
}
