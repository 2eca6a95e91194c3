import { z } from 'zod';
import { isHolidayCalendar } from '../calendar/calendar';
import { ValidationError } from '../errors';
import { alwaysAfter, type Offset, offsetBounds, parseOffset } from './duration';
import { DEFAULT_DEADLINE_DAYS, NO_STAGE, type Policy, type PolicyStep, STEP_ACTIONS, TONES } from './types';

const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
// Up to 4 decimals: the most any ISO 4217 currency has; the currency is only known per invoice.
const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;
// Ten years of offsets is far beyond any dunning cadence; larger values are typos.
const MAX_OFFSET_SECONDS = 3660 * 86_400;
const MAX_STEPS = 50;

/** A non-negative (`nonZero`: positive) ISO-8601 duration of at most `maxSeconds` ("P3D", "PT1M"). */
function positiveDuration(maxSeconds: number, nonZero = false) {
  return z.string().superRefine((value, ctx) => {
    const offset = parseOffset(value);
    if (!offset || offsetBounds(offset).min < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 duration like "P3D" or "PT1M"' });
    } else if (nonZero && offsetBounds(offset).max === 0) {
      ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
    } else if (offsetBounds(offset).max > maxSeconds) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${maxSeconds / 86_400} day(s)` });
    }
  });
}

const StepSchema = z
  .object({
    id: z
      .string()
      .regex(STEP_ID, 'must be 1–64 letters, digits, "_", "-" or "." starting with a letter or digit')
      .refine((id) => id !== NO_STAGE, `"${NO_STAGE}" is reserved for a case before its first step`),
    after: z.string().superRefine((after, ctx) => {
      const offset = parseOffset(after);
      if (!offset) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an ISO-8601 duration like "P8D", "PT12H" or "-P3D"',
        });
      } else if (Math.max(-offsetBounds(offset).min, offsetBounds(offset).max) > MAX_OFFSET_SECONDS) {
        ctx.addIssue({ code: 'custom', message: 'must be within ten years of the due date' });
      }
    }),
    action: z.enum(STEP_ACTIONS),
    tone: z.enum(TONES).optional(),
    callTask: z.boolean().optional(),
    deadlineDays: z.number().int().min(1).max(90).optional(),
    minAmount: z.string().regex(DECIMAL, 'must be a decimal amount like "500.00"').optional(),
    minAmountScope: z.enum(['client', 'invoice']).optional(),
    requireApproval: z.boolean().optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    // A field that the action ignores is rejected rather than silently dropped.
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (step.action === 'reminder' && step.tone === undefined)
      issue('tone', `a reminder needs a tone: ${TONES.join(', ')}`);
    if (step.action !== 'reminder' && step.tone !== undefined) issue('tone', 'only a reminder has a tone');
    if (step.action !== 'formal_notice' && step.deadlineDays !== undefined) {
      issue('deadlineDays', 'only a formal_notice has a deadline');
    }
    if (step.action !== 'legal_handoff' && step.minAmountScope !== undefined) {
      issue('minAmountScope', 'only a legal_handoff has a minimum amount');
    }
    if (step.action !== 'legal_handoff' && step.minAmount !== undefined) {
      issue('minAmount', 'only a legal_handoff has a minimum amount');
    }
    if (step.action !== 'legal_handoff' && step.requireApproval !== undefined) {
      issue('requireApproval', 'only a legal_handoff waits for approval');
    }
  });

const SendWindowSchema = z
  .object({
    start: z.string().regex(HHMM, 'must be a time like "09:00"'),
    end: z.string().regex(HHMM, 'must be a time like "17:00"'),
  })
  .strict()
  .superRefine((w, ctx) => {
    // "HH:MM" strings compare like times. A window across midnight is not supported: nobody wants
    // a reminder at night.
    if (HHMM.test(w.start) && HHMM.test(w.end) && w.end <= w.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `must be later than start (${w.start})` });
    }
  });

function checkSteps(steps: PolicyStep[], ctx: z.RefinementCtx): void {
  const issue = (i: number, field: keyof PolicyStep, message: string) =>
    ctx.addIssue({ code: 'custom', path: ['steps', i, field], message });
  const firstIndex = new Map<string, number>();
  const seen = { formal_notice: -1, legal_handoff: -1 };
  let reminderSeen = false;
  let previous: { index: number; offset: Offset } | undefined;

  steps.forEach((step, i) => {
    const first = firstIndex.get(step.id);
    if (first === undefined) firstIndex.set(step.id, i);
    else issue(i, 'id', `duplicate id "${step.id}" (already used by steps[${first}])`);

    const offset = parseOffset(step.after);
    if (offset) {
      if (previous && !alwaysAfter(previous.offset, offset)) {
        issue(
          i,
          'after',
          `must come strictly after steps[${previous.index}] ("${steps[previous.index]?.after}") whatever the due date`,
        );
      }
      previous = { index: i, offset };
    }

    if (step.action === 'reminder') {
      reminderSeen = true;
      return;
    }
    const action = step.action;
    if (seen[action] >= 0) issue(i, 'action', `at most one ${action} (already steps[${seen[action]}])`);
    else seen[action] = i;
    if (!reminderSeen) issue(i, 'action', `a ${action} must follow at least one reminder`);
    if (offset && offsetBounds(offset).min <= 0)
      issue(i, 'after', `a ${action} comes after the due date: "after" must be positive`);
    if (action === 'legal_handoff' && i !== steps.length - 1) {
      issue(i, 'action', 'legal_handoff must be the last step: nothing is sent once a case is handed off');
    }
  });
}

/**
 * A policy as accepted on input (docs/architecture.md "The policy and its schedule"). Unknown fields are rejected; a formal_notice without
 * `deadlineDays` gets 8. Cross-step rules run once every step has the right shape.
 */
export const PolicySchema: z.ZodType<Policy, unknown> = z
  .object({
    steps: z
      .array(StepSchema)
      .min(1, 'a policy needs at least one step')
      .max(MAX_STEPS, `at most ${MAX_STEPS} steps`),
    businessDays: z.boolean().optional(),
    holidays: z
      .string()
      .refine(isHolidayCalendar, 'must be a holiday calendar code like "FR", "GB" or "GB-ENG"')
      .optional(),
    sendWindow: SendWindowSchema.optional(),
    maxContactsPerWeek: z.number().int().min(1).optional(),
    groupWithin: positiveDuration(31 * 86_400).optional(),
    gatherFor: positiveDuration(86_400).optional(),
    resumeAfterReply: positiveDuration(366 * 86_400, true)
      .optional()
      .describe(
        'ISO-8601 duration ("P5D"): a case paused by a client reply resumes by itself this long after it, ' +
          'keeping the policy spacing (timeline `resumed` with data.automatic). Absent: it waits for the creditor.',
      ),
  })
  .strict()
  .superRefine((policy, ctx) => {
    checkSteps(policy.steps, ctx);
    if (policy.holidays !== undefined && policy.businessDays !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['holidays'],
        message: 'holidays are only skipped with "businessDays": true',
      });
    }
  })
  // Last, because a zod transform stops the refinements around it from reporting their issues.
  .transform((policy) => ({
    ...policy,
    steps: policy.steps.map((step) =>
      step.action === 'formal_notice' && step.deadlineDays === undefined
        ? { ...step, deadlineDays: DEFAULT_DEADLINE_DAYS }
        : step,
    ),
  }));

type Path = (string | number)[];
type Issue = { path: Path; message: string };

/** zod issues as the API reports them: one per offending field. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.flatMap((i) => flatten(i, []));
}

// A union branch's issues have paths relative to the union, hence `base`.
function flatten(i: z.core.$ZodIssue, base: Path): Issue[] {
  const path = [...base, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  if (i.code === 'unrecognized_keys')
    return i.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
  if (i.code !== 'invalid_union' || i.errors.length === 0) return [{ path, message: i.message }];
  // zod reports a failed union as a bare "Invalid input". The branches whose type the value has
  // (an object for an inline policy, a string for a policy name) say what is actually wrong.
  const typeMismatch = (issues: z.core.$ZodIssue[]) =>
    issues.find((x) => x.code === 'invalid_type' && x.path.length === 0);
  const matching = i.errors.filter((issues) => !typeMismatch(issues));
  if (matching.length > 0) {
    const closest = matching.reduce((a, b) => (b.length < a.length ? b : a));
    return closest.flatMap((x) => flatten(x, path));
  }
  const expected = [
    ...new Set(i.errors.map((issues) => (typeMismatch(issues) as z.core.$ZodIssueInvalidType).expected)),
  ];
  return [{ path, message: `must be one of: ${expected.join(', ')}` }];
}

/** Parses and checks a policy; throws a ValidationError listing every problem found. */
export function validatePolicy(input: unknown): Policy {
  const result = PolicySchema.safeParse(input);
  if (!result.success) throw new ValidationError(toIssues(result.error));
  return result.data;
}
