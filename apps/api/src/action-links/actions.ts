import { ClientSchema, type ActionKind, type ActionScope } from '@relance/domain';
import type { TenantEntity } from '@relance/persistence';
import type { ActionField } from '@relance/templates';
import { CALL_OUTCOMES } from '@relance/workflows';
import { z } from 'zod';
import { LetterBodySchema } from '../cases/amendment-schemas';
import type { CaseCommandsService } from '../cases/case-commands.service';
import type { ClientContactService } from '../cases/client-contact.service';
import { CallOutcomeBodySchema, HandoffBodySchema } from '../cases/creditor-word.schemas';
import { PromiseBodySchema, Reason, ReasonBodySchema } from '../cases/schemas';
import type { ClientControlsService } from '../clients/client-controls.service';

/** The services an action applies through: the very ones behind the API routes. */
export interface ActionServices {
  commands: CaseCommandsService;
  contacts: ClientContactService;
  clients: ClientControlsService;
}

/**
 * One action of the links (SPEC 3.2b): where it applies, the fields its page asks for, the schema
 * its form is checked with (the API route's own body schema), and the service call that applies it.
 */
export interface ActionEntry<Input> {
  scopes: readonly ActionScope['kind'][];
  fields: ActionField[];
  form: z.ZodType<Input>;
  /** Spent once applied (`used_action_links`); every action so far is. */
  oneShot: boolean;
  apply(s: ActionServices, tenant: TenantEntity, scope: ActionScope, input: Input): Promise<unknown>;
}

const entry = <Input>(e: ActionEntry<Input>) => e;
const NoFields = z.object({});
// As `PATCH …/client` checks an email (the client schema of registration), without the other contact fields.
const EmailForm = ClientSchema.pick({ email: true }).strict();
// A declined hand-off as `POST …/handoff` takes it; the page asks for the reason and the choice.
const DeclineForm = z
  .object({ reason: Reason, keepChasing: z.enum(['true', 'false']) })
  .strict()
  .transform(({ reason, keepChasing }): z.input<typeof HandoffBodySchema> => ({
    approve: false,
    reason,
    keepChasing: keepChasing === 'true',
  }))
  .pipe(HandoffBodySchema);

/** Every action a link can carry, one entry each (and its name in ACTION_KINDS). */
export const ACTIONS: Record<ActionKind, ActionEntry<unknown>> = {
  resume: entry({
    scopes: ['invoice', 'client'],
    fields: [],
    form: NoFields,
    oneShot: true,
    apply: (s, tenant, scope) =>
      scope.kind === 'client' ? s.clients.resume(tenant, scope.id) : s.commands.resume(tenant, scope.id),
  }),
  promise: entry({
    scopes: ['invoice'],
    fields: [
      { name: 'date', type: 'date', required: true },
      { name: 'note', type: 'textarea', required: false },
    ],
    form: PromiseBodySchema,
    oneShot: true,
    apply: (s, tenant, scope, input) => s.commands.promise(tenant, scope.id, input),
  }),
  dispute: entry({
    scopes: ['invoice'],
    fields: [{ name: 'reason', type: 'textarea', required: true }],
    form: ReasonBodySchema,
    oneShot: true,
    apply: (s, tenant, scope, { reason }) => s.commands.dispute(tenant, scope.id, reason),
  }),
  cancel: entry({
    scopes: ['invoice'],
    fields: [{ name: 'reason', type: 'textarea', required: true }],
    form: ReasonBodySchema,
    oneShot: true,
    apply: (s, tenant, scope, { reason }) => s.commands.cancel(tenant, scope.id, reason),
  }),
  client_email: entry({
    scopes: ['invoice', 'client'],
    fields: [{ name: 'email', type: 'email', required: true }],
    form: EmailForm,
    oneShot: true,
    apply: (s, tenant, scope, { email }) =>
      scope.kind === 'client'
        ? s.clients.changeContact(tenant, scope.id, { email })
        : s.contacts.change(tenant, scope.id, { email }),
  }),
  approve_handoff: entry({
    scopes: ['invoice'],
    fields: [],
    form: NoFields,
    oneShot: true,
    apply: (s, tenant, scope) => s.commands.decideHandoff(tenant, scope.id, { approve: true }),
  }),
  decline_handoff: entry({
    scopes: ['invoice'],
    fields: [
      { name: 'reason', type: 'textarea', required: true },
      { name: 'keepChasing', type: 'choice', options: ['true', 'false'], required: true },
    ],
    form: DeclineForm,
    oneShot: true,
    apply: (s, tenant, scope, input) => s.commands.decideHandoff(tenant, scope.id, input),
  }),
  call_outcome: entry({
    scopes: ['invoice'],
    fields: [
      { name: 'outcome', type: 'choice', options: CALL_OUTCOMES, required: true },
      { name: 'promiseDate', type: 'date', required: false },
      { name: 'note', type: 'textarea', required: false },
    ],
    form: CallOutcomeBodySchema,
    oneShot: true,
    apply: (s, tenant, scope, input) => s.commands.recordCallOutcome(tenant, scope.id, input),
  }),
  letter: entry({
    scopes: ['invoice'],
    fields: [
      { name: 'postedOn', type: 'date', required: true },
      { name: 'trackingNumber', type: 'text', required: false },
      { name: 'receivedOn', type: 'date', required: false },
    ],
    form: LetterBodySchema,
    oneShot: true,
    apply: (s, tenant, scope, input) => s.commands.recordLetter(tenant, scope.id, input),
  }),
};

/** A submitted form as the schema sees it: empty fields are absent, unknown fields dropped. */
export function formInput(entry: ActionEntry<unknown>, body: unknown): Record<string, string> {
  const known = new Set(entry.fields.map((f) => f.name));
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(raw).filter(
      (e): e is [string, string] =>
        known.has(e[0] as never) && typeof e[1] === 'string' && e[1].trim() !== '',
    ),
  );
}
