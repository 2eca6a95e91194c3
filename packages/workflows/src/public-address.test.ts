import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './public-address';

describe('webhookUrlProblem', () => {
  it('accepts an https URL on port 443 at a public host', () => {
    expect(webhookUrlProblem('https://billing.example.com/hooks/relance', [])).toBeUndefined();
    expect(webhookUrlProblem('https://93.184.216.34/hooks', [])).toBeUndefined();
  });

  it('refuses what the invoice PDF rule refuses: http, another port, credentials', () => {
    expect(webhookUrlProblem('http://billing.example.com/hooks', [])).toMatch(/https/);
    expect(webhookUrlProblem('https://billing.example.com:8443/hooks', [])).toMatch(/port 443/);
    expect(webhookUrlProblem('https://u:p@billing.example.com/hooks', [])).toMatch(/user name or password/);
    expect(webhookUrlProblem('not a url', [])).toMatch(/absolute URL/);
  });

  it('refuses private, loopback and link-local addresses and localhost', () => {
    for (const url of [
      'https://10.0.0.7/hooks',
      'https://192.168.1.20/hooks',
      'https://127.0.0.1/hooks',
      'https://169.254.169.254/latest',
      'https://[::1]/hooks',
      'https://[fd00::1]/hooks',
      'https://localhost/hooks',
      'https://api.localhost/hooks',
    ])
      expect(webhookUrlProblem(url, []), url).toMatch(/private or loopback/);
  });

  it('lets an allow-listed development host through, over http and on any port', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4010/hooks', ['127.0.0.1'])).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:4010/hooks', ['127.0.0.1:4011'])).toMatch(/https/);
    expect(webhookUrlProblem('https://10.0.0.7/hooks', ['127.0.0.1'])).toMatch(/private or loopback/);
  });
});
