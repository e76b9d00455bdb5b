import { describe, expect, it } from '@jest/globals';
import { SchemaFactory } from '@nestjs/mongoose';
import { model } from 'mongoose';
import { DEFAULT_IDENTITY_SETTINGS } from '@app/domain';
import { IdentitySettingsDocument } from './tenant.schema.js';

describe('IdentitySettingsDocument', () => {
  const Settings = model('IdentitySettingsDefaults', SchemaFactory.createForClass(IdentitySettingsDocument));

  it('fills in DEFAULT_IDENTITY_SETTINGS for a tenant that saved none', () => {
    expect(new Settings({}).toObject()).toEqual(DEFAULT_IDENTITY_SETTINGS);
  });

  it('gives each tenant its own default lists', () => {
    const first = new Settings({});
    first.blocklist.push('+12025550100');
    expect(new Settings({}).blocklist).toEqual([]);
    expect(DEFAULT_IDENTITY_SETTINGS.blocklist).toEqual([]);
  });
});
