import { describe, expect, it } from 'vitest';
import { toIssues } from '../policy/schema';
import {
  defaultTenantSettings,
  groupingOf,
  senderAllowed,
  senderPermitted,
  statementOfAccountOf,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
} from './tenant';

const paths = (input: unknown) => {
  const r = TenantSettingsPatchSchema.safeParse(input);
  return r.success ? [] : toIssues(r.error).map((i) => i.path.join('.'));
};

describe('TenantSettingsSchema', () => {
  it('accepts the defaults of a new tenant', () => {
    expect(TenantSettingsSchema.safeParse(defaultTenantSettings('acme')).success).toBe(true);
  });

  it('gives a patch only the fields it names: no default policies that would replace the stored ones', () => {
    expect(TenantSettingsPatchSchema.parse({ locale: 'en' })).toEqual({ locale: 'en' });
  });

  it('refuses control characters in every single-line field, naming each', () => {
    expect(
      paths({
        company: {
          name: 'Studio\r\nDupont',
          address: '12 rue\ndes Lilas',
          registrationNumber: '1\t2',
          vatNumber: 'FR\u0085',
        },
        sender: { fromName: 'Studio Dupont\r\nBcc: x@evil.example', fromEmail: 'factures@dupont.example' },
        legalContact: { name: 'Maître\u2029Durand', email: 'cabinet@durand.example' },
      }).sort(),
    ).toEqual(
      [
        'company.address',
        'company.name',
        'company.registrationNumber',
        'company.vatNumber',
        'legalContact.name',
        'sender.fromName',
      ].sort(),
    );
  });

  it('takes replies.pauseOnUnverified as a boolean, false when left out, and refuses anything else at its path', () => {
    expect(TenantSettingsPatchSchema.parse({ replies: {} })).toEqual({
      replies: { pauseOnUnverified: false },
    });
    expect(TenantSettingsPatchSchema.parse({ replies: { pauseOnUnverified: true } })).toEqual({
      replies: { pauseOnUnverified: true },
    });
    expect(paths({ replies: { pauseOnUnverified: 'yes' } })).toEqual(['replies.pauseOnUnverified']);
    expect(paths({ replies: { pauseOnUnverfied: true } })).toEqual(['replies.pauseOnUnverfied']);
  });

  it('accepts only an http(s) payment URL template', () => {
    expect(paths({ paymentUrlTemplate: 'javascript:alert("{number}")' })).toEqual(['paymentUrlTemplate']);
    expect(paths({ paymentUrlTemplate: 'https://pay.example/i/{externalId}' })).toEqual([]);
  });

  it('reports a policy problem at the step for the default and named policies', () => {
    const policy = {
      steps: [
        { id: 'a', after: 'P8D', action: 'reminder', tone: 'friendly' },
        { id: 'b', after: 'P1D', action: 'reminder', tone: 'firm' },
      ],
    };
    expect(paths({ defaultPolicy: policy, policies: { gentle: policy } })).toEqual([
      'defaultPolicy.steps.1.after',
      'policies.gentle.steps.1.after',
    ]);
  });
});

describe('senderAllowed', () => {
  it('allows an address whose domain is allowed, whatever the case', () => {
    expect(senderAllowed('Factures@Dupont.example', ['dupont.example'])).toBe(true);
  });

  it('refuses other domains, subdomains and look-alikes, and everything when none is allowed', () => {
    expect(senderAllowed('factures@mail.dupont.example', ['dupont.example'])).toBe(false);
    expect(senderAllowed('factures@evil-dupont.example', ['dupont.example'])).toBe(false);
    expect(senderAllowed('factures@dupont.example.evil', ['dupont.example'])).toBe(false);
    expect(senderAllowed('factures@dupont.example', [])).toBe(false);
  });
});

describe('senderPermitted', () => {
  it('permits an allowed domain, and the placeholder address the tenant starts with, allow-list or not', () => {
    expect(senderPermitted('acme', 'billing@acme.example', ['acme.example'])).toBe(true);
    expect(senderPermitted('acme', 'Factures@ACME.example', [])).toBe(true);
    expect(senderPermitted('acme', 'factures@acme.example', ['other.example'])).toBe(true);
  });

  it('refuses any other address of the placeholder domain, and a domain no longer allowed', () => {
    expect(senderPermitted('acme', 'billing@acme.example', [])).toBe(false);
    expect(senderPermitted('acme', 'factures@bank.example', [])).toBe(false);
    expect(senderPermitted('acme', 'factures@dupont.example', ['acme.example'])).toBe(false);
  });
});

describe('the grouping setting (issue 20)', () => {
  it('is client by default, for a new tenant and for stored settings that lack it', () => {
    expect(defaultTenantSettings('acme').grouping).toBe('client');
    const { grouping: _grouping, ...older } = defaultTenantSettings('acme');
    expect(TenantSettingsSchema.parse(older).grouping).toBe('client');
    expect(groupingOf(older)).toBe('client');
    expect(groupingOf({ grouping: 'invoice' })).toBe('invoice');
  });

  it('takes client or invoice in a patch, without adding it to a patch that does not name it', () => {
    expect(TenantSettingsPatchSchema.parse({ grouping: 'invoice' })).toEqual({ grouping: 'invoice' });
    expect(TenantSettingsPatchSchema.parse({ locale: 'en' })).not.toHaveProperty('grouping');
    expect(paths({ grouping: 'account' })).toEqual(['grouping']);
    expect(paths({ grouping: null })).toEqual(['grouping']);
  });
});

describe('the statementOfAccount setting (issue 20)', () => {
  it('is off by default, for a new tenant and for stored settings that lack it', () => {
    expect(defaultTenantSettings('acme').statementOfAccount).toBe(false);
    const { statementOfAccount: _statement, ...older } = defaultTenantSettings('acme');
    expect(TenantSettingsSchema.parse(older).statementOfAccount).toBe(false);
    expect(statementOfAccountOf(older)).toBe(false);
    expect(statementOfAccountOf({ statementOfAccount: true })).toBe(true);
  });

  it('takes a boolean in a patch, without adding it to a patch that does not name it', () => {
    expect(TenantSettingsPatchSchema.parse({ statementOfAccount: true })).toEqual({
      statementOfAccount: true,
    });
    expect(TenantSettingsPatchSchema.parse({ locale: 'en' })).not.toHaveProperty('statementOfAccount');
    expect(paths({ statementOfAccount: 'yes' })).toEqual(['statementOfAccount']);
  });
});
