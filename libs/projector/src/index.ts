export * from './projector';
export * from './locks';
