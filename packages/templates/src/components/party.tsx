import type { EmailContext } from '../context';
import type { Party } from '../types';
import { FactsTable, type Row } from './blocks';

/** Identity and contact details of a party, one row per known field. */
export function PartyBlock({ ctx, title, party }: { ctx: EmailContext; title: string; party: Party }) {
  const { party: l } = ctx.m;
  const rows: Row[] = [[l.name, party.company ? `${party.company} (${party.name})` : party.name, true]];
  const add = (label: string, value: string | undefined) => {
    if (value) rows.push([label, value]);
  };
  add(l.address, party.address);
  add(l.registration, party.registrationNumber);
  add(l.email, party.email);
  add(l.phone, party.phone);
  return <FactsTable title={title} rows={rows} />;
}
