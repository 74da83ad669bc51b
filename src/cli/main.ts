// The `f8` command's dispatch: usage, --help for every command, one-line errors for bad options.
import { runMaster, MASTER_USAGE } from './master.js';
import { runDeploy, runValidate, GRAPH_USAGE } from './graph.js';
import { runRun } from './run.js';
import { takeEarlySignal } from './signals.js';
import { runCall, CALL_USAGE } from './call.js';
import { runHistory, runPlan, runRevert, runStop, HISTORY_USAGE } from './history.js';
import { runStats, STATS_USAGE } from './stats.js';

const USAGE = `usage: f8 <command> [options]

commands:
  master     run the headless master (embedded NATS unless --nats-url / F8_NATS_URL)
  validate   check a graph file against the catalog
  deploy     deploy a graph file to a running master
  run        embedded NATS + master + deploy a graph file, until Ctrl-C
  plan       what deploying a graph file would do now (a dry run)
  history    the deploys the master keeps, newest first
  revert     deploy an earlier revision's graph as a new revision
  stop       stop the deployed graph's instances (the graph is kept)
  stats      a table of every instance's figures (CPU, memory, tick, msg/s, drops); --watch
  call       send one verb to the master or an instance and print the reply

${MASTER_USAGE}

${GRAPH_USAGE}

${HISTORY_USAGE}

${STATS_USAGE}

${CALL_USAGE}`;

export const COMMAND_USAGE: Record<string, string> = {
  master: MASTER_USAGE,
  validate: GRAPH_USAGE,
  deploy: GRAPH_USAGE,
  run: GRAPH_USAGE,
  plan: HISTORY_USAGE,
  history: HISTORY_USAGE,
  revert: HISTORY_USAGE,
  stop: HISTORY_USAGE,
  stats: STATS_USAGE,
  call: CALL_USAGE,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const usage = command === undefined ? undefined : COMMAND_USAGE[command];
  if (usage && rest.some((a) => a === '--help' || a === '-h')) {
    console.log(usage);
    return 0;
  }
  // the long-running commands take the early signal over themselves; the others just end
  if (command !== 'master' && command !== 'run' && takeEarlySignal()) return 130;
  try {
    return await dispatch(command, rest);
  } catch (err) {
    // a bad option or argument: one line and the usage, never a stack trace
    if (usage && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`f8 ${command}: ${(err as Error).message.split('. ')[0]}\n\n${usage}`);
      return 2;
    }
    throw err;
  }
}

const COMMANDS: Record<string, (rest: string[]) => Promise<number>> = {
  master: runMaster,
  validate: runValidate,
  deploy: runDeploy,
  run: runRun,
  call: runCall,
  plan: runPlan,
  history: runHistory,
  revert: runRevert,
  stop: runStop,
  stats: runStats,
};

async function dispatch(command: string | undefined, rest: string[]): Promise<number> {
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) return COMMANDS[command]!(rest);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 1 : 0;
  }
  console.error(`f8: unknown command '${command}'\n\n${USAGE}`);
  return 1;
}
