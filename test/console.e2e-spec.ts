import type { Browser } from 'playwright-core';
import {
  dropTestDatabase,
  launchChromium,
  runAppProcess,
  startAppProcess,
  testEnvironment,
  type RunningApp,
} from '@app/testing';

const env = testEnvironment();
let api: RunningApp;
let browser: Browser;
let admin: { email: string; password: string; name: string };

beforeAll(async () => {
  api = await startAppProcess('api', env);
  const seeded = await runAppProcess('cli', ['demo:seed'], env);
  expect(seeded.code).toBe(0);
  const demo = JSON.parse(seeded.stdout) as {
    users: { email: string; password: string; role: string; name: string }[];
  };
  admin = demo.users.find((user) => user.role === 'admin')!;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await dropTestDatabase(env);
});

describe('agent console', () => {
  it('signs the demo admin in and shows a live connection', async () => {
    const page = await browser.newPage();
    await page.goto(api.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain(`${admin.name} · admin`);
    await page.locator('[data-testid="connection-status"][data-state="live"]').waitFor();
    expect(await page.getByTestId('connection-status').textContent()).toContain('Live');
    await page.close();
  });

  it('shows the reason when the password is wrong', async () => {
    const page = await browser.newPage();
    await page.goto(api.url);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Incorrect email or password');
    expect(await page.getByTestId('current-user').count()).toBe(0);
    await page.close();
  });
});
