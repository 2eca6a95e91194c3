/** The action pages' only style: readable, high contrast, a visible focus ring, no external file. */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2937;font:16px/1.5 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;border:1px solid #e5e7eb}
h1{font-size:1.5rem;margin:0 0 .75rem;color:#1e3a5f}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{color:#4b5563}
dd{margin:0;font-weight:600}
.field{display:flex;flex-direction:column;gap:.25rem;margin:1rem 0}
label,legend{font-weight:600}
fieldset{border:0;padding:0}
.choice{font-weight:400;display:flex;gap:.5rem;align-items:center}
input,textarea{font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:4px}
button{font:inherit;font-weight:600;margin-top:1rem;padding:.75rem 1.25rem;border:0;border-radius:6px;background:#1e3a5f;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.muted{color:#4b5563;font-weight:400;font-size:.9rem}
.error,.warn{color:#9a3412;font-weight:600}
.errors{border:2px solid #9a3412;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
footer{max-width:36rem;margin:0 auto 2rem;padding:0 1.5rem;color:#4b5563;font-size:.85rem}
`;
