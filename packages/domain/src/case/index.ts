export * from './case';
export * from './record';
export * from './reply-alert';
export * from './auto-reply';
export * from './actions';
