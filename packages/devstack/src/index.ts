export * from './ports';
export * from './postgres';
export * from './processes';
export * from './temporal-dev-server';
export * from './tools';
