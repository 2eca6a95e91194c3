// P5: render times.
import { performance } from 'node:perf_hooks';
import { goal, save, type Goal } from '../harness/results';
import { pct, round, stats, type Stats } from '../harness/stats';

/** Render time of every email template (HTML + text) and of the two PDFs. */
export async function render(): Promise<void> {
  // React picks its development or production build when first required; the image runs with
  // NODE_ENV=production (apps/worker/Dockerfile), and development React takes about twice as long.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const t = await import('@relance/templates');
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  const result: Record<string, Stats & { cpuP50: number }> = {};
  const goals: Goal[] = [];
  const measure = async (fn: () => Promise<unknown>, n: number) => {
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = process.cpuUsage();
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    // CPU time per render (this thread's process): robust to other load on the shared cores.
    return { ...stats(ms), cpuP50: round(pct(cpu, 50), 3) };
  };
  for (const name of t.TEMPLATE_NAMES) {
    const message = t.sampleMessage(name, 'fr');
    for (let i = 0; i < 5; i++) await t.renderEmail(message); // warm-up
    const r = (result[name] = await measure(() => t.renderEmail(message), 50));
    goal(goals, `P5 email ${name} render p50`, r.p50, 10, 'ms');
  }
  const pdfs: [string, () => Promise<unknown>][] = [
    ['formal_notice_pdf', () => t.renderFormalNoticePdf(t.sampleFormalNotice('fr'))],
    ['dossier_pdf', () => t.renderDossierPdf(t.sampleDossier('fr'))],
  ];
  for (const [name, fn] of pdfs) {
    for (let i = 0; i < 3; i++) await fn();
    const r = (result[name] = await measure(fn, 20));
    goal(goals, `P5 ${name} render p50`, r.p50, 15, 'ms');
  }
  save('email-render', { unit: 'ms', nodeEnv: 'production', templates: result }, goals);
}
