export {
  CONTACT_MEMORY_MS,
  deadlineDate,
  overdueAt,
  type PlanInput,
  type PlannedStep,
  planSchedule,
  rememberContact,
  nextContactAllowedAt,
} from './plan';
export { nextSendSlot } from './slot';
export * from './deadlines';
export * from './reply-follow-up';
