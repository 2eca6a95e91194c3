export * from './data-source';
export * from './entities';
export * from './keys';
export * from './rate-tables';
export * from './log-redaction';
export * from './repositories';
export * from './action-links';
export * from './secret-box';
