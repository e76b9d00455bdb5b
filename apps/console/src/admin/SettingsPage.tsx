import { useId, useState } from 'react';
import type { IdentitySettings } from '@app/domain';
import type { ConsoleContext } from '../consoleContext';
import { useTitle } from '../useTitle';
import { ActionDialog } from './ActionDialog';
import { ExistingDuplicates } from './ExistingDuplicates';
import { fetchIdentitySettings, fetchSettingsBackfill, saveIdentitySettings } from './api';
import { LoadState } from './LoadState';
import { SettingsAuditList } from './SettingsAuditList';
import {
  changedSettings,
  CONTACT_TYPES,
  ENFORCE_UNIQUE_BY,
  formOf,
  IDENTIFIER_TYPES,
  IDENTIFY_MERGE_VICTIMS,
  SETTING_LABELS,
  settingsOf,
  SURVIVOR_PREFERENCES,
  type SettingsForm,
} from './settingsForm';
import type { SettingsBackfill } from './types';
import { useLoaded } from './useLoaded';

/** The tenant's identity settings: how customers are matched and which merges the guards refuse, and their audit. */
export function SettingsPage({ context }: { context: ConsoleContext }) {
  useTitle('Identity settings');
  const { token, onUnauthorized } = context;
  const settings = useLoaded((signal) => fetchIdentitySettings(token, signal), onUnauthorized);
  const backfill = useLoaded((signal) => fetchSettingsBackfill(token, signal), onUnauthorized);
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  function saved(): void {
    setNotice('Saved. Every customer is being checked again with these settings.');
    settings.reload();
    backfill.reload();
    setGeneration((value) => value + 1);
  }

  return (
    <>
      <section className="card" aria-labelledby="settings-title">
        <div className="card-header">
          <h2 id="settings-title">Identity settings</h2>
        </div>
        <div className="card-body admin-body">
          {notice ? (
            <p className="notice" role="status" data-testid="settings-notice">
              {notice}
            </p>
          ) : null}
          {backfill.loaded.phase === 'ready' ? (
            <BackfillLine backfill={backfill.loaded.value} onRefresh={backfill.reload} />
          ) : null}
          <LoadState loaded={settings.loaded} onRetry={settings.reload} />
          {settings.loaded.phase === 'ready' ? (
            <SettingsEditor
              // The form starts again from what is saved once the reload brings it.
              key={JSON.stringify(settings.loaded.value)}
              saved={settings.loaded.value}
              token={token}
              onUnauthorized={onUnauthorized}
              onSaved={saved}
            />
          ) : null}
          {settings.loaded.phase === 'ready' && settings.loaded.value.enforceUniqueBy !== 'off' ? (
            <ExistingDuplicates
              token={token}
              onUnauthorized={onUnauthorized}
              enforceUniqueBy={settings.loaded.value.enforceUniqueBy}
            />
          ) : null}
        </div>
      </section>
      <SettingsAuditList key={generation} context={context} />
    </>
  );
}

function BackfillLine({ backfill, onRefresh }: { backfill: SettingsBackfill; onRefresh: () => void }) {
  const counts = backfill.total === null ? '' : ` (${backfill.checked} of ${backfill.total} customers)`;
  const words: Record<SettingsBackfill['state'], string> = {
    none: 'No check of every customer is recorded for the settings in force.',
    waiting: `Every customer will be checked again with the settings in force${counts}.`,
    running: `Every customer is being checked again with the settings in force${counts}.`,
    done: `Every customer was checked with the settings in force${counts}.`,
    failed: `The check of every customer with the settings in force failed${counts}; see the failed jobs.`,
  };
  return (
    <div className="admin-inline-form">
      <p className="muted small" data-testid="settings-backfill" data-state={backfill.state}>
        {words[backfill.state]}
      </p>
      <button className="button button-secondary button-small" type="button" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}

interface SettingsEditorProps {
  saved: IdentitySettings;
  token: string;
  onUnauthorized: () => void;
  onSaved: () => void;
}

function SettingsEditor({ saved, token, onUnauthorized, onSaved }: SettingsEditorProps) {
  const ids = {
    primary: useId(),
    unique: useId(),
    threshold: useId(),
    suggestionThreshold: useId(),
    blocklist: useId(),
    enforce: useId(),
    victim: useId(),
    survivor: useId(),
  };
  const [form, setForm] = useState<SettingsForm>(() => formOf(saved));
  const [confirming, setConfirming] = useState(false);
  const edited = settingsOf(form);
  const changed = changedSettings(saved, edited);
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));
  const setType = (index: number, change: Partial<SettingsForm['uniqueIdentifierTypes'][number]>) =>
    set(
      'uniqueIdentifierTypes',
      form.uniqueIdentifierTypes.map((setting, at) => (at === index ? { ...setting, ...change } : setting)),
    );

  return (
    <>
      <form
        className="form"
        data-testid="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <fieldset className="settings-group">
          <legend>{SETTING_LABELS.uniqueIdentifierTypes}</legend>
          <p className="muted small">
            Customers holding different values of a type marked “never merge” are never merged (a couple sharing a
            phone, each with their own card).
          </p>
          {form.uniqueIdentifierTypes.map((setting, index) => (
            <div className="admin-inline-form" key={index} data-testid="identifier-type-row">
              <div className="field">
                <label htmlFor={`${ids.unique}-${index}`}>Type</label>
                <input
                  id={`${ids.unique}-${index}`}
                  value={setting.type}
                  required
                  onChange={(event) => setType(index, { type: event.target.value })}
                />
              </div>
              <label className="settings-check">
                <input
                  type="checkbox"
                  checked={setting.doNotMergeDifferent}
                  onChange={(event) => setType(index, { doNotMergeDifferent: event.target.checked })}
                />
                Never merge customers with different {setting.type || 'values'}
              </label>
              <button
                className="button button-secondary button-small"
                type="button"
                aria-label={`Remove ${setting.type || 'this type'}`}
                onClick={() =>
                  set(
                    'uniqueIdentifierTypes',
                    form.uniqueIdentifierTypes.filter((_, at) => at !== index),
                  )
                }
              >
                Remove
              </button>
            </div>
          ))}
          <button
            className="button button-secondary button-small settings-add"
            type="button"
            onClick={() =>
              set('uniqueIdentifierTypes', [...form.uniqueIdentifierTypes, { type: '', doNotMergeDifferent: true }])
            }
          >
            Add identifier type
          </button>
        </fieldset>

        <fieldset className="settings-group">
          <legend>{SETTING_LABELS.accessGrantingContactTypes}</legend>
          <p className="muted small">Customers with different contacts of these types are never merged.</p>
          <div className="settings-checks">
            {CONTACT_TYPES.map((type) => (
              <label className="settings-check" key={type}>
                <input
                  type="checkbox"
                  checked={form.accessGrantingContactTypes.includes(type)}
                  onChange={(event) =>
                    set(
                      'accessGrantingContactTypes',
                      CONTACT_TYPES.filter((option) =>
                        option === type ? event.target.checked : form.accessGrantingContactTypes.includes(option),
                      ),
                    )
                  }
                />
                {type}
              </label>
            ))}
          </div>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Matching</legend>
          <div className="field">
            <label htmlFor={ids.primary}>{SETTING_LABELS.primaryIdentifier}</label>
            <select
              id={ids.primary}
              value={form.primaryIdentifier}
              onChange={(event) => set('primaryIdentifier', event.target.value as SettingsForm['primaryIdentifier'])}
            >
              {IDENTIFIER_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </div>
          <label className="settings-check">
            <input
              type="checkbox"
              checked={form.skipSecondary}
              onChange={(event) => set('skipSecondary', event.target.checked)}
            />
            {SETTING_LABELS.skipSecondary} (integrations match by the primary identifier only)
          </label>
          <div className="field">
            <label htmlFor={ids.victim}>{SETTING_LABELS.identifyMergeVictim}</label>
            <select
              id={ids.victim}
              value={form.identifyMergeVictim}
              onChange={(event) =>
                set('identifyMergeVictim', event.target.value as SettingsForm['identifyMergeVictim'])
              }
            >
              {IDENTIFY_MERGE_VICTIMS.map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.survivor}>{SETTING_LABELS.survivorPreference}</label>
            <select
              id={ids.survivor}
              value={form.survivorPreference}
              onChange={(event) => set('survivorPreference', event.target.value as SettingsForm['survivorPreference'])}
            >
              {SURVIVOR_PREFERENCES.map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.enforce}>{SETTING_LABELS.enforceUniqueBy}</label>
            <select
              id={ids.enforce}
              value={form.enforceUniqueBy}
              onChange={(event) => set('enforceUniqueBy', event.target.value as SettingsForm['enforceUniqueBy'])}
            >
              {ENFORCE_UNIQUE_BY.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.threshold}>{SETTING_LABELS.sharedContactThreshold}</label>
            <input
              id={ids.threshold}
              type="number"
              min={1}
              max={1000}
              step={1}
              required
              value={form.sharedContactThreshold}
              onChange={(event) => set('sharedContactThreshold', event.target.value)}
            />
            <span className="muted small">
              A value on more customers than this is shared (a switchboard): it never matches.
            </span>
          </div>
          <div className="field">
            <label htmlFor={ids.suggestionThreshold}>{SETTING_LABELS.suggestionThreshold}</label>
            <input
              id={ids.suggestionThreshold}
              type="number"
              min={0}
              max={1}
              step={0.05}
              required
              value={form.suggestionThreshold}
              onChange={(event) => set('suggestionThreshold', event.target.value)}
            />
            <span className="muted small">
              The least score (0 to 1) a pair of customers needs to be suggested; below it no suggestion is made.
            </span>
          </div>
          <div className="field">
            <label htmlFor={ids.blocklist}>{SETTING_LABELS.blocklist} (one phone or email a line, never matched)</label>
            <textarea
              id={ids.blocklist}
              rows={4}
              value={form.blocklist}
              onChange={(event) => set('blocklist', event.target.value)}
            />
          </div>
          <label className="settings-check">
            <input
              type="checkbox"
              checked={form.trustUnauthenticatedEmail}
              onChange={(event) => set('trustUnauthenticatedEmail', event.target.checked)}
            />
            {SETTING_LABELS.trustUnauthenticatedEmail} (an email without a valid signature of its sender&rsquo;s domain
            joins the customer holding its address; off, it lands on an unverified customer with a suggestion)
          </label>
        </fieldset>

        <div className="actions">
          <button className="button button-primary" type="submit" disabled={changed.length === 0}>
            Save settings
          </button>
          <button
            className="button button-secondary"
            type="button"
            disabled={changed.length === 0}
            onClick={() => setForm(formOf(saved))}
          >
            Discard changes
          </button>
        </div>
      </form>
      {confirming ? (
        <ActionDialog
          title="Apply to every customer?"
          confirmLabel="Apply to every customer"
          testId="settings-confirm"
          onClose={() => setConfirming(false)}
          onUnauthorized={onUnauthorized}
          onConfirm={async () => {
            await saveIdentitySettings(token, edited);
            onSaved();
          }}
        >
          <p className="settings-warning" data-testid="settings-warning">
            These settings apply to every customer at once: every customer is checked again, suggestions are created,
            blocked or re-opened, and merges from now on follow them.
          </p>
          <p>You are changing:</p>
          <ul data-testid="settings-changed">
            {changed.map((key) => (
              <li key={key}>{SETTING_LABELS[key]}</li>
            ))}
          </ul>
        </ActionDialog>
      ) : null}
    </>
  );
}
