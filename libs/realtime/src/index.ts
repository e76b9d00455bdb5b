export * from './events.js';
export { RealtimeEmitter } from './realtime-emitter.js';
