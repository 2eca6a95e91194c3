export * from './fake-resend';
export * from './ports';
export * from './postgres';
export * from './processes';
export * from './stack';
export * from './temporal-dev-server';
export * from './tools';
