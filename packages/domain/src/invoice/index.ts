export * from './fields';
export * from './invoice';
