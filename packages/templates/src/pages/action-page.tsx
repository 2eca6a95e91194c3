import type { ActionKind, CaseStatus } from '@relance/domain';
import { Fragment, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { formatter } from '../format';
import {
  actionMessages,
  type ActionChoiceName,
  type ActionFieldName,
  type ActionMessages,
} from '../messages/actions';
import type { Locale } from '../types';
import { PAGE_CSS } from './page-style';

/** What an action page shows: the case or account it acts on, in plain values. */
export type ActionSummary =
  | {
      kind: 'invoice';
      number: string;
      client: string;
      balance: string;
      currency: string;
      status: CaseStatus;
      nextAction?: { action: string; at: string };
    }
  | { kind: 'client'; client: string; openCases: number; balances: { amount: string; currency: string }[] };

/**
 * A field of the confirm form: `type` is the HTML input type, or a textarea, or a `choice` of
 * `options` shown as radio buttons in a fieldset (their labels: the copy's `choices`).
 */
export type ActionField =
  | { name: ActionFieldName; type: 'date' | 'email' | 'text' | 'textarea'; required: boolean }
  | { name: ActionChoiceName; type: 'choice'; options: readonly string[]; required: boolean };

export type ActionPageState =
  | {
      kind: 'confirm';
      action: ActionKind;
      fields: ActionField[];
      values?: Partial<Record<ActionFieldName, string>>;
      errors?: { field: string; message: string }[];
    }
  | { kind: 'done'; action: ActionKind }
  | { kind: 'refused'; action: ActionKind; detail: string }
  | { kind: 'used'; usedAt: string }
  | { kind: 'expired'; expiredOn: string }
  | { kind: 'forged' }
  | { kind: 'not_found' }
  | { kind: 'unavailable' };

export interface ActionPageProps {
  locale: Locale;
  timeZone?: string;
  /** The page's own path: the confirm form posts back to it. */
  path: string;
  state: ActionPageState;
  summary?: ActionSummary;
}

/**
 * The page an action link opens (SPEC 3.2b): server-rendered HTML that works without JavaScript,
 * one heading, the case summary and one confirm form; a plain page for links that act no more.
 */
export function renderActionPage(props: ActionPageProps): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<ActionPage {...props} />)}`;
}

function ActionPage({ locale, timeZone, path, state, summary }: ActionPageProps) {
  const a = actionMessages(locale);
  const { title, body } = headline(a, state, summary);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${title} · Relance`}</title>
        <style>{PAGE_CSS}</style>
      </head>
      <body>
        <main>
          <h1>{title}</h1>
          {body.map((p, i) => (
            <p key={i} className={state.kind === 'refused' ? 'warn' : undefined}>
              {p}
            </p>
          ))}
          {summary ? <Summary a={a} locale={locale} timeZone={timeZone} summary={summary} /> : null}
          {state.kind === 'confirm' ? <ConfirmForm a={a} path={path} state={state} /> : null}
        </main>
        <footer>{a.page.footer}</footer>
      </body>
    </html>
  );
}

function scopeOf(a: ActionMessages, summary?: ActionSummary): string {
  if (!summary) return '';
  return summary.kind === 'invoice'
    ? a.page.scope.invoice(summary.number)
    : a.page.scope.client(summary.client);
}

function headline(a: ActionMessages, state: ActionPageState, summary?: ActionSummary) {
  const p = a.page;
  const scope = scopeOf(a, summary);
  switch (state.kind) {
    case 'confirm':
      return { title: a.labels[state.action], body: [p.explain[state.action](scope)] };
    case 'done':
      return { title: p.done.title, body: [p.done.body[state.action](scope)] };
    case 'refused':
      return { title: p.refused.title, body: [p.refused.body(state.detail)] };
    case 'used':
      return { title: p.used.title, body: [p.used.body(state.usedAt)] };
    case 'expired':
      return { title: p.expired.title, body: [p.expired.body(state.expiredOn)] };
    case 'forged':
      return { title: p.forged.title, body: [p.forged.body] };
    case 'not_found':
      return { title: p.notFound.title, body: [p.notFound.body] };
    case 'unavailable':
      return { title: p.unavailable.title, body: [p.unavailable.body] };
  }
}

function Summary(props: { a: ActionMessages; locale: Locale; timeZone?: string; summary: ActionSummary }) {
  const { a, locale, timeZone, summary } = props;
  const p = a.page;
  const rows: [string, ReactNode][] =
    summary.kind === 'invoice'
      ? [
          [p.invoice, summary.number],
          [p.client, summary.client],
          [p.balance, formatter(locale, summary.currency, timeZone).money(summary.balance)],
          [p.status, p.statuses[summary.status]],
          [
            p.nextAction,
            summary.nextAction
              ? `${summary.nextAction.action} · ${formatter(locale, summary.currency, timeZone).instant(summary.nextAction.at)}`
              : p.none,
          ],
        ]
      : [
          [p.client, summary.client],
          [p.openCases, String(summary.openCases)],
          [
            p.balance,
            summary.balances
              .map((b) => formatter(locale, b.currency, timeZone).money(b.amount))
              .join(' + ') || p.none,
          ],
        ];
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{p.summaryTitle}</h2>
      <dl>
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

function ConfirmForm(props: {
  a: ActionMessages;
  path: string;
  state: Extract<ActionPageState, { kind: 'confirm' }>;
}) {
  const { a, path, state } = props;
  const p = a.page;
  const errorOf = (name: string) => state.errors?.find((e) => e.field === name)?.message;
  return (
    <form method="post" action={path}>
      {state.errors?.length ? (
        <div role="alert" className="errors">
          <p>{p.fixErrors}</p>
          <ul>
            {state.errors.map((e) => (
              <li key={e.field}>
                <a href={`#field-${e.field}`}>{p.fields[e.field as ActionFieldName]?.label ?? e.field}</a>
                {`: ${e.message}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.fields.map((field) => (
        <Field
          key={field.name}
          a={a}
          field={field}
          value={state.values?.[field.name]}
          error={errorOf(field.name)}
        />
      ))}
      <button type="submit">{p.confirm[state.action]}</button>
    </form>
  );
}

/** One field with its label, hint and error, tied to it by `aria-describedby`. */
function Field(props: { a: ActionMessages; field: ActionField; value?: string; error?: string }) {
  const { a, field, value, error } = props;
  const p = a.page;
  const copy = p.fields[field.name];
  const id = `field-${field.name}`;
  const described = [copy.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const label = (
    <>
      {copy.label}
      {field.required ? null : <span className="muted">{` ${p.optional}`}</span>}
    </>
  );
  const notes = (
    <>
      {copy.hint ? (
        <span id={`${id}-hint`} className="muted">
          {copy.hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="error">
          {error}
        </span>
      ) : null}
    </>
  );
  if (field.type === 'choice')
    return (
      <fieldset
        className="field"
        id={id}
        role="radiogroup"
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      >
        <legend>{label}</legend>
        {notes}
        {field.options.map((option) => (
          <label className="choice" key={option}>
            <input
              type="radio"
              name={field.name}
              value={option}
              required={field.required}
              defaultChecked={value === option}
            />
            {` ${p.choices[field.name][option] ?? option}`}
          </label>
        ))}
      </fieldset>
    );
  const common = {
    id,
    name: field.name,
    required: field.required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
    defaultValue: value,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {notes}
      {field.type === 'textarea' ? (
        <textarea rows={3} maxLength={1000} {...common} />
      ) : (
        <input type={field.type} {...common} />
      )}
    </div>
  );
}
