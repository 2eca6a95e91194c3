export * from './defaults';
export {
  alwaysAfter,
  isNegativeOffset,
  type Offset,
  offsetBounds,
  offsetDiff,
  parseOffset,
  stepOffset,
} from './duration';
export { PolicySchema, toIssues, validatePolicy } from './schema';
export * from './types';
