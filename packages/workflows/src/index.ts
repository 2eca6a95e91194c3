export * from './activities';
export * from './connection';
export * from './contract';
export * from './ids';
export * from './pdf-url';
export * from './search-attributes';
export { workflowBundlerOptions, workflowsPath } from './workflows-path';
export type { ClosedCasePaymentInput } from './workflows/closed-case-payment';
export * from './reply-text';
