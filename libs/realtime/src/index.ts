export * from './events.js';
export { RealtimeEmitter } from './realtime-emitter.js';
export { RealtimeEmitterModule } from './realtime-emitter.module.js';
