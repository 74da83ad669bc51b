// Who may register or unregister which instance id, by the account nats-server stamped on the
// request (src/shared/caller.ts), never by what the request claims. Only on the embedded server,
// whose accounts (src/main/nats/accounts.ts) give each identity its own: with F8_NATS_URL there
// are no accounts and the runId alone guards unregister, as before.
import { ACCOUNT, instanceAccount, instanceOfAccount } from '../../../shared/naming.js';
import type { Caller } from '../../../shared/caller.js';
import type { InstanceRecord } from '../../../shared/types.js';

export interface RegistryCaller {
  /** Why this caller may not name this id, or null. */
  problem: string | null;
  /** Who launched the process that registers: its own account is the master's doing, SVC's is by hand. */
  launchedBy?: InstanceRecord['launchedBy'];
}

export function registryCaller(accountsOn: boolean, caller: Caller, verb: 'register' | 'unregister', instanceId: string | undefined, record: InstanceRecord | undefined): RegistryCaller {
  if (!accountsOn || caller.account === null) return { problem: null }; // the master's own account (the CLI, tests) or no accounts
  if (caller.account === ACCOUNT.services) {
    if (record?.launchedBy === 'master') return { problem: `${verb}: '${instanceId}' was launched by the master; only its own process may ${verb} it` };
    return { problem: null, launchedBy: 'external' };
  }
  if (instanceId !== undefined && caller.account === instanceAccount(instanceId)) return { problem: null, launchedBy: 'master' };
  if (instanceOfAccount(caller.account) !== null) return { problem: `${verb}: an instance may ${verb} only its own id, not '${instanceId ?? '(a new id)'}'` };
  return { problem: `${verb}: the ${caller.account} account may not ${verb} instances` };
}
