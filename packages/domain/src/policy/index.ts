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
export { PolicySchema, validatePolicy } from './schema';
export * from './types';
