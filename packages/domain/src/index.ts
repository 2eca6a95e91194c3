export * from './errors';
export * from './money';
export * from './penalties';
export * from './policy';
export * from './calendar';
export * from './schedule';
export * from './case';
