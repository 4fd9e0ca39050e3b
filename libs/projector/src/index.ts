export * from './projector';
export * from './locks';
export * from './checkpoint-watch';
