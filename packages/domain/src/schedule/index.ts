export { deadlineDate, overdueAt, type PlanInput, type PlannedStep, planSchedule } from './plan';
export { nextSendSlot } from './slot';
export * from './deadlines';
