export * from './errors';
export * from './money';
export * from './penalties';
