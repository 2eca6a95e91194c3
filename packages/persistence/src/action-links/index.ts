export * from './token';
export * from './used-links';
