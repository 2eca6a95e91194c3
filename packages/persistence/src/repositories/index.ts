export * from './attachments';
export * from './emails';
export * from './invoices';
export * from './payments';
export * from './timeline';
export * from './webhook-events';
export * from './rate-limits';
