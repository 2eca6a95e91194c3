export * from './activities';
export * from './contract';
export * from './ids';
export * from './search-attributes';
export { workflowsPath } from './workflows-path';
