export { runAppProcess, startAppProcess, type RunningApp } from './app-process.js';
export { testEnvironment, type TestEnvironment } from './test-env.js';
