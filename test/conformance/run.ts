import { join } from 'node:path';
import { checkCase, loadCases } from './compare';

// `npm run test:conformance`: every case under test/fixtures/conformance*/, or under $CONFORMANCE_DIR.
const root = join(__dirname, '..', 'fixtures');
const dirs = process.env.CONFORMANCE_DIR ? [process.env.CONFORMANCE_DIR] : ['conformance', 'conformance-extra'].map((d) => join(root, d));
let total = 0;
let matched = 0;
for (const dir of dirs) {
  let cases;
  try {
    cases = loadCases(dir);
  } catch (e) {
    if (process.env.CONFORMANCE_DIR) throw e;
    continue;
  }
  for (const c of cases) {
    total++;
    let diff: string | null;
    try {
      diff = checkCase(c);
    } catch (e) {
      diff = `threw ${(e as Error).stack}`;
    }
    if (diff === null) matched++;
    else console.log(`MISMATCH ${c.name}: ${diff}`);
  }
}
console.log(`conformance: ${matched}/${total} cases match`);
process.exit(total > 0 && matched === total ? 0 : 1);
