export * from './activities';
export * from './contract';
export * from './ids';
export * from './search-attributes';

/** Absolute path of the workflow bundle entry, for `Worker.create({ workflowsPath })`. */
export const workflowsPath = require.resolve('./workflows');
