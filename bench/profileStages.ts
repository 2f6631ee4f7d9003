/** The profile engine's stages, bundled together for the bench's breakdown (see profilesBench). */
export { parseIni } from '../src/core/config/iniParser';
export { buildProfileModel } from '../src/core/config/profileMap';
export { ChainPlanner } from '../src/core/chains/chainPlanner';
export { analyze, diagnose, resolveAll } from '../src/core/index';
