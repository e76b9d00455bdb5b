export default async function globalTeardown() {
  await globalThis.__TEST_SERVICES__?.stop();
}
