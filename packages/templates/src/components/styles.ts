export const colors = {
  page: '#f3f4f6',
  border: '#e5e7eb',
  accent: '#1e3a5f',
  ink: '#1f2937',
  muted: '#6b7280',
  panel: '#f8fafc',
  warn: '#9a3412',
};

export const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

// Amounts and dates must not break across lines ("1 200,00 €").
export const nowrap = { whiteSpace: 'nowrap' as const };
