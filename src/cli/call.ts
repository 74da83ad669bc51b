// `f8 call`: send one request with the contract's envelope and print the reply, for trying and
// debugging a master or an instance from the shell.
import { masterUrl } from './graph.js';
import { parseArgs } from 'node:util';
import { closeConnection, instanceClient, masterClient } from '../bus/index.js';
import { connectNode } from '../bus/node.js';
import { F8Error } from '../shared/errors.js';
import { INSTANCE_VERBS, MASTER_VERBS, isInstanceVerb, isMasterVerb, type InstanceVerbMap, type MasterVerbMap, type RequestOf } from '../shared/verbs.js';
import { subjects } from '../shared/naming.js';
import type { ReplyEnvelope } from '../shared/types.js';
import { cliClientId } from './client.js';

export const CALL_USAGE = `usage: f8 call VERB [PAYLOAD-JSON] [--instance ID] [--client-id ID] [--timeout MS] [--nats-url URL | --data-dir DIR]
  VERB is a master verb (${MASTER_VERBS.join(', ')}),
  or with --instance an instance verb (${INSTANCE_VERBS.join(', ')}).
  Prints the reply envelope; exits 1 on an error reply.
  examples: f8 call catalog
            f8 call ping '{"clientId":"me"}' --client-id me
            f8 call status --instance signal`;

export async function runCall(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { instance: { type: 'string' }, 'client-id': { type: 'string' }, timeout: { type: 'string' }, 'nats-url': { type: 'string' }, 'data-dir': { type: 'string' } },
    allowPositionals: true,
  });
  const [verbName, json] = positionals;
  if (!verbName) {
    console.error(CALL_USAGE);
    return 2;
  }
  let payload: unknown = {};
  if (json !== undefined) {
    try {
      payload = JSON.parse(json);
    } catch (err) {
      console.error(`payload is not JSON: ${(err as Error).message}`);
      return 2;
    }
  }
  let subject: string;
  try {
    if (values.instance) {
      if (!isInstanceVerb(verbName)) throw new F8Error('invalid', `unknown instance verb '${verbName}'`);
      subject = subjects.instanceVerb(values.instance, verbName);
    } else {
      if (!isMasterVerb(verbName)) throw new F8Error('invalid', `unknown master verb '${verbName}'`);
      subject = subjects.masterVerb(verbName);
    }
  } catch (err) {
    console.error(`${(err as Error).message}\n${CALL_USAGE}`);
    return 2;
  }
  const url = masterUrl(values, env);
  if (!url) {
    console.error('no running master found: start "f8 master", or pass --nats-url / F8_NATS_URL');
    return 2;
  }
  const clientId = values['client-id'] ?? cliClientId();
  const nc = await connectNode(url, { name: clientId });
  // The payload is sent as given: the server's validation is what this command is for trying.
  const opts = { timeoutMs: values.timeout ? Number(values.timeout) : 60_000 };
  try {
    const reply: ReplyEnvelope = values.instance
      ? await instanceClient(nc, values.instance, clientId).request(verbName as keyof InstanceVerbMap, payload as RequestOf<InstanceVerbMap, keyof InstanceVerbMap>, opts)
      : await masterClient(nc, clientId).request(verbName as keyof MasterVerbMap, payload as RequestOf<MasterVerbMap, keyof MasterVerbMap>, opts);
    console.log(JSON.stringify(reply, null, 2));
    return reply.status === 'ok' ? 0 : 1;
  } catch (err) {
    console.error(`${subject}: ${(err as Error).message}`);
    return 1;
  } finally {
    await closeConnection(nc);
  }
}
