// What a receiver acts on (contract v1.2, "What a request is"). A requester chooses the reply
// subject of its request, and a JetStream consumer's creator chooses where its deliveries go, so
// a message on a verb's subject is not always a request someone made of that verb: it can be a
// consumer's delivery (reply `$JS.ACK...`), a direct get's answer (`Nats-Stream` headers, no
// reply) or another responder's reply (no reply subject). Those are dropped, never acted on.
// Pure: the transports pass what they know of the message.

export interface MessageMeta {
  subject: string;
  /** The reply subject; empty or absent when the message has none. */
  reply?: string | undefined;
  /** Whether the message carries a header of that name (JetStream marks what it sends). */
  hasHeader?: (name: string) => boolean;
}

/** Headers JetStream puts on what it sends (deliveries and direct gets). */
const JETSTREAM_HEADERS = ['Nats-Stream', 'Nats-Sequence'];

const fromJetStream = (m: MessageMeta): boolean => JETSTREAM_HEADERS.some((h) => m.hasHeader?.(h) === true);

/**
 * Why a message on a verb endpoint is not a request to act on (null: it is one). `endpoint` is
 * the endpoint's own subject when it subscribes to one exact subject.
 */
export function requestProblem(m: MessageMeta, endpoint?: string): string | null {
  if (endpoint !== undefined && m.subject !== endpoint) return `its subject ${m.subject} is not the endpoint's ${endpoint}`;
  if (!m.reply) return 'it has no reply subject (a reply or a direct get sent here)';
  if (m.reply.startsWith('$JS.')) return `its reply subject ${m.reply} is JetStream's (a consumer's delivery)`;
  if (fromJetStream(m)) return 'it carries JetStream headers';
  return null;
}

/** Why a message on a data (bus) subject is not data to deliver (null: it is). */
export function dataProblem(m: MessageMeta): string | null {
  if (m.reply) return `it has a reply subject (${m.reply.startsWith('$JS.') ? "a consumer's delivery" : 'a request'})`;
  if (fromJetStream(m)) return 'it carries JetStream headers (a direct get sent here)';
  return null;
}
