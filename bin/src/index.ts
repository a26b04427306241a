export { main, buildProgram } from './cli.js';
export { ExitCode } from './exitCodes.js';
