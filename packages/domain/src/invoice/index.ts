export * from './fields';
export * from './invoice';
export * from './payment';
