// `f8 call`: send one request with the contract's envelope and print the reply, for trying and
// debugging a master or an instance from the shell.
import { parseArgs } from 'node:util';
import { connectNats, natsErrorToF8 } from '../main/master/bus/nats.js';
import { natsPaths, readRecord } from '../main/nats/server.js';
import { requestEnvelope } from '../shared/client.js';
import { F8Error } from '../shared/errors.js';
import { shortHash } from '../shared/hash.js';
import { INSTANCE_VERBS, MASTER_VERBS, subjects, type InstanceVerb, type MasterVerb } from '../shared/naming.js';
import { defaultDataDir } from './paths.js';

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
      if (!(INSTANCE_VERBS as readonly string[]).includes(verbName)) throw new F8Error('invalid', `unknown instance verb '${verbName}'`);
      subject = subjects.instanceVerb(values.instance, verbName as InstanceVerb);
    } else {
      if (!(MASTER_VERBS as readonly string[]).includes(verbName)) throw new F8Error('invalid', `unknown master verb '${verbName}'`);
      subject = subjects.masterVerb(verbName as MasterVerb);
    }
  } catch (err) {
    console.error(`${(err as Error).message}\n${CALL_USAGE}`);
    return 2;
  }
  const local = readRecord(natsPaths(values['data-dir'] ?? defaultDataDir()).serverJson);
  const url = values['nats-url'] ?? (env.F8_NATS_URL || undefined) ?? (local ? `nats://127.0.0.1:${local.ports.nats}` : undefined);
  if (!url) {
    console.error('no running master found: start "f8 master", or pass --nats-url / F8_NATS_URL');
    return 2;
  }
  const clientId = values['client-id'] ?? `cli-${shortHash(globalThis.crypto.randomUUID(), 10)}`;
  const nc = await connectNats(url, clientId);
  try {
    const reply = await requestEnvelope(
      async (s, d, t) => {
        try {
          return (await nc.request(s, d, { timeout: t })).data;
        } catch (err) {
          throw natsErrorToF8(err, s);
        }
      },
      subject,
      payload,
      { clientId, timeoutMs: values.timeout ? Number(values.timeout) : 60_000 },
    );
    console.log(JSON.stringify(reply, null, 2));
    return reply.status === 'ok' ? 0 : 1;
  } catch (err) {
    console.error(`${subject}: ${(err as Error).message}`);
    return 1;
  } finally {
    await nc.close();
  }
}
