import { join } from 'node:path';
import { evaluateNlu } from './evaluateNlu.js';

/**
 * `npm run eval:nlu`: trains on locales/<lng>/intents.json, then sends every sentence of
 * test/fixtures/nlu-eval/<lng>.json to the engine at the main menu; prints per language the
 * needs reached in one turn, the confusions, and the ordinary sentences that wrongly opened the
 * emergency screen, asked to forget, or offered another language (each must be 0).
 */
function main(): number {
  const root = join(import.meta.dirname, '..', '..');
  const started = performance.now();
  const reports = evaluateNlu(root);
  console.log(
    `content, areas and ${reports.length} classifiers ready in ${Math.round(performance.now() - started)} ms (evaluation included)\n`,
  );
  let failed = false;
  for (const r of reports) {
    const pct = ((100 * r.correct) / r.cases).toFixed(1);
    const falses = r.falseEmergency.length + r.falseForget.length + r.falseSwitch.length;
    failed ||= falses > 0;
    console.log(
      `${r.language}: ${r.correct}/${r.cases} in one turn (${pct} %), ${r.offered} more offered as "did you mean"; ` +
        `ordinary ${r.ordinary}: emergency ${r.falseEmergency.length}, forget ${r.falseForget.length}, ` +
        `language ${r.falseSwitch.length}; ${r.msPerTurn.toFixed(3)} ms a turn`,
    );
    for (const c of r.confusions) console.log(`    ${c.expected} → ${c.got}: ${c.text}`);
    for (const [kind, list] of [
      ['emergency', r.falseEmergency],
      ['forget', r.falseForget],
      ['language', r.falseSwitch],
    ] as const)
      for (const text of list) console.log(`    ordinary → ${kind}: ${text}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
