// `npm run self-test`: runs .github/workflows/self-test.yml on this machine, step by step, as the
// runner would (see test/support/local-workflow.ts), so the workflow CI runs is the one tried here.
import path from 'node:path';
import { runWorkflowLocally } from '../test/support/local-workflow.ts';
import { ROOT } from '../test/support/run-action.ts';

const workflow = path.join(ROOT, '.github', 'workflows', 'self-test.yml');
const reports = await runWorkflowLocally(workflow);
const failed = reports.filter((report) => !report.passed);
console.log(`\nself-test: ${reports.length - failed.length} passed, ${failed.length} failed`);
for (const report of failed) console.log(`  failed: ${report.name}`);
process.exitCode = failed.length === 0 && reports.length > 0 ? 0 : 1;
