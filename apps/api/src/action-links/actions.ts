import { ClientSchema, type ActionKind, type ActionScope } from '@relance/domain';
import type { TenantEntity } from '@relance/persistence';
import type { ActionField } from '@relance/templates';
import { z } from 'zod';
import type { CaseCommandsService } from '../cases/case-commands.service';
import type { ClientContactService } from '../cases/client-contact.service';
import { PromiseBodySchema, ReasonBodySchema } from '../cases/schemas';
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

/**
 * Every action a link can carry, one entry each. Record a call's outcome, approve or decline a
 * hand-off and record a posted letter join here (and in ACTION_KINDS) once their service methods exist.
 */
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
