import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BlobNotFoundError, isStorageKey } from './blob-storage.js';
import { LocalDiskStorage } from './local-disk-storage.js';

let directory: string;
let storage: LocalDiskStorage;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'local-disk-storage-'));
  storage = new LocalDiskStorage(directory);
});

afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('LocalDiskStorage', () => {
  it('gives back the bytes put under a key, in folders it creates', async () => {
    expect(await storage.put('mail/2026-12-05/a.eml', Buffer.from('hello'))).toEqual({ size: 5 });
    expect((await storage.get('mail/2026-12-05/a.eml')).toString()).toBe('hello');
  });

  it('stores a stream chunk by chunk and counts its bytes', async () => {
    const chunks = [Buffer.from('one '), Buffer.from('two '), Buffer.from('three')];
    expect(await storage.put('streamed', Readable.from(chunks))).toEqual({ size: 13 });
    expect((await storage.get('streamed')).toString()).toBe('one two three');
  });

  it('replaces what a key held, leaving no temporary file', async () => {
    await storage.put('k', Buffer.from('first'));
    await storage.put('k', Buffer.from('second'));
    expect((await storage.get('k')).toString()).toBe('second');
    expect(await readdir(directory)).toEqual(['k']);
  });

  it('keeps the old content and no temporary file when a stream fails midway', async () => {
    await storage.put('k', Buffer.from('kept'));
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('the client went away'));
      },
    });
    await expect(storage.put('k', failing)).rejects.toThrow('the client went away');
    expect((await storage.get('k')).toString()).toBe('kept');
    expect(await readdir(directory)).toEqual(['k']);
  });

  it('answers BlobNotFoundError for a key holding nothing', async () => {
    await expect(storage.get('missing/key')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('deletes, and deleting nothing is no error', async () => {
    await storage.put('gone', Buffer.from('x'));
    await storage.delete('gone');
    await expect(storage.get('gone')).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(storage.delete('gone')).resolves.toBeUndefined();
  });

  it('fails a put where the folder cannot be made', async () => {
    writeFileSync(join(directory, 'mail'), 'a file, not a folder');
    await expect(storage.put('mail/a.eml', Buffer.from('x'))).rejects.toThrow(/ENOTDIR|EEXIST/);
  });

  it('refuses keys that would leave its directory', async () => {
    for (const key of ['../outside', 'a/../../b', '/etc/passwd', 'a//b', '']) {
      await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(/not a storage key/);
      await expect(storage.get(key)).rejects.toThrow(/not a storage key/);
    }
  });
});

describe('isStorageKey', () => {
  it.each([
    ['mail/2026-12-05/0b6c.eml', true],
    ['attachments/t1/c1/ab12/0', true],
    ['..', false],
    ['a/./b', false],
    ['a b', false],
    ['a\\b', false],
    ['x'.repeat(513), false],
  ])('%s → %s', (key, expected) => {
    expect(isStorageKey(key)).toBe(expected);
  });
});
